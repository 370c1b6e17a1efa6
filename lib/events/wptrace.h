/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wptrace.h - the ptrace source of a watch, for a command the caller
 * started (wptrace.c, called by watch.c), and its pure part
 * (wptrace-decode.c, unit-tested).  Private to the library.
 */
#ifndef FKS_WPTRACE_H
#define FKS_WPTRACE_H

#include <stddef.h>
#include <sys/types.h>
#include "forkscope.h"

/* wptrace.c: opens the ptrace source (w->ops, w->src) on pid: 0, or a
 * negative errno with the reason given (watch_fail). */
int wptrace_open(struct fks_watch *w, pid_t pid);

/* wptrace-decode.c: what a tracee's wait status is */
enum ptrace_stop {
	PTS_ENDED,		/* exited or killed: the status is final */
	PTS_FORK,		/* event stops: the new child's tid in the */
	PTS_VFORK,		/* event message */
	PTS_CLONE,		/* (a thread or a process) */
	PTS_EXEC,		/* the former tid in the event message */
	PTS_EXIT,		/* about to exit: the status in the message */
	PTS_GROUP_STOP,		/* stopped by *sig: to stay so (LISTEN) */
	PTS_TRAP_STOP,		/* a new child's first stop, an interrupt */
	PTS_SIGNAL,		/* signal-delivery stop: *sig to deliver */
	PTS_OTHER,		/* nothing asked for: continue it */
};
enum ptrace_stop wptrace_classify(int status, int *sig);
/* Tgid and PPid of a PID/status text: 0 or -EINVAL. */
int wptrace_status_ids(const char *buf, size_t len, pid_t *tgid,
		       pid_t *ppid);

#endif
