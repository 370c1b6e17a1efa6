/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * eventful.c - scenario "eventful": a known little tree of every kind of
 * process event, made one step at a time, for a watcher of the proc
 * connector (tests/forkwatch-live.sh runs it under forkwatch -j).
 *
 * The controller ("ev-ctl") does, strictly in this order, each step over
 * (its child reaped, its thread joined) before the next begins:
 *   1. a thread "ev-thread" that names itself and returns;
 *   2. a child "ev-exit0" that exits 0, and "ev-exit3" that exits 3;
 *   3. a child "ev-kill" that holds until the controller SIGKILLs it;
 *   4. a child "ev-segv" that dies of SIGSEGV: it makes itself
 *      non-dumpable (and RLIMIT_CORE is 0), so no core is written whatever
 *      core_pattern says, and its wait status has no core flag;
 *   5. a child "ev-setsid" that calls setsid() and exits 0;
 *   6. a child "ev-rename" that renames itself "ev-renamed" with
 *      prctl(PR_SET_NAME) and exits 0;
 *   7. a child "ev-exec" that execs this program again with the single
 *      argument "--exec-hold" (so its comm becomes "eventful", the file's
 *      name) and holds until the controller stops; it exits 0.
 * Every child is named by scn_fork() (a comm event of its own) right
 * after its fork.  The exec'd child stays alive until stdin's EOF, so a
 * watcher has all the time it needs to read its new name in /proc.
 *
 * Prints, once the exec'd child runs:
 *   scenario=eventful controller=PID thread=TID exit0=PID exit3=PID
 *   kill=PID segv=PID setsid=PID rename=PID exec=PID exec_path=PATH
 * then holds until stdin's EOF, stops the exec'd child, reaps it and
 * exits 0.  Nothing outlives the controller.
 *
 * With "--report FILE" the line goes to FILE instead of stdout: a watcher
 * that starts this program shares its stdout, and the two writers must not
 * interleave.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The fds the exec'd child finds its life pipe and report pipe on (the
 * originals are close-on-exec). */
#define HOLD_FD 60
#define REPORT_FD 61

static int thread_tid;

/*
 * Under AddressSanitizer, no leak check at exit: LeakSanitizer forks a
 * tracer and ptraces the process, events a watcher would see as ours.
 * (A hook the sanitizer runtime calls; unused in other builds.)
 */
const char *__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}

static void *
thread_main(void *arg)
{
	(void)arg;
	scn_set_comm("ev-thread");
	thread_tid = (int)syscall(SYS_gettid);
	return NULL;
}

/* Step 1: a thread that names itself and returns, joined. */
static int
make_thread(void)
{
	pthread_t th;
	int rc;

	rc = pthread_create(&th, NULL, thread_main, NULL);
	if (rc != 0) {
		errno = rc;
		scn_die("pthread_create");
	}
	rc = pthread_join(th, NULL);
	if (rc != 0) {
		errno = rc;
		scn_die("pthread_join");
	}
	return thread_tid;
}

/* A child named comm that exits with code at once, reaped. */
static pid_t
make_exit(const char *comm, int code)
{
	pid_t pid = scn_fork(comm);
	int st;

	if (pid == 0)
		_exit(code);
	st = scn_reap(pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != code)
		scn_diex("%s: wait status %#x, not exit %d", comm, st, code);
	return pid;
}

/* Step 3: a child that holds until SIGKILL; it reports first, so it is
 * named before it dies. */
static pid_t
make_killed(void)
{
	pid_t pid = scn_fork("ev-kill");
	int me, st;

	if (pid == 0) {
		me = (int)getpid();
		scn_report(&me, 1);
		scn_hold();
		_exit(1);
	}
	scn_collect(&me, 1);
	if (kill(pid, SIGKILL) != 0)
		scn_die("kill");
	st = scn_reap(pid);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		scn_diex("ev-kill: wait status %#x, not SIGKILL", st);
	return pid;
}

