/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-parse-status.c - the status parser and the cmdline helper on exact
 * texts: a real status, the keys we use, unknown keys, malformed lines.
 */
#include <errno.h>
#include <string.h>

#include "forkscope.h"
#include "parse/parse.h"
#include "testutil.h"

static const char real[] =
	"Name:\tcat\nUmask:\t0022\nState:\tR (running)\nTgid:\t2211\n"
	"Ngid:\t0\nPid:\t2211\nPPid:\t2208\nTracerPid:\t77\n"
	"Uid:\t1000\t0\t0\t0\nGid:\t100\t5\t5\t5\nFDSize:\t256\nGroups:\t \n"
	"NStgid:\t2211\t12\nNSpid:\t2211\t12\t1\nNSpgid:\t2208\n"
	"NSsid:\t1186\nKthread:\t0\nVmLck:\t       8 kB\n"
	"VmRSS:\t    1756 kB\nThreads:\t1\n"
	"SigQ:\t0/96364\nSigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\nSigBlk:\t0000000000010000\n"
	"SigIgn:\t0000000000001000\nSigCgt:\t00000001800044eb\n"
	"CapInh:\t0000000000000000\nNewKey:\tsomething new\n";

static void
test_real_status(void)
{
	struct fks_task t;
	const char *why = NULL;

	memset(&t, 0, sizeof t);
	CU_ASSERT_EQUAL_FATAL(fks_parse_status(real, strlen(real), &t, &why),
			      0);
	CU_ASSERT_EQUAL(t.known, FKS_K_STATUS | FKS_K_OWNER | FKS_K_RUID |
			FKS_K_VMRSS | FKS_K_VMLCK);
	CU_ASSERT_EQUAL(t.vm_rss, 1756);
	CU_ASSERT_EQUAL(t.vm_lck, 8);
	CU_ASSERT_EQUAL(t.ruid, 1000);
	CU_ASSERT_EQUAL(t.euid, 0);
	CU_ASSERT_EQUAL(t.rgid, 100);
	CU_ASSERT_EQUAL(t.egid, 5);
	CU_ASSERT_EQUAL(t.tracer, 77);
	CU_ASSERT_EQUAL_FATAL(t.nspid_len, 3);
	CU_ASSERT_EQUAL(t.nspid[0], 2211);
	CU_ASSERT_EQUAL(t.nspid[1], 12);
	CU_ASSERT_EQUAL(t.nspid[2], 1);
	CU_ASSERT_EQUAL(t.sig_blk, 0x10000);	/* SIGCHLD (17) blocked */
	CU_ASSERT_EQUAL(t.sig_ign, 0x1000);
	CU_ASSERT_EQUAL(t.sig_cgt, 0x1800044ebULL);
}

/* A kernel thread's or a zombie's status has no Vm lines: unknown (stat's
 * rss, 0 there too, stands in); a Vm line without a number is
 * malformed. */
static void
test_no_memory_map(void)
{
	static const char kthread[] = "Name:\tkworker/0:1\nUid:\t0\t0\t0\t0\n"
		"Gid:\t0\t0\t0\t0\nThreads:\t1\n";
	static const char bad[] = "Uid:\t0\t0\t0\t0\nVmRSS:\t kB\n";
	struct fks_task t;
	const char *why = NULL;

	memset(&t, 0, sizeof t);
	t.vm_rss = t.vm_lck = 99;	/* a reused task: cleared */
	CU_ASSERT_EQUAL(fks_parse_status(kthread, strlen(kthread), &t, &why),
			0);
	CU_ASSERT_EQUAL(t.known & (FKS_K_VMRSS | FKS_K_VMLCK), 0);
	CU_ASSERT_EQUAL(t.vm_rss, 0);
	CU_ASSERT_EQUAL(t.vm_lck, 0);
	memset(&t, 0, sizeof t);
	CU_ASSERT_EQUAL(fks_parse_status(bad, strlen(bad), &t, &why),
			-EINVAL);
	CU_ASSERT_FALSE(t.known & (FKS_K_VMRSS | FKS_K_VMLCK));
}

