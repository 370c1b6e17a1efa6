/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zombie-leader.c - scenario "zombie-leader": the thread-group leader has
 * called pthread_exit() while another thread keeps the process alive.
 *
 * The kernel keeps an exited leader as Z until the whole group is gone, so
 * /proc/PID/stat says Z for a process that is very much alive; tools must
 * not call it a zombie.  The leader (comm "zl-leader") starts the keeper
 * thread ("zl-keeper") and exits; the keeper waits for the leader's Z,
 * prints, holds, and ends the process with exit().  No fork.
 *
 * Prints: scenario=zombie-leader pid=PID thread=TID
 */
#include "common.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *
keep(void *arg)
{
	pid_t pid = getpid();

	(void)arg;
	scn_set_comm("zl-keeper");
	scn_wait_state(pid, "Z");
	scn_print("pid=%d thread=%d", (int)pid, (int)syscall(SYS_gettid));
	scn_wait_stop();
	exit(0);
}

int
main(int argc, char **argv)
{
	pthread_t keeper;
	int rc;

	scn_init("zombie-leader", "zl-leader");
	scn_noargs(argc, argv);

	rc = pthread_create(&keeper, NULL, keep, NULL);
	if (rc != 0) {
		errno = rc;
		scn_die("pthread_create");
	}
	pthread_exit(NULL);
}
