/*
 * table.c - reading every task of a proc root into a table, and looking
 * tasks up in it.
 *
 * The read is one pass: list the pid directories, then per task read only
 * the files the caller's field mask needs (through root.c), parse them
 * (parse-*.c) and append the task.  Live races are expected and silent: a
 * task that exits while we read it is skipped and counted.  A snapshot is
 * not live: a missing or malformed file there is a fact about the data, so
 * it becomes a message naming the file.  The forest is built in tree.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- a string arena: one free for all the strings of a table ---------- */

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

/* ---- messages ----------------------------------------------------------- */

int
table_message(struct fks_table *tbl, const char *fmt, ...)
{
	char **grown, *msg;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -ENOMEM;
	grown = realloc(tbl->messages,
			(tbl->nmessages + 1) * sizeof *tbl->messages);
	if (!grown) {
		free(msg);
		return -ENOMEM;
	}
	tbl->messages = grown;
	tbl->messages[tbl->nmessages++] = msg;
	return 0;
}

/* ---- reading one task --------------------------------------------------- */

/* What one read pass carries around. */
struct reader {
	struct fks_table *tbl;
	unsigned fields, flags;
	bool failed;		/* strict mode saw a bad file */
	char buf[8192];		/* stat and status texts */
	char cmd[FKS_CMDLINE_MAX + 1];
};

/* Outcome of reading one file of a task. */
enum got { GOT_OK, GOT_SKIP_TASK, GOT_UNKNOWN, GOT_NOMEM };

/*
 * Decides what a failed or malformed file means.  Live: a vanished task is
 * skipped silently, a permission error leaves fields unknown.  Snapshot:
 * the file is reported; a missing stat drops the task, anything else only
 * its fields.
 */
static enum got
trouble(struct reader *r, const char *rel, int rc, const char *why,
	bool essential)
{
	struct fks_table *tbl = r->tbl;
	bool snap = tbl->root->snapshot;

	if (!snap && fks_err_vanished(rc)) {
		tbl->vanished++;
		return GOT_SKIP_TASK;
	}
	if (!snap && (rc == -EACCES || rc == -EPERM))
		return GOT_UNKNOWN;
	if (table_message(tbl, "%s/%s: %s", tbl->root->path, rel,
			  why ? why : strerror(-rc)) < 0)
		return GOT_NOMEM;
	if (r->flags & FKS_READ_STRICT)
		r->failed = true;
	return essential ? GOT_SKIP_TASK : GOT_UNKNOWN;
}

/*
 * Reads and parses DIR/stat (stat true) or DIR/status.  Only stat is
 * essential: without it the task is dropped; without status, only its
 * fields are unknown.
 */
static enum got
read_text(struct reader *r, const char *dir, bool stat, struct fks_task *t)
{
	const char *why = NULL;
	char rel[64];
	size_t len;
	int rc;

	snprintf(rel, sizeof rel, "%s/%s", dir, stat ? "stat" : "status");
	rc = root_read(r->tbl->root, rel, r->buf, sizeof r->buf, &len);
	if (rc == -EFBIG)
		why = "too large for a /proc text";
	else if (stat && rc == 0 && len == 0)
		/* procfs gives an empty read for a task being torn down */
		rc = r->tbl->root->snapshot ? 0 : -ESRCH;
	if (rc == 0 && (stat ? fks_parse_stat(r->buf, len, t, &why)
			     : fks_parse_status(r->buf, len, t, &why)) < 0)
		rc = -EINVAL;
	if (rc < 0)
		return trouble(r, rel, rc, why, stat);
	if (!stat)
		return GOT_OK;
	t->comm = arena_strndup(&r->tbl->strings, t->comm, t->comm_len);
	return t->comm ? GOT_OK : GOT_NOMEM;
}

static enum got
read_cmdline(struct reader *r, const char *dir, struct fks_task *t)
{
	char rel[64];
	size_t len, full;
	int rc;

	snprintf(rel, sizeof rel, "%s/cmdline", dir);
	rc = root_read_max(r->tbl->root, rel, r->cmd, FKS_CMDLINE_MAX, &len,
			   &full);
	if (rc < 0)
		return trouble(r, rel, rc, NULL, false);
	t->cmdline = arena_strndup(&r->tbl->strings, r->cmd, len);
	if (!t->cmdline)
		return GOT_NOMEM;
	t->cmdline_len = len;
	t->cmdline_full = full;
	t->known |= FKS_K_CMDLINE;
	return GOT_OK;
}

static enum got
read_owner(struct reader *r, const char *dir, struct fks_task *t)
{
	int rc;

	rc = root_owner(r->tbl->root, dir, &t->euid);
	if (rc < 0)
		return trouble(r, dir, rc, NULL, false);
	t->known |= FKS_K_OWNER;
	return GOT_OK;
}

