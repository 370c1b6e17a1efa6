/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * optval.h - option values parsed without printing or exiting (optval.c):
 * counts, threshold ranges, column lists.  The command makes a usage
 * error of a refusal; fuzz/fuzz-options.c calls them directly.
 */
#ifndef FKS_OPTVAL_H
#define FKS_OPTVAL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A count or a number of seconds: decimal, 0 or more.  Returns 0 and sets
 * *out, -ERANGE when it does not fit, -EINVAL for anything else.
 */
int parse_count(const char *s, long long *out);
/*
 * A monitoring-plugin threshold range (the monitoring-plugins guidelines,
 * as check_procs takes them): "N" alerts outside 0..N, "N:" below N,
 * "~:N" above N, "N:M" outside N..M, "@N:M" inside N..M (ends included).
 */
struct range {
	bool set;		/* given; an unset range never alerts */
	bool inside;		/* "@": alert inside lo..hi */
	long long lo, hi;	/* LLONG_MIN for "~", LLONG_MAX for none */
};
/*
 * Parses s into *r.  Returns 0, -ERANGE when an end does not fit, -EDOM
 * when the start is above the end, -EINVAL for anything else.
 */
int parse_range(const char *s, struct range *r);
/* Whether the value v alerts for r. */
bool range_alerts(const struct range *r, long long v);
/*
 * Whether the warning range w can alert without the critical range c
 * (some value of 0 or more); when not, the warning is never shown.
 */
bool range_warning_reachable(const struct range *w, const struct range *c);

/*
 * -o's list as procps ps takes it (pforest, forktop): items split at
 * commas; an item NAME=HEADER names a column and its header (which may be
 * empty), an item without '=' one name or more split at spaces.  Calls
 * add(name, header, arg) for each name in order, header NULL where none
 * was given; list is cut up in place.  Returns 0, -EINVAL for an empty
 * list or an empty item ("a,,b": list left whole, for the message), or
 * the first non-zero value add returned (which stops it).
 */
int column_list_split(char *list, int (*add)(char *name, const char *head,
					     void *arg), void *arg);

#endif
