/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-scenarios.c - the library against the real kernel: each test starts
 * one scenario program (tests/scenarios/, protocol in its README.md), reads
 * its "scenario=NAME key=value ..." line, reads the live /proc with
 * libforkscope and asserts exact facts about the processes the scenario
 * holds: ppids after fork and reparenting, zombies and their wait status,
 * threads, a parent suspended in vfork(), a zombie thread-group leader.
 * Then it closes the scenario's stdin and checks that every process the
 * scenario made is gone.
 *
 * It needs no root: it signals only the controllers it started itself.  It
 * does not test parsing details (tests/test-*.c do, on fixtures) and
 * asserts nothing about processes it did not start.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

/* Every wait here is bounded: a broken scenario fails, never hangs. */
#define TIMEOUT_MS 10000
#define LINE_MAX_BYTES 65536
#define MAX_PIDS 1024
/* SigBlk bits of SIGHUP, SIGINT and SIGTERM. */
#define SCN_STOP_SIGS							\
	((1ULL << (SIGHUP - 1)) | (1ULL << (SIGINT - 1)) |		\
	    (1ULL << (SIGTERM - 1)))

struct scenario {
	const char *name;
	pid_t ctl;		/* the controller, our child */
	int in;			/* write end of its stdin */
	int out;		/* read end of its stdout */
	char line[LINE_MAX_BYTES];
};

/* What one read of the live /proc gives. */
struct live {
	struct fks_root *root;
	struct fks_table *tbl;
};

