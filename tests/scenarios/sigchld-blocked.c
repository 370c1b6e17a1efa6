/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sigchld-blocked.c - scenario "sigchld-blocked": a parent that blocks
 * SIGCHLD with sigprocmask() and leaves one child unreaped, exit status 5.
 *
 * The parent (comm "sb-parent") is the controller; it blocks SIGCHLD
 * (SigBlk in /proc/PID/status shows it) before it forks, and the child
 * ("sb-child") calls _exit(5) at once.  The line is printed once /proc
 * shows the child as Z.  A blocked SIGCHLD does not stop waitpid(), so
 * the parent reaps it when told to stop.
 *
 * Prints: scenario=sigchld-blocked parent=PID zombie=PID status=5
 */
#include "common.h"

#include <signal.h>
#include <unistd.h>

#define ZOMBIE_STATUS 5

int
main(int argc, char **argv)
{
	sigset_t mask;
	pid_t child;

	scn_init("sigchld-blocked", "sb-parent");
	scn_noargs(argc, argv);

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0)
		scn_die("sigprocmask");
	child = scn_fork("sb-child");
	if (child == 0)
		_exit(ZOMBIE_STATUS);
	scn_wait_state(child, "Z");
	scn_print("parent=%d zombie=%d status=%d", (int)getpid(), (int)child,
	    ZOMBIE_STATUS);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
