/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reapwatch.c - exits followed until they are reaped: the model of
 * reapcheck --watch, fed by the caller with the exits of a watch
 * (fks_watch_next) and the zombies of its audits.
 *
 * No event says when a zombie is reaped, so each exit is looked up in the
 * root once, when max_age has passed since it (fks_reapwatch_due()), and
 * each zombie still there then, or found by an audit, is looked up again
 * at each recheck until it is gone (fks_reapwatch_reaped()).  A lookup
 * reads PID/stat alone.  It never signals anything, and says nothing: the
 * caller reports what the calls return.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "forkscope.h"

#define NS 1000000000ULL
/* how often followed zombies are looked at */
#define RECHECK_NS NS
/* Two start times of one process read from two clocks (an exit event's
 * and /proc's start ticks) differ by a tick or so; a pid reused within
 * this much of its last holder's start would need the pid space to wrap.
 * Twice the margin of the tracker's same test (SAME_START_NS, 50 ms, in
 * events/tracker.c): here a start taken as another's drops a zombie that
 * is followed for max_age, so the test leans to "the same". */
#define REAP_SAME_START_NS 100000000ULL

/* Entries v[head .. n), in the order they were added. */
struct list {
	struct fks_exited *v;
	size_t head, n, cap;
};

struct fks_reapwatch {
	struct fks_root *root;
	uint64_t max_age_ns;
	long long boot_minus_mono;	/* ns, to compare start times */
	uint64_t first_audit_ns;	/* exits before it may be in it */
	uint64_t next_recheck;
	struct list pending;	/* exits, each looked up when its time is up */
	struct list cand;	/* due exits still zombies, to confirm */
	struct list zombies;	/* zombies followed, until reaped */
	struct fks_reap_alert *alerts;
	size_t nalerts;
	struct fks_reaped *reaped;
	size_t nreaped, capreaped;
};

static uint64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

int
fks_reapwatch_new(struct fks_root *root, long long max_age_s,
		  struct fks_reapwatch **out)
{
	struct fks_reapwatch *rw = calloc(1, sizeof *rw);

	*out = NULL;
	if (!rw)
		return -ENOMEM;
	rw->root = root;
	rw->max_age_ns = (uint64_t)max_age_s * NS;
	rw->boot_minus_mono = (long long)clock_ns(CLOCK_BOOTTIME) -
			      (long long)clock_ns(CLOCK_MONOTONIC);
	*out = rw;
	return 0;
}

void
fks_reapwatch_free(struct fks_reapwatch *rw)
{
	if (!rw)
		return;
	free(rw->pending.v);
	free(rw->cand.v);
	free(rw->zombies.v);
	free(rw->alerts);
	free(rw->reaped);
	free(rw);
}

/* ---- lists --------------------------------------------------------------- */

static int
list_add(struct list *l, const struct fks_exited *d)
{
	struct fks_exited *v;

	if (l->head > 0 && l->head >= l->n / 2) {
		/* drop the used front before growing */
		memmove(l->v, l->v + l->head, (l->n - l->head) * sizeof *l->v);
		l->n -= l->head;
		l->head = 0;
	}
	if (l->n == l->cap) {
		v = realloc(l->v, (l->cap ? l->cap * 2 : 64) * sizeof *l->v);
		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = l->cap ? l->cap * 2 : 64;
	}
	l->v[l->n++] = *d;
	return 0;
}

static bool
same_start(uint64_t a, uint64_t b)
{
	if (!a || !b)
		return true;	/* unknown: the pid decides */
	return (a > b ? a - b : b - a) <= REAP_SAME_START_NS;
}

/* The entry of l for that process, or NULL. */
static struct fks_exited *
list_find(struct list *l, pid_t pid, uint64_t start_ns)
{
	size_t i;

	for (i = l->head; i < l->n; i++)
		if (l->v[i].pid == pid && same_start(l->v[i].start_ns,
						     start_ns))
			return &l->v[i];
	return NULL;
}

/* ---- times and lookups -------------------------------------------------- */

static uint64_t
ticks_ns(const struct fks_reapwatch *rw, unsigned long long ticks)
{
	unsigned long long hz = (unsigned long long)fks_root_clk_tck(rw->root);

	return hz ? ticks / hz * NS + ticks % hz * NS / hz : 0;
}

