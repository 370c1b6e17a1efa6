/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * proc-source.c - the /proc task source: list a root's pid directories,
 * then per task read only the files the caller's field mask needs
 * (through root.c), parse them (parse-*.c) and append the task; and the
 * same reads for read.c, which completes a partial source's table from
 * here (proc-source.h), and for a caller that wants one more file of one
 * task (fks_table_read_status() and the like).
 *
 * Live races are expected and silent: a task that exits while we read it
 * is skipped and counted.  A snapshot is not live: a missing or malformed
 * file there is a fact about the data, so it becomes a message naming the
 * file.  A large live /proc is read by several threads, each over its own
 * range of pids into its own part of the table, merged in pid order.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/arena.h"
#include "model/table.h"
#include "model/task.h"
#include "parse/cgroup.h"
#include "parse/parse.h"
#include "source/cmdcache.h"
#include "source/proc-source.h"
#include "source/root.h"
#include "source/source.h"

/* ---- reading one task --------------------------------------------------- */

/* What one read pass carries around. */
struct reader {
	struct fks_table *tbl;
	unsigned fields, flags;
	char buf[8192];		/* stat and status texts */
	char cmd[FKS_CMDLINE_MAX + 1];
};

/*
 * A reader for tbl, or NULL.  Only its head is set: its buffers (136 KiB)
 * are always written before they are read, so zeroing them would only
 * touch 34 fresh pages at every read.
 */
static struct reader *
reader_new(struct fks_table *tbl, unsigned fields, unsigned flags)
{
	struct reader *r = malloc(sizeof *r);

	if (r) {
		r->tbl = tbl;
		r->fields = fields;
		r->flags = flags;
	}
	return r;
}

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
			  why ? why : fks_strerror(rc)) < 0)
		return GOT_NOMEM;
	if (r->flags & FKS_READ_STRICT)
		tbl->strict_failed = true;
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
	int rc, tries;

	snprintf(rel, sizeof rel, "%s/%s", dir, stat ? "stat" : "status");
	/* live, a text that does not parse is read once more: a task torn
	 * down as it was read may have shown fields half cleared, and is
	 * then gone (skipped as vanished) or whole; a snapshot's is final */
	for (tries = r->tbl->root->snapshot ? 1 : 2; tries > 0; tries--) {
		why = NULL;
		rc = root_read(r->tbl->root, rel, r->buf, sizeof r->buf, &len);
		if (rc == -EFBIG)
			why = "too large for a /proc text";
		else if (stat && rc == 0 && len == 0)
			/* procfs gives an empty read for a task being torn
			 * down */
			rc = r->tbl->root->snapshot ? 0 : -ESRCH;
		if (rc == 0 && (stat ? fks_parse_stat(r->buf, len, t, &why)
				: fks_parse_status(r->buf, len, t, &why)) < 0)
			rc = -EINVAL;
		if (rc != -EINVAL)
			break;
	}
	if (rc < 0)
		return trouble(r, rel, rc, why, stat);
	if (!stat)
		return GOT_OK;
	if (stat_exit_code_hidden(r->tbl->root, dir, t))
		t->known = (t->known & ~(unsigned)FKS_K_EXIT_CODE) |
			   FKS_K_EXIT_HIDDEN;
	t->comm = arena_strndup(&r->tbl->strings, t->comm, t->comm_len);
	return t->comm ? GOT_OK : GOT_NOMEM;
}

/* PF_EXITING in stat's flags: the task has begun to exit. */
#define PF_EXITING 0x00000004u

bool
stat_exit_code_hidden(struct fks_root *root, const char *dir,
		      const struct fks_task *t)
{
	if (!(t->known & FKS_K_EXIT_CODE) || t->kthread)
		return false;
	if (root->snapshot)
		return root_exit_hidden(root, t->tid);
	/* only a task without a memory map prints 0 for start_code and
	 * end_code whoever reads it; it has begun to exit */
	if (t->state != FKS_STATE_ZOMBIE && t->state != FKS_STATE_DEAD &&
	    !(t->flags & PF_EXITING))
		return false;
	return !root_may_ptrace(root, dir);
}

