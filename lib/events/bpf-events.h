/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-events.h - the pure decoder of the BPF event program's records
 * (bpf-events.c; the layout is bpf/events.h), used by the BPF event
 * source (wbpf.c), its unit test and its fuzz harness.  Private to the
 * library.
 */
#ifndef FKS_BPFEV_DECODE_H
#define FKS_BPFEV_DECODE_H

#include <stddef.h>
#include "forkscope.h"

#define BPFEV_EVENTS_MAX 2	/* events one record decodes into */

/*
 * Decodes the record of len bytes at buf into 1 event, or 2 for an exec
 * (its EXEC and the NAME after it, whose strings point into buf).
 * Returns how many, or -EBADMSG with *why set (never reading past len).
 */
int bpfev_decode(const void *buf, size_t len,
		 struct fks_event ev[BPFEV_EVENTS_MAX], const char **why);

#endif
