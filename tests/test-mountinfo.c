/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-mountinfo.c - the hidepid option found in mountinfo text by mount
 * id (lib/source/mountinfo.c's pure parser, built into this test: it is not
 * exported), and fks_root_hidepid() on a snapshot.
 */
#include <errno.h>
#include <string.h>

#include "source/mountinfo.h"
#include "testutil.h"

static const char text[] =
	"21 26 0:20 / /proc rw,relatime - proc proc rw\n"
	"62 42 0:38 / /tmp/hp rw,relatime - proc proc rw,hidepid=invisible\n"
	"63 42 0:39 / /tmp/a\\040-\\040b rw shared:7 - proc proc "
	"rw,hidepid=ptraceable,subset=pid\n"
	"64 42 0:40 / /old rw - proc proc rw,hidepid=2\n"
	"65 42 0:41 / /one rw - proc proc rw,hidepid=noaccess,gid=4\n"
	"66 42 0:42 / /odd rw - proc proc rw,hidepid=7\n"
	"67 42 0:43 / /broken rw proc proc rw,hidepid=2\n"
	"680 42 0:44 / /x rw - tmpfs hidepid=2 rw";

static void
test_modes(void)
{
	size_t len = sizeof text - 1;

	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 21), 0);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 62), 2);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 63), 4);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 64), 2);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 65), 1);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 66), -EINVAL);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 67), -EINVAL);
	/* the source field is no option: the last field counts */
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 680), 0);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 68), -ENOENT);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, len, 6), -ENOENT);
	CU_ASSERT_EQUAL(mountinfo_hidepid(text, 0, 21), -ENOENT);
}

static void
test_snapshot(void)
{
	struct fks_root *root;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath("fixtures/scn-zombie"),
					    &root), 0);
	CU_ASSERT_EQUAL(fks_root_hidepid(root), 0);
	fks_root_free(root);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("mountinfo", NULL, NULL);
	ADD_TEST(s, test_modes);
	ADD_TEST(s, test_snapshot);
	return run_suites();
}
