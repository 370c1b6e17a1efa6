/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tracker.h - the tasks as events reveal them (tracker.c, pure): the
 * watch (watch.c) applies each event to its tracker and hands out the
 * tasks it holds.  Private to the library.
 */
#ifndef FKS_TRACKER_H
#define FKS_TRACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "forkscope.h"

struct node;
struct wanted {			/* marks for a task not seen yet */
	pid_t pid;
	unsigned marks;
};
struct tracker {
	struct node **chunks;	/* CHUNK nodes each, never moved */
	uint32_t nnodes;	/* nodes ever made */
	uint32_t *buckets, nbuckets;	/* hash on pid, chained by index */
	uint32_t free_head;	/* reusable nodes */
	uint32_t retired;	/* nodes to reuse after the batch */
	size_t nused, nexited;
	unsigned long long resync_left;	/* task events still to come */
	struct fks_wtask last_retired;	/* a copy of the last task retired */
	char **old;		/* command lines replaced during the batch */
	size_t nold, old_cap;
	struct wanted *wanted;
	size_t nwanted;
	pid_t *orphans;		/* the children the last exit left */
	size_t norphans, orphans_cap;
};

void tracker_init(struct tracker *tr);
void tracker_free(struct tracker *tr);
/* Applies one event, filling the item (its pointers valid until flush). */
int tracker_apply(struct tracker *tr, const struct fks_event *ev,
		  struct fks_watch_item *it);
/* Makes the nodes retired during the last batch reusable. */
void tracker_flush(struct tracker *tr);
const struct fks_wtask *tracker_find(const struct tracker *tr, pid_t pid);
int tracker_mark(struct tracker *tr, pid_t pid, unsigned marks, bool next);
void tracker_each(const struct tracker *tr,
		  void (*fn)(const struct fks_wtask *t, void *arg), void *arg);
int tracker_trim(struct tracker *tr, size_t keep);

#endif
