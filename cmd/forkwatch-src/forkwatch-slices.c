/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forkwatch-slices.c - the connector names an exec'd program by reading
 * /proc after the event, racing the program's exit (a /bin/true is gone
 * about 0.6 ms after its exec).  A task that asks the scheduler for short
 * slices (sched_attr.sched_runtime, Linux 6.12 and later) gets earlier
 * virtual deadlines, so it can preempt a busy task when woken: sooner,
 * with no larger share of the CPU and no privilege.  An older kernel
 * ignores the request, which the slice read back tells.
 *
 * Woken sooner, the watcher also takes fewer events per wake-up, so each
 * costs more CPU.  That is worth it while there are execs to name, not in
 * a storm of forks, clones and exits: a quarter of a second (or more: it
 * ends at a batch) with at least STORM_RATE of them a second, fewer than
 * one in EXEC_SHARE of them an exec, gives the slice back, and a window
 * with more execs, or a quieter one, asks again (a build execs at every
 * third to fifth event, a fork storm hardly ever; the rest of the system
 * execs now and then).  Measurements in docs/BENCHMARKS.md.
 *
 * Only a plain SCHED_OTHER process asks (not batch, idle, real-time or
 * reset-on-fork), and only where its slice is longer; the policy and nice
 * value are kept, the slice it had is what it gives back, and a kernel
 * that does not honour the request (the slice read back differs) is not
 * asked again.  forkwatch.c starts this after forking its command, which
 * so keeps its own slice.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"
#include "forkwatch-slices.h"

/* the shortest slice the kernel grants: a wake-up's work is shorter */
#define SHORT_SLICE_NS 100000u
#define WINDOW_NS 250000000u
/* a storm: events at this rate and more, fewer than one in EXEC_SHARE
 * of them an exec */
#define STORM_RATE 1000u
#define EXEC_SHARE 100u
#ifndef SCHED_FLAG_KEEP_POLICY
#define SCHED_FLAG_KEEP_POLICY 0x08
#endif

struct attr {	/* struct sched_attr, SCHED_ATTR_SIZE_VER0 */
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
};

/* The process's fair slice (sched_runtime; 0 where the kernel does not
 * tell it, before Linux 6.12). */
static int
get_slice(uint64_t *ns)
{
	struct attr a;

	memset(&a, 0, sizeof a);
	if (syscall(SYS_sched_getattr, 0, &a, sizeof a, 0) < 0)
		return -1;
	*ns = a.runtime;
	return 0;
}

/* Asks for a slice of ns, keeping the policy (a real-time one makes it
 * fail: EINVAL), reset-on-fork and the nice value. */
static int
set_slice(uint64_t ns)
{
	struct attr a = { .size = sizeof a, .flags = SCHED_FLAG_KEEP_POLICY,
			  .runtime = ns };

	errno = 0;
	a.nice = getpriority(PRIO_PROCESS, 0);
	if (errno)
		return -1;
	return (int)syscall(SYS_sched_setattr, 0, &a, 0);
}

void
slices_start(struct slices *s, const struct fks_watch *w, bool verbose)
{
	uint64_t now;
	const char *why = NULL;

	memset(s, 0, sizeof *s);
	/* (SCHED_OTHER alone: not batch, idle, real-time or reset-on-fork,
	 * which sched_getscheduler adds to the policy) */
	if (fks_watch_source(w) != FKS_WS_CONNECTOR ||
	    sched_getscheduler(0) != SCHED_OTHER)
		return;
	if (get_slice(&s->given_ns) < 0)
		why = strerror(errno);
	else if (s->given_ns != 0 && s->given_ns <= SHORT_SLICE_NS)
		why = "already as short";
	else if (set_slice(SHORT_SLICE_NS) < 0)
		why = strerror(errno);
	else if (get_slice(&now) < 0 || now != SHORT_SLICE_NS)
		why = "not honoured by this kernel";
	if (why) {
		if (verbose)
			warnx("events: scheduler slices not shortened (%s)",
			      why);
		return;
	}
	if (verbose)
		warnx("events: scheduler slices of %.1f ms asked for, to read "
		      "names sooner after an exec", SHORT_SLICE_NS / 1e6);
	s->active = s->on = true;
	s->window_ns = mono_ns();
}

void
slices_note(struct slices *s, const struct fks_watch_item *items, size_t n)
{
	uint64_t now, span;
	bool want;
	size_t i;

	if (!s->active)
		return;
	for (i = 0; i < n; i++)
		switch (items[i].ev.type) {
		case FKS_EV_EXEC:
			s->execs++;
			/* fall through */
		case FKS_EV_FORK:
		case FKS_EV_CLONE:
		case FKS_EV_EXIT:
			s->events++;
			break;
		default:
			break;
		}
	now = mono_ns();
	span = now - s->window_ns;
	if (span < WINDOW_NS)
		return;
	want = s->events * 1000000000.0 / span < STORM_RATE ||
	       s->execs * EXEC_SHARE >= s->events;
	/* (a failure, as a policy made real-time meanwhile, stops this) */
	if (want != s->on) {
		if (set_slice(want ? SHORT_SLICE_NS : s->given_ns) == 0)
			s->on = want;
		else
			s->active = false;
	}
	s->window_ns = now;
	s->events = s->execs = 0;
}
