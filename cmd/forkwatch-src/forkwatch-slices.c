/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forkwatch-slices.c - the connector names an exec'd program by reading
 * /proc after the event, racing the program's exit (a /bin/true is gone
 * about 0.6 ms after its exec).  A task that asks the scheduler for short
 * slices (sched_attr.sched_runtime, Linux 6.12 and later) gets earlier
 * virtual deadlines, so it can preempt a busy task when woken: sooner,
 * with no larger share of the CPU and no privilege.  An older kernel
 * ignores the request.
 *
 * Woken sooner, the watcher also takes fewer events per wake-up, so each
 * costs more CPU.  That is worth it while there are execs to name, not in
 * a storm of forks and exits: a quarter of a second of at least
 * STORM_EVENTS events, fewer than one in EXEC_SHARE of them an exec,
 * gives the default slice back, and one with more execs, or quieter,
 * asks again (a build
 * execs at every third to fifth event, a fork storm hardly ever; the
 * rest of the system execs now and then).  Measurements in
 * docs/BENCHMARKS.md.
 *
 * The policy and nice value are kept, a real-time process (chrt) is left
 * alone, and forkwatch.c starts this after forking its command, which so
 * keeps the default.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "forkwatch-slices.h"

/* the shortest slice the kernel grants: a wake-up's work is shorter */
#define SHORT_SLICE_NS 100000u
#define WINDOW_NS 250000000u
/* a window's events that make a storm (1,000 a second), when fewer than
 * one in EXEC_SHARE is an exec */
#define STORM_EVENTS 250u
#define EXEC_SHARE 100u

/* The slice asked for: runtime_ns, or 0 for the kernel's default. */
static int
set_slice(uint64_t runtime_ns)
{
	struct {	/* struct sched_attr, SCHED_ATTR_SIZE_VER0 */
		uint32_t size, policy;
		uint64_t flags;
		int32_t nice;
		uint32_t priority;
		uint64_t runtime, deadline, period;
	} attr = { .size = sizeof attr, .policy = SCHED_OTHER,
		   .runtime = runtime_ns };

	errno = 0;
	attr.nice = getpriority(PRIO_PROCESS, 0);
	if (errno)
		return -1;
	return (int)syscall(SYS_sched_setattr, 0, &attr, 0);
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
slices_start(struct slices *s, const struct fks_watch *w, bool verbose)
{
	memset(s, 0, sizeof *s);
	if (fks_watch_source(w) != FKS_WS_CONNECTOR ||
	    sched_getscheduler(0) != SCHED_OTHER)
		return;
	if (set_slice(SHORT_SLICE_NS) < 0) {
		if (verbose)
			warnx("events: scheduler slices not shortened (%s)",
			      strerror(errno));
		return;
	}
	if (verbose)
		warnx("events: scheduler slices of %.1f ms asked for, to read "
		      "names sooner after an exec", SHORT_SLICE_NS / 1e6);
	s->active = s->on = true;
	s->window_ns = now_ns();
}

void
slices_note(struct slices *s, const struct fks_watch_item *items, size_t n)
{
	uint64_t now;
	bool want;
	size_t i;

	if (!s->active)
		return;
	s->events += n;
	for (i = 0; i < n; i++)
		s->execs += items[i].ev.type == FKS_EV_EXEC;
	now = now_ns();
	if (now - s->window_ns < WINDOW_NS)
		return;
	want = s->events < STORM_EVENTS || s->execs * EXEC_SHARE >= s->events;
	if (want != s->on && set_slice(want ? SHORT_SLICE_NS : 0) == 0)
		s->on = want;
	s->window_ns = now;
	s->events = s->execs = 0;
}
