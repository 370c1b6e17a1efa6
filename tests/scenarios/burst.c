/*
 * burst.c - scenario "burst": N children forked as fast as can be, each
 * exiting 0 at once, all reaped; a load for an event watcher
 * (tests/forkwatch-burst.sh runs it under forkwatch).
 *
 * Unlike the other scenarios it holds nothing: it forks, reaps, prints
 *   scenario=burst controller=PID n=N forked=N
 * and exits 0.  The children are not named (no prctl: that would be an
 * event more per child); they keep the controller's comm, "burst".
 * Up to 64 children are alive at once, so RLIMIT_NPROC is not a limit;
 * a failed fork is retried after a reap, and is an error only when no
 * child is left to reap.
 *
 * Usage: burst [-n N]   (default 20000)
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define INFLIGHT 64

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

int
main(int argc, char **argv)
{
	long n = 20000, forked = 0, alive = 0;
	char *end;
	pid_t pid;

	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		n = strtol(argv[2], &end, 10);
		if (*end || n < 1 || n > 10000000)
			scn_diex("-n wants a count from 1 to 10000000");
	} else {
		scn_noargs(argc, argv);
	}
	scn_init("burst", "burst");
	fflush(NULL);
	while (forked < n) {
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
	scn_print("controller=%d n=%ld forked=%ld", (int)getpid(), n, forked);
	return 0;
}
