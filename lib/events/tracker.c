/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tracker.c - the tasks as a stream of events reveals them: who forked
 * whom, under which name, since when, and how each ended.  Pure: events in,
 * tasks out, no I/O (the watch's sources read the kernel, /proc and
 * records: wlive.c, wbpf.c, wptrace.c, wreplay.c), so the same code runs
 * live and on a replay.
 *
 * Tasks live in fixed-size chunks that never move, so the pointers handed
 * out stay valid while the caller looks at a batch of items; a node is
 * reused only after tracker_flush() at the start of the next batch.  A hash
 * on pid finds a task; each process links its child processes (doubly, so
 * that 100,000 children of one forker come and go in O(1) each).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "events/tracker.h"

#define CHUNK 1024		/* nodes per chunk */
#define NONE UINT32_MAX
#define SAME_START_NS 50000000ULL	/* 50 ms */

struct node {
	struct fks_wtask t;
	char *cmdline;		/* owned copy behind t.cmdline */
	uint32_t hnext;		/* next in the hash chain */
	uint32_t parent, first_child, prev_sib, next_sib;
	bool used, confirmed;
	/* one of the exited processes tr->nexited counts: set by
	 * count_exited() alone, cleared by retire() alone, so nexited is
	 * the number of used nodes with it whatever events arrive (a hostile
	 * record may change a task's tgid or call a clone its own leader) */
	bool counted;
};

static void take_wanted(struct tracker *tr, struct node *nd);

static struct node *
node_at(const struct tracker *tr, uint32_t i)
{
	return &tr->chunks[i / CHUNK][i % CHUNK];
}

static uint32_t
hash_pid(const struct tracker *tr, pid_t pid)
{
	return ((uint32_t)pid * 2654435761u) & (tr->nbuckets - 1);
}

static uint32_t
find_index(const struct tracker *tr, pid_t pid)
{
	uint32_t i;

	if (!tr->nbuckets)
		return NONE;
	for (i = tr->buckets[hash_pid(tr, pid)]; i != NONE;
	     i = node_at(tr, i)->hnext)
		if (node_at(tr, i)->t.pid == pid)
			return i;
	return NONE;
}

const struct fks_wtask *
tracker_find(const struct tracker *tr, pid_t pid)
{
	uint32_t i = find_index(tr, pid);

	return i == NONE ? NULL : &node_at(tr, i)->t;
}

static int
grow_buckets(struct tracker *tr)
{
	uint32_t n = tr->nbuckets ? tr->nbuckets * 2 : 4096, i, b, *nb;
	struct node *nd;

	nb = malloc(n * sizeof *nb);
	if (!nb)
		return -ENOMEM;
	memset(nb, 0xff, n * sizeof *nb);
	free(tr->buckets);
	tr->buckets = nb;
	tr->nbuckets = n;
	for (i = 0; i < tr->nnodes; i++) {
		nd = node_at(tr, i);
		if (!nd->used)
			continue;
		b = hash_pid(tr, nd->t.pid);
		nd->hnext = nb[b];
		nb[b] = i;
	}
	return 0;
}

/* A fresh node for pid, in the hash (the caller removed any old one). */
static uint32_t
new_node(struct tracker *tr, pid_t pid)
{
	struct node **chunks, *nd;
	uint32_t i, b;

	if (tr->nused + 1 > tr->nbuckets && grow_buckets(tr) < 0)
		return NONE;
	if (tr->free_head != NONE) {
		i = tr->free_head;
		tr->free_head = node_at(tr, i)->hnext;
	} else {
		if (tr->nnodes % CHUNK == 0) {
			chunks = realloc(tr->chunks, (tr->nnodes / CHUNK + 1) *
						     sizeof *chunks);
			if (!chunks)
				return NONE;
			tr->chunks = chunks;
			chunks[tr->nnodes / CHUNK] = malloc(CHUNK * sizeof **chunks);
			if (!chunks[tr->nnodes / CHUNK])
				return NONE;
		}
		i = tr->nnodes++;
	}
	nd = node_at(tr, i);
	memset(nd, 0, sizeof *nd);
	nd->used = true;
	nd->confirmed = true;
	nd->t.pid = pid;
	nd->t.tgid = pid;
	nd->parent = nd->first_child = nd->prev_sib = nd->next_sib = NONE;
	b = hash_pid(tr, pid);
	nd->hnext = tr->buckets[b];
	tr->buckets[b] = i;
	tr->nused++;
	return i;
}

