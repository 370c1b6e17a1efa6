/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-users.c - the users file of a snapshot (lib/source/users.c, built into
 * this test: its parser is not exported): every well-formed line names its
 * uid, whatever its place, length or final newline; a malformed line is
 * counted and skipped, the rest still used; and through the public API,
 * fks_root_user_name() and the read's message on a made-up snapshot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/users.h"
#include "testutil.h"

static struct users_bad bad;

static struct fks_users *
parsed(const char *text, size_t len)
{
	struct fks_users *u = users_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	memset(&bad, 0, sizeof bad);
	CU_ASSERT_EQUAL(users_parse(u, text, len, &bad), 0);
	return u;
}

static void
expect_name(const struct fks_users *u, uid_t uid, const char *name)
{
	bool found;
	const char *got = users_find(u, uid, &found);

	CU_ASSERT_TRUE(found);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, name);
}

static void
test_every_line(void)
{
	static const char text[] = "0:root\n1001:tester\n65533:svc\n";
	struct fks_users *u = parsed(text, sizeof text - 1);
	bool found;

	CU_ASSERT_EQUAL(users_count(u), 3);
	expect_name(u, 0, "root");
	expect_name(u, 1001, "tester");
	expect_name(u, 65533, "svc");
	CU_ASSERT_EQUAL(bad.n, 0);
	CU_ASSERT_PTR_NULL(users_find(u, 1, &found));
	CU_ASSERT_FALSE(found);
	users_free(u);
}

/* A long name, no newline at the end, no terminator after len (ASan sees
 * an overread). */
static void
test_long_and_unterminated(void)
{
	char name[301], *text;
	size_t len;
	struct fks_users *u;

	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	len = strlen("7:") + strlen(name) + strlen("\n4294967294:last");
	text = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memcpy(text, "7:", 2);
	memcpy(text + 2, name, strlen(name));
	memcpy(text + 2 + strlen(name), "\n4294967294:last", 16);
	u = parsed(text, len);
	CU_ASSERT_EQUAL(users_count(u), 2);
	expect_name(u, 7, name);
	expect_name(u, 4294967294u, "last");
	CU_ASSERT_EQUAL(bad.n, 0);
	users_free(u);
	free(text);
}

static void
test_malformed(void)
{
	static const char text[] = "0:root\n\nnocolon\n:noid\n12x:bad\n"
		"99999999999:big\n4294967295:minus1\n5:\n0:again\n1002:ok\n";
	struct fks_users *u = parsed(text, sizeof text - 1);

	CU_ASSERT_EQUAL(users_count(u), 2);
	expect_name(u, 0, "root");	/* the first line for a uid wins */
	expect_name(u, 1002, "ok");
	/* nocolon, :noid, 12x, the two out of range, 5:, the second 0 */
	CU_ASSERT_EQUAL(bad.n, 7);
	CU_ASSERT_EQUAL(bad.first_line, 3);	/* the blank line counts */
	CU_ASSERT_STRING_EQUAL(bad.first_why, "no ':' between uid and name");
	users_free(u);
}

/* A snapshot directory with only a manifest and a users file. */
static struct fks_root *
snapshot_with_users(char *dir, const char *users)
{
	char path[128];
	struct fks_root *root;
	FILE *f;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/forkscope-snapshot", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("format=1\ncaptured=1800000000\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/users", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(users, f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(dir, &root), 0);
	return root;
}

/* The defect this file was rewritten for: only the first line named. */
static void
test_root_either_order(void)
{
	static const char *const texts[] = { "0:root\n1001:tester\n",
					     "1001:tester\n0:root\n" };
	char dir[] = "/tmp/fks-users.XXXXXX";
	struct fks_root *root;
	const char *name;
	size_t i;

	for (i = 0; i < 2; i++) {
		strcpy(dir, "/tmp/fks-users.XXXXXX");
		root = snapshot_with_users(dir, texts[i]);
		name = fks_root_user_name(root, 1001);
		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		CU_ASSERT_STRING_EQUAL(name, "tester");
		name = fks_root_user_name(root, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		CU_ASSERT_STRING_EQUAL(name, "root");
		/* a snapshot never asks this machine */
		CU_ASSERT_PTR_NULL(fks_root_user_name(root, 2));
		fks_root_free(root);
		CU_ASSERT_EQUAL(remove_tree(dir), 0);
	}
}

/* A malformed line is reported by the read, naming the file and line. */
static void
test_root_message(void)
{
	char dir[] = "/tmp/fks-users.XXXXXX", want[160];
	struct fks_root *root;
	struct fks_table *tbl;

	root = snapshot_with_users(dir, "0:root\nbroken\n1001:tester");
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_DEFAULT, 0, &tbl), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_nmessages(tbl), 1);
	snprintf(want, sizeof want, "%s/users: line 2: no ':' between uid "
		 "and name", dir);
	CU_ASSERT_STRING_EQUAL(fks_table_message(tbl, 0), want);
	CU_ASSERT_STRING_EQUAL(fks_root_user_name(root, 1001), "tester");
	fks_table_free(tbl);
	fks_root_free(root);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("users", NULL, NULL);
	ADD_TEST(s, test_every_line);
	ADD_TEST(s, test_long_and_unterminated);
	ADD_TEST(s, test_malformed);
	ADD_TEST(s, test_root_either_order);
	ADD_TEST(s, test_root_message);
	return run_suites();
}