/* statm: "size resident shared text lib data dt", pages; the second */
static void
test_statm(void)
{
	static const char real[] = "2541 439 375 205 0 86 0\n";
	unsigned long long pages = 0;

	CU_ASSERT_EQUAL(statm_resident(real, strlen(real), &pages), 0);
	CU_ASSERT_EQUAL(pages, 439);
	CU_ASSERT_EQUAL(statm_resident("2541", 4, &pages), -EINVAL);
	CU_ASSERT_EQUAL(statm_resident("2541 x", 6, &pages), -EINVAL);
	CU_ASSERT_EQUAL(statm_resident("", 0, &pages), -EINVAL);
	/* 2^64 pages is no count */
	CU_ASSERT_EQUAL(statm_resident("1 18446744073709551616", 22, &pages),
			-EINVAL);
}

static void
test_no_final_newline(void)
{
	static const char text[] = "Uid:\t5\t6\t6\t6";
	struct fks_task t;
	const char *why;

	memset(&t, 0, sizeof t);
	CU_ASSERT_EQUAL(fks_parse_status(text, strlen(text), &t, &why), 0);
	CU_ASSERT_EQUAL(t.ruid, 5);
	CU_ASSERT_EQUAL(t.euid, 6);
	/* "Uid:\t5" only: the euid after len must not be read */
	memset(&t, 0, sizeof t);
	CU_ASSERT_EQUAL(fks_parse_status(text, 6, &t, &why), -EINVAL);
}

static void
test_malformed_status(void)
{
	static const char *const bad[] = {
		"",
		"Name:\tx\nPid:\t3\n",			/* no Uid line */
		"Uid:\tx\t0\t0\t0\n",
		"Uid:\t1\n",
		"Uid:\t99999999999\t0\t0\t0\n",		/* > 32 bits */
		"Uid:\t1\t1\t1\t1\nSigBlk:\t00000000000000000\n",  /* 17 */
		"Uid:\t1\t1\t1\t1\nSigCgt:\tzz\n",
		"Uid:\t1\t1\t1\t1\nTracerPid:\t-1\n",
	};
	struct fks_task t;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&t, 0, sizeof t);
		why = NULL;
		CU_ASSERT_EQUAL(fks_parse_status(bad[i], strlen(bad[i]), &t,
						 &why), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL(why);
		CU_ASSERT_FALSE(t.known & FKS_K_STATUS);
	}
}

static void
test_nspid_cap(void)
{
	/* deeper nesting than we keep: the first FKS_NSPID_MAX are kept */
	static const char text[] = "Uid:\t0\t0\t0\t0\n"
		"NSpid:\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\n";
	struct fks_task t;
	const char *why;

	memset(&t, 0, sizeof t);
	CU_ASSERT_EQUAL_FATAL(fks_parse_status(text, strlen(text), &t, &why),
			      0);
	CU_ASSERT_EQUAL(t.nspid_len, FKS_NSPID_MAX);
	CU_ASSERT_EQUAL(t.nspid[FKS_NSPID_MAX - 1], FKS_NSPID_MAX);
}

static void
test_cmdline_argc(void)
{
	CU_ASSERT_EQUAL(fks_cmdline_argc("", 0), 0);
	CU_ASSERT_EQUAL(fks_cmdline_argc("ls\0-l\0", 6), 2);
	CU_ASSERT_EQUAL(fks_cmdline_argc("ls\0-l", 5), 2);	/* no final NUL */
	CU_ASSERT_EQUAL(fks_cmdline_argc("a\0\0b\0", 5), 3);	/* empty arg */
	CU_ASSERT_EQUAL(fks_cmdline_argc("title only", 10), 1);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("parse-status", NULL, NULL);
	ADD_TEST(s, test_real_status);
	ADD_TEST(s, test_no_memory_map);
	ADD_TEST(s, test_statm);
	ADD_TEST(s, test_no_final_newline);
	ADD_TEST(s, test_malformed_status);
	ADD_TEST(s, test_nspid_cap);
	ADD_TEST(s, test_cmdline_argc);
	return run_suites();
}
