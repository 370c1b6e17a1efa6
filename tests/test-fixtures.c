/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-fixtures.c - the scenario fixtures, fixtures/scn-NAME/: snapshots
 * of the scenario programs (tests/scenarios/) frozen by
 * fixtures/capture-scenarios.sh.  Each test reads one with every field and
 * every thread and asserts the facts its README.md lists: zombies and
 * their exit codes, orphans and their reapers, threads, a vfork parent in
 * D, a leader that is Z yet alive.
 *
 * Pids differ on every capture, so they come from the SCENARIO file (the
 * scenario's own output line), never from this source.  What every scn-*
 * fixture shares (redacted, one root, nothing but the scenario and its
 * ancestors) is checked for each by check_common().
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"
#include "testutil.h"

#define MAX_PIDS 64

/* One fixture: its table, read with FKS_F_ALL and threads, and its line. */
struct scn {
	const char *name;
	struct fks_table *tbl;
	char line[4096];
};

/* What check_common() needs to know of each scenario: the keys of its
 * line that name its own live processes, and the one it runs as. */
struct scn_info {
	const char *name;
	const char *controller;
	const char *procs[4];	/* keys naming live processes */
};

static const struct scn_info scenarios[] = {
	{ "fork", "parent", { "parent", "child" } },
	{ "orphan", "controller", { "controller", "orphan" } },
	{ "zombie", "parent", { "parent", "zombie" } },
	{ "waitpid", "parent", { "parent" } },
	{ "threads", "pid", { "pid" } },
	{ "vfork", "controller", { "controller", "parent", "child" } },
	{ "subreaper", "subreaper", { "subreaper", "grandchild" } },
	{ "zombie-farm", "parent", { "parent", "children" } },
	{ "zombie-leader", "pid", { "pid" } },
};

/*
 * Reads the values of `key` in a scenario line ("key=1,2,3") into pids;
 * returns how many (0 when the key is missing).
 */
static size_t
scn_list(const struct scn *s, const char *key, pid_t *pids, size_t max)
{
	char pat[64];
	const char *p;
	char *end;
	size_t n = 0;
	long v;

	snprintf(pat, sizeof pat, " %s=", key);
	p = strstr(s->line, pat);
	if (!p)
		return 0;
	p += strlen(pat);
	for (;;) {
		v = strtol(p, &end, 10);
		if (end == p || n == max)
			break;
		pids[n++] = (pid_t)v;
		if (*end != ',')
			break;
		p = end + 1;
	}
	return n;
}

/* The single value of `key`; fails the test when it is missing. */
static pid_t
scn_val(const struct scn *s, const char *key)
{
	pid_t v[MAX_PIDS];

	CU_ASSERT_EQUAL_FATAL(scn_list(s, key, v, MAX_PIDS), 1);
	CU_ASSERT_TRUE_FATAL(v[0] > 0);
	return v[0];
}

static void
read_line(struct scn *s)
{
	char rel[256], want[64];
	FILE *f;
	size_t len;

	snprintf(rel, sizeof rel, "fixtures/scn-%s/SCENARIO", s->name);
	f = fopen(srcpath(rel), "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fgets(s->line, sizeof s->line, f));
	fclose(f);
	len = strlen(s->line);
	CU_ASSERT_TRUE_FATAL(len > 0 && s->line[len - 1] == '\n');
	s->line[len - 1] = '\0';
	snprintf(want, sizeof want, "scenario=%s ", s->name);
	CU_ASSERT_EQUAL_FATAL(strncmp(s->line, want, strlen(want)), 0);
}

static struct fks_table *
read_table(const char *name, unsigned flags)
{
	struct fks_root *root;
	struct fks_table *tbl = NULL;
	char rel[256];

	snprintf(rel, sizeof rel, "fixtures/scn-%s", name);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath(rel), &root), 0);
	CU_ASSERT_TRUE(fks_root_is_snapshot(root));
	CU_ASSERT_EQUAL(fks_table_read(root, FKS_F_ALL,
				       FKS_READ_THREADS | flags, &tbl), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tbl);
	return tbl;
}

