/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arena.c - a string arena: a table's strings in a few large chunks, all
 * freed at once with the table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	char data[];
};

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	size_t want;

	size = (size + 7) & ~(size_t)7;
	if (!c || c->size - c->used < size) {
		want = size > 60000 ? size : 60000;
		c = malloc(sizeof *c + want);
		if (!c)
			return NULL;
		c->size = want;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	c->used += size;
	return c->data + c->used - size;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

struct arena_chunk **
arena_tail(struct arena *a)
{
	struct arena_chunk **link = &a->head;

	while (*link)
		link = &(*link)->next;
	return link;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
