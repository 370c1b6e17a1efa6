/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * group.c - the partition behind pforest --by and forktop's groups (see
 * group.h).  The values are sorted once (by value, then where the walk
 * met each item), so each item is numbered with its group in one pass;
 * the groups are then ordered by their first item.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "group.h"

struct sort_ctx {
	char *const *value;
	const size_t *seen;
};

/* By value, then in the forest's order. */
static int
cmp_by_value(const void *x, const void *y, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int r = strcmp(c->value[i], c->value[j]);

	if (r)
		return r;
	return (c->seen[i] > c->seen[j]) - (c->seen[i] < c->seen[j]);
}

/* The groups by the place of their first item in the forest. */
static int
cmp_seen(const void *x, const void *y, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;

	return (c->seen[i] > c->seen[j]) - (c->seen[i] < c->seen[j]);
}

void
groups_make(char *const *value, const size_t *seen, size_t n,
	    struct groups *g)
{
	struct sort_ctx c = { value, seen };
	size_t *idx = xmalloc((n + 1) * sizeof *idx), *rank, i, k, nv = 0;

	memset(g, 0, sizeof *g);
	g->of = xmalloc((n + 1) * sizeof *g->of);
	g->first = xmalloc((n + 1) * sizeof *g->first);
	for (i = 0; i < n; i++) {
		g->of[i] = GROUP_NONE;
		if (value[i])
			idx[nv++] = i;
	}
	qsort_r(idx, nv, sizeof *idx, cmp_by_value, &c);
	/* numbered in value order first, renumbered in walk order below */
	for (i = 0; i < nv; i++) {
		if (i == 0 || strcmp(value[idx[i]], value[idx[i - 1]]))
			g->first[g->n++] = idx[i];
		g->of[idx[i]] = g->n - 1;
	}
	qsort_r(g->first, g->n, sizeof *g->first, cmp_seen, &c);
	rank = xmalloc((g->n + 1) * sizeof *rank);
	for (k = 0; k < g->n; k++)
		rank[g->of[g->first[k]]] = k;
	for (i = 0; i < nv; i++)
		g->of[idx[i]] = rank[g->of[idx[i]]];
	g->value = xmalloc((g->n + 1) * sizeof *g->value);
	for (k = 0; k < g->n; k++)
		g->value[k] = xstrdup(value[g->first[k]]);
	free(rank);
	free(idx);
}

void
groups_free(struct groups *g)
{
	size_t k;

	for (k = 0; k < g->n; k++)
		free(g->value[k]);
	free(g->value);
	free(g->first);
	free(g->of);
	memset(g, 0, sizeof *g);
}

/* A place: its names carry systemd's escapes (\x2d), shown as ps and
 * systemctl show them, a backslash as it is. */
static bool
own_escapes(enum fks_column col)
{
	return col == FKS_COL_CGROUP || col == FKS_COL_UNIT ||
	       col == FKS_COL_SLICE || col == FKS_COL_UUNIT ||
	       col == FKS_COL_CONTAINER;
}

char *
column_cell(const struct fks_table *tbl, const struct fks_task *t,
	    enum fks_column col, unsigned esc)
{
	char buf[8192];		/* a cgroup list is as long as its paths */

	fks_column_format(tbl, t, col, buf, sizeof buf);
	return xescape(buf, strlen(buf), esc | (own_escapes(col) ?
					FKS_ESC_BACKSLASH : 0), NULL);
}
