/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-escape.c - libFuzzer harness for fks_escape(): whatever the bytes
 * and flags, the result holds no C0 control, no DEL and (in UTF-8 mode)
 * only valid UTF-8 without C1 controls or Hangul fillers, and the width is
 * what wcswidth() measures.  An escaped character is ASCII ("\xNN" per
 * byte), so escaping more (the fillers, whose raw widths glibc gives as
 * 0, 1 or 2) keeps the width equal to wcswidth()'s.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "forkscope.h"

static int
init(void)
{
	return setlocale(LC_CTYPE, "C.UTF-8") != NULL;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static int ready;
	unsigned flags;
	size_t width, n, i;
	wchar_t *w;
	char *e;

	if (!ready)
		ready = init();
	if (size < 1)
		return 0;
	flags = data[0] & (FKS_ESC_UTF8 | FKS_ESC_ARGV);
	e = fks_escape((const char *)data + 1, size - 1, flags, &width);
	if (!e)
		abort();
	for (i = 0; e[i]; i++)
		if ((unsigned char)e[i] < 0x20 || e[i] == 0x7f ||
		    (!(flags & FKS_ESC_UTF8) && (unsigned char)e[i] >= 0x80) ||
		    ((unsigned char)e[i] == 0xc2 &&
		     (unsigned char)e[i + 1] >= 0x80 &&
		     (unsigned char)e[i + 1] <= 0x9f))
			abort();
	/* U+115F, U+1160, U+3164, U+FFA0: invisible, never raw */
	if (strstr(e, "\xe1\x85\x9f") || strstr(e, "\xe1\x85\xa0") ||
	    strstr(e, "\xe3\x85\xa4") || strstr(e, "\xef\xbe\xa0"))
		abort();
	n = mbstowcs(NULL, e, 0);
	if (n == (size_t)-1)
		abort();
	w = malloc((n + 1) * sizeof *w);
	if (w) {
		mbstowcs(w, e, n + 1);
		if ((size_t)wcswidth(w, n) != width)
			abort();
		free(w);
	}
	free(e);
	return 0;
}
