/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fork.c - scenario "fork": a parent and its child right after fork(),
 * both asleep.
 *
 * The parent (comm "fk-parent") is the controller; the child ("fk-child")
 * reports once it has its name and then sleeps in read() on the life pipe.
 * Nothing here execs, waits early or reparents: it is the plain case the
 * other scenarios vary.
 *
 * Prints: scenario=fork parent=PID child=PID
 */
#include "common.h"

#include <unistd.h>

int
main(int argc, char **argv)
{
	pid_t child;
	int msg;

	scn_init("fork", "fk-parent");
	scn_noargs(argc, argv);

	child = scn_fork("fk-child");
	if (child == 0) {
		msg = getpid();
		scn_report(&msg, 1);
		scn_hold();
		_exit(0);
	}
	scn_collect(&msg, 1);
	/* The child is in or about to enter read(); wait until it sleeps
	 * so an observer sees S, not a transient R. */
	scn_wait_state(child, "S");
	scn_print("parent=%d child=%d", (int)getpid(), (int)child);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