/* Step 4: a child that dies of SIGSEGV without a core. */
static pid_t
make_segv(void)
{
	pid_t pid = scn_fork("ev-segv");
	struct sigaction sa;
	sigset_t set;
	int st;

	if (pid == 0) {
		/* a core_pattern pipe ignores RLIMIT_CORE; a non-dumpable
		 * process is never dumped */
		if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
			_exit(1);
		/* the default action even where a sanitizer caught it */
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(SIGSEGV, &sa, NULL);
		sigemptyset(&set);
		sigaddset(&set, SIGSEGV);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(SIGSEGV);
		_exit(1);
	}
	st = scn_reap(pid);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV || WCOREDUMP(st))
		scn_diex("ev-segv: wait status %#x, not SIGSEGV without "
		    "core", st);
	return pid;
}

/* Step 5: setsid() and exit 0. */
static pid_t
make_setsid(void)
{
	pid_t pid = scn_fork("ev-setsid");
	int st;

	if (pid == 0)
		_exit(setsid() < 0 ? 1 : 0);
	st = scn_reap(pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		scn_diex("ev-setsid: setsid() failed (status %#x)", st);
	return pid;
}

/* Step 6: a second name, then exit 0. */
static pid_t
make_rename(void)
{
	pid_t pid = scn_fork("ev-rename");

	if (pid == 0) {
		scn_set_comm("ev-renamed");
		_exit(0);
	}
	if (scn_reap(pid) != 0)
		scn_diex("ev-rename: did not exit 0");
	return pid;
}

/* Step 7: exec this program with "--exec-hold"; returns once the new
 * image runs (it reports). */
static pid_t
make_exec(const char *self)
{
	pid_t pid = scn_fork("ev-exec");
	int msg;

	if (pid == 0) {
		/* dup2 leaves the copies open across exec */
		if (dup2(scn_life_fd(), HOLD_FD) < 0 ||
		    dup2(scn_report_fd(), REPORT_FD) < 0)
			scn_die("dup2");
		execl(self, self, "--exec-hold", (char *)NULL);
		scn_die("exec %s", self);
	}
	scn_collect(&msg, 1);
	if (msg != (int)pid)
		scn_diex("the exec'd child reported %d, not %d", msg,
		    (int)pid);
	return pid;
}

/* The exec'd child: report, hold until the life pipe's EOF, exit 0. */
static int
exec_hold(void)
{
	int me = (int)getpid();
	ssize_t n;
	char c;

	if (write(REPORT_FD, &me, sizeof me) != (ssize_t)sizeof me)
		return 1;
	close(REPORT_FD);
	do
		n = read(HOLD_FD, &c, 1);
	while (n < 0 && errno == EINTR);
	return 0;
}

int
main(int argc, char **argv)
{
	struct rlimit nocore = { 0, 0 };
	const char *report = NULL;
	char self[PATH_MAX];
	int thread, exit0, exit3, killed, segv, sid, rename, exec;
	ssize_t n;
	FILE *out;

	if (argc == 2 && strcmp(argv[1], "--exec-hold") == 0)
		return exec_hold();
	if (argc == 3 && strcmp(argv[1], "--report") == 0)
		report = argv[2];
	else
		scn_noargs(argc, argv);
	scn_init("eventful", "ev-ctl");
	if (setrlimit(RLIMIT_CORE, &nocore) != 0)
		scn_die("setrlimit(RLIMIT_CORE)");
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		scn_die("readlink /proc/self/exe");
	self[n] = '\0';

	thread = make_thread();
	exit0 = (int)make_exit("ev-exit0", 0);
	exit3 = (int)make_exit("ev-exit3", 3);
	killed = (int)make_killed();
	segv = (int)make_segv();
	sid = (int)make_setsid();
	rename = (int)make_rename();
	exec = (int)make_exec(self);

	if (report) {
		out = freopen(report, "w", stdout);
		if (!out)
			scn_die("%s", report);
	}
	scn_print("controller=%d thread=%d exit0=%d exit3=%d kill=%d "
	    "segv=%d setsid=%d rename=%d exec=%d exec_path=%s",
	    (int)getpid(), thread, exit0, exit3, killed, segv, sid, rename,
	    exec, self);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
