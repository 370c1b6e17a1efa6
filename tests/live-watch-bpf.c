/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-watch-bpf.c - the BPF source of the event stream on the live
 * kernel (fks_watch_open_source(FKS_WS_BPF)), against children this
 * program makes, each event asserted as the watcher hands it out:
 * - "a": renames itself (prctl), starts a thread that renames itself and
 *   returns, then execs sh -c 'exit 7': its fork named as this program,
 *   the renames, the thread's clone and exit (other threads left), the
 *   exec with its file name and then the new name with its argv, its
 *   exit 7 with the group gone, every name the kernel's (no '*');
 * - "b": killed by SIGKILL; "c": dies of SIGSEGV (no core: not dumpable);
 * - "d": a process whose second thread calls exit_group(5): both exits
 *   carry status 5, one of them (the last) says the group is gone.
 * Nothing is lost.  Needs root (else exits 77 saying why).
 *
 * With --refused (run as an ordinary user, or without capabilities):
 * fks_watch_open_source(FKS_WS_BPF) fails with -EPERM, "not permitted",
 * and fks_watch_open_live() picks another source and says why not BPF.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

#define MAXSEEN 256

/* An item of one of our children, copied (its strings too). */
struct seen {
	struct fks_event ev;
	char cmdline[64], path[64];
	bool named;		/* its task's name was not inherited */
};

static struct seen seen[MAXSEEN];
static size_t nseen;
static char self_comm[17];
static pid_t kids[4];		/* a b c d */
static pid_t thread_a;		/* a's thread, as a reports it */

static bool
ours(const struct fks_event *ev)
{
	for (int i = 0; i < 4; i++)
		if (kids[i] && (ev->pid == kids[i] || ev->tgid == kids[i]))
			return true;
	return false;
}

static void
keep(const struct fks_watch_item *it)
{
	struct seen *s;

	if (!ours(&it->ev) || nseen == MAXSEEN)
		return;
	s = &seen[nseen++];
	s->ev = it->ev;
	s->named = it->known && !(it->task.flags & FKS_WT_INHERITED);
	if (it->ev.cmdline)
		memcpy(s->cmdline, it->ev.cmdline, it->ev.cmdline_len <
		       sizeof s->cmdline ? it->ev.cmdline_len
					 : sizeof s->cmdline - 1);
	if (it->ev.path)
		memcpy(s->path, it->ev.path, it->ev.path_len < sizeof s->path
		       ? it->ev.path_len : sizeof s->path - 1);
	s->ev.cmdline = it->ev.cmdline ? s->cmdline : NULL;
	s->ev.path = it->ev.path ? s->path : NULL;
}

/* The n-th (from 0) item of that type and pid, or NULL. */
static const struct seen *
find(enum fks_event_type type, pid_t pid, int nth)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen[i].ev.type == type && seen[i].ev.pid == pid &&
		    nth-- == 0)
			return &seen[i];
	return NULL;
}

static size_t
count(enum fks_event_type type, pid_t tgid)
{
	size_t n = 0;

	for (size_t i = 0; i < nseen; i++)
		n += seen[i].ev.type == type && seen[i].ev.tgid == tgid;
	return n;
}

static void *
thread_a_main(void *arg)
{
	int *pipefd = arg;
	pid_t tid = (pid_t)syscall(SYS_gettid);

	prctl(PR_SET_NAME, "bpf-thread");
	(void)!write(pipefd[1], &tid, sizeof tid);
	return NULL;
}

static void
child_a(int *pipefd)
{
	pthread_t th;

	prctl(PR_SET_NAME, "bpf-renamed");
	if (pthread_create(&th, NULL, thread_a_main, pipefd) != 0)
		_exit(99);
	pthread_join(th, NULL);
	execl("/bin/sh", "sh", "-c", "exit 7", (char *)NULL);
	_exit(98);
}

static void *
thread_d_main(void *arg)
{
	(void)arg;
	usleep(20000);
	syscall(SYS_exit_group, 5);
	return NULL;
}

static void
child_d(void)
{
	pthread_t th;

	if (pthread_create(&th, NULL, thread_d_main, NULL) != 0)
		_exit(99);
	for (;;)
		pause();
}