/* Records an assertion with its values, which CUnit would not show. */
static bool
check(bool ok, int line, const char *expr, const char *fmt, ...)
{
	va_list ap;

	if (!ok) {
		fprintf(stderr, "\nlive-scenarios.c:%d: %s: ", line, expr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	CU_assertImplementation(ok, line, expr, __FILE__, "", CU_FALSE);
	return ok;
}

/* a == b for integers, showing both on failure. */
#define EXPECT_EQ(a, b)							\
	check((long long)(a) == (long long)(b), __LINE__, #a " == " #b,	\
	    "%lld != %lld", (long long)(a), (long long)(b))
/* Fails the test and leaves through its cleanup label when c is false. */
#define REQUIRE(c)							\
	do {								\
		if (!check((c), __LINE__, #c, "required"))		\
			goto out;					\
	} while (0)
#define REQUIRE_EQ(a, b)						\
	do {								\
		if (!EXPECT_EQ(a, b))					\
			goto out;					\
	} while (0)
/* A task's comm, compared as the raw bytes it is. */
#define EXPECT_COMM(t, s)						\
	check((t)->comm_len == strlen(s) &&				\
	    memcmp((t)->comm, (s), strlen(s)) == 0, __LINE__,		\
	    "comm of " #t " == " #s, "comm is \"%s\"", (t)->comm)

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- running a scenario ------------------------------------------------ */

/* Reads up to the first newline from fd into buf; -1 on EOF, error or
 * timeout. */
static int
read_line(int fd, char *buf, size_t size)
{
	long long deadline = now_ms() + TIMEOUT_MS;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t len = 0;
	long long left;
	ssize_t n;

	while (len < size - 1) {
		left = deadline - now_ms();
		if (left <= 0)
			return -1;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		/* One byte at a time: nothing after the line is consumed,
		 * and the line is short. */
		n = read(fd, buf + len, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (buf[len] == '\n') {
			buf[len] = '\0';
			return 0;
		}
		len++;
	}
	return -1;
}

/*
 * Starts tests/scenarios/NAME with args (NULL-terminated, may be NULL) on
 * a stdin pipe and reads its line.  Returns 0, or -1 after recording a
 * failure (nothing is left running then).
 */
static int
scenario_start(struct scenario *s, const char *name, char *const *args)
{
	char path[4096], *argv[8];
	int in[2], out[2], i, status;
	char want[64];

	memset(s, 0, sizeof *s);
	s->name = name;
	s->ctl = -1;
	snprintf(path, sizeof path, "%s", buildpath("tests/scenarios/"));
	strncat(path, name, sizeof path - strlen(path) - 1);
	if (!check(access(path, X_OK) == 0, __LINE__, "scenario built",
	    "%s: %s (run make check)", path, strerror(errno)))
		return -1;

	argv[0] = path;
	for (i = 0; args != NULL && args[i] != NULL && i < 6; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;

	/* O_CLOEXEC: the scenario must not inherit the write end of its own
	 * stdin, or it would never see EOF. */
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
		CU_FAIL("pipe2");
		return -1;
	}
	fflush(NULL);
	s->ctl = fork();
	if (s->ctl < 0) {
		CU_FAIL("fork");
		return -1;
	}
	if (s->ctl == 0) {
		if (dup2(in[0], STDIN_FILENO) < 0 ||
		    dup2(out[1], STDOUT_FILENO) < 0)
			_exit(127);
		execv(path, argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	s->in = in[1];
	s->out = out[0];

	snprintf(want, sizeof want, "scenario=%s ", name);
	if (read_line(s->out, s->line, sizeof s->line) == 0 &&
	    strncmp(s->line, want, strlen(want)) == 0)
		return 0;
	check(false, __LINE__, "scenario line", "%s: no line, or \"%s\"",
	    name, s->line);
	kill(s->ctl, SIGKILL);
	waitpid(s->ctl, &status, 0);
	close(s->in);
	close(s->out);
	s->ctl = -1;
	return -1;
}

/* The value of key in the line, or -1. */
static long
scenario_get(const struct scenario *s, const char *key)
{
	size_t klen = strlen(key);
	const char *p = s->line;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == s->line || p[-1] == ' ') && p[klen] == '=')
			return strtol(p + klen + 1, NULL, 10);
		p += klen;
	}
	check(false, __LINE__, "scenario key", "no %s= in \"%s\"", key,
	    s->line);
	return -1;
}

/* The comma-separated values of key; returns how many (at most max). */
static size_t
scenario_list(const struct scenario *s, const char *key, int *v, size_t max)
{
	size_t klen = strlen(key), n = 0;
	const char *p = s->line;
	char *end;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == s->line || p[-1] == ' ') && p[klen] == '=')
			break;
		p += klen;
	}
	if (p == NULL)
		return 0;
	p += klen + 1;
	while (n < max) {
		v[n++] = (int)strtol(p, &end, 10);
		if (*end != ',')
			break;
		p = end + 1;
	}
	return n;
}

/*
 * Every pid the line names (values of all keys but the ones below, which
 * are numbers or someone else's process).
 */
static size_t
scenario_pids(const struct scenario *s, int *v, size_t max)
{
	static const char *const skip[] = {
		"scenario", "status", "wstatus", "n", "reaper", NULL
	};
	char key[64];
	const char *p = s->line, *eq, *sp;
	size_t n = 0, i;
	char *end;

	while (p != NULL && *p != '\0') {
		eq = strchr(p, '=');
		if (eq == NULL || (size_t)(eq - p) >= sizeof key)
			break;
		memcpy(key, p, eq - p);
		key[eq - p] = '\0';
		sp = strchr(eq, ' ');
		for (i = 0; skip[i] != NULL; i++)
			if (strcmp(key, skip[i]) == 0)
				break;
		if (skip[i] == NULL) {
			p = eq + 1;
			while (n < max) {
				v[n++] = (int)strtol(p, &end, 10);
				if (*end != ',')
					break;
				p = end + 1;
			}
		}
		p = sp != NULL ? sp + 1 : NULL;
	}
	return n;
}

/*
 * Waits until pid has left /proc.  If it is our child (a subreaper test
 * adopted it), reap it; any other parent reaps its own.  Returns true once
 * it is gone.
 */
static bool
wait_gone(pid_t pid)
{
	long long deadline = now_ms() + TIMEOUT_MS;
	char path[64];
	int status;

	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	do {
		waitpid(pid, &status, WNOHANG);
		if (access(path, F_OK) != 0)
			return true;
		sleep_ms(5);
	} while (now_ms() < deadline);
	return false;
}

/* Waits for our child ctl; SIGKILLs it after the timeout.  Returns its
 * wait status. */
static int
wait_controller(pid_t ctl)
{
	long long deadline = now_ms() + TIMEOUT_MS;
	bool killed = false;
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(ctl, &status, WNOHANG);
		if (r == ctl)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (!killed && now_ms() > deadline) {
			check(false, __LINE__, "controller exits in time",
			    "pid %d still running", (int)ctl);
			kill(ctl, SIGKILL);
			killed = true;
		}
		sleep_ms(5);
	}
}

/*
 * Stops the scenario the gentle way (EOF on its stdin), checks it exits 0
 * and that every process it named has left /proc.
 */
static void
scenario_finish(struct scenario *s)
{
	int pids[MAX_PIDS], status;
	size_t n, i;

	if (s->ctl < 0)
		return;
	n = scenario_pids(s, pids, MAX_PIDS);
	close(s->in);
	status = wait_controller(s->ctl);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, __LINE__,
	    "controller exits 0", "%s: wait status %#x", s->name, status);
	close(s->out);
	for (i = 0; i < n; i++)
		check(wait_gone(pids[i]), __LINE__, "scenario process gone",
		    "%s: pid %d still in /proc", s->name, pids[i]);
	s->ctl = -1;
}

