/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonwrt.c - the commands' JSON writer (see jsonwrt.h): a stack of open
 * containers, each knowing whether a value came before (the comma), whether
 * it is an object (keys) and where it breaks its lines.  It writes as it
 * goes and checks nothing about the stream: the caller checks ferror() on
 * its FILE at the end, as for its other output.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "jsonwrt.h"

void
jw_init(struct jsonwrt *w, FILE *out, enum jw_style style)
{
	w->out = out;
	w->comma = style == JW_COMPACT ? "," : ", ";
	w->colon = style == JW_COMPACT ? ":" : ": ";
	w->depth = 0;
}

/*
 * s between quotes: '"' and '\' escaped, bytes below 0x20 as \u00XX (JSON
 * allows none raw); everything else, UTF-8 included, as it is, in runs.
 */
static void
put_string(FILE *out, const char *s)
{
	const char *run = s;
	unsigned char c;

	putc('"', out);
	for (; *s; s++) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(run, 1, (size_t)(s - run), out);
		if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else {
			putc('\\', out);
			putc(c, out);
		}
		run = s + 1;
	}
	fwrite(run, 1, (size_t)(s - run), out);
	putc('"', out);
}

/*
 * What goes before a value: the comma after the one before, the line
 * break and indent of its container, its key in an object.  A key where
 * none belongs, or none where one must be, is a bug of the caller's, and
 * the output would not be JSON: abort rather than write it.
 */
static void
begin(struct jsonwrt *w, const char *key)
{
	struct jw_level *l;

	if (w->depth == 0) {
		if (key)
			abort();
		return;
	}
	l = &w->level[w->depth - 1];
	if (l->array != !key)
		abort();
	if (l->breaks & JW_BREAK_VALUES) {
		if (l->values)
			putc(',', w->out);
		putc('\n', w->out);
		fputs(l->indent, w->out);
	} else if (l->values) {
		fputs(w->comma, w->out);
	}
	l->values++;
	if (key) {
		put_string(w->out, key);
		fputs(w->colon, w->out);
	}
}

/* After a value: at the top it is the whole document, which ends its line. */
static void
end(struct jsonwrt *w)
{
	if (w->depth == 0)
		putc('\n', w->out);
}

static void
open_container(struct jsonwrt *w, const char *key, bool array,
	       unsigned breaks, const char *indent)
{
	struct jw_level *l;

	if (w->depth == JW_DEPTH_MAX)
		abort();
	begin(w, key);
	putc(array ? '[' : '{', w->out);
	l = &w->level[w->depth++];
	l->array = array;
	l->breaks = breaks;
	l->indent = indent ? indent : "";
	l->values = 0;
}

void
jw_object_open(struct jsonwrt *w, const char *key, unsigned breaks,
	       const char *indent)
{
	open_container(w, key, false, breaks, indent);
}

void
jw_array_open(struct jsonwrt *w, const char *key, unsigned breaks,
	      const char *indent)
{
	open_container(w, key, true, breaks, indent);
}

void
jw_close(struct jsonwrt *w)
{
	const struct jw_level *l;

	if (w->depth == 0)
		abort();
	l = &w->level[--w->depth];
	if (l->breaks & (l->values ? JW_BREAK_END : JW_BREAK_EMPTY))
		putc('\n', w->out);
	putc(l->array ? ']' : '}', w->out);
	end(w);
}

void
jw_string(struct jsonwrt *w, const char *key, const char *s)
{
	begin(w, key);
	if (s)
		put_string(w->out, s);
	else
		fputs("null", w->out);
	end(w);
}

void
jw_int(struct jsonwrt *w, const char *key, long long v)
{
	begin(w, key);
	fprintf(w->out, "%lld", v);
	end(w);
}

void
jw_uint(struct jsonwrt *w, const char *key, unsigned long long v)
{
	begin(w, key);
	fprintf(w->out, "%llu", v);
	end(w);
}

void
jw_bool(struct jsonwrt *w, const char *key, bool v)
{
	begin(w, key);
	fputs(v ? "true" : "false", w->out);
	end(w);
}

void
jw_null(struct jsonwrt *w, const char *key)
{
	begin(w, key);
	fputs("null", w->out);
	end(w);
}

void
jw_number(struct jsonwrt *w, const char *key, const char *text)
{
	begin(w, key);
	fputs(text, w->out);
	end(w);
}

void
jw_numberf(struct jsonwrt *w, const char *key, const char *fmt, ...)
{
	va_list ap;

	begin(w, key);
	va_start(ap, fmt);
	vfprintf(w->out, fmt, ap);
	va_end(ap);
	end(w);
}