static void
unlink_child(struct tracker *tr, uint32_t i)
{
	struct node *nd = node_at(tr, i);

	if (nd->parent == NONE)
		return;
	if (nd->prev_sib != NONE)
		node_at(tr, nd->prev_sib)->next_sib = nd->next_sib;
	else
		node_at(tr, nd->parent)->first_child = nd->next_sib;
	if (nd->next_sib != NONE)
		node_at(tr, nd->next_sib)->prev_sib = nd->prev_sib;
	nd->parent = nd->prev_sib = nd->next_sib = NONE;
}

static void
link_child(struct tracker *tr, uint32_t i, pid_t ppid)
{
	uint32_t p = ppid > 0 ? find_index(tr, ppid) : NONE;
	struct node *nd = node_at(tr, i), *pn;

	unlink_child(tr, i);
	nd->t.ppid = ppid;
	if (p == NONE || p == i || nd->t.pid != nd->t.tgid)
		return;
	pn = node_at(tr, p);
	nd->parent = p;
	nd->next_sib = pn->first_child;
	if (pn->first_child != NONE)
		node_at(tr, pn->first_child)->prev_sib = i;
	pn->first_child = i;
}

/*
 * Takes node i out of the hash and the family links; its memory is reused
 * only after the next tracker_flush(), so pointers to it stay valid for
 * the batch being handed out.
 */
static void
retire(struct tracker *tr, uint32_t i)
{
	struct node *nd = node_at(tr, i);
	uint32_t *pp = &tr->buckets[hash_pid(tr, nd->t.pid)], c, next;

	while (*pp != i)
		pp = &node_at(tr, *pp)->hnext;
	*pp = nd->hnext;
	unlink_child(tr, i);
	for (c = nd->first_child; c != NONE; c = next) {
		next = node_at(tr, c)->next_sib;
		node_at(tr, c)->parent = NONE;
		node_at(tr, c)->prev_sib = node_at(tr, c)->next_sib = NONE;
		/* their parent is gone unseen: not known, so that a task that
		 * reuses the pid is never taken for it (by relink_all); but a
		 * child this resync listed has its ppid from /proc: the new
		 * holder of the pid, to be linked at the resync's end */
		if (!(tr->resync_left && node_at(tr, c)->confirmed))
			node_at(tr, c)->t.ppid = 0;
	}
	nd->first_child = NONE;
	tr->last_retired = nd->t;
	nd->used = false;
	nd->hnext = tr->retired;
	tr->retired = i;
	tr->nused--;
	if (nd->counted) {
		nd->counted = false;
		tr->nexited--;
	}
}

/* A process (not a thread) is known to have exited: one more zombie for
 * tracker_trim() to bound. */
static void
count_exited(struct tracker *tr, struct node *nd)
{
	nd->t.flags |= FKS_WT_EXITED;
	if (!nd->counted) {
		nd->counted = true;
		tr->nexited++;
	}
}

void
tracker_flush(struct tracker *tr)
{
	uint32_t i, next;
	size_t k;

	for (k = 0; k < tr->nold; k++)
		free(tr->old[k]);
	tr->nold = 0;
	for (i = tr->retired; i != NONE; i = next) {
		next = node_at(tr, i)->hnext;
		free(node_at(tr, i)->cmdline);
		node_at(tr, i)->cmdline = NULL;
		node_at(tr, i)->hnext = tr->free_head;
		tr->free_head = i;
	}
	tr->retired = NONE;
}

/* An old command line stays until the batch's items are done with it. */
static int
keep_old(struct tracker *tr, char *buf)
{
	char **grown;
	size_t cap;

	if (tr->nold == tr->old_cap) {
		cap = tr->old_cap ? tr->old_cap * 2 : 64;
		grown = realloc(tr->old, cap * sizeof *grown);
		if (!grown)
			return -ENOMEM;
		tr->old = grown;
		tr->old_cap = cap;
	}
	tr->old[tr->nold++] = buf;
	return 0;
}

