/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * task.h - a task's numbers summed or multiplied, checked: each comes from
 * a file (a snapshot's may say anything), so a result past 64 bits is no
 * value.  Each returns false then; its user shows it as unknown
 * (columns.c, table.c), and a snapshot's read reports it
 * (read.c).  Private to the library.
 */
#ifndef FKS_TASK_H
#define FKS_TASK_H

#include <stdbool.h>
#include "forkscope.h"

/* Its resident set in bytes: pages times the page size. */
static inline bool
task_rss_bytes(const struct fks_task *t, long page_size, long long *bytes)
{
	return !__builtin_mul_overflow((long long)t->rss_pages,
				       (long long)page_size, bytes);
}

/* Its CPU time in clock ticks: user plus system. */
static inline bool
task_cpu_ticks(const struct fks_task *t, unsigned long long *ticks)
{
	return !__builtin_add_overflow(t->utime, t->stime, ticks);
}

/* Its start in seconds since the epoch: boot plus its start ticks. */
static inline bool
task_start_time(const struct fks_task *t, long long boot, long clk_tck,
		long long *start)
{
	return !__builtin_add_overflow(boot, t->start_ticks /
				       (unsigned long long)clk_tck, start);
}

#endif
