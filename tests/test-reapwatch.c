/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-reapwatch.c - exits followed until reaped (lib/model/reapwatch.c), on a
 * copy of the scn-zombie fixture (parent 13721, zombie 13723; its
 * SCENARIO): an exit looked up when max_age is up, confirmed on a table,
 * followed until its directory goes, and what is passed over (threads,
 * kernel threads, other events, live processes, a zombie followed twice).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"
#include "testutil.h"

#define PARENT 13721
#define ZOMBIE 13723
#define MS 1000000ULL

static char dir[64];
static struct fks_root *root;

/* A fresh copy of the fixture, opened as root. */
static void
setup(void)
{
	char cmd[8400];

	strcpy(dir, "/tmp/test-reapwatch-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "cp -a '%s'/. '%s'/",
		 srcpath("fixtures/scn-zombie"), dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(dir, &root), 0);
}

static void
teardown(void)
{
	fks_root_free(root);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
}

/* The zombie's directory removed: reaped. */
static void
reap(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'/%d", dir, ZOMBIE);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
}

static struct fks_table *
table(void)
{
	struct fks_table *tbl;

	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT, 0, &tbl), 0);
	return tbl;
}

/* An exit event of pid (thread tid of it), at t ns. */
static struct fks_watch_item
exit_item(pid_t pid, pid_t tid, uint64_t t)
{
	struct fks_watch_item it = { 0 };

	it.ev.type = FKS_EV_EXIT;
	it.ev.pid = tid;
	it.ev.tgid = pid;
	it.ev.parent_tgid = PARENT;
	it.ev.time_ns = t;
	it.ev.exit_code = 7 << 8;
	return it;
}

