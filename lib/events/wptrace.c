/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wptrace.c - the ptrace source: a command the caller started, and every
 * task it makes, traced with PTRACE_SEIZE for their fork, vfork, clone,
 * exec and exit events only.  No system-call stops: a tracee stops only
 * at those events and at signals, and is continued at once.  Any user
 * who may trace the command sees exactly its subtree, where the kernel
 * refuses a connector listener.
 *
 * Each wait status (classified in wptrace-decode.c) becomes events
 * pushed (watch_push):
 *   - a fork, vfork or clone event stop names the new child: FORK, or
 *     CLONE for a thread (its Tgid read from /proc);
 *   - an exec event stop: EXEC, then NAME with the comm and argv read
 *     from /proc while the task is stopped, so it cannot be gone; by a
 *     thread other than the leader, the kernel gave it the leader's tid
 *     (the event message holds the former one): that thread's EXIT first;
 *   - the end (WIFEXITED, WIFSIGNALED): EXIT with that wait status.  The
 *     exit event stop only notes the status: a leader's end is reported
 *     once its whole group has ended, so its EXIT follows its threads'.
 * A new child is attached by the kernel and may report its first stop
 * before its creator reports the event that names it: it is held
 * stopped, untold, until then (so nothing it does comes before its
 * fork), or, when the creator ended first, told with the parent /proc
 * gives it.
 *
 * Waiting: SIGCHLD comes for every stop and end of a tracee; it is
 * blocked and read from a signalfd, which the caller can poll.  The
 * tracees are drained with waitpid(WNOHANG) before any wait, so a
 * notification is never lost, and a wait never lasts more than a second
 * without asking waitpid again.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "events/watch.h"
#include "events/wbatch.h"
#include "events/wptrace.h"

#define OPTIONS (PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |                \
		 PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |                 \
		 PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL)
#define BATCH_STOPS 64		/* stops handled in one fill at most */
#define WAIT_CAP_MS 1000	/* the longest wait without a waitpid */
#define DETACH_MS 2000		/* fks_watch_free waits this long at most */

enum {
	TR_TOLD = 1u << 0,	/* its fork (or clone) was told */
	TR_HELD = 1u << 1,	/* stopped before it was told, kept so */
	TR_DEAD = 1u << 2,	/* ended before it was told: status kept */
};

struct tracee {
	pid_t tid, tgid;
	pid_t ppid;		/* its parent process */
	unsigned flags;		/* TR_* */
	int held_status;	/* TR_HELD: the stop it is held in */
	int status;		/* TR_DEAD: its wait status */
};

struct wptrace {
	struct tracee *t;
	size_t n, cap;
	pid_t root;		/* the command: the caller's child */
	int sfd;		/* signalfd of SIGCHLD */
	sigset_t oldmask;
	struct sigaction oldchld;
	bool chld_set;		/* SIGCHLD was ignored: set to SIG_DFL */
};

static struct tracee *
find(struct wptrace *pt, pid_t tid)
{
	size_t i;

	for (i = 0; i < pt->n; i++)
		if (pt->t[i].tid == tid)
			return &pt->t[i];
	return NULL;
}

static struct tracee *
add(struct wptrace *pt, pid_t tid)
{
	struct tracee *grown;
	size_t cap;

	if (pt->n == pt->cap) {
		cap = pt->cap ? pt->cap * 2 : 16;
		grown = realloc(pt->t, cap * sizeof *grown);
		if (!grown)
			return NULL;
		pt->t = grown;
		pt->cap = cap;
	}
	pt->t[pt->n] = (struct tracee){ .tid = tid, .tgid = tid };
	return &pt->t[pt->n++];
}

static void
drop(struct wptrace *pt, struct tracee *t)
{
	*t = pt->t[--pt->n];
}

static void
resume(pid_t tid, int sig)
{
	/* ESRCH: killed meanwhile; its end is reported to us */
	(void)ptrace(PTRACE_CONT, tid, NULL, (void *)(long)sig);
}

/* Continues a tracee in the stop `status` as that stop wants. */
static void
resume_from(pid_t tid, int status)
{
	int sig;

	switch (wptrace_classify(status, &sig)) {
	case PTS_GROUP_STOP:
		(void)ptrace(PTRACE_LISTEN, tid, NULL, NULL);
		break;
	case PTS_SIGNAL:
		resume(tid, sig);
		break;
	case PTS_ENDED:
		break;
	default:
		resume(tid, 0);
	}
}