/*
 * Waits until pid is asleep (state S).  A controller prints its line just
 * before it goes to sleep in poll(), so right after the line it may still
 * be R; the scenario cannot print after it sleeps, so the test waits.
 */
static bool
wait_asleep(pid_t pid)
{
	long long deadline = now_ms() + TIMEOUT_MS;
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	do {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return false;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			return false;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (p != NULL && p[1] == ' ' && p[2] == 'S')
			return true;
		sleep_ms(1);
	} while (now_ms() < deadline);
	return false;
}

/* ---- reading the live /proc -------------------------------------------- */

static int
live_read(struct live *l)
{
	size_t n, i;
	int rc;

	rc = fks_root_open(NULL, &l->root);
	if (!EXPECT_EQ(rc, 0))
		return -1;
	CU_ASSERT_FALSE(fks_root_is_snapshot(l->root));
	rc = fks_table_read(l->root, FKS_F_ALL, FKS_READ_THREADS, &l->tbl);
	if (!EXPECT_EQ(rc, 0)) {
		l->tbl = NULL;
		return -1;
	}
	/* Live races are silent (counted as vanished); messages are for
	 * broken data, which the kernel does not write. */
	n = fks_table_nmessages(l->tbl);
	for (i = 0; i < n; i++)
		fprintf(stderr, "\nmessage: %s", fks_table_message(l->tbl, i));
	EXPECT_EQ(n, 0);
	return 0;
}

static void
live_free(struct live *l)
{
	fks_table_free(l->tbl);
	fks_root_free(l->root);
	l->tbl = NULL;
	l->root = NULL;
}

/* The task with this tid, recording a failure when it is missing. */
static const struct fks_task *
must_find(const struct live *l, pid_t tid, int line)
{
	const struct fks_task *t = fks_table_find(l->tbl, tid);

	check(t != NULL, line, "task in table", "tid %d missing", (int)tid);
	return t;
}
#define MUST_FIND(l, tid) must_find((l), (tid), __LINE__)

/* Whether child is among the forest children of parent. */
static bool
forest_has_child(const struct live *l, const struct fks_task *parent,
    pid_t child)
{
	size_t i, n = fks_forest_nchildren(l->tbl, parent);

	for (i = 0; i < n; i++)
		if (fks_forest_child(l->tbl, parent, i)->tid == child)
			return true;
	return false;
}

/* The calling thread's blocked signals as /proc shows them (SigBlk:
 * bit sig-1 for signal sig). */
static uint64_t
my_sig_blk(void)
{
	sigset_t set;
	uint64_t bits = 0;
	int sig;

	sigprocmask(SIG_BLOCK, NULL, &set);
	for (sig = 1; sig <= 64; sig++)
		if (sigismember(&set, sig) == 1)
			bits |= 1ULL << (sig - 1);
	return bits;
}

