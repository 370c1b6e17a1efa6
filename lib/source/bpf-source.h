/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-source.h - what bpf-source.c, the BPF task source, shares with the
 * BPF event source (wbpf.c): whether this process may load a tracing
 * program at all, and the verdict of a refused load.  The task source
 * itself is an ops table (source.h).  Private to the library.
 */
#ifndef FKS_BPF_SOURCE_H
#define FKS_BPF_SOURCE_H

#include <stddef.h>

struct fks_root;

/*
 * Whether this process may load BPF tracing programs to watch root's
 * system: privileges, the kernel's BTF, the initial pid and time
 * namespaces.  Returns 0, or -EPERM or -EOPNOTSUPP with the reason in why.
 */
int bpf_may_load(struct fks_root *root, char *why, size_t len);
/* The last line of a verifier's log that is not a statistic, cut in
 * place: the verdict a refused load shows in -v. */
const char *bpf_log_last_words(char *log);

#endif
