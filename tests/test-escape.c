/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-escape.c - fks_escape() on exact inputs: every class of control,
 * each kind of invalid UTF-8, NULs with and without FKS_ESC_ARGV, the
 * locale's part; then 1 MiB of random bytes, whose output must hold no
 * control, be strict UTF-8, measure what wcswidth() measures and unescape
 * back to the input.
 *
 * Every input is copied to a heap block of exactly its length, with no
 * NUL after it, so AddressSanitizer catches a read past len.  Widths are
 * glibc's for C.UTF-8 (set in main).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* wcswidth() */
#endif
#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "forkscope.h"
#include "testutil.h"

#define U FKS_ESC_UTF8
#define A FKS_ESC_ARGV

#define LARGE (1024 * 1024)

/*
 * Escapes len bytes of in and compares with want and want_width.  Prints
 * the difference, and returns false, so the assertion at the call site
 * names the failing case.  The output is already escaped: safe to print.
 */
static bool
esc_is(const char *in, size_t len, unsigned flags, const char *want,
       size_t want_width)
{
	char *copy, *got;
	size_t w = (size_t)-1;
	bool ok;

	copy = malloc(len ? len : 1);
	if (copy == NULL)
		return false;
	memcpy(copy, in, len);
	got = fks_escape(copy, len, flags, &w);
	free(copy);
	if (got == NULL) {
		fprintf(stderr, "\n  fks_escape returned NULL\n");
		return false;
	}
	ok = strcmp(got, want) == 0 && w == want_width;
	if (!ok)
		fprintf(stderr, "\n  got \"%s\" width %zu, "
			"want \"%s\" width %zu\n", got, w, want, want_width);
	free(got);
	return ok;
}

/* For string literals, which may hold NULs: the length is the array's. */
#define ESC(lit, flags, want, w) \
	esc_is((lit), sizeof(lit) - 1, (flags), (want), (w))

static void
test_plain(void)
{
	static char big[100001];
	char *e;
	size_t w;

	CU_ASSERT(ESC("bash", 0, "bash", 4));
	CU_ASSERT(ESC("bash", U, "bash", 4));
	CU_ASSERT(ESC("", 0, "", 0));
	CU_ASSERT(ESC("", U | A, "", 0));
	CU_ASSERT(ESC("~!@#$%^&*()_+{}|:\"<>?`-=[];',./", U,
		      "~!@#$%^&*()_+{}|:\"<>?`-=[];',./", 31));
	/* only len bytes count, whatever follows */
	CU_ASSERT(esc_is("abcdef", 3, 0, "abc", 3));

	/* the plain fast path on a long name, and the slow path after a
	 * long plain prefix */
	memset(big, 'a', sizeof big - 1);
	e = fks_escape(big, sizeof big - 1, U, &w);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(strlen(e), sizeof big - 1);
	CU_ASSERT_EQUAL(w, sizeof big - 1);
	free(e);
	big[sizeof big - 2] = '\n';
	e = fks_escape(big, sizeof big - 1, U, &w);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(strlen(e), sizeof big);
	CU_ASSERT_EQUAL(w, sizeof big);
	CU_ASSERT_STRING_EQUAL(e + sizeof big - 3, "a\\n");
	free(e);
}

static void
test_spaces_parens(void)
{
	/* comm may hold ") (" and spaces: escaping leaves them alone (the
	 * stat parser, not this, finds the last ')') */
	CU_ASSERT(ESC("a) (b", 0, "a) (b", 5));
	CU_ASSERT(ESC(") R 1 (", U, ") R 1 (", 7));
	CU_ASSERT(ESC("  two  spaces ", U, "  two  spaces ", 14));
}

static void
test_backslash(void)
{
	CU_ASSERT(ESC("\\", 0, "\\\\", 2));
	CU_ASSERT(ESC("a\\b", U, "a\\\\b", 4));
	/* a literal "\x41" must not read back as an escape */
	CU_ASSERT(ESC("\\x41", U, "\\\\x41", 5));
	CU_ASSERT(ESC("\\\\", 0, "\\\\\\\\", 4));
	/* FKS_ESC_BACKSLASH: systemd's own escapes shown as systemd shows
	 * them; everything else still escaped */
	CU_ASSERT(ESC("my\\x2dapp.service", U | FKS_ESC_BACKSLASH,
		      "my\\x2dapp.service", 17));
	CU_ASSERT(ESC("\\\x1b[2J", FKS_ESC_BACKSLASH, "\\\\e[2J", 6));
}