/*
 * Reads DIR/cmdline into t, its text in tbl's strings (buf holds
 * FKS_CMDLINE_MAX + 1 bytes).  Returns 0, or a negative errno with t
 * untouched.
 */
static int
fetch_cmdline(struct fks_table *tbl, const char *dir, char *buf,
	      struct fks_task *t)
{
	char rel[64], *s;
	size_t len, full;
	int rc;

	snprintf(rel, sizeof rel, "%s/cmdline", dir);
	rc = root_read_max(tbl->root, rel, buf, FKS_CMDLINE_MAX, &len, &full);
	if (rc < 0)
		return rc;
	s = arena_strndup(&tbl->strings, buf, len);
	if (!s)
		return -ENOMEM;
	t->cmdline = s;
	t->cmdline_len = len;
	t->cmdline_full = full;
	t->known = (t->known | FKS_K_CMDLINE) & ~FKS_K_CMDLINE_KEPT;
	return 0;
}

static enum got
read_cmdline(struct reader *r, const char *dir, struct fks_task *t)
{
	char rel[64];
	int rc;

	rc = fetch_cmdline(r->tbl, dir, r->cmd, t);
	if (rc == -ENOMEM)
		return GOT_NOMEM;
	if (rc < 0) {
		snprintf(rel, sizeof rel, "%s/cmdline", dir);
		return trouble(r, rel, rc, NULL, false);
	}
	return GOT_OK;
}

/*
 * A process whose leader called pthread_exit() while other threads run:
 * the kernel shows the leader as Z and its cmdline as empty (the leader
 * has no memory map left), yet every other thread still has argv.  Take
 * the command line of the first of them, so the process is shown by its
 * command as ps cannot.  Rare, so listing task/ here costs nothing.  Any
 * trouble (the thread exited meanwhile) keeps the empty line: returns 0
 * or -ENOMEM.
 */
