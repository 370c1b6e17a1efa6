/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-watch.c - the watcher's tracker (tracker.c) through replays of
 * record files made here, event by event, with fks_record_encode: seeds,
 * forks, execs, exits, threads, orphans, pid reuse, resyncs, marks, the
 * copies items carry, batching; then the record file's errors (corrupt,
 * truncated, no header) and the record codec itself (record.c).  No live
 * kernel and no /proc: every fact asserted is one the records state.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

#define HEADER "FKSREC 1\nstart_monotonic_ns=1000\n" \
	"start_realtime_ns=1700000000000000000\nhost=test\n\n"
#define MAXREC 512
#define MAXGOT 512

/* A command line as /proc gives it: NUL-separated, NUL-terminated. */
#define CMD(s) .cmdline = (s), .cmdline_len = sizeof(s) - 1
#define EV(...) ((struct fks_event){ __VA_ARGS__ })

static char tmpdir[] = "/tmp/test-watch.XXXXXX";
static unsigned char *encbuf;	/* FKS_RECORD_MAX bytes */

/* ---- writing record files ---- */

struct recfile {
	char path[PATH_MAX];
	int fd;
	size_t size;		/* bytes written so far */
	size_t nrec;
	size_t start[MAXREC];	/* file offset of each record */
	size_t len[MAXREC];	/* and its size */
};

static void
rec_open(struct recfile *r, const char *name)
{
	memset(r, 0, sizeof *r);
	snprintf(r->path, sizeof r->path, "%s/%s", tmpdir, name);
	r->fd = open(r->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CU_ASSERT_FATAL(r->fd >= 0);
	CU_ASSERT_FATAL(write(r->fd, HEADER, strlen(HEADER)) ==
			(ssize_t)strlen(HEADER));
	r->size = strlen(HEADER);
}

/* Appends one event as a record; returns its number (1-based). */
static size_t
rec_add(struct recfile *r, struct fks_event ev)
{
	size_t len = fks_record_encode(&ev, encbuf);

	CU_ASSERT_FATAL(r->nrec < MAXREC);
	CU_ASSERT_FATAL(len <= FKS_RECORD_MAX);
	CU_ASSERT_FATAL(write(r->fd, encbuf, len) == (ssize_t)len);
	r->start[r->nrec] = r->size;
	r->len[r->nrec] = len;
	r->size += len;
	return ++r->nrec;
}

static void
rec_close(struct recfile *r)
{
	CU_ASSERT_FATAL(close(r->fd) == 0);
	r->fd = -1;
}

static struct fks_event
task_ev(pid_t pid, pid_t tgid, pid_t ppid, uid_t euid, uint64_t start,
	const char *comm, const char *cmdline, size_t cmdline_len)
{
	struct fks_event ev;

	memset(&ev, 0, sizeof ev);
	ev.type = FKS_EV_TASK;
	ev.time_ns = 1000;
	ev.pid = pid;
	ev.tgid = tgid;
	ev.parent_pid = ev.parent_tgid = ppid;
	ev.euid = euid;
	ev.start_ns = start;
	ev.state = 'S';
	snprintf(ev.comm, sizeof ev.comm, "%s", comm);
	ev.cmdline = cmdline;
	ev.cmdline_len = cmdline_len;
	return ev;
}

#define INIT_CMD "/sbin/init\0"
#define SH_CMD "sh\0-c\0x\0"

/*
 * The usual seed: init (1), a shell (100, euid 1000) and a thread of it
 * (101): three tasks present at the start.
 */
static void
seed(struct recfile *r)
{
	rec_add(r, EV(.type = FKS_EV_RESYNC, .time_ns = 1000, .lost = 3));
	rec_add(r, task_ev(1, 1, 0, 0, 10, "init", INIT_CMD,
			   sizeof INIT_CMD - 1));
	rec_add(r, task_ev(100, 100, 1, 1000, 500, "sh", SH_CMD,
			   sizeof SH_CMD - 1));
	rec_add(r, task_ev(101, 100, 1, 1000, 600, "sh", SH_CMD,
			   sizeof SH_CMD - 1));
}

static struct fks_event
fork_ev(uint64_t t, pid_t pid, pid_t parent)
{
	return EV(.type = FKS_EV_FORK, .time_ns = t, .pid = pid, .tgid = pid,
		  .parent_pid = parent, .parent_tgid = parent);
}

static struct fks_event
exit_ev(uint64_t t, pid_t pid, pid_t tgid, int status)
{
	return EV(.type = FKS_EV_EXIT, .time_ns = t, .pid = pid, .tgid = tgid,
		  .exit_code = status, .exit_signal = SIGCHLD);
}

/* ---- reading them back ---- */

/* Every item handed out, copied with its command lines (which are only
 * valid until the next fks_watch_next). */
struct got {
	struct fks_watch_item it[MAXGOT];
	size_t batch[MAXGOT];	/* the call that handed each out */
	size_t n, nbatches;
	int rc;			/* the error that ended the replay */
	char err[256];		/* and fks_watch_error then */
	char *keep[3 * MAXGOT];
	size_t nkeep;
};

static const char *
keep(struct got *g, const char *s, size_t len)
{
	char *copy;

	if (!s)
		return NULL;
	copy = malloc(len + 1);
	CU_ASSERT_FATAL(copy != NULL);
	memcpy(copy, s, len);
	copy[len] = '\0';
	g->keep[g->nkeep++] = copy;
	return copy;
}

static struct got *
got_new(void)
{
	struct got *g = calloc(1, sizeof *g);

	CU_ASSERT_FATAL(g != NULL);
	return g;
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->nkeep; i++)
		free(g->keep[i]);
	free(g);
}

static struct fks_watch *
open_replay(const char *path)
{
	struct fks_watch *w = NULL;

	CU_ASSERT_EQUAL_FATAL(fks_watch_open_replay(path, &w), 0);
	CU_ASSERT_EQUAL(fks_watch_source(w), FKS_WS_REPLAY);
	CU_ASSERT_EQUAL(fks_watch_fd(w), -1);
	return w;
}

/* One call of fks_watch_next(max); appends its items to g. */
static int
step(struct fks_watch *w, size_t max, struct got *g)
{
	struct fks_watch_item items[64];
	struct fks_watch_item *it;
	const char *e;
	size_t n = 99, i;
	int rc;

	CU_ASSERT_FATAL(max <= 64);
	rc = fks_watch_next(w, items, max, 0, &n);
	if (rc < 0) {
		CU_ASSERT_EQUAL(n, 0);
		g->rc = rc;
		e = fks_watch_error(w);
		snprintf(g->err, sizeof g->err, "%s", e ? e : "");
		return rc;
	}
	CU_ASSERT(n > 0 && n <= max);
	for (i = 0; i < n && g->n < MAXGOT; i++) {
		it = &g->it[g->n];
		*it = items[i];
		it->ev.cmdline = keep(g, items[i].ev.cmdline,
				      items[i].ev.cmdline_len);
		it->task.cmdline = keep(g, items[i].task.cmdline,
					items[i].task.cmdline_len);
		it->parent.cmdline = keep(g, items[i].parent.cmdline,
					  items[i].parent.cmdline_len);
		g->batch[g->n++] = g->nbatches;
	}
	g->nbatches++;
	return n == 0 ? -EIO : 0;
}

/* Replays to the end; returns the stream, for fks_watch_find. */
static struct fks_watch *
replay_all(struct fks_watch *w, size_t max, struct got *g)
{
	while (step(w, max, g) == 0)
		;
	return w;
}

/* The index of the first item of that type and pid at or after `from`. */
static size_t
find_item(const struct got *g, size_t from, enum fks_event_type type,
	  pid_t pid)
{
	size_t i;

	for (i = from; i < g->n; i++)
		if (g->it[i].ev.type == type && g->it[i].ev.pid == pid)
			return i;
	CU_FAIL_FATAL("no such item");
	return 0;
}

/* ---- the tracker ---- */

static void
test_seed(void)
{
	struct got *g = got_new();
	const struct fks_wtask *t;
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "seed");
	seed(&r);
	rec_add(&r, fork_ev(2000, 200, 100));
	rec_close(&r);
	w = open_replay(r.path);
	CU_ASSERT_STRING_EQUAL(fks_watch_header(w, "start_monotonic_ns"),
			       "1000");
	CU_ASSERT_STRING_EQUAL(fks_watch_header(w, "host"), "test");
	CU_ASSERT_PTR_NULL(fks_watch_header(w, "kernel"));
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	/* the resync and its three tasks, then the batch ends */
	CU_ASSERT_EQUAL_FATAL(g->n, 4);
	CU_ASSERT_EQUAL(g->it[0].ev.type, FKS_EV_RESYNC);
	CU_ASSERT_FALSE(g->it[0].known);
	CU_ASSERT_EQUAL(g->it[3].ev.type, FKS_EV_TASK);
	CU_ASSERT_TRUE(g->it[2].known);
	CU_ASSERT_TRUE(g->it[2].parent_known);
	CU_ASSERT_EQUAL(g->it[2].parent.pid, 1);
	t = fks_watch_find(w, 100);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->pid, 100);
	CU_ASSERT_EQUAL(t->tgid, 100);
	CU_ASSERT_EQUAL(t->ppid, 1);
	CU_ASSERT_EQUAL(t->euid, 1000);
	CU_ASSERT_EQUAL(t->start_ns, 500);
	CU_ASSERT_EQUAL(t->flags, 0);	/* read, not inherited; no fork seen */
	CU_ASSERT_STRING_EQUAL(t->comm, "sh");
	CU_ASSERT_EQUAL_FATAL(t->cmdline_len, sizeof SH_CMD - 1);
	CU_ASSERT(memcmp(t->cmdline, SH_CMD, sizeof SH_CMD - 1) == 0);
	t = fks_watch_find(w, 101);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->tgid, 100);
	CU_ASSERT_EQUAL(t->flags, FKS_WT_THREAD);
	t = fks_watch_find(w, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->ppid, 0);
	CU_ASSERT_PTR_NULL(fks_watch_find(w, 200));
	/* then the fork, then the end */
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL(g->n, 5);
	CU_ASSERT_EQUAL(step(w, 64, g), -ENODATA);
	CU_ASSERT_STRING_EQUAL(g->err, "");
	/* and it stays at the end */
	CU_ASSERT_EQUAL(step(w, 64, g), -ENODATA);
	fks_watch_free(w);
	got_free(g);
}