static void
done_table(struct fks_table *tbl)
{
	struct fks_root *root = fks_table_root(tbl);

	fks_table_free(tbl);
	fks_root_free(root);
}

static void
scn_open(struct scn *s, const char *name)
{
	s->name = name;
	read_line(s);
	s->tbl = read_table(name, 0);
}

static void
scn_close(struct scn *s)
{
	done_table(s->tbl);
}

static const struct fks_task *
must_find(const struct scn *s, pid_t pid)
{
	const struct fks_task *t = fks_table_find(s->tbl, pid);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

/* A live process asleep: S, not a zombie, not a thread. */
static void
assert_sleeping(const struct fks_task *t)
{
	CU_ASSERT_TRUE(t->known & FKS_K_STAT);
	CU_ASSERT_EQUAL(t->state, FKS_STATE_SLEEPING);
	CU_ASSERT_EQUAL(t->state_char, 'S');
	CU_ASSERT_FALSE(fks_task_is_zombie(t));
	CU_ASSERT_FALSE(t->is_thread);
}

static bool
cmdline_is(const struct fks_task *t, const char *argv0)
{
	size_t n = strlen(argv0) + 1;

	return t->cmdline_len == n && memcmp(t->cmdline, argv0, n) == 0;
}

/* Number of numeric directories at the top of the fixture. */
static size_t
count_pid_dirs(const char *name)
{
	char rel[256];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(rel, sizeof rel, "fixtures/scn-%s", name);
	d = opendir(srcpath(rel));
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9' &&
		    strspn(de->d_name, "0123456789") == strlen(de->d_name))
			n++;
	closedir(d);
	return n;
}

static bool
is_ancestor(const struct fks_table *tbl, const struct fks_task *a,
	    const struct fks_task *p)
{
	for (p = fks_forest_parent(tbl, p); p; p = fks_forest_parent(tbl, p))
		if (p == a)
			return true;
	return false;
}

static int
count_row(const struct fks_walk_node *node, const struct fks_walk_pos *pos,
	  void *arg)
{
	(void)node;
	(void)pos;
	++*(size_t *)arg;
	return 0;
}

/*
 * The facts every scn-* fixture shares: no message (strict too), the
 * manifest, redacted command lines, one root reaching every process, and
 * nothing but the scenario's processes and the controller's ancestors.
 */
