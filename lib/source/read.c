/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * read.c - the orchestrator of a table read (fks_table_read()): picks the
 * root's task source (source.h: the BPF iterator, or /proc through
 * proc-source.c), reads through it, and, for a partial source, has
 * proc-source.c fill the fields it does not give and reconciles it with
 * /proc: the processes it could not see are read from there (see
 * read_missing()).  Then the table's index and forest are built.  It
 * also keeps which source a root uses and why (fks_root_set_source() and
 * the like).  Data flows one way: sources fill the table, read.c calls
 * them, none calls back.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/table.h"
#include "model/tree.h"
#include "model/task.h"
#include "source/cmdcache.h"
#include "source/proc-source.h"
#include "source/root.h"
#include "source/source.h"
#include "source/users.h"

/* completing a partial source's table (below) */
static void read_task_count(struct fks_root *root, struct task_count *c);
static int read_missing(struct fks_table *tbl, unsigned fields,
			unsigned flags, const struct task_count *before);

/*
 * Readies src for root.  A source without open() keeps nothing; one with
 * it becomes the root's one source (root->src), its state kept until
 * fks_root_free() or until another such source is opened, which closes
 * it first.
 */
static int
open_source(struct fks_root *root, const struct task_source *src)
{
	if (!src->open)
		return 0;
	if (root->src != src) {
		if (root->src && root->src->close)
			root->src->close(root->src_state);
		root->src = src;
		root->src_state = NULL;
	}
	return src->open(root, &root->src_state);
}

/*
 * Reads tbl through src: readies it, reads; a partial source's tasks
 * then get the files fields asks beyond its stat and owner, and the
 * processes it missed are read from /proc (root->missed counts them).
 * Returns 0, or a negative errno with nothing added to tbl (but for
 * -ENOMEM).
 */
static int
read_through(const struct task_source *src, struct fks_root *root,
	     unsigned fields, unsigned flags, struct fks_table *tbl)
{
	struct task_count before = { -1, -1 };
	int rc;

	rc = open_source(root, src);
	if (rc < 0)
		return rc;
	/* the kernel's counts just before the pass: what read_missing
	 * checks it against, and a size for its buffer */
	if (src->partial)
		read_task_count(root, &before);
	rc = src->read(root, root->src == src ? root->src_state : NULL,
		       fields, flags, &before, tbl);
	if (rc < 0 || !src->partial)
		return rc;
	rc = proc_complete(tbl, fields, flags);
	if (rc == 0)
		rc = read_missing(tbl, fields, flags, &before);
	if (rc < 0)
		return rc;
	root->missed = (size_t)rc;
	return 0;
}

/*
 * Reads through the root's source: the BPF iterator when it may run (and
 * /proc when it may not, unless BPF was demanded), else /proc (a
 * snapshot: its files).
 */
static int
read_source(struct fks_table *tbl, unsigned fields, unsigned flags)
{
	struct fks_root *root = tbl->root;
	const struct task_source *src = root->snapshot ||
		root->source == FKS_SOURCE_PROC ? &proc_source : &bpf_source;
	int rc;

	root->used = FKS_SOURCE_PROC;
	if (!root->snapshot) {	/* the moment this read describes */
		root->now = (long long)time(NULL);
		root->boot_ticks = 0;	/* read again at the next need */
	}
	/* a field the source cannot give: /proc gives every one */
	if (fields & ~src->gives) {
		snprintf(root->why, sizeof root->why, "%s", src->lacks);
		if (root->source == FKS_SOURCE_BPF)
			return -EOPNOTSUPP;
		return read_through(&proc_source, root, fields, flags, tbl);
	}
	if (src == &proc_source)
		root->why[0] = '\0';
	rc = read_through(src, root, fields, flags, tbl);
	if (rc == 0) {
		root->used = src->id;
		root->why[0] = '\0';
		return 0;
	}
	/* a failed BPF read added nothing, but for -ENOMEM; its reason
	 * stays in root->why */
	if (src == &proc_source || root->source == FKS_SOURCE_BPF ||
	    rc == -ENOMEM)
		/* -EINVAL would mean a strict failure with a table */
		return src != &proc_source && rc == -EINVAL ? -EOPNOTSUPP :
								rc;
	return read_through(&proc_source, root, fields, flags, tbl);
}

int
fks_root_set_source(struct fks_root *root, enum fks_source source)
{
	if (source != FKS_SOURCE_AUTO && source != FKS_SOURCE_PROC &&
	    source != FKS_SOURCE_BPF)
		return -EINVAL;
	root->source = source;
	return 0;
}

enum fks_source
fks_root_source_used(const struct fks_root *root)
{
	return root->used;
}