static int
set_cmdline(struct tracker *tr, struct node *nd, const char *cmdline,
	    size_t len)
{
	char *copy = NULL;

	if (cmdline) {
		copy = malloc(len + 1);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, cmdline, len);
		copy[len] = '\0';
	}
	if (nd->cmdline && keep_old(tr, nd->cmdline) < 0) {
		free(copy);
		return -ENOMEM;
	}
	nd->cmdline = copy;
	nd->t.cmdline = copy;
	nd->t.cmdline_len = copy ? len : 0;
	return 0;
}

/* A node for a task that pid now names: any earlier holder is gone. */
static uint32_t
fresh(struct tracker *tr, pid_t pid)
{
	uint32_t old = find_index(tr, pid);

	if (old != NONE)
		retire(tr, old);
	return new_node(tr, pid);
}

/* An event that carries the task's name from the kernel (FKS_EVF_NAMED):
 * that is its name, read at the event. */
static void
take_name(struct node *nd, const struct fks_event *ev)
{
	if (!(ev->flags & FKS_EVF_NAMED))
		return;
	memcpy(nd->t.comm, ev->comm, sizeof nd->t.comm);
	nd->t.flags &= ~FKS_WT_INHERITED;
}

/* Fork or clone: the child starts as a copy of its creator. */
static int
apply_fork(struct tracker *tr, const struct fks_event *ev,
	   struct fks_watch_item *it)
{
	uint32_t from, i;
	const struct node *pn;
	struct node *nd;

	/*
	 * A new thread's "parent" in the kernel's event is its process's
	 * parent (real_parent is shared by a thread group), not the thread
	 * that made it: it takes name, uid and marks from its own process,
	 * or a thread of a watched process would go unwatched.
	 */
	from = find_index(tr, ev->type == FKS_EV_CLONE ? ev->tgid
						       : ev->parent_pid);
	i = fresh(tr, ev->pid);
	if (i == NONE)
		return -ENOMEM;
	nd = node_at(tr, i);
	nd->t.tgid = ev->tgid;
	/* a fork the poll source noticed late carries the start /proc gave */
	if (ev->flags & FKS_EVF_APPROX && ev->start_ns) {
		nd->t.start_ns = ev->start_ns;
	} else {
		nd->t.start_ns = ev->time_ns;
		nd->t.flags = FKS_WT_EXACT_START;
	}
	if (ev->type == FKS_EV_CLONE)
		nd->t.flags |= FKS_WT_THREAD;
	if (from == NONE && ev->type == FKS_EV_FORK)
		from = find_index(tr, ev->parent_tgid);
	if (from != NONE) {
		pn = node_at(tr, from);
		memcpy(nd->t.comm, pn->t.comm, sizeof nd->t.comm);
		nd->t.euid = pn->t.euid;
		nd->t.marks = pn->t.marks;
		nd->t.flags |= FKS_WT_INHERITED |
			       (pn->t.flags & FKS_WT_KTHREAD);
		if (set_cmdline(tr, nd, pn->t.cmdline, pn->t.cmdline_len) < 0)
			return -ENOMEM;
	}
	take_name(nd, ev);
	if (tr->nwanted)
		take_wanted(tr, nd);
	if (ev->type == FKS_EV_CLONE) {
		/* a thread's parent is its process's */
		nd->t.ppid = from != NONE ? node_at(tr, from)->t.ppid : 0;
	} else {
		link_child(tr, i, ev->parent_tgid);
	}
	it->known = true;
	return 0;
}

static int
grow_orphans(struct tracker *tr)
{
	size_t cap = tr->orphans_cap ? tr->orphans_cap * 2 : 16;
	pid_t *grown = realloc(tr->orphans, cap * sizeof *grown);

	if (!grown)
		return -ENOMEM;
	tr->orphans = grown;
	tr->orphans_cap = cap;
	return 0;
}

/* A process's exit: it stays known (a zombie until reaped), its children
 * are orphans whose new parent only /proc can tell (a REPARENT event). */
static void
apply_exit(struct tracker *tr, const struct fks_event *ev, uint32_t i,
	   struct fks_watch_item *it)
{
	struct node *nd = node_at(tr, i), *c;
	uint32_t ci, next;

