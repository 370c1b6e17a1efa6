/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forkwatch-slices.h - what forkwatch.c calls in forkwatch-slices.c: the
 * connector source's requests for short scheduler slices, so that it is
 * woken in time to read an exec'd program's name (see the .c file).
 */
#ifndef FKS_FORKWATCH_SLICES_H
#define FKS_FORKWATCH_SLICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "forkscope.h"

struct slices {
	bool active;		/* the connector, with a fair policy */
	bool on;		/* short slices asked for now */
	uint64_t given_ns;	/* the slice it had, given back in a storm */
	uint64_t window_ns;	/* the current window's start (monotonic) */
	unsigned long events;	/* events in the window */
	unsigned long execs;	/* of which execs */
};

/* Asks for short slices where they serve (the connector source, a plain
 * SCHED_OTHER process); says whether with verbose. */
void slices_start(struct slices *s, const struct fks_watch *w, bool verbose);
/* Counts a batch's events; at the end of each quarter second, keeps the
 * short slices or gives them back. */
void slices_note(struct slices *s, const struct fks_watch_item *items,
		 size_t n);

#endif
