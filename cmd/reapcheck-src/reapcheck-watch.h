/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reapcheck-watch.h - what reapcheck.c calls in reapcheck-watch.c:
 * --watch, the audit kept up from events.
 */
#ifndef FKS_REAPCHECK_WATCH_H
#define FKS_REAPCHECK_WATCH_H

#include <stdbool.h>

#include "common.h"

struct watch_opts {
	struct common_opts co;		/* --proc-root, --source, -v, --color */
	long long max_age;		/* seconds */
	long long duration;		/* seconds; 0: until a signal */
	bool json;
};
/* Runs the watch until SIGINT, SIGTERM or the duration; returns the exit
 * status. */
int watch_run(const struct watch_opts *o);

#endif
