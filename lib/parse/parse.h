/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * parse.h - what the pure parsers of /proc text (parse-*.c) give the
 * library beyond their public fks_parse_*() functions.  Private.
 */
#ifndef FKS_PARSE_H
#define FKS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include "forkscope.h"

/* parse-stat.c */
/*
 * fks_parse_stat(), and *masked set when the kernel hid the fields it shows
 * only to a reader that may ptrace the task (start_code and end_code both
 * 1): the exit code is then unknown.
 */
int stat_parse(char *buf, size_t len, struct fks_task *t, const char **why,
	       bool *masked);

/* parse-status.c: the resident pages of a PID/statm text (its second
 * number): 0, or -EINVAL. */
int statm_resident(const char *buf, size_t len, unsigned long long *pages);

#endif