/* ---- the scenarios ----------------------------------------------------- */

static void
test_fork(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *par, *kid, *me;
	long long start, now;
	pid_t parent, child;

	if (scenario_start(&s, "fork", NULL) != 0)
		return;
	parent = scenario_get(&s, "parent");
	child = scenario_get(&s, "child");
	REQUIRE_EQ(parent, s.ctl);
	CU_ASSERT(wait_asleep(parent));
	REQUIRE(live_read(&l) == 0);
	REQUIRE((par = MUST_FIND(&l, parent)) != NULL);
	REQUIRE((kid = MUST_FIND(&l, child)) != NULL);
	REQUIRE((me = MUST_FIND(&l, getpid())) != NULL);

	EXPECT_EQ(kid->ppid, parent);
	EXPECT_EQ(par->ppid, getpid());
	CU_ASSERT(kid->known & FKS_K_STAT);
	EXPECT_EQ(kid->state, FKS_STATE_SLEEPING);
	EXPECT_EQ(par->state, FKS_STATE_SLEEPING);
	EXPECT_COMM(kid, "fk-child");
	EXPECT_COMM(par, "fk-parent");
	CU_ASSERT_FALSE(kid->is_thread);
	EXPECT_EQ(kid->tgid, child);
	EXPECT_EQ(kid->nlwp, 1);
	CU_ASSERT_FALSE(fks_task_is_zombie(kid));
	/* fork() copies the parent's group and session. */
	EXPECT_EQ(kid->pgrp, par->pgrp);
	EXPECT_EQ(kid->session, par->session);
	CU_ASSERT(kid->known & FKS_K_OWNER);
	EXPECT_EQ(kid->euid, geteuid());
	CU_ASSERT(kid->known & FKS_K_STATUS);
	EXPECT_EQ(kid->ruid, getuid());
	EXPECT_EQ(kid->tracer, 0);
	CU_ASSERT(kid->nspid_len >= 1);
	EXPECT_EQ(kid->nspid[0], child);
	/* The controller blocks HUP, INT and TERM for its signalfd; the
	 * child gets back the mask the controller started with, ours. */
	EXPECT_EQ(par->sig_blk & SCN_STOP_SIGS, SCN_STOP_SIGS);
	EXPECT_EQ(kid->sig_blk, my_sig_blk());
	/* Started a moment ago (the boot time has whole seconds). */
	start = fks_task_start_time(l.tbl, kid);
	now = fks_root_now(l.root);
	check(start >= now - 10 && start <= now + 1, __LINE__,
	    "start time is recent", "start %lld, now %lld", start, now);
	/* A forked child keeps the parent's argv. */
	CU_ASSERT(kid->known & FKS_K_CMDLINE);
	CU_ASSERT(kid->cmdline_len == par->cmdline_len &&
	    memcmp(kid->cmdline, par->cmdline, kid->cmdline_len) == 0);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(l.tbl, kid), par);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(l.tbl, par), me);
	CU_ASSERT(forest_has_child(&l, par, child));
	CU_ASSERT(forest_has_child(&l, me, parent));
	EXPECT_EQ(fks_forest_nchildren(l.tbl, par), 1);
	EXPECT_EQ(fks_forest_nthreads(l.tbl, kid), 0);
out:
	live_free(&l);
	scenario_finish(&s);
}