/* An event of type about tracee t, now. */
static void
event_of(struct fks_event *ev, enum fks_event_type type,
	 const struct tracee *t)
{
	memset(ev, 0, sizeof *ev);
	ev->type = type;
	ev->time_ns = watch_now_ns();
	ev->pid = t->tid;
	ev->tgid = t->tgid;
	ev->parent_pid = ev->parent_tgid = t->ppid;
}

static int
push(struct fks_watch *w, enum fks_event_type type, const struct tracee *t)
{
	struct fks_event ev;

	event_of(&ev, type, t);
	return watch_push(w, &ev);
}

static int
push_exit(struct fks_watch *w, const struct tracee *t, int status)
{
	struct fks_event ev;

	event_of(&ev, FKS_EV_EXIT, t);
	ev.exit_code = status;
	if (t->tid == t->tgid)
		ev.exit_signal = SIGCHLD;
	return watch_push(w, &ev);
}

/* Tgid and PPid of a task from /proc: 0 or a negative errno. */
static int
read_ids(struct fks_watch *w, pid_t tid, pid_t *tgid, pid_t *ppid)
{
	char rel[32], *buf;
	size_t len, full;
	int rc;

	snprintf(rel, sizeof rel, "%d/status", (int)tid);
	rc = fks_root_read_file(w->root, rel, 4096, &buf, &len, &full);
	if (rc < 0)
		return rc;
	rc = wptrace_status_ids(buf, len, tgid, ppid);
	free(buf);
	return rc;
}

/*
 * Tells the child t (a fork, clone or vfork), and lets it run when it
 * was held; one that ended untold is told ended, and dropped.
 */
static int
tell_child(struct fks_watch *w, struct tracee *t, bool thread)
{
	struct wptrace *pt = w->src;
	int rc;

	t->flags |= TR_TOLD;
	rc = push(w, thread ? FKS_EV_CLONE : FKS_EV_FORK, t);
	if (rc == 0 && t->flags & TR_DEAD) {
		rc = push_exit(w, t, t->status);
		drop(pt, t);
		return rc;
	}
	if (t->flags & TR_HELD) {
		t->flags &= ~TR_HELD;
		resume_from(t->tid, t->held_status);
	}
	return rc;
}

/* The event stop of `parent` that names its new child. */
static int
on_new_child(struct fks_watch *w, pid_t parent_tid, enum ptrace_stop kind)
{
	struct wptrace *pt = w->src;
	struct tracee *p, *c;
	unsigned long msg = 0;
	pid_t tgid = 0, ppid;
	bool thread;

	if (ptrace(PTRACE_GETEVENTMSG, parent_tid, NULL, &msg) < 0 || !msg)
		return 0;	/* killed meanwhile: the child is told when
				 * it stops or ends (release_untold) */
	c = find(pt, (pid_t)msg);
	if (c && c->flags & TR_TOLD)
		return 0;
	if (!c && !(c = add(pt, (pid_t)msg)))
		return -ENOMEM;
	p = find(pt, parent_tid);
	if (!p)
		return -EINVAL;	/* (every stop's task is in the table) */
	/* a clone is a thread when the kernel put it in the creator's
	 * group; it exists until we reap it, so /proc has it */
	thread = kind == PTS_CLONE &&
		 read_ids(w, c->tid, &tgid, &ppid) == 0 && tgid == p->tgid;
	c->tgid = thread ? p->tgid : c->tid;
	c->ppid = thread ? p->ppid : p->tgid;
	return tell_child(w, c, thread);
}

/*
 * Tells the children held untold whose creator is no tracee any more
 * (it ended before its event stop): with the parent and group /proc
 * gives them, or none.  With no tracee told left, all of them.
 */
