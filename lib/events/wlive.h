/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wlive.h - the live sources of a watch (wlive.c): the BPF event source
 * (wbpf.c), the proc connector and polling, and what they read of /proc
 * after an event.  wlive_open is called by watch.c; the rest by the
 * sources' follow operations (wlive.c's and wbpf.c's).  Private to the
 * library.
 */
#ifndef FKS_WLIVE_H
#define FKS_WLIVE_H

#include <stdbool.h>
#include <stddef.h>
#include "forkscope.h"

/* The sources wlive_open may open, tried in the order BPF, connector,
 * poll: bits WS_BIT(FKS_WS_...). */
#define WS_BIT(source) (1u << (source))

/* Opens the first of `sources` that runs here (w->ops, w->src), then
 * pushes the tasks present as a resync.  0, or a negative errno with the
 * reason given (watch_fail). */
int wlive_open(struct fks_watch *w, unsigned sources, unsigned types,
	       unsigned poll_ms);
/* Pushes where the orphans of an exit went, read from /proc; told_early:
 * the exit was told before the kernel handed them on (the BPF source),
 * so wait for that first. */
int wlive_orphans(struct fks_watch *w, const struct fks_event *exit,
		  bool told_early);
/* Pushes a resync (after a loss): the tasks /proc holds now. */
int wlive_resync(struct fks_watch *w);

#endif