static int
leader_cmdline(struct fks_table *tbl, char *buf, struct fks_task *t)
{
	char dir[48];
	pid_t *tids;
	size_t i, n;
	int rc = 0;

	snprintf(dir, sizeof dir, "%d/task", (int)t->tgid);
	rc = root_list_pids(tbl->root, dir, &tids, &n);
	if (rc < 0)
		return rc == -ENOMEM ? rc : 0;
	for (i = 0; i < n && tids[i] == t->tgid; i++)
		;
	if (i < n) {
		snprintf(dir, sizeof dir, "%d/task/%d", (int)t->tgid,
			 (int)tids[i]);
		rc = fetch_cmdline(tbl, dir, buf, t);
	}
	free(tids);
	return rc == -ENOMEM ? rc : 0;
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

/* Keeps a cgroup text (len bytes at buf) in t, in tbl's strings. */
static int
keep_cgroup(struct fks_table *tbl, struct fks_task *t, const char *buf,
	    size_t len)
{
	char *copy = arena_strndup(&tbl->strings, buf, len);

	if (!copy)
		return -ENOMEM;
	t->cgroup = copy;
	t->cgroup_len = len;
	t->known |= FKS_K_CGROUP;
	return 0;
}

/*
 * Where the task runs: DIR/cgroup (FKS_F_CGROUP) and the DIR/ns/pid link
 * (FKS_F_PIDNS; a thread is in its process's pid namespace).  Neither is
 * needed to list a task, so a failure leaves the field unknown; a snapshot
 * taken before procsnap kept them, or by a user who could not read them,
 * lacks the files, which is no fault of the snapshot.
 */
static enum got
read_place(struct reader *r, const char *dir, const struct fks_task *proc,
	   struct fks_task *t)
{
	struct fks_root *root = r->tbl->root;
	char rel[64];
	size_t len;
	int rc;

	if (r->fields & FKS_F_CGROUP) {
		snprintf(rel, sizeof rel, "%s/cgroup", dir);
		rc = root_read(root, rel, r->buf, sizeof r->buf, &len);
		if (rc == 0) {
			if (keep_cgroup(r->tbl, t, r->buf, len) < 0)
				return GOT_NOMEM;
		} else if (rc != -ENOENT || !root->snapshot) {
			enum got g = trouble(r, rel, rc, rc == -EFBIG ?
					     "too large for a /proc text" :
					     NULL, false);

			if (g != GOT_UNKNOWN)
				return g;
		}
	}
	/* (the BPF source gives it) */
	if (!(r->fields & FKS_F_PIDNS) || (t->known & FKS_K_PIDNS))
		return GOT_OK;
	if (proc) {
		t->pidns = proc->pidns;
		t->known |= proc->known & FKS_K_PIDNS;
		return GOT_OK;
	}
	snprintf(rel, sizeof rel, "%s/ns/pid", dir);
	rc = root_read_link(root, rel, r->buf, 64, &len);
	if (rc == 0 && ns_link_inode(r->buf, len, "pid", &t->pidns) == 0) {
		t->known |= FKS_K_PIDNS;
		return GOT_OK;
	}
	if (rc == 0)
		return trouble(r, rel, -EINVAL, "not a pid namespace link",
			       false);
	/* live, ENOENT: a task being reaped now (its pid leaves its
	 * namespace), or gone since: skipped at its next read */
	if (rc == -ENOENT)
		return GOT_OK;
	return trouble(r, rel, rc, NULL, false);
}

/*
 * DIR/wchan (FKS_F_WCHAN), kept in the table's strings.  Not needed to
 * list a task: a file that cannot be read (a snapshot taken before
 * procsnap kept it) leaves the field unknown, as ps shows "?" for it.
 */
static enum got
read_wchan(struct reader *r, const char *dir, struct fks_task *t)
{
	char rel[64];
	size_t len;
	int rc;

	snprintf(rel, sizeof rel, "%s/wchan", dir);
	rc = root_read(r->tbl->root, rel, r->buf, 256, &len);
	if (rc < 0)
		return GOT_OK;
	if (!(t->wchan = arena_strndup(&r->tbl->strings, r->buf, len)))
		return GOT_NOMEM;
	t->wchan_len = len;
	t->known |= FKS_K_WCHAN;
	return GOT_OK;
}

/*
 * VmRSS and VmLck without reading status: a live task that stat says has
 * no memory map (a kernel thread; a zombie or a dead task, whose map is
 * gone) has no Vm lines there, so ps shows 0.  True when t's fields were
 * so set.
 */
static bool
mem_without_status(const struct fks_root *root, struct fks_task *t)
{
	if (root->snapshot || !(t->known & FKS_K_STAT) ||
	    !(t->kthread || t->state == FKS_STATE_ZOMBIE ||
	      t->state == FKS_STATE_DEAD))
		return false;
	t->vm_rss = t->vm_lck = 0;
	t->known |= FKS_K_VMRSS | FKS_K_VMLCK;
	return true;
}

/*
 * The memory fields the reader's fields ask for and t lacks (a source may
 * have given VmLck): VmLck from status; VmRSS from status in a snapshot
 * (which keeps no statm) or where status is read anyway, else from
 * statm, whose resident count the kernel takes from the same counters
 * as VmRSS (task_statm(), task_mem()) in a shorter, cheaper text
 * (docs/BENCHMARKS.md).
 */
static enum got
read_mem(struct reader *r, const char *dir, bool status_tried,
	 struct fks_task *t)
{
	struct fks_root *root = r->tbl->root;
	bool rss = (r->fields & FKS_F_VMRSS) && !(t->known & FKS_K_VMRSS);
	bool lck = (r->fields & FKS_F_VMLCK) && !(t->known & FKS_K_VMLCK);
	unsigned long long pages;
	const char *why = NULL;
	char rel[64];
	size_t len;
	int rc;

	/* a status read (or missing) already said all it has: without the
	 * lines, or the file, stat's rss stands in and STAT has no L */
	if ((!rss && !lck) || status_tried || mem_without_status(root, t))
		return GOT_OK;
	if (lck || root->snapshot)
		return read_text(r, dir, false, t);
	snprintf(rel, sizeof rel, "%s/statm", dir);
	rc = root_read(root, rel, r->buf, sizeof r->buf, &len);
	if (rc == 0 && (statm_resident(r->buf, len, &pages) < 0 ||
			__builtin_mul_overflow(pages,
					       (unsigned long long)root->page_size,
					       &pages))) {
		rc = -EINVAL;
		why = "not a statm text";
	}
	if (rc < 0)
		return trouble(r, rel, rc, why, false);
	t->vm_rss = pages / 1024;
	t->known |= FKS_K_VMRSS;
	return GOT_OK;
}

void
proc_task_dir(char *dir, size_t size, const struct fks_task *t)
{
	if (t->is_thread)
		snprintf(dir, size, "%d/task/%d", (int)t->tgid, (int)t->tid);
	else
		snprintf(dir, size, "%d", (int)t->tid);
}

/* An empty command line of a zombie leader whose threads run on. */
static bool
needs_leader_fallback(const struct fks_task *t)
{
	return t->cmdline_len == 0 && t->state == FKS_STATE_ZOMBIE &&
	       t->nlwp > 1;
}

/*
 * The command line (dir: the task's directory, NULL to name it here only
 * if a file is read): a thread shares its process's (proc), a process takes
 * the one its root kept (FKS_READ_KEEP_CMDLINE, see cmdcache.c) or reads
 * its own, or a live thread's when its leader has exited (see
 * leader_cmdline).
 */
static enum got
take_cmdline(struct reader *r, const char *dir, const struct fks_task *proc,
	     struct fks_task *t)
{
	struct fks_root *root = r->tbl->root;
	char own[48];
	enum got g;
	int rc;

	if (proc) {
		t->cmdline = proc->cmdline;
		t->cmdline_len = proc->cmdline_len;
		t->cmdline_full = proc->cmdline_full;
		t->known |= proc->known & (FKS_K_CMDLINE | FKS_K_CMDLINE_KEPT);
		return GOT_OK;
	}
	/* kept from the last read, when the process held still */
	if ((r->flags & FKS_READ_KEEP_CMDLINE) && !root->snapshot &&
	    (rc = cmdcache_take(root->cmds, &r->tbl->strings, t)) != 0)
		return rc < 0 ? GOT_NOMEM : GOT_OK;
	if (!dir) {
		proc_task_dir(own, sizeof own, t);
		dir = own;
	}
	g = read_cmdline(r, dir, t);
	if (g == GOT_OK && !root->snapshot && needs_leader_fallback(t) &&
	    leader_cmdline(r->tbl, r->cmd, t) < 0)
		g = GOT_NOMEM;
	return g;
}

/*
 * Reads the task tid of process tgid; proc is its process when tid is a
 * thread (fields shared by the group are copied from it, not read again).
 */
static enum got
read_task(struct reader *r, pid_t tgid, pid_t tid, const struct fks_task *proc,
	  struct fks_task *t)
{
	bool snap = r->tbl->root->snapshot, status;
	char dir[48];
	enum got g = GOT_OK;

	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->tgid = tgid;
	t->is_thread = proc != NULL;
	proc_task_dir(dir, sizeof dir, t);

	if (r->fields & FKS_F_STAT)
		g = read_text(r, dir, true, t);
	/* A snapshot keeps owners in status: git and tar do not keep them. */
	status = (r->fields & FKS_F_STATUS) ||
		 (snap && (r->fields & FKS_F_OWNER));
	if (g != GOT_SKIP_TASK && g != GOT_NOMEM && status)
		g = read_text(r, dir, false, t);
	if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
	    (r->fields & (FKS_F_VMRSS | FKS_F_VMLCK)))
		g = read_mem(r, dir, status, t);
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
	    (r->fields & FKS_F_CMDLINE))
		g = take_cmdline(r, dir, proc, t);
	if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
	    (r->fields & (FKS_F_CGROUP | FKS_F_PIDNS)))
		g = read_place(r, dir, proc, t);
	if (g != GOT_SKIP_TASK && g != GOT_NOMEM && (r->fields & FKS_F_WCHAN))
		g = read_wchan(r, dir, t);
	return g;
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
		t = table_slot(tbl);
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