/* An exit alerted on when max_age is up, then followed until reaped. */
static void
test_exit_alert_reaped(void)
{
	struct fks_watch_item it = exit_item(ZOMBIE, ZOMBIE, 5000 * MS);
	const struct fks_reap_alert *a;
	const struct fks_reaped *r;
	struct fks_reapwatch *rw;
	struct fks_table *tbl;
	size_t n;

	setup();
	CU_ASSERT_EQUAL_FATAL(fks_reapwatch_new(root, 2, &rw), 0);
	fks_reapwatch_started(rw, 1000 * MS);
	CU_ASSERT_EQUAL(fks_reapwatch_next_ns(rw), UINT64_MAX);
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 1);
	CU_ASSERT_EQUAL(fks_reapwatch_next_ns(rw), 7000 * MS);
	/* not yet: max_age is 2 s */
	CU_ASSERT_EQUAL(fks_reapwatch_due(rw, 6999 * MS), 0);
	CU_ASSERT_EQUAL(fks_reapwatch_due(rw, 7000 * MS), 1);
	tbl = table();
	CU_ASSERT_EQUAL(fks_reapwatch_confirm(rw, tbl, 7100 * MS, &a, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_PTR_EQUAL(a[0].zombie, fks_table_find(tbl, ZOMBIE));
	CU_ASSERT_EQUAL(a[0].exited.pid, ZOMBIE);
	CU_ASSERT_EQUAL(a[0].exited.ppid, PARENT);
	CU_ASSERT_EQUAL(a[0].exited.exit_ns, 5000 * MS);
	CU_ASSERT_EQUAL(a[0].exited.seen_ns, 7100 * MS);
	CU_ASSERT_EQUAL(a[0].exited.exit_code, 7 << 8);
	CU_ASSERT_FALSE(a[0].exited.approx);
	fks_table_free(tbl);
	/* the exit is used up; the zombie is followed: the next recheck */
	CU_ASSERT_EQUAL(fks_reapwatch_due(rw, 9000 * MS), 0);
	CU_ASSERT_EQUAL(fks_reapwatch_next_ns(rw), 2000 * MS);
	/* still there at a recheck: nothing said; the next a second on */
	CU_ASSERT_PTR_NULL(fks_reapwatch_reaped(rw, 8000 * MS, &n));
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(fks_reapwatch_recheck_ns(rw), 9000 * MS);
	reap();
	r = fks_reapwatch_reaped(rw, 9000 * MS, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(r[0].exited.pid, ZOMBIE);
	/* a zombie from its exit (5 s) to when last seen (8 s), and at
	 * most to now (9 s) */
	CU_ASSERT_EQUAL(r[0].age_min_ms, 3000);
	CU_ASSERT_EQUAL(r[0].age_max_ms, 4000);
	CU_ASSERT_EQUAL(fks_reapwatch_next_ns(rw), UINT64_MAX);
	fks_reapwatch_free(rw);
	teardown();
}

/* A zombie an audit found: followed once, with no lower bound of its
 * age; an exit of it before the first audit's end takes its place. */
static void
test_follow(void)
{
	struct fks_watch_item it = exit_item(ZOMBIE, ZOMBIE, 150 * MS);
	const struct fks_reaped *r;
	struct fks_reapwatch *rw;
	struct fks_table *tbl;
	const struct fks_task *z;
	size_t n;

	setup();
	CU_ASSERT_EQUAL_FATAL(fks_reapwatch_new(root, 60, &rw), 0);
	tbl = table();
	z = fks_table_find(tbl, ZOMBIE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	CU_ASSERT_EQUAL(fks_reapwatch_follow(rw, z, 100 * MS), 1);
	CU_ASSERT_EQUAL(fks_reapwatch_follow(rw, z, 100 * MS), 0);
	fks_reapwatch_started(rw, 200 * MS);
	/* its exit, from before the audit ended: pending, no more followed
	 * as a zombie (so not reaped twice), and still not new */
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 1);
	CU_ASSERT_EQUAL(fks_reapwatch_follow(rw, z, 300 * MS), 0);
	reap();
	CU_ASSERT_PTR_NULL(fks_reapwatch_reaped(rw, 1200 * MS, &n));
	CU_ASSERT_EQUAL(n, 0);
	fks_reapwatch_free(rw);

	/* followed from an audit and reaped: no exit time, no lower bound */
	CU_ASSERT_EQUAL_FATAL(fks_reapwatch_new(root, 60, &rw), 0);
	CU_ASSERT_EQUAL(fks_reapwatch_follow(rw, z, 100 * MS), 1);
	fks_reapwatch_started(rw, 200 * MS);
	r = fks_reapwatch_reaped(rw, 1200 * MS, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(r[0].exited.pid, ZOMBIE);
	CU_ASSERT_EQUAL(r[0].exited.exit_ns, 0);
	CU_ASSERT_EQUAL(r[0].age_min_ms, -1);
	CU_ASSERT_STRING_EQUAL(r[0].exited.comm, z->comm);
	fks_reapwatch_free(rw);
	fks_table_free(tbl);
	teardown();
}

/* What is not followed, and what is looked up but not alerted on. */
static void
test_passed_over(void)
{
	struct fks_watch_item it = exit_item(ZOMBIE, ZOMBIE + 1, 10 * MS);
	const struct fks_reap_alert *a;
	struct fks_reapwatch *rw;
	struct fks_table *tbl;
	size_t n;

	setup();
	CU_ASSERT_EQUAL_FATAL(fks_reapwatch_new(root, 1, &rw), 0);
	fks_reapwatch_started(rw, 0);
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 0);	/* a thread */
	it = exit_item(ZOMBIE, ZOMBIE, 10 * MS);
	it.known = true;
	it.task.flags = FKS_WT_KTHREAD;
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 0);
	it = exit_item(ZOMBIE, ZOMBIE, 10 * MS);
	it.ev.type = FKS_EV_FORK;
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 0);
	CU_ASSERT_EQUAL(fks_reapwatch_next_ns(rw), UINT64_MAX);
	/* the parent lives: an exit of it is looked up, and dropped */
	it = exit_item(PARENT, PARENT, 10 * MS);
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 1);
	CU_ASSERT_EQUAL(fks_reapwatch_due(rw, 2000 * MS), 0);
	/* a zombie whose table could not be read: dropped */
	it = exit_item(ZOMBIE, ZOMBIE, 10 * MS);
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 1);
	CU_ASSERT_EQUAL(fks_reapwatch_due(rw, 2000 * MS), 1);
	CU_ASSERT_EQUAL(fks_reapwatch_confirm(rw, NULL, 2000 * MS, &a, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	/* ... or reaped before the table was read */
	it = exit_item(ZOMBIE, ZOMBIE, 10 * MS);
	CU_ASSERT_EQUAL(fks_reapwatch_exit(rw, &it), 1);
	CU_ASSERT_EQUAL(fks_reapwatch_due(rw, 2000 * MS), 1);
	reap();
	tbl = table();
	CU_ASSERT_EQUAL(fks_reapwatch_confirm(rw, tbl, 2000 * MS, &a, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(fks_reapwatch_next_ns(rw), UINT64_MAX);
	fks_reapwatch_free(rw);
	fks_table_free(tbl);
	teardown();
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("reapwatch", NULL, NULL);
	ADD_TEST(s, test_exit_alert_reaped);
	ADD_TEST(s, test_follow);
	ADD_TEST(s, test_passed_over);
	return run_suites();
}
