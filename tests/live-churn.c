/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-churn.c - reading /proc while it churns.  One child forks and reaps
 * short-lived processes as fast as it can; 1,100 long-lived children keep
 * /proc large enough for the parallel reader.  Meanwhile the library reads
 * the table again and again, and pforest and reapcheck run: no message,
 * no task twice, processes in pid order, every long-lived child present
 * every time, and the commands succeed with nothing on stderr.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

#define NLONG 1100
#define ROUNDS 40

static pid_t longs[NLONG], churner, test_pid;
static int life[2];

/* Blocks until the test ends, however it ends. */
static void __attribute__((noreturn))
hold(void)
{
	close(life[1]);
	hold_until_eof(life[0]);
	_exit(0);
}

static void __attribute__((noreturn))
churn(void)
{
	pid_t p;

	close(life[1]);
	for (;;) {
		p = fork();
		if (p == 0)
			_exit(0);
		if (p > 0)
			waitpid(p, NULL, 0);
		/* the test kills it at the end; if the test dies first,
		 * its parent changes */
		if (getppid() != test_pid)
			_exit(0);
	}
}

static void
start(void)
{
	int i;

	test_pid = getpid();
	if (pipe(life) < 0)
		exit(99);
	for (i = 0; i < NLONG; i++) {
		longs[i] = fork();
		if (longs[i] < 0)
			exit(99);
		if (longs[i] == 0)
			hold();
	}
	churner = fork();
	if (churner < 0)
		exit(99);
	if (churner == 0)
		churn();
}

static void
check_table(const struct fks_table *tbl, size_t *missing, size_t *bad)
{
	const struct fks_task *t;
	pid_t last = 0;
	size_t i;

	for (i = 0; i < fks_table_count(tbl); i++) {
		t = fks_table_at(tbl, i);
		if (fks_table_find(tbl, t->tid) != t)
			++*bad;		/* a tid twice */
		if (!t->is_thread) {
			if (t->tid <= last)
				++*bad;	/* out of order */
			last = t->tid;
		}
	}
	for (i = 0; i < NLONG; i++)
		if (!fks_table_find(tbl, longs[i]))
			++*missing;
}

static void
test_read_while_churning(void)
{
	size_t round, missing = 0, bad = 0, messages = 0, tasks = 0;
	struct fks_root *root;
	struct fks_table *tbl;
	unsigned flags;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(NULL, &root), 0);
	for (round = 0; round < ROUNDS; round++) {
		/* alternate: parallel and serial, with and without threads */
		flags = (round & 1 ? FKS_READ_SERIAL : 0) |
			(round & 2 ? FKS_READ_THREADS : 0);
		CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, flags,
						     &tbl), 0);
		messages += fks_table_nmessages(tbl);
		tasks += fks_table_count(tbl);
		check_table(tbl, &missing, &bad);
		fks_table_free(tbl);
	}
	fks_root_free(root);
	printf("\n  %d reads, %zu tasks in all\n", ROUNDS, tasks);
	CU_ASSERT_EQUAL(messages, 0);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(missing, 0);
}

/* Runs a command; true when it exits 0 with an empty stderr. */
static bool
quiet_success(const char *cmd)
{
	char line[8192];
	int st;

	snprintf(line, sizeof line, "%s >/dev/null 2>%s", cmd,
		 buildpath("tests/live-churn.err"));
	st = system(line);
	snprintf(line, sizeof line, "test ! -s %s",
		 buildpath("tests/live-churn.err"));
	if (st == 0 && system(line) == 0)
		return true;
	printf("\n  %s: status %#x, stderr:\n", cmd, st);
	snprintf(line, sizeof line, "cat %s",
		 buildpath("tests/live-churn.err"));
	if (system(line) != 0)
		printf("  (no stderr kept)\n");
	return false;
}

static void
test_commands_while_churning(void)
{
	char pforest[4200], reapcheck[4200];
	int i, ok = 0;

	snprintf(pforest, sizeof pforest, "%s -k -T",
		 buildpath("cmd/pforest"));
	snprintf(reapcheck, sizeof reapcheck, "%s --json",
		 buildpath("cmd/reapcheck"));
	for (i = 0; i < 5; i++)
		ok += quiet_success(pforest) + quiet_success(reapcheck);
	CU_ASSERT_EQUAL(ok, 10);
}

static int
stop(void)
{
	int i;

	close(life[1]);
	kill(churner, SIGKILL);
	waitpid(churner, NULL, 0);
	for (i = 0; i < NLONG; i++)
		waitpid(longs[i], NULL, 0);
	unlink(buildpath("tests/live-churn.err"));
	return 0;
}

int
main(void)
{
	CU_pSuite s;

	start();
	close(life[0]);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-churn", NULL, stop);
	ADD_TEST(s, test_read_while_churning);
	ADD_TEST(s, test_commands_while_churning);
	return run_suites();
}
