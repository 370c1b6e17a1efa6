/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-options.c - libFuzzer harness for the option-value parsers of
 * cmd/optval.c: reapcheck's thresholds (-w, -c, --warning-age ...) and
 * pforest's -o column lists.  Each result is checked against a plain
 * re-reading of the same string here: a count is accepted exactly when it
 * is decimal digits (after blanks and a sign, as strtoll reads them) of
 * value 0 to LLONG_MAX, and then has that value; a column list yields
 * exactly its names' columns in order, or stops at the first unknown name
 * or the first past the bound, and names it.  column_list_split (pforest's
 * and forktop's -o with NAME=HEADER) hands out names inside the list
 * without a comma, a name without a header holding no blank or '=', or
 * refuses the list untouched.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "optval.h"

/* What parse_count must return for s, and the value. */
static int
count_reference(const char *s, long long *v)
{
	unsigned long long mag = 0, lim;
	bool neg = false, range = false;
	const char *d;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (d = s; *d >= '0' && *d <= '9'; d++) {
		if (mag > (lim - (unsigned)(*d - '0')) / 10)
			range = true;
		else
			mag = mag * 10 + (unsigned)(*d - '0');
	}
	if (d == s)
		return -EINVAL;
	if (range)
		return -ERANGE;
	if (*d || (neg && mag))
		return -EINVAL;
	*v = (long long)mag;
	return 0;
}

static void
check_count(const char *s)
{
	long long got = -1, want = -2;
	int rc = parse_count(s, &got), ref = count_reference(s, &want);

	if (rc != ref || (rc == 0 && (got != want || got < 0)))
		abort();
}

/* The list's names, as pforest -o reads them, against the parser. */
static void
check_columns(const char *s, size_t max)
{
	enum fks_column cols[40];
	char *list = strdup(s), *ref = strdup(s), *name, *save;
	const char *bad = NULL;
	size_t n = 0, k = 0;
	int rc, want = 0, col;

	if (!list || !ref)
		abort();
	rc = parse_column_list(list, cols, max, &n, &bad);
	if (n > max)
		abort();
	for (name = strtok_r(ref, ", ", &save); name;
	     name = strtok_r(NULL, ", ", &save)) {
		col = fks_column_lookup(name);
		want = col < 0 ? -EINVAL : k >= max ? -E2BIG : 0;
		if (want < 0) {
			/* the same name, at the same place in the string */
			if (!bad || bad - list != name - ref ||
			    strcmp(bad, name) != 0)
				abort();
			break;
		}
		if (k >= n || cols[k] != (enum fks_column)col)
			abort();
		k++;
	}
	if (rc != want || k != n)
		abort();
	free(list);
	free(ref);
}

/* What check_split's add sees. */
struct split_ref {
	const char *start, *end;
	size_t names;
};

static int
split_add(char *name, const char *head, void *arg)
{
	struct split_ref *r = arg;

	if (name < r->start || name > r->end || strchr(name, ',') ||
	    (head && strchr(head, ',')) ||
	    (!head && (!*name || strchr(name, ' ') || strchr(name, '='))))
		abort();
	r->names++;
	return 0;
}

static void
check_split(const char *s)
{
	char *list = strdup(s);
	struct split_ref r;
	int rc;

	if (!list)
		abort();
	r = (struct split_ref){ list, list + strlen(list), 0 };
	rc = column_list_split(list, split_add, &r);
	if (rc == -EINVAL ? strcmp(list, s) != 0 || r.names : rc != 0)
		abort();
	free(list);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_count(s);
	check_columns(s, 32);
	check_columns(s, 3);
	check_split(s);
	free(s);
	return 0;
}
