/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-events.c - fork and exit counts between forktop's refreshes,
 * from the event stream (see forktop-events.h).  It counts and forgets:
 * the tree itself always comes from /proc.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "forktop-events.h"

#define BATCH 256
#define MAX_BATCHES 16	/* per drain: the keys come first */

struct tevents {
	struct fks_watch *w;
	struct fks_watch_item *items;
	struct tev_counts now;
	uint64_t since_ns;	/* CLOCK_MONOTONIC: the interval's start */
	unsigned long long lost0;
};

struct tevents *
tev_open(struct fks_root *root, char *why, size_t size)
{
	struct tevents *t = xmalloc(sizeof *t);
	int rc;

	memset(t, 0, sizeof *t);
	rc = fks_watch_open_live(root, FKS_EV_BIT(FKS_EV_FORK) |
				 FKS_EV_BIT(FKS_EV_EXIT), 0, false, &t->w);
	if (rc < 0) {
		snprintf(why, size, "%s", t->w && fks_watch_error(t->w)
			 ? fks_watch_error(t->w) : strerror(-rc));
		tev_free(t);
		return NULL;
	}
	t->items = xmalloc(BATCH * sizeof *t->items);
	t->since_ns = mono_ns();
	return t;
}

void
tev_free(struct tevents *t)
{
	if (!t)
		return;
	if (t->w)
		fks_watch_free(t->w);
	free(t->items);
	free(t);
}

int
tev_fd(const struct tevents *t)
{
	return fks_watch_fd(t->w);
}

const struct fks_watch *
tev_watch(const struct tevents *t)
{
	return t->w;
}

static void
count(struct tevents *t, const struct fks_watch_item *it)
{
	const struct fks_event *ev = &it->ev;

	if (ev->type == FKS_EV_FORK && ev->pid == ev->tgid) {
		t->now.forks++;
	} else if (ev->type == FKS_EV_EXIT && ev->pid == ev->tgid) {
		t->now.exits++;
		/* forked since the last table, gone before the next: only
		 * the events know it was there */
		if (it->known && (it->task.flags & FKS_WT_EXACT_START) &&
		    it->task.start_ns >= t->since_ns)
			t->now.brief++;
	}
}

size_t
tev_drain(struct tevents *t)
{
	size_t n, i, b, all = 0;

	for (b = 0; b < MAX_BATCHES; b++) {
		if (fks_watch_next(t->w, t->items, BATCH, 0, &n) < 0 || !n)
			break;
		for (i = 0; i < n; i++)
			count(t, &t->items[i]);
		all += n;
	}
	return all;
}

void
tev_take(struct tevents *t, struct tev_counts *out)
{
	unsigned long long lost = fks_watch_lost(t->w);

	*out = t->now;
	out->lost = lost - t->lost0;
	t->lost0 = lost;
	memset(&t->now, 0, sizeof t->now);
	t->since_ns = mono_ns();
}
