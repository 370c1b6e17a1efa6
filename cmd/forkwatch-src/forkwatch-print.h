/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forkwatch-print.h - what forkwatch.c (options, filters, the loop) calls in
 * forkwatch-print.c (the flat, tree and JSON views, the summary and the
 * names of event types).  Calls go one way: forkwatch-print.c calls
 * nothing in forkwatch.c.
 */
#ifndef FKS_FORKWATCH_PRINT_H
#define FKS_FORKWATCH_PRINT_H

#include <stdbool.h>
#include <stdio.h>
#include "forkscope.h"

enum view { VIEW_FLAT, VIEW_TREE, VIEW_JSON };

#define MARK_WATCHED 1u		/* a task under --pid or the started command */

struct printer {
	FILE *out;
	enum view view;
	unsigned esc;		/* fks_escape flags */
	bool filtered;		/* depth counts watched ancestors only */
	uint64_t start_mono;	/* the stream's start: relative times */
	long long start_real;	/* ... and its wall clock, ns since the epoch */
	bool real_known;	/* start_real is a number (a record's header) */
	bool wall_warned;	/* an event's wall time was out of range */
	const struct fks_watch *w;
	bool header_done;
};

/* Counts for the summary (-S). */
#define TOP_FORKERS 10
struct summary {
	unsigned long long by_type[FKS_EV_NTYPES];
	unsigned long long lost, unnamed, process_exits;
	unsigned long long lifetimes[8];	/* histogram, see forkwatch-print.c */
	struct forker { pid_t pid; char comm[17]; unsigned long long forks; }
		*forkers;
	size_t nforkers, forkers_cap;
	/* forkers by pid: an open-addressed table of indexes into forkers
	 * (0 empty, i + 1 forkers[i]), at most half full, so that counting
	 * a fork costs the same with a hundred thousand forkers as with
	 * one (a scan of them all made -S quadratic) */
	size_t *slots, nslots;
};

/* Prints one event; for an exec, name is the name read after it (NULL
 * when the process was gone before it could be read). */
void print_item(struct printer *p, const struct fks_watch_item *it,
		const struct fks_watch_item *name);
/* Counts it, shown with name (as print_item's). */
void summary_count(struct summary *s, const struct fks_watch_item *it,
		   const struct fks_watch_item *name);
/* loss says how the lost events were counted. */
void summary_print(FILE *out, const struct summary *s, unsigned esc,
		   const char *loss);
void summary_free(struct summary *s);
/* The name of an event type as shown and as given to -e; "?" for
 * none. */
const char *event_name(enum fks_event_type type);

#endif