static void
test_c0_special(void)
{
	CU_ASSERT(ESC("\n", 0, "\\n", 2));
	CU_ASSERT(ESC("\t", U, "\\t", 2));
	CU_ASSERT(ESC("\r", 0, "\\r", 2));
	CU_ASSERT(ESC("\x1b", U, "\\e", 2));
	CU_ASSERT(ESC("a\tb\rc", U, "a\\tb\\rc", 7));
}

static void
test_c0_other(void)
{
	char in[1], want[8];
	int c;

	for (c = 0; c < 0x20; c++) {
		if (c == '\n' || c == '\t' || c == '\r' || c == 0x1b)
			continue;
		in[0] = (char)c;
		snprintf(want, sizeof want, "\\x%02x", c);
		CU_ASSERT(esc_is(in, 1, 0, want, 4));
		CU_ASSERT(esc_is(in, 1, U, want, 4));
	}
	CU_ASSERT(ESC("\x07", 0, "\\x07", 4));
	CU_ASSERT(ESC("\x1f", U, "\\x1f", 4));
	CU_ASSERT(ESC("\x7f", 0, "\\x7f", 4));
	CU_ASSERT(ESC("del\x7f", U, "del\\x7f", 7));
}

static void
test_esc_sequences(void)
{
	/* set the window title */
	CU_ASSERT(ESC("\x1b]0;evil\x07", U, "\\e]0;evil\\x07", 13));
	/* clear the screen */
	CU_ASSERT(ESC("\x1b[2J", U, "\\e[2J", 5));
	CU_ASSERT(ESC("\x1b[31mred\x1b[0m", 0, "\\e[31mred\\e[0m", 14));
	/* OSC 52 would write the clipboard */
	CU_ASSERT(ESC("\x1b]52;c;cm0gLXJm\x1b\\", U,
		      "\\e]52;c;cm0gLXJm\\e\\\\", 20));
	/* a raw 8-bit CSI byte */
	CU_ASSERT(ESC("\x9b" "2J", 0, "\\x9b2J", 6));
	CU_ASSERT(ESC("\x9b" "2J", U, "\\x9b2J", 6));
}

static void
test_newline_middle(void)
{
	CU_ASSERT(ESC("foo\nbar", 0, "foo\\nbar", 8));
	/* a name forging a row of its own */
	CU_ASSERT(ESC("x\n    1 root     init", U,
		      "x\\n    1 root     init", 22));
}

static void
test_c1(void)
{
	/* NEL and CSI, UTF-8 encoded: valid, but never raw */
	CU_ASSERT(ESC("\xc2\x85", U, "\\xc2\\x85", 8));
	CU_ASSERT(ESC("\xc2\x9b" "2J", U, "\\xc2\\x9b2J", 10));
	CU_ASSERT(ESC("\xc2\x80", U, "\\xc2\\x80", 8));
	CU_ASSERT(ESC("\xc2\x9f", U, "\\xc2\\x9f", 8));
	/* the first character after them is printable */
	CU_ASSERT(ESC("\xc2\xa0", U, "\xc2\xa0", 1));
}

