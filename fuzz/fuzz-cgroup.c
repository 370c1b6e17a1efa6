/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-cgroup.c - libFuzzer harness for lib/parse/cgroup.c: any bytes as a
 * /proc/PID/cgroup text (ps's list of it, the path it finds), that path
 * (or the whole input) as a path, and the input as a namespace link.
 * Every name comes out NUL-terminated within its buffer; ps's list is cut
 * to fit and tells its whole length; a runtime is named exactly when a
 * container is; a found path lies inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cgroup.h"

static void
check_name(const char *s)
{
	if (!memchr(s, '\0', CG_NAME_MAX + 1))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so reading past the end is caught */
	char *buf = malloc(size ? size : 1);
	const char *path;
	size_t len;
	struct cg_place p;
	char list[32];
	unsigned long long ino;
	size_t n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (cg_main_path(buf, size, &path, &len) == 0) {
		if (path < buf || path + len > buf + size)
			abort();
	} else {
		path = buf;
		len = size;
	}
	n = cg_ps_list(buf, size, list, sizeof list);
	if (list[n < sizeof list ? n : sizeof list - 1] != '\0')
		abort();
	(void)ns_link_inode(buf, size, "pid", &ino);
	cg_place(path, len, &p);
	check_name(p.unit);
	check_name(p.slice);
	check_name(p.user_unit);
	check_name(p.container);
	check_name(p.pod);
	if ((p.runtime != CG_RT_NONE) != (p.container[0] != '\0'))
		abort();
	if (!p.slice[0] || (p.user_unit[0] && !p.unit[0]))
		abort();
	free(buf);
	return 0;
}
