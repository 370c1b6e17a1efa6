/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wlive.c - two live sources of the event stream: the kernel's proc
 * connector and, where a listener is refused, /proc read again at an
 * interval and compared (struct wconn, struct wpoll their states).
 * watch.c's open_live picks between them and the BPF source (wbpf.c);
 * what they read of /proc after an event is wproc.c's, all of it through
 * root.c.
 *
 * The receive path never waits on /proc: a batch of datagrams is read
 * first (the socket's 64 MiB buffer holds what comes meanwhile), and only
 * then are names read for the execs in it.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events/watch.h"
#include "events/wbatch.h"
#include "events/wlive.h"
#include "events/wproc.h"

#define POLL_MS_DEFAULT 500	/* the poll source's interval */

/* What the poll source remembers of each process between two reads. */
struct poll_entry {
	pid_t pid, ppid;
	unsigned long long start_ticks;
	char state;
	uint32_t name_hash;	/* comm and cmdline: a change means exec */
};

/* The connector source's state. */
struct wconn {
	struct fks_events *evs;
	struct exec_name *early;	/* the names of the batch's execs */
	size_t nearly;
};

/* The poll source's state. */
struct wpoll {
	unsigned poll_ms;
	uint64_t next_poll_ns;
	struct poll_entry *prev;	/* the last poll's processes, by pid */
	size_t nprev;
};

static const struct watch_source connector_source, poll_source;

/* Remembers the processes of tbl for the next poll's comparison. */
static int
poll_remember(struct wpoll *p, const struct fks_table *tbl);

int
wconn_open(struct fks_watch *w, unsigned sources, unsigned types)
{
	struct fks_events *evs;
	struct wconn *c;
	int rc = fks_events_open(0, types, &evs);

	if (rc == 0) {
		c = calloc(1, sizeof *c);
		if (!c) {
			fks_events_close(evs);
			return -ENOMEM;
		}
		c->evs = evs;
		w->ops = &connector_source;
		w->src = c;
		return 1;
	}
	/* ECONNREFUSED: no connector in this network namespace (a
	 * container), where the subscription is refused */
	if (!(sources & WS_BIT(FKS_WS_POLL)) ||
	    !(rc == -EPERM || rc == -EACCES || rc == -EPROTONOSUPPORT ||
	      rc == -ECONNREFUSED))
		return watch_fail(w, rc, "cannot listen to the kernel's "
				  "process events: %s", fks_strerror(rc));
	snprintf(w->why_not_connector, sizeof w->why_not_connector,
		 "the kernel refused a listener (%s)", fks_strerror(rc));
	return 0;
}

int
wpoll_open(struct fks_watch *w, unsigned poll_ms)
{
	struct wpoll *p = calloc(1, sizeof *p);

	if (!p)
		return -ENOMEM;
	p->poll_ms = poll_ms ? poll_ms : POLL_MS_DEFAULT;
	w->ops = &poll_source;
	w->src = p;
	if (w->why_not_connector[0])
		watch_fail(w, 0, "%s: polling /proc every %u ms instead, "
			   "which misses processes shorter than that",
			   w->why_not_connector, p->poll_ms);
	return 0;
}

int
wpoll_start(struct fks_watch *w, const struct fks_table *tbl)
{
	struct wpoll *p = w->src;
	int rc = poll_remember(p, tbl);

	p->next_poll_ns = watch_now_ns() + (uint64_t)p->poll_ms * 1000000u;
	return rc;
}

/* ---- the connector ---- */

/*
 * An exec's new name and command line, read from /proc as soon as the
 * batch holding the exec is received, before any event of it is applied:
 * a short-lived program is gone a millisecond or so after its exec, and
 * the events before it in the batch (their trees, their orphans' reads)
 * would cost part of that.  rc: 0 read, < 0 gone, 1 taken (follow_exec).
 */
struct exec_name {
	pid_t pid;
	uint64_t time_ns;
	int rc;
	char comm[EV_COMM_MAX];
	size_t comm_len;
	char *cmdline;		/* NULL: unknown; the watcher takes it */
	size_t cmdline_len;
};

/* The command line first: it is gone as soon as the process starts to
 * exit (its memory is released), while its name stays until it is
 * reaped.  So a batch's command lines are all read before its names. */
static void
read_exec_cmdline(struct fks_watch *w, struct exec_name *en)
{
	char rel[32];
	size_t full;

	snprintf(rel, sizeof rel, "%d/cmdline", (int)en->pid);
	if (fks_root_read_file(w->root, rel, FKS_CMDLINE_MAX, &en->cmdline,
			       &en->cmdline_len, &full) < 0)
		en->cmdline = NULL;
}

static void
read_exec_comm(struct fks_watch *w, struct exec_name *en)
{
	char rel[32], *comm;
	size_t len, full;

	snprintf(rel, sizeof rel, "%d/comm", (int)en->pid);
	en->rc = fks_root_read_file(w->root, rel, 64, &comm, &len, &full);
	if (en->rc < 0) {
		free(en->cmdline);
		en->cmdline = NULL;
		return;
	}
	if (len > 0 && comm[len - 1] == '\n')
		len--;
	en->comm_len = len < EV_COMM_MAX ? len : EV_COMM_MAX;
	memcpy(en->comm, comm, en->comm_len);
	free(comm);
}

/* Forgets the names of the last batch (those not taken: an exec never
 * followed, as after an error). */
static void
forget_exec_names(struct wconn *c)
{
	size_t i;

	for (i = 0; i < c->nearly; i++)
		free(c->early[i].cmdline);
	c->nearly = 0;
}

/* Reads the names of the n events' execs now (see struct exec_name). */
static void
read_exec_names(struct fks_watch *w, struct wconn *c,
		const struct fks_event *ev, size_t n)
{
	struct exec_name *en;
	size_t i;

	forget_exec_names(c);
	if (!c->early)
		c->early = calloc(RAW_BATCH, sizeof *c->early);
	/* without it, follow_exec reads each name when it comes to it */
	for (i = 0; c->early && i < n && c->nearly < RAW_BATCH; i++) {
		if (ev[i].type != FKS_EV_EXEC)
			continue;
		en = &c->early[c->nearly++];
		en->pid = ev[i].pid;
		en->time_ns = ev[i].time_ns;
		read_exec_cmdline(w, en);
	}
	for (i = 0; i < c->nearly; i++)
		read_exec_comm(w, &c->early[i]);
}

/*
 * Reads what the socket holds, or waits up to timeout_ms for something,
 * then the names of the execs received.  Never sleeps while events wait:
 * a short-lived program is gone within a millisecond or two of its exec.
 * What queued meanwhile is taken in one read (recvmmsg), so a busy
 * watcher makes few calls per event without delaying any.
 */
static int
connector_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	       int timeout_ms, bool fresh, size_t *n)
{
	struct wconn *c = w->src;
	struct pollfd pfd = { fks_events_fd(c->evs), POLLIN, 0 };
	int rc;

	(void)fresh;	/* its events point into nothing it keeps */
	rc = fks_events_read(c->evs, ev, max, n);
	if (rc == -EAGAIN && timeout_ms != 0) {
		if (poll(&pfd, 1, timeout_ms) < 0)
			return errno == EINTR ? -EINTR : -errno;
		rc = fks_events_read(c->evs, ev, max, n);
	}
	if (rc == 0)
		read_exec_names(w, c, ev, *n);
	return rc == -EAGAIN ? 0 : rc;
}