static void
test_zombie(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *par, *z;
	pid_t parent, zombie;

	if (scenario_start(&s, "zombie", NULL) != 0)
		return;
	parent = scenario_get(&s, "parent");
	zombie = scenario_get(&s, "zombie");
	EXPECT_EQ(scenario_get(&s, "status"), 7);
	CU_ASSERT(wait_asleep(parent));
	REQUIRE(live_read(&l) == 0);
	REQUIRE((par = MUST_FIND(&l, parent)) != NULL);
	REQUIRE((z = MUST_FIND(&l, zombie)) != NULL);

	EXPECT_EQ(z->state, FKS_STATE_ZOMBIE);
	EXPECT_EQ(z->state_char, 'Z');
	CU_ASSERT(fks_task_is_zombie(z));
	EXPECT_EQ(z->ppid, parent);
	EXPECT_COMM(z, "zb-child");
	/* Field 52 is the wait status the parent would get: exit(7) is
	 * 7 << 8 (seen on Linux 6.18: 1792). */
	CU_ASSERT(z->known & FKS_K_EXIT_CODE);
	EXPECT_EQ(z->exit_code, 7 << 8);
	/* A zombie has no memory left, so no argv. */
	CU_ASSERT(z->known & FKS_K_CMDLINE);
	EXPECT_EQ(z->cmdline_len, 0);

	CU_ASSERT_FALSE(fks_task_is_zombie(par));
	EXPECT_EQ(par->state, FKS_STATE_SLEEPING);
	EXPECT_EQ(par->exit_code, 0);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(l.tbl, z), par);
out:
	live_free(&l);
	scenario_finish(&s);
}

static void
test_waitpid(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *par;
	pid_t parent, child;

	if (scenario_start(&s, "waitpid", NULL) != 0)
		return;
	parent = scenario_get(&s, "parent");
	child = scenario_get(&s, "child");
	EXPECT_EQ(scenario_get(&s, "status"), 3);
	EXPECT_EQ(scenario_get(&s, "wstatus"), 3 << 8);
	REQUIRE(live_read(&l) == 0);
	REQUIRE((par = MUST_FIND(&l, parent)) != NULL);

	CU_ASSERT_PTR_NULL(fks_table_find(l.tbl, child));
	EXPECT_EQ(fks_forest_nchildren(l.tbl, par), 0);
	EXPECT_COMM(par, "wp-parent");
out:
	live_free(&l);
	scenario_finish(&s);
}

/* Whether pid is the test process or one of its ancestors in the table. */
static bool
is_my_ancestor(const struct live *l, pid_t pid)
{
	const struct fks_task *t = fks_table_find(l->tbl, getpid());
	int hops;

	for (hops = 0; t != NULL && hops < 4096; hops++) {
		if (t->tid == pid)
			return true;
		t = fks_forest_parent(l->tbl, t);
	}
	return false;
}

/*
 * orphan, as the system stands: the new parent is the nearest subreaper
 * above the test, or init.  Which one is not knowable from /proc, so the
 * exact check is in test_orphan_subreaper().
 */
static void
test_orphan(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *o, *ctl;
	pid_t middle, orphan, reaper;

	/* Not inherited across fork(), so only set if we set it. */
	int me_reaper = 0;

	prctl(PR_GET_CHILD_SUBREAPER, &me_reaper, 0, 0, 0);
	REQUIRE(me_reaper == 0);
	if (scenario_start(&s, "orphan", NULL) != 0)
		return;
	middle = scenario_get(&s, "middle");
	orphan = scenario_get(&s, "orphan");
	reaper = scenario_get(&s, "reaper");
	REQUIRE_EQ(scenario_get(&s, "controller"), s.ctl);
	REQUIRE(live_read(&l) == 0);
	REQUIRE((o = MUST_FIND(&l, orphan)) != NULL);

	CU_ASSERT(o->ppid != middle);
	CU_ASSERT(o->ppid != s.ctl);
	CU_ASSERT(o->ppid != getpid());
	EXPECT_EQ(o->ppid, reaper);
	check(o->ppid == 1 || is_my_ancestor(&l, o->ppid), __LINE__,
	    "reaper is init or an ancestor", "ppid %d", (int)o->ppid);
	/* The controller reaped the middle: no zombie left behind. */
	CU_ASSERT_PTR_NULL(fks_table_find(l.tbl, middle));
	EXPECT_COMM(o, "or-child");
	EXPECT_EQ(o->state, FKS_STATE_SLEEPING);
	REQUIRE((ctl = MUST_FIND(&l, s.ctl)) != NULL);
	CU_ASSERT_FALSE(forest_has_child(&l, ctl, orphan));
out:
	live_free(&l);
	/* Init reaps its adoptees in its own time (here up to ~2 s), within
	 * wait_gone()'s bound. */
	scenario_finish(&s);
}

