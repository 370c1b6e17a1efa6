/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-bpf.c - the BPF task source against the /proc source on the live
 * system, read the same moment: /proc, then BPF, then /proc again; every
 * task in all three reads whose /proc fields did not change between the
 * two /proc reads must have identical fields from BPF: ids, state, ppid,
 * pgrp, session, tty, tpgid, flags, nice, threads, start, rss, the
 * argument area (stat's arg_start and arg_end), exit code,
 * utime and stime, comm bytes, the owner (euid) and ruid (status's Uid),
 * the pid namespace (the ns/pid link's inode).
 *
 * Staged first so the rarer cases are among them: a zombie, a stopped
 * and a traced process, a process with threads, and one whose real and
 * effective uids differ (65534 and 1000); each must be among the tasks
 * compared, with the state /proc gives it.  A task that differs is read
 * again (see recheck()).  And no task in both /proc
 * reads (the same start) may be missing from the BPF read.  Needs root and the BPF
 * source; skips (77) saying why otherwise.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkscope.h"

static int failures;

#define SAME(f, fmt)							\
	do {								\
		if (a->f != b->f) {					\
			printf("tid %d: " #f " /proc " fmt " bpf " fmt "\n", \
			       (int)a->tid, a->f, b->f);		\
			return false;					\
		}							\
	} while (0)

/* Whether the two tasks agree on every field both sources give. */
static bool
same(const struct fks_task *a, const struct fks_task *b, bool quiet)
{
	unsigned k = FKS_K_STAT | FKS_K_EXIT_CODE | FKS_K_OWNER | FKS_K_RUID |
		     FKS_K_PIDNS;

	if (quiet)	/* the /proc-to-/proc check: no report */
		return a->tgid == b->tgid && a->ppid == b->ppid &&
		       a->state_char == b->state_char && a->pgrp == b->pgrp &&
		       a->session == b->session && a->tty_nr == b->tty_nr &&
		       a->tpgid == b->tpgid && a->flags == b->flags &&
		       a->nice == b->nice && a->nlwp == b->nlwp &&
		       a->start_ticks == b->start_ticks &&
		       a->rss_pages == b->rss_pages &&
		       a->arg_start == b->arg_start &&
		       a->arg_end == b->arg_end &&
		       a->exit_code == b->exit_code && a->utime == b->utime &&
		       a->stime == b->stime && a->euid == b->euid &&
		       a->ruid == b->ruid && a->pidns == b->pidns &&
		       (a->known & k) == (b->known & k) &&
		       a->comm_len == b->comm_len &&
		       memcmp(a->comm, b->comm, a->comm_len) == 0;
	SAME(tgid, "%d");
	SAME(is_thread, "%d");
	SAME(ppid, "%d");
	SAME(state_char, "%c");
	SAME(state, "%d");
	SAME(pgrp, "%d");
	SAME(session, "%d");
	SAME(tty_nr, "%d");
	SAME(tpgid, "%d");
	SAME(flags, "%#x");
	SAME(kthread, "%d");
	SAME(nice, "%d");
	SAME(nlwp, "%d");
	SAME(start_ticks, "%llu");
	SAME(rss_pages, "%ld");
	SAME(arg_start, "%#llx");
	SAME(arg_end, "%#llx");
	SAME(exit_code, "%d");
	SAME(utime, "%llu");
	SAME(stime, "%llu");
	SAME(euid, "%u");
	SAME(ruid, "%u");
	SAME(pidns, "%llu");
	if ((a->known & k) != (b->known & k)) {
		printf("tid %d: known /proc %#x bpf %#x\n", (int)a->tid,
		       a->known & k, b->known & k);
		return false;
	}
	if (a->comm_len != b->comm_len ||
	    memcmp(a->comm, b->comm, a->comm_len) != 0) {
		printf("tid %d: comm /proc '%s' bpf '%s'\n", (int)a->tid,
		       a->comm, b->comm);
		return false;
	}
	return true;
}

static struct fks_table *
read_with(struct fks_root *root, enum fks_source src, unsigned fields)
{
	struct fks_table *tbl;
	int rc;

	fks_root_set_source(root, src);
	rc = fks_table_read(root, fields, FKS_READ_THREADS, &tbl);
	if (rc < 0) {
		if (src == FKS_SOURCE_BPF) {
			printf("SKIP: the BPF source cannot run here: %s\n",
			       fks_root_source_why(root) ?
			       fks_root_source_why(root) : strerror(-rc));
			exit(77);
		}
		printf("reading /proc: %s\n", strerror(-rc));
		exit(1);
	}
	return tbl;
}

static void *
idle(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

/* The staged processes; all killed at the end. */
static pid_t zombie, stopped, unwaited, traced, threaded, uids;

static pid_t
child(void (*body)(void))
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(99);
	}
	if (pid == 0) {
		body();
		_exit(0);
	}
	return pid;
}

static void die_now(void) { _exit(3); }
static void wait_forever(void) { for (;;) pause(); }

static void
with_threads(void)
{
	pthread_t t;
	int i;

	for (i = 0; i < 3; i++)
		pthread_create(&t, NULL, idle, NULL);
	wait_forever();
}

static void
other_uids(void)
{
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 1000, 65534))
		_exit(5);
	wait_forever();
}

