/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * place.h - selecting tasks by where they run, as pforest's and
 * forkwatch's --unit, --container and --cgroup take them (place.c), and
 * the labels their JSON shows for a place.
 */
#ifndef FKS_PLACE_H
#define FKS_PLACE_H

#include <stdbool.h>
#include <stddef.h>
#include "forkscope.h"

/* Is p's system unit or user unit one of units, or NAME.service for a
 * NAME given without a dot? */
bool place_unit_listed(const struct fks_place *p, char *const *units,
		       size_t n);
/* Is p in one of ids: a prefix of its 64-digit id, as docker takes one,
 * or its name (lxc, machine) whole? */
bool place_container_listed(const struct fks_place *p, char *const *ids,
			    size_t n);
/*
 * Checks a --cgroup value: an absolute path in the unified hierarchy, as
 * /proc/PID/cgroup shows it; a final '/' is dropped (in place).  A usage
 * error (exit 2) naming it when it is not one.
 */
void cgroup_arg_check(char *path);
/* Is the cgroup path[0, len) top itself or under it? */
bool cgroup_under(const char *path, size_t len, const char *top);
/*
 * p's labels as reapcheck and forkwatch show them, escaped with the
 * fks_escape flags esc: its unit (the user's unit when it runs in a
 * user's systemd, else the system's) and its container as RUNTIME:ID12
 * or RUNTIME:NAME; "" for none.
 */
void place_labels(const struct fks_place *p, unsigned esc, char *unit,
		  char *container, size_t size);

#endif
