/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vfork.c - scenario "vfork": a vfork() child that neither execs nor exits
 * until told, so its parent stays suspended inside vfork().
 *
 * The controller (comm "vf-ctl") forks the parent ("vf-parent"), which
 * calls vfork().  The child ("vf-child") shares the parent's memory, so it
 * does only system calls: prctl() to name itself, one write() reporting
 * both pids, then read() on the life pipe, then _exit().  No stdio, no
 * return from the function that called vfork().  The controller prints
 * once the parent has gone to sleep in the kernel (any state but R; it is
 * D on current kernels, a killable uninterruptible wait).
 *
 * The controller is a third process because the suspended parent could
 * not watch stdin or print.
 *
 * Prints: scenario=vfork controller=PID parent=PID child=PID
 */
#include "common.h"

#include <sys/prctl.h>
#include <unistd.h>

static void
parent(void)
{
	pid_t self = getpid(), child;
	int msg[2];

	child = vfork();
	if (child == 0) {
		if (prctl(PR_SET_NAME, "vf-child", 0, 0, 0) != 0)
			_exit(1);
		msg[0] = self;
		msg[1] = getpid();
		scn_report(msg, 2);
		scn_hold();
		_exit(0);
	}
	if (child < 0)
		scn_die("vfork");
	scn_reap(child);
	_exit(0);
}

int
main(int argc, char **argv)
{
	pid_t par;
	int msg[2];

	scn_init("vfork", "vf-ctl");
	scn_noargs(argc, argv);

	par = scn_fork("vf-parent");
	if (par == 0)
		parent();
	scn_collect(msg, 2);
	if (msg[0] != par)
		scn_diex("vfork child reports parent %d, not %d", msg[0],
		    (int)par);
	scn_wait_state(par, "!R");
	scn_wait_state(msg[1], "S");
	scn_print("controller=%d parent=%d child=%d", (int)getpid(), (int)par,
	    msg[1]);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
