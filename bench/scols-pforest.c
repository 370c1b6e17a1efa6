/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scols-pforest.c - pforest's listing drawn by util-linux's libsmartcols,
 * for bench/pforest.sh to time against pforest itself (issue #21: keep
 * whichever is measured better).  It does what `pforest -k -o
 * pid,ppid,stat,comm` does up to the output: the same table read, the same
 * cells (fks_column_format, names through fks_escape), every process in
 * the library's forest order; then libsmartcols lays them out:
 *
 *   scols-pforest table   a flat table in pid order (pforest --flat)
 *   scols-pforest tree    the forest, tree art on COMMAND (pforest)
 *   scols-pforest json    the forest as nested JSON (pforest --json)
 *
 * of the live /proc, or of the proc root given after the mode (a
 * snapshot, such as tests/mkchain's deep chain).
 *
 * The cells are escaped already, so libsmartcols' own encoding is off.
 * It exits without freeing what it built.  It is a measuring device, not
 * a second pforest: no options, no selection, no depth caps (libsmartcols
 * has none; docs/BENCHMARKS.md shows what a deep chain costs it).
 */
#include "config.h"

#include <err.h>
#include <langinfo.h>
#include <libsmartcols.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forkscope.h"

static const enum fks_column cols[] = {
	FKS_COL_PID, FKS_COL_PPID, FKS_COL_STAT, FKS_COL_COMM
};
#define NCOLS (sizeof cols / sizeof cols[0])

struct build {
	struct libscols_table *tb;
	const struct fks_table *tbl;
	unsigned esc;
	bool tree;
	struct libscols_line **stack;	/* the line at each depth */
	size_t depth_max;
};

static char *
escaped(const char *s, size_t len, unsigned esc)
{
	char *e = fks_escape(s, len, esc, NULL);

	if (!e)
		err(1, "fks_escape");
	return e;
}

/* The cells of t, as pforest makes them, on a new line under parent. */
static struct libscols_line *
add_line(struct build *b, const struct fks_task *t,
	 struct libscols_line *parent)
{
	struct libscols_line *ln = scols_table_new_line(b->tb, parent);
	char buf[64], *cell;
	size_t c;

	if (!ln)
		err(1, "scols_table_new_line");
	for (c = 0; c < NCOLS; c++) {
		if (cols[c] == FKS_COL_COMM && t->kthread) {
			snprintf(buf, sizeof buf, "[%.*s]", (int)t->comm_len,
				 t->comm);
			cell = escaped(buf, strlen(buf), b->esc);
		} else if (cols[c] == FKS_COL_COMM) {
			cell = escaped(t->comm, t->comm_len, b->esc);
		} else {
			fks_column_format(b->tbl, t, cols[c], buf, sizeof buf);
			cell = escaped(buf, strlen(buf), b->esc);
		}
		if (scols_line_refer_data(ln, c, cell))
			err(1, "scols_line_refer_data");
	}
	return ln;
}

static int
on_process(const struct fks_walk_node *node, const struct fks_walk_pos *pos,
	   void *arg)
{
	struct build *b = arg;
	size_t d = (size_t)pos->depth;

	if (d >= b->depth_max) {
		b->depth_max = 2 * d + 16;
		b->stack = realloc(b->stack, b->depth_max * sizeof *b->stack);
		if (!b->stack)
			err(1, "realloc");
	}
	b->stack[d] = add_line(b, node->task, d > 0 ? b->stack[d - 1] : NULL);
	return 0;
}

int
main(int argc, char **argv)
{
	struct build b = { 0 };
	struct fks_root *root;
	struct fks_table *tbl;
	const struct fks_task *t;
	struct libscols_column *cl;
	unsigned fields = 0;
	bool json, utf8;
	size_t c, i;
	int rc;

	if (argc < 2 || argc > 3 ||
	    (strcmp(argv[1], "table") && strcmp(argv[1], "tree") &&
	     strcmp(argv[1], "json")))
		errx(2, "usage: scols-pforest table|tree|json [PROC_ROOT]");
	b.tree = strcmp(argv[1], "table") != 0;
	json = strcmp(argv[1], "json") == 0;
	setlocale(LC_ALL, "");
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	b.esc = utf8 ? FKS_ESC_UTF8 : 0;

	if ((rc = fks_root_open(argv[2], &root)) < 0)
		errx(1, "%s: %s", argv[2] ? argv[2] : "/proc", strerror(-rc));
	for (c = 0; c < NCOLS; c++)
		fields |= fks_column_info(cols[c])->fields;
	if ((rc = fks_table_read(root, fields, 0, &tbl)) < 0)
		errx(1, "%s: %s", fks_root_path(root), strerror(-rc));
	b.tbl = tbl;

	b.tb = scols_new_table();
	if (!b.tb)
		err(1, "scols_new_table");
	scols_table_enable_noencoding(b.tb, 1);
	/* pforest's art is ASCII off a terminal, as in this bench */
	scols_table_enable_ascii(b.tb, !utf8 || !isatty(STDOUT_FILENO));
	scols_table_enable_json(b.tb, json);
	scols_table_set_name(b.tb, "processes");
	for (c = 0; c < NCOLS; c++) {
		const struct fks_column_info *ci = fks_column_info(cols[c]);
		int flags = ci->left ? 0 : SCOLS_FL_RIGHT;

		if (cols[c] == FKS_COL_COMM && b.tree)
			flags |= SCOLS_FL_TREE;
		cl = scols_table_new_column(b.tb, ci->header, 0, flags);
		if (!cl)
			err(1, "scols_table_new_column");
		if (json && !ci->left)
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
	if (b.tree) {
		struct fks_walk w = { .visit = on_process, .arg = &b };

		if (fks_forest_walk(tbl, &w) < 0)
			errx(1, "fks_forest_walk: out of memory");
	} else {
		for (i = 0; i < fks_table_count(tbl); i++) {
			t = fks_table_at(tbl, i);
			if (!t->is_thread)
				add_line(&b, t, NULL);
		}
	}
	if (scols_print_table(b.tb) != 0)
		errx(1, "scols_print_table failed");
	if (fflush(stdout) != 0)
		err(1, "stdout");
	return 0;
}
