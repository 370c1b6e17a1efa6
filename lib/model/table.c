/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * table.c - the task table: its messages, its pid index and the lookups
 * callers make in it (its strings are in an arena, arena.c).
 *
 * Filling it is read.c's job; linking its processes into a forest is
 * tree.c's.  Tasks are kept in one array, processes in pid order, each
 * followed by its threads, so a process's threads are found without a
 * search.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/table.h"
#include "model/task.h"
#include "source/root.h"

/* ---- messages ----------------------------------------------------------- */

int
table_message(struct fks_table *tbl, const char *fmt, ...)
{
	char **grown, *msg;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -ENOMEM;
	grown = realloc(tbl->messages,
			(tbl->nmessages + 1) * sizeof *tbl->messages);
	if (!grown) {
		free(msg);
		return -ENOMEM;
	}
	tbl->messages = grown;
	tbl->messages[tbl->nmessages++] = msg;
	return 0;
}

int
table_reserve(struct fks_table *tbl, size_t cap)
{
	struct fks_task *grown;

	if (cap <= tbl->cap)
		return 0;
	if (cap > SIZE_MAX / sizeof *grown)
		return -ENOMEM;
	grown = realloc(tbl->tasks, cap * sizeof *grown);
	if (!grown)
		return -ENOMEM;
	tbl->tasks = grown;
	tbl->cap = cap;
	return 0;
}

/* Appends a slot; returns it, or NULL (ENOMEM). */
struct fks_task *
table_slot(struct fks_table *tbl)
{
	if (tbl->ntasks == tbl->cap &&
	    table_reserve(tbl, tbl->cap ? tbl->cap * 2 : 1024) < 0)
		return NULL;
	return &tbl->tasks[tbl->ntasks];
}

/*
 * The index's and the forest's arrays (tree.c fills the forest's), a
 * size_t or so per task each, in one zeroed block: allocated, touched and
 * freed together.
 */
static int
index_block(struct fks_table *tbl, size_t hsize)
{
	size_t n = tbl->ntasks + 1, *p;

	p = calloc(hsize + 9 * n, sizeof *p);
	if (!p)
		return -ENOMEM;
	tbl->index_mem = p;
	tbl->hash = p;
	tbl->proc_of = p += hsize;
	tbl->nthreads = p += n;
	tbl->parent = p += n;
	tbl->child_start = p += n;
	tbl->nchildren = p += n;
	tbl->kids = p += n;
	tbl->roots = p += n;
	tbl->scratch = p + n;
	return 0;
}

int
table_build_index(struct fks_table *tbl)
{
	size_t i, h, size = 16, proc = 0;

	while (size < tbl->ntasks * 2)
		size *= 2;
	if (index_block(tbl, size) < 0)
		return -ENOMEM;
	memset(tbl->hash, 0xff, size * sizeof *tbl->hash);
	tbl->hash_mask = size - 1;
	for (i = 0; i < tbl->ntasks; i++) {
		h = ((size_t)tbl->tasks[i].tid * 2654435761u) & tbl->hash_mask;
		while (tbl->hash[h] != NO_INDEX)
			h = (h + 1) & tbl->hash_mask;
		tbl->hash[h] = i;
		if (!tbl->tasks[i].is_thread)
			proc = i;
		else
			tbl->nthreads[proc]++;
		tbl->proc_of[i] = proc;
	}
	return 0;
}

size_t
table_index(const struct fks_table *tbl, pid_t tid)
{
	size_t h;

	if (!tbl->hash)
		return NO_INDEX;
	h = ((size_t)tid * 2654435761u) & tbl->hash_mask;
	for (; tbl->hash[h] != NO_INDEX; h = (h + 1) & tbl->hash_mask)
		if (tbl->tasks[tbl->hash[h]].tid == tid)
			return tbl->hash[h];
	return NO_INDEX;
}

void
fks_table_free(struct fks_table *tbl)
{
	size_t i;

	if (!tbl)
		return;
	for (i = 0; i < tbl->nmessages; i++)
		free(tbl->messages[i]);
	free(tbl->messages);
	free(tbl->tasks);
	free(tbl->index_mem);
	arena_free(&tbl->strings);
	free(tbl);
}

size_t
fks_table_count(const struct fks_table *tbl)
{
	return tbl->ntasks;
}

const struct fks_task *
fks_table_at(const struct fks_table *tbl, size_t i)
{
	return i < tbl->ntasks ? &tbl->tasks[i] : NULL;
}

size_t
fks_table_index(const struct fks_table *tbl, const struct fks_task *t)
{
	return (size_t)(t - tbl->tasks);
}

const struct fks_task *
fks_table_find(const struct fks_table *tbl, pid_t tid)
{
	size_t i = table_index(tbl, tid);

	return i == NO_INDEX ? NULL : &tbl->tasks[i];
}

const struct fks_task *
fks_table_process(const struct fks_table *tbl, const struct fks_task *t)
{
	return &tbl->tasks[tbl->proc_of[t - tbl->tasks]];
}

size_t
fks_table_vanished(const struct fks_table *tbl)
{
	return tbl->vanished;
}

size_t
fks_table_nmessages(const struct fks_table *tbl)
{
	return tbl->nmessages;
}

const char *
fks_table_message(const struct fks_table *tbl, size_t i)
{
	return i < tbl->nmessages ? tbl->messages[i] : NULL;
}

struct fks_root *
fks_table_root(const struct fks_table *tbl)
{
	return tbl->root;
}

bool
fks_task_is_zombie(const struct fks_task *t)
{
	if (!(t->known & FKS_K_STAT) || t->state != FKS_STATE_ZOMBIE)
		return false;
	return t->is_thread || t->nlwp <= 1;
}

long long
fks_task_start_time(const struct fks_table *tbl, const struct fks_task *t)
{
	long long boot = fks_root_boot_time(tbl->root), start;

	if (!boot || !(t->known & FKS_K_STAT) || tbl->root->clk_tck <= 0)
		return -1;
	return task_start_time(t, boot, tbl->root->clk_tck, &start) ? start
								     : -1;
}
