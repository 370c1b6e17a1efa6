/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * users.c - user names for uids, as the data's own machine knew them.
 *
 * A live root asks this machine's user database (getpwuid_r).  A snapshot
 * may have been taken elsewhere, where uid 1000 was someone else: it
 * carries its own "users" file ("uid:name" lines, written by procsnap), and
 * a uid it does not name has no name here either.  Names are cached in the
 * root, so a listing of 20,000 tasks asks once per distinct uid.
 *
 * users_parse() is the pure part: text in, entries out, malformed lines
 * counted (the table read reports them).  Nothing here reads a file:
 * root.c reads a snapshot's users file when it opens the snapshot and
 * hands the bytes to users_take_file().
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source/root.h"
#include "source/users.h"

struct user {
	uid_t uid;
	char *name;		/* NULL: the uid has no name */
};

struct fks_users {
	struct user *v;
	size_t n, cap;
	struct users_bad bad;	/* what a snapshot's file held malformed */
};

static struct user *
find(const struct fks_users *u, uid_t uid)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (u->v[i].uid == uid)
			return &u->v[i];
	return NULL;
}

static struct user *
add(struct fks_users *u, uid_t uid, const char *name, size_t len)
{
	struct user *grown;
	size_t cap;

	if (u->n == u->cap) {
		cap = u->cap ? u->cap * 2 : 16;
		grown = realloc(u->v, cap * sizeof *grown);
		if (!grown)
			return NULL;
		u->v = grown;
		u->cap = cap;
	}
	u->v[u->n].uid = uid;
	u->v[u->n].name = name ? strndup(name, len) : NULL;
	if (name && !u->v[u->n].name)
		return NULL;
	return &u->v[u->n++];
}

struct fks_users *
users_new(void)
{
	return calloc(1, sizeof(struct fks_users));
}

/*
 * One line (without its newline): "UID:NAME", UID decimal digits that fit
 * a uid_t other than -1, NAME at least one byte, no NUL.  Returns NULL
 * and sets *uid, *name, *namelen, or returns what is wrong.
 */
static const char *
parse_line(const char *line, size_t len, uid_t *uid, const char **name,
	   size_t *namelen)
{
	const char *colon = memchr(line, ':', len), *p;
	unsigned long long v = 0;

	if (!colon)
		return "no ':' between uid and name";
	if (colon == line)
		return "no uid before ':'";
	for (p = line; p < colon; p++) {
		if (*p < '0' || *p > '9')
			return "the uid is not a decimal number";
		v = v * 10 + (unsigned)(*p - '0');
		if (v >= (uid_t)-1)
			return "the uid is out of range";
	}
	*namelen = len - (size_t)(colon + 1 - line);
	if (*namelen == 0)
		return "no name after ':'";
	if (memchr(colon + 1, '\0', *namelen))
		return "a NUL byte in the name";
	*uid = (uid_t)v;
	*name = colon + 1;
	return NULL;
}

int
users_parse(struct fks_users *u, const char *buf, size_t len,
	    struct users_bad *bad)
{
	const char *line, *nl, *name, *why;
	size_t linelen, namelen, lineno = 0;
	uid_t uid;

	for (line = buf; line < buf + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (!nl)
			nl = buf + len;	/* a last line without its newline */
		linelen = (size_t)(nl - line);
		lineno++;
		if (linelen == 0)
			continue;
		why = parse_line(line, linelen, &uid, &name, &namelen);
		if (!why && find(u, uid))
			why = "a second line for this uid (the first is used)";
		if (why) {
			if (bad->n++ == 0) {
				bad->first_line = lineno;
				bad->first_why = why;
			}
			continue;
		}
		if (!add(u, uid, name, namelen))
			return -ENOMEM;
	}
	return 0;
}

const char *
users_find(const struct fks_users *u, uid_t uid, bool *found)
{
	const struct user *e = find(u, uid);

	*found = e != NULL;
	return e ? e->name : NULL;
}

size_t
users_count(const struct fks_users *u)
{
	return u->n;
}

/* The root's cache, made at the first need; NULL without memory. */
static struct fks_users *
root_users(struct fks_root *root)
{
	if (!root->users)
		root->users = users_new();
	return root->users;
}

void
users_take_file(struct fks_users *u, int rc, const char *buf, size_t len,
		size_t full)
{
	if (rc < 0 && rc != -ENOENT)	/* missing: names nobody */
		u->bad.error = rc;
	if (rc < 0)
		return;
	if (full > len) {	/* no half a line */
		u->bad.cut = true;
		while (len && buf[len - 1] != '\n')
			len--;
	}
	/* without memory, the names read so far serve */
	(void)users_parse(u, buf, len, &u->bad);
}

const struct users_bad *
users_bad(const struct fks_users *u)
{
	return &u->bad;
}

const char *
fks_root_user_name(struct fks_root *root, uid_t uid)
{
	struct passwd pw, *res = NULL;
	struct fks_users *u;
	struct user *e;
	char buf[4096];

	if (!(u = root_users(root)))
		return NULL;
	if ((e = find(u, uid)))
		return e->name;
	if (root->snapshot)
		return NULL;
	if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) != 0)
		res = NULL;
	e = add(u, uid, res ? res->pw_name : NULL,
		res ? strlen(res->pw_name) : 0);
	return e ? e->name : NULL;
}

const char *
root_group_name(struct fks_root *root, gid_t gid)
{
	struct group gr, *res = NULL;
	struct user *e;
	char buf[16384];

	if (root->snapshot)
		return NULL;
	if (!root->groups && !(root->groups = users_new()))
		return NULL;
	/* the cache keys by number: a gid is kept as a uid would be */
	if ((e = find(root->groups, (uid_t)gid)))
		return e->name;
	if (getgrgid_r(gid, &gr, buf, sizeof buf, &res) != 0)
		res = NULL;
	e = add(root->groups, (uid_t)gid, res ? res->gr_name : NULL,
		res ? strlen(res->gr_name) : 0);
	return e ? e->name : NULL;
}

void
users_free(struct fks_users *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < u->n; i++)
		free(u->v[i].name);
	free(u->v);
	free(u);
}
