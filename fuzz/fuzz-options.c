/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-options.c - libFuzzer harness for the option-value parsers of
 * cmd/optval.c: reapcheck's thresholds (-w, -c, --warning-age ...) and
 * pforest's -o column lists.  Each result is checked against a plain
 * re-reading of the same string here: a count is accepted exactly when it
 * is decimal digits (after blanks and a sign, as strtoll reads them) of
 * value 0 to LLONG_MAX, and then has that value.  column_list_split
 * (pforest's and forktop's -o with NAME=HEADER) hands out names inside the
 * list without a comma, a name without a header holding no blank or '=',
 * or refuses the list untouched.
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
	check_split(s);
	free(s);
	return 0;
}