/* A watched task's start on /proc's boot clock. */
static uint64_t
wtask_start(const struct fks_reapwatch *rw, const struct fks_wtask *t)
{
	if (!t->start_ns)
		return 0;
	if (t->flags & FKS_WT_EXACT_START)	/* a fork event: monotonic */
		return t->start_ns + (uint64_t)rw->boot_minus_mono;
	return t->start_ns;
}

enum probe { GONE, ZOMBIE, LIVE };

/* Whether the process d names is still a zombie, from PID/stat alone. */
static enum probe
probe(struct fks_reapwatch *rw, const struct fks_exited *d)
{
	struct fks_task t = { 0 };
	size_t len, full;
	const char *why;
	char rel[32], *buf;
	enum probe st = GONE;

	snprintf(rel, sizeof rel, "%d/stat", (int)d->pid);
	if (fks_root_read_file(rw->root, rel, 4096, &buf, &len, &full) < 0)
		return GONE;
	if (fks_parse_stat(buf, len, &t, &why) == 0 &&
	    same_start(d->start_ns, ticks_ns(rw, t.start_ticks)))
		/* a leader that ended while its threads run is no zombie:
		 * the process lives (fks_task_is_zombie) */
		st = fks_task_is_zombie(&t) ? ZOMBIE : LIVE;
	free(buf);
	return st;
}

/* ---- what the caller feeds in -------------------------------------------- */

int
fks_reapwatch_follow(struct fks_reapwatch *rw, const struct fks_task *z,
		     uint64_t now)
{
	struct fks_exited d = { .pid = z->tid, .ppid = z->ppid,
				.start_ns = ticks_ns(rw, z->start_ticks),
				.seen_ns = now, .exit_code = z->exit_code };
	int rc;

	if (list_find(&rw->zombies, d.pid, d.start_ns) ||
	    list_find(&rw->pending, d.pid, d.start_ns))
		return 0;
	memcpy(d.comm, z->comm, z->comm_len < 16 ? z->comm_len : 16);
	rc = list_add(&rw->zombies, &d);
	return rc < 0 ? rc : 1;
}

void
fks_reapwatch_started(struct fks_reapwatch *rw, uint64_t now)
{
	rw->first_audit_ns = now;
	rw->next_recheck = now + RECHECK_NS;
}

int
fks_reapwatch_exit(struct fks_reapwatch *rw, const struct fks_watch_item *it)
{
	const struct fks_wtask *t = it->known ? &it->task : NULL;
	struct fks_exited d = { 0 }, *z;
	int rc;

	if (it->ev.type != FKS_EV_EXIT)
		return 0;
	if (it->ev.tgid && it->ev.pid != it->ev.tgid)
		return 0;	/* a thread */
	if (t && t->flags & (FKS_WT_THREAD | FKS_WT_KTHREAD))
		return 0;	/* kernel threads are never zombies */
	d.pid = it->ev.pid;
	d.ppid = t ? t->ppid : it->ev.parent_tgid;
	d.start_ns = t ? wtask_start(rw, t) : 0;
	d.exit_ns = it->ev.time_ns;
	d.exit_code = it->ev.exit_code;
	d.approx = it->ev.flags & FKS_EVF_APPROX;
	if (t)
		memcpy(d.comm, t->comm, sizeof d.comm);
	/* it died before the first audit ended, which may have reported it:
	 * now its time of death is known, and the alert can come */
	if (it->ev.time_ns <= rw->first_audit_ns &&
	    (z = list_find(&rw->zombies, d.pid, d.start_ns)))
		*z = rw->zombies.v[--rw->zombies.n];
	rc = list_add(&rw->pending, &d);
	return rc < 0 ? rc : 1;
}

/* ---- the checks --------------------------------------------------------- */