/* Reads the processes pids[0..n) (and their threads) into r's table. */
static int
read_range(struct reader *r, const pid_t *pids, size_t n)
{
	struct fks_table *tbl = r->tbl;
	struct fks_task *t;
	size_t i;
	enum got g;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		t = table_slot(tbl);
		if (!t)
			return -ENOMEM;
		g = read_task(r, pids[i], pids[i], NULL, t);
		if (g == GOT_NOMEM)
			return -ENOMEM;
		if (g == GOT_SKIP_TASK)
			continue;
		tbl->ntasks++;
		/* live, stat's thread count spares listing task/ for the
		 * single-threaded many (a thread born since is a later
		 * moment's); a snapshot's files are listed as they are */
		if ((r->flags & FKS_READ_THREADS) &&
		    (tbl->root->snapshot ||
		     !((t->known & FKS_K_STAT) && t->nlwp <= 1)))
			rc = read_threads(r, tbl->ntasks - 1);
	}
	return rc;
}

/*
 * A large live /proc is read by several threads: the cost is the kernel's
 * work per open and read, which scales with cores, not anything we could
 * do with fewer calls.  Each part reads a contiguous range of pids into a
 * table of its own; the parts are merged in pid order, so the result is
 * the one a single thread would build.
 */
#define PARALLEL_MIN 1024	/* fewer processes: one thread is as fast */
#define PARALLEL_MAX 4