static void
check_common(const char *name)
{
	const struct scn_info *info = NULL;
	struct scn s;
	struct fks_table *strict;
	struct fks_root *root;
	const struct fks_task *t, *ctl, *r;
	pid_t own[MAX_PIDS], v[MAX_PIDS];
	size_t i, j, n, nown = 0, nprocs = 0, walked = 0;
	const char *nul;
	char num[32];

	for (i = 0; i < sizeof scenarios / sizeof *scenarios; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			info = &scenarios[i];
	CU_ASSERT_PTR_NOT_NULL_FATAL(info);
	scn_open(&s, info->name);
	root = fks_table_root(s.tbl);
	CU_ASSERT_EQUAL(fks_table_nmessages(s.tbl), 0);
	CU_ASSERT_EQUAL(fks_table_vanished(s.tbl), 0);
	strict = read_table(info->name, FKS_READ_STRICT);
	CU_ASSERT_EQUAL(fks_table_nmessages(strict), 0);
	CU_ASSERT_EQUAL(fks_table_count(strict), fks_table_count(s.tbl));
	done_table(strict);

	/* the manifest */
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(root, "redacted"), "1");
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(root, "format"), "1");
	CU_ASSERT_TRUE(fks_root_now(root) > 0);
	CU_ASSERT_TRUE(fks_root_boot_time(root) > 0);

	/* the pids the scenario names as its own live processes */
	for (i = 0; i < 4 && info->procs[i]; i++) {
		n = scn_list(&s, info->procs[i], v, MAX_PIDS);
		CU_ASSERT_TRUE_FATAL(n > 0);
		for (j = 0; j < n && nown < MAX_PIDS; j++)
			own[nown++] = v[j];
	}
	ctl = must_find(&s, scn_val(&s, info->controller));
	CU_ASSERT_FALSE(ctl->is_thread);

	for (i = 0; i < fks_table_count(s.tbl); i++) {
		t = fks_table_at(s.tbl, i);
		/* --redact: at most argv[0] and its NUL */
		CU_ASSERT_TRUE(t->known & FKS_K_CMDLINE);
		CU_ASSERT_EQUAL(t->cmdline_len, t->cmdline_full);
		CU_ASSERT_TRUE(fks_cmdline_argc(t->cmdline,
						t->cmdline_len) <= 1);
		if (t->cmdline_len > 0) {
			nul = memchr(t->cmdline, '\0', t->cmdline_len);
			CU_ASSERT_PTR_EQUAL(nul,
					    t->cmdline + t->cmdline_len - 1);
		}
		if (t->is_thread)
			continue;
		nprocs++;
		/* the scenario's own, or an ancestor that roots it */
		for (j = 0; j < nown && own[j] != t->tid; j++)
			;
		if (j < nown) {
			/* setsid: the controller leads group and session */
			CU_ASSERT_EQUAL(t->pgrp, ctl->tid);
			CU_ASSERT_EQUAL(t->session, ctl->tid);
		} else {
			CU_ASSERT_TRUE(is_ancestor(s.tbl, t, ctl));
		}
	}
	for (j = 0; j < nown; j++) {
		t = must_find(&s, own[j]);
		CU_ASSERT_FALSE(t->is_thread);
	}

	/* SCENARIO and README.md are no tasks: one process per pid dir */
	CU_ASSERT_EQUAL(nprocs, count_pid_dirs(info->name));
	snprintf(num, sizeof num, "%zu", nprocs);
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(root, "processes"), num);

	/* one root, outside whose parent is not in the snapshot, from which
	 * the walk reaches every process */
	CU_ASSERT_EQUAL_FATAL(fks_forest_nroots(s.tbl), 1);
	r = fks_forest_root(s.tbl, 0);
	CU_ASSERT_PTR_NULL(fks_forest_parent(s.tbl, r));
	CU_ASSERT_PTR_NULL(fks_table_find(s.tbl, r->ppid));
	CU_ASSERT_EQUAL(fks_forest_walk(s.tbl, &(struct fks_walk){
		.visit = count_row, .arg = &walked }), 0);
	CU_ASSERT_EQUAL(walked, nprocs);
	for (j = 0; j < nown; j++) {
		t = must_find(&s, own[j]);
		CU_ASSERT_TRUE(t == r || is_ancestor(s.tbl, r, t));
	}
	scn_close(&s);
}

static void
test_fork(void)
{
	struct scn s;
	const struct fks_task *parent, *child;

	check_common("fork");
	scn_open(&s, "fork");
	parent = must_find(&s, scn_val(&s, "parent"));
	child = must_find(&s, scn_val(&s, "child"));
	assert_sleeping(parent);
	assert_sleeping(child);
	CU_ASSERT_EQUAL(parent->nlwp, 1);
	CU_ASSERT_EQUAL(child->nlwp, 1);
	CU_ASSERT_EQUAL(child->ppid, parent->tid);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(s.tbl, child), parent);
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(s.tbl, parent), 1);
	CU_ASSERT_PTR_EQUAL(fks_forest_child(s.tbl, parent, 0), child);
	CU_ASSERT_STRING_EQUAL(parent->comm, "fk-parent");
	CU_ASSERT_STRING_EQUAL(child->comm, "fk-child");
	/* no exec: the child keeps the parent's argv */
	CU_ASSERT_TRUE(cmdline_is(parent, "./tests/scenarios/fork"));
	CU_ASSERT_TRUE(cmdline_is(child, "./tests/scenarios/fork"));
	scn_close(&s);
}

