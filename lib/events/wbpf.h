/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wbpf.h - the BPF event source of a watch (wbpf.c): the event program
 * loaded, its ring buffer mapped.  Opened by wlive.c, which tries it
 * first.  Private to the library.
 */
#ifndef FKS_WBPF_H
#define FKS_WBPF_H

#include <stddef.h>
#include "forkscope.h"

/* Returns 0, or a negative errno with the reason in why. */
int wbpf_open(struct fks_watch *w, char *why, size_t len);
/* Decodes what the ring holds (waiting up to timeout_ms when empty) into
 * at most max events; a loss becomes an FKS_EV_LOST event. */
int wbpf_fill(struct fks_watch *w, struct fks_event *ev, size_t max,
	      int timeout_ms, size_t *n);
int wbpf_fd(const struct fks_watch *w);
unsigned long long wbpf_lost(const struct fks_watch *w);
void wbpf_free(struct fks_watch *w);

#endif
