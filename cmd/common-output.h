/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common-output.h - the output layer every command shares: tree art,
 * colour, the terminal's width and cutting a line to it (JSON is
 * jsonwrt.h's).  Everything printed here has gone through fks_escape()
 * first, so it holds printable ASCII and printable UTF-8 only.
 */
#ifndef FKS_OUTPUT_H
#define FKS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include "forkscope.h"

/* Tree art in front of a row. */
enum tree_style {
	STYLE_PS,		/* ps f: " \_ " */
	STYLE_ASCII,		/* pstree -A: "|-", "`-" */
	STYLE_UNICODE,		/* box drawing */
};
/*
 * Levels of tree art drawn at most.  A row deeper than that (a hostile
 * chain of processes) shows the levels past it as one mark, "[+N]", so
 * its art stays within about 300 columns and a listing's time and memory
 * stay linear in the depth.
 */
#define TREE_ART_LEVELS 100
/* Bytes of the longest prefix tree_prefix() writes, with its NUL. */
#define TREE_PREFIX_MAX (TREE_ART_LEVELS * 8 + 32)
/*
 * Writes the prefix for a row at depth, where open[d] (1 <= d < depth)
 * says a line continues at level d and last says the row is the last of
 * its siblings, into buf (size >= TREE_PREFIX_MAX, or 8 * depth + 1; cut
 * short otherwise).
 */
void tree_prefix(int depth, const bool *open, bool last,
		 enum tree_style style, char *buf, size_t size);
/* unicode on a UTF-8 terminal, else ascii (the pforest default). */
enum tree_style default_style(void);

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
/* Parses "auto", "always", "never"; -1 for anything else. */
int parse_color(const char *s);
/* Whether to colour stdout: always; never; auto = a terminal, NO_COLOR
 * unset or empty, TERM not "dumb". */
bool want_color(enum color_mode mode);
#define SGR_ZOMBIE "\033[1;31m"	/* bold red */
#define SGR_ORPHAN "\033[33m"	/* yellow */
#define SGR_HEADING "\033[1m"	/* bold: pforest --by's group */
#define SGR_RESET "\033[0m"

/* Columns of the terminal on stdout, or 0 when stdout is not one
 * (COLUMNS overrides the ioctl, as in ps). */
int terminal_width(void);
/* Display columns of an escaped string. */
size_t text_width(const char *s);
/* Cuts an escaped string in place to at most cols display columns,
 * never inside a character. */
void cut_to_width(char *s, size_t cols);

/*
 * The JSON schema version of pforest --json and reapcheck --json (the
 * "schema" member of the top object): raised when a member changes its
 * name or type.  Both commands name the same facts alike (pforest(1),
 * JSON).
 */
#define JSON_SCHEMA 1

struct jsonwrt;
/* Writes "start" (seconds since the epoch) and "start_iso" (ISO 8601,
 * UTC) of task t, or nulls when the start is unknown. */
void json_start(struct jsonwrt *w, const struct fks_table *tbl,
		const struct fks_task *t);

#endif