static int
release_untold(struct fks_watch *w)
{
	struct wptrace *pt = w->src;
	struct tracee *t, *p;
	pid_t tgid, ppid;
	bool any_told = false;
	size_t i;
	int rc = 0;

	for (i = 0; i < pt->n; i++)
		if (pt->t[i].flags & TR_TOLD)
			any_told = true;
	for (i = pt->n; i-- > 0 && rc == 0;) {
		t = &pt->t[i];
		if (t->flags & TR_TOLD)
			continue;
		tgid = t->tid;
		ppid = 0;
		if (read_ids(w, t->tid, &tgid, &ppid) == 0) {
			p = find(pt, ppid);
			if (any_told && p && p->flags & TR_TOLD)
				continue;	/* its creator's event is due */
		}
		t->tgid = tgid;
		t->ppid = ppid;
		rc = tell_child(w, t, tgid != t->tid);
	}
	return rc;
}

/* Reads the name and argv of a task stopped at its exec: NAME. */
static int
push_name(struct fks_watch *w, const struct tracee *t)
{
	char rel[32], *comm = NULL, *cmdline = NULL;
	size_t len = 0, clen = 0, full;
	struct fks_event ev;
	int rc;

	memset(&ev, 0, sizeof ev);
	ev.type = FKS_EV_NAME;
	ev.time_ns = watch_now_ns();
	ev.pid = t->tid;
	ev.tgid = t->tgid;
	snprintf(rel, sizeof rel, "%d/comm", (int)t->tid);
	if (fks_root_read_file(w->root, rel, 64, &comm, &len, &full) == 0) {
		if (len > 0 && comm[len - 1] == '\n')
			len--;
		memcpy(ev.comm, comm, len < EV_COMM_MAX ? len : EV_COMM_MAX);
		free(comm);
	}
	snprintf(rel, sizeof rel, "%d/cmdline", (int)t->tid);
	if (fks_root_read_file(w->root, rel, FKS_CMDLINE_MAX, &cmdline,
			       &clen, &full) == 0) {
		rc = watch_keep_buf(w, cmdline);
		if (rc < 0)
			return rc;
		ev.cmdline = cmdline;
		ev.cmdline_len = clen;
	}
	return watch_push(w, &ev);
}

static int
on_exec(struct fks_watch *w, struct tracee *t)
{
	struct wptrace *pt = w->src;
	unsigned long former = 0;
	pid_t tid = t->tid;
	struct tracee *f;
	int rc = 0;

	/* a thread that exec'd took the leader's tid: the thread it was
	 * is gone, as if it had exited 0 (ptrace(2)) */
	if (ptrace(PTRACE_GETEVENTMSG, tid, NULL, &former) == 0 &&
	    (pid_t)former != tid && (f = find(pt, (pid_t)former))) {
		rc = push_exit(w, f, 0);
		drop(pt, f);
		t = find(pt, tid);	/* (drop moved one) */
	}
	t->tgid = t->tid;
	if (rc == 0)
		rc = push(w, FKS_EV_EXEC, t);
	if (rc == 0)
		rc = push_name(w, t);
	return rc;
}

/* One wait status of tid: its events, and the tracee continued. */
static int
on_status(struct fks_watch *w, pid_t tid, int status)
{
	struct wptrace *pt = w->src;
	struct tracee *t = find(pt, tid);
	enum ptrace_stop kind;
	int sig, rc = 0;

	kind = wptrace_classify(status, &sig);
	if (!t) {
		/* a new child before its creator's event: held until then */
		t = add(pt, tid);
		if (!t) {
			resume_from(tid, status);
			return -ENOMEM;
		}
		t->flags = kind == PTS_ENDED ? TR_DEAD : TR_HELD;
		t->held_status = t->status = status;
		return 0;
	}
	if (!(t->flags & TR_TOLD)) {
		/* held: only its end can come (SIGKILL) */
		if (kind == PTS_ENDED) {
			t->flags = (t->flags & ~TR_HELD) | TR_DEAD;
			t->status = status;
		}
		return 0;
	}
	switch (kind) {
	case PTS_FORK:
	case PTS_VFORK:
	case PTS_CLONE:
		rc = on_new_child(w, tid, kind);
		resume(tid, 0);
		break;
	case PTS_EXEC:
		rc = on_exec(w, t);
		resume(tid, 0);
		break;
	case PTS_ENDED:
		rc = push_exit(w, t, status);
		drop(pt, t);
		if (rc == 0)
			rc = release_untold(w);
		break;
	case PTS_EXIT:		/* its end is reported with its status */
	default:
		resume_from(tid, status);
		break;
	}
	return rc;
}

