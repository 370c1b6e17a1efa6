/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-events.c - the proc connector on the live kernel (root only): a
 * child forked here is seen forking from this process, a thread it starts
 * is a clone, its exit carries its status, and nothing was lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

static void *
nothing(void *arg)
{
	return arg;
}

static void
test_fork_clone_exit(void)
{
	struct fks_event ev[256];
	struct fks_events *evs;
	bool fork_seen = false, clone_seen = false, exit_seen = false;
	struct pollfd pfd;
	pthread_t th;
	size_t i, n;
	pid_t child;
	int rc, waited = 0, status;

	if (geteuid() != 0) {
		printf("\n  SKIP: the proc connector needs root "
		       "(CAP_NET_ADMIN)\n");
		return;
	}
	rc = fks_events_open(0, 0, &evs);
	if (rc == -EPROTONOSUPPORT) {
		printf("\n  SKIP: no proc connector in this kernel\n");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0) {
		if (pthread_create(&th, NULL, nothing, NULL) == 0)
			pthread_join(th, NULL);
		_exit(3);
	}
	CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
	pfd = (struct pollfd){ fks_events_fd(evs), POLLIN, 0 };
	while (!exit_seen && waited < 50 && poll(&pfd, 1, 100) >= 0) {
		waited++;
		if (fks_events_read(evs, ev, 256, &n) < 0)
			continue;
		for (i = 0; i < n; i++) {
			if (ev[i].type == FKS_EV_FORK && ev[i].pid == child) {
				fork_seen = true;
				CU_ASSERT_EQUAL(ev[i].parent_tgid, getpid());
				CU_ASSERT_EQUAL(ev[i].tgid, child);
				CU_ASSERT_TRUE(ev[i].time_ns > 0);
			}
			if (ev[i].type == FKS_EV_CLONE &&
			    ev[i].tgid == child) {
				clone_seen = true;
				CU_ASSERT_NOT_EQUAL(ev[i].pid, child);
			}
			if (ev[i].type == FKS_EV_EXIT && ev[i].pid == child) {
				exit_seen = true;
				CU_ASSERT_EQUAL(ev[i].exit_code, 3 << 8);
				CU_ASSERT_EQUAL(ev[i].parent_tgid, getpid());
			}
		}
	}
	CU_ASSERT_TRUE(fork_seen);
	CU_ASSERT_TRUE(clone_seen);
	CU_ASSERT_TRUE(exit_seen);
	CU_ASSERT_EQUAL(fks_events_lost(evs), 0);
	fks_events_close(evs);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-events", NULL, NULL);
	ADD_TEST(s, test_fork_clone_exit);
	return run_suites();
}
