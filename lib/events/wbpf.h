/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wbpf.h - the BPF event source of a watch (wbpf.c): the event program
 * loaded, its ring buffer mapped.  Opened by watch.c, which tries it
 * first.  Private to the library.
 */
#ifndef FKS_WBPF_H
#define FKS_WBPF_H

#include <stddef.h>
#include "forkscope.h"

/* Opens the BPF source (w->ops, w->src): 0, or a negative errno with
 * the reason in why. */
int wbpf_open(struct fks_watch *w, char *why, size_t len);

#endif
