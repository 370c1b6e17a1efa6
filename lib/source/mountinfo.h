/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mountinfo.h - the pure part of mountinfo.c, which finds how a live
 * proc root hides processes (fks_root_hidepid()).  Private to the
 * library; declared for its unit test (fks_root_hidepid() beside it is
 * its one caller).
 */
#ifndef FKS_MOUNTINFO_H
#define FKS_MOUNTINFO_H

#include <stddef.h>

/*
 * The hidepid mode (0, 1, 2 or 4) in the super options of mount mnt_id in
 * a mountinfo text; -ENOENT when no line has that id, -EINVAL for a line
 * or a hidepid value not understood.
 */
int mountinfo_hidepid(const char *buf, size_t len, unsigned long long mnt_id);

#endif
