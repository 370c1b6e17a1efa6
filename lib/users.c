/*
 * users.c - user names for uids, as the data's own machine knew them.
 *
 * A live root asks this machine's user database (getpwuid_r).  A snapshot
 * may have been taken elsewhere, where uid 1000 was someone else: it
 * carries its own "users" file ("uid:name" lines, written by procsnap), and
 * a uid it does not name has no name here either.  Names are cached in the
 * root, so a listing of 20,000 tasks asks once per distinct uid.
 */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

struct user {
	uid_t uid;
	char *name;		/* NULL: the uid has no name */
};

struct fks_users {
	struct user *v;
	size_t n, cap;
	bool loaded;		/* snapshot: the users file was read */
};

static struct user *
find(struct fks_users *u, uid_t uid)
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

	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 16;
		grown = realloc(u->v, u->cap * sizeof *grown);
		if (!grown)
			return NULL;
		u->v = grown;
	}
	u->v[u->n].uid = uid;
	u->v[u->n].name = name ? strndup(name, len) : NULL;
	if (name && !u->v[u->n].name)
		return NULL;
	return &u->v[u->n++];
}

/* Reads the snapshot's "users" file; a missing one names nobody. */
static void
load_snapshot_users(struct fks_root *root, struct fks_users *u)
{
	char *buf, *line, *next, *colon, *end;
	unsigned long uid;
	size_t len;

	u->loaded = true;
	if (fks_root_read_file(root, "users", 1 << 20, &buf, &len, NULL) < 0)
		return;
	for (line = buf; line < buf + len; line = next) {
		next = memchr(line, '\n', (size_t)(buf + len - line));
		next = next ? next + 1 : buf + len;
		colon = memchr(line, ':', (size_t)(next - line));
		if (!colon)
			continue;
		uid = strtoul(line, &end, 10);
		if (end != colon || end == line || find(u, (uid_t)uid))
			continue;
		len = (size_t)(next - colon - 1);
		if (len && colon[len] == '\n')
			len--;
		if (!add(u, (uid_t)uid, colon + 1, len))
			break;
	}
	free(buf);
}

const char *
fks_root_user_name(struct fks_root *root, uid_t uid)
{
	struct passwd pw, *res = NULL;
	struct fks_users *u;
	struct user *e;
	char buf[4096];

	if (!root->users && !(root->users = calloc(1, sizeof *root->users)))
		return NULL;
	u = root->users;
	if (root->snapshot && !u->loaded)
		load_snapshot_users(root, u);
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