/* After an exec: the new name and command line, read when its batch came
 * (or now), if the process was still there to ask. */
static int
follow_exec(struct fks_watch *w, const struct fks_event *exec)
{
	struct wconn *c = w->src;
	struct exec_name now, *en = NULL;
	struct fks_event ev;
	size_t i;
	int rc;

	for (i = 0; i < c->nearly && !en; i++)
		if (c->early[i].pid == exec->pid &&
		    c->early[i].time_ns == exec->time_ns && c->early[i].rc <= 0)
			en = &c->early[i];
	if (!en) {
		memset(&now, 0, sizeof now);
		now.pid = exec->pid;
		read_exec_cmdline(w, &now);
		read_exec_comm(w, &now);
		en = &now;
	}
	rc = en->rc;
	en->rc = 1;	/* taken */
	if (rc < 0)
		return 0;	/* gone: it keeps its name from before */
	memset(&ev, 0, sizeof ev);
	ev.type = FKS_EV_NAME;
	ev.time_ns = exec->time_ns;
	ev.pid = exec->pid;
	ev.tgid = exec->tgid;
	memcpy(ev.comm, en->comm, en->comm_len);
	ev.cmdline = en->cmdline;
	ev.cmdline_len = en->cmdline_len;
	en->cmdline = NULL;
	rc = ev.cmdline ? watch_keep_buf(w, (char *)ev.cmdline) : 0;
	return rc < 0 ? rc : watch_push(w, &ev);
}

static int
connector_follow(struct fks_watch *w, const struct fks_watch_item *it)
{
	switch (it->ev.type) {
	case FKS_EV_EXEC:
		return follow_exec(w, &it->ev);
	case FKS_EV_EXIT:
		return wproc_orphans(w, &it->ev, false);
	case FKS_EV_LOST:
		return wproc_resync(w);
	default:
		return 0;
	}
}

static int
connector_fd(const struct fks_watch *w)
{
	const struct wconn *c = w->src;

	return fks_events_fd(c->evs);
}