	nd->t.exit_ns = ev->time_ns;
	nd->t.exit_code = ev->exit_code;
	if (nd->t.start_ns && ev->time_ns >= nd->t.start_ns)
		it->lifetime_ns = ev->time_ns - nd->t.start_ns;
	/* a thread (a clone, even one a hostile record gave its own pid as
	 * tgid) is forgotten at its exit: no zombie is left of it */
	if (nd->t.pid != nd->t.tgid || nd->t.flags & FKS_WT_THREAD) {
		nd->t.flags |= FKS_WT_EXITED;
		retire(tr, i);
		return;
	}
	count_exited(tr, nd);
	for (ci = nd->first_child; ci != NONE; ci = next) {
		c = node_at(tr, ci);
		next = c->next_sib;
		c->parent = c->prev_sib = c->next_sib = NONE;
		if (c->t.flags & FKS_WT_EXITED)
			continue;	/* a zombie: reaped with its parent */
		c->t.flags |= FKS_WT_ORPHANED;
		c->t.orphan_of = nd->t.pid;
		c->t.orphan_ns = ev->time_ns;
		c->t.ppid = 0;
		it->orphans++;
		if (tr->norphans == tr->orphans_cap && grow_orphans(tr) < 0)
			continue;	/* only its new parent stays unknown */
		tr->orphans[tr->norphans++] = c->t.pid;
	}
	nd->first_child = NONE;
}

/*
 * Whether a task read from /proc is the one a node holds: the same start,
 * within the /proc clock's granularity (start ticks) and the gap between
 * CLOCK_MONOTONIC and the boot clock that /proc uses.
 */
static bool
same_task(const struct node *nd, uint64_t start_ns)
{
	uint64_t d = nd->t.start_ns > start_ns ? nd->t.start_ns - start_ns
					       : start_ns - nd->t.start_ns;

	return d <= SAME_START_NS;
}

/* A task read from /proc, at the start or at a resync. */
static int
apply_task(struct tracker *tr, const struct fks_event *ev,
	   struct fks_watch_item *it)
{
	uint32_t i = find_index(tr, ev->pid);
	struct node *nd;

	if (i != NONE && !same_task(node_at(tr, i), ev->start_ns))
		i = fresh(tr, ev->pid);
	else if (i == NONE)
		i = new_node(tr, ev->pid);
	if (i == NONE)
		return -ENOMEM;
	nd = node_at(tr, i);
	if (tr->nwanted)
		take_wanted(tr, nd);
	nd->confirmed = true;
	nd->t.tgid = ev->tgid;
	if (!(nd->t.flags & FKS_WT_EXACT_START))
		nd->t.start_ns = ev->start_ns;
	nd->t.euid = ev->euid;
	nd->t.flags &= ~FKS_WT_INHERITED;
	if (ev->pid != ev->tgid)
		nd->t.flags |= FKS_WT_THREAD;
	if (ev->flags & FKS_EVF_KTHREAD)
		nd->t.flags |= FKS_WT_KTHREAD;
	if (ev->state == 'Z' && ev->pid == ev->tgid)
		count_exited(tr, nd);
	memcpy(nd->t.comm, ev->comm, sizeof nd->t.comm);
	if (set_cmdline(tr, nd, ev->cmdline, ev->cmdline_len) < 0)
		return -ENOMEM;
	link_child(tr, i, ev->parent_tgid);
	it->known = true;
	return 0;
}

/* Tasks that a resync did not find again ended unseen: forget them. */
static void
end_resync(struct tracker *tr)
{
	uint32_t i;

	for (i = 0; i < tr->nnodes; i++)
		if (node_at(tr, i)->used && !node_at(tr, i)->confirmed)
			retire(tr, i);
}

/* Gives every task the marks of its ancestors, and every thread those of
 * its process (after a resync: at a fork, the child takes its parent's
 * marks itself). */
