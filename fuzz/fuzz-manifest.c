/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-manifest.c - libFuzzer harness for the snapshot manifest parser
 * (lib/parse/manifest.c): any bytes in a buffer of exactly that size.  The
 * entries must be exactly the "key=value" lines of the text before its
 * first NUL, in order (checked against a plain line walk here); a key is
 * never empty, never holds '=' or a newline, never starts with '#'; a
 * value holds no newline; both arrays end in NULL; a lookup finds the
 * first entry of its key.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/manifest.h"

static void
check_entries(const char *buf, size_t len, char **keys, char **vals,
	      size_t n)
{
	const char *line = buf, *end, *eq, *nul = memchr(buf, '\0', len);
	size_t j = 0, klen;

	if (nul)
		len = (size_t)(nul - buf);
	for (; line < buf + len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(buf + len - line));
		if (!end)
			end = buf + len;
		eq = memchr(line, '=', (size_t)(end - line));
		if (!eq || eq == line || *line == '#')
			continue;
		klen = (size_t)(eq - line);
		if (j >= n || strlen(keys[j]) != klen ||
		    memcmp(keys[j], line, klen) != 0 ||
		    strlen(vals[j]) != (size_t)(end - eq - 1) ||
		    memcmp(vals[j], eq + 1, (size_t)(end - eq - 1)) != 0)
			abort();
		j++;
	}
	if (j != n || keys[n] || vals[n])
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *buf = malloc(size ? size : 1), **keys, **vals;
	const char *v;
	size_t n, i, first;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	/* its only failure is ENOMEM: with inputs of a few KiB, a bug */
	if (manifest_parse(buf, size, &keys, &vals, &n) < 0)
		abort();
	check_entries(buf, size, keys, vals, n);
	for (i = 0; i < n; i++) {
		if (!keys[i][0] || keys[i][0] == '#' || strchr(keys[i], '=') ||
		    strchr(keys[i], '\n') || strchr(vals[i], '\n'))
			abort();
		for (first = 0; strcmp(keys[first], keys[i]) != 0; first++)
			;
		v = manifest_get(keys, vals, n, keys[i]);
		if (v != vals[first])
			abort();
	}
	manifest_free(keys, vals, n);
	free(buf);
	return 0;
}
