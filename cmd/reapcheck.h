/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reapcheck.h - what reapcheck.c (the one-shot audit and its outputs) and
 * reapcheck-watch.c (--watch, the audit kept up from events) share: the
 * audit's groups, and the words for exit statuses, ages, reasons and hints.
 */
#ifndef FKS_REAPCHECK_H
#define FKS_REAPCHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "forkscope.h"
#include "common-output.h"
#include "jsonwrt.h"

struct group {
	const struct fks_task *parent;	/* NULL: not in the table */
	pid_t ppid;
	const struct fks_task **zombies;
	size_t n;
	long long oldest;		/* upper bound, seconds; -1 unknown */
	unsigned why;
};

struct audit {
	const struct fks_table *tbl;
	struct group *groups;
	size_t ngroups, nzombies, nprocs;
	long long oldest;
	const struct fks_task **orphans;
	size_t norphans;
	unsigned esc;
};

/*
 * Reads the status of the zombies' parents (what tells why they do not
 * reap), for a table read without FKS_F_STATUS.  Returns how many could
 * not be read (live: for another reason than being gone or not
 * permitted), each said on stderr.
 */
size_t read_parents_status(struct fks_table *tbl);
/* Groups the zombies of a->tbl by parent and finds the orphans. */
void run_audit(struct audit *a);
/* Frees what run_audit() allocated (not the table). */
void audit_free(struct audit *a);

/* The wait status a zombie keeps, decoded ("exit ?" when unknown). */
void exit_text(const struct fks_task *z, char *buf, size_t size);
/* "5s", "3m12s", "2h05m", "4d03h"; "-" for a negative age. */
void age_text(long long s, char *buf, size_t size);
/* What to do about a group's parent, in words. */
void hint_text(const struct group *g, char *buf, size_t size);
/* A group's "why" (the keys of its reasons) and "hint" members. */
void json_why(struct jsonwrt *w, const struct group *g);
void place_of(const struct fks_task *t, char *unit, char *container,
	      size_t size);
void json_place(struct jsonwrt *w, const struct fks_task *t);
/* The escaped comm of t (the caller frees it). */
char *name_of(const struct audit *a, const struct fks_task *t);

/* The FKS_WHY_* bits with their JSON keys and words. */
struct reason {
	unsigned bit;
	const char *key;	/* JSON and Prometheus */
	const char *why;	/* for people */
};
extern const struct reason reasons[];
extern const size_t nreasons;

/* --watch (reapcheck-watch.c) */
struct watch_opts {
	const char *proc_root;
	enum fks_source source;		/* --source */
	bool verbose;			/* -v */
	long long max_age;		/* seconds */
	long long duration;		/* seconds; 0: until a signal */
	bool json;
	enum color_mode color;
};
/* Runs the watch until SIGINT, SIGTERM or the duration; returns the exit
 * status. */
int watch_run(const struct watch_opts *o);

#endif
