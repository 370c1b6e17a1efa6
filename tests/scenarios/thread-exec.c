/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * thread-exec.c - scenario "thread-exec": a thread other than the leader
 * calls execve(), so the kernel ends every other thread, gives the exec'ing
 * thread the leader's tid and runs the new image in it (execve(2), "All
 * threads other than the calling thread are destroyed").  A tracer sees
 * the exec reported by the leader's tid, its former tid in the event
 * message (ptrace(2), "execve(2) under ptrace").
 *
 * The controller ("te-ctl") starts a thread ("te-thread") that prints
 *   scenario=thread-exec controller=PID thread=TID exec_path=PATH
 * (to FILE with "--report FILE") and execs this program again with the
 * arguments "--after", "two words" and "7"; the leader meanwhile waits in
 * pause().  The new image holds until stdin's EOF, then exits 7 (the
 * third argument): stdin already at EOF makes the whole run a few ms.
 */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char self[PATH_MAX];
static const char *report;

static void *
thread_main(void *arg)
{
	(void)arg;
	scn_set_comm("te-thread");
	if (report && !freopen(report, "w", stdout))
		scn_die("%s", report);
	scn_print("controller=%d thread=%d exec_path=%s", (int)getpid(),
	    (int)syscall(SYS_gettid), self);
	execl(self, "thread-exec", "--after", "two words", "7", (char *)NULL);
	scn_die("exec %s", self);
}

int
main(int argc, char **argv)
{
	pthread_t th;
	ssize_t n;
	int rc;

	if (argc == 4 && strcmp(argv[1], "--after") == 0) {
		scn_wait_stop();
		return atoi(argv[3]);
	}
	if (argc == 3 && strcmp(argv[1], "--report") == 0)
		report = argv[2];
	else
		scn_noargs(argc, argv);
	scn_init("thread-exec", "te-ctl");
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		scn_die("readlink /proc/self/exe");
	self[n] = '\0';
	rc = pthread_create(&th, NULL, thread_main, NULL);
	if (rc != 0) {
		errno = rc;
		scn_die("pthread_create");
	}
	for (;;)
		pause();
}
