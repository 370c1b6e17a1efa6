/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arena.h - arena.c's string arena: the strings of a table (and of a
 * decoded BPF read) in a few large chunks, all freed at once with their
 * owner.  Private to the library.
 */
#ifndef FKS_ARENA_H
#define FKS_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;	/* NULL: empty */
};

/* size bytes that live until arena_free(), or NULL without memory. */
void *arena_alloc(struct arena *a, size_t size);
/* A NUL-terminated copy of len bytes of s, or NULL without memory. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
void arena_free(struct arena *a);
/* The link that ends the arena's chunk list (to splice another after). */
struct arena_chunk **arena_tail(struct arena *a);

#endif