static void
propagate_marks(struct tracker *tr)
{
	uint32_t i, c, d, *stack, *seen;
	size_t top;

	stack = malloc((tr->nnodes + 1) * sizeof *stack);
	/* seen[c] == i + 1: c was reached from i.  The links come from /proc
	 * or a record and may hold a cycle (a hostile record; a ppid read
	 * while a parent moved), which must not loop forever */
	seen = calloc(tr->nnodes + 1, sizeof *seen);
	if (!stack || !seen) {
		free(stack);
		free(seen);
		return;
	}
	for (i = 0; i < tr->nnodes; i++) {
		/* from the top of each marked subtree */
		if (!node_at(tr, i)->used || !node_at(tr, i)->t.marks ||
		    (node_at(tr, i)->parent != NONE &&
		     (node_at(tr, node_at(tr, i)->parent)->t.marks &
		      node_at(tr, i)->t.marks) == node_at(tr, i)->t.marks))
			continue;
		top = 0;
		stack[top++] = i;
		seen[i] = i + 1;
		while (top > 0) {
			c = stack[--top];
			for (d = node_at(tr, c)->first_child; d != NONE;
			     d = node_at(tr, d)->next_sib) {
				if (seen[d] == i + 1)
					continue;
				seen[d] = i + 1;
				node_at(tr, d)->t.marks |= node_at(tr, c)->t.marks;
				stack[top++] = d;
			}
		}
	}
	/* threads are not linked as children: they take their process's */
	for (i = 0; i < tr->nnodes; i++)
		if (node_at(tr, i)->used &&
		    node_at(tr, i)->t.pid != node_at(tr, i)->t.tgid &&
		    (c = find_index(tr, node_at(tr, i)->t.tgid)) != NONE)
			node_at(tr, i)->t.marks |= node_at(tr, c)->t.marks;
	free(stack);
	free(seen);
}

/* Relinks children whose parent came later in a block of task events. */
static void
relink_all(struct tracker *tr)
{
	struct node *nd;
	uint32_t i;

	for (i = 0; i < tr->nnodes; i++) {
		nd = node_at(tr, i);
		if (nd->used && nd->parent == NONE && nd->t.ppid > 0)
			link_child(tr, i, nd->t.ppid);
	}
}

int
tracker_apply(struct tracker *tr, const struct fks_event *ev,
	      struct fks_watch_item *it)
{
	uint32_t i;
	struct node *nd;
	int rc = 0;

	memset(it, 0, sizeof *it);
	it->ev = *ev;
	tr->norphans = 0;
	switch (ev->type) {
	case FKS_EV_FORK:
	case FKS_EV_CLONE:
		rc = apply_fork(tr, ev, it);
		break;
	case FKS_EV_TASK:
		rc = apply_task(tr, ev, it);
		if (tr->resync_left && --tr->resync_left == 0) {
			end_resync(tr);
			relink_all(tr);
			propagate_marks(tr);
		}
		break;
	case FKS_EV_RESYNC:
		for (i = 0; i < tr->nnodes; i++)
			node_at(tr, i)->confirmed = false;
		tr->resync_left = ev->lost;
		if (!tr->resync_left)
			end_resync(tr);
		break;
	default:
		i = find_index(tr, ev->pid);
		if (i == NONE)
			break;
		nd = node_at(tr, i);
		it->known = true;
		switch (ev->type) {
		case FKS_EV_EXEC:
			nd->t.flags |= FKS_WT_INHERITED;
			break;
		case FKS_EV_NAME:
			memcpy(nd->t.comm, ev->comm, sizeof nd->t.comm);
			nd->t.flags &= ~FKS_WT_INHERITED;
			rc = set_cmdline(tr, nd, ev->cmdline, ev->cmdline_len);
			break;
		case FKS_EV_COMM:
			/* the kernel's own word: the name is known now */
			memcpy(nd->t.comm, ev->comm, sizeof nd->t.comm);
			nd->t.flags &= ~FKS_WT_INHERITED;
			break;
		case FKS_EV_UID:
			nd->t.euid = ev->euid;
			break;
		case FKS_EV_REPARENT:
			/* back to the pid that "exited": only its leader thread
			 * ended (pthread_exit), the kernel gave the children to
			 * another thread of the same process: no orphan */
			if (nd->t.flags & FKS_WT_ORPHANED &&
			    nd->t.orphan_of == ev->parent_tgid) {
				nd->t.flags &= ~FKS_WT_ORPHANED;
				nd->t.orphan_of = 0;
				nd->t.orphan_ns = 0;
			}
			link_child(tr, i, ev->parent_tgid);
			/* the name read with the new parent (none in records
			 * of before it was) */
			if (ev->comm[0]) {
				memcpy(nd->t.comm, ev->comm, sizeof nd->t.comm);
				nd->t.flags &= ~FKS_WT_INHERITED;
			}
			break;
		case FKS_EV_EXIT:
			take_name(nd, ev);
			apply_exit(tr, ev, i, it);
			break;
		default:
			break;
		}
	}
	if (it->known && (i = find_index(tr, ev->pid)) != NONE)
		it->task = node_at(tr, i)->t;
	else if (it->known)
		it->task = tr->last_retired;	/* an exit that retired it */
	if (it->known && it->task.ppid > 0 &&
	    (i = find_index(tr, it->task.ppid)) != NONE) {
		it->parent = node_at(tr, i)->t;
		it->parent_known = true;
	}
	return rc;
}

