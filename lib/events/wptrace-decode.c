/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wptrace-decode.c - what a wait status of a tracee means to the ptrace
 * source (wptrace.c), and what the tracer does next.  Pure: no I/O, so
 * tests/test-wptrace.c checks it on made-up statuses.
 *
 * The tracees are attached with PTRACE_SEIZE and only the fork, vfork,
 * clone, exec and exit events are asked for (no system-call stops), so a
 * status is one of (ptrace(2), "Stopped states"):
 *   - the end of the tracee (WIFEXITED, WIFSIGNALED);
 *   - an event stop: SIGTRAP | PTRACE_EVENT_x << 8 in the stop signal;
 *   - PTRACE_EVENT_STOP: with a stop signal, a group-stop (the tracee is
 *     to stay stopped: PTRACE_LISTEN); with SIGTRAP, the first stop of an
 *     auto-attached child, a PTRACE_INTERRUPT or the end of a group-stop
 *     while listening (PTRACE_CONT);
 *   - else a signal-delivery stop, whose signal is given back to the
 *     tracee when it is continued.
 * And the thread group and parent a PID/status text names (the tracer
 * reads it for a new child whose creator's event has not come).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "events/wptrace.h"

static bool
is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

enum ptrace_stop
wptrace_classify(int status, int *sig)
{
	int event;

	*sig = 0;
	if (WIFEXITED(status) || WIFSIGNALED(status))
		return PTS_ENDED;
	if (!WIFSTOPPED(status))
		return PTS_OTHER;	/* WIFCONTINUED: not asked for */
	event = (unsigned)status >> 16;
	switch (event) {
	case PTRACE_EVENT_FORK:
		return PTS_FORK;
	case PTRACE_EVENT_VFORK:
		return PTS_VFORK;
	case PTRACE_EVENT_CLONE:
		return PTS_CLONE;
	case PTRACE_EVENT_EXEC:
		return PTS_EXEC;
	case PTRACE_EVENT_EXIT:
		return PTS_EXIT;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(WSTOPSIG(status))) {
			*sig = WSTOPSIG(status);
			return PTS_GROUP_STOP;
		}
		return PTS_TRAP_STOP;
	case 0:
		*sig = WSTOPSIG(status);
		return PTS_SIGNAL;
	default:
		return PTS_OTHER;	/* an event not asked for */
	}
}

/* The number after `key` at the start of a line of text, or -1. */
static long
status_number(const char *buf, size_t len, const char *key)
{
	size_t klen = strlen(key), i = 0;
	long v;

	while (i < len) {
		if (len - i > klen && memcmp(buf + i, key, klen) == 0) {
			i += klen;
			while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
				i++;
			if (i == len || buf[i] < '0' || buf[i] > '9')
				return -1;
			for (v = 0; i < len && buf[i] >= '0' && buf[i] <= '9';
			     i++) {
				if (v > (INT_MAX - 9) / 10)
					return -1;
				v = v * 10 + (buf[i] - '0');
			}
			return i == len || buf[i] == '\n' ? v : -1;
		}
		while (i < len && buf[i] != '\n')
			i++;
		i++;
	}
	return -1;
}

int
wptrace_status_ids(const char *buf, size_t len, pid_t *tgid, pid_t *ppid)
{
	long t = status_number(buf, len, "Tgid:");
	long p = status_number(buf, len, "PPid:");

	if (t <= 0 || p < 0)
		return -EINVAL;
	*tgid = (pid_t)t;
	*ppid = (pid_t)p;
	return 0;
}
