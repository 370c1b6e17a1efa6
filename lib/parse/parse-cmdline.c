/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * parse-cmdline.c - helpers over /proc/PID/cmdline text.  Pure, no I/O.
 *
 * cmdline is argv joined by NULs with a final NUL.  A process that rewrote
 * its argument area (setproctitle) may leave out the final NUL or put
 * spaces instead of separators; all of it is still shown, never trusted.
 */
#include "config.h"

#include <string.h>

#include "forkscope.h"

size_t
fks_cmdline_argc(const char *buf, size_t len)
{
	size_t argc = 0;
	const char *p = buf, *end = buf + len, *nul;

	while (p < end) {
		nul = memchr(p, '\0', (size_t)(end - p));
		argc++;
		if (!nul)
			break;
		p = nul + 1;
	}
	return argc;
}
