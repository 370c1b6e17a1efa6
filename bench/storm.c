/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * storm.c - the fork storm of bench/forkwatch.sh: N children (default
 * 100,000), forked in bursts of B (default 1,000) as fast as one process
 * can fork; each child calls _exit(0) at once, and the parent reaps the
 * whole burst before it forks the next.  So the kernel's proc connector
 * sends 2N events (a fork and an exit per child) from one parent, at the
 * highest rate this machine reaches, which is what a watcher must keep up
 * with.
 *
 * It prints "storm pid P n N burst B" and then waits for a line on stdin
 * (or its end) before the first fork, so that the watchers can start and
 * subscribe first; -d SECS waits that long instead.  At the end it prints
 * "done forks F reaped R retries E seconds S rate R/s" and, with -p FILE,
 * writes every child's pid to FILE, one a line in fork order, for the
 * script to attribute events to the storm (pids are reused: pid_max is
 * often 32,768, below N).
 *
 * It measures nothing about the watchers; it refuses a burst that would
 * not fit under pid_max.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Room left for the rest of the system when checking pid_max. */
#define PID_MARGIN 2000
/* The stack of a -m vm child, which only makes the exit system call. */
#define CHILD_STACK 4096

enum mode { M_FORK, M_VFORK, M_VM };

/* A -m vm child: shares the parent's memory, so it must not touch libc's
 * state; the raw exit system call ends it (status 0). */
static int
vm_child(void *arg)
{
	(void)arg;
	syscall(SYS_exit, 0);
	return 0;
}

/* One child that exits at once; its pid, or -1 with errno set. */
static pid_t
one_child(enum mode mode, char *stack)
{
	pid_t pid;

	switch (mode) {
	case M_VFORK:
		pid = vfork();
		if (pid == 0)
			_exit(0);
		return pid;
	case M_VM:
		/* a process (not a thread) that shares the parent's memory:
		 * no page tables to copy, no copy-on-write faults after it */
		return clone(vm_child, stack + CHILD_STACK, CLONE_VM | SIGCHLD,
			     NULL);
	default:
		pid = fork();
		if (pid == 0)
			_exit(0);
		return pid;
	}
}

static long
number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		errx(2, "bad number: %s", s);
	return v;
}

static long
pid_max(void)
{
	long v = -1;
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for a line on stdin, or its end. */
static void
wait_go(void)
{
	char c;
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n == 0 || (n == 1 && c == '\n'))
			return;
		if (n < 0 && errno != EINTR)
			err(1, "stdin");
	}
}

int
main(int argc, char **argv)
{
	enum mode mode = M_FORK;
	char *stacks = NULL;
	long n = 100000, burst = 1000, forked = 0, reaped = 0, retries = 0, i,
	     in_burst, pmax;
	double delay = -1, t0, secs;
	const char *pidfile = NULL;
	pid_t *pids, pid;
	FILE *pf;
	int c;

	while ((c = getopt(argc, argv, "n:b:d:p:m:")) != -1) {
		switch (c) {
		case 'n': n = number(optarg, 1, 100000000); break;
		case 'b': burst = number(optarg, 1, 1000000); break;
		case 'd': delay = (double)number(optarg, 0, 3600); break;
		case 'p': pidfile = optarg; break;
		case 'm':
			if (strcmp(optarg, "fork") == 0)
				mode = M_FORK;
			else if (strcmp(optarg, "vfork") == 0)
				mode = M_VFORK;
			else if (strcmp(optarg, "vm") == 0)
				mode = M_VM;
			else
				errx(2, "-m fork, vfork or vm");
			break;
		default:
			fprintf(stderr, "usage: storm [-n children] [-b burst] "
				"[-m fork|vfork|vm] [-d delay-secs] "
				"[-p pidfile]\n");
			return 2;
		}
	}
	pmax = pid_max();
	if (pmax > 0 && burst + PID_MARGIN > pmax)
		errx(1, "a burst of %ld + %d spare > pid_max %ld", burst,
		     PID_MARGIN, pmax);
	pids = malloc((size_t)n * sizeof *pids);
	if (!pids)
		err(1, "malloc");
	if (mode == M_VM) {
		/* one stack per child of a burst: a stack is used again only
		 * after its child was reaped */
		stacks = mmap(NULL, (size_t)burst * CHILD_STACK,
			      PROT_READ | PROT_WRITE, MAP_PRIVATE |
			      MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (stacks == MAP_FAILED)
			err(1, "mmap");
	}
	prctl(PR_SET_NAME, "fks-storm");
	/* children are reaped by waitpid, never by a handler */
	signal(SIGCHLD, SIG_DFL);
	printf("storm pid %d n %ld burst %ld mode %s\n", (int)getpid(), n,
	       burst, mode == M_VM ? "vm" : mode == M_VFORK ? "vfork" : "fork");
	fflush(stdout);
	if (delay >= 0)
		sleep((unsigned)delay);
	else
		wait_go();

	t0 = now();
	while (forked < n) {
		in_burst = 0;
		while (in_burst < burst && forked < n) {
			pid = one_child(mode, stacks ? stacks + in_burst *
						  CHILD_STACK : NULL);
			if (pid < 0) {
				if (errno != EAGAIN || in_burst == 0)
					err(1, "fork #%ld", forked);
				retries++;	/* out of pids: reap, go on */
				break;
			}
			pids[forked++] = pid;
			in_burst++;
		}
		for (i = 0; i < in_burst; i++) {
			while (waitpid(-1, NULL, 0) < 0)
				if (errno != EINTR)
					err(1, "waitpid");
			reaped++;
		}
	}
	secs = now() - t0;
	if (pidfile) {
		pf = fopen(pidfile, "w");
		if (!pf)
			err(1, "%s", pidfile);
		for (i = 0; i < forked; i++)
			fprintf(pf, "%d\n", (int)pids[i]);
		if (fclose(pf) == EOF)
			err(1, "%s", pidfile);
	}
	printf("done forks %ld reaped %ld retries %ld seconds %.3f rate %.0f/s\n",
	       forked, reaped, retries, secs, secs > 0 ? (double)forked / secs
						    : 0.0);
	free(pids);
	return 0;
}