static void
test_multibyte(void)
{
	CU_ASSERT(ESC("caf\xc3\xa9", U, "caf\xc3\xa9", 4));
	CU_ASSERT(ESC("\xe4\xb8\xad", U, "\xe4\xb8\xad", 2));
	CU_ASSERT(ESC("\xe4\xb8\xad\xe6\x96\x87", U,
		      "\xe4\xb8\xad\xe6\x96\x87", 4));
	CU_ASSERT(ESC("\xf0\x9f\x98\x80", U, "\xf0\x9f\x98\x80", 2));
	/* boundaries: U+07FF, U+0800, U+FFFD, U+10000, U+10FFFD */
	CU_ASSERT(ESC("\xdf\xbf", U, "\xdf\xbf", 1));
	CU_ASSERT(ESC("\xe0\xa0\x80", U, "\xe0\xa0\x80", 1));
	CU_ASSERT(ESC("\xef\xbf\xbd", U, "\xef\xbf\xbd", 1));
	CU_ASSERT(ESC("\xf0\x90\x80\x80", U, "\xf0\x90\x80\x80", 1));
	CU_ASSERT(ESC("\xf4\x8f\xbf\xbd", U, "\xf4\x8f\xbf\xbd", 1));
	/* U+10FFFF is valid UTF-8 but a noncharacter: not printable */
	CU_ASSERT(ESC("\xf4\x8f\xbf\xbf", U, "\\xf4\\x8f\\xbf\\xbf", 16));
	/* U+FFFE likewise */
	CU_ASSERT(ESC("\xef\xbf\xbe", U, "\\xef\\xbf\\xbe", 12));
}

static void
test_combining(void)
{
	/* e + U+0301: one column */
	CU_ASSERT(ESC("e\xcc\x81", U, "e\xcc\x81", 1));
	CU_ASSERT(ESC("a\xcc\x81\xcc\x82", U, "a\xcc\x81\xcc\x82", 1));
	CU_ASSERT(ESC("\xe4\xb8\xad\xcc\x81", U, "\xe4\xb8\xad\xcc\x81", 2));
	CU_ASSERT(ESC(" \xcc\x81", U, " \xcc\x81", 1));
	/* at the start it would join what the terminal shows before */
	CU_ASSERT(ESC("\xcc\x81" "e", U, "\\xcc\\x81e", 9));
	/* after an escape it would disguise the escape */
	CU_ASSERT(ESC("\x01\xcc\x81", U, "\\x01\\xcc\\x81", 12));
	CU_ASSERT(ESC("\\\xcc\x81", U, "\\\\\\xcc\\x81", 10));
	CU_ASSERT(ESC("\xff\xcc\x81", U, "\\xff\\xcc\\x81", 12));
	/* at the start of an argument: not on the separator */
	CU_ASSERT(ESC("a\0\xcc\x81", U | A, "a \\xcc\\x81", 10));
}

static void
test_bidi_hidden(void)
{
	static const char *const hidden[] = {
		/* LRE RLE PDF LRO RLO */
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",
		"\xe2\x80\xad", "\xe2\x80\xae",
		/* LRI RLI FSI PDI */
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
		"\xe2\x81\xa9",
		/* ZWSP ZWNJ ZWJ LRM RLM */
		"\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d",
		"\xe2\x80\x8e", "\xe2\x80\x8f",
		/* line and paragraph separators, word joiner, BOM */
		"\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x81\xa0",
		"\xef\xbb\xbf",
		/* hangul fillers: choseong U+115F, jungseong U+1160,
		 * U+3164, halfwidth U+FFA0 */
		"\xe1\x85\x9f", "\xe1\x85\xa0", "\xe3\x85\xa4",
		"\xef\xbe\xa0",
	};
	char in[4], want[16];
	const unsigned char *h;
	size_t i;

	for (i = 0; i < sizeof hidden / sizeof *hidden; i++) {
		h = (const unsigned char *)hidden[i];
		snprintf(want, sizeof want, "\\x%02x\\x%02x\\x%02x",
			 h[0], h[1], h[2]);
		CU_ASSERT(esc_is(hidden[i], 3, U, want, 12));
		/* after a base too, where a combining mark would stay */
		in[0] = 'a';
		memcpy(in + 1, hidden[i], 3);
		snprintf(want, sizeof want, "a\\x%02x\\x%02x\\x%02x",
			 h[0], h[1], h[2]);
		CU_ASSERT(esc_is(in, 4, U, want, 13));
	}
	CU_ASSERT(ESC("evil\xe2\x80\xae" "exe.txt", U,
		      "evil\\xe2\\x80\\xaeexe.txt", 23));
	CU_ASSERT(ESC("ss\xe2\x80\x8bhd", U, "ss\\xe2\\x80\\x8bhd", 16));
	CU_ASSERT(ESC("\xc2\xad", U, "\\xc2\\xad", 8));	/* soft hyphen */
	CU_ASSERT(ESC("\xd8\x9c", U, "\\xd8\\x9c", 8));	/* ALM */
	CU_ASSERT(ESC("\xf3\xa0\x81\x81", U,
		      "\\xf3\\xa0\\x81\\x81", 16));	/* tag A */
	/* a name of fillers alone looks empty; among letters, absent */
	CU_ASSERT(ESC("\xe3\x85\xa4\xe3\x85\xa4", U,
		      "\\xe3\\x85\\xa4\\xe3\\x85\\xa4", 24));
	CU_ASSERT(ESC("ss\xef\xbe\xa0hd", U, "ss\\xef\\xbe\\xa0hd", 16));
	/* the braille blank stays: one visible column, as a space */
	CU_ASSERT(ESC("\xe2\xa0\x80", U, "\xe2\xa0\x80", 1));
	CU_ASSERT(ESC("a\xe2\xa0\x80" "b", U, "a\xe2\xa0\x80" "b", 3));
}