/* A fork, an exec and its name, an exit with a status, a kill. */
static void
test_fork_exec_exit(void)
{
	struct got *g = got_new();
	const struct fks_watch_item *it;
	const struct fks_wtask *t;
	struct fks_watch *w;
	struct recfile r;
	size_t i;

	rec_open(&r, "fork-exec-exit");
	seed(&r);
	rec_add(&r, fork_ev(5000, 200, 100));
	rec_add(&r, EV(.type = FKS_EV_EXEC, .time_ns = 6000, .pid = 200,
		       .tgid = 200));
	rec_add(&r, EV(.type = FKS_EV_NAME, .time_ns = 6000, .pid = 200,
		       .tgid = 200, .comm = "ls", CMD("ls\0-l\0")));
	rec_add(&r, exit_ev(9000, 200, 200, 3 << 8));
	rec_add(&r, fork_ev(10000, 201, 100));
	rec_add(&r, exit_ev(10250, 201, 201, SIGKILL));
	rec_close(&r);
	w = replay_all(open_replay(r.path), 64, g);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);

	/* the fork: a copy of the shell, with an exact start */
	i = find_item(g, 0, FKS_EV_FORK, 200);
	it = &g->it[i];
	CU_ASSERT_TRUE(it->known);
	CU_ASSERT_TRUE(it->parent_known);
	CU_ASSERT_EQUAL(it->parent.pid, 100);
	CU_ASSERT_STRING_EQUAL(it->parent.comm, "sh");
	CU_ASSERT_EQUAL(it->task.pid, 200);
	CU_ASSERT_EQUAL(it->task.tgid, 200);
	CU_ASSERT_EQUAL(it->task.ppid, 100);
	CU_ASSERT_EQUAL(it->task.start_ns, 5000);
	CU_ASSERT_EQUAL(it->task.euid, 1000);
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START | FKS_WT_INHERITED);
	CU_ASSERT_STRING_EQUAL(it->task.comm, "sh");
	CU_ASSERT_EQUAL_FATAL(it->task.cmdline_len, sizeof SH_CMD - 1);
	CU_ASSERT(memcmp(it->task.cmdline, SH_CMD, sizeof SH_CMD - 1) == 0);

	/* the exec: still the old name, which is now not read */
	it = &g->it[i + 1];
	CU_ASSERT_EQUAL(it->ev.type, FKS_EV_EXEC);
	CU_ASSERT_STRING_EQUAL(it->task.comm, "sh");
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START | FKS_WT_INHERITED);
	/* the name read after it */
	it = &g->it[i + 2];
	CU_ASSERT_EQUAL(it->ev.type, FKS_EV_NAME);
	CU_ASSERT_EQUAL(g->batch[i + 1], g->batch[i + 2]);
	CU_ASSERT_STRING_EQUAL(it->task.comm, "ls");
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START);
	CU_ASSERT_EQUAL(it->task.start_ns, 5000);
	CU_ASSERT_EQUAL_FATAL(it->task.cmdline_len, 6);
	CU_ASSERT(memcmp(it->task.cmdline, "ls\0-l\0", 6) == 0);

	/* the exit: status and lifetime */
	it = &g->it[find_item(g, 0, FKS_EV_EXIT, 200)];
	CU_ASSERT_TRUE(it->known);
	CU_ASSERT_EQUAL(it->lifetime_ns, 4000);
	CU_ASSERT_EQUAL(it->task.exit_ns, 9000);
	CU_ASSERT_EQUAL(it->task.exit_code, 3 << 8);
	CU_ASSERT_TRUE(WIFEXITED(it->task.exit_code));
	CU_ASSERT_EQUAL(WEXITSTATUS(it->task.exit_code), 3);
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START | FKS_WT_EXITED);
	CU_ASSERT_STRING_EQUAL(it->task.comm, "ls");
	CU_ASSERT_EQUAL(it->orphans, 0);
	/* a process stays known after its exit (a zombie until reaped) */
	t = fks_watch_find(w, 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT(t->flags & FKS_WT_EXITED);
	CU_ASSERT_EQUAL(t->exit_code, 3 << 8);

	it = &g->it[find_item(g, 0, FKS_EV_EXIT, 201)];
	CU_ASSERT_EQUAL(it->lifetime_ns, 250);
	CU_ASSERT_TRUE(WIFSIGNALED(it->task.exit_code));
	CU_ASSERT_EQUAL(WTERMSIG(it->task.exit_code), SIGKILL);
	CU_ASSERT_STRING_EQUAL(it->task.comm, "sh");
	CU_ASSERT(it->task.flags & FKS_WT_INHERITED);
	fks_watch_free(w);
	got_free(g);
}

/*
 * Events that carry the kernel's name at the moment (FKS_EVF_NAMED, the
 * BPF source's): a forked child and an exiting task take that name, read,
 * not inherited; events without the flag keep the inherited one.
 */
static void
test_named_events(void)
{
	struct got *g = got_new();
	const struct fks_watch_item *it;
	struct fks_event ev;
	struct recfile r;

	rec_open(&r, "named");
	seed(&r);
	/* the shell renamed itself before forking, unseen: the kernel's
	 * name at the fork is the true one */
	ev = fork_ev(5000, 200, 100);
	ev.flags = FKS_EVF_NAMED;
	memcpy(ev.comm, "worker", 7);
	rec_add(&r, ev);
	/* an exit names the task as it was at its end */
	ev = exit_ev(6000, 200, 200, 0);
	ev.flags = FKS_EVF_NAMED | FKS_EVF_GROUP_DEAD;
	memcpy(ev.comm, "worker-2", 9);
	rec_add(&r, ev);
	/* without the flag, the comm of an exit changes nothing */
	rec_add(&r, fork_ev(7000, 201, 100));
	ev = exit_ev(8000, 201, 201, 0);
	memcpy(ev.comm, "ignored", 8);
	rec_add(&r, ev);
	rec_close(&r);
	fks_watch_free(replay_all(open_replay(r.path), 64, g));
	CU_ASSERT_EQUAL(g->rc, -ENODATA);

	it = &g->it[find_item(g, 0, FKS_EV_FORK, 200)];
	CU_ASSERT_STRING_EQUAL(it->task.comm, "worker");
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START);
	/* the command line is still the shell's: a fork copies it */
	CU_ASSERT_EQUAL_FATAL(it->task.cmdline_len, sizeof SH_CMD - 1);
	CU_ASSERT_STRING_EQUAL(it->parent.comm, "sh");
	it = &g->it[find_item(g, 0, FKS_EV_EXIT, 200)];
	CU_ASSERT_STRING_EQUAL(it->task.comm, "worker-2");
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START | FKS_WT_EXITED);
	CU_ASSERT(it->ev.flags & FKS_EVF_GROUP_DEAD);
	it = &g->it[find_item(g, 0, FKS_EV_EXIT, 201)];
	CU_ASSERT_STRING_EQUAL(it->task.comm, "sh");
	CU_ASSERT(it->task.flags & FKS_WT_INHERITED);
	got_free(g);
}

/*
 * A thread: the kernel's clone event names the *process's* parent (a
 * thread's real_parent is its process's), so the thread must take its
 * name, user and marks from its process (tgid), not from that parent.
 */
static void
test_thread(void)
{
	struct got *g = got_new();
	const struct fks_watch_item *it;
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "thread");
	seed(&r);
	rec_add(&r, EV(.type = FKS_EV_CLONE, .time_ns = 7000, .pid = 102,
		       .tgid = 100, .parent_pid = 1, .parent_tgid = 1));
	rec_add(&r, exit_ev(7500, 102, 100, 0));
	rec_close(&r);
	w = open_replay(r.path);
	CU_ASSERT_EQUAL(fks_watch_mark(w, 100, 4), 0);
	replay_all(w, 64, g);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);

	it = &g->it[find_item(g, 0, FKS_EV_CLONE, 102)];
	CU_ASSERT_TRUE(it->known);
	CU_ASSERT_EQUAL(it->task.pid, 102);
	CU_ASSERT_EQUAL(it->task.tgid, 100);
	CU_ASSERT_EQUAL(it->task.ppid, 1);	/* its process's parent */
	CU_ASSERT_EQUAL(it->task.start_ns, 7000);
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START | FKS_WT_INHERITED |
					FKS_WT_THREAD);
	CU_ASSERT_STRING_EQUAL(it->task.comm, "sh");
	CU_ASSERT_EQUAL(it->task.euid, 1000);
	CU_ASSERT_EQUAL(it->task.marks, 4);
	CU_ASSERT_EQUAL(it->task.cmdline_len, sizeof SH_CMD - 1);

	it = &g->it[find_item(g, 0, FKS_EV_EXIT, 102)];
	CU_ASSERT_TRUE(it->known);
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START | FKS_WT_INHERITED |
					FKS_WT_THREAD | FKS_WT_EXITED);
	CU_ASSERT_EQUAL(it->lifetime_ns, 500);
	CU_ASSERT_EQUAL(it->orphans, 0);
	/* a thread is forgotten at its exit; its process lives on */
	CU_ASSERT_PTR_NULL(fks_watch_find(w, 102));
	CU_ASSERT_PTR_NOT_NULL_FATAL(fks_watch_find(w, 100));
	CU_ASSERT_EQUAL(fks_watch_find(w, 100)->flags, 0);
	fks_watch_free(w);
	got_free(g);
}

