/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tree.c - the process forest: parent links, children lists in pid order,
 * roots, and a depth-first walk that tells a caller enough to draw tree art.
 *
 * Only processes take part; threads hang off their process (table.c).  A
 * parent that is not in the table makes a root.  A corrupt snapshot can hold
 * a ppid cycle; it is found here, broken at its lowest pid and reported, so
 * no walk can loop.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Each process's parent index, or NO_INDEX. */
static void
link_parents(struct fks_table *tbl)
{
	struct fks_task *t;
	size_t i, p;

	for (i = 0; i < tbl->ntasks; i++) {
		t = &tbl->tasks[i];
		tbl->parent[i] = NO_INDEX;
		if (t->is_thread || !(t->known & FKS_K_STAT) || t->ppid <= 0)
			continue;
		p = table_index(tbl, t->ppid);
		if (p != NO_INDEX && p != i && !tbl->tasks[p].is_thread)
			tbl->parent[i] = p;
		else if (p == i && table_message(tbl, "%s/%d/stat: process %d "
				"is its own parent; shown as a root",
				tbl->root->path, (int)t->tid, (int)t->tid) < 0)
			return;
	}
}

/*
 * Finds every cycle of parent links and cuts it at its lowest pid.  Each
 * process is visited once: mark[] holds the start index of the walk that
 * first reached it (plus one), so meeting a mark of the current walk means
 * a cycle, and meeting an older one means a path already known to end.
 */
static int
report_cycle(struct fks_table *tbl, size_t low)
{
	char list[256];
	size_t j, used = 0;
	int n;

	/* Name the cycle from its lowest pid, cut short if it is long. */
	j = low;
	do {
		n = snprintf(list + used, sizeof list - used, "%d -> ",
			     (int)tbl->tasks[j].tid);
		if (n < 0 || (size_t)n >= sizeof list - used - 8)
			break;
		used += (size_t)n;
		j = tbl->parent[j];
	} while (j != low);
	snprintf(list + used, sizeof list - used, "%s%d",
		 j == low ? "" : "... -> ", (int)tbl->tasks[low].tid);
	return table_message(tbl, "%s: ppid cycle %s; broken at %d, shown "
			     "as a root", tbl->root->path, list,
			     (int)tbl->tasks[low].tid);
}

/*
 * Finds every cycle of parent links and cuts it at its lowest pid.  Each
 * process is visited once: mark[] holds the number of the walk that first
 * reached it, so meeting the current walk's mark means a cycle, and an
 * older mark means a path already known to end at a root.
 */
static int
break_cycles(struct fks_table *tbl)
{
	size_t *mark = tbl->scratch, i, j, low;
	int rc = 0;

	for (i = 0; i < tbl->ntasks && rc == 0; i++) {
		for (j = i; j != NO_INDEX && !mark[j]; j = tbl->parent[j])
			mark[j] = i + 1;
		if (j == NO_INDEX || mark[j] != i + 1)
			continue;
		low = j;
		for (j = tbl->parent[j]; j != low; j = tbl->parent[j])
			if (tbl->tasks[j].tid < tbl->tasks[low].tid)
				low = j;
		rc = report_cycle(tbl, low);
		tbl->parent[low] = NO_INDEX;
	}
	return rc;
}

/* Children lists in one array: kids[child_start[p] .. + nchildren[p]]. */
static int
link_children(struct fks_table *tbl)
{
	size_t i, p, sum = 0;

	for (i = 0; i < tbl->ntasks; i++)
		if ((p = tbl->parent[i]) != NO_INDEX)
			tbl->nchildren[p]++;
	for (i = 0; i < tbl->ntasks; i++) {
		tbl->child_start[i] = sum;
		sum += tbl->nchildren[i];
		tbl->nchildren[i] = 0;
	}
	/* Tasks are in pid order, so children and roots come out sorted. */
	for (i = 0; i < tbl->ntasks; i++) {
		p = tbl->parent[i];
		if (p != NO_INDEX)
			tbl->kids[tbl->child_start[p] + tbl->nchildren[p]++] = i;
		else if (!tbl->tasks[i].is_thread)
			tbl->roots[tbl->nroots++] = i;
	}
	return 0;
}