static void
test_orphan(void)
{
	struct scn s;
	const struct fks_task *ctl, *orphan, *reaper;
	pid_t middle;

	check_common("orphan");
	scn_open(&s, "orphan");
	ctl = must_find(&s, scn_val(&s, "controller"));
	orphan = must_find(&s, scn_val(&s, "orphan"));
	reaper = must_find(&s, scn_val(&s, "reaper"));
	middle = scn_val(&s, "middle");
	assert_sleeping(ctl);
	assert_sleeping(orphan);
	CU_ASSERT_STRING_EQUAL(orphan->comm, "or-child");
	CU_ASSERT_EQUAL(orphan->ppid, reaper->tid);
	CU_ASSERT_NOT_EQUAL(orphan->ppid, middle);
	CU_ASSERT_NOT_EQUAL(orphan->ppid, ctl->tid);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(s.tbl, orphan), reaper);
	/* the middle exited and was reaped: nothing left, no zombie */
	CU_ASSERT_PTR_NULL(fks_table_find(s.tbl, middle));
	CU_ASSERT_EQUAL(fks_forest_nchildren(s.tbl, ctl), 0);
	scn_close(&s);
}

static void
test_zombie(void)
{
	struct scn s;
	const struct fks_task *parent, *zombie;
	pid_t status;

	check_common("zombie");
	scn_open(&s, "zombie");
	parent = must_find(&s, scn_val(&s, "parent"));
	zombie = must_find(&s, scn_val(&s, "zombie"));
	status = scn_val(&s, "status");
	CU_ASSERT_EQUAL(status, 7);
	CU_ASSERT_EQUAL(zombie->state, FKS_STATE_ZOMBIE);
	CU_ASSERT_EQUAL(zombie->state_char, 'Z');
	CU_ASSERT_TRUE(fks_task_is_zombie(zombie));
	CU_ASSERT_FALSE(zombie->is_thread);
	CU_ASSERT_TRUE(zombie->known & FKS_K_EXIT_CODE);
	CU_ASSERT_EQUAL(zombie->exit_code, 7 << 8);
	CU_ASSERT_EQUAL(zombie->exit_code, status << 8);
	CU_ASSERT_EQUAL(zombie->ppid, parent->tid);
	CU_ASSERT_EQUAL(zombie->cmdline_len, 0);
	CU_ASSERT_STRING_EQUAL(zombie->comm, "zb-child");
	assert_sleeping(parent);
	CU_ASSERT_STRING_EQUAL(parent->comm, "zb-parent");
	CU_ASSERT_TRUE(parent->known & FKS_K_EXIT_CODE);
	CU_ASSERT_EQUAL(parent->exit_code, 0);
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(s.tbl, parent), 1);
	CU_ASSERT_PTR_EQUAL(fks_forest_child(s.tbl, parent, 0), zombie);
	scn_close(&s);
}

static void
test_waitpid(void)
{
	struct scn s;
	const struct fks_task *parent;

	check_common("waitpid");
	scn_open(&s, "waitpid");
	parent = must_find(&s, scn_val(&s, "parent"));
	assert_sleeping(parent);
	CU_ASSERT_STRING_EQUAL(parent->comm, "wp-parent");
	CU_ASSERT_EQUAL(scn_val(&s, "wstatus"), scn_val(&s, "status") << 8);
	/* reaped: nothing of the child is left */
	CU_ASSERT_PTR_NULL(fks_table_find(s.tbl, scn_val(&s, "child")));
	CU_ASSERT_EQUAL(fks_forest_nchildren(s.tbl, parent), 0);
	scn_close(&s);
}

