/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * testutil.h - what every CUnit test program here shares: finding the
 * fixtures and running the registered suites with an exit status that the
 * Automake harness understands (0 pass, 77 skip, 1 fail).
 */
#ifndef FKS_TESTUTIL_H
#define FKS_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/Basic.h>
#include "forkscope.h"

/* Path of a file under the source tree ($top_srcdir, set by make check;
 * "." when run by hand from the source directory).  Returns a static
 * buffer: tests only. */
static inline const char *
srcpath(const char *rel)
{
	static char buf[4096];
	const char *top = getenv("top_srcdir");

	snprintf(buf, sizeof buf, "%s/%s", top ? top : ".", rel);
	return buf;
}

/* Same, under the build tree ($top_builddir). */
static inline const char *
buildpath(const char *rel)
{
	static char buf[4096];
	const char *top = getenv("top_builddir");

	snprintf(buf, sizeof buf, "%s/%s", top ? top : ".", rel);
	return buf;
}

/* Frees a table and the root it was read from. */
static inline void
free_table_and_root(struct fks_table *tbl)
{
	struct fks_root *root = fks_table_root(tbl);

	fks_table_free(tbl);
	fks_root_free(root);
}

/* The table of a snapshot directory (or a live root), read with fields
 * and flags; the test stops if either step fails.  Free it with
 * free_table_and_root(). */
static inline struct fks_table *
table_of_dir(const char *dir, unsigned fields, unsigned flags)
{
	struct fks_root *root;
	struct fks_table *tbl;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(dir, &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, fields, flags, &tbl), 0);
	return tbl;
}

/* The same for fixtures/NAME in the source tree. */
static inline struct fks_table *
table_of_fixture(const char *name, unsigned fields, unsigned flags)
{
	char rel[256];

	snprintf(rel, sizeof rel, "fixtures/%s", name);
	return table_of_dir(srcpath(rel), fields, flags);
}

/* Removes a scratch directory a test made (mkdtemp); 0 on success. */
static inline int
remove_tree(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}

/* Runs every registered suite; returns the process exit status. */
static inline int
run_suites(void)
{
	unsigned failed;

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() +
		 CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

/* Blocks until fd's writer is gone (EOF): how helper processes and
 * threads hold until the test that made them ends, however it ends. */
static inline void
hold_until_eof(int fd)
{
	char c;

	while (read(fd, &c, 1) > 0)
		;
}

/* Adds one suite of tests; a NULL-terminated list of name/function pairs
 * would hide the names from grep, so each test is added by hand. */
#define ADD_TEST(suite, fn) CU_add_test((suite), #fn, (fn))

#endif
