/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * manifest.c - the pure parser of a snapshot's manifest (the file
 * "forkscope-snapshot"): "key=value" lines into two arrays.  No I/O:
 * root.c reads the file and hands the bytes over, so the parser is
 * unit-tested and fuzzed directly (fuzz/fuzz-manifest.c).
 *
 * A line without '=', with an empty key or starting with '#' is ignored;
 * so are empty lines.  The key ends at the first '='; the value is the
 * rest of the line, taken as it stands.  A NUL ends the text: a manifest
 * is text, and whatever follows a NUL is not read.  A key given twice
 * keeps both entries; lookups find the first.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/manifest.h"

void
manifest_free(char **keys, char **vals, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(keys ? keys[i] : NULL);
		free(vals ? vals[i] : NULL);
	}
	free(keys);
	free(vals);
}

int
manifest_parse(const char *buf, size_t len, char ***keysp, char ***valsp,
	       size_t *np)
{
	const char *line, *end, *eq, *stop;
	char **keys, **vals;
	size_t lines = 1, n = 0, i;

	*keysp = *valsp = NULL;
	*np = 0;
	stop = memchr(buf, '\0', len);
	len = stop ? (size_t)(stop - buf) : len;
	for (i = 0; i < len; i++)
		lines += buf[i] == '\n';
	keys = calloc(lines + 1, sizeof *keys);
	vals = calloc(lines + 1, sizeof *vals);
	if (!keys || !vals)
		goto nomem;
	for (line = buf; line < buf + len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(buf + len - line));
		if (!end)
			end = buf + len;
		eq = memchr(line, '=', (size_t)(end - line));
		if (!eq || eq == line || line[0] == '#')
			continue;
		keys[n] = strndup(line, (size_t)(eq - line));
		vals[n] = strndup(eq + 1, (size_t)(end - eq - 1));
		n++;
		if (!keys[n - 1] || !vals[n - 1])
			goto nomem;
	}
	*keysp = keys;
	*valsp = vals;
	*np = n;
	return 0;
nomem:
	manifest_free(keys, vals, n);
	return -ENOMEM;
}

const char *
manifest_get(char *const *keys, char *const *vals, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return vals[i];
	return NULL;
}