static void
test_threads(void)
{
	struct scn s;
	const struct fks_task *proc, *t;
	pid_t tids[MAX_PIDS];
	char name[16];
	size_t i;

	check_common("threads");
	scn_open(&s, "threads");
	proc = must_find(&s, scn_val(&s, "pid"));
	CU_ASSERT_EQUAL_FATAL(scn_list(&s, "tids", tids, MAX_PIDS), 3);
	assert_sleeping(proc);
	CU_ASSERT_STRING_EQUAL(proc->comm, "th-main");
	CU_ASSERT_EQUAL(proc->tgid, proc->tid);
	CU_ASSERT_EQUAL(proc->nlwp, 4);
	CU_ASSERT_EQUAL_FATAL(fks_forest_nthreads(s.tbl, proc), 3);
	for (i = 0; i < 3; i++) {
		t = fks_forest_thread(s.tbl, proc, i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		CU_ASSERT_EQUAL(t->tid, tids[i]);
		CU_ASSERT_PTR_EQUAL(fks_table_find(s.tbl, tids[i]), t);
		CU_ASSERT_TRUE(t->is_thread);
		CU_ASSERT_EQUAL(t->tgid, proc->tid);
		CU_ASSERT_NOT_EQUAL(t->tid, t->tgid);
		CU_ASSERT_EQUAL(t->ppid, proc->ppid);
		CU_ASSERT_EQUAL(t->state, FKS_STATE_SLEEPING);
		CU_ASSERT_FALSE(fks_task_is_zombie(t));
		CU_ASSERT_EQUAL(t->nlwp, 4);
		snprintf(name, sizeof name, "worker-%zu", i + 1);
		CU_ASSERT_STRING_EQUAL(t->comm, name);
		CU_ASSERT_PTR_EQUAL(fks_table_process(s.tbl, t), proc);
	}
	/* threads are never forest children */
	CU_ASSERT_EQUAL(fks_forest_nchildren(s.tbl, proc), 0);
	scn_close(&s);
}

/*
 * Status read later, for one task of a table read without it: each
 * thread's own file (its NSpid is its own tid), the process's too.
 */
static void
test_read_status_later(void)
{
	struct fks_root *root;
	struct fks_table *tbl = NULL;
	const struct fks_task *t;
	pid_t tid;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath("fixtures/scn-threads"),
					    &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT,
					     FKS_READ_THREADS, &tbl), 0);
	for (tid = 14527; tid <= 14531; tid++) {
		if (tid == 14528)	/* not one of its tasks */
			continue;
		t = fks_table_find(tbl, tid);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		CU_ASSERT_FALSE(t->known & FKS_K_STATUS);
		CU_ASSERT_EQUAL(fks_table_read_status(tbl, t), 0);
		CU_ASSERT_TRUE(t->known & FKS_K_STATUS);
		CU_ASSERT_EQUAL(t->nspid_len, 1);
		CU_ASSERT_EQUAL(t->nspid[0], tid);
		CU_ASSERT_EQUAL(t->sig_blk, 0x4003);
		CU_ASSERT_EQUAL(t->sig_cgt, 0x100000000ULL);
		CU_ASSERT_EQUAL(t->ruid, 0);
	}
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, 14528));
	done_table(tbl);
}

static void
test_vfork(void)
{
	struct scn s;
	const struct fks_task *ctl, *parent, *child;

	check_common("vfork");
	scn_open(&s, "vfork");
	ctl = must_find(&s, scn_val(&s, "controller"));
	parent = must_find(&s, scn_val(&s, "parent"));
	child = must_find(&s, scn_val(&s, "child"));
	assert_sleeping(ctl);
	/* suspended in vfork(): a killable uninterruptible wait */
	CU_ASSERT_EQUAL(parent->state, FKS_STATE_DISK);
	CU_ASSERT_EQUAL(parent->state_char, 'D');
	CU_ASSERT_FALSE(fks_task_is_zombie(parent));
	CU_ASSERT_EQUAL(parent->ppid, ctl->tid);
	CU_ASSERT_STRING_EQUAL(parent->comm, "vf-parent");
	assert_sleeping(child);
	CU_ASSERT_EQUAL(child->ppid, parent->tid);
	CU_ASSERT_STRING_EQUAL(child->comm, "vf-child");
	/* shared memory, no exec: the parent's argv */
	CU_ASSERT_TRUE(cmdline_is(child, "./tests/scenarios/vfork"));
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(s.tbl, ctl), 1);
	CU_ASSERT_PTR_EQUAL(fks_forest_child(s.tbl, ctl, 0), parent);
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(s.tbl, parent), 1);
	CU_ASSERT_PTR_EQUAL(fks_forest_child(s.tbl, parent, 0), child);
	scn_close(&s);
}

static void
test_subreaper(void)
{
	struct scn s;
	const struct fks_task *reaper, *gc;

	check_common("subreaper");
	scn_open(&s, "subreaper");
	reaper = must_find(&s, scn_val(&s, "subreaper"));
	gc = must_find(&s, scn_val(&s, "grandchild"));
	assert_sleeping(reaper);
	assert_sleeping(gc);
	CU_ASSERT_STRING_EQUAL(gc->comm, "sr-grandchild");
	CU_ASSERT_EQUAL(gc->ppid, reaper->tid);
	CU_ASSERT_PTR_EQUAL(fks_forest_parent(s.tbl, gc), reaper);
	CU_ASSERT_PTR_NULL(fks_table_find(s.tbl, scn_val(&s, "middle")));
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(s.tbl, reaper), 1);
	CU_ASSERT_PTR_EQUAL(fks_forest_child(s.tbl, reaper, 0), gc);
	scn_close(&s);
}

