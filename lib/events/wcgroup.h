/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wcgroup.h - each event's cgroup (wcgroup.c), for
 * fks_watch_set_fields(FKS_F_CGROUP): called by watch.c.  Private to the
 * library.
 */
#ifndef FKS_WCGROUP_H
#define FKS_WCGROUP_H

#include "forkscope.h"

int wcgroup_open(struct fks_watch *w);
/* Sets ev's cgroup where it concerns a task and is not set yet.
 * Returns 0 (unknown is no error) or -ENOMEM. */
int wcgroup_fill(struct fks_watch *w, struct fks_event *ev);
void wcgroup_free(struct fks_watch *w);

#endif
