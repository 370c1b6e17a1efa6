/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-snap.c - fks_snap_write on fixtures (a snapshot of a snapshot):
 * what is copied, what --redact keeps, the manifest and the users file.
 * The live side is in live-snap.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

static char dir[] = "/tmp/fks-test-snap.XXXXXX";

static struct fks_table *
copy_and_read(const char *fixture, const char *name, const pid_t *pids,
	      size_t n, unsigned flags)
{
	struct fks_root *src, *root;
	struct fks_table *tbl;
	char target[256], errbuf[256];

	snprintf(target, sizeof target, "%s/%s", dir, name);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath(fixture), &src), 0);
	CU_ASSERT_EQUAL_FATAL(fks_snap_write(src, target, pids, n, flags,
					     errbuf, sizeof errbuf), 0);
	fks_root_free(src);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(target, &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, 0, &tbl), 0);
	return tbl;
}

static void
test_copy_whole(void)
{
	struct fks_table *tbl = copy_and_read("fixtures/hostile-names", "all",
					      NULL, 0, 0);
	struct fks_root *root = fks_table_root(tbl);
	const struct fks_task *t;

	CU_ASSERT_EQUAL(fks_table_count(tbl), 11);
	CU_ASSERT_EQUAL(fks_table_nmessages(tbl), 0);
	/* the original's facts travel with the copy */
	CU_ASSERT_EQUAL(fks_root_now(root), 1795000000);
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(root, "hostname"), "fixture");
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(root, "processes"), "11");
	CU_ASSERT_EQUAL(fks_root_boot_time(root), 1794990000);
	t = fks_table_find(tbl, 102);
	CU_ASSERT_EQUAL(t->comm_len, 14);
	CU_ASSERT_EQUAL(memcmp(t->comm, "\x1b]0;pwned\x07\x1b[2J", 14), 0);
	/* the huge cmdline is copied whole, not cut to what a reader keeps */
	t = fks_table_find(tbl, 105);
	CU_ASSERT_EQUAL(t->cmdline_full, 200006);
	/* the source has no users file: the copy names nobody */
	CU_ASSERT_PTR_NULL(fks_root_user_name(root, 1000));
	free_table_and_root(tbl);
}

static void
test_redact(void)
{
	pid_t pids[] = { 100, 106 };
	struct fks_table *tbl = copy_and_read("fixtures/hostile-names",
					      "redacted", pids, 2,
					      FKS_SNAP_REDACT);
	const struct fks_task *t;

	/* 100, 106 and their ancestor 1: nothing else */
	CU_ASSERT_EQUAL(fks_table_count(tbl), 3);
	CU_ASSERT_PTR_NOT_NULL(fks_table_find(tbl, 1));
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(fks_table_root(tbl),
						 "redacted"), "1");
	t = fks_table_find(tbl, 100);
	CU_ASSERT_EQUAL_FATAL(t->cmdline_len, 10);
	CU_ASSERT_EQUAL(memcmp(t->cmdline, "./a) (b c\0", 10), 0);
	/* a title without NUL keeps only its first word */
	t = fks_table_find(tbl, 106);
	CU_ASSERT_EQUAL_FATAL(t->cmdline_len, 12);
	CU_ASSERT_EQUAL(memcmp(t->cmdline, "setproctitle", 12), 0);
	free_table_and_root(tbl);
}

static int
cleanup(void)
{
	return remove_tree(dir);
}

int
main(void)
{
	CU_pSuite s;

	if (!mkdtemp(dir))
		return 99;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("snap", NULL, cleanup);
	ADD_TEST(s, test_copy_whole);
	ADD_TEST(s, test_redact);
	return run_suites();
}
