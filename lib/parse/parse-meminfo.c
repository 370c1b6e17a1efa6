/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * parse-meminfo.c - the machine's memory from a meminfo text: a pure
 * parser over a buffer, as the stat and status ones.  Lines are
 * "Key:   N kB"; the keys of struct fks_meminfo are kept, others skipped
 * (the kernel adds keys, and a snapshot may come from any kernel).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "forkscope.h"

static const struct {
	const char *key;
	size_t off;
} keys[] = {
	{ "MemTotal", offsetof(struct fks_meminfo, total) },
	{ "MemFree", offsetof(struct fks_meminfo, free) },
	{ "MemAvailable", offsetof(struct fks_meminfo, available) },
	{ "Buffers", offsetof(struct fks_meminfo, buffers) },
	{ "Cached", offsetof(struct fks_meminfo, cached) },
	{ "SwapTotal", offsetof(struct fks_meminfo, swap_total) },
	{ "SwapFree", offsetof(struct fks_meminfo, swap_free) },
};

/* "   N kB" from p up to end, in bytes; -1 when it is not that. */
static int
parse_kb(const char *p, const char *end, unsigned long long *out)
{
	unsigned long long n = 0;
	bool digits = false;

	while (p < end && *p == ' ')
		p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (n > (~0ull >> 10) / 10)
			return -1;	/* past 2^64 bytes */
		n = n * 10 + (unsigned)(*p - '0');
		digits = true;
	}
	if (!digits || end - p != 3 || memcmp(p, " kB", 3) != 0)
		return -1;
	*out = n << 10;
	return 0;
}

int
fks_parse_meminfo(const char *buf, size_t len, struct fks_meminfo *mi,
		  const char **why)
{
	const char *p = buf, *end = buf + len, *eol, *colon;
	unsigned long long v;
	size_t i, klen;

	memset(mi, 0, sizeof *mi);
	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon)
			continue;
		klen = (size_t)(colon - p);
		for (i = 0; i < sizeof keys / sizeof *keys; i++) {
			if (strlen(keys[i].key) != klen ||
			    memcmp(keys[i].key, p, klen) != 0)
				continue;
			if (parse_kb(colon + 1, eol, &v) < 0) {
				*why = "a value is not a number of kB";
				return -EINVAL;
			}
			*(unsigned long long *)((char *)mi + keys[i].off) = v;
		}
	}
	if (!mi->total) {
		*why = "no MemTotal line";
		return -EINVAL;
	}
	return 0;
}
