/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-meminfo.c - libFuzzer harness for fks_parse_meminfo(): any bytes in
 * a buffer of exactly that size; a success has MemTotal, a failure says
 * why.
 */
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct fks_meminfo mi;
	const char *why = NULL;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (fks_parse_meminfo(buf, size, &mi, &why) == 0) {
		if (!mi.total)
			abort();
	} else if (!why) {
		abort();
	}
	free(buf);
	return 0;
}