size_t
fks_reapwatch_due(struct fks_reapwatch *rw, uint64_t now)
{
	struct list *l = &rw->pending;
	struct fks_exited *d;

	rw->cand.head = rw->cand.n = 0;
	while (l->head < l->n && l->v[l->head].exit_ns + rw->max_age_ns <=
	       now) {
		d = &l->v[l->head++];
		if (probe(rw, d) == ZOMBIE && list_add(&rw->cand, d) < 0)
			break;	/* out of memory: looked up at the next
				 * recheck, if reported at all */
	}
	if (l->head == l->n)
		l->head = l->n = 0;
	return rw->cand.n;
}

int
fks_reapwatch_confirm(struct fks_reapwatch *rw, const struct fks_table *tbl,
		      uint64_t now, const struct fks_reap_alert **out,
		      size_t *n)
{
	const struct fks_task *z;
	struct fks_reap_alert *v;
	struct fks_exited *d;
	size_t i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	free(rw->alerts);
	rw->alerts = NULL;
	rw->nalerts = 0;
	if (!rw->cand.n)
		return 0;
	v = malloc(rw->cand.n * sizeof *v);
	if (!v)
		return -ENOMEM;
	rw->alerts = v;
	for (i = 0; i < rw->cand.n; i++) {
		d = &rw->cand.v[i];
		z = tbl ? fks_table_find(tbl, d->pid) : NULL;
		if (!z || z->is_thread || !fks_task_is_zombie(z) ||
		    !same_start(d->start_ns, ticks_ns(rw, z->start_ticks)))
			continue;	/* reaped meanwhile */
		d->seen_ns = now;
		d->ppid = z->ppid;
		if ((rc = list_add(&rw->zombies, d)) < 0)
			break;
		v[rw->nalerts++] = (struct fks_reap_alert){ .exited = *d,
							    .zombie = z };
	}
	rw->cand.n = 0;
	*out = rw->alerts;
	*n = rw->nalerts;
	return rc;
}

/* How long d was a zombie, in ms, at now: from its exit to when it was
 * last seen and to now; from its start when its exit is unknown (found a
 * zombie), with no lower bound then (-1). */
static void
zombie_span(const struct fks_reapwatch *rw, const struct fks_exited *d,
	    uint64_t now, long long *min, long long *max)
{
	*min = -1;
	if (d->exit_ns) {
		*min = (long long)(d->seen_ns - d->exit_ns) / 1000000;
		*max = (long long)(now - d->exit_ns) / 1000000;
	} else {
		*max = ((long long)(now + (uint64_t)rw->boot_minus_mono) -
			(long long)d->start_ns) / 1000000;
	}
}

const struct fks_reaped *
fks_reapwatch_reaped(struct fks_reapwatch *rw, uint64_t now, size_t *n)
{
	struct list *l = &rw->zombies;
	struct fks_reaped *v;
	size_t i, k = l->head;

	rw->nreaped = 0;
	for (i = l->head; i < l->n; i++) {
		if (probe(rw, &l->v[i]) == ZOMBIE) {
			l->v[i].seen_ns = now;
			l->v[k++] = l->v[i];
			continue;
		}
		if (rw->nreaped == rw->capreaped) {
			v = realloc(rw->reaped, (rw->capreaped ? 2 *
				    rw->capreaped : 16) * sizeof *v);
			if (!v) {	/* kept: said at the next recheck */
				l->v[k++] = l->v[i];
				continue;
			}
			rw->reaped = v;
			rw->capreaped = rw->capreaped ? 2 * rw->capreaped : 16;
		}
		v = &rw->reaped[rw->nreaped++];
		v->exited = l->v[i];
		zombie_span(rw, &l->v[i], now, &v->age_min_ms, &v->age_max_ms);
	}
	l->n = k;
	rw->next_recheck = now + RECHECK_NS;
	*n = rw->nreaped;
	return rw->reaped;
}

uint64_t
fks_reapwatch_next_ns(const struct fks_reapwatch *rw)
{
	uint64_t next = UINT64_MAX;

	if (rw->pending.head < rw->pending.n)
		next = rw->pending.v[rw->pending.head].exit_ns +
		       rw->max_age_ns;
	if (rw->zombies.head < rw->zombies.n && rw->next_recheck < next)
		next = rw->next_recheck;
	return next;
}

uint64_t
fks_reapwatch_recheck_ns(const struct fks_reapwatch *rw)
{
	return rw->next_recheck;
}
