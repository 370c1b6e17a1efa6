/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wproc.c - what a live source (the connector and the poll source in
 * wlive.c, the BPF source in wbpf.c) reads of /proc to follow an event:
 * where an exit's orphans went, the tasks after a loss, and the tasks it
 * starts from.  All of it through root.c; what it learns is pushed as
 * events (wbatch.c), so a replay needs no /proc.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events/watch.h"
#include "events/wbatch.h"
#include "events/wproc.h"

#define READ_FIELDS (FKS_F_STAT | FKS_F_OWNER | FKS_F_CMDLINE)

uint64_t
wproc_ticks_to_ns(const struct fks_watch *w, unsigned long long ticks)
{
	long hz = fks_root_clk_tck(w->root);

	return hz > 0 ? ticks / (unsigned long long)hz * 1000000000u +
			ticks % (unsigned long long)hz * 1000000000u /
			(unsigned long long)hz
		      : 0;
}

void
wproc_task_event(struct fks_watch *w, const struct fks_task *t,
		 uint64_t now, struct fks_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->type = FKS_EV_TASK;
	ev->time_ns = now;
	ev->pid = t->tid;
	ev->tgid = t->tgid;
	ev->parent_tgid = t->ppid;
	ev->euid = t->known & FKS_K_OWNER ? t->euid : (uid_t)-1;
	ev->start_ns = wproc_ticks_to_ns(w, t->start_ticks);
	ev->state = t->state_char;
	if (t->kthread)
		ev->flags |= FKS_EVF_KTHREAD;
	memcpy(ev->comm, t->comm,
	       t->comm_len < EV_COMM_MAX ? t->comm_len : EV_COMM_MAX);
	if (t->known & FKS_K_CMDLINE) {
		ev->cmdline = t->cmdline;
		ev->cmdline_len = t->cmdline_len;
	}
}

int
wproc_read(struct fks_watch *w, struct fks_table **out)
{
	int rc = fks_table_read(w->root, READ_FIELDS, 0, out);

	if (rc < 0)
		return watch_fail(w, rc, "cannot read %s: %s",
				  fks_root_path(w->root), fks_strerror(rc));
	return watch_keep_table(w, *out);
}

int
wproc_push_resync(struct fks_watch *w, const struct fks_table *tbl)
{
	struct fks_event ev;
	uint64_t now = watch_now_ns();
	size_t i, n = fks_table_count(tbl);
	int rc;

	memset(&ev, 0, sizeof ev);
	ev.type = FKS_EV_RESYNC;
	ev.time_ns = now;
	ev.lost = n;
	rc = watch_push(w, &ev);
	for (i = 0; rc == 0 && i < n; i++) {
		wproc_task_event(w, fks_table_at(tbl, i), now, &ev);
		rc = watch_push(w, &ev);
	}
	return rc;
}

int
wproc_resync(struct fks_watch *w)
{
	struct fks_table *tbl;
	int rc = wproc_read(w, &tbl);

	return rc < 0 ? rc : wproc_push_resync(w, tbl);
}

/*
 * The BPF source tells an exit at sched_process_exit, before the kernel
 * hands the task's children on (exit_notify), where the connector tells
 * it after: until the task is a zombie or gone, /proc still names it their
 * parent.  Waits for that, 100 ms at most (what comes between is the
 * closing of its files and namespaces, which may block).
 */
static void
wait_exit_notified(struct fks_watch *w, pid_t pid)
{
	const struct timespec tick = { 0, 500000 };
	struct fks_task t;
	const char *why;
	char rel[32], *buf;
	size_t len, full;
	bool done;
	int i;

	snprintf(rel, sizeof rel, "%d/stat", (int)pid);
	for (i = 0; i < 200; i++) {
		if (fks_root_read_file(w->root, rel, 4096, &buf, &len,
				       &full) < 0)
			return;	/* gone: reaped, or a thread's end */
		memset(&t, 0, sizeof t);
		done = fks_parse_stat(buf, len, &t, &why) < 0 ||
		       t.state_char == 'Z' || t.state_char == 'X';
		free(buf);
		if (done)
			return;
		nanosleep(&tick, NULL);
	}
}

int
wproc_orphans(struct fks_watch *w, const struct fks_event *exit,
	      bool told_early)
{
	struct fks_event ev;
	struct fks_task t;
	const char *why;
	char rel[32], *buf;
	size_t i, len, full;
	int rc = 0;

	if (!w->tr.norphans)
		return 0;
	if (told_early)
		wait_exit_notified(w, exit->pid);
	for (i = 0; rc == 0 && i < w->tr.norphans; i++) {
		snprintf(rel, sizeof rel, "%d/stat", (int)w->tr.orphans[i]);
		if (fks_root_read_file(w->root, rel, 4096, &buf, &len,
				       &full) < 0)
			continue;
		memset(&t, 0, sizeof t);
		if (fks_parse_stat(buf, len, &t, &why) == 0) {
			memset(&ev, 0, sizeof ev);
			ev.type = FKS_EV_REPARENT;
			ev.time_ns = exit->time_ns;
			ev.pid = ev.tgid = w->tr.orphans[i];
			ev.parent_pid = ev.parent_tgid = t.ppid;
			/* its name now: it may have exec'd since the fork
			 * whose name it was given, before this exit's event
			 * was read (its EXEC comes later in the stream) */
			memcpy(ev.comm, t.comm, t.comm_len < EV_COMM_MAX ?
			       t.comm_len : EV_COMM_MAX);
			rc = watch_push(w, &ev);
		}
		free(buf);
	}
	return rc;
}
