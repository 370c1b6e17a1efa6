/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-parse-meminfo.c - the meminfo parser on exact texts: a real one,
 * keys it does not keep, no final newline, malformed values, no MemTotal.
 */
#include <errno.h>
#include <string.h>

#include "forkscope.h"
#include "testutil.h"

static const char real[] =
	"MemTotal:        4005776 kB\nMemFree:          512340 kB\n"
	"MemAvailable:    2871296 kB\nBuffers:          104028 kB\n"
	"Cached:          2182244 kB\nSwapCached:            0 kB\n"
	"HugePages_Total:       0\nSwapTotal:       1048572 kB\n"
	"SwapFree:         998400 kB\nHugepagesize:       2048 kB\n";

static void
test_real(void)
{
	struct fks_meminfo mi;
	const char *why = NULL;

	CU_ASSERT_EQUAL_FATAL(fks_parse_meminfo(real, strlen(real), &mi,
						&why), 0);
	CU_ASSERT_EQUAL(mi.total, 4005776ull * 1024);
	CU_ASSERT_EQUAL(mi.free, 512340ull * 1024);
	CU_ASSERT_EQUAL(mi.available, 2871296ull * 1024);
	CU_ASSERT_EQUAL(mi.buffers, 104028ull * 1024);
	/* Cached, not SwapCached, which also ends in "Cached" */
	CU_ASSERT_EQUAL(mi.cached, 2182244ull * 1024);
	CU_ASSERT_EQUAL(mi.swap_total, 1048572ull * 1024);
	CU_ASSERT_EQUAL(mi.swap_free, 998400ull * 1024);
}

static void
test_edges(void)
{
	static const char old[] = "MemTotal: 1000 kB\nMemFree: 10 kB";
	struct fks_meminfo mi;
	const char *why = NULL;

	/* no final newline; a kernel before MemAvailable: 0 for it */
	CU_ASSERT_EQUAL_FATAL(fks_parse_meminfo(old, strlen(old), &mi, &why),
			      0);
	CU_ASSERT_EQUAL(mi.total, 1024000);
	CU_ASSERT_EQUAL(mi.free, 10240);
	CU_ASSERT_EQUAL(mi.available, 0);
	/* cut inside the last value: "MemFree: 1" has no " kB" */
	CU_ASSERT_EQUAL(fks_parse_meminfo(old, strlen(old) - 4, &mi, &why),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(why);
}

static void
test_malformed(void)
{
	static const char *const bad[] = {
		"MemTotal: x kB\n", "MemTotal: 12\n", "MemTotal: 12 MB\n",
		"MemTotal:  kB\n", "MemTotal: 99999999999999999999 kB\n",
		"MemTotal: 18014398509481984 kB\n",	/* 2^54 kB: 2^64 B */
		"MemFree: 1 kB\n", "", "no colon at all",
	};
	struct fks_meminfo mi;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		why = NULL;
		CU_ASSERT_EQUAL(fks_parse_meminfo(bad[i], strlen(bad[i]), &mi,
						  &why), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL(why);
	}
	/* the largest value that fits */
	why = NULL;
	CU_ASSERT_EQUAL(fks_parse_meminfo("MemTotal: 18014398509481983 kB",
					  30, &mi, &why), 0);
	CU_ASSERT_EQUAL(mi.total, 18014398509481983ull << 10);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("parse-meminfo", NULL, NULL);
	ADD_TEST(s, test_real);
	ADD_TEST(s, test_edges);
	ADD_TEST(s, test_malformed);
	return run_suites();
}