/* orphan with the test process as subreaper: the new parent is exact. */
static void
test_orphan_subreaper(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *o, *me;
	pid_t orphan;

	REQUIRE(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);
	if (scenario_start(&s, "orphan", NULL) != 0)
		goto out;
	orphan = scenario_get(&s, "orphan");
	EXPECT_EQ(scenario_get(&s, "reaper"), getpid());
	REQUIRE(live_read(&l) == 0);
	REQUIRE((o = MUST_FIND(&l, orphan)) != NULL);
	EXPECT_EQ(o->ppid, getpid());
	REQUIRE((me = MUST_FIND(&l, getpid())) != NULL);
	CU_ASSERT(forest_has_child(&l, me, orphan));
out:
	live_free(&l);
	/* The orphan is our child now: wait_gone() reaps it. */
	scenario_finish(&s);
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
}

static void
test_subreaper(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *sr, *gc;
	pid_t subreaper, middle, grandchild;

	if (scenario_start(&s, "subreaper", NULL) != 0)
		return;
	subreaper = scenario_get(&s, "subreaper");
	middle = scenario_get(&s, "middle");
	grandchild = scenario_get(&s, "grandchild");
	REQUIRE_EQ(subreaper, s.ctl);
	REQUIRE(live_read(&l) == 0);
	REQUIRE((sr = MUST_FIND(&l, subreaper)) != NULL);
	REQUIRE((gc = MUST_FIND(&l, grandchild)) != NULL);

	EXPECT_EQ(gc->ppid, subreaper);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(l.tbl, gc), sr);
	CU_ASSERT_PTR_NULL(fks_table_find(l.tbl, middle));
	EXPECT_COMM(gc, "sr-grandchild");
	EXPECT_COMM(sr, "sr-reaper");
	EXPECT_EQ(fks_forest_nchildren(l.tbl, sr), 1);
out:
	live_free(&l);
	scenario_finish(&s);
}

static void
test_threads(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *p, *t;
	int tids[8];
	char name[16];
	size_t n, i, j, idx;
	pid_t pid;

	if (scenario_start(&s, "threads", NULL) != 0)
		return;
	pid = scenario_get(&s, "pid");
	n = scenario_list(&s, "tids", tids, 8);
	REQUIRE_EQ(n, 3);
	REQUIRE_EQ(pid, s.ctl);
	REQUIRE(live_read(&l) == 0);
	REQUIRE((p = MUST_FIND(&l, pid)) != NULL);

	CU_ASSERT_FALSE(p->is_thread);
	EXPECT_EQ(p->tgid, pid);
	EXPECT_EQ(p->nlwp, 4);
	EXPECT_EQ(fks_forest_nthreads(l.tbl, p), 3);
	EXPECT_COMM(p, "th-main");
	for (i = 0; i < n; i++) {
		if ((t = MUST_FIND(&l, tids[i])) == NULL)
			continue;
		CU_ASSERT(tids[i] != pid);
		EXPECT_EQ(t->tid, tids[i]);
		EXPECT_EQ(t->tgid, pid);
		CU_ASSERT(t->is_thread);
		/* stat of a thread names its process's parent */
		EXPECT_EQ(t->ppid, p->ppid);
		EXPECT_EQ(t->state, FKS_STATE_SLEEPING);
		EXPECT_EQ(t->nlwp, 4);
		snprintf(name, sizeof name, "worker-%zu", i + 1);
		EXPECT_COMM(t, name);
		CU_ASSERT_PTR_EQUAL(fks_table_process(l.tbl, t), p);
		CU_ASSERT_FALSE(fks_task_is_zombie(t));
	}
	/* The forest lists the threads by tid; the scenario printed them in
	 * creation order, which need not be tid order. */
	for (i = 0; i < fks_forest_nthreads(l.tbl, p); i++) {
		t = fks_forest_thread(l.tbl, p, i);
		for (j = 0; j < n && tids[j] != t->tid; j++)
			;
		check(j < n, __LINE__, "forest thread is a worker",
		    "tid %d", (int)t->tid);
		if (i > 0)
			CU_ASSERT(fks_forest_thread(l.tbl, p, i - 1)->tid <
			    t->tid);
	}
	/* In the table a process is followed by its threads, by tid. */
	for (idx = 0; idx < fks_table_count(l.tbl); idx++)
		if (fks_table_at(l.tbl, idx) == p)
			break;
	for (i = 0; i < fks_forest_nthreads(l.tbl, p); i++)
		CU_ASSERT_PTR_EQUAL(fks_table_at(l.tbl, idx + 1 + i),
		    fks_forest_thread(l.tbl, p, i));
	/* Threads are never children in the forest. */
	EXPECT_EQ(fks_forest_nchildren(l.tbl, p), 0);
out:
	live_free(&l);
	scenario_finish(&s);
}

