/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * table.h - the layout of a task table and its forest, shared by the
 * files that fill it (read.c, bpf-source.c), index it (table.c), link it
 * (tree.c) and look into it (columns.c, cmdcache.c).  Callers
 * of the library see struct fks_table only as an opaque handle.
 */
#ifndef FKS_TABLE_H
#define FKS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "forkscope.h"
#include "model/arena.h"

struct fks_table {
	struct fks_root *root;
	struct fks_task *tasks;	/* processes by pid, each then its threads */
	size_t ntasks, cap;
	size_t *proc_of;	/* index of each task's process */
	size_t *nthreads;	/* per process index: threads after it */
	/* pid -> index hash, open addressing, NO_INDEX = empty */
	size_t *hash;
	size_t hash_mask;
	size_t vanished;
	bool strict_failed;	/* FKS_READ_STRICT met a malformed file */
	char **messages;
	size_t nmessages;
	struct arena strings;

	/* the forest (tree.c): indexes into tasks */
	size_t *parent;		/* NO_INDEX for a root */
	size_t *child_start;	/* children of i: kids[child_start[i] ..] */
	size_t *nchildren;
	size_t *kids;
	size_t *roots;
	size_t nroots;
	size_t *scratch;	/* tree.c's, while it breaks cycles */
	/* the index's and the forest's arrays, in one block */
	void *index_mem;
};

/* No task: what an index lookup finds for a tid the table does not hold,
 * and a root's parent. */
#define NO_INDEX ((size_t)-1)

/* table.c */
/* A new slot at the end of the task array (not yet counted), or NULL. */
struct fks_task *table_slot(struct fks_table *tbl);
/* Room for cap tasks in all.  Returns 0 or -ENOMEM. */
int table_reserve(struct fks_table *tbl, size_t cap);
/* Builds the pid index and the process-of links once tasks are read. */
int table_build_index(struct fks_table *tbl);
/* Index of tid in the table, or NO_INDEX. */
size_t table_index(const struct fks_table *tbl, pid_t tid);
/* Adds a printf-style message; returns 0 or -ENOMEM. */
int table_message(struct fks_table *tbl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
