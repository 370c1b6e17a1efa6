/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lazy-reaper.c - scenario "lazy-reaper": a parent whose SIGCHLD handler
 * reaps, but which lost the kernel's SIGCHLD for its child, so the child
 * stays a zombie until someone sends the parent another SIGCHLD.
 *
 * The parent (comm "lr-parent") is the controller.  Its handler ignores
 * the first SIGCHLD it receives (standing for a signal lost to a race or
 * a bug) and, from the second on, reaps with a waitpid(WNOHANG) loop.
 * The child ("lr-child") calls _exit(4) at once.  The line is printed
 * once /proc shows the child as Z and the handler has consumed the first
 * signal; an external SIGCHLD (reapcheck --signal-parents --yes) then
 * makes the parent reap it, and /proc/ZOMBIE goes away.
 *
 * Prints: scenario=lazy-reaper parent=PID zombie=PID status=4
 */
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ZOMBIE_STATUS 4

static volatile sig_atomic_t received;

static void
on_sigchld(int sig)
{
	int saved = errno, status;

	(void)sig;
	if (received++ == 0)
		return;		/* the "lost" signal */
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
	errno = saved;
}

int
main(int argc, char **argv)
{
	struct timespec tick = { 0, 1000000 };
	struct sigaction sa;
	pid_t child;
	int ms;

	scn_init("lazy-reaper", "lr-parent");
	scn_noargs(argc, argv);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGCHLD, &sa, NULL) != 0)
		scn_die("sigaction");
	child = scn_fork("lr-child");
	if (child == 0)
		_exit(ZOMBIE_STATUS);
	scn_wait_state(child, "Z");
	/* the kernel's SIGCHLD follows the Z state closely; wait for the
	 * handler to have swallowed it, so the next one reaps */
	for (ms = 0; received == 0; ms++) {
		if (ms > SCN_TIMEOUT_MS)
			scn_diex("no SIGCHLD in %d ms", SCN_TIMEOUT_MS);
		nanosleep(&tick, NULL);
	}
	if (scn_state(child) != 'Z')
		scn_diex("child %d was reaped early", (int)child);
	scn_print("parent=%d zombie=%d status=%d", (int)getpid(), (int)child,
	    ZOMBIE_STATUS);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
