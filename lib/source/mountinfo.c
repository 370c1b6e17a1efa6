/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mountinfo.c - how a live proc root hides processes: the hidepid= option
 * of its procfs mount, found in ROOT/self/mountinfo (read through root.c)
 * by the mount id statx() gives for the root's directory.  The parser of
 * the mountinfo text is pure.  Nothing here applies to a snapshot.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "source/mountinfo.h"
#include "source/root.h"

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif

/* The hidepid mode of one super-options field ("rw,hidepid=invisible"). */
static int
hidepid_of(const char *opts, size_t len)
{
	static const struct {
		const char *word;
		int mode;
	} modes[] = {
		{ "0", 0 }, { "off", 0 }, { "1", 1 }, { "noaccess", 1 },
		{ "2", 2 }, { "invisible", 2 }, { "4", 4 }, { "ptraceable", 4 },
	};
	const char *p = opts, *end = opts + len, *comma;
	size_t i, n;

	for (; p < end; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (!comma)
			comma = end;
		n = (size_t)(comma - p);
		if (n <= 8 || memcmp(p, "hidepid=", 8) != 0)
			continue;
		for (i = 0; i < sizeof modes / sizeof *modes; i++)
			if (strlen(modes[i].word) == n - 8 &&
			    memcmp(p + 8, modes[i].word, n - 8) == 0)
				return modes[i].mode;
		return -EINVAL;
	}
	return 0;
}

int
mountinfo_hidepid(const char *buf, size_t len, unsigned long long mnt_id)
{
	const char *line, *end, *sep, *opts;
	unsigned long long id;
	char *num_end;

	for (line = buf; line < buf + len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(buf + len - line));
		if (!end)
			end = buf + len;
		if (*line < '0' || *line > '9')
			continue;
		id = strtoull(line, &num_end, 10);
		if (id != mnt_id || num_end >= end || *num_end != ' ')
			continue;
		/* "... - fstype source super-options": the last field */
		sep = NULL;
		for (opts = line; opts + 3 <= end; opts++)
			if (memcmp(opts, " - ", 3) == 0) {
				sep = opts;
				break;
			}
		if (!sep)
			return -EINVAL;
		opts = end;
		while (opts > sep && opts[-1] != ' ')
			opts--;
		return hidepid_of(opts, (size_t)(end - opts));
	}
	return -ENOENT;
}

int
fks_root_hidepid(struct fks_root *root)
{
	struct statx stx;
	size_t len;
	char *buf;
	int rc;

	if (root->snapshot)
		return 0;
	if (statx(root->fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0)
		return -errno;
	if (!(stx.stx_mask & STATX_MNT_ID))
		return -ENOSYS;
	rc = fks_root_read_file(root, "self/mountinfo", 1 << 20, &buf, &len,
				NULL);
	if (rc < 0)
		return rc;
	rc = mountinfo_hidepid(buf, len, stx.stx_mnt_id);
	free(buf);
	return rc;
}