static unsigned long long
connector_lost(const struct fks_watch *w)
{
	const struct wconn *c = w->src;

	return fks_events_lost(c->evs);
}

static void
connector_free(struct fks_watch *w)
{
	struct wconn *c = w->src;

	fks_events_close(c->evs);
	forget_exec_names(c);
	free(c->early);
	free(c);
}

static const struct watch_source connector_source = {
	.name = "connector",
	.fill = connector_fill,
	.fd = connector_fd,
	.lost = connector_lost,
	.follow = connector_follow,
	.follows = FKS_EV_BIT(FKS_EV_EXEC) | FKS_EV_BIT(FKS_EV_EXIT) |
		   FKS_EV_BIT(FKS_EV_LOST),
	.free = connector_free,
};

/* ---- the poll source ---- */

static uint32_t
name_hash(const struct fks_task *t)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < t->comm_len; i++)
		h = (h ^ (unsigned char)t->comm[i]) * 16777619u;
	for (i = 0; t->known & FKS_K_CMDLINE && i < t->cmdline_len; i++)
		h = (h ^ (unsigned char)t->cmdline[i]) * 16777619u;
	return h;
}

static int
poll_remember(struct wpoll *p, const struct fks_table *tbl)
{
	size_t i, n = 0, count = fks_table_count(tbl);
	const struct fks_task *t;
	struct poll_entry *e;

	e = malloc((count ? count : 1) * sizeof *e);
	if (!e)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		t = fks_table_at(tbl, i);
		if (t->is_thread || !(t->known & FKS_K_STAT))
			continue;
		e[n++] = (struct poll_entry){ t->tid, t->ppid, t->start_ticks,
					      t->state_char, name_hash(t) };
	}
	free(p->prev);
	p->prev = e;
	p->nprev = n;
	return 0;
}

/* An event the poll source makes: its time is when the poll noticed. */
static void
poll_event(enum fks_event_type type, pid_t pid, uint64_t now,
	   struct fks_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->type = type;
	ev->time_ns = now;
	ev->pid = ev->tgid = pid;
	ev->flags = FKS_EVF_APPROX;
}

static int
push_name(struct fks_watch *w, const struct fks_task *t, uint64_t now)
{
	struct fks_event ev;

	wproc_task_event(w, t, now, &ev);
	ev.type = FKS_EV_NAME;
	ev.flags |= FKS_EVF_APPROX;
	return watch_push(w, &ev);
}

