/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * proc-source.h - what the /proc task source (proc-source.c) does for
 * read.c beyond its ops table (source.h): complete a partial source's
 * table and read the processes it missed; and the rule it applies to a
 * task's exit code, which snap.c follows too when it records whose exit
 * code a snapshot cannot show.  Private to the library.
 */
#ifndef FKS_PROC_SOURCE_H
#define FKS_PROC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "forkscope.h"

/*
 * Whether the exit code of t, just parsed from ROOT/dir/stat, was hidden
 * from the reader although the stat text cannot show it: a live task
 * without a memory map (a zombie, an exiting task; not a kernel thread,
 * whose exit code is always 0) that the reader may not ptrace, or a task
 * a snapshot lists in FKS_EXIT_HIDDEN (root.h).
 */
bool stat_exit_code_hidden(struct fks_root *root, const char *dir,
			   const struct fks_task *t);
/*
 * Reads, for the tasks of tbl (a partial source's), the files fields
 * asks beyond stat and the owner (status, cmdline, cgroup, pid
 * namespace, wchan, memory).  A task that vanished meanwhile is dropped
 * with its threads, as a /proc read would not have listed it.  Returns 0
 * or -ENOMEM.
 */
int proc_complete(struct fks_table *tbl, unsigned fields, unsigned flags);
/*
 * Appends the processes pids[0..n) (sorted), with their threads under
 * FKS_READ_THREADS, read from /proc as the proc source reads them; one
 * that is gone is skipped and counted.  Returns 0 or a negative errno.
 */
int proc_read_pids(struct fks_table *tbl, unsigned fields, unsigned flags,
		   const pid_t *pids, size_t n);
/* The directory of task t under the root: PID, or PID/task/TID. */
void proc_task_dir(char *dir, size_t size, const struct fks_task *t);

#endif