struct part {
	struct reader *r;
	struct fks_table tbl;	/* tasks, strings, messages of this range */
	const pid_t *pids;
	size_t n;
	int rc;
};

static void *
part_main(void *arg)
{
	struct part *p = arg;

	p->rc = read_range(p->r, p->pids, p->n);
	return NULL;
}

/* Moves a part's tasks, strings and messages to the end of tbl. */
static int
merge(struct fks_table *tbl, struct part *p)
{
	struct arena_chunk **tail;
	char **msgs;
	size_t n = tbl->ntasks + p->tbl.ntasks;

	msgs = realloc(tbl->messages, (tbl->nmessages + p->tbl.nmessages + 1) *
		       sizeof *msgs);
	if (msgs)
		tbl->messages = msgs;
	if (table_reserve(tbl, n + 1) < 0 || !msgs)
		return -ENOMEM;
	/* an empty part has no arrays at all: memcpy() wants no NULL */
	if (p->tbl.ntasks)
		memcpy(tbl->tasks + tbl->ntasks, p->tbl.tasks,
		       p->tbl.ntasks * sizeof *tbl->tasks);
	tbl->ntasks = n;
	if (p->tbl.nmessages)
		memcpy(tbl->messages + tbl->nmessages, p->tbl.messages,
		       p->tbl.nmessages * sizeof *msgs);
	tbl->nmessages += p->tbl.nmessages;
	p->tbl.nmessages = 0;
	tbl->vanished += p->tbl.vanished;
	tail = arena_tail(&p->tbl.strings);
	*tail = tbl->strings.head;
	tbl->strings.head = p->tbl.strings.head;
	p->tbl.strings.head = NULL;
	return 0;
}

static size_t
cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return 1;
	n = CPU_COUNT(&set);
	return n < 1 ? 1 : n > PARALLEL_MAX ? PARALLEL_MAX : (size_t)n;
}

static void
free_part(struct part *p)
{
	size_t i;

	for (i = 0; i < p->tbl.nmessages; i++)
		free(p->tbl.messages[i]);
	free(p->tbl.messages);
	free(p->tbl.tasks);
	arena_free(&p->tbl.strings);
	free(p->r);
}