/*
 * A clone whose pid is its own tgid: a thread that leads itself, which the
 * kernel never sends but a hostile record can hold.  Its exit once made
 * the count of exited processes wrap below zero, and the next batch asked
 * for SIZE_MAX * 8 bytes: the replay ended with ENOMEM after that exit.
 * Every event after it must come out, each exit with its task.
 */
static void
test_clone_self_leader(void)
{
	struct got *g = got_new();
	struct fks_watch *w;
	struct recfile r;
	size_t i, total;
	pid_t pid;

	rec_open(&r, "clone-self");
	seed(&r);
	rec_add(&r, EV(.type = FKS_EV_CLONE, .time_ns = 7000, .pid = 300,
		       .tgid = 300, .parent_pid = 1, .parent_tgid = 1));
	rec_add(&r, exit_ev(7100, 300, 300, 0));
	/* the same again after a process of that pid exited as a zombie */
	rec_add(&r, fork_ev(7200, 301, 100));
	rec_add(&r, exit_ev(7300, 301, 301, 0));
	rec_add(&r, EV(.type = FKS_EV_CLONE, .time_ns = 7400, .pid = 301,
		       .tgid = 301, .parent_pid = 1, .parent_tgid = 1));
	rec_add(&r, exit_ev(7500, 301, 301, 0));
	for (pid = 400; pid < 440; pid++) {
		rec_add(&r, fork_ev(8000 + 10 * (uint64_t)pid, pid, 100));
		rec_add(&r, exit_ev(8005 + 10 * (uint64_t)pid, pid, pid, 0));
	}
	total = r.nrec;
	rec_close(&r);
	/* small batches: many a batch starts after a counted exit */
	w = replay_all(open_replay(r.path), 3, g);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);
	CU_ASSERT_STRING_EQUAL(g->err, "");
	CU_ASSERT_EQUAL(g->n, total);
	for (pid = 400; pid < 440; pid++) {
		i = find_item(g, 0, FKS_EV_EXIT, pid);
		CU_ASSERT_TRUE(g->it[i].known);
		CU_ASSERT_EQUAL(g->it[i].lifetime_ns, 5);
	}
	/* the self-led "thread" is forgotten at its exit, like any thread */
	CU_ASSERT_PTR_NULL(fks_watch_find(w, 300));
	fks_watch_free(w);
	got_free(g);
}

/*
 * A replay that runs out of memory stops at a record it names, after every
 * event before it, and never hands out a half-made item.  The tracker of a
 * record of 400,000 live processes needs some 60 MiB: a child replays it
 * with its address space limited to 32 MiB more than it uses.  (Skipped
 * under ASan, whose shadow memory needs far more address space and whose
 * allocator reports a failed allocation instead of returning NULL.)
 */
#define OOM_FORKS 400000

#if !defined(__SANITIZE_ADDRESS__)
static void
oom_child(const char *path)
{
	struct fks_watch_item items[64];
	struct fks_watch *w = NULL;
	unsigned long long handed = 0, want;
	struct rlimit rl;
	const char *e;
	size_t n;
	long pages = 0;
	FILE *f;
	int rc;

	f = fopen("/proc/self/statm", "r");
	if (!f || fscanf(f, "%ld", &pages) != 1)
		_exit(10);
	fclose(f);
	rl.rlim_cur = rl.rlim_max = (rlim_t)pages * 4096 + (32u << 20);
	if (setrlimit(RLIMIT_AS, &rl) < 0)
		_exit(11);
	if (fks_watch_open_replay(path, &w) < 0)
		_exit(12);
	while ((rc = fks_watch_next(w, items, 64, 0, &n)) == 0) {
		/* the items are records 1, 2, ... in order */
		if (n == 0 || items[0].ev.pid != (pid_t)(1000 + handed) ||
		    !items[n - 1].known)
			_exit(13);
		handed += n;
	}
	if (rc != -ENOMEM)
		_exit(14);	/* not out of memory: the limit is too loose */
	e = fks_watch_error(w);
	if (!e || sscanf(e, "record %llu", &want) != 1 || want != handed + 1 ||
	    !strstr(e, strerror(ENOMEM)))
		_exit(15);
	/* the error stays */
	if (fks_watch_next(w, items, 64, 0, &n) != -ENOMEM || n != 0 ||
	    strcmp(fks_watch_error(w), e) != 0)
		_exit(16);
	_exit(0);
}
#endif

static void
test_replay_out_of_memory(void)
{
#if defined(__SANITIZE_ADDRESS__)
	CU_PASS("skipped under ASan");
#else
	char path[PATH_MAX];
	struct fks_event ev;
	FILE *f;
	bool written = true;
	pid_t child, pid;
	int status;
	size_t len;

	snprintf(path, sizeof path, "%s/oom", tmpdir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(HEADER, f);
	for (pid = 1000; pid < 1000 + OOM_FORKS; pid++) {
		ev = fork_ev(2000 + (uint64_t)pid, pid, 1);
		len = fks_record_encode(&ev, encbuf);
		written &= fwrite(encbuf, 1, len, f) == len;
	}
	CU_ASSERT_FATAL(fclose(f) == 0 && written);
	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0)
		oom_child(path);
	CU_ASSERT_EQUAL_FATAL(waitpid(child, &status, 0), child);
	CU_ASSERT_TRUE(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	unlink(path);
#endif
}

/* A process exits before its children: they are orphans until a
 * REPARENT names their new parent. */
static void
test_orphans(void)
{
	struct got *g = got_new();
	const struct fks_watch_item *it;
	const struct fks_wtask *t;
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "orphans");
	seed(&r);
	rec_add(&r, fork_ev(2000, 300, 100));
	rec_add(&r, fork_ev(2100, 301, 300));
	rec_add(&r, fork_ev(2200, 302, 300));
	rec_add(&r, fork_ev(2300, 303, 300));
	rec_add(&r, exit_ev(2400, 302, 302, 0));	/* a zombie child */
	rec_add(&r, exit_ev(3000, 300, 300, 0));
	rec_add(&r, EV(.type = FKS_EV_REPARENT, .time_ns = 3000, .pid = 301,
		       .tgid = 301, .parent_pid = 1, .parent_tgid = 1));
	rec_close(&r);
	w = replay_all(open_replay(r.path), 64, g);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);

	it = &g->it[find_item(g, 0, FKS_EV_EXIT, 300)];
	CU_ASSERT_EQUAL(it->orphans, 2);	/* 301 and 303, not the zombie */
	CU_ASSERT_EQUAL(it->lifetime_ns, 1000);
	t = fks_watch_find(w, 303);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT(t->flags & FKS_WT_ORPHANED);
	CU_ASSERT_EQUAL(t->orphan_of, 300);
	CU_ASSERT_EQUAL(t->orphan_ns, 3000);
	CU_ASSERT_EQUAL(t->ppid, 0);
	t = fks_watch_find(w, 302);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_FALSE(t->flags & FKS_WT_ORPHANED);
	CU_ASSERT_EQUAL(t->ppid, 300);

	it = &g->it[find_item(g, 0, FKS_EV_REPARENT, 301)];
	CU_ASSERT_TRUE(it->known);
	CU_ASSERT_EQUAL(it->task.ppid, 1);
	CU_ASSERT(it->task.flags & FKS_WT_ORPHANED);
	CU_ASSERT_EQUAL(it->task.orphan_of, 300);
	CU_ASSERT_EQUAL(it->task.orphan_ns, 3000);
	CU_ASSERT_TRUE(it->parent_known);
	CU_ASSERT_EQUAL(it->parent.pid, 1);
	CU_ASSERT_STRING_EQUAL(it->parent.comm, "init");
	CU_ASSERT_EQUAL(fks_watch_find(w, 301)->ppid, 1);
	fks_watch_free(w);
	got_free(g);
}

/* A fork that reuses a pid still known makes a new task: nothing of the
 * old one (name, exit, start, children) carries over. */
