/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-manifest.c - the snapshot manifest parser
 * (lib/parse/manifest.c, built into this test: it is not exported) on
 * exact inputs, and a hostile
 * manifest read through fks_root_open() and fks_root_manifest().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse/manifest.h"
#include "testutil.h"

static void
test_lines(void)
{
	static const char text[] = "# comment=not a key\n"
		"format=1\n\n=nokey\nnoequals\nk=v=w\nempty=\n"
		"dup=first\ndup=second\ncr=x\r\nlast=no newline";
	char **k, **v;
	size_t n;

	CU_ASSERT_EQUAL_FATAL(manifest_parse(text, sizeof text - 1, &k, &v,
					     &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 7);
	CU_ASSERT_STRING_EQUAL(k[0], "format");
	CU_ASSERT_STRING_EQUAL(v[0], "1");
	CU_ASSERT_STRING_EQUAL(k[1], "k");
	CU_ASSERT_STRING_EQUAL(v[1], "v=w");
	CU_ASSERT_STRING_EQUAL(v[2], "");
	CU_ASSERT_STRING_EQUAL(manifest_get(k, v, n, "dup"), "first");
	CU_ASSERT_STRING_EQUAL(manifest_get(k, v, n, "cr"), "x\r");
	CU_ASSERT_STRING_EQUAL(manifest_get(k, v, n, "last"), "no newline");
	CU_ASSERT_PTR_NULL(manifest_get(k, v, n, "# comment"));
	CU_ASSERT_PTR_NULL(manifest_get(k, v, n, ""));
	CU_ASSERT_PTR_NULL(k[n]);
	CU_ASSERT_PTR_NULL(v[n]);
	manifest_free(k, v, n);
}

/* A NUL ends the text; no byte after len is read (the buffer is exact). */
static void
test_nul_and_bounds(void)
{
	static const char text[] = "a=1\nb=2\0c=3\n";
	char **k, **v, *exact;
	size_t n;

	CU_ASSERT_EQUAL_FATAL(manifest_parse(text, sizeof text - 1, &k, &v,
					     &n), 0);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_PTR_NULL(manifest_get(k, v, n, "c"));
	manifest_free(k, v, n);
	exact = malloc(5);
	CU_ASSERT_PTR_NOT_NULL_FATAL(exact);
	memcpy(exact, "key=v", 5);	/* no terminator: ASan sees overreads */
	CU_ASSERT_EQUAL_FATAL(manifest_parse(exact, 5, &k, &v, &n), 0);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_STRING_EQUAL(v[0], "v");
	manifest_free(k, v, n);
	CU_ASSERT_EQUAL_FATAL(manifest_parse(exact, 0, &k, &v, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	manifest_free(k, v, n);
	free(exact);
}

/* Through the public API: a manifest of hostile lines opens. */
static void
test_root(void)
{
	char dir[] = "/tmp/fks-manifest.XXXXXX", path[64];
	struct fks_root *root;
	FILE *f;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/forkscope-snapshot", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("clk_tck=-5\npage_size=x\ncaptured=1800000000\n=\n\n#x=y\n"
	      "hostname=h\x1b[31m\n", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(dir, &root), 0);
	CU_ASSERT_TRUE(fks_root_is_snapshot(root));
	CU_ASSERT_EQUAL(fks_root_clk_tck(root), 100);	/* refused: default */
	CU_ASSERT_EQUAL(fks_root_page_size(root), 4096);
	CU_ASSERT_EQUAL(fks_root_now(root), 1800000000LL);
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(root, "hostname"),
			       "h\x1b[31m");	/* raw: escaped by the caller */
	CU_ASSERT_PTR_NULL(fks_root_manifest(root, "#x"));
	fks_root_free(root);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("manifest", NULL, NULL);
	ADD_TEST(s, test_lines);
	ADD_TEST(s, test_nul_and_bounds);
	ADD_TEST(s, test_root);
	return run_suites();
}