/* Empties the signalfd: the waitpid that follows sees what it told. */
static void
drain_signals(int sfd)
{
	struct signalfd_siginfo si[8];

	while (read(sfd, si, sizeof si) > 0)
		;
}

/* The stops so far, or up to timeout_ms for one, become pushed events;
 * only at the start of a batch. */
static int
ptrace_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	    int timeout_ms, bool fresh, size_t *n)
{
	struct wptrace *pt = w->src;
	struct pollfd pfd = { pt->sfd, POLLIN, 0 };
	uint64_t deadline = 0, now;
	size_t handled = 0;
	int status, rc = 0, wait;
	pid_t tid;

	(void)ev;	/* it pushes its events (watch_push) */
	(void)max;
	*n = 0;
	if (!fresh)
		return 0;
	if (timeout_ms > 0)
		deadline = watch_now_ns() + (uint64_t)timeout_ms * 1000000u;
	while (rc == 0 && handled < BATCH_STOPS) {
		if (pt->n == 0)
			return handled ? 0 : -ENODATA;
		drain_signals(pt->sfd);
		tid = waitpid(-1, &status, __WALL | WNOHANG);
		if (tid > 0) {
			rc = on_status(w, tid, status);
			handled++;
			continue;
		}
		if (tid < 0 && errno == EINTR)
			return -EINTR;
		if (tid < 0) {
			/* ECHILD: no tracee left, whatever the table says */
			pt->n = 0;
			continue;
		}
		if (handled > 0 || timeout_ms == 0)
			break;
		wait = WAIT_CAP_MS;
		if (timeout_ms > 0) {
			now = watch_now_ns();
			if (now >= deadline)
				break;
			if ((deadline - now) / 1000000u < WAIT_CAP_MS)
				wait = (int)((deadline - now + 999999) /
					     1000000u);
		}
		if (poll(&pfd, 1, wait) < 0 && errno == EINTR)
			return -EINTR;
	}
	return rc;
}

static int
ptrace_fd(const struct fks_watch *w)
{
	const struct wptrace *pt = w->src;

	return pt->sfd;
}

/* The task the caller is, as the first (and only) task of a resync. */
static int
push_self(struct fks_watch *w)
{
	struct fks_event ev;
	int rc;

	memset(&ev, 0, sizeof ev);
	ev.type = FKS_EV_RESYNC;
	ev.time_ns = watch_now_ns();
	ev.lost = 1;
	rc = watch_push(w, &ev);
	if (rc < 0)
		return rc;
	ev.type = FKS_EV_TASK;
	ev.lost = 0;
	ev.pid = ev.tgid = getpid();
	ev.parent_tgid = getppid();
	ev.euid = geteuid();
	ev.state = 'R';
	(void)prctl(PR_GET_NAME, ev.comm, 0, 0, 0);
	return watch_push(w, &ev);
}

static void ptrace_free(struct fks_watch *w);

static const struct watch_source ptrace_source = {
	.name = "ptrace",
	.fill = ptrace_fill,
	.fd = ptrace_fd,
	.free = ptrace_free,
};

int
wptrace_open(struct fks_watch *w, pid_t pid)
{
	struct wptrace *pt;
	struct tracee *t;
	sigset_t set;
	int rc;

	w->source = FKS_WS_PTRACE;
	if (fks_root_is_snapshot(w->root) || !fks_root_pids_are_ours(w->root))
		return watch_fail(w, -EINVAL, "%s is not this pid namespace's "
				  "live /proc", fks_root_path(w->root));
	pt = calloc(1, sizeof *pt);
	if (!pt)
		return -ENOMEM;
	w->ops = &ptrace_source;
	w->src = pt;
	pt->sfd = -1;
	pt->root = pid;
	if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)OPTIONS) < 0) {
		rc = -errno;
		return watch_fail(w, rc, "cannot trace process %d: %s",
				  (int)pid, strerror(-rc));
	}
	t = add(pt, pid);
	if (!t)
		return -ENOMEM;
	t->ppid = getpid();
	t->flags = TR_TOLD;
	/* a stop is told by SIGCHLD only when it is not ignored */
	sigaction(SIGCHLD, NULL, &pt->oldchld);
	if (pt->oldchld.sa_handler == SIG_IGN ||
	    pt->oldchld.sa_flags & SA_NOCLDSTOP) {
		struct sigaction dfl;

		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGCHLD, &dfl, NULL);
		pt->chld_set = true;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &pt->oldmask);
	pt->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (pt->sfd < 0)
		return watch_fail(w, -errno, "signalfd: %s", strerror(errno));
	rc = watch_set_headers(w, ptrace_source.name);
	if (rc == 0)
		rc = push_self(w);
	if (rc == 0)
		rc = push(w, FKS_EV_FORK, t);
	return rc;
}

