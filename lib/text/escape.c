/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * escape.c - makes hostile byte strings (comm, argv, messages that quote
 * file content) safe to print on a terminal, and measures the columns the
 * result takes.
 *
 * A process chooses its own name, so a name may hold anything: ESC or C1
 * sequences that drive the terminal, newlines that forge extra rows, bidi
 * overrides and invisible characters that make one name look like another,
 * bytes that are not UTF-8 at all.  Everything that is not a plainly
 * visible character is shown as a C-style escape, so nothing reaches the
 * terminal as a control and no byte of a name is invisible.  (Look-alike
 * letters from other scripts stay: they are visible, only confusable.)
 *
 * UTF-8 is decoded here, strictly, rather than with mbrtowc(): glibc's
 * decoder depends on the locale and is not the place to decide what is
 * hostile.  The locale is still consulted, through wcwidth(), for which
 * characters are printable and how wide they are; in a locale that is not
 * UTF-8 it says -1 for all of non-ASCII, which escapes it.
 *
 * It does not truncate, pad or colour, nor choose whether the terminal is
 * UTF-8 (the caller passes FKS_ESC_UTF8), nor know about grapheme clusters
 * beyond "a zero-width mark needs a visible base".  Widths are glibc's; a
 * terminal with other Unicode tables may disagree about emoji and newer
 * characters, which costs alignment, never safety.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#else
/* wcwidth() needs it; in the real build config.h defines it */
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "forkscope.h"

/* The longest escape of one input byte is "\xNN". */
#define ESC_MAX 4

/* Where the output stands. */
struct out {
	char *p;		/* next byte to write */
	size_t width;		/* columns written so far */
	bool base;		/* the last thing written was a raw visible
				 * character, so a zero-width mark may follow
				 * and combine with it */
};

/*
 * Format characters (general category Cf) that are invisible or reorder
 * their neighbours.  glibc gives them width 0 (the soft hyphen 1) and calls
 * them printable, yet shown raw they hide inside a name ("ss<ZWSP>hd" looks
 * like "sshd") or flip the text around them (U+202E), so they are escaped
 * whatever wcwidth() says.  The cost: emoji joined by ZWJ and words that
 * need ZWNJ show the joiner as an escape.  Variation selectors and
 * combining marks (Mn, Me) are not here: they are visible on their base.
 *
 * With them, the Hangul fillers: letters (Lo) with no glyph, which
 * Unicode makes default-ignorable, so a terminal draws them as nothing or
 * as blank cells of a width glibc does not know (it says 2 for U+115F and
 * U+3164, 1 for U+FFA0, 0 for U+1160): a name made of them looks empty,
 * and one holding them looks like another.  Written as Hangul they only
 * ever pad a syllable block a font composes, which no terminal does.
 * The braille blank U+2800 is not here: a visible cell of one column, as
 * blank as a space and no more deceptive than one (spaces stay raw).
 */
static const struct {
	uint32_t first, last;
} hidden[] = {
	{ 0x00ad, 0x00ad },	/* soft hyphen: width varies by terminal */
	{ 0x061c, 0x061c },	/* arabic letter mark (bidi) */
	{ 0x115f, 0x1160 },	/* hangul choseong and jungseong fillers */
	{ 0x180e, 0x180e },	/* mongolian vowel separator */
	{ 0x200b, 0x200f },	/* zero-width space, ZWNJ, ZWJ, LRM, RLM */
	{ 0x2028, 0x202e },	/* line/paragraph separator, bidi embeddings
				 * and overrides */
	{ 0x2060, 0x206f },	/* word joiner, invisible operators, bidi
				 * isolates, deprecated format characters */
	{ 0x3164, 0x3164 },	/* hangul filler */
	{ 0xfeff, 0xfeff },	/* zero-width no-break space (BOM) */
	{ 0xffa0, 0xffa0 },	/* halfwidth hangul filler */
	{ 0xfff9, 0xfffb },	/* interlinear annotation */
	{ 0x13430, 0x1343f },	/* egyptian hieroglyph format controls */
	{ 0x1bca0, 0x1bca3 },	/* shorthand format controls */
	{ 0x1d173, 0x1d17a },	/* musical symbol format controls */
	{ 0xe0001, 0xe0001 },	/* language tag */
	{ 0xe0020, 0xe007f },	/* tag characters */
};

static const char hexdigit[] = "0123456789abcdef";

/* True for the bytes that are copied as they are: printable ASCII but the
 * backslash, which must be escaped for the escapes to be unambiguous. */
static inline bool
is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

/* Length of the leading run of plain bytes: the whole string for almost
 * every name, which is then copied without looking at it again. */
static size_t
plain_prefix(const unsigned char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!is_plain(s[i]))
			break;
	}
	return i;
}

static void
put_hex(struct out *o, unsigned char c)
{
	*o->p++ = '\\';
	*o->p++ = 'x';
	*o->p++ = hexdigit[c >> 4];
	*o->p++ = hexdigit[c & 0xf];
	o->width += 4;
	o->base = false;
}

/* One byte below 0x80 that is not plain: a control, DEL, backslash, or NUL
 * (which FKS_ESC_ARGV shows as the space between two arguments). */
