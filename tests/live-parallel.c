/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-parallel.c - a live /proc large enough to be read by several
 * threads (1,200 children of this test, one multithreaded) gives the same
 * table as one thread: every child present, in pid order, each followed by
 * its threads, with the same fields, no message and nothing vanished.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

#define NCHILD 1200

static pid_t kids[NCHILD];
static int life[2];

static void *
idle(void *arg)
{
	(void)arg;
	hold_until_eof(life[0]);
	return NULL;
}

static void
spawn(void)
{
	pthread_t th;
	int i;

	if (pipe(life) < 0) {
		perror("pipe");
		exit(99);
	}
	for (i = 0; i < NCHILD; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			perror("fork");
			exit(99);
		}
		if (kids[i] == 0) {
			close(life[1]);
			if (i == 0)	/* one child with 2 more threads */
				for (int j = 0; j < 2; j++)
					pthread_create(&th, NULL, idle, NULL);
			/* EOF when the test ends, however it ends */
			hold_until_eof(life[0]);
			_exit(0);
		}
	}
	close(life[0]);
}

static struct fks_table *
read_live(unsigned flags)
{
	struct fks_root *root;
	struct fks_table *tbl;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(NULL, &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, flags, &tbl), 0);
	return tbl;
}

static void
test_same_as_serial(void)
{
	struct fks_table *one, *many;
	const struct fks_task *a, *b, *p;
	size_t i, found = 0;
	pid_t last = 0;

	/* wait until the first child's threads exist */
	for (i = 0; i < 1000; i++) {
		one = read_live(FKS_READ_SERIAL);
		a = fks_table_find(one, kids[0]);
		if (a && a->nlwp == 3)
			break;
		free_table_and_root(one);
		one = NULL;
		usleep(10000);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(one);
	free_table_and_root(one);
	one = read_live(FKS_READ_SERIAL | FKS_READ_THREADS);
	many = read_live(FKS_READ_THREADS);
	CU_ASSERT_TRUE(fks_table_count(many) > NCHILD);
	CU_ASSERT_EQUAL(fks_table_nmessages(many), 0);
	/* processes in pid order, each followed by its threads */
	for (i = 0; i < fks_table_count(many); i++) {
		b = fks_table_at(many, i);
		if (!b->is_thread) {
			CU_ASSERT_TRUE(b->tid > last);
			last = b->tid;
		} else {
			CU_ASSERT_EQUAL(b->tgid, last);
		}
		CU_ASSERT_PTR_EQUAL(fks_table_find(many, b->tid), b);
	}
	for (i = 0; i < NCHILD; i++) {
		a = fks_table_find(one, kids[i]);
		b = fks_table_find(many, kids[i]);
		CU_ASSERT_PTR_NOT_NULL(b);
		if (!a || !b)
			continue;
		found++;
		CU_ASSERT_EQUAL(b->ppid, getpid());
		CU_ASSERT_EQUAL(b->ppid, a->ppid);
		CU_ASSERT_EQUAL(b->start_ticks, a->start_ticks);
		CU_ASSERT_EQUAL(b->euid, a->euid);
		CU_ASSERT_EQUAL(b->comm_len, a->comm_len);
		CU_ASSERT_EQUAL(memcmp(b->comm, a->comm, a->comm_len), 0);
		CU_ASSERT_EQUAL(b->cmdline_len, a->cmdline_len);
		CU_ASSERT_EQUAL(fks_forest_nthreads(many, b),
				fks_forest_nthreads(one, a));
	}
	CU_ASSERT_EQUAL(found, NCHILD);
	p = fks_table_find(many, kids[0]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(fks_forest_nthreads(many, p), 2);
	p = fks_table_find(many, getpid());
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(fks_forest_nchildren(many, p), NCHILD);
	free_table_and_root(one);
	free_table_and_root(many);
}

static int
reap(void)
{
	int i;

	close(life[1]);
	for (i = 0; i < NCHILD; i++)
		waitpid(kids[i], NULL, 0);
	return 0;
}

int
main(void)
{
	CU_pSuite s;

	spawn();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-parallel", NULL, reap);
	ADD_TEST(s, test_same_as_serial);
	return run_suites();
}