static void
test_pid_reuse(void)
{
	struct got *g = got_new();
	const struct fks_watch_item *it;
	const struct fks_wtask *t;
	struct fks_watch *w;
	struct recfile r;
	size_t i;

	rec_open(&r, "pid-reuse");
	rec_add(&r, EV(.type = FKS_EV_RESYNC, .time_ns = 1000, .lost = 4));
	rec_add(&r, task_ev(1, 1, 0, 0, 10, "init", INIT_CMD,
			   sizeof INIT_CMD - 1));
	rec_add(&r, task_ev(100, 100, 1, 1000, 500, "sh", SH_CMD,
			   sizeof SH_CMD - 1));
	rec_add(&r, task_ev(400, 400, 100, 1000, 600, "old4", "old4", 4));
	rec_add(&r, task_ev(401, 401, 400, 1000, 700, "kid", "kid", 3));
	rec_add(&r, fork_ev(2000, 200, 100));
	rec_add(&r, EV(.type = FKS_EV_EXEC, .time_ns = 2100, .pid = 200,
		       .tgid = 200));
	rec_add(&r, EV(.type = FKS_EV_NAME, .time_ns = 2100, .pid = 200,
		       .tgid = 200, .comm = "old", CMD("old\0")));
	rec_add(&r, exit_ev(2500, 200, 200, 1 << 8));
	/* 200 is a known zombie; the pid comes back under init */
	rec_add(&r, fork_ev(8000, 200, 1));
	rec_add(&r, exit_ev(8100, 200, 200, 0));
	/* 400's exit was never seen (lost): its pid comes back */
	rec_add(&r, fork_ev(9000, 400, 1));
	rec_add(&r, exit_ev(9500, 400, 400, 0));
	rec_close(&r);
	w = replay_all(open_replay(r.path), 64, g);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);

	i = find_item(g, 0, FKS_EV_EXIT, 200);
	CU_ASSERT_EQUAL(g->it[i].task.exit_code, 1 << 8);
	it = &g->it[find_item(g, i, FKS_EV_FORK, 200)];
	CU_ASSERT_EQUAL(it->task.start_ns, 8000);
	CU_ASSERT_EQUAL(it->task.flags, FKS_WT_EXACT_START | FKS_WT_INHERITED);
	CU_ASSERT_EQUAL(it->task.exit_ns, 0);
	CU_ASSERT_EQUAL(it->task.exit_code, 0);
	CU_ASSERT_EQUAL(it->task.ppid, 1);
	CU_ASSERT_EQUAL(it->task.euid, 0);
	CU_ASSERT_STRING_EQUAL(it->task.comm, "init");
	CU_ASSERT_EQUAL_FATAL(it->task.cmdline_len, sizeof INIT_CMD - 1);
	CU_ASSERT(memcmp(it->task.cmdline, INIT_CMD, sizeof INIT_CMD - 1) == 0);
	it = &g->it[find_item(g, i + 1, FKS_EV_EXIT, 200)];
	CU_ASSERT_EQUAL(it->lifetime_ns, 100);	/* from 8000, not 2000 */
	CU_ASSERT_STRING_EQUAL(it->task.comm, "init");

	/* the old 400's child is not the new 400's */
	it = &g->it[find_item(g, 0, FKS_EV_FORK, 400)];
	CU_ASSERT_STRING_EQUAL(it->task.comm, "init");
	CU_ASSERT_EQUAL(it->task.start_ns, 9000);
	it = &g->it[find_item(g, 0, FKS_EV_EXIT, 400)];
	CU_ASSERT_EQUAL(it->orphans, 0);
	CU_ASSERT_EQUAL(it->lifetime_ns, 500);
	t = fks_watch_find(w, 401);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->ppid, 0);	/* not known: not the new 400 */
	CU_ASSERT_FALSE(t->flags & FKS_WT_ORPHANED);
	fks_watch_free(w);
	got_free(g);
}

/* A resync: tasks not listed again are dropped; those listed keep their
 * exact start when it is the same task. */
static void
test_resync(void)
{
	struct got *g = got_new();
	const struct fks_wtask *t;
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "resync");
	seed(&r);
	rec_add(&r, fork_ev(5000000, 200, 100));
	rec_add(&r, fork_ev(5000000, 201, 100));
	rec_add(&r, EV(.type = FKS_EV_LOST, .time_ns = 6000000, .cpu = 1,
		       .lost = 7));
	rec_add(&r, EV(.type = FKS_EV_RESYNC, .time_ns = 6000000, .lost = 3));
	rec_add(&r, task_ev(1, 1, 0, 0, 10, "init", INIT_CMD,
			   sizeof INIT_CMD - 1));
	/* 200: /proc's start is 1 ms off (ticks): the same task */
	rec_add(&r, task_ev(200, 200, 1, 1000, 6000000, "worker", "worker\0",
			   7));
	/* 100: another start: the pid was reused meanwhile */
	rec_add(&r, task_ev(100, 100, 1, 0, 900000000, "new100", NULL, 0));
	rec_add(&r, fork_ev(7000000, 202, 200));
	rec_close(&r);
	w = open_replay(r.path);
	/* the seed; the forks and the loss; the resync */
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL(g->n, 4);
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL(g->n, 11);
	CU_ASSERT_EQUAL(g->it[10].ev.type, FKS_EV_TASK);
	CU_ASSERT_EQUAL(g->it[6].ev.type, FKS_EV_LOST);
	CU_ASSERT_EQUAL(g->it[6].ev.lost, 7);
	CU_ASSERT_FALSE(g->it[6].known);
	CU_ASSERT_PTR_NULL(fks_watch_find(w, 101));
	CU_ASSERT_PTR_NULL(fks_watch_find(w, 201));
	t = fks_watch_find(w, 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->start_ns, 5000000);	/* the fork's, exact */
	CU_ASSERT_EQUAL(t->flags, FKS_WT_EXACT_START);	/* read now */
	CU_ASSERT_EQUAL(t->ppid, 1);
	CU_ASSERT_STRING_EQUAL(t->comm, "worker");
	t = fks_watch_find(w, 100);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->start_ns, 900000000);
	CU_ASSERT_EQUAL(t->flags, 0);
	CU_ASSERT_EQUAL(t->euid, 0);
	CU_ASSERT_STRING_EQUAL(t->comm, "new100");
	CU_ASSERT_PTR_NULL(t->cmdline);
	CU_ASSERT_EQUAL(t->cmdline_len, 0);
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL(g->it[11].task.ppid, 200);
	CU_ASSERT_STRING_EQUAL(g->it[11].task.comm, "worker");
	fks_watch_free(w);
	got_free(g);
}

/* A resync that lists a child before its parent, whose pid now names
 * another task (a new start): the child goes under the new holder. */
static void
test_resync_child_first(void)
{
	struct got *g = got_new();
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "resync-child-first");
	rec_add(&r, EV(.type = FKS_EV_RESYNC, .time_ns = 1000, .lost = 3));
	rec_add(&r, task_ev(1, 1, 0, 0, 10, "init", NULL, 0));
	rec_add(&r, task_ev(50, 50, 1, 0, 100, "old50", NULL, 0));
	rec_add(&r, task_ev(60, 60, 50, 0, 200, "c60", NULL, 0));
	rec_add(&r, EV(.type = FKS_EV_RESYNC, .time_ns = 2000, .lost = 3));
	rec_add(&r, task_ev(1, 1, 0, 0, 10, "init", NULL, 0));
	rec_add(&r, task_ev(60, 60, 50, 0, 200, "c60", NULL, 0));
	rec_add(&r, task_ev(50, 50, 1, 0, 900000000, "new50", NULL, 0));
	rec_add(&r, fork_ev(3000, 61, 50));
	rec_add(&r, exit_ev(4000, 50, 50, 0));
	rec_close(&r);
	w = replay_all(open_replay(r.path), 64, g);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);
	CU_ASSERT_STRING_EQUAL(g->it[find_item(g, 0, FKS_EV_FORK, 61)]
			       .parent.comm, "new50");
	/* 60 and 61 were both new50's children */
	CU_ASSERT_EQUAL(g->it[find_item(g, 0, FKS_EV_EXIT, 50)].orphans, 2);
	CU_ASSERT_EQUAL(fks_watch_find(w, 60)->orphan_of, 50);
	fks_watch_free(w);
	got_free(g);
}

/* Marks asked for before the task appears. */
static void
test_mark_unseen(void)
{
	struct got *g = got_new();
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "mark-unseen");
	seed(&r);
	rec_add(&r, fork_ev(2000, 500, 100));
	rec_add(&r, fork_ev(2100, 501, 500));
	rec_add(&r, fork_ev(2200, 502, 100));
	rec_close(&r);
	w = open_replay(r.path);
	CU_ASSERT_EQUAL(fks_watch_mark(w, 500, 2), 0);
	CU_ASSERT_PTR_NULL(fks_watch_find(w, 500));
	replay_all(w, 64, g);
	CU_ASSERT_EQUAL(g->it[find_item(g, 0, FKS_EV_FORK, 500)].task.marks, 2);
	CU_ASSERT_EQUAL(g->it[find_item(g, 0, FKS_EV_FORK, 501)].task.marks, 2);
	CU_ASSERT_EQUAL(g->it[find_item(g, 0, FKS_EV_FORK, 502)].task.marks, 0);
	CU_ASSERT_EQUAL(fks_watch_find(w, 100)->marks, 0);
	CU_ASSERT_EQUAL(fks_watch_find(w, 501)->marks, 2);
	fks_watch_free(w);
	got_free(g);
}

/* A mark on a task of the seed reaches its descendants listed with it,
 * whatever their order; and a mark set between two batches is applied
 * before the next event. */
