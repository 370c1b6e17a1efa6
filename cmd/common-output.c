/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common-output.c - the output layer the commands share (see
 * common-output.h).  It knows nothing of tasks: callers hand it strings
 * that fks_escape() made safe, and it draws tree art, measures and cuts
 * lines.
 */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "common-output.h"
#include "jsonwrt.h"

void
tree_prefix(int depth, const bool *open, bool last, enum tree_style style,
	    char *buf, size_t size)
{
	static const char *const parts[][4] = {
		/* line continues, blank, branch, last branch */
		[STYLE_PS] = { " |  ", "    ", " \\_ ", " \\_ " },
		[STYLE_ASCII] = { "|  ", "   ", "|- ", "`- " },
		[STYLE_UNICODE] = { "\u2502  ", "   ", "\u251c\u2500 ",
				    "\u2514\u2500 " },
	};
	size_t used = 0, n;
	char mark[32];
	const char *p;
	int d;

	buf[0] = '\0';
	for (d = 1; d <= depth; d++) {
		if (d == TREE_ART_LEVELS && d < depth) {
			/* the levels from here to the row's own, as one */
			snprintf(mark, sizeof mark, "[+%d] ", depth - d);
			p = mark;
			d = depth - 1;
		} else if (d < depth) {
			p = parts[style][open[d] ? 0 : 1];
		} else {
			p = parts[style][last ? 3 : 2];
		}
		n = strlen(p);
		if (used + n + 1 > size)
			return;
		memcpy(buf + used, p, n + 1);
		used += n;
	}
}

static bool
utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && strcmp(cs, "UTF-8") == 0;
}

enum tree_style
default_style(void)
{
	return utf8_locale() && isatty(STDOUT_FILENO) ? STYLE_UNICODE
						      : STYLE_ASCII;
}

int
parse_color(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return COLOR_AUTO;
	if (strcmp(s, "always") == 0)
		return COLOR_ALWAYS;
	if (strcmp(s, "never") == 0)
		return COLOR_NEVER;
	return -1;
}

bool
want_color(enum color_mode mode)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && !(no && *no) &&
	       !(term && strcmp(term, "dumb") == 0);
}

int
terminal_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	int n;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (env && (n = atoi(env)) > 0)
		return n;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Decodes the (valid) UTF-8 character at s; returns its length. */
static size_t
next_char(const char *s, wchar_t *wc)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = (unsigned char)*s;	/* not expected after escaping */
		return 1;
	}
	return n;
}

size_t
text_width(const char *s)
{
	size_t w = 0;
	wchar_t wc;
	int cw;

	while (*s) {
		if ((unsigned char)*s < 0x80) {
			s++;
			w++;
			continue;
		}
		s += next_char(s, &wc);
		cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

void
cut_to_width(char *s, size_t cols)
{
	size_t w = 0, n;
	wchar_t wc;
	int cw;

	while (*s) {
		if ((unsigned char)*s < 0x80) {
			n = 1;
			cw = 1;
		} else {
			n = next_char(s, &wc);
			cw = wcwidth(wc);
			if (cw < 0)
				cw = 0;
		}
		if (w + (size_t)cw > cols)
			break;
		w += (size_t)cw;
		s += n;
	}
	*s = '\0';
}

void
json_start(struct jsonwrt *w, const struct fks_table *tbl,
	   const struct fks_task *t)
{
	long long start = fks_task_start_time(tbl, t);
	time_t when = (time_t)start;
	char iso[64];
	struct tm tm;

	if (start < 0 || !gmtime_r(&when, &tm) ||
	    !strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		jw_null(w, "start");
		jw_null(w, "start_iso");
		return;
	}
	jw_int(w, "start", start);
	jw_string(w, "start_iso", iso);
}