static void
test_invalid(void)
{
	/* overlong */
	CU_ASSERT(ESC("\xc0\xaf", U, "\\xc0\\xaf", 8));
	CU_ASSERT(ESC("\xc1\xbf", U, "\\xc1\\xbf", 8));
	CU_ASSERT(ESC("\xc0\x80", U, "\\xc0\\x80", 8));	/* Java's NUL */
	CU_ASSERT(ESC("\xe0\x80\xaf", U, "\\xe0\\x80\\xaf", 12));
	CU_ASSERT(ESC("\xe0\x9f\xbf", U, "\\xe0\\x9f\\xbf", 12));
	CU_ASSERT(ESC("\xf0\x80\x80\xaf", U, "\\xf0\\x80\\x80\\xaf", 16));
	CU_ASSERT(ESC("\xf0\x8f\xbf\xbf", U, "\\xf0\\x8f\\xbf\\xbf", 16));
	/* surrogates, alone and as a CESU-8 pair */
	CU_ASSERT(ESC("\xed\xa0\x80", U, "\\xed\\xa0\\x80", 12));
	CU_ASSERT(ESC("\xed\xbf\xbf", U, "\\xed\\xbf\\xbf", 12));
	CU_ASSERT(ESC("\xed\xa0\xbd\xed\xb8\x80", U,
		      "\\xed\\xa0\\xbd\\xed\\xb8\\x80", 24));
	/* U+D7A3, the last hangul syllable, is below them */
	CU_ASSERT(ESC("\xed\x9e\xa3", U, "\xed\x9e\xa3", 2));
	/* beyond U+10FFFF, and bytes that never appear in UTF-8 */
	CU_ASSERT(ESC("\xf4\x90\x80\x80", U, "\\xf4\\x90\\x80\\x80", 16));
	CU_ASSERT(ESC("\xf5\x80\x80\x80", U, "\\xf5\\x80\\x80\\x80", 16));
	CU_ASSERT(ESC("\xf7\xbf\xbf\xbf", U, "\\xf7\\xbf\\xbf\\xbf", 16));
	CU_ASSERT(ESC("\xf8\x88\x80\x80\x80", U,
		      "\\xf8\\x88\\x80\\x80\\x80", 20));
	CU_ASSERT(ESC("\xfe\xff", U, "\\xfe\\xff", 8));
	/* stray continuation bytes */
	CU_ASSERT(ESC("\x80", U, "\\x80", 4));
	CU_ASSERT(ESC("a\xbf" "b", U, "a\\xbfb", 6));
	CU_ASSERT(ESC("\xe4\xb8\xad\xad", U, "\xe4\xb8\xad\\xad", 6));
	/* cut short by another byte */
	CU_ASSERT(ESC("\xe4\xb8" "A", U, "\\xe4\\xb8A", 9));
	CU_ASSERT(ESC("\xf0\x9f\x98 x", U, "\\xf0\\x9f\\x98 x", 14));
	CU_ASSERT(ESC("\xc3\n", U, "\\xc3\\n", 6));
	/* resynchronise on the next byte: it may start a valid sequence */
	CU_ASSERT(ESC("\xc3\xc3\xa9", U, "\\xc3\xc3\xa9", 5));
	CU_ASSERT(ESC("\xe4\xe4\xb8\xad", U, "\\xe4\xe4\xb8\xad", 6));
	CU_ASSERT(ESC("\xf0\x9f\xe4\xb8\xad", U, "\\xf0\\x9f\xe4\xb8\xad",
		      10));
}