/*
 * Reads the task tid of process tgid; proc is its process when tid is a
 * thread (fields shared by the group are copied from it, not read again).
 */
static enum got
read_task(struct reader *r, pid_t tgid, pid_t tid, const struct fks_task *proc,
	  struct fks_task *t)
{
	bool snap = r->tbl->root->snapshot;
	char dir[48];
	enum got g = GOT_OK;

	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->tgid = tgid;
	t->is_thread = proc != NULL;
	if (proc)
		snprintf(dir, sizeof dir, "%d/task/%d", (int)tgid, (int)tid);
	else
		snprintf(dir, sizeof dir, "%d", (int)tid);

	if (r->fields & FKS_F_STAT)
		g = read_text(r, dir, true, t);
	/* A snapshot keeps owners in status: git and tar do not keep them. */
	if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
	    ((r->fields & FKS_F_STATUS) || (snap && (r->fields & FKS_F_OWNER))))
		g = read_text(r, dir, false, t);
	if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
	    (r->fields & FKS_F_OWNER) && !snap) {
		if (proc) {
			t->euid = proc->euid;
			t->known |= proc->known & FKS_K_OWNER;
		} else {
			g = read_owner(r, dir, t);
		}
	}
	if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
	    (r->fields & FKS_F_CMDLINE)) {
		if (proc) {
			t->cmdline = proc->cmdline;
			t->cmdline_len = proc->cmdline_len;
			t->cmdline_full = proc->cmdline_full;
			t->known |= proc->known & FKS_K_CMDLINE;
		} else {
			g = read_cmdline(r, dir, t);
		}
	}
	return g;
}

/* ---- the table ---------------------------------------------------------- */

/* Appends a slot; returns it, or NULL (ENOMEM). */
static struct fks_task *
slot(struct fks_table *tbl)
{
	struct fks_task *grown;
	size_t cap;

	if (tbl->ntasks == tbl->cap) {
		cap = tbl->cap ? tbl->cap * 2 : 1024;
		grown = realloc(tbl->tasks, cap * sizeof *grown);
		if (!grown)
			return NULL;
		tbl->tasks = grown;
		tbl->cap = cap;
	}
	return &tbl->tasks[tbl->ntasks];
}

static int
read_threads(struct reader *r, size_t pidx)
{
	struct fks_table *tbl = r->tbl;
	pid_t tgid = tbl->tasks[pidx].tid, *tids;
	struct fks_task *t;
	size_t i, n;
	char rel[32];
	enum got g;
	int rc;

	snprintf(rel, sizeof rel, "%d/task", (int)tgid);
	rc = root_list_pids(tbl->root, rel, &tids, &n);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		/* Live: the process went away since.  A snapshot may hold
		 * no task/ directory: then it simply has no threads. */
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (tids[i] == tgid)
			continue;
		t = slot(tbl);
		if (!t) {
			free(tids);
			return -ENOMEM;
		}
		/* tbl->tasks may have moved: index, not pointer, of proc */
		g = read_task(r, tgid, tids[i], &tbl->tasks[pidx], t);
		if (g == GOT_NOMEM) {
			free(tids);
			return -ENOMEM;
		}
		if (g != GOT_SKIP_TASK)
			tbl->ntasks++;
	}
	free(tids);
	return 0;
}

static int
build_index(struct fks_table *tbl)
{
	size_t i, h, size = 16, proc = 0;

	while (size < tbl->ntasks * 2)
		size *= 2;
	tbl->hash = malloc(size * sizeof *tbl->hash);
	tbl->proc_of = malloc((tbl->ntasks + 1) * sizeof *tbl->proc_of);
	tbl->nthreads = calloc(tbl->ntasks + 1, sizeof *tbl->nthreads);
	if (!tbl->hash || !tbl->proc_of || !tbl->nthreads)
		return -ENOMEM;
	memset(tbl->hash, 0xff, size * sizeof *tbl->hash);
	tbl->hash_mask = size - 1;
	for (i = 0; i < tbl->ntasks; i++) {
		h = ((size_t)tbl->tasks[i].tid * 2654435761u) & tbl->hash_mask;
		while (tbl->hash[h] != NO_INDEX)
			h = (h + 1) & tbl->hash_mask;
		tbl->hash[h] = i;
		if (!tbl->tasks[i].is_thread)
			proc = i;
		else
			tbl->nthreads[proc]++;
		tbl->proc_of[i] = proc;
	}
	return 0;
}