/*
 * Lets every tracee go: each is stopped (PTRACE_INTERRUPT; a new child
 * stops by itself) and detached, with the signal it was stopped to
 * receive; a group-stopped one stays stopped, as without us.  The
 * command's end is not reaped here: it stays for the caller's waitpid.
 * What has not stopped within DETACH_MS is left to PTRACE_O_EXITKILL.
 */
static void
detach_all(struct wptrace *pt)
{
	struct pollfd pfd = { pt->sfd, POLLIN, 0 };
	uint64_t deadline = watch_now_ns() + DETACH_MS * 1000000ull;
	unsigned long msg;
	struct tracee *t;
	siginfo_t si;
	int status, sig;
	size_t i;
	pid_t tid;

	for (i = pt->n; i-- > 0;) {
		t = &pt->t[i];
		if (t->flags & TR_DEAD) {
			drop(pt, t);
		} else if (t->flags & TR_HELD) {
			(void)ptrace(PTRACE_DETACH, t->tid, NULL,
				     (void *)(long)(wptrace_classify(
					     t->held_status, &sig) ==
					     PTS_SIGNAL ? sig : 0));
			drop(pt, t);
		} else {
			(void)ptrace(PTRACE_INTERRUPT, t->tid, NULL, NULL);
		}
	}
	while (pt->n > 0 && watch_now_ns() < deadline) {
		drain_signals(pt->sfd);
		for (i = pt->n; i-- > 0;) {
			t = &pt->t[i];
			tid = t->tid;
			if (tid == pt->root) {
				/* its end is the caller's to reap (a tracee's
				 * stops come with WEXITED alone too) */
				memset(&si, 0, sizeof si);
				if (waitid(P_PID, (id_t)tid, &si, WEXITED |
					   __WALL | WNOHANG | WNOWAIT) == 0 &&
				    si.si_pid == tid &&
				    si.si_code != CLD_TRAPPED &&
				    si.si_code != CLD_STOPPED) {
					drop(pt, t);
					continue;
				}
			}
			if (waitpid(tid, &status, __WALL | WNOHANG) != tid)
				continue;
			switch (wptrace_classify(status, &sig)) {
			case PTS_ENDED:
				break;
			case PTS_FORK:
			case PTS_VFORK:
			case PTS_CLONE:
				/* its child stops by itself: detached then */
				msg = 0;
				(void)ptrace(PTRACE_GETEVENTMSG, tid, NULL,
					     &msg);
				if (msg && !find(pt, (pid_t)msg) &&
				    add(pt, (pid_t)msg))
					t = find(pt, tid);
				(void)ptrace(PTRACE_DETACH, tid, NULL, NULL);
				break;
			case PTS_SIGNAL:
				(void)ptrace(PTRACE_DETACH, tid, NULL,
					     (void *)(long)sig);
				break;
			default:
				(void)ptrace(PTRACE_DETACH, tid, NULL, NULL);
			}
			if (t)
				drop(pt, t);
		}
		if (pt->n > 0)
			(void)poll(&pfd, 1, 10);
	}
}

static void
ptrace_free(struct fks_watch *w)
{
	struct wptrace *pt = w->src;

	if (pt->n > 0 && pt->sfd >= 0)
		detach_all(pt);
	if (pt->sfd >= 0) {
		close(pt->sfd);
		sigprocmask(SIG_SETMASK, &pt->oldmask, NULL);
	}
	if (pt->chld_set)
		sigaction(SIGCHLD, &pt->oldchld, NULL);
	free(pt->t);
	free(pt);
}


