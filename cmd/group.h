/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * group.h - processes in groups of one value, one forest per group, as
 * pforest --by prints them and forktop's b key shows them (group.c): the
 * partition and the values; each command walks each group's forest
 * itself.
 */
#ifndef FKS_GROUP_H
#define FKS_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include "forkscope.h"

#define GROUP_NONE ((size_t)-1)

struct groups {
	size_t n;		/* groups */
	char **value;		/* each group's value, in order */
	size_t *first;		/* each group's first item met */
	size_t *of;		/* each item's group, GROUP_NONE for none */
};

/*
 * Partitions items 0 to n-1 by value: value[i] is item i's (NULL: in no
 * group), seen[i] where the forest's walk met it.  The groups come in the
 * order their first item was met (the host's first, under pid 1).  g's
 * values are copies: value stays the caller's.
 */
void groups_make(char *const *value, const size_t *seen, size_t n,
		 struct groups *g);
void groups_free(struct groups *g);

/*
 * Column col of task t as text (comm and args aside, which a command
 * shows its own way): the library's value escaped with esc, a place's
 * names (cgroup, unit, slice, uunit, container) keeping their backslash
 * escapes as ps shows them.  pforest's cells, forktop's columns and both
 * commands' group values.  The caller frees it.
 */
char *column_cell(const struct fks_table *tbl, const struct fks_task *t,
		  enum fks_column col, unsigned esc);

#endif