static void
test_truncated_end(void)
{
	CU_ASSERT(ESC("\xc3", U, "\\xc3", 4));
	CU_ASSERT(ESC("ok\xe4\xb8", U, "ok\\xe4\\xb8", 10));
	CU_ASSERT(ESC("\xf0\x9f\x98", U, "\\xf0\\x9f\\x98", 12));
	/* the rest of the sequence lies past len: it must not be read */
	CU_ASSERT(esc_is("\xe4\xb8\xad", 2, U, "\\xe4\\xb8", 8));
	CU_ASSERT(esc_is("\xf0\x9f\x98\x80", 3, U, "\\xf0\\x9f\\x98", 12));
}

static void
test_nul(void)
{
	/* without FKS_ESC_ARGV a NUL is a byte like any other, and does not
	 * end the string */
	CU_ASSERT(ESC("a\0" "b", 0, "a\\x00b", 6));
	CU_ASSERT(ESC("a\0", U, "a\\x00", 5));
	CU_ASSERT(ESC("\0", 0, "\\x00", 4));
	CU_ASSERT(ESC("a\0\x1b[2J", U, "a\\x00\\e[2J", 10));
}

static void
test_argv(void)
{
	CU_ASSERT(ESC("ls\0-l\0", A, "ls -l", 5));
	CU_ASSERT(ESC("ls\0-l", A, "ls -l", 5));	/* setproctitle */
	CU_ASSERT(ESC("\0", A, "", 0));
	/* only the last NUL ends argv; one before it ends an empty last
	 * argument, which stays visible as a space */
	CU_ASSERT(ESC("ls\0\0", A, "ls ", 3));
	CU_ASSERT(ESC("ls\0\0\0", A, "ls  ", 4));
	CU_ASSERT(ESC("\0\0", A, " ", 1));
	CU_ASSERT(ESC("\0a\0", A, " a", 2));
	CU_ASSERT(ESC("sh\0-c\0echo\x1b[2J\0", A, "sh -c echo\\e[2J", 15));
	CU_ASSERT(ESC("caf\xc3\xa9\0x\0", U | A, "caf\xc3\xa9 x", 6));
	CU_ASSERT(ESC("caf\xc3\xa9\0x\0", A, "caf\\xc3\\xa9 x", 13));
}

static void
test_non_utf8(void)
{
	CU_ASSERT(ESC("caf\xc3\xa9", 0, "caf\\xc3\\xa9", 11));
	CU_ASSERT(ESC("\xe4\xb8\xad", 0, "\\xe4\\xb8\\xad", 12));
	CU_ASSERT(ESC("\xc2\x85", 0, "\\xc2\\x85", 8));
	CU_ASSERT(ESC("\xff", 0, "\\xff", 4));
	CU_ASSERT(ESC("plain", 0, "plain", 5));
}

static void
test_c_locale(void)
{
	/* FKS_ESC_UTF8 in a locale that is not UTF-8: wcwidth() knows no
	 * non-ASCII character, so all of it is escaped */
	CU_ASSERT_PTR_NOT_NULL_FATAL(setlocale(LC_CTYPE, "C"));
	CU_ASSERT(ESC("caf\xc3\xa9", U, "caf\\xc3\\xa9", 11));
	CU_ASSERT(ESC("\xe4\xb8\xad", U, "\\xe4\\xb8\\xad", 12));
	CU_ASSERT(ESC("ok\n", U, "ok\\n", 4));
	CU_ASSERT_PTR_NOT_NULL_FATAL(setlocale(LC_CTYPE, "C.UTF-8"));
	CU_ASSERT(ESC("caf\xc3\xa9", U, "caf\xc3\xa9", 4));
}

