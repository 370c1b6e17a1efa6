/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * threads.c - scenario "threads": one process with three extra threads, so
 * tgid != tid for all but the leader.
 *
 * The leader (comm "th-main") is the controller.  Each worker names itself
 * "worker-N" with pthread_setname_np(), records its kernel tid and sleeps
 * in read() on the life pipe; closing that pipe ends them all, and the
 * leader joins them.  No fork: the whole scenario is one process.
 *
 * Prints: scenario=threads pid=PID tids=TID,TID,TID
 */
#include "common.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NWORKERS 3

struct worker {
	pthread_t thread;
	int index;
	int tid;
};

static pthread_barrier_t ready;

static void *
work(void *arg)
{
	struct worker *w = arg;
	char name[16];
	int rc;

	snprintf(name, sizeof name, "worker-%d", w->index);
	rc = pthread_setname_np(pthread_self(), name);
	if (rc != 0) {
		errno = rc;
		scn_die("pthread_setname_np");
	}
	/* glibc's gettid() is 2.30+; the syscall works everywhere. */
	w->tid = (int)syscall(SYS_gettid);
	pthread_barrier_wait(&ready);
	scn_hold();
	return NULL;
}

int
main(int argc, char **argv)
{
	struct worker w[NWORKERS];
	int tids[NWORKERS], i, rc;
	char *list;

	scn_init("threads", "th-main");
	scn_noargs(argc, argv);

	rc = pthread_barrier_init(&ready, NULL, NWORKERS + 1);
	if (rc != 0) {
		errno = rc;
		scn_die("pthread_barrier_init");
	}
	for (i = 0; i < NWORKERS; i++) {
		w[i].index = i + 1;
		rc = pthread_create(&w[i].thread, NULL, work, &w[i]);
		if (rc != 0) {
			errno = rc;
			scn_die("pthread_create");
		}
	}
	pthread_barrier_wait(&ready);
	for (i = 0; i < NWORKERS; i++) {
		tids[i] = w[i].tid;
		scn_wait_state(tids[i], "S");
	}
	list = scn_join(tids, NWORKERS);
	scn_print("pid=%d tids=%s", (int)getpid(), list);
	free(list);

	scn_wait_stop();
	scn_stop();
	for (i = 0; i < NWORKERS; i++)
		pthread_join(w[i].thread, NULL);
	pthread_barrier_destroy(&ready);
	return 0;
}
