/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * watch.h - the event stream with its tasks: struct fks_watch, which
 * watch.c drives; struct watch_source, the operations through which it
 * calls the one source it holds (the connector and poll in wlive.c,
 * wbpf.c, wptrace.c, wreplay.c: each keeps its own state, opaque to
 * watch.c; wcgroup.c adds the cgroups).  What a source hands the watch
 * besides its raw events is wbatch.h's.  A source's opener is in its
 * header (wlive.h, ...).  Private to the library.
 */
#ifndef FKS_WATCH_H
#define FKS_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "events/tracker.h"
#include "forkscope.h"

#define RAW_BATCH 64		/* events read from a source at once */

/* The bytes of a name an event keeps: its comm less the NUL after them. */
#define EV_COMM_MAX (sizeof ((struct fks_event *)0)->comm - 1)

/*
 * A source's operations.  Each source's file defines its table (wlive.c
 * the connector's and the poll's, wbpf.c, wptrace.c, wreplay.c) and its
 * opener (wconn_open, wpoll_open, wbpf_open, ...) sets w->ops and w->src, the source's own state,
 * which only its file reads.  watch.c calls these and nothing else of a
 * source once it is open.  An operation a source has none of is NULL:
 * watch.c then does what each says.
 */
struct watch_source {
	const char *name;	/* the "source" header of the stream */
	/*
	 * The source's next events: at most max into ev, or pushed
	 * (watch_push), waiting up to timeout_ms (0: not at all, -1: for
	 * ever) when it has none.  fresh: nothing has been handed out yet
	 * in this call of fks_watch_next, so what earlier batches point into
	 * may move (a replay reads on only then).  Returns 0 with *n events
	 * in ev (0 or more), -ENODATA at the end of the stream, or a
	 * negative errno.  NULL: -ENODATA (no source).
	 */
	int (*fill)(struct fks_watch *w, struct fks_event *ev, size_t max,
		    int timeout_ms, bool fresh, size_t *n);
	/* The fd to poll (fks_watch_fd); NULL: -1. */
	int (*fd)(const struct fks_watch *w);
	/* Events lost so far (fks_watch_lost); NULL: 0. */
	unsigned long long (*lost)(const struct fks_watch *w);
	/* For a source without an fd, the ms until it has something to do
	 * (fks_watch_due_ms), and making that now (fks_watch_poll_now);
	 * NULL: -1, and nothing. */
	int (*due_ms)(const struct fks_watch *w);
	void (*poll_now)(struct fks_watch *w);
	/* Pushes what /proc says after an event of a type in `follows`
	 * (FKS_EV_BIT), just applied; NULL with follows 0: nothing. */
	int (*follow)(struct fks_watch *w, const struct fks_watch_item *it);
	unsigned follows;
	/* Frees w->src (never NULL when this is called). */
	void (*free)(struct fks_watch *w);
	/*
	 * Its events are a record's, as they were recorded: with their
	 * cgroups (none looked up).  Any error ends the stream, every later
	 * call returning it, and an event the tracker could not apply is
	 * named by its record ("record N: ...").
	 */
	bool recorded;
};

struct fks_watch {
	/* which source runs (after a failed open: which was tried last) */
	enum fks_watch_source source;
	const struct watch_source *ops;	/* its operations: never NULL */
	void *src;			/* its state (opaque here), or NULL */
	struct fks_event raw[RAW_BATCH];	/* the source's last batch */
	size_t nraw, raw_at;
	struct tracker tr;
	char **hkeys, **hvals;	/* the stream's header */
	size_t nheader;
	char error[256];	/* why the last call failed; "" when none */
	int failed;		/* the error that ended a replay (or a
				 * corrupt stream): every later call's */
	unsigned long long applied;	/* events applied to the tracker:
					 * a replay's records */

	/* events waiting to be applied, before the source's next ones */
	struct fks_event *pending;
	size_t npending, pending_at, pending_cap;
	/* what pending events and handed-out items point into: freed when
	 * nothing pending refers to it and a new batch starts */
	struct fks_table **tables;
	size_t ntables;
	char **bufs;
	size_t nbufs;

	/* the live /proc of the live sources and of the cgroups */
	struct fks_root *root;
	/* why fks_watch_open_live passed over the BPF source, the
	 * connector ("": it did not) */
	char why_not_bpf[256], why_not_connector[256];

	/* each event's cgroup (wcgroup.c), or NULL: not asked for */
	struct wcgroup *cg;

	/* recording */
	int wfd;
	unsigned char *wbuf;
	size_t wlen;
};

#endif
