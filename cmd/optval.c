/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * optval.c - pure parsers of command-line option values: reapcheck's
 * thresholds and ages, pforest's -o column lists.  They neither print nor
 * exit: the command makes a usage error of it (usage_error()), and
 * fuzz/fuzz-options.c calls them directly.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int
parse_count(const char *s, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || end == s || *end || v < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

int
parse_column_list(char *list, enum fks_column *cols, size_t max, size_t *n,
		  const char **bad)
{
	char *name, *save;
	int col;

	for (name = strtok_r(list, ", ", &save); name;
	     name = strtok_r(NULL, ", ", &save)) {
		*bad = name;
		col = fks_column_lookup(name);
		if (col < 0)
			return -EINVAL;
		if (*n >= max)
			return -E2BIG;
		cols[(*n)++] = (enum fks_column)col;
	}
	return 0;
}
