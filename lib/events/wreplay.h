/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wreplay.h - reading a record file as a watch's source, and writing one
 * as a watch goes (wreplay.c; the records themselves are record.c's).
 * Called by watch.c.  Private to the library.
 */
#ifndef FKS_WREPLAY_H
#define FKS_WREPLAY_H

#include <stddef.h>
#include "forkscope.h"

/* Opens the replay source (w->ops, w->src): 0, or a negative errno with
 * the reason given (watch_fail). */
int wreplay_open(struct fks_watch *w, const char *path);
int wrecord_start(struct fks_watch *w, int fd);
int wrecord_event(struct fks_watch *w, const struct fks_event *ev);
int wrecord_flush(struct fks_watch *w);

#endif
