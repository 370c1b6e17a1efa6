/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-large.c - a synthetic snapshot of NPROC processes (20,000; built
 * again as test-large-200k with 200,000) and NPROC / 5 extra threads,
 * written at test time (never committed) and read back: the count, every
 * parent link, ppid and comm, child count, thread, the single root, the
 * walk's order and its depth must be exact.
 *
 * The shape is a binary heap: process i (2 <= i <= N) has parent i / 2,
 * so the facts are computable; every fifth process has one extra thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

#ifndef NPROC
#define NPROC 20000
#endif
#define TID_BASE (5 * NPROC)	/* extra thread of process i: TID_BASE + i */

/* on /dev/shm when writable: a tmpfs makes the many small files of the
 * 200,000-process case quick to write and remove */
static char dir[64];

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* floor(log2(n)): the depth of the heap's last level */
static int
log2_floor(int n)
{
	int d = 0;

	while (n > 1) {
		n /= 2;
		d++;
	}
	return d;
}

static void
put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
}

static void
sub(const char *rel)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (mkdir(path, 0755) < 0) {
		perror(path);
		exit(99);
	}
}

static void
task(int tgid, int tid, int ppid, int nlwp)
{
	char rel[128], text[512];

	if (tid == tgid)
		snprintf(rel, sizeof rel, "%d", tid);
	else
		snprintf(rel, sizeof rel, "%d/task/%d", tgid, tid);
	sub(rel);
	strcat(rel, "/stat");
	snprintf(text, sizeof text, "%d (p%d) %c %d %d %d 0 -1 4194560 0 0 0 "
		 "0 1 1 0 0 20 0 %d 0 %d 1000 50 0\n", tid, tgid,
		 tgid % 7 ? 'S' : 'Z', ppid, tgid, tgid, nlwp, tgid);
	put(rel, text);
}

static void
generate(void)
{
	char rel[64];
	int i, threads;

	snprintf(dir, sizeof dir, "%s/fks-large.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(99);
	}
	put("forkscope-snapshot", "format=1\ncaptured=1800000000\n");
	for (i = 1; i <= NPROC; i++) {
		threads = i % 5 == 0 ? 2 : 1;
		task(i, i, i / 2, threads);
		if (threads == 2) {
			snprintf(rel, sizeof rel, "%d/task", i);
			sub(rel);
			task(i, TID_BASE + i, i / 2, threads);
		}
	}
}

struct walk {
	int seen, depth_max;
	pid_t expect_next;
	bool order_ok;
};

/* Preorder of a heap: a node, then its left subtree, then its right. */
static pid_t
preorder_next(pid_t p)
{
	if (2 * p <= NPROC)
		return 2 * p;
	while (p > 1 && (p % 2 == 1 || p + 1 > NPROC))
		p /= 2;
	return p > 1 ? p + 1 : 0;
}

static int
visit(const struct fks_walk_node *node, const struct fks_walk_pos *pos,
      void *arg)
{
	const struct fks_task *t = node->task;
	struct walk *w = arg;
	int depth = 0;
	pid_t p;

	for (p = t->tid; p > 1; p /= 2)
		depth++;
	if (t->tid != w->expect_next || pos->depth != depth)
		w->order_ok = false;
	w->expect_next = preorder_next(t->tid);
	if (pos->depth > w->depth_max)
		w->depth_max = pos->depth;
	w->seen++;
	return 0;
}

static void
test_large(void)
{
	struct fks_root *root;
	struct fks_table *tbl;
	const struct fks_task *t, *th;
	struct walk w = { .expect_next = 1, .order_ok = true };
	static const int chosen[] = { 1, 2, 3, 7, NPROC / 2, NPROC / 2 + 1,
				      NPROC - 1, NPROC };
	char comm[32];
	size_t kids, k;
	int i, zombies = 0, bad_comm = 0;
	double t0 = seconds();

	CU_ASSERT_EQUAL_FATAL(fks_root_open(dir, &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT,
					     FKS_READ_THREADS, &tbl), 0);
	printf("\n  read %d processes and %d threads in %.2f s\n", NPROC,
	       NPROC / 5, seconds() - t0);
	for (k = 0; k < sizeof chosen / sizeof *chosen; k++) {
		t = fks_table_find(tbl, chosen[k]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		CU_ASSERT_EQUAL(t->ppid, chosen[k] / 2);
		snprintf(comm, sizeof comm, "p%d", chosen[k]);
		CU_ASSERT_STRING_EQUAL(t->comm, comm);
		CU_ASSERT_EQUAL(t->comm_len, strlen(comm));
		CU_ASSERT_EQUAL(t->start_ticks, (unsigned long long)chosen[k]);
	}
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, NPROC + 1));
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, TID_BASE + 1));
	CU_ASSERT_EQUAL(fks_table_count(tbl), NPROC + NPROC / 5);
	CU_ASSERT_EQUAL(fks_table_nmessages(tbl), 0);
	CU_ASSERT_EQUAL(fks_forest_nroots(tbl), 1);
	for (i = 1; i <= NPROC; i++) {
		t = fks_table_find(tbl, i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		kids = (2 * i <= NPROC) + (2 * i + 1 <= NPROC);
		CU_ASSERT_EQUAL(fks_forest_nchildren(tbl, t), kids);
		if (i > 1)
			CU_ASSERT_EQUAL(fks_forest_parent(tbl, t)->tid, i / 2);
		snprintf(comm, sizeof comm, "p%d", i);
		bad_comm += t->ppid != i / 2 || strcmp(t->comm, comm) != 0;
		CU_ASSERT_EQUAL(fks_forest_nthreads(tbl, t), i % 5 == 0);
		if (i % 5 == 0) {
			th = fks_forest_thread(tbl, t, 0);
			CU_ASSERT_EQUAL(th->tid, TID_BASE + i);
			CU_ASSERT_EQUAL(th->tgid, i);
			CU_ASSERT_TRUE(th->is_thread);
			CU_ASSERT_PTR_EQUAL(fks_table_process(tbl, th), t);
			CU_ASSERT_PTR_EQUAL(fks_table_find(tbl, TID_BASE + i),
					    th);
		}
		/* Z with a live second thread is a zombie leader, not a
		 * zombie process */
		zombies += fks_task_is_zombie(t);
	}
	/* multiples of 7 are Z; those also multiples of 5 have 2 threads */
	CU_ASSERT_EQUAL(zombies, NPROC / 7 - NPROC / 35);
	CU_ASSERT_EQUAL(bad_comm, 0);
	CU_ASSERT_EQUAL(fks_forest_walk(tbl, &(struct fks_walk){
		.visit = visit, .arg = &w }), 0);
	CU_ASSERT_EQUAL(w.seen, NPROC);
	CU_ASSERT_TRUE(w.order_ok);
	/* 14 for 20,000; 17 for 200,000 */
	CU_ASSERT_EQUAL(w.depth_max, log2_floor(NPROC));
	fks_table_free(tbl);
	fks_root_free(root);
	printf("  checked in %.2f s in all\n", seconds() - t0);
}

static int
cleanup(void)
{
	double t0 = seconds();
	int rc = remove_tree(dir);

	printf("\n  removed in %.2f s\n", seconds() - t0);
	return rc;
}

int
main(void)
{
	CU_pSuite s;
	double t0 = seconds();

	generate();
	printf("generated %d processes in %.2f s\n", NPROC, seconds() - t0);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("large", NULL, cleanup);
	ADD_TEST(s, test_large);
	return run_suites();
}