int
forest_build(struct fks_table *tbl)
{
	int rc;

	/* its arrays are table_build_index's block (table.c) */
	link_parents(tbl);
	rc = break_cycles(tbl);
	if (rc == 0)
		rc = link_children(tbl);
	return rc;
}

static size_t
index_of(const struct fks_table *tbl, const struct fks_task *t)
{
	return (size_t)(t - tbl->tasks);
}

size_t
fks_forest_nroots(const struct fks_table *tbl)
{
	return tbl->nroots;
}

const struct fks_task *
fks_forest_root(const struct fks_table *tbl, size_t i)
{
	return i < tbl->nroots ? &tbl->tasks[tbl->roots[i]] : NULL;
}

const struct fks_task *
fks_forest_parent(const struct fks_table *tbl, const struct fks_task *proc)
{
	size_t p = tbl->parent[index_of(tbl, proc)];

	return p == NO_INDEX ? NULL : &tbl->tasks[p];
}

size_t
fks_forest_nchildren(const struct fks_table *tbl, const struct fks_task *proc)
{
	return tbl->nchildren[index_of(tbl, proc)];
}

const struct fks_task *
fks_forest_child(const struct fks_table *tbl, const struct fks_task *proc,
		 size_t i)
{
	size_t p = index_of(tbl, proc);

	if (i >= tbl->nchildren[p])
		return NULL;
	return &tbl->tasks[tbl->kids[tbl->child_start[p] + i]];
}

size_t
fks_forest_nthreads(const struct fks_table *tbl, const struct fks_task *proc)
{
	return proc->is_thread ? 0 : tbl->nthreads[index_of(tbl, proc)];
}

const struct fks_task *
fks_forest_thread(const struct fks_table *tbl, const struct fks_task *proc,
		  size_t i)
{
	/* A process's threads follow it directly in the task array. */
	if (i >= fks_forest_nthreads(tbl, proc))
		return NULL;
	return proc + 1 + i;
}

/* One level of the walk's explicit stack. */
struct frame {
	size_t node;
	size_t next;		/* the next child to visit */
};

int
fks_forest_walk(const struct fks_table *tbl,
		int (*fn)(const struct fks_task *t,
			  const struct fks_walk_pos *pos, void *arg),
		void *arg)
{
	struct fks_walk_pos pos;
	struct frame *stack;
	size_t r, depth, node, p, n;
	bool *open;
	int rc = 0;

	/* Depth never exceeds the process count: cycles are broken. */
	stack = malloc((tbl->ntasks + 1) * sizeof *stack);
	open = calloc(tbl->ntasks + 1, sizeof *open);
	if (!stack || !open) {
		free(stack);
		free(open);
		return -ENOMEM;
	}
	pos.open = open;
	for (r = 0; r < tbl->nroots && rc == 0; r++) {
		depth = 0;
		node = tbl->roots[r];
		pos.depth = 0;
		pos.last = r + 1 == tbl->nroots;
		open[0] = !pos.last;
		rc = fn(&tbl->tasks[node], &pos, arg);
		stack[0] = (struct frame){ node, 0 };
		while (rc == 0) {
			p = stack[depth].node;
			n = tbl->nchildren[p];
			if (stack[depth].next == n) {
				if (depth-- == 0)
					break;
				continue;
			}
			node = tbl->kids[tbl->child_start[p] +
					 stack[depth].next++];
			pos.depth = (int)++depth;
			pos.last = stack[depth - 1].next == n;
			open[depth] = !pos.last;
			rc = fn(&tbl->tasks[node], &pos, arg);
			stack[depth] = (struct frame){ node, 0 };
		}
	}
	free(stack);
	free(open);
	return rc;
}
