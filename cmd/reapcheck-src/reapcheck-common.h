/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reapcheck-common.h - what reapcheck.c (the one-shot audit and its
 * outputs) and reapcheck-watch.c (--watch, the audit kept up from events)
 * use of reapcheck-common.c: the library's audit opened, and the words
 * for exit statuses, ages, reasons and hints.  Calls go one way:
 * reapcheck.c -> reapcheck-watch.c -> reapcheck-common.c.
 */
#ifndef FKS_REAPCHECK_COMMON_H
#define FKS_REAPCHECK_COMMON_H

#include <stddef.h>

#include "forkscope.h"
#include "jsonwrt.h"

/* The report's view of the library's audit of tbl (fks_audit_*). */
struct audit {
	const struct fks_table *tbl;
	struct fks_audit *fa;
	const struct fks_reap_group *groups;
	size_t ngroups, nzombies, nprocs;
	long long oldest;
	const struct fks_task *const *orphans;
	size_t norphans;
	size_t nunread;		/* parents whose status could not be read */
	unsigned esc;		/* fks_escape flags for names */
};

/*
 * Audits tbl (fks_audit_new(): it reads the status of the zombies'
 * parents where tbl lacks it) into *a, saying on stderr each parent whose
 * status could not be read; ends the command when out of memory.
 */
void audit_open(struct audit *a, struct fks_table *tbl, unsigned esc);
/* Frees what audit_open() made (not the table). */
void audit_close(struct audit *a);

/* The wait status a zombie keeps, decoded ("exit ?" when unknown). */
void exit_text(const struct fks_task *z, char *buf, size_t size);
/* "5s", "3m12s", "2h05m", "4d03h"; "-" for a negative age. */
void age_text(long long s, char *buf, size_t size);
/* What to do about a group's parent, in words. */
void hint_text(const struct fks_reap_group *g, char *buf, size_t size);
/* A group's "why" (the keys of its reasons) and "hint" members. */
void json_why(struct jsonwrt *w, const struct fks_reap_group *g);
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

#endif