static void
test_mark_seed(void)
{
	struct got *g = got_new();
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "mark-seed");
	rec_add(&r, EV(.type = FKS_EV_RESYNC, .time_ns = 1000, .lost = 5));
	/* children before their parents, as /proc may list them */
	rec_add(&r, task_ev(12, 12, 11, 0, 30, "c12", NULL, 0));
	rec_add(&r, task_ev(11, 11, 10, 0, 20, "c11", NULL, 0));
	rec_add(&r, task_ev(13, 11, 10, 0, 25, "t13", NULL, 0));
	rec_add(&r, task_ev(10, 10, 1, 0, 15, "c10", NULL, 0));
	rec_add(&r, task_ev(1, 1, 0, 0, 10, "init", NULL, 0));
	rec_add(&r, fork_ev(2000, 14, 11));
	rec_close(&r);
	w = open_replay(r.path);
	CU_ASSERT_EQUAL(fks_watch_mark(w, 10, 1), 0);
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL(g->n, 6);
	CU_ASSERT_EQUAL(fks_watch_find(w, 10)->marks, 1);
	CU_ASSERT_EQUAL(fks_watch_find(w, 11)->marks, 1);
	CU_ASSERT_EQUAL(fks_watch_find(w, 12)->marks, 1);
	CU_ASSERT_EQUAL(fks_watch_find(w, 13)->marks, 1);	/* 11's thread */
	CU_ASSERT_EQUAL(fks_watch_find(w, 1)->marks, 0);
	CU_ASSERT_EQUAL(fks_watch_find(w, 11)->ppid, 10);
	CU_ASSERT_EQUAL(fks_watch_find(w, 12)->ppid, 11);
	/* between batches: a mark on a known task */
	CU_ASSERT_EQUAL(fks_watch_mark(w, 11, 4), 0);
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL(g->it[6].task.marks, 5);
	fks_watch_free(w);
	got_free(g);
}

static void
on_alarm(int sig)
{
	(void)sig;
	/* a loop in the tracker: fail loudly instead of hanging make check */
	static const char msg[] = "test-watch: timed out (a loop in the "
				  "tracker?)\n";
	ssize_t rc = write(2, msg, sizeof msg - 1);

	(void)rc;
	_exit(1);
}

/*
 * A hostile or broken record can make a ppid cycle (10's parent 11, 11's
 * parent 10); spreading a mark over it must still end.
 */
static void
test_mark_cycle(void)
{
	struct got *g = got_new();
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "mark-cycle");
	rec_add(&r, EV(.type = FKS_EV_RESYNC, .time_ns = 1000, .lost = 3));
	rec_add(&r, task_ev(10, 10, 11, 0, 20, "a", NULL, 0));
	rec_add(&r, task_ev(11, 11, 10, 0, 30, "b", NULL, 0));
	rec_add(&r, task_ev(12, 12, 11, 0, 40, "c", NULL, 0));
	rec_add(&r, EV(.type = FKS_EV_REPARENT, .time_ns = 2000, .pid = 12,
		       .tgid = 12, .parent_pid = 12, .parent_tgid = 12));
	rec_close(&r);
	w = open_replay(r.path);
	CU_ASSERT_EQUAL(fks_watch_mark(w, 10, 1), 0);
	CU_ASSERT_EQUAL(fks_watch_mark(w, 12, 2), 0);
	signal(SIGALRM, on_alarm);
	alarm(10);
	replay_all(w, 64, g);
	alarm(0);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);
	CU_ASSERT_EQUAL(fks_watch_find(w, 10)->marks, 1);
	CU_ASSERT_EQUAL(fks_watch_find(w, 11)->marks, 1);
	CU_ASSERT_EQUAL(fks_watch_find(w, 12)->marks, 3);
	fks_watch_free(w);
	got_free(g);
}

/* Items are copies: a fork handed out in the same batch as a later exec
 * of the same pid still shows the name from before the exec. */
static void
test_item_copies(void)
{
	struct got *g = got_new();
	struct fks_watch *w;
	struct recfile r;

	rec_open(&r, "copies");
	seed(&r);
	rec_add(&r, fork_ev(2000, 200, 100));
	rec_add(&r, EV(.type = FKS_EV_EXEC, .time_ns = 2100, .pid = 200,
		       .tgid = 200));
	rec_add(&r, EV(.type = FKS_EV_NAME, .time_ns = 2100, .pid = 200,
		       .tgid = 200, .comm = "true", CMD("true\0")));
	rec_add(&r, EV(.type = FKS_EV_COMM, .time_ns = 2200, .pid = 200,
		       .tgid = 200, .comm = "renamed"));
	rec_close(&r);
	w = open_replay(r.path);
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL(step(w, 64, g), 0);
	CU_ASSERT_EQUAL_FATAL(g->n, 8);
	CU_ASSERT_EQUAL(g->batch[4], g->batch[7]);	/* one batch */
	CU_ASSERT_STRING_EQUAL(g->it[4].task.comm, "sh");
	CU_ASSERT_EQUAL_FATAL(g->it[4].task.cmdline_len, sizeof SH_CMD - 1);
	CU_ASSERT(memcmp(g->it[4].task.cmdline, SH_CMD,
			 sizeof SH_CMD - 1) == 0);
	CU_ASSERT_STRING_EQUAL(g->it[5].task.comm, "sh");
	CU_ASSERT_STRING_EQUAL(g->it[6].task.comm, "true");
	CU_ASSERT_EQUAL_FATAL(g->it[6].task.cmdline_len, 5);
	CU_ASSERT(memcmp(g->it[6].task.cmdline, "true\0", 5) == 0);
	CU_ASSERT_STRING_EQUAL(g->it[7].task.comm, "renamed");
	CU_ASSERT_EQUAL(g->it[7].task.cmdline_len, 5);
	CU_ASSERT_STRING_EQUAL(fks_watch_find(w, 200)->comm, "renamed");
	fks_watch_free(w);
	got_free(g);
}

/* Every exec is in the same batch as the NAME after it. */
static void
check_exec_name(const struct got *g)
{
	size_t i, execs = 0;

	for (i = 0; i < g->n; i++) {
		if (g->it[i].ev.type != FKS_EV_EXEC)
			continue;
		execs++;
		CU_ASSERT_FATAL(i + 1 < g->n);
		CU_ASSERT_EQUAL(g->it[i + 1].ev.type, FKS_EV_NAME);
		CU_ASSERT_EQUAL(g->it[i + 1].ev.pid, g->it[i].ev.pid);
		CU_ASSERT_EQUAL(g->batch[i + 1], g->batch[i]);
	}
	CU_ASSERT(execs > 0);
}

static void
add_exec(struct recfile *r, uint64_t t, pid_t pid, const char *comm)
{
	struct fks_event ev = EV(.type = FKS_EV_NAME, .time_ns = t,
				 .pid = pid, .tgid = pid, CMD("x\0"));

	rec_add(r, EV(.type = FKS_EV_EXEC, .time_ns = t, .pid = pid,
		      .tgid = pid));
	snprintf(ev.comm, sizeof ev.comm, "%s", comm);
	rec_add(r, ev);
}

static void
test_exec_name_batches(void)
{
	struct fks_watch *w;
	struct recfile r;
	struct got *g;
	size_t max, i;

	rec_open(&r, "batches");
	seed(&r);
	rec_add(&r, fork_ev(2000, 200, 100));
	add_exec(&r, 2100, 200, "a");
	rec_add(&r, fork_ev(2200, 201, 100));
	add_exec(&r, 2300, 201, "b");
	add_exec(&r, 2400, 100, "c");
	add_exec(&r, 2500, 200, "d");
	rec_add(&r, fork_ev(2600, 202, 100));
	rec_add(&r, fork_ev(2700, 203, 100));
	add_exec(&r, 2800, 203, "e");
	/* the 64th record is an exec: the end of the source's batch */
	while (r.nrec < 63)
		rec_add(&r, EV(.type = FKS_EV_UID, .time_ns = 3000, .pid = 202,
			       .tgid = 202, .ruid = 5, .euid = 5));
	add_exec(&r, 4000, 202, "f");
	rec_add(&r, fork_ev(4100, 204, 202));
	rec_close(&r);
	CU_ASSERT_EQUAL(r.nrec, 66);
	for (max = 2; max <= 64; max = max == 3 ? 64 : max + 1) {
		g = got_new();
		w = replay_all(open_replay(r.path), max, g);
		CU_ASSERT_EQUAL(g->rc, -ENODATA);
		CU_ASSERT_EQUAL(g->n, r.nrec);
		check_exec_name(g);
		for (i = 0; i < g->n; i++)
			if (g->it[i].ev.type == FKS_EV_NAME &&
			    g->it[i].ev.pid == 202)
				CU_ASSERT_STRING_EQUAL(g->it[i].task.comm, "f");
		fks_watch_free(w);
		got_free(g);
	}
}

/*
 * The same where the source's buffer ends (256 KiB are read at once) inside
 * the NAME that follows an exec: big command lines put it there.
 */