static void
test_overflow(void)
{
	char *e;
	size_t w = 42;

	/* the size is checked before s is read, so a short s is safe */
	errno = 0;
	e = fks_escape("x", SIZE_MAX, U, &w);
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_EQUAL(errno, ENOMEM);
	CU_ASSERT_EQUAL(w, 42);
	errno = 0;
	e = fks_escape("x", (SIZE_MAX - 1) / 4 + 1, 0, NULL);
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_EQUAL(errno, ENOMEM);
}

static void
test_width_null(void)
{
	char *e = fks_escape("a\n", 2, 0, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e, "a\\n");
	free(e);
}

/* ---- 1 MiB of random input -------------------------------------------- */

/* xorshift64: the same bytes on every run and every libc. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/*
 * Strict UTF-8, written apart from escape.c's decoder after the table of
 * well-formed sequences in the Unicode standard (ch. 3, table 3-7).  Also
 * refuses what the output must never hold raw: C0, DEL, C1, bidi controls.
 */
static bool
output_is_safe(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned char c, lo, hi;
	uint32_t cp;

	while (i < len) {
		c = s[i];
		lo = 0x80;
		hi = 0xbf;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c == 0xe0)
			n = 2, lo = 0xa0;
		else if (c == 0xed)
			n = 2, hi = 0x9f;
		else if (c >= 0xe1 && c <= 0xef)
			n = 2;
		else if (c == 0xf0)
			n = 3, lo = 0x90;
		else if (c == 0xf4)
			n = 3, hi = 0x8f;
		else if (c >= 0xf1 && c <= 0xf3)
			n = 3;
		else
			return false;
		if (len - i - 1 < n || s[i + 1] < lo || s[i + 1] > hi)
			return false;
		cp = c & (0x7f >> (n + 1));
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < 0xa0 || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return false;
		i += n + 1;
	}
	return true;
}

/* Value of one lowercase hex digit (escape.c writes no other), or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Reverses the escaping (without FKS_ESC_ARGV it loses nothing); returns
 * the length written to out, or (size_t)-1 on a malformed escape. */
static size_t
unescape(const char *e, unsigned char *out)
{
	size_t n = 0;
	int hi, lo;

	while (*e != '\0') {
		if (*e != '\\') {
			out[n++] = (unsigned char)*e++;
			continue;
		}
		switch (e[1]) {
		case '\\':
			out[n++] = '\\';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case 'r':
			out[n++] = '\r';
			break;
		case 'e':
			out[n++] = 0x1b;
			break;
		case 'x':
			/* not sscanf(): glibc's measures all of e each call */
			hi = hexval(e[2]);
			lo = hi < 0 ? -1 : hexval(e[3]);
			if (lo < 0)
				return (size_t)-1;
			out[n++] = (unsigned char)(hi << 4 | lo);
			e += 2;
			break;
		default:
			return (size_t)-1;
		}
		e += 2;
	}
	return n;
}

/* Checks one large escape: safe, measured right, and (when lossless)
 * reversible. */
