/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmdcache.c - the command lines a live root keeps between reads
 * (FKS_READ_KEEP_CMDLINE).  Reading PID/cmdline costs an open, a read
 * that walks another process's memory, and a close for every process,
 * at every refresh, for text that changes only at an exec.
 *
 * An entry is the process's identity (pid, start time) and what tells an
 * exec or a rename (the argument area, which a new memory map moves, and
 * comm), with the text.  The cache is rebuilt from each table read with
 * the flag, so it holds only processes of the last read; entries are
 * sorted by pid and searched, read-only, by every reader thread.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/table.h"
#include "source/cmdcache.h"
#include "source/root.h"

struct cmd_entry {
	pid_t pid;
	unsigned long long start, arg_start, arg_end;
	const char *comm, *cmdline;	/* in the cache's arena */
	size_t comm_len, len, full;
};

struct cmd_cache {
	struct cmd_entry *e;	/* by pid */
	size_t n;
	struct arena strings;
};

/* A process whose text can be checked against an exec: it has an
 * argument area that we can see, or it is a kernel thread (none). */
static bool
checkable(const struct fks_task *t)
{
	return !t->is_thread && (t->known & FKS_K_STAT) &&
	       (t->arg_start || t->kthread);
}

static const struct cmd_entry *
find(const struct cmd_cache *c, pid_t pid)
{
	size_t lo = 0, hi = c ? c->n : 0, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->e[mid].pid == pid)
			return &c->e[mid];
		if (c->e[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
cmdcache_take(const struct cmd_cache *c, struct arena *strings,
	      struct fks_task *t)
{
	const struct cmd_entry *e;
	char *s;

	if (!checkable(t))
		return 0;
	e = find(c, t->tid);
	if (!e || e->start != t->start_ticks || e->arg_start != t->arg_start ||
	    e->arg_end != t->arg_end || e->comm_len != t->comm_len ||
	    memcmp(e->comm, t->comm, t->comm_len) != 0)
		return 0;
	s = arena_strndup(strings, e->cmdline, e->len);
	if (!s)
		return -ENOMEM;
	t->cmdline = s;
	t->cmdline_len = e->len;
	t->cmdline_full = e->full;
	t->known |= FKS_K_CMDLINE | FKS_K_CMDLINE_KEPT;
	return 1;
}

void
cmdcache_free(struct cmd_cache *c)
{
	if (!c)
		return;
	arena_free(&c->strings);
	free(c->e);
	free(c);
}

int
cmdcache_rebuild(struct fks_root *root, const struct fks_table *tbl)
{
	struct cmd_cache *c = calloc(1, sizeof *c);
	const struct fks_task *t;
	struct cmd_entry *e;
	size_t i;

	if (!c || !(c->e = malloc((tbl->ntasks + 1) * sizeof *c->e)))
		goto nomem;
	/* processes come in pid order: the entries are sorted as made */
	for (i = 0; i < tbl->ntasks; i++) {
		t = &tbl->tasks[i];
		if (!checkable(t) || !(t->known & FKS_K_CMDLINE))
			continue;
		e = &c->e[c->n];
		e->pid = t->tid;
		e->start = t->start_ticks;
		e->arg_start = t->arg_start;
		e->arg_end = t->arg_end;
		e->comm_len = t->comm_len;
		e->len = t->cmdline_len;
		e->full = t->cmdline_full;
		e->comm = arena_strndup(&c->strings, t->comm, t->comm_len);
		e->cmdline = arena_strndup(&c->strings, t->cmdline,
					   t->cmdline_len);
		if (!e->comm || !e->cmdline)
			goto nomem;
		c->n++;
	}
	cmdcache_free(root->cmds);
	root->cmds = c;
	return 0;
nomem:
	cmdcache_free(c);
	return -ENOMEM;
}

void
cmdcache_note(struct fks_root *root, const struct fks_task *t)
{
	struct cmd_entry *e = (struct cmd_entry *)find(root->cmds, t->tid);
	char *s;

	if (!e || e->start != t->start_ticks)
		return;
	s = arena_strndup(&root->cmds->strings, t->cmdline, t->cmdline_len);
	if (!s) {	/* then the old text must not be taken again */
		e->start = ~0ull;
		return;
	}
	e->cmdline = s;
	e->len = t->cmdline_len;
	e->full = t->cmdline_full;
}
