/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-status.c - libFuzzer harness for fks_parse_status(): any bytes in
 * a buffer of exactly that size; a failure must say why, and the NSpid
 * chain must stay within its bound.
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
	if (fks_parse_status(buf, size, &t, &why) == 0) {
		if (t.nspid_len < 0 || t.nspid_len > FKS_NSPID_MAX)
			abort();
	} else if (!why) {
		abort();
	}
	(void)fks_cmdline_argc(buf, size);
	free(buf);
	return 0;
}