static void
check_large(const unsigned char *in, size_t len, unsigned flags)
{
	unsigned char *back;
	wchar_t *wide;
	size_t w, elen, nwide;
	char *e;

	e = fks_escape((const char *)in, len, flags, &w);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	elen = strlen(e);
	CU_ASSERT(elen <= 4 * len);
	CU_ASSERT(output_is_safe((const unsigned char *)e, elen));
	if (!(flags & U)) {
		CU_ASSERT_EQUAL(w, elen);
	} else {
		/* glibc agrees that it is UTF-8, and on its width */
		wide = malloc((elen + 1) * sizeof *wide);
		CU_ASSERT_PTR_NOT_NULL_FATAL(wide);
		nwide = mbstowcs(wide, e, elen + 1);
		CU_ASSERT_NOT_EQUAL_FATAL(nwide, (size_t)-1);
		CU_ASSERT_EQUAL((size_t)wcswidth(wide, nwide), w);
		free(wide);
	}
	if (!(flags & A)) {
		back = malloc(elen + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(back);
		CU_ASSERT_EQUAL(unescape(e, back), len);
		CU_ASSERT(memcmp(back, in, len) == 0);
		free(back);
	}
	free(e);
}

static void
test_large_random(void)
{
	uint64_t state = 0x9e3779b97f4a7c15ULL;
	unsigned char *in = malloc(LARGE);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	for (i = 0; i < LARGE; i++)
		in[i] = (unsigned char)(next_random(&state) >> 56);
	check_large(in, LARGE, U);
	check_large(in, LARGE, 0);
	check_large(in, LARGE, U | A);
	free(in);
}

/*
 * Uniform bytes rarely form a multibyte character, so this input is mostly
 * encoded code points (any of them: surrogates and C1 included, some
 * overlong or past U+10FFFF) with ASCII and a few cut sequences between.
 */
static void
test_large_mixed(void)
{
	uint64_t r, state = 0x0123456789abcdefULL;
	unsigned char *in = malloc(LARGE);
	uint32_t cp;
	size_t i = 0, n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	while (i + 4 <= LARGE) {
		r = next_random(&state);
		switch (r & 7) {
		case 0:
			in[i++] = (unsigned char)(r >> 8 & 0x7f);
			continue;
		case 1:
			cp = (uint32_t)(r >> 8 & 0x7ff);
			break;
		case 2:
			cp = (uint32_t)(r >> 8 & 0xffff);
			break;
		case 3:
			cp = 0x2000 + (uint32_t)(r >> 8 & 0xff);
			break;
		default:
			cp = (uint32_t)(r >> 8 & 0x1fffff);
			break;
		}
		/* the length a correct encoder would pick, or one more
		 * (overlong) now and then */
		n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if ((r >> 40 & 15) == 0 && n < 4)
			n++;
		if (n == 1) {
			in[i++] = (unsigned char)cp;
		} else if (n == 2) {
			in[i++] = (unsigned char)(0xc0 | (cp >> 6 & 0x1f));
			in[i++] = (unsigned char)(0x80 | (cp & 0x3f));
		} else if (n == 3) {
			in[i++] = (unsigned char)(0xe0 | (cp >> 12 & 0x0f));
			in[i++] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			in[i++] = (unsigned char)(0x80 | (cp & 0x3f));
		} else {
			in[i++] = (unsigned char)(0xf0 | (cp >> 18 & 0x07));
			in[i++] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
			in[i++] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			in[i++] = (unsigned char)(0x80 | (cp & 0x3f));
		}
		/* cut the sequence short */
		if ((r >> 44 & 31) == 0 && n > 1)
			i--;
	}
	while (i < LARGE)
		in[i++] = 'z';
	check_large(in, LARGE, U);
	check_large(in, LARGE, 0);
	check_large(in, LARGE, U | A);
	free(in);
}

int
main(void)
{
	CU_pSuite s;

	/* the widths asserted here are C.UTF-8's */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		fprintf(stderr, "test-escape: no C.UTF-8 locale\n");
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("escape", NULL, NULL);
	ADD_TEST(s, test_plain);
	ADD_TEST(s, test_spaces_parens);
	ADD_TEST(s, test_backslash);
	ADD_TEST(s, test_c0_special);
	ADD_TEST(s, test_c0_other);
	ADD_TEST(s, test_esc_sequences);
	ADD_TEST(s, test_newline_middle);
	ADD_TEST(s, test_c1);
	ADD_TEST(s, test_multibyte);
	ADD_TEST(s, test_combining);
	ADD_TEST(s, test_bidi_hidden);
	ADD_TEST(s, test_invalid);
	ADD_TEST(s, test_truncated_end);
	ADD_TEST(s, test_nul);
	ADD_TEST(s, test_argv);
	ADD_TEST(s, test_non_utf8);
	ADD_TEST(s, test_c_locale);
	ADD_TEST(s, test_overflow);
	ADD_TEST(s, test_width_null);
	ADD_TEST(s, test_large_random);
	ADD_TEST(s, test_large_mixed);
	return run_suites();
}