static void
test_exec_name_buffer_end(void)
{
	struct fks_event task = task_ev(100, 100, 1, 0, 500, "sh", NULL, 0);
	const size_t chunk = 256 * 1024;
	struct fks_watch *w;
	struct recfile r;
	struct got *g = got_new();
	size_t before, one, len;
	char *big;

	big = malloc(FKS_CMDLINE_MAX);
	CU_ASSERT_FATAL(big != NULL);
	memset(big, 'a', FKS_CMDLINE_MAX);
	rec_open(&r, "buffer-end");
	rec_add(&r, EV(.type = FKS_EV_RESYNC, .time_ns = 1000, .lost = 2));
	rec_add(&r, task_ev(1, 1, 0, 0, 10, "init", big, FKS_CMDLINE_MAX));
	/* the size of 100's record without its command line */
	task.cmdline = big;
	task.cmdline_len = 100000;
	one = fks_record_encode(&task, encbuf) - 100000;
	before = r.size + one +
		 fks_record_encode(&EV(.type = FKS_EV_EXEC, .time_ns = 2000,
				       .pid = 100, .tgid = 100), encbuf);
	/* the NAME starts 10 bytes before the buffer's end */
	len = chunk - 10 - before;
	CU_ASSERT_FATAL(len > 16384 && len <= FKS_CMDLINE_MAX);
	task.cmdline_len = len;
	rec_add(&r, task);
	add_exec(&r, 2000, 100, "named");
	CU_ASSERT_EQUAL_FATAL(r.start[4], chunk - 10);
	rec_close(&r);
	w = replay_all(open_replay(r.path), 64, g);
	CU_ASSERT_EQUAL(g->rc, -ENODATA);
	CU_ASSERT_EQUAL_FATAL(g->n, 5);
	check_exec_name(g);
	CU_ASSERT_STRING_EQUAL(g->it[4].task.comm, "named");
	CU_ASSERT_EQUAL(g->it[2].task.cmdline_len, len);
	fks_watch_free(w);
	got_free(g);
	free(big);
}

/* ---- the record file's errors ---- */

/* Three forks and an exit. */
static void
three(struct recfile *r, const char *name)
{
	rec_open(r, name);
	rec_add(r, fork_ev(2000, 200, 100));
	rec_add(r, fork_ev(2100, 201, 100));
	rec_add(r, fork_ev(2200, 202, 100));
	rec_add(r, exit_ev(2300, 202, 202, 0));
	rec_close(r);
}

static void
patch(const char *path, size_t off, unsigned char xor)
{
	unsigned char c;
	int fd = open(path, O_RDWR);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(pread(fd, &c, 1, (off_t)off) == 1);
	c ^= xor;
	CU_ASSERT_FATAL(pwrite(fd, &c, 1, (off_t)off) == 1);
	close(fd);
}

/* Replays a broken file: the first two records come out, then `rc` with
 * exactly `why` from fks_watch_error, and again on the next call. */
static void
expect_broken(const char *path, int rc, const char *why)
{
	struct got *g = got_new();
	struct fks_watch *w = open_replay(path);

	replay_all(w, 64, g);
	CU_ASSERT_EQUAL(g->n, 2);
	CU_ASSERT_EQUAL(g->it[0].ev.pid, 200);
	CU_ASSERT_EQUAL(g->it[1].ev.pid, 201);
	CU_ASSERT_EQUAL(g->it[1].ev.time_ns, 2100);
	CU_ASSERT_EQUAL(g->rc, rc);
	CU_ASSERT_STRING_EQUAL(g->err, why);
	CU_ASSERT_EQUAL(step(w, 64, g), rc);
	CU_ASSERT_STRING_EQUAL(g->err, why);
	fks_watch_free(w);
	got_free(g);
}

static void
test_corrupt(void)
{
	struct recfile r;
	char why[128];

	three(&r, "corrupt");
	/* a byte of the third record's body */
	patch(r.path, r.start[2] + 6, 0x01);
	snprintf(why, sizeof why, "record 3 (byte %zu): checksum mismatch",
		 r.start[2]);
	expect_broken(r.path, -EBADMSG, why);
	/* its checksum */
	patch(r.path, r.start[2] + 6, 0x01);
	patch(r.path, r.start[2] + r.len[2] - 1, 0x80);
	expect_broken(r.path, -EBADMSG, why);
	/* its length: 0 */
	patch(r.path, r.start[2] + r.len[2] - 1, 0x80);
	patch(r.path, r.start[2], (unsigned char)(r.len[2] - 8));
	snprintf(why, sizeof why, "record 3 (byte %zu): impossible record "
		 "length", r.start[2]);
	expect_broken(r.path, -EBADMSG, why);
}

static void
test_truncated(void)
{
	struct recfile r;
	char why[128];
	size_t cut[] = { 9, 4, 2 };	/* shorter each time */
	size_t i;

	three(&r, "truncated");
	snprintf(why, sizeof why, "record 3 (byte %zu): truncated: the file "
		 "ends inside it", r.start[2]);
	for (i = 0; i < sizeof cut / sizeof cut[0]; i++) {
		CU_ASSERT_FATAL(truncate(r.path, (off_t)(r.start[2] +
							 cut[i])) == 0);
		expect_broken(r.path, -EBADMSG, why);
	}
}

static void
write_file(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, s, len) == (ssize_t)len);
	close(fd);
}

static void
expect_refused(const char *content, size_t len, int rc, const char *tail)
{
	struct fks_watch *w = NULL;
	char path[PATH_MAX], why[PATH_MAX + 128];

	snprintf(path, sizeof path, "%s/refused", tmpdir);
	write_file(path, content, len);
	CU_ASSERT_EQUAL(fks_watch_open_replay(path, &w), rc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	snprintf(why, sizeof why, "%s: %s", path, tail);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fks_watch_error(w));
	CU_ASSERT_STRING_EQUAL(fks_watch_error(w), why);
	fks_watch_free(w);
}

static void
test_not_a_record(void)
{
	const char *magic = "not a forkwatch record (no \"FKSREC 1\" header)";
	struct fks_watch *w = NULL;
	struct got *g = got_new();
	char path[PATH_MAX];

	expect_refused("FKSREC 2\n\n", 10, -EINVAL, magic);
	expect_refused("", 0, -EINVAL, magic);
	expect_refused("FKSREC", 6, -EINVAL, magic);
	expect_refused("\x7f" "ELF\x02\x01\x01", 7, -EINVAL, magic);
	expect_refused("FKSREC 1\nhost=a\n", 16, -EINVAL,
		       "the header does not end (no empty line in its first "
		       "4096 bytes)");
	expect_refused("FKSREC 1\nhost\n\n", 15, -EINVAL,
		       "a header line without '='");
	snprintf(path, sizeof path, "%s/none", tmpdir);
	CU_ASSERT_EQUAL(fks_watch_open_replay(path, &w), -ENOENT);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_PTR_NOT_NULL(strstr(fks_watch_error(w), "none: No such"));
	fks_watch_free(w);
	/* a header and nothing else: an empty stream */
	snprintf(path, sizeof path, "%s/empty", tmpdir);
	write_file(path, "FKSREC 1\na=b=c\n\n", 16);
	w = open_replay(path);
	CU_ASSERT_STRING_EQUAL(fks_watch_header(w, "a"), "b=c");
	CU_ASSERT_EQUAL(step(w, 8, g), -ENODATA);
	CU_ASSERT_STRING_EQUAL(g->err, "");
	fks_watch_free(w);
	got_free(g);
}

/* ---- the record codec ---- */

/* Decodes from a heap copy of exactly len bytes: ASan sees any overread. */
static ssize_t
decode(const unsigned char *buf, size_t len, struct fks_event *ev,
       const char **why, unsigned char **copy)
{
	*copy = malloc(len ? len : 1);
	CU_ASSERT_FATAL(*copy != NULL);
	memcpy(*copy, buf, len);
	*why = NULL;
	return fks_record_decode(*copy, len, ev, why);
}

static void
same_event(const struct fks_event *a, const struct fks_event *b)
{
	CU_ASSERT_EQUAL(a->type, b->type);
	CU_ASSERT_EQUAL(a->time_ns, b->time_ns);
	CU_ASSERT_EQUAL(a->cpu, b->cpu);
	CU_ASSERT_EQUAL(a->seq, b->seq);
	CU_ASSERT_EQUAL(a->pid, b->pid);
	CU_ASSERT_EQUAL(a->tgid, b->tgid);
	CU_ASSERT_EQUAL(a->parent_pid, b->parent_pid);
	CU_ASSERT_EQUAL(a->parent_tgid, b->parent_tgid);
	CU_ASSERT_EQUAL(a->exit_code, b->exit_code);
	CU_ASSERT_EQUAL(a->exit_signal, b->exit_signal);
	CU_ASSERT_EQUAL(a->ruid, b->ruid);
	CU_ASSERT_EQUAL(a->euid, b->euid);
	CU_ASSERT_EQUAL(a->rgid, b->rgid);
	CU_ASSERT_EQUAL(a->egid, b->egid);
	CU_ASSERT_EQUAL(a->tracer_pid, b->tracer_pid);
	CU_ASSERT_EQUAL(a->tracer_tgid, b->tracer_tgid);
	CU_ASSERT_EQUAL(a->ack_err, 0);
	CU_ASSERT_EQUAL(b->ack_err, 0);
	CU_ASSERT(memcmp(a->comm, b->comm, sizeof a->comm) == 0);
	CU_ASSERT_EQUAL(a->flags, b->flags);
	CU_ASSERT_EQUAL(a->lost, b->lost);
	CU_ASSERT_EQUAL(a->start_ns, b->start_ns);
	CU_ASSERT_EQUAL(a->state, b->state);
	CU_ASSERT_EQUAL(a->cmdline == NULL, b->cmdline == NULL);
	CU_ASSERT_EQUAL_FATAL(a->cmdline_len, b->cmdline_len);
	if (a->cmdline && b->cmdline)
		CU_ASSERT(memcmp(a->cmdline, b->cmdline, a->cmdline_len) == 0);
	CU_ASSERT_EQUAL(a->cmdline_full, b->cmdline_full);
	CU_ASSERT_EQUAL(a->path == NULL, b->path == NULL);
	CU_ASSERT_EQUAL_FATAL(a->path_len, b->path_len);
	if (a->path && b->path)
		CU_ASSERT(memcmp(a->path, b->path, a->path_len) == 0);
}