static void
put_ascii(struct out *o, unsigned char c, unsigned flags)
{
	char e;

	switch (c) {
	case '\0':
		if (flags & FKS_ESC_ARGV) {
			/* Not a base: a mark at the start of an argument
			 * must not combine with the separator. */
			*o->p++ = ' ';
			o->width++;
			o->base = false;
			return;
		}
		put_hex(o, c);
		return;
	case '\\':
		if (flags & FKS_ESC_BACKSLASH) {
			*o->p++ = '\\';
			o->width++;
			o->base = true;
			return;
		}
		e = '\\';
		break;
	case '\n':
		e = 'n';
		break;
	case '\t':
		e = 't';
		break;
	case '\r':
		e = 'r';
		break;
	case 0x1b:
		e = 'e';
		break;
	default:
		put_hex(o, c);
		return;
	}
	*o->p++ = '\\';
	*o->p++ = e;
	o->width += 2;
	o->base = false;
}

/*
 * Decodes one UTF-8 sequence at s (s[0] >= 0x80), reading at most len
 * bytes.  Strict: overlong forms, surrogates, code points above U+10FFFF,
 * stray continuation bytes and sequences cut short (by a foreign byte or by
 * len) are all invalid.  Returns the length of the sequence (2 to 4) and
 * sets *cp, or 0 when s does not start a valid sequence.
 */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t n, i;

	/* C0 and C1 can only start overlong forms; F5..FF only code
	 * points past U+10FFFF. */
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000))
		return 0;	/* overlong */
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

static bool
is_hidden(uint32_t cp)
{
	size_t i;

	/* Everything hidden is from U+00AD up: one comparison for most
	 * scripts before the (short, sorted) table. */
	if (cp < 0xad)
		return false;
	for (i = 0; i < sizeof hidden / sizeof *hidden; i++) {
		if (cp < hidden[i].first)
			return false;
		if (cp <= hidden[i].last)
			return true;
	}
	return false;
}

/*
 * Whether a valid code point (>= U+0080) may be written raw; sets *w to its
 * columns.  C1 controls (U+0080..U+009F) are never raw: some terminals act
 * on them even when UTF-8 encoded.  A zero-width character (a combining
 * mark) is raw only right after a raw visible character: at the start of
 * the string it would combine with whatever the terminal shows before it
 * (a prompt, the previous column), after an escape it would disguise the
 * escape.
 */
static bool
keep_raw(uint32_t cp, bool base, int *w)
{
	if (cp < 0xa0 || is_hidden(cp))
		return false;
	*w = wcwidth((wchar_t)cp);
	if (*w < 0)
		return false;
	return *w > 0 || base;
}

/* One byte of 0x80 and above at s[0], with len bytes left; returns the
 * bytes used. */
static size_t
put_high(struct out *o, const unsigned char *s, size_t len, unsigned flags)
{
	uint32_t cp;
	size_t n, i;
	int w;

	if (!(flags & FKS_ESC_UTF8))
		n = 0;
	else
		n = utf8_decode(s, len, &cp);
	if (n == 0) {
		/* Escape this byte alone and resynchronise on the next
		 * one: it may start a valid sequence of its own. */
		put_hex(o, s[0]);
		return 1;
	}
	if (!keep_raw(cp, o->base, &w)) {
		for (i = 0; i < n; i++)
			put_hex(o, s[i]);
		return n;
	}
	memcpy(o->p, s, n);
	o->p += n;
	o->width += (size_t)w;
	o->base = true;
	return n;
}

/*
 * Makes len bytes of s safe to print on a terminal; see forkscope.h.  s
 * may hold NULs and is never read past len.  Returns a new string, or NULL
 * with errno ENOMEM.
 */
char *
fks_escape(const char *s, size_t len, unsigned flags, size_t *width)
{
	const unsigned char *u = (const unsigned char *)s;
	struct out o;
	size_t n, i, size;
	char *buf, *shrunk;

	/* Checked before s is read: the worst case, every byte as "\xNN",
	 * must fit in a size_t with the final NUL. */
	if (len > (SIZE_MAX - 1) / ESC_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	/* argv ends with a NUL; any other NUL, even one just before it (an
	 * empty last argument), is a separator and stays visible. */
	if ((flags & FKS_ESC_ARGV) && len > 0 && u[len - 1] == '\0')
		len--;

	n = plain_prefix(u, len);
	size = n == len ? len + 1 : n + (len - n) * ESC_MAX + 1;
	buf = malloc(size);
	if (buf == NULL)
		return NULL;
	if (n > 0)
		memcpy(buf, u, n);
	o.p = buf + n;
	o.width = n;
	o.base = n > 0;

	i = n;
	while (i < len) {
		if (is_plain(u[i])) {
			*o.p++ = (char)u[i++];
			o.width++;
			o.base = true;
		} else if (u[i] < 0x80)
			put_ascii(&o, u[i++], flags);
		else
			i += put_high(&o, u + i, len - i, flags);
	}
	*o.p++ = '\0';

	/* Rows are kept for a whole listing: give back the worst-case
	 * slack.  Failing to shrink leaves a valid, larger buffer. */
	if ((size_t)(o.p - buf) < size) {
		shrunk = realloc(buf, (size_t)(o.p - buf));
		if (shrunk != NULL)
			buf = shrunk;
	}
	if (width != NULL)
		*width = o.width;
	return buf;
}
