/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-events.h - what the kernel's event stream adds to forktop's
 * refreshes: how many processes forked and exited since the last one,
 * and how many of them came and went in between, which no comparison of
 * two tables can see.  No curses; the main loop polls tev_fd() beside
 * the keys.
 */
#ifndef FORKTOP_EVENTS_H
#define FORKTOP_EVENTS_H

#include <stddef.h>
#include "forkscope.h"

struct tev_counts {
	size_t forks, exits;	/* processes, not threads */
	size_t brief;		/* exits of processes forked after the
				 * interval began */
	unsigned long long lost;	/* events the kernel dropped */
};

struct tevents;

/*
 * Subscribes to fork and exit events of the live system of root through
 * the proc connector (root, or a kernel that lets anyone listen), never a
 * poll source: the refreshes already read /proc.  Returns NULL when it is
 * not available, with the reason in why.
 */
struct tevents *tev_open(struct fks_root *root, char *why, size_t size);
void tev_free(struct tevents *t);
int tev_fd(const struct tevents *t);
/* The event stream, for what it says of its source. */
const struct fks_watch *tev_watch(const struct tevents *t);
/* Reads the events queued now (a bounded number, so that keys are not
 * starved in a fork storm) and counts them; returns how many. */
size_t tev_drain(struct tevents *t);
/* The counts since the last call (or the open), which starts a new
 * interval; call it when the tables are read. */
void tev_take(struct tevents *t, struct tev_counts *out);

#endif