const char *
fks_root_source_why(const struct fks_root *root)
{
	return root->why[0] ? root->why : NULL;
}

size_t
fks_root_bpf_missed(const struct fks_root *root)
{
	return root->used == FKS_SOURCE_BPF ? root->missed : 0;
}

/*
 * A snapshot names its users in its own file (users.c): what is malformed
 * there is reported with the read, the well-formed lines still serve.
 */
static int
report_users(struct fks_table *tbl)
{
	const struct users_bad *bad = users_bad(tbl->root->users);
	const char *path = tbl->root->path;

	if (bad->error && table_message(tbl, "%s/users: %s", path,
					fks_strerror(bad->error)) < 0)
		return -ENOMEM;
	if (bad->n == 1 && table_message(tbl, "%s/users: line %zu: %s",
					 path, bad->first_line,
					 bad->first_why) < 0)
		return -ENOMEM;
	if (bad->n > 1 && table_message(tbl, "%s/users: %zu malformed lines, "
					"the first line %zu: %s", path, bad->n,
					bad->first_line, bad->first_why) < 0)
		return -ENOMEM;
	if (bad->cut && table_message(tbl, "%s/users: larger than 1 MiB: "
				      "the rest is not read", path) < 0)
		return -ENOMEM;
	return 0;
}

/*
 * A snapshot's numbers may each parse and still be absurd together: an
 * RSS whose size in bytes, a CPU time whose sum, a start whose time past
 * the boot does not fit 64 bits.  Where they are used they are unknown,
 * never wrapped (columns.c, table.c); here each is reported, naming its
 * file, once per task.
 */
static int
report_absurd(struct fks_table *tbl)
{
	struct fks_root *root = tbl->root;
	long long bytes, boot = fks_root_boot_time(root);
	const struct fks_task *t;
	unsigned long long sum;
	const char *what[3];
	char dir[64];
	size_t i, k, n;

	for (i = 0; i < tbl->ntasks; i++) {
		t = &tbl->tasks[i];
		if (!(t->known & FKS_K_STAT))
			continue;
		n = 0;
		if (!task_rss_bytes(t, root->page_size, &bytes))
			what[n++] = "its rss in bytes";
		if (!task_cpu_ticks(t, &sum))
			what[n++] = "utime + stime";
		if (boot && root->clk_tck > 0 &&
		    !task_start_time(t, boot, root->clk_tck, &bytes))
			what[n++] = "its start time (btime + start)";
		proc_task_dir(dir, sizeof dir, t);
		for (k = 0; k < n; k++)
			if (table_message(tbl, "%s/%s/stat: %s overflows 64 "
					  "bits: shown as unknown", root->path,
					  dir, what[k]) < 0)
				return -ENOMEM;
	}
	return 0;
}

int
fks_table_read(struct fks_root *root, unsigned fields, unsigned flags,
	       struct fks_table **out)
{
	struct fks_table *tbl;
	int rc;

	*out = NULL;
	tbl = calloc(1, sizeof *tbl);
	if (!tbl)
		return -ENOMEM;
	tbl->root = root;
	rc = read_source(tbl, fields, flags);
	if (rc == 0 && root->snapshot)
		rc = report_users(tbl);
	if (rc == 0 && root->snapshot)
		rc = report_absurd(tbl);
	if (rc == 0)
		rc = table_build_index(tbl);
	if (rc == 0)
		rc = forest_build(tbl);
	if (rc == 0 && tbl->strict_failed)
		rc = -EINVAL;
	/* what the next such read may take; without memory for it, the
	 * last one's entries are still checked, so nothing is wrong */
	if ((rc == 0 || rc == -EINVAL) && (flags & FKS_READ_KEEP_CMDLINE) &&
	    (fields & FKS_F_CMDLINE) && !root->snapshot)
		(void)cmdcache_rebuild(root, tbl);
	if (rc < 0 && rc != -EINVAL) {
		fks_table_free(tbl);
		return rc;
	}
	*out = tbl;
	return rc;
}

