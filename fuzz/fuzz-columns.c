/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-columns.c - libFuzzer harness for the -o column names and the tty
 * formatter: any name is found or refused, and a found one round-trips
 * to a column whose id is its index.
 */
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *name = malloc(size + 1), tty[32];
	const struct fks_column_info *ci;
	int col, nr = 0;

	if (!name)
		return 0;
	memcpy(name, data, size);
	name[size] = '\0';
	col = fks_column_lookup(name);
	if (col >= 0) {
		ci = fks_column_info((enum fks_column)col);
		if (!ci || (int)ci->id != col)
			abort();
	}
	if (size >= sizeof nr)
		memcpy(&nr, data, sizeof nr);
	fks_tty_name(nr, tty, sizeof tty);
	if (!memchr(tty, '\0', sizeof tty))
		abort();
	free(name);
	return 0;
}
