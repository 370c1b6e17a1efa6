/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wlive.h - the proc connector and the poll source of a watch (wlive.c),
 * opened by watch.c's open_live, which tries the BPF source (wbpf.c)
 * first.  Private to the library.
 */
#ifndef FKS_WLIVE_H
#define FKS_WLIVE_H

#include "forkscope.h"

/* The sources open_live may open, tried in the order BPF, connector,
 * poll: bits WS_BIT(FKS_WS_...). */
#define WS_BIT(source) (1u << (source))

/* Opens the connector (w->ops, w->src): 1 when it listens; 0 when the
 * kernel refused a listener and polling is among `sources` (the reason
 * kept in why_not_connector); or a negative errno with the reason given
 * (watch_fail). */
int wconn_open(struct fks_watch *w, unsigned sources, unsigned types);
/* Opens the poll source (w->ops, w->src), reading /proc every poll_ms
 * (0: its default); says why, when the connector was refused.  0, or
 * -ENOMEM. */
int wpoll_open(struct fks_watch *w, unsigned poll_ms);
/* Starts the poll source from tbl, the tasks read at its opening. */
int wpoll_start(struct fks_watch *w, const struct fks_table *tbl);

#endif
