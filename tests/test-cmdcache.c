/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-cmdcache.c - the command lines a live root keeps between reads
 * (lib/source/cmdcache.c, with the table's arena: built into this test, they
 * are not exported), on hand-made tables: what held still is taken,
 * what changed is not.  A change is a new start time under the same pid
 * (a reused pid), an argument area that moved (an exec), another comm,
 * or an area the reader could not see (0).  tests/live-cmdcache does the
 * same on live processes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/table.h"
#include "source/cmdcache.h"
#include "source/root.h"
#include "testutil.h"

static struct fks_task
proc(pid_t pid, unsigned long long start, const char *comm,
     unsigned long long arg_start, const char *cmdline, size_t len)
{
	struct fks_task t;

	memset(&t, 0, sizeof t);
	t.known = FKS_K_STAT | FKS_K_CMDLINE;
	t.tid = t.tgid = pid;
	t.start_ticks = start;
	t.comm = comm;
	t.comm_len = strlen(comm);
	t.arg_start = arg_start;
	t.arg_end = arg_start ? arg_start + len : 0;
	t.cmdline = cmdline;
	t.cmdline_len = t.cmdline_full = len;
	return t;
}

/* A table of n tasks (not copied: the caller's array). */
static struct fks_table
table_of(struct fks_root *root, struct fks_task *tasks, size_t n)
{
	struct fks_table tbl;

	memset(&tbl, 0, sizeof tbl);
	tbl.root = root;
	tbl.tasks = tasks;
	tbl.ntasks = tbl.cap = n;
	return tbl;
}

/* What the next read has of a process before its command line. */
static struct fks_task
again(const struct fks_task *t)
{
	struct fks_task n = *t;

	n.known &= ~(FKS_K_CMDLINE | FKS_K_CMDLINE_KEPT);
	n.cmdline = NULL;
	n.cmdline_len = n.cmdline_full = 0;
	return n;
}

static void
test_take(void)
{
	struct fks_root root;
	struct fks_task tasks[6], t, thr;
	struct fks_table tbl;
	struct arena a = { NULL };

	memset(&root, 0, sizeof root);
	tasks[0] = proc(1, 10, "init", 0x1000, "init\0", 5);
	tasks[1] = proc(2, 11, "kthreadd", 0, "", 0);
	tasks[1].kthread = true;
	tasks[2] = proc(50, 20, "sh", 0x7000, "sh\0-c\0x\0", 8);
	tasks[3] = proc(60, 30, "zombie", 0, "", 0);	/* no area seen */
	tasks[4] = proc(70, 40, "worker", 0x9000, "worker\0--n\0", 11);
	tasks[4].cmdline_full = 500000;	/* cut at FKS_CMDLINE_MAX */
	thr = tasks[4];			/* a thread: never an entry */
	thr.tid = 71;
	thr.is_thread = true;
	tasks[5] = thr;
	tbl = table_of(&root, tasks, 6);
	CU_ASSERT_EQUAL_FATAL(cmdcache_rebuild(&root, &tbl), 0);

	/* held still: taken, marked kept, the same bytes */
	t = again(&tasks[2]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 1);
	CU_ASSERT_EQUAL(t.known & (FKS_K_CMDLINE | FKS_K_CMDLINE_KEPT),
			FKS_K_CMDLINE | FKS_K_CMDLINE_KEPT);
	CU_ASSERT_EQUAL(t.cmdline_len, 8);
	CU_ASSERT_EQUAL(memcmp(t.cmdline, "sh\0-c\0x\0", 8), 0);
	CU_ASSERT_PTR_NOT_EQUAL(t.cmdline, tasks[2].cmdline);	/* a copy */
	t = again(&tasks[4]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 1);
	CU_ASSERT_EQUAL(t.cmdline_full, 500000);
	/* a kernel thread has no area and no command line: kept */
	t = again(&tasks[1]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 1);
	CU_ASSERT_EQUAL(t.cmdline_len, 0);

	/* a reused pid: another start time, its own command line */
	t = again(&tasks[2]);
	t.start_ticks = 99;
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	CU_ASSERT_FALSE(t.known & (FKS_K_CMDLINE | FKS_K_CMDLINE_KEPT));
	/* an exec: the area moved (either end), even with the same comm */
	t = again(&tasks[2]);
	t.arg_start += 0x100;
	t.arg_end += 0x100;
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	t = again(&tasks[2]);
	t.arg_end++;
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	/* a rename, or an exec that kept the area */
	t = again(&tasks[2]);
	t.comm = "bash";
	t.comm_len = 4;
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	t = again(&tasks[2]);
	t.comm = "sx";
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	/* an area not seen now (no permission, or it became a zombie) */
	t = again(&tasks[2]);
	t.arg_start = t.arg_end = 0;
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	/* an area never seen: never kept, read each time */
	t = again(&tasks[3]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	/* a pid the last read did not have, and a thread */
	t = proc(55, 20, "sh", 0x7000, "", 0);
	t = again(&t);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	t = again(&thr);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	/* no stat fields: nothing to check against */
	t = again(&tasks[2]);
	t.known &= ~FKS_K_STAT;
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	/* no cache yet */
	t = again(&tasks[2]);
	CU_ASSERT_EQUAL(cmdcache_take(NULL, &a, &t), 0);

	cmdcache_free(root.cmds);
	arena_free(&a);
}

static void
test_rebuild_and_note(void)
{
	struct fks_root root;
	struct fks_task one[2], two[1], t;
	struct fks_table tbl;
	struct arena a = { NULL };

	memset(&root, 0, sizeof root);
	one[0] = proc(5, 1, "a", 0x100, "a\0", 2);
	one[1] = proc(6, 1, "b", 0x200, "b\0", 2);
	one[1].known &= ~FKS_K_CMDLINE;	/* its read failed: not kept */
	tbl = table_of(&root, one, 2);
	CU_ASSERT_EQUAL_FATAL(cmdcache_rebuild(&root, &tbl), 0);
	t = again(&one[1]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);

	/* the text read again by fks_table_read_cmdline replaces the kept
	 * one (setproctitle: the area did not move) */
	t = one[0];
	t.cmdline = "A\0";
	cmdcache_note(&root, &t);
	t = again(&one[0]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 1);
	CU_ASSERT_EQUAL(memcmp(t.cmdline, "A\0", 2), 0);
	/* not for another process under the same pid */
	t = one[0];
	t.start_ticks = 2;
	t.cmdline = "C\0";
	cmdcache_note(&root, &t);
	t = again(&one[0]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 1);
	CU_ASSERT_EQUAL(memcmp(t.cmdline, "A\0", 2), 0);

	/* the next read's table replaces the cache: 5 is gone from it */
	two[0] = proc(6, 1, "b", 0x200, "b\0", 2);
	tbl = table_of(&root, two, 1);
	CU_ASSERT_EQUAL_FATAL(cmdcache_rebuild(&root, &tbl), 0);
	t = again(&one[0]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 0);
	t = again(&two[0]);
	CU_ASSERT_EQUAL(cmdcache_take(root.cmds, &a, &t), 1);

	cmdcache_free(root.cmds);
	arena_free(&a);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cmdcache", NULL, NULL);
	ADD_TEST(s, test_take);
	ADD_TEST(s, test_rebuild_and_note);
	return run_suites();
}