static void
test_vfork(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *par, *kid;
	pid_t parent, child;

	if (scenario_start(&s, "vfork", NULL) != 0)
		return;
	parent = scenario_get(&s, "parent");
	child = scenario_get(&s, "child");
	REQUIRE(live_read(&l) == 0);
	REQUIRE((par = MUST_FIND(&l, parent)) != NULL);
	REQUIRE((kid = MUST_FIND(&l, child)) != NULL);

	/* The parent waits in wait_for_vfork_done(), a killable wait:
	 * TASK_KILLABLE includes TASK_UNINTERRUPTIBLE, so stat says D
	 * (seen on Linux 6.18; wchan kernel_clone). */
	EXPECT_EQ(par->state_char, 'D');
	EXPECT_EQ(par->state, FKS_STATE_DISK);
	EXPECT_EQ(par->ppid, s.ctl);
	EXPECT_EQ(kid->ppid, parent);
	EXPECT_EQ(kid->state, FKS_STATE_SLEEPING);
	EXPECT_COMM(par, "vf-parent");
	EXPECT_COMM(kid, "vf-child");
	CU_ASSERT_FALSE(kid->is_thread);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(l.tbl, kid), par);
	/* Shared memory: the child's argv is the parent's. */
	CU_ASSERT(kid->cmdline_len > 0 && kid->cmdline_len == par->cmdline_len);
out:
	live_free(&l);
	scenario_finish(&s);
}

static void
test_zombie_farm(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *par, *t;
	static int kids[MAX_PIDS];
	size_t n, i, nz = 0, nkids;
	pid_t parent;

	if (scenario_start(&s, "zombie-farm", NULL) != 0)
		return;
	parent = scenario_get(&s, "parent");
	EXPECT_EQ(scenario_get(&s, "n"), 300);
	n = scenario_list(&s, "children", kids, MAX_PIDS);
	REQUIRE_EQ(n, 300);
	REQUIRE(live_read(&l) == 0);
	REQUIRE((par = MUST_FIND(&l, parent)) != NULL);

	nkids = fks_forest_nchildren(l.tbl, par);
	EXPECT_EQ(nkids, 300);
	for (i = 0; i < nkids; i++) {
		t = fks_forest_child(l.tbl, par, i);
		if (fks_task_is_zombie(t) && t->ppid == parent)
			nz++;
	}
	EXPECT_EQ(nz, 300);
	for (i = 0; i < n; i++) {
		if ((t = MUST_FIND(&l, kids[i])) == NULL)
			continue;
		EXPECT_EQ(t->state, FKS_STATE_ZOMBIE);
		EXPECT_EQ(t->exit_code, 0);
		EXPECT_COMM(t, "zf-child");
	}
	CU_ASSERT_FALSE(fks_task_is_zombie(par));
out:
	live_free(&l);
	scenario_finish(&s);
}

