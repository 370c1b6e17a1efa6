/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * watch.c - the event stream with its tasks: the one loop that every
 * source feeds (the BPF source in wbpf.c, the connector and the poll
 * source in wlive.c, ptrace in wptrace.c, a record in wreplay.c) and that
 * applies each event to the tracker, records it, and hands it out with
 * its context.  A live watch's source is picked here (open_live_source:
 * BPF, then the connector, then polling); what the live sources read of
 * /proc after an event is wproc.c's.  A watch holds one source, opened by
 * its file's opener and then called only through its operations
 * (struct watch_source, watch.h).  What the sources hand it (pushed
 * events, kept buffers, an error, the headers) goes through wbatch.c,
 * so no source calls back into this file.
 *
 * What a live source learns from /proc after an event (a new name after
 * exec, an orphan's new parent, the tasks after a loss) is itself an event,
 * pushed to run right after the one that caused it.  So a record holds all
 * the watcher knew, and a replay runs exactly the same steps without any
 * /proc.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events/tracker.h"
#include "events/watch.h"
#include "events/wbatch.h"
#include "events/wcgroup.h"
#include "events/wbpf.h"
#include "events/wlive.h"
#include "events/wproc.h"
#include "events/wptrace.h"
#include "events/wreplay.h"

#define KEEP_EXITED 65536	/* exited processes remembered (zombies) */
/* The kernel's event types the BPF source tells (FKS_EV_BIT). */
#define BPF_TYPES (FKS_EV_BIT(FKS_EV_FORK) | FKS_EV_BIT(FKS_EV_CLONE) | \
	FKS_EV_BIT(FKS_EV_EXEC) | FKS_EV_BIT(FKS_EV_EXIT) |                 \
	FKS_EV_BIT(FKS_EV_COMM))

const char *
fks_watch_header(const struct fks_watch *w, const char *key)
{
	size_t i;

	for (i = 0; i < w->nheader; i++)
		if (strcmp(w->hkeys[i], key) == 0)
			return w->hvals[i];
	return NULL;
}

/* Frees what pending events, and the source's batch, pointed into, once
 * none of them is left. */
static void
release_batch(struct fks_watch *w)
{
	size_t i;

	if (w->pending_at < w->npending || w->raw_at < w->nraw)
		return;
	w->npending = w->pending_at = 0;
	for (i = 0; i < w->ntables; i++)
		fks_table_free(w->tables[i]);
	w->ntables = 0;
	for (i = 0; i < w->nbufs; i++)
		free(w->bufs[i]);
	w->nbufs = 0;
}

/* What a watch runs before a source opens, and after it is closed: a
 * stream that has ended. */
static const struct watch_source no_source = { .name = "none" };

static struct fks_watch *
watch_new(void)
{
	struct fks_watch *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	tracker_init(&w->tr);
	w->ops = &no_source;
	w->wfd = -1;
	return w;
}

/* Frees the source's state; the watch keeps which source it was. */
static void
close_source(struct fks_watch *w)
{
	if (w->src && w->ops->free)
		w->ops->free(w);
	w->src = NULL;
	w->ops = &no_source;
}

/*
 * The BPF source, where it can run and tells the types asked for.
 * Returns 1 when it runs, 0 when another source may be tried (the reason
 * kept in why_not_bpf), or a negative errno.
 */
static int
open_bpf(struct fks_watch *w, unsigned sources, unsigned types)
{
	char why[sizeof w->why_not_bpf];
	int rc;

	if (types & ~BPF_TYPES) {
		rc = -EOPNOTSUPP;
		snprintf(why, sizeof why, "it does not see uid, gid, sid, "
			 "ptrace or coredump events");
	} else {
		rc = wbpf_open(w, why, sizeof why);
	}
	if (rc == 0)
		return 1;
	if (rc == -ENOMEM || !(sources & ~WS_BIT(FKS_WS_BPF)))
		return watch_fail(w, rc, "cannot use the BPF source: %s", why);
	snprintf(w->why_not_bpf, sizeof w->why_not_bpf, "%s", why);
	return 0;
}

/*
 * Opens the first of `sources` that runs here (w->ops, w->src), in the
 * order BPF, connector, poll, keeping why each passed over did not run;
 * then pushes the tasks present as a resync.  0, or a negative errno with
 * the reason given (watch_fail).
 */