/* Waits (2 s at most) until /proc shows pid in state c. */
static void
wait_state(pid_t pid, char c)
{
	char path[64], buf[512], *p;
	FILE *f;
	int i;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	for (i = 0; i < 200; i++) {
		f = fopen(path, "r");
		p = f && fgets(buf, sizeof buf, f) ? strrchr(buf, ')') : NULL;
		if (f)
			fclose(f);
		if (p && p[1] == ' ' && p[2] == c)
			return;
		usleep(10000);
	}
}

static void
stage(void)
{
	int st;

	zombie = child(die_now);
	stopped = child(wait_forever);
	kill(stopped, SIGSTOP);
	waitpid(stopped, &st, WUNTRACED);
	/* stopped, and not waited for: its stat shows the stop signal (the
	 * group's code, which a wait would clear) */
	unwaited = child(wait_forever);
	kill(unwaited, SIGSTOP);
	wait_state(unwaited, 'T');
	traced = child(wait_forever);
	if (ptrace(PTRACE_ATTACH, traced, NULL, NULL) == 0)
		waitpid(traced, &st, 0);	/* stopped in the tracer: t */
	threaded = child(with_threads);
	uids = child(other_uids);
	usleep(200000);		/* the zombie has died, threads started */
}

static void
unstage(void)
{
	pid_t pids[] = { stopped, unwaited, traced, threaded, uids };
	size_t i;

	ptrace(PTRACE_DETACH, traced, NULL, NULL);
	for (i = 0; i < sizeof pids / sizeof *pids; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	waitpid(zombie, NULL, 0);
}

/*
 * A task can change and change back between the two /proc reads (a
 * sleeper woken for a moment, a worker's description): reading before
 * and after cannot see that.  So a task that differed is read again, up
 * to ROUNDS more times: it fails only if it differs in every round in
 * which /proc held still for it (a wrong computation always differs); a
 * round in which it is the same clears it.  Returns the failures.
 */
#define MAX_PENDING 256
#define ROUNDS 4

static int
recheck(struct fks_root *root, pid_t *pending, size_t n)
{
	unsigned proc_fields = FKS_F_STAT | FKS_F_OWNER | FKS_F_STATUS |
			      FKS_F_PIDNS;
	struct fks_table *p1, *bpf, *p2;
	const struct fks_task *a, *b, *c;
	bool differed[MAX_PENDING] = { false };
	size_t i, k, left = n;
	int round;

	for (round = 0; round < ROUNDS && left; round++) {
		p1 = read_with(root, FKS_SOURCE_PROC, proc_fields);
		bpf = read_with(root, FKS_SOURCE_BPF, FKS_F_DEFAULT);
		p2 = read_with(root, FKS_SOURCE_PROC, proc_fields);
		for (i = 0; i < n; i++) {
			if (!pending[i])
				continue;
			a = fks_table_find(p1, pending[i]);
			b = fks_table_find(bpf, pending[i]);
			c = fks_table_find(p2, pending[i]);
			if (!a || !b || !c) {	/* gone: cannot tell */
				pending[i] = 0;
				left--;
			} else if (same(a, c, true) && same(a, b, true)) {
				pending[i] = 0;		/* transient */
				left--;
			} else if (same(a, c, true)) {
				differed[i] = true;
				if (round == ROUNDS - 1)
					same(a, b, false);	/* say what */
			}
		}
		fks_table_free(p1);
		fks_table_free(bpf);
		fks_table_free(p2);
	}
	for (i = k = 0; i < n; i++)
		if (pending[i] && differed[i])
			k++;
	printf("%zu tasks differed once, %zu in every later round\n", n, k);
	return (int)k;
}

/* The task must be among those compared, in state c. */
static void
expect(const struct fks_table *bpf, const bool *compared, pid_t tid, char c,
       const char *what)
{
	const struct fks_task *t = fks_table_find(bpf, tid);

	if (!t || !compared[fks_table_index(bpf, t)]) {
		printf("FAIL: the %s (%d) was not compared\n", what, (int)tid);
		failures++;
	} else if (c && t->state_char != c) {
		printf("FAIL: the %s (%d) is %c, not %c\n", what, (int)tid,
		       t->state_char, c);
		failures++;
	}
}

/*
 * A child forked from a root reads with BPF: with the program its parent
 * loaded (the descriptors it inherited), or, forked before the parent's
 * first read, loading it itself.  Each way five times.
 */
static void
forked_children(void)
{
	struct fks_root *root;
	struct fks_table *tbl;
	int i, st, bad = 0;
	pid_t pid;

	for (i = 0; i < 10; i++) {
		if (fks_root_open(NULL, &root) < 0)
			exit(99);
		fks_root_set_source(root, FKS_SOURCE_BPF);
		if (i % 2) {	/* the parent loads it first */
			if (fks_table_read(root, FKS_F_STAT, 0, &tbl) < 0)
				exit(99);
			fks_table_free(tbl);
		}
		pid = fork();
		if (pid == 0) {
			int rc = fks_table_read(root, FKS_F_STAT, 0, &tbl);

			if (rc == 0 && fks_table_count(tbl) > 0 &&
			    fks_root_source_used(root) == FKS_SOURCE_BPF)
				_exit(0);
			/* why, for the log */
			printf("child %d (%s): rc %d, %s\n", i, i % 2 ?
			       "after the parent's read" : "before any read",
			       rc, fks_root_source_why(root) ?
			       fks_root_source_why(root) : "no reason");
			fflush(stdout);
			_exit(1);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
		fks_root_free(root);
	}
	if (bad) {
		printf("FAIL: %d of 10 forked children could not read with "
		       "BPF\n", bad);
		failures++;
	}
}

/*
 * AUTO then PROC before the first read: the read is from /proc, and says
 * no reason for it, even where BPF could not run (here: without
 * privilege, in a child that dropped root).
 */
static void
auto_then_proc(void)
{
	struct fks_root *root;
	struct fks_table *tbl;
	int st, i;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		for (i = 0; i < 20; i++) {
			if (fks_root_open(NULL, &root) < 0)
				_exit(2);
			fks_root_set_source(root, FKS_SOURCE_AUTO);
			fks_root_set_source(root, FKS_SOURCE_PROC);
			if (fks_table_read(root, FKS_F_STAT, 0, &tbl) < 0 ||
			    fks_root_source_used(root) != FKS_SOURCE_PROC)
				_exit(1);
			if (fks_root_source_why(root))
				_exit(3);
			fks_table_free(tbl);
			fks_root_free(root);
		}
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		printf("FAIL: AUTO then PROC: the read was not a clean /proc "
		       "read (child status %d)\n", st);
		failures++;
	}
}

int
main(void)
{
	struct fks_root *root;
	struct fks_table *p1, *bpf, *p2;
	const struct fks_task *b, *a, *c;
	size_t i, n, compared = 0, changed = 0, absent = 0, missed;
	pid_t pending[MAX_PENDING];
	size_t npending = 0;
	unsigned proc_fields = FKS_F_STAT | FKS_F_OWNER | FKS_F_STATUS |
			      FKS_F_PIDNS;
	bool *ok;

	if (geteuid() != 0) {
		printf("SKIP: needs root (the BPF source and the staging)\n");
		return 77;
	}
	if (fks_root_open(NULL, &root) < 0)
		return 99;
	/* a first BPF read says whether it can run at all */
	fks_table_free(read_with(root, FKS_SOURCE_BPF, FKS_F_DEFAULT));
	stage();
	p1 = read_with(root, FKS_SOURCE_PROC, proc_fields);
	bpf = read_with(root, FKS_SOURCE_BPF, FKS_F_DEFAULT);
	missed = fks_root_bpf_missed(root);
	p2 = read_with(root, FKS_SOURCE_PROC, proc_fields);
	n = fks_table_count(bpf);
	ok = calloc(n + 1, sizeof *ok);
	for (i = 0; i < n; i++) {
		b = fks_table_at(bpf, i);
		a = fks_table_find(p1, b->tid);
		c = fks_table_find(p2, b->tid);
		if (!a || !c) {
			absent++;
			continue;
		}
		if (!same(a, c, true)) {
			changed++;
			continue;
		}
		compared++;
		ok[i] = true;
		if (!same(a, b, true) && npending < MAX_PENDING)
			pending[npending++] = b->tid;
	}
	/* and BPF missed no task that lived through all three reads */
	for (i = 0; i < fks_table_count(p1); i++) {
		a = fks_table_at(p1, i);
		c = fks_table_find(p2, a->tid);
		if (c && c->start_ticks == a->start_ticks &&
		    !fks_table_find(bpf, a->tid)) {
			printf("FAIL: tid %d (%s) in both /proc reads, not in "
			       "the BPF read\n", (int)a->tid, a->comm);
			failures++;
		}
	}
	printf("%zu tasks read by BPF: %zu compared, %zu changed between "
	       "the /proc reads, %zu not in both; %zu processes read from "
	       "/proc because the iterator did not show them\n", n,
	       compared, changed, absent, missed);
	expect(bpf, ok, zombie, 'Z', "zombie");
	expect(bpf, ok, stopped, 'T', "stopped process");
	expect(bpf, ok, unwaited, 'T', "stopped process not waited for");
	expect(bpf, ok, traced, 't', "traced process");
	expect(bpf, ok, threaded, 'S', "threaded process");
	if (fks_table_find(bpf, threaded) &&
	    fks_forest_nthreads(bpf, fks_table_find(bpf, threaded)) != 3) {
		printf("FAIL: the threaded process has not 3 threads\n");
		failures++;
	} else if (fks_table_find(bpf, threaded)) {
		expect(bpf, ok, fks_forest_thread(bpf, fks_table_find(bpf,
			threaded), 0)->tid, 'S', "thread");
	}
	expect(bpf, ok, uids, 'S', "process of uid 65534/1000");
	if (fks_table_find(bpf, uids) &&
	    (fks_table_find(bpf, uids)->ruid != 65534 ||
	     fks_table_find(bpf, uids)->euid != 1000)) {
		printf("FAIL: uids %u/%u, not 65534/1000\n",
		       fks_table_find(bpf, uids)->ruid,
		       fks_table_find(bpf, uids)->euid);
		failures++;
	}
	failures += recheck(root, pending, npending);
	forked_children();
	auto_then_proc();
	/* most tasks hold still for the few milliseconds of the reads */
	if (compared < n / 2) {
		printf("FAIL: only %zu of %zu tasks compared\n", compared, n);
		failures++;
	}
	unstage();
	free(ok);
	fks_table_free(p1);
	fks_table_free(bpf);
	fks_table_free(p2);
	fks_root_free(root);
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