static void
test_zombie_leader(void)
{
	struct scenario s = { .ctl = -1 };
	struct live l = { 0 };
	const struct fks_task *p, *t;
	pid_t pid, tid;

	if (scenario_start(&s, "zombie-leader", NULL) != 0)
		return;
	pid = scenario_get(&s, "pid");
	tid = scenario_get(&s, "thread");
	/* The keeper printed the line; let it go back to sleep. */
	CU_ASSERT(wait_asleep(tid));
	REQUIRE(live_read(&l) == 0);
	REQUIRE((p = MUST_FIND(&l, pid)) != NULL);
	REQUIRE((t = MUST_FIND(&l, tid)) != NULL);

	/* The kernel shows the exited leader as Z ... */
	EXPECT_EQ(p->state, FKS_STATE_ZOMBIE);
	EXPECT_EQ(p->state_char, 'Z');
	/* ... but the group lives on: not a zombie process. */
	EXPECT_EQ(p->nlwp, 2);
	CU_ASSERT_FALSE(fks_task_is_zombie(p));
	CU_ASSERT(t->is_thread);
	EXPECT_EQ(t->tgid, pid);
	EXPECT_EQ(t->state, FKS_STATE_SLEEPING);
	CU_ASSERT_FALSE(fks_task_is_zombie(t));
	EXPECT_COMM(t, "zl-keeper");
	EXPECT_COMM(p, "zl-leader");
	/* the leader's own cmdline is empty; the keeper's argv stands in */
	CU_ASSERT(p->known & FKS_K_CMDLINE);
	CU_ASSERT(p->cmdline_len > 0 &&
		  strstr(p->cmdline, "zombie-leader") != NULL);
	EXPECT_EQ(fks_forest_nthreads(l.tbl, p), 1);
	CU_ASSERT_PTR_EQUAL(fks_table_process(l.tbl, t), p);
out:
	live_free(&l);
	scenario_finish(&s);
}

/*
 * SIGKILL of a controller takes every process of its scenario down (the
 * life pipe).  The test is a subreaper meanwhile, so the orphaned zombies
 * come to it and are reaped at once instead of by init.
 */
static void
kill_one(const char *name, char *const *args)
{
	struct scenario s = { .ctl = -1 };
	int pids[MAX_PIDS], status;
	size_t n, i;

	if (scenario_start(&s, name, args) != 0)
		return;
	n = scenario_pids(&s, pids, MAX_PIDS);
	kill(s.ctl, SIGKILL);
	status = wait_controller(s.ctl);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, __LINE__,
	    "controller killed", "%s: wait status %#x", name, status);
	close(s.in);
	close(s.out);
	for (i = 0; i < n; i++)
		check(wait_gone(pids[i]), __LINE__, "gone after SIGKILL",
		    "%s: pid %d still in /proc", name, pids[i]);
}

static void
test_sigkill_cleanup(void)
{
	static char *const farm[] = { "-n", "20", NULL };

	if (!EXPECT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0))
		return;
	kill_one("fork", NULL);
	kill_one("orphan", NULL);
	kill_one("zombie", NULL);
	kill_one("subreaper", NULL);
	kill_one("threads", NULL);
	kill_one("vfork", NULL);
	kill_one("zombie-farm", farm);
	kill_one("zombie-leader", NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
}

/* SIGTERM is the other way to stop: same clean exit as EOF. */
static void
test_sigterm_stops(void)
{
	struct scenario s = { .ctl = -1 };

	if (scenario_start(&s, "vfork", NULL) != 0)
		return;
	kill(s.ctl, SIGTERM);
	scenario_finish(&s);
}

int
main(void)
{
	CU_pSuite suite;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	suite = CU_add_suite("live-scenarios", NULL, NULL);
	ADD_TEST(suite, test_fork);
	ADD_TEST(suite, test_zombie);
	ADD_TEST(suite, test_waitpid);
	ADD_TEST(suite, test_orphan);
	ADD_TEST(suite, test_orphan_subreaper);
	ADD_TEST(suite, test_subreaper);
	ADD_TEST(suite, test_threads);
	ADD_TEST(suite, test_vfork);
	ADD_TEST(suite, test_zombie_farm);
	ADD_TEST(suite, test_zombie_leader);
	ADD_TEST(suite, test_sigkill_cleanup);
	ADD_TEST(suite, test_sigterm_stops);
	return run_suites();
}