static int
open_live_source(struct fks_watch *w, unsigned sources, unsigned types,
		 unsigned poll_ms)
{
	struct fks_table *tbl;
	int rc = 0;

	if (fks_root_is_snapshot(w->root))
		return watch_fail(w, -EINVAL, "%s is a snapshot, not a live "
				  "/proc", fks_root_path(w->root));
	/* subscribe first: nothing falls between the read and it */
	if (sources & WS_BIT(FKS_WS_BPF)) {
		w->source = FKS_WS_BPF;
		rc = open_bpf(w, sources, types);
	}
	if (rc == 0 && sources & WS_BIT(FKS_WS_CONNECTOR)) {
		w->source = FKS_WS_CONNECTOR;
		rc = wconn_open(w, sources, types);
	}
	if (rc < 0)
		return rc;
	if (rc == 0) {
		w->source = FKS_WS_POLL;
		rc = wpoll_open(w, poll_ms);
		if (rc < 0)
			return rc;
	}
	rc = watch_set_headers(w, w->ops->name);
	if (rc == 0)
		rc = wproc_read(w, &tbl);
	if (rc == 0)
		rc = wproc_push_resync(w, tbl);
	if (rc == 0 && w->source == FKS_WS_POLL)
		rc = wpoll_start(w, tbl);
	return rc;
}

static int
open_live(struct fks_root *root, unsigned sources, unsigned types,
	  unsigned poll_ms, struct fks_watch **out)
{
	struct fks_watch *w = watch_new();
	int rc;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->root = root;
	rc = open_live_source(w, sources, types, poll_ms);
	if (rc < 0)
		close_source(w);	/* only the error stays, for the caller */
	*out = w;
	return rc;
}

int
fks_watch_open_ptrace(struct fks_root *root, pid_t pid, struct fks_watch **out)
{
	struct fks_watch *w = watch_new();
	int rc;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->root = root;
	rc = wptrace_open(w, pid);
	if (rc < 0)
		close_source(w);	/* only the error stays, for the caller */
	*out = w;
	return rc;
}

int
fks_watch_open_live(struct fks_root *root, unsigned types, unsigned poll_ms,
		    bool allow_poll, struct fks_watch **out)
{
	unsigned sources = WS_BIT(FKS_WS_BPF) | WS_BIT(FKS_WS_CONNECTOR);

	if (poll_ms)
		sources = WS_BIT(FKS_WS_POLL);
	else if (allow_poll)
		sources |= WS_BIT(FKS_WS_POLL);
	return open_live(root, sources, types, poll_ms, out);
}

int
fks_watch_open_source(struct fks_root *root, enum fks_watch_source source,
		      unsigned types, unsigned poll_ms,
		      struct fks_watch **out)
{
	*out = NULL;
	if (source != FKS_WS_BPF && source != FKS_WS_CONNECTOR &&
	    source != FKS_WS_POLL)
		return -EINVAL;
	return open_live(root, WS_BIT(source), types, poll_ms, out);
}

const char *
fks_watch_why_not(const struct fks_watch *w, enum fks_watch_source source)
{
	const char *why = source == FKS_WS_BPF ? w->why_not_bpf
			: source == FKS_WS_CONNECTOR ? w->why_not_connector
						     : "";

	return why[0] ? why : NULL;
}

int
fks_watch_open_replay(const char *path, struct fks_watch **out)
{
	struct fks_watch *w = watch_new();
	int rc;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->source = FKS_WS_REPLAY;
	rc = wreplay_open(w, path);
	if (rc < 0)
		close_source(w);
	*out = w;	/* on an error, too: it holds fks_watch_error() */
	return rc;
}

void
fks_watch_free(struct fks_watch *w)
{
	size_t i;

	if (!w)
		return;
	if (w->wfd >= 0)
		(void)wrecord_flush(w);
	close_source(w);
	wcgroup_free(w);
	free(w->wbuf);
	w->pending_at = w->npending;
	release_batch(w);
	free(w->pending);
	free(w->tables);
	free(w->bufs);
	for (i = 0; i < w->nheader; i++) {
		free(w->hkeys[i]);
		free(w->hvals[i]);
	}
	free(w->hkeys);
	free(w->hvals);
	tracker_free(&w->tr);
	free(w);
}

enum fks_watch_source
fks_watch_source(const struct fks_watch *w)
{
	return w->source;
}

int
fks_watch_fd(const struct fks_watch *w)
{
	return w->ops->fd ? w->ops->fd(w) : -1;
}

int
fks_watch_due_ms(const struct fks_watch *w)
{
	return w->ops->due_ms ? w->ops->due_ms(w) : -1;
}

void
fks_watch_poll_now(struct fks_watch *w)
{
	if (w->ops->poll_now)
		w->ops->poll_now(w);
}

const char *
fks_watch_error(const struct fks_watch *w)
{
	return w->error[0] ? w->error : NULL;
}

const struct fks_wtask *
fks_watch_find(const struct fks_watch *w, pid_t pid)
{
	return tracker_find(&w->tr, pid);
}

