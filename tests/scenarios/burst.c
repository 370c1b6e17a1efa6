/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * burst.c - scenario "burst": N children forked as fast as can be, each
 * exiting 0 at once, all reaped; a load for an event watcher
 * (tests/forkwatch-burst.sh runs it under forkwatch).
 *
 * Unlike the other scenarios it holds nothing: it forks, reaps, prints
 *   scenario=burst controller=PID n=N forked=K seconds=S
 * and exits 0.  K is N, or fewer when -t SECONDS ran out first (a test
 * with a time budget on a loaded machine): the count is then exact, the
 * load smaller.  The children are not named (no prctl: that would be an
 * event more per child); they keep the controller's comm, "burst".
 * Up to 64 children are alive at once, so RLIMIT_NPROC is not a limit;
 * a failed fork is retried after a reap, and is an error only when no
 * child is left to reap.
 *
 * Usage: burst [-n N] [-t SECONDS]   (N: default 20000; no time limit)
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define INFLIGHT 64

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

/* Reaps one child; returns 0 when there was none. */
static int
reap_one(void)
{
	int st;

	while (waitpid(-1, &st, 0) < 0) {
		if (errno == ECHILD)
			return 0;
		if (errno != EINTR)
			scn_die("waitpid");
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		scn_diex("a child ended with wait status %#x", st);
	return 1;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void __attribute__((noreturn))
usage(void)
{
	scn_diex("usage: burst [-n N] [-t SECONDS]");
}

int
main(int argc, char **argv)
{
	long n = 20000, forked = 0, alive = 0;
	double limit = 0, start;
	char *end;
	pid_t pid;
	int c;

	while ((c = getopt(argc, argv, "n:t:")) != -1) {
		switch (c) {
		case 'n':
			n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 10000000)
				scn_diex("-n wants a count from 1 to "
				    "10000000");
			break;
		case 't':
			limit = strtod(optarg, &end);
			if (*end || !(limit > 0))
				scn_diex("-t wants a number of seconds");
			break;
		default:
			usage();
		}
	}
	if (optind < argc)
		usage();
	scn_init("burst", "burst");
	fflush(NULL);
	start = now_s();
	while (forked < n) {
		/* every 64 forks: has the time run out? */
		if (limit > 0 && forked % 64 == 0 && forked > 0 &&
		    now_s() - start > limit)
			break;
		if (alive == INFLIGHT) {
			alive -= reap_one();
			continue;
		}
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			if (errno != EAGAIN || !reap_one())
				scn_die("fork");
			alive--;
			continue;
		}
		forked++;
		alive++;
	}
	while (reap_one())
		;
	scn_print("controller=%d n=%ld forked=%ld seconds=%.1f", (int)getpid(),
	    n, forked, now_s() - start);
	return 0;
}
