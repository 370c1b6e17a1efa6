/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wbatch.c - what a watch source hands to the watch (watch.c) besides its
 * batch of raw events: events it learnt from /proc after one (pushed to
 * run right after it), the tables and buffers those point into (kept
 * until the batch is handed out), its error, and the stream's headers.
 * Sources and watch.c both call these; these call neither.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "events/watch.h"
#include "events/wbatch.h"

uint64_t
watch_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
watch_fail(struct fks_watch *w, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->error, sizeof w->error, fmt, ap);
	va_end(ap);
	return rc;
}

int
watch_header_set(struct fks_watch *w, const char *key, const char *val)
{
	char **k, **v;

	k = realloc(w->hkeys, (w->nheader + 1) * sizeof *k);
	if (!k)
		return -ENOMEM;
	w->hkeys = k;
	v = realloc(w->hvals, (w->nheader + 1) * sizeof *v);
	if (!v)
		return -ENOMEM;
	w->hvals = v;
	k[w->nheader] = strdup(key);
	v[w->nheader] = strdup(val);
	if (!k[w->nheader] || !v[w->nheader]) {
		free(k[w->nheader]);
		free(v[w->nheader]);
		return -ENOMEM;
	}
	w->nheader++;
	return 0;
}

/* The header of a live stream: when and where it was made, by which
 * source. */
int
watch_set_headers(struct fks_watch *w, const char *source)
{
	struct utsname u;
	struct timespec rt;
	char num[32];
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &rt);
	snprintf(num, sizeof num, "%llu",
		 (unsigned long long)rt.tv_sec * 1000000000u +
		 (unsigned long long)rt.tv_nsec);
	rc |= watch_header_set(w, "start_realtime_ns", num);
	snprintf(num, sizeof num, "%llu", (unsigned long long)watch_now_ns());
	rc |= watch_header_set(w, "start_monotonic_ns", num);
	if (uname(&u) == 0) {
		rc |= watch_header_set(w, "host", u.nodename);
		rc |= watch_header_set(w, "kernel", u.release);
	}
	rc |= watch_header_set(w, "source", source);
	rc |= watch_header_set(w, "version", FKS_VERSION);
	return rc ? -ENOMEM : 0;
}

int
watch_push(struct fks_watch *w, const struct fks_event *ev)
{
	struct fks_event *grown;
	size_t cap;

	if (w->npending == w->pending_cap) {
		cap = w->pending_cap ? w->pending_cap * 2 : 64;
		grown = realloc(w->pending, cap * sizeof *grown);
		if (!grown)
			return -ENOMEM;
		w->pending = grown;
		w->pending_cap = cap;
	}
	w->pending[w->npending++] = *ev;
	return 0;
}

int
watch_keep_table(struct fks_watch *w, struct fks_table *tbl)
{
	struct fks_table **grown;

	grown = realloc(w->tables, (w->ntables + 1) * sizeof *grown);
	if (!grown) {
		fks_table_free(tbl);
		return -ENOMEM;
	}
	w->tables = grown;
	w->tables[w->ntables++] = tbl;
	return 0;
}

int
watch_keep_buf(struct fks_watch *w, char *buf)
{
	char **grown;

	grown = realloc(w->bufs, (w->nbufs + 1) * sizeof *grown);
	if (!grown) {
		free(buf);
		return -ENOMEM;
	}
	w->bufs = grown;
	w->bufs[w->nbufs++] = buf;
	return 0;
}