int
fks_watch_mark(struct fks_watch *w, pid_t pid, unsigned marks)
{
	return tracker_mark(&w->tr, pid, marks, false);
}

int
fks_watch_mark_next(struct fks_watch *w, pid_t pid, unsigned marks)
{
	return tracker_mark(&w->tr, pid, marks, true);
}

void
fks_watch_each(const struct fks_watch *w,
	       void (*fn)(const struct fks_wtask *t, void *arg), void *arg)
{
	tracker_each(&w->tr, fn, arg);
}

unsigned long long
fks_watch_lost(const struct fks_watch *w)
{
	return w->ops->lost ? w->ops->lost(w) : 0;
}

int
fks_watch_set_fields(struct fks_watch *w, unsigned fields)
{
	if (fields & ~(unsigned)FKS_F_CGROUP)
		return -EINVAL;
	/* a replay gives what was recorded */
	if (!(fields & FKS_F_CGROUP) || w->ops->recorded)
		return 0;
	return wcgroup_open(w);
}

int
fks_watch_record(struct fks_watch *w, int fd)
{
	return wrecord_start(w, fd);
}

/*
 * The tracker could not apply an event (out of memory): a replay (whose
 * events are recorded) says at which record it stopped, the first not handed out (a decoding or read
 * error names its record in wreplay.c).  Returns rc.
 */
static int
apply_failed(struct fks_watch *w, int rc)
{
	if (!w->ops->recorded)
		return rc;
	w->failed = rc;
	return watch_fail(w, rc, "record %llu: %s", w->applied + 1,
			  strerror(-rc));
}

/* Fills the source's batch when it is used up; 0 events is no error. */
static int
refill(struct fks_watch *w, int timeout_ms, bool first)
{
	size_t n = 0;
	int rc;

	w->nraw = w->raw_at = 0;
	if (!w->ops->fill)
		return -ENODATA;
	/* one wait at most: handed-out items are not held back for more */
	rc = w->ops->fill(w, w->raw, RAW_BATCH, first ? timeout_ms : 0, first,
			  &n);
	w->nraw = n;
	return rc;
}

int
fks_watch_next(struct fks_watch *w, struct fks_watch_item *items,
	       size_t max, int timeout_ms, size_t *np)
{
	struct fks_watch_item *it;
	struct fks_event ev;
	bool refilled = false;
	size_t n = 0;
	int rc = 0;

	*np = 0;
	if (w->failed)
		return w->failed;
	w->error[0] = '\0';
	tracker_flush(&w->tr);
	release_batch(w);
	if (tracker_trim(&w->tr, KEEP_EXITED) < 0)
		return apply_failed(w, -ENOMEM);
	while (n < max) {
		if (w->pending_at < w->npending) {
			ev = w->pending[w->pending_at];
		} else if (w->raw_at < w->nraw) {
			ev = w->raw[w->raw_at];
		} else if (!refilled) {
			refilled = true;
			rc = refill(w, timeout_ms, n == 0);
			if (rc < 0 && !(rc == -ENODATA && n > 0))
				break;
			rc = 0;
			continue;
		} else {
			break;
		}
		/* an exec (or a polled fork) and the name read after it
		 * share a batch */
		if ((ev.type == FKS_EV_EXEC || (ev.type == FKS_EV_FORK &&
						ev.flags & FKS_EVF_APPROX)) &&
		    n + 1 == max && n > 0)
			break;
		if (w->pending_at < w->npending)
			w->pending_at++;
		else
			w->raw_at++;
		it = &items[n];
		if (w->cg && (rc = wcgroup_fill(w, &ev)) < 0)
			break;
		rc = tracker_apply(&w->tr, &ev, it);
		if (rc < 0) {
			/* an item half made is not handed out */
			apply_failed(w, rc);
			break;
		}
		n++;
		w->applied++;
		if (w->wfd >= 0)
			rc = wrecord_event(w, &ev);
		if (rc == 0 && w->ops->follows & FKS_EV_BIT(it->ev.type))
			rc = w->ops->follow(w, it);
		if (rc < 0)
			break;
		/* the tasks of a resync end a batch, so that a caller can mark
		 * one of them before any later event is applied */
		if (ev.type == FKS_EV_TASK && w->tr.resync_left == 0)
			break;
	}
	if (w->wfd >= 0 && rc == 0)
		rc = wrecord_flush(w);
	/* a corrupt stream, or any error of a replay, ends it: every
	 * later call returns the error */
	if (rc == -EBADMSG ||
	    (rc < 0 && rc != -ENODATA && w->ops->recorded))
		w->failed = rc;
	*np = n;
	/* what came before the error is handed out first */
	if (w->failed && n > 0)
		return 0;
	return rc;
}