size_t
table_index(const struct fks_table *tbl, pid_t tid)
{
	size_t h;

	if (!tbl->hash)
		return NO_INDEX;
	h = ((size_t)tid * 2654435761u) & tbl->hash_mask;
	for (; tbl->hash[h] != NO_INDEX; h = (h + 1) & tbl->hash_mask)
		if (tbl->tasks[tbl->hash[h]].tid == tid)
			return tbl->hash[h];
	return NO_INDEX;
}

static int
read_all(struct reader *r)
{
	struct fks_table *tbl = r->tbl;
	struct fks_task *t;
	pid_t *pids;
	size_t i, n;
	enum got g;
	int rc;

	rc = root_list_pids(tbl->root, ".", &pids, &n);
	if (rc < 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		t = slot(tbl);
		if (!t) {
			rc = -ENOMEM;
			break;
		}
		g = read_task(r, pids[i], pids[i], NULL, t);
		if (g == GOT_NOMEM) {
			rc = -ENOMEM;
		} else if (g != GOT_SKIP_TASK) {
			tbl->ntasks++;
			/* live, stat's thread count spares listing task/
			 * for the single-threaded many (a thread born
			 * since is a later moment's); a snapshot's files
			 * are listed as they are */
			if ((r->flags & FKS_READ_THREADS) &&
			    (tbl->root->snapshot ||
			     !((t->known & FKS_K_STAT) && t->nlwp <= 1)))
				rc = read_threads(r, tbl->ntasks - 1);
		}
	}
	free(pids);
	return rc;
}

int
fks_table_read(struct fks_root *root, unsigned fields, unsigned flags,
	       struct fks_table **out)
{
	struct fks_table *tbl;
	struct reader *r;
	int rc;

	*out = NULL;
	tbl = calloc(1, sizeof *tbl);
	r = malloc(sizeof *r);
	if (!tbl || !r) {
		free(tbl);
		free(r);
		return -ENOMEM;
	}
	tbl->root = root;
	r->tbl = tbl;
	r->fields = fields;
	r->flags = flags;
	r->failed = false;
	rc = read_all(r);
	if (rc == 0)
		rc = build_index(tbl);
	if (rc == 0)
		rc = forest_build(tbl);
	if (rc == 0 && r->failed)
		rc = -EINVAL;
	free(r);
	if (rc < 0 && rc != -EINVAL) {
		fks_table_free(tbl);
		return rc;
	}
	*out = tbl;
	return rc;
}

void
fks_table_free(struct fks_table *tbl)
{
	size_t i;

	if (!tbl)
		return;
	forest_free(tbl);
	for (i = 0; i < tbl->nmessages; i++)
		free(tbl->messages[i]);
	free(tbl->messages);
	free(tbl->tasks);
	free(tbl->proc_of);
	free(tbl->nthreads);
	free(tbl->hash);
	arena_free(&tbl->strings);
	free(tbl);
}

size_t
fks_table_count(const struct fks_table *tbl)
{
	return tbl->ntasks;
}

const struct fks_task *
fks_table_at(const struct fks_table *tbl, size_t i)
{
	return i < tbl->ntasks ? &tbl->tasks[i] : NULL;
}

size_t
fks_table_index(const struct fks_table *tbl, const struct fks_task *t)
{
	return (size_t)(t - tbl->tasks);
}

const struct fks_task *
fks_table_find(const struct fks_table *tbl, pid_t tid)
{
	size_t i = table_index(tbl, tid);

	return i == NO_INDEX ? NULL : &tbl->tasks[i];
}

const struct fks_task *
fks_table_process(const struct fks_table *tbl, const struct fks_task *t)
{
	return &tbl->tasks[tbl->proc_of[t - tbl->tasks]];
}

size_t
fks_table_vanished(const struct fks_table *tbl)
{
	return tbl->vanished;
}

size_t
fks_table_nmessages(const struct fks_table *tbl)
{
	return tbl->nmessages;
}

const char *
fks_table_message(const struct fks_table *tbl, size_t i)
{
	return i < tbl->nmessages ? tbl->messages[i] : NULL;
}

struct fks_root *
fks_table_root(const struct fks_table *tbl)
{
	return tbl->root;
}

bool
fks_task_is_zombie(const struct fks_task *t)
{
	if (!(t->known & FKS_K_STAT) || t->state != FKS_STATE_ZOMBIE)
		return false;
	return t->is_thread || t->nlwp <= 1;
}

long long
fks_task_start_time(const struct fks_table *tbl, const struct fks_task *t)
{
	long long boot = fks_root_boot_time(tbl->root);

	if (!boot || !(t->known & FKS_K_STAT) || tbl->root->clk_tck <= 0)
		return -1;
	return boot + (long long)(t->start_ticks /
				  (unsigned long long)tbl->root->clk_tck);
}
