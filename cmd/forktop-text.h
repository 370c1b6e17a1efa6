/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-text.h - the text forktop shows, as plain strings: the columns
 * and tree of a row, the header, the details of one task, the help.  Pure
 * (no curses, no I/O): every byte that comes from a task has gone through
 * fks_escape() here, so the drawing code only places and colours text.
 */
#ifndef FORKTOP_TEXT_H
#define FORKTOP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "common-output.h"
#include "forkscope.h"
#include "forktop-model.h"

/* Which columns fit in front of the tree. */
struct layout {
	bool user, cpu;		/* dropped on a narrow screen */
};
void text_layout(int width, struct layout *l);
/* The header line: PID USER S CPU RSS COMMAND. */
void text_header(const struct layout *l, char *buf, size_t size);
/* Row i's columns before the tree (a folded row shows its subtree's CPU
 * and RSS), ASCII only. */
void text_lead(const struct model *m, size_t i, const struct layout *l,
	       char *buf, size_t size);
/* Row i's tree art, name, marks, a folded row's totals, then its command
 * line; escaped.  The caller frees it. */
char *text_tree(const struct model *m, size_t i, enum tree_style style,
		unsigned esc);

/*
 * The details of task t: identity, state, status fields, counts, start
 * and age (from the data's own time), ancestry to its root, and the full
 * command line wrapped to width.  Returns a NULL-terminated array of
 * escaped lines; free it with text_free_lines.
 */
char **text_details(const struct fks_table *tbl, const struct fks_task *t,
		    unsigned esc, int width);
void text_free_lines(char **lines);

/* The help screen, NULL-terminated. */
extern const char *const text_help[];

/* CPU ticks as [H]H:MM:SS-ish short text ("-" for CPU_UNKNOWN); RSS
 * pages as 123K/4.5M/6G. */
void text_cpu(unsigned long long ticks, long clk_tck, char *buf,
	      size_t size);
/* utime + stime of t, or CPU_UNKNOWN when the sum overflows. */
unsigned long long task_ticks(const struct fks_task *t);
void text_rss(unsigned long long pages, long page_size, char *buf,
	      size_t size);

#endif
