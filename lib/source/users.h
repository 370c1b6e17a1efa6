/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * users.h - names for uids and gids (users.c): the cache a root keeps,
 * and the pure parser of a snapshot's users file.  Private to the
 * library.
 */
#ifndef FKS_USERS_H
#define FKS_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "forkscope.h"

struct fks_users;

struct users_bad {		/* the malformed lines of a users file */
	size_t n;		/* how many */
	size_t first_line;	/* the first one's number, from 1 */
	const char *first_why;	/* what is wrong with it */
	bool cut;		/* the file was larger than is read */
	int error;		/* it is there but could not be read */
};

/* An empty cache, or NULL without memory. */
struct fks_users *users_new(void);
/*
 * Adds the "uid:name" lines of len bytes of text to u, in order (a line
 * without its final newline too; blank lines are skipped); a malformed
 * line, or a second line for a uid, is counted in bad (zeroed by the
 * caller) and skipped.  Returns 0 or -ENOMEM (the lines before then are
 * kept).
 */
int users_parse(struct fks_users *u, const char *buf, size_t len,
		struct users_bad *bad);
/* The name u holds for uid (*found false when u does not hold it). */
const char *users_find(const struct fks_users *u, uid_t uid, bool *found);
size_t users_count(const struct fks_users *u);
/* The most of a snapshot's users file that root.c reads: 20,000 users
 * of 50 bytes a line. */
#define USERS_MAX (1u << 20)
/*
 * Fills u, new, from a snapshot's users file as root.c read it: rc 0 and
 * len bytes of buf, full the whole file's size (a cut file loses its
 * last, partial line); rc -ENOENT, no file, names nobody; another
 * negative errno is kept for users_bad().  Without memory, the names
 * parsed so far serve.
 */
void users_take_file(struct fks_users *u, int rc, const char *buf,
		     size_t len, size_t full);
/* What a snapshot's users file held malformed (users_take_file()). */
const struct users_bad *users_bad(const struct fks_users *u);
void users_free(struct fks_users *users);
/* The name of gid on this machine (getgrgid_r, cached in the root); a
 * snapshot names no groups: NULL then, as for a gid without a name. */
const char *root_group_name(struct fks_root *root, gid_t gid);

#endif
