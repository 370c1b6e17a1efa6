/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-bigmem.c - lib/bigmem.c's blocks (built into this test): zeroed
 * when allocated, their contents kept when they grow or shrink across
 * the size where they move to huge pages, and 2 MiB-aligned from there.
 * Whether the kernel backs them with huge pages is its business (THP may
 * be off): the speed is measured in bench/, not here.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

static bool
all(const unsigned char *p, size_t n, unsigned char v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void
test_sizes(void)
{
	static const size_t sizes[] = { 0, 100, 256 << 10, 3 << 20 };
	unsigned char *p;
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		p = big_alloc(sizes[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		CU_ASSERT_TRUE(all(p, sizes[i], 0));
		memset(p, 0xa5, sizes[i]);
		if (sizes[i] >= 128 << 10)
			CU_ASSERT_EQUAL((uintptr_t)p % (2u << 20), 0);
		big_free(p, sizes[i]);
	}
	big_free(NULL, 0);
}

static void
test_grow(void)
{
	/* small to big (copied), big to bigger (moved), big to small */
	static const size_t steps[] = { 1000, 300 << 10, 5 << 20, 2000 };
	unsigned char *p = NULL;
	size_t i, old = 0, keep;

	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		p = big_realloc(p, old, steps[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		keep = old < steps[i] ? old : steps[i];
		CU_ASSERT_TRUE(all(p, keep, (unsigned char)i));
		memset(p, (int)i + 1, steps[i]);
		old = steps[i];
	}
	big_free(p, old);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("bigmem", NULL, NULL);
	ADD_TEST(s, test_sizes);
	ADD_TEST(s, test_grow);
	return run_suites();
}