int
tracker_mark(struct tracker *tr, pid_t pid, unsigned marks, bool next)
{
	uint32_t i = find_index(tr, pid);
	struct wanted *grown;

	/* a process known to have exited is gone: its pid may be reused at
	 * once, so the mark waits for the next task */
	if (!next && i != NONE && !(node_at(tr, i)->t.flags & FKS_WT_EXITED)) {
		node_at(tr, i)->t.marks |= marks;
		return 0;
	}
	grown = realloc(tr->wanted, (tr->nwanted + 1) * sizeof *grown);
	if (!grown)
		return -ENOMEM;
	tr->wanted = grown;
	tr->wanted[tr->nwanted++] = (struct wanted){ pid, marks };
	return 0;
}

/* Marks asked for before the task appeared are set when it does. */
static void
take_wanted(struct tracker *tr, struct node *nd)
{
	size_t k;

	for (k = 0; k < tr->nwanted; k++)
		if (tr->wanted[k].pid == nd->t.pid) {
			nd->t.marks |= tr->wanted[k].marks;
			tr->wanted[k] = tr->wanted[--tr->nwanted];
			return;
		}
}

void
tracker_each(const struct tracker *tr,
	     void (*fn)(const struct fks_wtask *t, void *arg), void *arg)
{
	uint32_t i;

	for (i = 0; i < tr->nnodes; i++)
		if (node_at(tr, i)->used)
			fn(&node_at(tr, i)->t, arg);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Forgets the older half of the exited processes once there are more than
 * `keep`: a zombie is reaped sooner or later and no event says when, so
 * memory is bounded this way.  Amortised O(1) per exit.
 */
int
tracker_trim(struct tracker *tr, size_t keep)
{
	uint64_t *times, horizon;
	size_t n = 0;
	struct node *nd;
	uint32_t i;

	if (tr->nexited <= keep)
		return 0;
	times = malloc(tr->nexited * sizeof *times);
	if (!times)
		return -ENOMEM;
	for (i = 0; i < tr->nnodes && n < tr->nexited; i++) {
		nd = node_at(tr, i);
		if (nd->used && nd->counted)
			times[n++] = nd->t.exit_ns;
	}
	if (n <= keep / 2) {
		free(times);
		return 0;
	}
	qsort(times, n, sizeof *times, cmp_u64);
	horizon = times[n - keep / 2 - 1];
	free(times);
	for (i = 0; i < tr->nnodes; i++) {
		nd = node_at(tr, i);
		if (nd->used && nd->counted && nd->t.exit_ns <= horizon)
			retire(tr, i);
	}
	return 0;
}

void
tracker_init(struct tracker *tr)
{
	memset(tr, 0, sizeof *tr);
	tr->free_head = NONE;
	tr->retired = NONE;
}

void
tracker_free(struct tracker *tr)
{
	uint32_t i;

	tracker_flush(tr);
	for (i = 0; i < tr->nnodes; i++)
		free(node_at(tr, i)->cmdline);
	for (i = 0; i < (tr->nnodes + CHUNK - 1) / CHUNK; i++)
		free(tr->chunks[i]);
	free(tr->chunks);
	free(tr->buckets);
	free(tr->orphans);
	free(tr->old);
	free(tr->wanted);
	tracker_init(tr);
}
