/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmdcache.h - the command lines a live root keeps between table reads
 * (FKS_READ_KEEP_CMDLINE), cmdcache.c.  proc-source.c takes from the cache,
 * read.c rebuilds it; root.c frees it.  Private to the library.
 */
#ifndef FKS_CMDCACHE_H
#define FKS_CMDCACHE_H

#include "forkscope.h"

struct arena;
struct cmd_cache;

/*
 * Gives t (a process with its stat fields) the kept command line, copied
 * into strings, when c has one for the same process, unchanged since.
 * Returns 1 when it did, 0 when it must be read, or -ENOMEM.
 */
int cmdcache_take(const struct cmd_cache *c, struct arena *strings,
		  struct fks_task *t);
/* Replaces root's cache with the command lines of tbl's processes;
 * returns 0 or -ENOMEM (the old one then stays). */
int cmdcache_rebuild(struct fks_root *root, const struct fks_table *tbl);
/* The command line of process t, read again: kept in place of the old. */
void cmdcache_note(struct fks_root *root, const struct fks_task *t);
void cmdcache_free(struct cmd_cache *c);

#endif
