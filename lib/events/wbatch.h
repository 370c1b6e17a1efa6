/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wbatch.h - what a source hands its watch besides its raw events
 * (wbatch.c): pushed events, buffers and tables kept with the batch, an
 * error, the stream's headers.  Private to the library.
 */
#ifndef FKS_WBATCH_H
#define FKS_WBATCH_H

#include <stdint.h>
#include "forkscope.h"

int watch_header_set(struct fks_watch *w, const char *key, const char *val);
int watch_push(struct fks_watch *w, const struct fks_event *ev);
int watch_keep_table(struct fks_watch *w, struct fks_table *tbl);
int watch_keep_buf(struct fks_watch *w, char *buf);
int watch_fail(struct fks_watch *w, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
uint64_t watch_now_ns(void);
/* The stream's header for a live source. */
int watch_set_headers(struct fks_watch *w, const char *source);

#endif
