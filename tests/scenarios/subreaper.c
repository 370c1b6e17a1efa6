/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * subreaper.c - scenario "subreaper": a process marked
 * PR_SET_CHILD_SUBREAPER adopts its orphaned grandchild.
 *
 * The subreaper (comm "sr-reaper") is the controller.  It forks the middle
 * ("sr-middle"), which forks the grandchild ("sr-grandchild") and exits.
 * The kernel reparents the grandchild to the subreaper, not to init; the
 * grandchild reports once its getppid() has changed, and the program fails
 * unless that new parent is the subreaper.  The middle is reaped at once,
 * the grandchild when the scenario stops.
 *
 * Prints: scenario=subreaper subreaper=PID middle=PID grandchild=PID
 */
#include "common.h"

#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	pid_t mid;
	int msg[2];

	scn_init("subreaper", "sr-reaper");
	scn_noargs(argc, argv);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		scn_die("prctl(PR_SET_CHILD_SUBREAPER)");

	mid = scn_fork("sr-middle");
	if (mid == 0)
		scn_orphan_middle("sr-grandchild");
	scn_collect(msg, 2);
	scn_reap(mid);
	if (msg[1] != getpid())
		scn_diex("grandchild %d went to %d, not to the subreaper %d",
		    msg[0], msg[1], (int)getpid());
	scn_wait_state(msg[0], "S");
	scn_print("subreaper=%d middle=%d grandchild=%d", (int)getpid(),
	    (int)mid, msg[0]);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
