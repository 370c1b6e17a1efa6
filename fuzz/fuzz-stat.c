/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-stat.c - libFuzzer harness for fks_parse_stat(): any bytes, a copy
 * of exactly that size (so ASan sees a read past the end), and the facts a
 * success promises: comm lies inside the buffer, the state decodes.
 */
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct fks_task t;
	const char *why = NULL;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&t, 0, sizeof t);
	if (fks_parse_stat(buf, size, &t, &why) == 0) {
		if (t.comm < buf || t.comm + t.comm_len > buf + size ||
		    !(t.known & FKS_K_STAT) ||
		    t.state != fks_state_from_char(t.state_char))
			abort();
	} else if (!why) {
		abort();
	}
	free(buf);
	return 0;
}
