/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * manifest.h - the pure parser of a snapshot's manifest (manifest.c):
 * root.c reads the file and keeps what this gives.  Private to the
 * library.
 */
#ifndef FKS_MANIFEST_H
#define FKS_MANIFEST_H

#include <stddef.h>

/*
 * Splits len bytes of manifest text (up to a NUL, if any) into *keys and
 * *vals, *n entries in file order, each array NULL-terminated.  Returns 0,
 * or -ENOMEM with nothing allocated.
 */
int manifest_parse(const char *buf, size_t len, char ***keys, char ***vals,
		   size_t *n);
void manifest_free(char **keys, char **vals, size_t n);
/* The value of the first entry named key, or NULL. */
const char *manifest_get(char *const *keys, char *const *vals, size_t n,
			 const char *key);

#endif
