/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * watch.h - the event stream with its tasks: struct fks_watch, which
 * watch.c drives and each source (wlive.c, wptrace.c, wbpf.c,
 * wreplay.c; wcgroup.c adds the cgroups) fills, and what wbatch.c gives
 * a source to hand the watch besides its raw events.  A source's own
 * entry points are in its header (wlive.h, ...).  Private to the library.
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

struct fks_watch {
	enum fks_watch_source source;
	struct fks_event raw[RAW_BATCH];	/* the source's last batch */
	size_t nraw, raw_at;
	struct tracker tr;
	char **hkeys, **hvals;	/* the stream's header */
	size_t nheader;
	char error[256];	/* why the last call failed; "" when none */
	int failed;		/* the error that ended a replay (or a
				 * corrupt stream): every later call's */

	/* events waiting to be applied, before the source's next ones */
	struct fks_event *pending;
	size_t npending, pending_at, pending_cap;
	/* what pending events and handed-out items point into: freed when
	 * nothing pending refers to it and a new batch starts */
	struct fks_table **tables;
	size_t ntables;
	char **bufs;
	size_t nbufs;

	/* live sources */
	struct fks_root *root;
	struct fks_events *evs;		/* the connector, or NULL: poll */
	struct exec_name *early;	/* the names of the batch's execs */
	size_t nearly;
	unsigned poll_ms;
	uint64_t next_poll_ns;
	struct poll_entry *prev;	/* the last poll's processes */
	size_t nprev;
	struct wbpf *bpf;		/* the BPF source, or NULL */
	/* why fks_watch_open_live passed over the BPF source, the
	 * connector ("": it did not) */
	char why_not_bpf[256], why_not_connector[256];

	/* replay */
	int rfd;
	unsigned char *rbuf;
	size_t rlen, rat, rcap;
	unsigned long long rrecord;	/* records decoded so far */
	unsigned long long rapplied;	/* and applied to the tracker */
	unsigned long long roffset;	/* file offset of rbuf[0] */
	bool reof;
	int rerror;			/* after the good records: an error */

	/* the ptrace source (wptrace.c) */
	struct wptrace *pt;

	/* each event's cgroup (wcgroup.c), or NULL: not asked for */
	struct wcgroup *cg;

	/* recording */
	int wfd;
	unsigned char *wbuf;
	size_t wlen;
};

/* wbatch.c: what a source hands the watch besides its raw events */
int watch_header_set(struct fks_watch *w, const char *key, const char *val);
int watch_push(struct fks_watch *w, const struct fks_event *ev);
int watch_keep_table(struct fks_watch *w, struct fks_table *tbl);
int watch_keep_buf(struct fks_watch *w, char *buf);
int watch_fail(struct fks_watch *w, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
uint64_t watch_now_ns(void);
/* The stream's header for a live source. */
int watch_set_headers(struct fks_watch *w, const char *source);

#endif