/* Encodes, decodes from exactly its bytes, compares; and every prefix is
 * "not yet whole". */
static void
round_trip(const struct fks_event *ev, bool prefixes)
{
	unsigned char *buf = malloc(FKS_RECORD_MAX), *copy;
	struct fks_event out;
	const char *why;
	size_t len, cut;
	ssize_t got;

	CU_ASSERT_FATAL(buf != NULL);
	len = fks_record_encode(ev, buf);
	CU_ASSERT(len <= FKS_RECORD_MAX);
	CU_ASSERT_EQUAL(len, 8 + (buf[0] | buf[1] << 8 | buf[2] << 16 |
				  (size_t)buf[3] << 24));
	got = decode(buf, len, &out, &why, &copy);
	CU_ASSERT_EQUAL(got, (ssize_t)len);
	CU_ASSERT_PTR_NULL(why);
	same_event(ev, &out);
	if (out.cmdline)	/* it points into the buffer */
		CU_ASSERT(out.cmdline >= (const char *)copy &&
			  out.cmdline + out.cmdline_len <=
			  (const char *)copy + len);
	if (out.path)		/* and so does the file name */
		CU_ASSERT(out.path >= (const char *)copy &&
			  out.path + out.path_len <= (const char *)copy + len);
	free(copy);
	for (cut = 0; prefixes && cut < len; cut++) {
		got = decode(buf, cut, &out, &why, &copy);
		CU_ASSERT_EQUAL(got, 0);
		free(copy);
	}
	free(buf);
}

static void
test_record_round_trip(void)
{
	struct fks_event ev = EV(.type = FKS_EV_TASK,
		.time_ns = UINT64_MAX, .cpu = UINT32_MAX, .seq = UINT32_MAX,
		.pid = INT32_MAX, .tgid = INT32_MIN, .parent_pid = -1,
		.parent_tgid = 1, .exit_code = INT32_MIN,
		.exit_signal = INT32_MAX, .ruid = UINT32_MAX, .euid = 0,
		.rgid = 12345, .egid = UINT32_MAX, .tracer_pid = -2,
		.tracer_tgid = 77, .comm = "0123456789abcdef",
		.flags = FKS_EVF_APPROX | FKS_EVF_NOSTATUS | FKS_EVF_KTHREAD,
		.lost = ULLONG_MAX, .start_ns = 1ULL << 63, .state = 'Z',
		CMD("a\0\0b\0\xff\0"));
	enum fks_event_type t;
	char *big;

	round_trip(&ev, true);
	/* every type, with comm bytes that are not text */
	for (t = FKS_EV_FORK; t < FKS_EV_NTYPES; t++) {
		ev.type = t;
		memset(ev.comm, 0, sizeof ev.comm);
		memcpy(ev.comm, "\x1b[31m\n\t\x01", 9);
		round_trip(&ev, false);
	}
	/* no command line, and an empty one, are told apart */
	ev.cmdline = NULL;
	ev.cmdline_len = 0;
	round_trip(&ev, true);
	ev.cmdline = "";
	round_trip(&ev, true);
	/* an exec's file name (unknown and empty told apart, as above) and
	 * the whole size of an argument area cut short */
	ev.type = FKS_EV_EXEC;
	ev.path = "/usr/bin/\x01true";
	ev.path_len = 14;
	round_trip(&ev, true);
	ev.path_len = 0;
	round_trip(&ev, false);
	ev.type = FKS_EV_NAME;
	ev.path = NULL;
	ev.cmdline_full = SIZE_MAX;
	round_trip(&ev, true);
	ev.cmdline_full = 0;
	/* an event of zeros; a negative state */
	memset(&ev, 0, sizeof ev);
	ev.type = FKS_EV_EXIT;
	round_trip(&ev, true);
	ev.state = (char)-1;
	round_trip(&ev, false);
	/* the largest command line kept, with NULs in it */
	big = malloc(FKS_CMDLINE_MAX + 1);
	CU_ASSERT_FATAL(big != NULL);
	for (size_t i = 0; i < FKS_CMDLINE_MAX + 1; i++)
		big[i] = i % 7 ? (char)('a' + i % 26) : '\0';
	ev.cmdline = big;
	ev.cmdline_len = FKS_CMDLINE_MAX;
	round_trip(&ev, false);
	/* one byte more is cut to the largest */
	ev.cmdline_len = FKS_CMDLINE_MAX + 1;
	{
		unsigned char *buf = malloc(FKS_RECORD_MAX), *copy;
		struct fks_event out;
		const char *why;
		size_t len = fks_record_encode(&ev, buf);

		CU_ASSERT(len <= FKS_RECORD_MAX);
		CU_ASSERT_EQUAL(decode(buf, len, &out, &why, &copy),
				(ssize_t)len);
		CU_ASSERT_EQUAL(out.cmdline_len, FKS_CMDLINE_MAX);
		CU_ASSERT(memcmp(out.cmdline, big, FKS_CMDLINE_MAX) == 0);
		free(copy);
		free(buf);
	}
	free(big);
}

/* ---- records made by hand: the layout in docs/RECORD.md ---- */

static uint32_t
fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

struct body {
	unsigned char b[512];
	size_t n;
};