static const struct poll_entry *
bsearch_entry(const struct wpoll *p, pid_t pid)
{
	size_t lo = 0, hi = p->nprev, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->prev[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nprev && p->prev[lo].pid == pid ? &p->prev[lo] : NULL;
}

/* Younger first: a child starts after its parent. */
static int
cmp_younger(const void *a, const void *b)
{
	const struct poll_entry *x = *(const struct poll_entry *const *)a;
	const struct poll_entry *y = *(const struct poll_entry *const *)b;

	if (x->start_ticks != y->start_ticks)
		return x->start_ticks < y->start_ticks ? 1 : -1;
	return (x->pid < y->pid) - (x->pid > y->pid);
}

/*
 * The exit of process pid (whose parent was ppid): zombie, when not NULL,
 * is it as a zombie, which still holds its wait status; a process gone
 * from /proc has none.
 */
static int
push_exit(struct fks_watch *w, pid_t pid, pid_t ppid,
	  const struct fks_task *zombie, uint64_t now)
{
	struct fks_event ev;

	poll_event(FKS_EV_EXIT, pid, now, &ev);
	ev.parent_pid = ev.parent_tgid = ppid;
	if (zombie && zombie->known & FKS_K_EXIT_CODE)
		ev.exit_code = zombie->exit_code;
	else
		ev.flags |= FKS_EVF_NOSTATUS;
	return watch_push(w, &ev);
}

/*
 * Exits: gone, or newly a zombie.  Those of one interval are told
 * youngest first, so a child's exit comes before its parent's (who most
 * likely reaped it): in pid order a parent's exit came first, its child
 * was counted as its orphan, and forkwatch, which stops at its command's
 * exit, never showed the child's.
 */
static int
poll_exits(struct fks_watch *w, const struct wpoll *wp,
	   const struct fks_table *tbl, uint64_t now)
{
	const struct poll_entry *p, **gone;
	const struct fks_task *t;
	size_t i, n = 0;
	int rc = 0;

	gone = malloc((wp->nprev ? wp->nprev : 1) * sizeof *gone);
	if (!gone)
		return -ENOMEM;
	for (i = 0; i < wp->nprev; i++) {
		p = &wp->prev[i];
		t = fks_table_find(tbl, p->pid);
		if (t && t->start_ticks == p->start_ticks &&
		    (t->state_char != 'Z' || p->state == 'Z'))
			continue;
		if (p->state == 'Z')
			continue;	/* its exit was told already */
		gone[n++] = p;
	}
	qsort(gone, n, sizeof *gone, cmp_younger);
	for (i = 0; rc == 0 && i < n; i++) {
		p = gone[i];
		t = fks_table_find(tbl, p->pid);
		rc = push_exit(w, p->pid, p->ppid, t && t->start_ticks ==
			       p->start_ticks ? t : NULL, now);
	}
	free(gone);
	return rc;
}

/* The changes between the last poll (wp->prev) and tbl, as events: exits
 * first, then forks, then execs and new parents. */
static int
poll_diff(struct fks_watch *w, const struct wpoll *wp,
	  const struct fks_table *tbl, uint64_t now)
{
	const struct fks_task *t;
	const struct poll_entry *p;
	struct fks_event ev;
	size_t i, pass;
	int rc = poll_exits(w, wp, tbl, now);

	for (pass = 1; pass < 3 && rc == 0; pass++) {
		for (i = 0; rc == 0 && i < fks_table_count(tbl); i++) {
			t = fks_table_at(tbl, i);
			if (t->is_thread || !(t->known & FKS_K_STAT))
				continue;
			p = bsearch_entry(wp, t->tid);
			if (pass == 1 && (!p || p->start_ticks != t->start_ticks)) {
				poll_event(FKS_EV_FORK, t->tid, now, &ev);
				ev.parent_pid = ev.parent_tgid = t->ppid;
				ev.start_ns = wproc_ticks_to_ns(w, t->start_ticks);
				rc = watch_push(w, &ev);
				if (rc == 0)
					rc = push_name(w, t, now);
				/* born and ended within one interval, not
				 * reaped yet: its exit is never told later
				 * (a zombie last time has been told) */
				if (rc == 0 && t->state_char == 'Z')
					rc = push_exit(w, t->tid, t->ppid, t,
						       now);
			} else if (pass == 2 && p &&
				   p->start_ticks == t->start_ticks &&
				   t->state_char != 'Z') {
				/* (a zombie's command line is gone: no exec) */
				if (p->name_hash != name_hash(t)) {
					poll_event(FKS_EV_EXEC, t->tid, now, &ev);
					rc = watch_push(w, &ev);
					if (rc == 0)
						rc = push_name(w, t, now);
				}
				if (rc == 0 && p->ppid != t->ppid) {
					poll_event(FKS_EV_REPARENT, t->tid, now,
						   &ev);
					ev.parent_pid = ev.parent_tgid = t->ppid;
					memcpy(ev.comm, t->comm, t->comm_len <
					       EV_COMM_MAX ? t->comm_len :
					       EV_COMM_MAX);
					rc = watch_push(w, &ev);
				}
			}
		}
	}
	return rc;
}

/* Reads /proc when the interval is over (waiting up to timeout_ms for
 * it), and pushes what changed. */
static int
poll_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	  int timeout_ms, bool fresh, size_t *n)
{
	struct wpoll *p = w->src;
	uint64_t now = watch_now_ns();
	struct fks_table *tbl;
	int wait, rc;

	(void)ev;	/* it pushes its events (watch_push) */
	(void)max;
	(void)fresh;
	*n = 0;
	if (now < p->next_poll_ns) {
		wait = (int)((p->next_poll_ns - now + 999999) / 1000000);
		if (timeout_ms >= 0 && timeout_ms < wait)
			wait = timeout_ms;
		if (wait > 0 && poll(NULL, 0, wait) < 0 && errno == EINTR)
			return -EINTR;
		now = watch_now_ns();
		if (now < p->next_poll_ns)
			return 0;
	}
	p->next_poll_ns = now + (uint64_t)p->poll_ms * 1000000u;
	rc = wproc_read(w, &tbl);
	if (rc == 0)
		rc = poll_diff(w, p, tbl, now);
	if (rc == 0)
		rc = poll_remember(p, tbl);
	return rc;
}

static int
poll_due_ms(const struct fks_watch *w)
{
	const struct wpoll *p = w->src;
	uint64_t now = watch_now_ns(), ms;

	if (now >= p->next_poll_ns)
		return 0;
	ms = (p->next_poll_ns - now + 999999) / 1000000;
	return ms < INT_MAX ? (int)ms : INT_MAX;
}

static void
poll_now(struct fks_watch *w)
{
	struct wpoll *p = w->src;

	p->next_poll_ns = 0;
}

static void
poll_free(struct fks_watch *w)
{
	struct wpoll *p = w->src;

	free(p->prev);
	free(p);
}

/* It sees in /proc all it tells: nothing to follow. */
static const struct watch_source poll_source = {
	.name = "poll",
	.fill = poll_fill,
	.due_ms = poll_due_ms,
	.poll_now = poll_now,
	.free = poll_free,
};
