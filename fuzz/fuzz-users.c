/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-users.c - libFuzzer harness for a snapshot's users file parser
 * (lib/source/users.c): any bytes in a buffer of exactly that size.  Every line
 * is either an entry or counted as malformed (blank lines neither), and
 * each entry is checked against a plain reading of its line: the first
 * line for a uid names it, with every byte after its first ':'.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "source/users.h"

/* What a plain reading of one line says: 1 and *uid, *name for an entry,
 * 0 for a blank line, -1 for a malformed one. */
static int
plain(const char *line, size_t len, uid_t *uid, const char **name,
      size_t *namelen)
{
	const char *colon = memchr(line, ':', len);
	char *digits;
	size_t n;
	unsigned long long v;
	bool number;

	if (len == 0)
		return 0;
	if (!colon || colon == line)
		return -1;
	n = (size_t)(colon - line);
	if (!(digits = strndup(line, n)))
		abort();
	errno = 0;
	v = strtoull(digits, NULL, 10);
	number = strspn(digits, "0123456789") == n && errno != ERANGE;
	free(digits);
	if (!number || v >= (uid_t)-1 || colon + 1 == line + len ||
	    memchr(colon + 1, '\0', len - n - 1))
		return -1;
	*uid = (uid_t)v;
	*name = colon + 1;
	*namelen = len - n - 1;
	return 1;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	const char *line, *nl, *name, *got;
	struct users_bad bad = { 0 };
	struct fks_users *u = users_new(), *seen = users_new();
	size_t entries = 0, malformed = 0, namelen;
	bool found;
	uid_t uid;
	int kind;

	if (!buf || !u || !seen)
		abort();	/* a 1 MiB input at most: no excuse */
	memcpy(buf, data, size);
	if (users_parse(u, buf, size, &bad) < 0)
		abort();
	for (line = buf; line < buf + size; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(buf + size - line));
		if (!nl)
			nl = buf + size;
		kind = plain(line, (size_t)(nl - line), &uid, &name, &namelen);
		if (kind == 1) {
			(void)users_find(seen, uid, &found);
			if (found) {	/* a second line for the uid */
				malformed++;
				continue;
			}
			if (users_parse(seen, line, (size_t)(nl - line),
					&(struct users_bad){ 0 }) < 0)
				abort();
			got = users_find(u, uid, &found);
			if (!found || !got || strlen(got) != namelen ||
			    memcmp(got, name, namelen) != 0)
				abort();
			entries++;
		} else if (kind < 0) {
			malformed++;
		}
	}
	if (users_count(u) != entries || bad.n != malformed ||
	    (bad.n && (!bad.first_why || !bad.first_line)))
		abort();
	users_free(u);
	users_free(seen);
	free(buf);
	return 0;
}