static void
put_u(struct body *b, uint64_t v)
{
	do {
		b->b[b->n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
}

static void
put_s(struct body *b, int64_t v)
{
	put_u(b, v < 0 ? ((uint64_t)~v << 1) | 1 : (uint64_t)v << 1);
}

/* The fields before comm, in order, for a fork 11 <- 10 at time 5. */
static void
fork_fields(struct body *b)
{
	put_u(b, FKS_EV_FORK);	/* type */
	put_u(b, 0);		/* flags */
	put_u(b, 5);		/* time_ns */
	put_u(b, 1);		/* cpu */
	put_u(b, 9);		/* seq */
	put_s(b, 11);		/* pid */
	put_s(b, 11);		/* tgid */
	put_s(b, 10);		/* parent_pid */
	put_s(b, 10);		/* parent_tgid */
	put_s(b, -3);		/* exit_code */
	put_s(b, 0);		/* exit_signal */
	put_u(b, 0);		/* ruid */
	put_u(b, 1000);		/* euid */
	put_u(b, 0);		/* rgid */
	put_u(b, 0);		/* egid */
	put_s(b, 0);		/* tracer_pid */
	put_s(b, 0);		/* tracer_tgid */
	put_u(b, 0);		/* lost */
	put_u(b, 300);		/* start_ns */
	put_u(b, 'R');		/* state */
}

/* Length, body, checksum. */
static size_t
frame(const struct body *b, unsigned char *out)
{
	uint32_t h = fnv1a(b->b, b->n);

	out[0] = (unsigned char)b->n;
	out[1] = (unsigned char)(b->n >> 8);
	out[2] = (unsigned char)(b->n >> 16);
	out[3] = (unsigned char)(b->n >> 24);
	memcpy(out + 4, b->b, b->n);
	out[4 + b->n] = (unsigned char)h;
	out[5 + b->n] = (unsigned char)(h >> 8);
	out[6 + b->n] = (unsigned char)(h >> 16);
	out[7 + b->n] = (unsigned char)(h >> 24);
	return b->n + 8;
}

static ssize_t
decode_body(const struct body *b, struct fks_event *ev, const char **why)
{
	unsigned char buf[600], *copy;
	ssize_t got = decode(buf, frame(b, buf), ev, why, &copy);

	free(copy);
	return got;
}

/* A record laid out by hand decodes; fields a newer writer appends are
 * skipped. */
static void
test_record_by_hand(void)
{
	struct fks_event ev;
	struct body b = { .n = 0 };
	unsigned char enc[FKS_RECORD_MAX];
	const char *why;
	size_t len;

	fork_fields(&b);
	put_u(&b, 3);
	memcpy(b.b + b.n, "abc", 3);
	b.n += 3;
	put_u(&b, 0);		/* no command line */
	CU_ASSERT_EQUAL(decode_body(&b, &ev, &why), (ssize_t)b.n + 8);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_FORK);
	CU_ASSERT_EQUAL(ev.time_ns, 5);
	CU_ASSERT_EQUAL(ev.cpu, 1);
	CU_ASSERT_EQUAL(ev.seq, 9);
	CU_ASSERT_EQUAL(ev.pid, 11);
	CU_ASSERT_EQUAL(ev.parent_tgid, 10);
	CU_ASSERT_EQUAL(ev.exit_code, -3);
	CU_ASSERT_EQUAL(ev.euid, 1000);
	CU_ASSERT_EQUAL(ev.start_ns, 300);
	CU_ASSERT_EQUAL(ev.state, 'R');
	CU_ASSERT_STRING_EQUAL(ev.comm, "abc");
	CU_ASSERT_PTR_NULL(ev.cmdline);
	/* a record of before fields 23 to 26: no file name, no size, no
	 * cgroup */
	CU_ASSERT_PTR_NULL(ev.path);
	CU_ASSERT_EQUAL(ev.cmdline_full, 0);
	CU_ASSERT_PTR_NULL(ev.cgroup);
	CU_ASSERT_EQUAL(ev.cgroup_id, 0);
	/* the encoder writes exactly these bytes, then all four as 0 */
	len = fks_record_encode(&ev, enc);
	CU_ASSERT_EQUAL_FATAL(len, b.n + 4 + 8);
	CU_ASSERT(memcmp(enc + 4, b.b, b.n) == 0);
	CU_ASSERT(enc[4 + b.n] == 0 && enc[5 + b.n] == 0 &&
		  enc[6 + b.n] == 0 && enc[7 + b.n] == 0);
	/* field 23, the file name exec'd; field 24, the argument area's
	 * whole size */
	put_u(&b, 1 + 4);
	memcpy(b.b + b.n, "/bin", 4);
	b.n += 4;
	put_u(&b, 9000);
	/* ev.path points into the decoded bytes: kept until it is read */
	{
		unsigned char buf[600], *copy;

		CU_ASSERT_EQUAL(decode(buf, frame(&b, buf), &ev, &why, &copy),
				(ssize_t)b.n + 8);
		CU_ASSERT_EQUAL(ev.path_len, 4);
		CU_ASSERT(ev.path_len == 4 && memcmp(ev.path, "/bin", 4) == 0);
		free(copy);
	}
	CU_ASSERT_EQUAL(ev.cmdline_full, 9000);
	CU_ASSERT_PTR_NULL(ev.cgroup);
	/* field 25, the cgroup's path; field 26, its id */
	put_u(&b, 1 + 8);
	memcpy(b.b + b.n, "/a.slice", 8);
	b.n += 8;
	put_u(&b, 77);
	{
		unsigned char buf[600], *copy;

		CU_ASSERT_EQUAL(decode(buf, frame(&b, buf), &ev, &why, &copy),
				(ssize_t)b.n + 8);
		CU_ASSERT(ev.cgroup_len == 8 &&
			  memcmp(ev.cgroup, "/a.slice", 8) == 0);
		CU_ASSERT_EQUAL(ev.cgroup_id, 77);
		/* and the encoder writes them back as they were */
		len = fks_record_encode(&ev, enc);
		CU_ASSERT_EQUAL(len, b.n + 8);
		CU_ASSERT(len == b.n + 8 && memcmp(enc + 4, b.b, b.n) == 0);
		free(copy);
	}
	/* a newer writer's fields after those: skipped */
	put_u(&b, 123456789);
	put_s(&b, -5);
	put_u(&b, 3);
	memcpy(b.b + b.n, "new", 3);
	b.n += 3;
	CU_ASSERT_EQUAL(decode_body(&b, &ev, &why), (ssize_t)b.n + 8);
	CU_ASSERT_EQUAL(ev.pid, 11);
	CU_ASSERT_STRING_EQUAL(ev.comm, "abc");
	CU_ASSERT_PTR_NULL(ev.cmdline);
}

static void
expect_bad(const struct body *b, const char *why_expected)
{
	struct fks_event ev;
	const char *why = NULL;

	CU_ASSERT_EQUAL(decode_body(b, &ev, &why), -EBADMSG);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(why, why_expected);
}

static void
test_record_refused(void)
{
	unsigned char hdr[8] = { 0 }, *copy;
	struct fks_event ev;
	struct body b;
	const char *why;
	uint32_t big = FKS_RECORD_MAX - 7;
	size_t i;

	/* length 0, and one past the largest body */
	CU_ASSERT_EQUAL(decode(hdr, 8, &ev, &why, &copy), -EBADMSG);
	CU_ASSERT_STRING_EQUAL(why, "impossible record length");
	free(copy);
	memcpy(hdr, &big, 4);	/* little-endian machines only */
	CU_ASSERT_EQUAL(decode(hdr, 8, &ev, &why, &copy), -EBADMSG);
	CU_ASSERT_STRING_EQUAL(why, "impossible record length");
	free(copy);
	big = UINT32_MAX;
	memcpy(hdr, &big, 4);
	CU_ASSERT_EQUAL(decode(hdr, 8, &ev, &why, &copy), -EBADMSG);
	free(copy);
	/* the largest body is only "not yet whole" in 8 bytes */
	big = FKS_RECORD_MAX - 8;
	memcpy(hdr, &big, 4);
	CU_ASSERT_EQUAL(decode(hdr, 8, &ev, &why, &copy), 0);
	free(copy);

	/* a varint of more than 64 bits */
	b.n = 0;
	put_u(&b, FKS_EV_FORK);
	put_u(&b, 0);
	for (i = 0; i < 10; i++)
		b.b[b.n++] = 0xff;
	b.b[b.n++] = 0x01;
	expect_bad(&b, "a number is too large");
	/* 2^64 exactly: the tenth byte may only hold bit 63 */
	b.n = 0;
	put_u(&b, FKS_EV_FORK);
	put_u(&b, 0);
	for (i = 0; i < 9; i++)
		b.b[b.n++] = 0x80;
	b.b[b.n++] = 0x02;
	expect_bad(&b, "a number is too large");
	/* ... and 2^63 is fine as a time */
	b.n = 0;
	fork_fields(&b);
	b.n = 2;
	put_u(&b, 1ULL << 63);
	{
		struct body full = { .n = 0 };
		struct fks_event e;

		fork_fields(&full);
		memcpy(b.b + b.n, full.b + 3, full.n - 3);	/* from cpu on */
		b.n += full.n - 3;
		put_u(&b, 0);
		put_u(&b, 0);
		CU_ASSERT_EQUAL(decode_body(&b, &e, &why), (ssize_t)b.n + 8);
		CU_ASSERT_EQUAL(e.time_ns, 1ULL << 63);
		CU_ASSERT_EQUAL(e.pid, 11);
	}
	/* a pid beyond 32 bits */
	b.n = 0;
	put_u(&b, FKS_EV_FORK);
	for (i = 0; i < 4; i++)
		put_u(&b, 0);
	put_s(&b, 1LL << 40);
	expect_bad(&b, "a number is out of range");
	/* no such type */
	b.n = 0;
	put_u(&b, 0);
	expect_bad(&b, "unknown event type");
	b.n = 0;
	put_u(&b, FKS_EV_NTYPES);
	expect_bad(&b, "unknown event type");
	/* a body that stops early */
	b.n = 0;
	put_u(&b, FKS_EV_FORK);
	put_u(&b, 0);
	expect_bad(&b, "a field runs past the end of its record");
	/* a name of 17 bytes */
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 17);
	memset(b.b + b.n, 'n', 17);
	b.n += 17;
	put_u(&b, 0);
	expect_bad(&b, "the name is too long");
	/* a name running past the end */
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 5);
	b.b[b.n++] = 'n';
	expect_bad(&b, "the name is too long");
	/* a command line past the end, and one beyond the largest */
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 0);
	put_u(&b, 1 + 100);
	memset(b.b + b.n, 'c', 10);
	b.n += 10;
	expect_bad(&b, "the command line runs past its record");
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 0);
	put_u(&b, 1 + FKS_CMDLINE_MAX + 1);
	expect_bad(&b, "the command line runs past its record");
	/* a file name past the end, and one beyond the largest */
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 1 + 20);
	memset(b.b + b.n, 'p', 19);
	b.n += 19;
	expect_bad(&b, "the file name runs past its record");
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 1 + FKS_PATH_MAX + 1);
	expect_bad(&b, "the file name runs past its record");
	/* a cgroup path past the body's end, or longer than any */
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 1 + 20);
	memset(b.b + b.n, 'c', 19);
	b.n += 19;
	expect_bad(&b, "the cgroup runs past its record");
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 0);
	put_u(&b, 1 + FKS_PATH_MAX + 1);
	expect_bad(&b, "the cgroup runs past its record");
	/* a bad checksum */
	b.n = 0;
	fork_fields(&b);
	put_u(&b, 0);
	put_u(&b, 0);
	{
		unsigned char buf[600];
		size_t len = frame(&b, buf);

		buf[len - 1] ^= 1;
		CU_ASSERT_EQUAL(decode(buf, len, &ev, &why, &copy), -EBADMSG);
		CU_ASSERT_STRING_EQUAL(why, "checksum mismatch");
		free(copy);
	}
}

static int
setup(void)
{
	encbuf = malloc(FKS_RECORD_MAX);
	return encbuf && mkdtemp(tmpdir) ? 0 : 1;
}

static int
teardown(void)
{
	free(encbuf);
	return remove_tree(tmpdir);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("watch", setup, teardown);
	ADD_TEST(s, test_seed);
	ADD_TEST(s, test_fork_exec_exit);
	ADD_TEST(s, test_named_events);
	ADD_TEST(s, test_thread);
	ADD_TEST(s, test_clone_self_leader);
	ADD_TEST(s, test_replay_out_of_memory);
	ADD_TEST(s, test_orphans);
	ADD_TEST(s, test_pid_reuse);
	ADD_TEST(s, test_resync);
	ADD_TEST(s, test_resync_child_first);
	ADD_TEST(s, test_mark_unseen);
	ADD_TEST(s, test_mark_seed);
	ADD_TEST(s, test_mark_cycle);
	ADD_TEST(s, test_item_copies);
	ADD_TEST(s, test_exec_name_batches);
	ADD_TEST(s, test_exec_name_buffer_end);
	ADD_TEST(s, test_corrupt);
	ADD_TEST(s, test_truncated);
	ADD_TEST(s, test_not_a_record);
	s = CU_add_suite("record", NULL, NULL);
	ADD_TEST(s, test_record_round_trip);
	ADD_TEST(s, test_record_by_hand);
	ADD_TEST(s, test_record_refused);
	return run_suites();
}
