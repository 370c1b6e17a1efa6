/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zombie.c - scenario "zombie": a child has exited with status 7 and its
 * parent does not wait for it.
 *
 * The parent (comm "zb-parent") is the controller; the child ("zb-child")
 * calls _exit(7) at once.  The line is printed only once /proc shows the
 * child as Z, so the zombie is really there.  The parent reaps it only
 * when told to stop.
 *
 * Prints: scenario=zombie parent=PID zombie=PID status=7
 */
#include "common.h"

#include <unistd.h>

#define ZOMBIE_STATUS 7

int
main(int argc, char **argv)
{
	pid_t child;

	scn_init("zombie", "zb-parent");
	scn_noargs(argc, argv);

	child = scn_fork("zb-child");
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
