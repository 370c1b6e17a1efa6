/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-events.c - libFuzzer harness for fks_event_decode(): any datagram,
 * in a buffer of exactly its size; never more events than room, and a
 * NUL-terminated comm in every one.
 */
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned char *buf = malloc(size ? size : 1);
	struct fks_event ev[8];
	int n, i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	n = fks_event_decode(buf, size, ev, 8);
	if (n > 8)
		abort();
	for (i = 0; i < n; i++)
		if (!memchr(ev[i].comm, '\0', sizeof ev[i].comm))
			abort();
	free(buf);
	return 0;
}
