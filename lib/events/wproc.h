/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wproc.h - what the live sources (wlive.c, wbpf.c) and the opener of a
 * live watch (watch.c) read of /proc (wproc.c).  Private to the library.
 */
#ifndef FKS_WPROC_H
#define FKS_WPROC_H

#include <stdbool.h>
#include <stdint.h>
#include "forkscope.h"

/* A task's start, in clock ticks since boot, in ns (0: no clock rate). */
uint64_t wproc_ticks_to_ns(const struct fks_watch *w,
			   unsigned long long ticks);
/* The event that says what /proc holds of task t (FKS_EV_TASK). */
void wproc_task_event(struct fks_watch *w, const struct fks_task *t,
		      uint64_t now, struct fks_event *ev);
/* Reads every process now; the table is kept with the batch.  0, or a
 * negative errno with the reason given (watch_fail). */
int wproc_read(struct fks_watch *w, struct fks_table **out);
/* Pushes a resync: the processes of tbl replace all the tracker knows. */
int wproc_push_resync(struct fks_watch *w, const struct fks_table *tbl);
/* Pushes a resync (after a loss): the tasks /proc holds now. */
int wproc_resync(struct fks_watch *w);
/* Pushes where the orphans of an exit went (init or a subreaper), read
 * from /proc; told_early: the exit was told before the kernel handed
 * them on (the BPF source), so wait for that first. */
int wproc_orphans(struct fks_watch *w, const struct fks_event *exit,
		  bool told_early);

#endif
