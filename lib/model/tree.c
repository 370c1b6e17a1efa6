/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tree.c - the process forest: parent links, children lists in pid order,
 * roots, and the depth-first walk every view takes through it (which
 * processes show, in what order siblings come, identical leaves folded,
 * tasks the caller adds), telling it enough to draw tree art.
 *
 * Only processes take part; threads hang off their process (table.c).  A
 * parent that is not in the table makes a root.  A corrupt snapshot can hold
 * a ppid cycle; it is found here, broken at its lowest pid and reported, so
 * no walk can loop.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/table.h"
#include "model/tree.h"

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
				fks_root_path(tbl->root), (int)t->tid,
				(int)t->tid) < 0)
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
			     "as a root", fks_root_path(tbl->root), list,
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

/* ---- the walk ----------------------------------------------------------- */

/* One level of the walk's stack: a list of siblings in the walk's node
 * buffer, and the next one to visit. */
struct frame {
	size_t start, n, next;
	size_t parent;		/* the index of the node they belong to */
};

struct walk {
	const struct fks_table *tbl;
	const struct fks_walk *w;
	struct fks_walk_node *buf;	/* the lists of every frame, in order */
	size_t used, cap;
	struct frame *frames;
	bool *open;
	size_t nframes;		/* room in frames and open */
};

/* Room for n more nodes in the buffer; 0 or -ENOMEM. */
static int
buf_room(struct walk *k, size_t n)
{
	struct fks_walk_node *p;
	size_t cap = k->cap ? k->cap : 64;

	if (n > SIZE_MAX / sizeof *p - k->used)
		return -ENOMEM;
	while (cap < k->used + n)
		cap = cap > SIZE_MAX / 2 / sizeof *p ? k->used + n : cap * 2;
	if (cap == k->cap)
		return 0;
	p = realloc(k->buf, cap * sizeof *p);
	if (!p)
		return -ENOMEM;
	k->buf = p;
	k->cap = cap;
	return 0;
}

/* Room for frames 0 .. depth; 0 or -ENOMEM. */
static int
frame_room(struct walk *k, size_t depth)
{
	size_t n = k->nframes ? k->nframes : 64;
	struct frame *f;
	bool *o;

	if (depth < k->nframes)
		return 0;
	while (n <= depth)
		n *= 2;
	f = realloc(k->frames, n * sizeof *f);
	if (f)
		k->frames = f;
	o = f ? realloc(k->open, n * sizeof *o) : NULL;
	if (!o)
		return -ENOMEM;
	k->open = o;
	k->nframes = n;
	return 0;
}

static bool
shown(const struct walk *k, size_t i)
{
	return !k->w->shown || k->w->shown[i];
}

static int
cmp_nodes(const void *a, const void *b, void *arg)
{
	const struct fks_walk *w = arg;

	return w->cmp(a, b, w->arg);
}

/* A node with nothing under it in this walk. */
static bool
is_leaf(const struct walk *k, const struct fks_walk_node *n)
{
	const struct fks_table *tbl = k->tbl;
	size_t i, p;

	if (n->thread)
		return true;
	p = index_of(tbl, n->task);
	if ((k->w->flags & FKS_WALK_THREADS) && tbl->nthreads[p] > 0)
		return false;
	if (k->w->flags & FKS_WALK_FLAT)
		return true;
	for (i = 0; i < tbl->nchildren[p]; i++)
		if (shown(k, tbl->kids[tbl->child_start[p] + i]))
			return false;
	return true;
}

/* Folds identical leaves of list l: the first of each kind keeps its
 * place.  Returns the new length. */
static size_t
fold_leaves(const struct walk *k, struct fks_walk_node *l, size_t n)
{
	const struct fks_walk *w = k->w;
	size_t i, j, out = 0;

	for (i = 0; i < n; i++) {
		if (l[i].count == 0)
			continue;	/* folded into an earlier one */
		if (is_leaf(k, &l[i]))
			for (j = i + 1; j < n; j++)
				if (l[j].count && is_leaf(k, &l[j]) &&
				    w->same(&l[i], &l[j], w->arg)) {
					l[i].count++;
					l[j].count = 0;
				}
		l[out++] = l[i];
	}
	return out;
}

/* Sorts a new list (when it is not in order already) and folds it. */
static size_t
arrange(const struct walk *k, struct fks_walk_node *l, size_t n, bool roots)
{
	const struct fks_walk *w = k->w;
	size_t i;

	if (w->cmp) {
		for (i = 1; i < n && w->cmp(&l[i - 1], &l[i], w->arg) <= 0;
		     i++)
			;
		if (i < n)
			qsort_r(l, n, sizeof *l, cmp_nodes, (void *)w);
	}
	return w->same && !roots ? fold_leaves(k, l, n) : n;
}

/* Writes the caller's extra children of parent to out; returns how many. */
static size_t
add_extra(const struct walk *k, const struct fks_walk_node *parent,
	  struct fks_walk_node *out)
{
	size_t i, n;