static void
test_zombie_farm(void)
{
	struct scn s;
	const struct fks_task *parent, *t;
	pid_t kids[MAX_PIDS];
	size_t i, n;

	check_common("zombie-farm");
	scn_open(&s, "zombie-farm");
	parent = must_find(&s, scn_val(&s, "parent"));
	CU_ASSERT_EQUAL(scn_val(&s, "n"), 20);
	n = scn_list(&s, "children", kids, MAX_PIDS);
	CU_ASSERT_EQUAL_FATAL(n, 20);
	assert_sleeping(parent);
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(s.tbl, parent), 20);
	for (i = 0; i < n; i++) {
		t = must_find(&s, kids[i]);
		CU_ASSERT_EQUAL(t->state, FKS_STATE_ZOMBIE);
		CU_ASSERT_TRUE(fks_task_is_zombie(t));
		CU_ASSERT_TRUE(t->known & FKS_K_EXIT_CODE);
		CU_ASSERT_EQUAL(t->exit_code, 0);
		CU_ASSERT_EQUAL(t->ppid, parent->tid);
		CU_ASSERT_EQUAL(t->cmdline_len, 0);
		CU_ASSERT_STRING_EQUAL(t->comm, "zf-child");
		/* children in pid order, as the line lists them */
		CU_ASSERT_PTR_EQUAL(fks_forest_child(s.tbl, parent, i), t);
	}
	scn_close(&s);
}

static void
test_zombie_leader(void)
{
	struct scn s;
	const struct fks_task *leader, *keeper;

	check_common("zombie-leader");
	scn_open(&s, "zombie-leader");
	leader = must_find(&s, scn_val(&s, "pid"));
	keeper = must_find(&s, scn_val(&s, "thread"));
	/* the kernel says Z, but a thread keeps the process alive */
	CU_ASSERT_EQUAL(leader->state, FKS_STATE_ZOMBIE);
	CU_ASSERT_EQUAL(leader->state_char, 'Z');
	CU_ASSERT_EQUAL(leader->nlwp, 2);
	CU_ASSERT_FALSE(fks_task_is_zombie(leader));
	CU_ASSERT_FALSE(leader->is_thread);
	CU_ASSERT_STRING_EQUAL(leader->comm, "zl-leader");
	/* read through the exited leader: no memory map, no cmdline */
	CU_ASSERT_EQUAL(leader->cmdline_len, 0);
	CU_ASSERT_EQUAL_FATAL(fks_forest_nthreads(s.tbl, leader), 1);
	CU_ASSERT_PTR_EQUAL(fks_forest_thread(s.tbl, leader, 0), keeper);
	CU_ASSERT_TRUE(keeper->is_thread);
	CU_ASSERT_EQUAL(keeper->tgid, leader->tid);
	CU_ASSERT_EQUAL(keeper->state, FKS_STATE_SLEEPING);
	CU_ASSERT_FALSE(fks_task_is_zombie(keeper));
	CU_ASSERT_STRING_EQUAL(keeper->comm, "zl-keeper");
	/* not asserted: the keeper's own task/TID/cmdline holds argv[0],
	 * but the table gives a thread its process's (empty) command line */
	scn_close(&s);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("fixtures", NULL, NULL);
	ADD_TEST(s, test_fork);
	ADD_TEST(s, test_orphan);
	ADD_TEST(s, test_zombie);
	ADD_TEST(s, test_waitpid);
	ADD_TEST(s, test_threads);
	ADD_TEST(s, test_read_status_later);
	ADD_TEST(s, test_vfork);
	ADD_TEST(s, test_subreaper);
	ADD_TEST(s, test_zombie_farm);
	ADD_TEST(s, test_zombie_leader);
	return run_suites();
}