static int
read_parallel(struct reader *r, const pid_t *pids, size_t n, size_t k)
{
	struct part *parts = calloc(k, sizeof *parts);
	pthread_t *threads = calloc(k, sizeof *threads);
	bool *started = calloc(k, sizeof *started);
	size_t i, chunk = (n + k - 1) / k;
	int rc = 0;

	if (!parts || !threads || !started) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < k; i++) {
		parts[i].r = reader_new(&parts[i].tbl, r->fields, r->flags);
		if (!parts[i].r) {
			rc = -ENOMEM;
			goto out;
		}
		parts[i].tbl.root = r->tbl->root;
		parts[i].pids = pids + i * chunk;
		parts[i].n = i * chunk >= n ? 0 : n - i * chunk < chunk ?
			     n - i * chunk : chunk;
	}
	/* the calling thread reads the first range itself; a thread that
	 * cannot be started is read here too */
	for (i = 1; i < k; i++)
		started[i] = pthread_create(&threads[i], NULL, part_main,
					    &parts[i]) == 0;
	part_main(&parts[0]);
	for (i = 1; i < k; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			part_main(&parts[i]);
	}
	for (i = 0; i < k && rc == 0; i++) {
		rc = parts[i].rc ? parts[i].rc : merge(r->tbl, &parts[i]);
		r->tbl->strict_failed |= parts[i].tbl.strict_failed;
	}
out:
	for (i = 0; parts && i < k; i++)
		free_part(&parts[i]);
	free(parts);
	free(threads);
	free(started);
	return rc;
}

static int
read_all(struct reader *r)
{
	struct fks_table *tbl = r->tbl;
	size_t n, k = 1;
	pid_t *pids;
	int rc;

	rc = root_list_pids(tbl->root, ".", &pids, &n);
	if (rc < 0)
		return rc;
	if (!tbl->root->snapshot && !(r->flags & FKS_READ_SERIAL) &&
	    n >= PARALLEL_MIN)
		k = cpus();
	rc = k > 1 ? read_parallel(r, pids, n, k) : read_range(r, pids, n);
	free(pids);
	return rc;
}

/* The proc source: a live procfs's or a snapshot's files. */
static int
proc_read(struct fks_root *root, void *state, unsigned fields, unsigned flags,
	  const struct task_count *before, struct fks_table *tbl)
{
	struct reader *r = reader_new(tbl, fields, flags);
	int rc;

	(void)root;
	(void)state;
	(void)before;
	if (!r)
		return -ENOMEM;
	rc = read_all(r);
	free(r);
	return rc;
}

const struct task_source proc_source = {
	.id = FKS_SOURCE_PROC,
	.gives = ~0u,		/* every field there is */
	.read = proc_read,
};

/*
 * Reads the file name of t, a task of tbl, into buf (a /proc text's
 * 8 KiB), for a caller that wants one more file of one task now; *own is
 * the table's own storage of t (callers hold it const).
 */
static int
read_one_file(struct fks_table *tbl, const struct fks_task *t,
	      const char *name, char buf[8192], size_t *len,
	      struct fks_task **own)
{
	char dir[48], rel[64];

	*own = &tbl->tasks[fks_table_index(tbl, t)];
	proc_task_dir(dir, sizeof dir, *own);
	snprintf(rel, sizeof rel, "%s/%s", dir, name);
	return root_read(tbl->root, rel, buf, 8192, len);
}

int
fks_table_read_status(struct fks_table *tbl, const struct fks_task *t)
{
	struct fks_task *own;
	char buf[8192];
	const char *why;
	size_t len;
	int rc;

	rc = read_one_file(tbl, t, "status", buf, &len, &own);
	if (rc < 0)
		return rc;
	return fks_parse_status(buf, len, own, &why) < 0 ? -EINVAL : 0;
}

int
fks_table_read_cgroup(struct fks_table *tbl, const struct fks_task *t)
{
	struct fks_task *own;
	char buf[8192];
	size_t len;
	int rc;

	rc = read_one_file(tbl, t, "cgroup", buf, &len, &own);
	return rc < 0 ? rc : keep_cgroup(tbl, own, buf, len);
}