	if (!k->w->extra)
		return 0;
	n = k->w->extra(parent, out, k->w->arg);
	for (i = 0; i < n; i++)
		out[i].count = 1;
	return n;
}

/* Appends the roots to the buffer: the shown processes whose parent does
 * not show (flat: every shown process), then the extra roots.  Returns how
 * many, or -ENOMEM. */
static ssize_t
list_roots(struct walk *k)
{
	const struct fks_table *tbl = k->tbl;
	const struct fks_walk *w = k->w;
	size_t i, p, n = 0;

	if (buf_room(k, tbl->ntasks + (w->extra ? w->nextra : 0)) < 0)
		return -ENOMEM;
	for (i = 0; i < tbl->ntasks; i++) {
		if (tbl->tasks[i].is_thread || !shown(k, i))
			continue;
		p = tbl->parent[i];
		if ((w->flags & FKS_WALK_FLAT) || p == NO_INDEX || !shown(k, p))
			k->buf[n++] = (struct fks_walk_node){ &tbl->tasks[i],
				false, 1, FKS_WALK_TABLE };
	}
	n += add_extra(k, NULL, k->buf + n);
	return (ssize_t)arrange(k, k->buf, n, true);
}

/* Appends the children of node to the buffer: its threads (FKS_WALK_THREADS),
 * its shown child processes (not flat), then its extra children.
 * Returns how many, or -ENOMEM. */
static ssize_t
list_children(struct walk *k, const struct fks_walk_node *node)
{
	const struct fks_table *tbl = k->tbl;
	const struct fks_walk *w = k->w;
	size_t p = 0, i, c, nt = 0, nc = 0, n = 0;
	struct fks_walk_node *l;

	if (node->extra == FKS_WALK_TABLE) {
		p = index_of(tbl, node->task);
		if (w->flags & FKS_WALK_THREADS)
			nt = tbl->nthreads[p];
		if (!(w->flags & FKS_WALK_FLAT))
			nc = tbl->nchildren[p];
	}
	if (buf_room(k, nt + nc + (w->extra ? w->nextra : 0)) < 0)
		return -ENOMEM;
	l = k->buf + k->used;
	/* a process's threads follow it directly in the task array */
	for (i = 0; i < nt; i++)
		l[n++] = (struct fks_walk_node){ node->task + 1 + i, true, 1,
						 FKS_WALK_TABLE };
	for (i = 0; i < nc; i++) {
		c = tbl->kids[tbl->child_start[p] + i];
		if (shown(k, c))
			l[n++] = (struct fks_walk_node){ &tbl->tasks[c],
				false, 1, FKS_WALK_TABLE };
	}
	n += add_extra(k, node, l + n);
	return (ssize_t)arrange(k, l, n, false);
}

/*
 * The stack holds, for each depth, the list of siblings being visited
 * there; the lists lie one after another in buf, so a node's children are
 * listed after its siblings and dropped when they are done.
 */
static int
walk(struct walk *k)
{
	const struct fks_walk *w = k->w;
	struct fks_walk_pos pos = { .index = 0 };
	struct fks_walk_node node;
	size_t depth = 0;
	struct frame *f;
	ssize_t n;
	int rc;

	if ((rc = frame_room(k, 0)) < 0 || (n = list_roots(k)) < 0)
		return rc < 0 ? rc : -ENOMEM;
	k->used = (size_t)n;
	k->frames[0] = (struct frame){ 0, (size_t)n, 0, FKS_WALK_NONE };
	for (;;) {
		f = &k->frames[depth];
		if (f->next == f->n) {
			k->used = f->start;
			if (depth-- == 0)
				return 0;
			continue;
		}
		/* a copy: listing the children may move the buffer */
		node = k->buf[f->start + f->next++];
		pos.depth = (int)depth;
		pos.last = f->next == f->n;
		pos.parent = f->parent;
		k->open[depth] = !pos.last;
		pos.open = k->open;
		rc = w->visit ? w->visit(&node, &pos, w->arg) : 0;
		if (rc)
			return rc;
		pos.index++;
		if (node.thread || node.count > 1)
			continue;	/* nothing under it */
		if ((n = list_children(k, &node)) < 0 ||
		    (n > 0 && frame_room(k, depth + 1) < 0))
			return -ENOMEM;
		if (n == 0)
			continue;
		depth++;
		k->frames[depth] = (struct frame){ k->used, (size_t)n, 0,
						   pos.index - 1 };
		k->used += (size_t)n;
	}
}

int
fks_forest_walk(const struct fks_table *tbl, const struct fks_walk *w)
{
	struct walk k = { .tbl = tbl, .w = w };
	int rc;

	if (w->same && w->extra)
		return -EINVAL;
	rc = walk(&k);
	free(k.buf);
	free(k.frames);
	free(k.open);
	return rc;
}
