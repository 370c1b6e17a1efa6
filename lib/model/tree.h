/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tree.h - the process forest of a table (tree.c), built once its tasks
 * are read (read.c).  Private to the library.
 */
#ifndef FKS_TREE_H
#define FKS_TREE_H

struct fks_table;

/* Builds the forest over the table's processes, in the arrays
 * table_build_index allocated.  Returns 0 or -ENOMEM. */
int forest_build(struct fks_table *tbl);

#endif