int
fks_table_read_cmdline(struct fks_table *tbl, const struct fks_task *t)
{
	size_t i, pi = tbl->proc_of[fks_table_index(tbl, t)];
	/* the table's own storage: callers hold it const */
	struct fks_task *p = &tbl->tasks[pi], got = *p;
	char dir[48], *buf = malloc(FKS_CMDLINE_MAX + 1);
	int rc;

	if (!buf)
		return -ENOMEM;
	proc_task_dir(dir, sizeof dir, p);
	rc = fetch_cmdline(tbl, dir, buf, &got);
	if (rc == 0 && !tbl->root->snapshot && needs_leader_fallback(&got))
		rc = leader_cmdline(tbl, buf, &got);
	free(buf);
	if (rc < 0)
		return rc;
	*p = got;
	for (i = pi + 1; i <= pi + tbl->nthreads[pi]; i++) {
		tbl->tasks[i].cmdline = p->cmdline;
		tbl->tasks[i].cmdline_len = p->cmdline_len;
		tbl->tasks[i].cmdline_full = p->cmdline_full;
		tbl->tasks[i].known = (tbl->tasks[i].known & ~FKS_K_CMDLINE_KEPT)
				      | FKS_K_CMDLINE;
	}
	if (!tbl->root->snapshot)
		cmdcache_note(tbl->root, p);
	return 0;
}

/* ---- completing a partial source's table (for read.c) ------------------ */

/* A partial source (BPF) gives stat and the owner: status, cmdline and
 * the place are read as read_task() would. */
int
proc_complete(struct fks_table *tbl, unsigned fields, unsigned flags)
{
	struct reader *r;
	struct fks_task *t, *proc = NULL;
	size_t i, k = 0;
	char dir[48];
	bool status;
	enum got g;

	if (!(fields & (FKS_F_STATUS | FKS_F_CMDLINE | FKS_F_CGROUP |
			FKS_F_PIDNS | FKS_F_WCHAN | FKS_F_VMRSS |
			FKS_F_VMLCK)))
		return 0;
	r = reader_new(tbl, fields, flags);
	if (!r)
		return -ENOMEM;
	for (i = 0; i < tbl->ntasks; i++) {
		t = &tbl->tasks[i];
		if (t->is_thread && (!proc || proc->tid != t->tgid))
			continue;	/* its process was dropped */
		g = GOT_OK;
		status = fields & (FKS_F_STATUS | FKS_F_VMRSS | FKS_F_VMLCK);
		if (status)
			proc_task_dir(dir, sizeof dir, t);
		if (fields & FKS_F_STATUS)
			g = read_text(r, dir, false, t);
		/* (the source gives VmLck) */
		if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
		    (fields & (FKS_F_VMRSS | FKS_F_VMLCK)))
			g = read_mem(r, dir, fields & FKS_F_STATUS, t);
		/* the directory is named only when a file is read: most
		 * command lines are kept ones */
		if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
		    (fields & FKS_F_CMDLINE))
			g = take_cmdline(r, status ? dir : NULL,
					 t->is_thread ? proc : NULL, t);
		if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
		    (fields & (FKS_F_CGROUP | FKS_F_PIDNS))) {
			proc_task_dir(dir, sizeof dir, t);
			g = read_place(r, dir, t->is_thread ? proc : NULL, t);
		}
		if (g != GOT_SKIP_TASK && g != GOT_NOMEM &&
		    (fields & FKS_F_WCHAN)) {
			proc_task_dir(dir, sizeof dir, t);
			g = read_wchan(r, dir, t);
		}
		if (g == GOT_NOMEM) {
			free(r);
			return -ENOMEM;
		}
		if (g == GOT_SKIP_TASK) {
			if (!t->is_thread)
				proc = NULL;
			continue;
		}
		tbl->tasks[k] = *t;
		if (!t->is_thread)
			proc = &tbl->tasks[k];
		k++;
	}
	tbl->ntasks = k;
	free(r);
	return 0;
}

int
proc_read_pids(struct fks_table *tbl, unsigned fields, unsigned flags,
	       const pid_t *pids, size_t n)
{
	struct reader *r = reader_new(tbl, fields, flags);
	int rc;

	if (!r)
		return -ENOMEM;
	rc = read_range(r, pids, n);
	free(r);
	return rc;
}
