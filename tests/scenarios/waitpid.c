/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * waitpid.c - scenario "waitpid": a child exits with status 3 and its
 * parent reaps it with waitpid(), so nothing of the child is left.
 *
 * The parent (comm "wp-parent") is the controller; the child ("wp-child")
 * calls _exit(3).  The kernel releases the child inside waitpid(), before
 * it returns, so the program checks that /proc/CHILD is already gone and
 * fails otherwise.  The state held afterwards is simply the parent alone.
 *
 * Prints: scenario=waitpid parent=PID child=PID status=3 wstatus=768
 * (status is WEXITSTATUS, wstatus the raw wait status).
 */
#include "common.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_STATUS 3

int
main(int argc, char **argv)
{
	char path[64];
	pid_t child;
	int wstatus;

	scn_init("waitpid", "wp-parent");
	scn_noargs(argc, argv);

	child = scn_fork("wp-child");
	if (child == 0)
		_exit(CHILD_STATUS);
	wstatus = scn_reap(child);
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != CHILD_STATUS)
		scn_diex("child %d: unexpected wait status %#x", (int)child,
		    wstatus);
	snprintf(path, sizeof path, "/proc/%d", (int)child);
	if (access(path, F_OK) == 0)
		scn_diex("%s still exists after waitpid()", path);
	scn_print("parent=%d child=%d status=%d wstatus=%d", (int)getpid(),
	    (int)child, WEXITSTATUS(wstatus), wstatus);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
