/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wlive.h - the live sources of a watch (wlive.c): the BPF event source
 * (wbpf.c), the proc connector and polling, and what they read of /proc
 * after an event.  Called by watch.c.  Private to the library.
 */
#ifndef FKS_WLIVE_H
#define FKS_WLIVE_H

#include <stddef.h>
#include "forkscope.h"

/* The sources wlive_open may open, tried in the order BPF, connector,
 * poll: bits WS_BIT(FKS_WS_...). */
#define WS_BIT(source) (1u << (source))

int wlive_open(struct fks_watch *w, unsigned sources, unsigned types,
	       unsigned poll_ms);
int wlive_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	       int timeout_ms, size_t *n);
/* Pushes what /proc says after an event (the new name, orphans' parents,
 * a resync after a loss). */
int wlive_follow(struct fks_watch *w, const struct fks_watch_item *it);
void wlive_free(struct fks_watch *w);

#endif