static int
task_order(const void *a, const void *b)
{
	const struct fks_task *x = a, *y = b;

	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	if (x->is_thread != y->is_thread)
		return x->is_thread ? 1 : -1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* stat's "processes": the tasks the kernel has created since boot, or
 * -1.  The file fits in 8 KiB but on machines of many CPUs and
 * interrupts; one that does not fit in 1 MiB is cut before the line, and
 * -1 only makes accounted() fail. */
static long long
read_forks(struct fks_root *root)
{
	char small[8192], *buf = small, *p, *end;
	long long n = -1;
	size_t len;
	int rc;

	rc = root_read(root, "stat", small, sizeof small, &len);
	if (rc == -EFBIG)
		rc = fks_root_read_file(root, "stat", 1 << 20, &buf, &len,
					NULL);
	if (rc < 0)
		return -1;
	p = strstr(buf, "\nprocesses ");
	if (p) {
		errno = 0;
		n = strtoll(p + 11, &end, 10);
		if (errno || end == p + 11 || *end != '\n' || n < 0)
			n = -1;
	}
	if (buf != small)
		free(buf);
	return n;
}

/* The kernel's counts now (struct task_count); none for a snapshot. */
static void
read_task_count(struct fks_root *root, struct task_count *c)
{
	char buf[256], *slash, *end;
	long long n;
	size_t len;

	c->tasks = c->forks = -1;
	if (root->snapshot)
		return;
	/* forks first: a task created between the two reads is then
	 * counted in both, which only makes accounted() fail */
	c->forks = read_forks(root);
	/* "0.52 0.58 0.59 2/1234 5678": running/all tasks, last pid */
	if (root_read(root, "loadavg", buf, sizeof buf, &len) < 0)
		return;
	slash = strchr(buf, '/');
	if (!slash)
		return;
	errno = 0;
	n = strtoll(slash + 1, &end, 10);
	if (errno || end == slash + 1 || *end != ' ' || n < 0)
		return;
	c->tasks = n;
}

/*
 * Puts the tasks appended from index from (whole processes, a few) in
 * their place among the sorted ones before: sorted, then merged from
 * the end, so a refresh does not sort the whole table again.
 */
static int
merge_tail(struct fks_table *tbl, size_t from)
{
	size_t nt = tbl->ntasks - from, i = from, j = nt, k = tbl->ntasks;
	struct fks_task *tail;

	if (!nt)
		return 0;
	tail = malloc(nt * sizeof *tail);
	if (!tail)
		return -ENOMEM;
	memcpy(tail, tbl->tasks + from, nt * sizeof *tail);
	qsort(tail, nt, sizeof *tail, task_order);
	while (j > 0) {
		if (i > 0 && task_order(&tbl->tasks[i - 1], &tail[j - 1]) > 0)
			tbl->tasks[--k] = tbl->tasks[--i];
		else
			tbl->tasks[--k] = tail[--j];
	}
	free(tail);
	return 0;
}

/* The processes appended from index from. */
static size_t
procs_since(const struct fks_table *tbl, size_t from)
{
	size_t i, n = 0;

	for (i = from; i < tbl->ntasks; i++)
		n += !tbl->tasks[i].is_thread;
	return n;
}

/* Keeps the pids of the processes appended from index from (the next
 * read tries them first); without memory, none. */
static void
keep_proc_only(struct fks_table *tbl, size_t from)
{
	struct fks_root *root = tbl->root;
	size_t i, n = 0;

	free(root->proc_only);
	root->proc_only = malloc((tbl->ntasks - from + 1) * sizeof *root->proc_only);
	for (i = from; root->proc_only && i < tbl->ntasks; i++)
		if (!tbl->tasks[i].is_thread)
			root->proc_only[n++] = tbl->tasks[i].tid;
	root->nproc_only = n;
}

/* pids[0..n) sorted and without repeats; returns the new n. */
static size_t
sort_unique(pid_t *pids, size_t n)
{
	size_t i, k = 0;

	qsort(pids, n, sizeof *pids, pid_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || pids[k - 1] != pids[i])
			pids[k++] = pids[i];
	return k;
}

/*
 * Whether tbl provably holds every process that was alive the whole time
 * from before (read just before the iterator ran) to now, when stat is
 * read again, after every task of tbl was read.
 *
 * The iterator walks the pid table in pid order, so it shows every task
 * alive all along that the kernel does not hide from it.  Each process
 * of tbl is counted with its threads (stat's num_threads, as the kernel
 * counted them when that task was read): distinct tasks, each alive at
 * a moment of the window.  The kernel makes a new task visible (its pid
 * attached) in the same critical section in which it adds it to the
 * count of tasks (loadavg) and to the count of tasks created (stat's
 * processes); before->forks was read before before->tasks.  So each
 * counted task was either among the before->tasks alive at the start,
 * or created since before->forks was read: at most
 * now.forks - before->forks of those.  If a process alive all along
 * were missing, its leader would be one of the tasks alive at the start
 * that are not counted: the count would be at most
 * before->tasks - 1 + created.  So a count of before->tasks + created or
 * more proves that none is missing, however many tasks were created and
 * gone meanwhile.  A task that is not counted (no thread count: a
 * process being torn down) only makes the proof fail, never hold; so
 * does an unreadable count.
 *
 * Under churn the proof fails: tasks created and gone within the window
 * are counted as created and are not in tbl.  On a quiet system it
 * holds.
 */
static bool
accounted(struct fks_table *tbl, const struct task_count *before)
{
	long long forks = read_forks(tbl->root);
	unsigned long long n = 0;
	size_t i;

	if (before->tasks < 0 || before->forks < 0 || forks < before->forks)
		return false;
	for (i = 0; i < tbl->ntasks; i++)
		if (!tbl->tasks[i].is_thread &&
		    (tbl->tasks[i].known & FKS_K_STAT) &&
		    tbl->tasks[i].nlwp > 0)
			n += (unsigned long long)tbl->tasks[i].nlwp;
	return n >= (unsigned long long)before->tasks +
		    (unsigned long long)(forks - before->forks);
}

/*
 * The BPF iterator walks the kernel's pid table, yet a kernel may hide
 * tasks from BPF that /proc lists (this one hides its pid 1 and its
 * threads), and a task born while the iterator ran may be behind it.
 * Counts alone cannot find a hidden process under churn: tasks born and
 * gone during the pass make them add up, or not, by chance.  So every
 * read first reads from /proc, whatever the counts, the processes that
 * are cheap to name: pid 1 when the iterator did not show it (it lives
 * as long as the initial pid namespace, the only one the BPF source runs
 * in, so the kernel hides it), the processes the last read of this root
 * took from /proc (a hidden process stays on that list for as long as
 * it is hidden and alive: each read finds it there and keeps it), and
 * the parents of shown tasks that were not shown themselves.  Then, when
 * accounted() cannot prove that no process alive the whole time is
 * still missing, ROOT is listed and the processes it has that the table
 * lacks are read from /proc: so a process hidden in another way is in
 * every read too.  A listing (one getdents per few hundred pids, and a
 * dentry looked up for each) is made only then: on a quiet system the
 * proof holds without it.  Returns how many processes were read from
 * /proc, or -ENOMEM.
 */
static int
read_missing(struct fks_table *tbl, unsigned fields, unsigned flags,
	     const struct task_count *before)
{
	struct fks_root *root = tbl->root;
	size_t n = 0, i, k = 0, nhave = 0, nguess = 0, from = tbl->ntasks;
	size_t procs = 0, vanished;
	pid_t *pids = NULL, *have, *guess, init = 1;
	int rc = 0;

	/* the processes shown, by pid; then the guesses */
	have = malloc((2 * tbl->ntasks + root->nproc_only + 2) * sizeof *have);
	if (!have)
		return -ENOMEM;
	/* status too: the BPF source gives every task's ruid */
	fields |= FKS_F_STATUS;
	for (i = 0; i < tbl->ntasks; i++)
		if (!tbl->tasks[i].is_thread)
			have[nhave++] = tbl->tasks[i].tid;
	guess = have + nhave;
	if (!bsearch(&init, have, nhave, sizeof *have, pid_cmp))
		guess[nguess++] = init;
	for (i = 0; i < root->nproc_only; i++)
		if (!bsearch(&root->proc_only[i], have, nhave, sizeof *have,
			     pid_cmp))
			guess[nguess++] = root->proc_only[i];
	for (i = 0; i < tbl->ntasks; i++)
		if (tbl->tasks[i].ppid > 0 &&
		    !bsearch(&tbl->tasks[i].ppid, have, nhave, sizeof *have,
			     pid_cmp))
			guess[nguess++] = tbl->tasks[i].ppid;
	nguess = sort_unique(guess, nguess);
	if (nguess) {
		/* one gone since the last read, or a parent that exited
		 * meanwhile, is no news of this read: not counted */
		vanished = tbl->vanished;
		rc = proc_read_pids(tbl, fields, flags, guess, nguess);
		tbl->vanished = vanished;
	}
	if (rc == 0 && !accounted(tbl, before)) {
		rc = root_list_pids(root, ".", &pids, &n);
		if (rc == 0) {
			for (i = 0; i < n; i++)
				if (!bsearch(&pids[i], have, nhave,
					     sizeof *have, pid_cmp) &&
				    !bsearch(&pids[i], guess, nguess,
					     sizeof *guess, pid_cmp))
					pids[k++] = pids[i];
			rc = k ? proc_read_pids(tbl, fields, flags, pids,
						    k) : 0;
		} else if (rc != -ENOMEM) {
			rc = 0;		/* unlistable now: next time */
		}
	}
	if (rc == 0) {	/* while the appended tasks are still the tail */
		keep_proc_only(tbl, from);
		procs = procs_since(tbl, from);
		rc = merge_tail(tbl, from);
	}
	if (rc == 0)
		rc = (int)procs;
	free(have);
	free(pids);
	return rc;
}
