/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bigmem.c - large arrays (the task table, the BPF iterator's buffer,
 * the BTF index) on transparent huge pages where the kernel offers them.
 *
 * Why: a one-shot read of 5,000 tasks touches about 800 fresh 4 KiB
 * pages, and on some machines (the PVM guests this was measured on) a
 * first touch costs 8 us a page: more than the whole BPF read.  One 2 MiB
 * page is mapped and zeroed in 0.1 to 0.2 ms (docs/BENCHMARKS.md).  Where
 * THP is off, madvise() fails and the memory is ordinary pages: nothing
 * else changes.  Sizes below BIG_MIN (128 KiB) are left to malloc.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define HUGE_SIZE (2u << 20)
#define BIG_MIN (128u << 10)

/* What a block of size bytes maps: whole huge pages from BIG_MIN up. */
static size_t
mapped(size_t size)
{
	return (size + HUGE_SIZE - 1) & ~(size_t)(HUGE_SIZE - 1);
}

void *
big_alloc(size_t size)
{
	size_t len = mapped(size);
	unsigned char *p, *aligned;

	if (size < BIG_MIN)
		return calloc(1, size ? size : 1);
	if (len < size)
		return NULL;
	/* over-map by one huge page to align the block on one */
	p = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	aligned = (unsigned char *)(((uintptr_t)p + HUGE_SIZE - 1) &
				    ~(uintptr_t)(HUGE_SIZE - 1));
	if (aligned > p)
		munmap(p, (size_t)(aligned - p));
	munmap(aligned + len, (size_t)(p + HUGE_SIZE - aligned));
	(void)madvise(aligned, len, MADV_HUGEPAGE);
	return aligned;
}

void
big_free(void *p, size_t size)
{
	if (!p)
		return;
	if (size < BIG_MIN)
		free(p);
	else
		munmap(p, mapped(size));
}

void *
big_realloc(void *p, size_t old, size_t size)
{
	void *q;

	if (old < BIG_MIN && size < BIG_MIN)
		return realloc(p, size ? size : 1);
	if (old >= BIG_MIN && size >= BIG_MIN) {
		/* moved by the kernel, not copied; the advice goes along */
		q = mremap(p, mapped(old), mapped(size), MREMAP_MAYMOVE);
		return q == MAP_FAILED ? NULL : q;
	}
	q = big_alloc(size);
	if (!q)
		return NULL;
	if (p)
		memcpy(q, p, old < size ? old : size);
	big_free(p, old);
	return q;
}
