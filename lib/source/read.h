/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * read.h - the rule read.c applies to a task's exit code, which snap.c
 * follows too when it records whose exit code a snapshot cannot show.
 * Private to the library.
 */
#ifndef FKS_READ_H
#define FKS_READ_H

#include <stdbool.h>
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

#endif
