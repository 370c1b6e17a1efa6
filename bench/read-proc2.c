/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read-proc2.c - the libproc2 (procps-ng 4) reader of the benchmark: each
 * round reaps every process (with -t every thread too) asking for tid,
 * ppid, tgid, state and comm, and touches each value.
 *
 * The pids_info context is made once, outside the timed rounds, and reaped
 * again each round, which is how top and ps use it.  pids.h names
 * PID/status as the source of PIDS_ID_TGID, which would cost a second file
 * per task; -m drops the item to check that (with 4.0.2 it costs nothing:
 * strace shows stat alone read, tgid comes from the directory name).  It
 * checks nothing about the values (tests/live-libproc2.c does).
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <string.h>

#include <libproc2/pids.h>

#include "common.h"

/* The item order fixes the index PIDS_VAL reads each value from. */
enum { I_TID, I_PPID, I_STATE, I_CMD, I_TGID };

static enum pids_item items[] = {
	[I_TID] = PIDS_ID_TID,
	[I_PPID] = PIDS_ID_PPID,
	[I_STATE] = PIDS_STATE,
	[I_CMD] = PIDS_CMD,
	[I_TGID] = PIDS_ID_TGID,
};

struct proc2 {
	struct pids_info *info;
	bool minimal;
};

static long
round_proc2(void *ctx, bool threads, unsigned long *sum)
{
	struct proc2 *p = ctx;
	struct pids_fetch *f;
	struct pids_stack *s;
	const char *cmd;
	unsigned long v;
	int i, n;

	f = procps_pids_reap(p->info, threads ? PIDS_FETCH_THREADS_TOO :
			     PIDS_FETCH_TASKS_ONLY);
	if (!f) {
		warnx("procps_pids_reap failed");
		return -1;
	}
	n = f->counts->total;
	for (i = 0; i < n; i++) {
		s = f->stacks[i];
		cmd = PIDS_VAL(I_CMD, str, s, p->info);
		v = (unsigned long)PIDS_VAL(I_TID, s_int, s, p->info);
		v += (unsigned long)PIDS_VAL(I_PPID, s_int, s, p->info) * 3;
		v += (unsigned char)PIDS_VAL(I_STATE, s_ch, s, p->info);
		if (!p->minimal)
			v += (unsigned long)PIDS_VAL(I_TGID, s_int, s,
						     p->info) * 7;
		*sum += v + (unsigned char)cmd[0] + strlen(cmd);
	}
	return n;
}

int
main(int argc, char **argv)
{
	struct bench_opts o = { .name = "proc2" };
	struct proc2 p = { 0 };
	int rc, nitems;

	bench_parse(argc, argv, &o);
	p.minimal = o.minimal;
	if (o.minimal)
		o.name = "proc2-min";
	nitems = o.minimal ? I_TGID : (int)(sizeof items / sizeof items[0]);
	rc = procps_pids_new(&p.info, items, nitems);
	if (rc < 0)
		errx(1, "procps_pids_new: %s", strerror(-rc));
	rc = bench_run(&o, round_proc2, &p);
	procps_pids_unref(&p.info);
	return rc;
}
