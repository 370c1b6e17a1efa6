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

/*
 * The columns before the tree (-o, the c key): the library's (pforest -o's
 * names, lib/text/columns.c) and forktop's own, which a folded row sums over
 * its subtree: %cpu (over the refresh interval, as top's; not ps's
 * lifetime average), %mem, time and rss.  The tree, with the name and
 * command line, always comes last.
 */
#define MAX_COLUMNS 32
#define HEAD_MAX 64		/* bytes of a header given as NAME=HEADER */
enum {
	FCOL_PCPU = 1000,	/* forktop's own, past the library's ids */
	FCOL_PMEM, FCOL_TIME, FCOL_RSS,
};
struct columns {
	int id[MAX_COLUMNS];	/* an enum fks_column, or an FCOL_* */
	/* the header given (NAME=HEADER, raw bytes: escaped when shown),
	 * where named */
	char head[MAX_COLUMNS][HEAD_MAX];
	bool named[MAX_COLUMNS];
	size_t n;
	/* the tree's header, where comm=HEADER or args=HEADER gave one */
	char tree_head[HEAD_MAX];
	bool tree_named;
};
#define DEFAULT_COLUMNS "pid,user,s,%cpu,%mem,time,rss"
/*
 * Parses a list of column names as pforest -o does (column_list_split:
 * commas, NAME=HEADER renaming one; comm, args and their aliases name the
 * tree: skipped).  Returns 0, or -1 with why set to one line naming the
 * column at fault.
 */
int text_columns_parse(const char *list, struct columns *c, char *why,
		       size_t size);
/* The list as text_columns_parse reads it (the prompt's start). */
void text_columns_list(const struct columns *c, char *buf, size_t size);
/* The FKS_F_* fields the columns need read. */
unsigned text_columns_fields(const struct columns *c);
/* Every column name, for the help. */
void text_columns_names(char *buf, size_t size);

/* Which columns fit in front of the tree: the last ones go first. */
struct layout {
	struct columns shown;
	unsigned long long mem_total;	/* bytes, for %MEM; 0 unknown */
};
void text_layout(int width, const struct columns *want,
		 unsigned long long mem_total, struct layout *l);
/* The header line: the columns' headers, then COMMAND. */
void text_header(const struct layout *l, char *buf, size_t size);
/* Row i's columns before the tree (a folded row shows its subtree's
 * %CPU, %MEM, TIME and RSS), escaped; after a one-character mark that
 * the caller may set. */
void text_lead(const struct model *m, size_t i, const struct layout *l,
	       unsigned esc, char *buf, size_t size);

/* What the summary lines show: the tasks of a table by state, as top
 * counts them, the load average and the memory. */
struct summary {
	size_t total, running, sleeping, stopped, zombie, threads;
	bool have_load;
	double load[3];
	bool have_mem;
	struct fks_meminfo mem;
};
/* Counts the processes of tbl (kernel threads too) by state, and their
 * threads; the rest of s is left alone. */
void text_count(const struct fks_table *tbl, struct summary *s);
/* "0.52 0.58 0.59 2/1234 5678": the three loads; -1 if it is not that. */
int text_parse_loadavg(const char *buf, double load[3]);
/* The two summary lines. */
void text_summary(const struct summary *s, char *l1, size_t s1, char *l2,
		  size_t s2);
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
/* Bytes as 123K/4.5M/6.0G. */
void text_bytes(unsigned long long bytes, char *buf, size_t size);

#endif
