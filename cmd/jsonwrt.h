/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonwrt.h - the one JSON writer of the commands: objects and arrays
 * nested to any depth up to JW_DEPTH_MAX, with the commas, the quoting and
 * the line breaks each command's format has, written straight to a FILE
 * (nothing is held back: a long listing costs no memory).
 *
 * A writer holds the state of the containers it has open, so a caller
 * says only what comes next: open an object or an array, write a value,
 * close.  In an object every value has a key; in an array and at the top
 * none has.  Closing the outermost value ends its line, so one writer
 * serves a single document (pforest, reapcheck) and JSON lines (forkwatch,
 * reapcheck --watch) alike.
 *
 * Strings are written with '"' and '\' escaped and any byte below 0x20 as
 * \u00XX, so a string always makes valid JSON.  Names and command lines
 * are hostile data: callers pass them through fks_escape() first (as for a
 * terminal), which leaves printable text only; the writer adds JSON's own
 * escapes, not a second policy.
 */
#ifndef FKS_JSONWRT_H
#define FKS_JSONWRT_H

#include <stdbool.h>
#include <stdio.h>

/* Containers open at most at once; past it is a bug of the caller. */
#define JW_DEPTH_MAX 128

/* The separators: ", " and ": " (spaced), or "," and ":" (compact). */
enum jw_style { JW_SPACED, JW_COMPACT };

/*
 * Where a container breaks its line (0: never, all on one line).  The
 * flags go together: JW_BREAK_VALUES alone puts each value on a line of
 * its own, the closing bracket right after the last; with JW_BREAK_END
 * the bracket goes on a line of its own too; with JW_BREAK_EMPTY as well
 * it does so even when nothing came between ("[\n]").
 */
enum {
	JW_BREAK_VALUES = 1,	/* "\n" and the indent before each value */
	JW_BREAK_END = 2,	/* "\n" before the bracket after a value */
	JW_BREAK_EMPTY = 4,	/* "\n" before the bracket with no value */
};

struct jw_level {
	bool array;
	unsigned breaks;	/* JW_BREAK_* */
	const char *indent;	/* before each value, with JW_BREAK_VALUES */
	size_t values;		/* written so far */
};

struct jsonwrt {
	FILE *out;
	const char *comma, *colon;
	int depth;		/* containers open */
	struct jw_level level[JW_DEPTH_MAX];
};

void jw_init(struct jsonwrt *w, FILE *out, enum jw_style style);

/*
 * Opens an object or an array as the next value (key: its key in an
 * object, NULL elsewhere), with the line breaks of breaks and, with
 * JW_BREAK_VALUES, indent (not copied: it must outlast the container)
 * before each of its values.
 */
void jw_object_open(struct jsonwrt *w, const char *key, unsigned breaks,
		    const char *indent);
void jw_array_open(struct jsonwrt *w, const char *key, unsigned breaks,
		   const char *indent);
/* Closes the innermost open container; the outermost ends its line. */
void jw_close(struct jsonwrt *w);

/* A string, null for NULL. */
void jw_string(struct jsonwrt *w, const char *key, const char *s);
void jw_int(struct jsonwrt *w, const char *key, long long v);
void jw_uint(struct jsonwrt *w, const char *key, unsigned long long v);
void jw_bool(struct jsonwrt *w, const char *key, bool v);
void jw_null(struct jsonwrt *w, const char *key);
/*
 * A number the caller formatted (a fixed-point time, a rounded float,
 * a column's digits): written as it is, so it must be JSON's number
 * syntax.
 */
void jw_number(struct jsonwrt *w, const char *key, const char *text);
void jw_numberf(struct jsonwrt *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