static void
child_c(void)
{
	struct rlimit no = { 0, 0 };

	setrlimit(RLIMIT_CORE, &no);
	prctl(PR_SET_DUMPABLE, 0);
	/* the default action, not a sanitizer's handler that would exit */
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	_exit(97);
}

static void
test_events(void)
{
	struct fks_watch_item items[256];
	struct fks_root *root;
	struct fks_watch *w;
	const struct seen *s;
	int pipefd[2], st, tries, left = 4;
	size_t i, n;

	CU_ASSERT_EQUAL_FATAL(fks_root_open("/proc", &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_watch_open_source(root, FKS_WS_BPF, 0, 0,
						    &w), 0);
	CU_ASSERT_EQUAL(fks_watch_source(w), FKS_WS_BPF);
	CU_ASSERT(fks_watch_fd(w) >= 0);
	CU_ASSERT_STRING_EQUAL(fks_watch_header(w, "source"), "bpf");
	CU_ASSERT_FATAL(pipe(pipefd) == 0);
	prctl(PR_GET_NAME, self_comm);

	if ((kids[0] = fork()) == 0)
		child_a(pipefd);
	CU_ASSERT_FATAL(read(pipefd[0], &thread_a, sizeof thread_a) ==
			sizeof thread_a);
	if ((kids[1] = fork()) == 0)
		for (;;)
			pause();
	if ((kids[2] = fork()) == 0)
		child_c();
	if ((kids[3] = fork()) == 0)
		child_d();
	kill(kids[1], SIGKILL);
	/* every child reaped, then the stream read until their exits are
	 * all there (20 s at most) */
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(waitpid(kids[i], &st, 0), kids[i]);
	for (tries = 0; tries < 200 && left > 0; tries++) {
		CU_ASSERT_EQUAL_FATAL(fks_watch_next(w, items, 256, 100, &n),
				      0);
		for (i = 0; i < n; i++) {
			keep(&items[i]);
			if (items[i].ev.type == FKS_EV_EXIT &&
			    items[i].ev.pid == items[i].ev.tgid &&
			    ours(&items[i].ev))
				left--;
			CU_ASSERT_NOT_EQUAL(items[i].ev.type, FKS_EV_LOST);
		}
	}
	CU_ASSERT_EQUAL_FATAL(left, 0);
	CU_ASSERT_EQUAL(fks_watch_lost(w), 0);

	/* a: forked with this program's name, read from the kernel */
	s = find(FKS_EV_FORK, kids[0], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->ev.comm, self_comm);
	CU_ASSERT_EQUAL(s->ev.parent_tgid, getpid());
	CU_ASSERT(s->ev.flags & FKS_EVF_NAMED);
	CU_ASSERT_TRUE(s->named);
	s = find(FKS_EV_COMM, kids[0], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->ev.comm, "bpf-renamed");
	/* its thread: a clone, its rename, its exit leaving the process */
	s = find(FKS_EV_CLONE, thread_a, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->ev.tgid, kids[0]);
	CU_ASSERT_STRING_EQUAL(s->ev.comm, "bpf-renamed");
	s = find(FKS_EV_COMM, thread_a, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->ev.comm, "bpf-thread");
	s = find(FKS_EV_EXIT, thread_a, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(s->ev.tgid, kids[0]);
	CU_ASSERT(s->ev.flags & FKS_EVF_THREADS_LEFT);
	CU_ASSERT_STRING_EQUAL(s->ev.comm, "bpf-thread");
	/* the exec, no rename for it, then the name it gave */
	CU_ASSERT_PTR_NULL(find(FKS_EV_COMM, kids[0], 1));
	s = find(FKS_EV_EXEC, kids[0], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->ev.path);
	CU_ASSERT_STRING_EQUAL(s->path, "/bin/sh");
	CU_ASSERT(s + 1 < seen + nseen && s[1].ev.type == FKS_EV_NAME);
	s = find(FKS_EV_NAME, kids[0], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->ev.comm, "sh");
	CU_ASSERT_EQUAL_FATAL(s->ev.cmdline_len, 13);
	CU_ASSERT(memcmp(s->cmdline, "sh\0-c\0exit 7\0", 13) == 0);
	CU_ASSERT_TRUE(s->named);
	s = find(FKS_EV_EXIT, kids[0], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_TRUE(WIFEXITED(s->ev.exit_code));
	CU_ASSERT_EQUAL(WEXITSTATUS(s->ev.exit_code), 7);
	CU_ASSERT(s->ev.flags & FKS_EVF_GROUP_DEAD);
	CU_ASSERT_STRING_EQUAL(s->ev.comm, "sh");
	CU_ASSERT_EQUAL(s->ev.parent_tgid, getpid());

	/* b and c: killed */
	s = find(FKS_EV_EXIT, kids[1], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_TRUE(WIFSIGNALED(s->ev.exit_code));
	CU_ASSERT_EQUAL(WTERMSIG(s->ev.exit_code), SIGKILL);
	s = find(FKS_EV_EXIT, kids[2], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_TRUE(WIFSIGNALED(s->ev.exit_code));
	CU_ASSERT_EQUAL(WTERMSIG(s->ev.exit_code), SIGSEGV);
	CU_ASSERT_FALSE(WCOREDUMP(s->ev.exit_code));

	/* d: two exits of one group, both with the group's status 5, the
	 * group gone at exactly one of them */
	CU_ASSERT_EQUAL(count(FKS_EV_CLONE, kids[3]), 1);
	CU_ASSERT_EQUAL_FATAL(count(FKS_EV_EXIT, kids[3]), 2);
	tries = 0;
	for (i = 0; i < nseen; i++) {
		if (seen[i].ev.type != FKS_EV_EXIT ||
		    seen[i].ev.tgid != kids[3])
			continue;
		CU_ASSERT_TRUE(WIFEXITED(seen[i].ev.exit_code));
		CU_ASSERT_EQUAL(WEXITSTATUS(seen[i].ev.exit_code), 5);
		tries += !!(seen[i].ev.flags & FKS_EVF_GROUP_DEAD);
	}
	CU_ASSERT_EQUAL(tries, 1);
	fks_watch_free(w);
	fks_root_free(root);
}

/* Without the privileges: refused, and auto passes BPF over. */
static int
refused(void)
{
	struct fks_root *root;
	struct fks_watch *w;
	const char *why;
	int rc, bad = 0;

	if (fks_root_open("/proc", &root) < 0)
		return 99;
	rc = fks_watch_open_source(root, FKS_WS_BPF, 0, 0, &w);
	why = w ? fks_watch_error(w) : NULL;
	if (rc != -EPERM || !why || !strstr(why, "not permitted")) {
		printf("FAIL: --source bpf: %d, %s\n", rc, why ? why : "-");
		bad = 1;
	}
	fks_watch_free(w);
	rc = fks_watch_open_live(root, 0, 0, true, &w);
	why = w ? fks_watch_why_not(w, FKS_WS_BPF) : NULL;
	if (rc != 0 || fks_watch_source(w) == FKS_WS_BPF || !why ||
	    !strstr(why, "not permitted")) {
		printf("FAIL: auto: %d, source %d, why not bpf: %s\n", rc,
		       w ? (int)fks_watch_source(w) : -1, why ? why : "-");
		bad = 1;
	}
	if (!bad)
		printf("PASS: refused (%s); auto chose %s\n", why,
		       fks_watch_header(w, "source"));
	fks_watch_free(w);
	fks_root_free(root);
	return bad;
}

int
main(int argc, char **argv)
{
	struct fks_root *root;
	struct fks_watch *w;
	CU_pSuite s;
	int rc;

	if (argc > 1 && strcmp(argv[1], "--refused") == 0)
		return refused();
	if (geteuid() != 0) {
		printf("SKIP: the BPF source needs root\n");
		return 77;
	}
	/* where BPF cannot run even as root, say why and skip */
	if (fks_root_open("/proc", &root) < 0)
		return 99;
	rc = fks_watch_open_source(root, FKS_WS_BPF, 0, 0, &w);
	if (rc == -EOPNOTSUPP || rc == -EPERM) {
		printf("SKIP: %s\n", fks_watch_error(w));
		fks_watch_free(w);
		fks_root_free(root);
		return 77;
	}
	fks_watch_free(w);
	fks_root_free(root);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-watch-bpf", NULL, NULL);
	ADD_TEST(s, test_events);
	return run_suites();
}
