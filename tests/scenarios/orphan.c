/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * orphan.c - scenario "orphan": a middle process forks a child and exits,
 * so the child is reparented.
 *
 * The controller (comm "or-ctl") forks the middle ("or-middle"), which
 * forks the orphan ("or-child") and exits at once.  The kernel hands the
 * orphan to the nearest PR_SET_CHILD_SUBREAPER ancestor, or else to the
 * init of its pid namespace; this program does not choose which (see
 * subreaper.c for that), it reports what the orphan's getppid() became.
 * The controller reaps the middle, so no zombie is left behind, and prints
 * only once the orphan has seen its new parent.
 *
 * On stop the orphan exits; it is not our child, so its new parent reaps
 * it.  The controller waits (bounded) until it has at least exited.
 *
 * Prints: scenario=orphan controller=PID middle=PID orphan=PID reaper=PID
 */
#include "common.h"

#include <time.h>
#include <unistd.h>

/* Waits until pid has exited (gone, or a zombie of someone else); after
 * SCN_TIMEOUT_MS it gives up quietly: the scenario is over anyway. */
static void
wait_exited(pid_t pid)
{
	struct timespec tick = { 0, 1000000 };
	int i;
	char c;

	for (i = 0; i < SCN_TIMEOUT_MS; i++) {
		c = scn_state(pid);
		if (c == 0 || c == 'Z' || c == 'X')
			return;
		nanosleep(&tick, NULL);
	}
}

int
main(int argc, char **argv)
{
	pid_t mid;
	int msg[2];

	scn_init("orphan", "or-ctl");
	scn_noargs(argc, argv);

	mid = scn_fork("or-middle");
	if (mid == 0)
		scn_orphan_middle("or-child");
	scn_collect(msg, 2);
	scn_reap(mid);
	scn_wait_state(msg[0], "S");
	scn_print("controller=%d middle=%d orphan=%d reaper=%d",
	    (int)getpid(), (int)mid, msg[0], msg[1]);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	wait_exited(msg[0]);
	return 0;
}
