/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-reapaudit.c - the audit of a whole table (lib/model/reapaudit.c) on the
 * scenario fixtures: zombies grouped by parent with their reasons and
 * ages, orphans, the parents' status read when the table lacks it, a
 * parent whose status is broken, and the advice for a parent and its
 * place (facts in each fixture's SCENARIO and README).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "forkscope.h"
#include "testutil.h"

/* The table of a snapshot directory, read with stat alone: what the
 * audit needs beyond it, it reads itself. */
static struct fks_table *
load_dir(const char *dir)
{
	return table_of_dir(dir, FKS_F_STAT, 0);
}

static struct fks_table *
load(const char *name)
{
	return table_of_fixture(name, FKS_F_STAT, 0);
}

static void
test_farm(void)
{
	struct fks_table *tbl = load("scn-zombie-farm");
	const struct fks_reap_group *g;
	struct fks_audit *a;
	size_t i, n, procs = 0;
	long long oldest = -1, age;

	CU_ASSERT_EQUAL_FATAL(fks_audit_new(tbl, &a), 0);
	g = fks_audit_groups(a, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g[0].parent);
	CU_ASSERT_EQUAL(g[0].parent->tid, 15901);
	CU_ASSERT_EQUAL(g[0].ppid, 15901);
	CU_ASSERT_EQUAL(g[0].n, 20);
	CU_ASSERT_EQUAL(fks_audit_zombies(a), 20);
	/* the parent's status was read by the audit: its masks decide */
	CU_ASSERT_TRUE(g[0].parent->known & FKS_K_STATUS);
	CU_ASSERT_EQUAL(g[0].why, fks_reap_diagnose(tbl, g[0].parent));
	CU_ASSERT_FALSE(g[0].why & FKS_WHY_UNKNOWN);
	for (i = 0; i < g[0].n; i++) {
		CU_ASSERT_TRUE(fks_task_is_zombie(g[0].zombies[i]));
		CU_ASSERT_EQUAL(g[0].zombies[i]->ppid, 15901);
		CU_ASSERT_PTR_EQUAL(fks_audit_group_of(a, g[0].zombies[i]),
				    &g[0]);
		age = fks_zombie_age_max(tbl, g[0].zombies[i]);
		if (age > oldest)
			oldest = age;
	}
	CU_ASSERT_TRUE(oldest >= 0);
	CU_ASSERT_EQUAL(g[0].oldest, oldest);
	CU_ASSERT_EQUAL(fks_audit_oldest(a), oldest);
	CU_ASSERT_PTR_NULL(fks_audit_group_of(a, g[0].parent));
	for (i = 0; i < fks_table_count(tbl); i++)
		procs += !fks_table_at(tbl, i)->is_thread;
	CU_ASSERT_EQUAL(fks_audit_processes(a), procs);
	fks_audit_unread(a, &n);
	CU_ASSERT_EQUAL(n, 0);
	fks_audit_free(a);
	free_table_and_root(tbl);
}

static void
test_orphan(void)
{
	struct fks_table *tbl = load("scn-orphan");
	const struct fks_task *const *o;
	struct fks_audit *a;
	size_t n;

	CU_ASSERT_EQUAL_FATAL(fks_audit_new(tbl, &a), 0);
	o = fks_audit_orphans(a, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(o[0]->tid, 13278);	/* SCENARIO's orphan= */
	CU_ASSERT_EQUAL(o[0]->ppid, 1);		/* ... and reaper= */
	CU_ASSERT_PTR_NULL(fks_audit_groups(a, &n));
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(fks_audit_zombies(a), 0);
	CU_ASSERT_EQUAL(fks_audit_oldest(a), -1);
	fks_audit_free(a);
	free_table_and_root(tbl);
}

/* A docker container's init holding two zombies (the fixture's README). */
static void
test_container_init(void)
{
	struct fks_table *tbl = load("containers");
	const struct fks_reap_group *g;
	struct fks_place pl;
	struct fks_audit *a;
	size_t n;

	CU_ASSERT_EQUAL_FATAL(fks_audit_new(tbl, &a), 0);
	g = fks_audit_groups(a, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(g[0].ppid, 420);
	CU_ASSERT_EQUAL(g[0].n, 2);
	CU_ASSERT_EQUAL(g[0].why, FKS_WHY_INIT | FKS_WHY_NO_HANDLER);
	/* its cgroup was read with its status */
	CU_ASSERT_EQUAL_FATAL(fks_task_place(g[0].parent, &pl), 0);
	CU_ASSERT_STRING_EQUAL(pl.runtime, "docker");
	CU_ASSERT_EQUAL(fks_reap_advise(&g[0], &pl), FKS_ADVICE_REAPING_INIT);
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_ENGINE);
	fks_audit_free(a);
	free_table_and_root(tbl);
}

/* A snapshot whose zombie's parent has a malformed status: said, and the
 * diagnosis is "unknown"; one with none at all: said too (a snapshot's
 * missing file is its fault, where a live process may just be gone). */
static void
test_unread(void)
{
	const struct fks_audit_unread *u;
	const struct fks_reap_group *g;
	struct fks_table *tbl;
	struct fks_audit *a;
	char dir[64], cmd[8400];
	size_t n;

	strcpy(dir, "/tmp/test-reapaudit-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "cp -a '%s'/. '%s'/ && "
		 "printf 'Name:\\tx\\nSigCgt:\\tnot hex\\n' >'%s'/13721/status",
		 srcpath("fixtures/scn-zombie"), dir, dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	tbl = load_dir(dir);
	CU_ASSERT_EQUAL_FATAL(fks_audit_new(tbl, &a), 0);
	u = fks_audit_unread(a, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(u[0].pid, 13721);
	CU_ASSERT_EQUAL(u[0].err, -EINVAL);
	g = fks_audit_groups(a, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_TRUE(g[0].why & FKS_WHY_UNKNOWN);
	fks_audit_free(a);
	free_table_and_root(tbl);

	snprintf(cmd, sizeof cmd, "rm '%s'/13721/status", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	tbl = load_dir(dir);
	CU_ASSERT_EQUAL_FATAL(fks_audit_new(tbl, &a), 0);
	u = fks_audit_unread(a, &n);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(u[0].err, -ENOENT);
	fks_audit_free(a);
	free_table_and_root(tbl);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
}

/* The advice, pure: the first reason that applies, then the place. */
static void
test_advice(void)
{
	struct fks_task parent = { .tid = 50, .ppid = 1 };
	struct fks_reap_group g = { .parent = &parent, .ppid = 50, .n = 1 };
	struct fks_place pl = { .runtime = "" };
	unsigned long uid = 0;

	g.why = FKS_WHY_PARENT_ZOMBIE | FKS_WHY_STOPPED;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, NULL), FKS_ADVICE_REAP_PARENT);
	g.why = FKS_WHY_STOPPED | FKS_WHY_TRACED;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, NULL), FKS_ADVICE_CONTINUE);
	g.why = FKS_WHY_TRACED | FKS_WHY_INIT;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, NULL), FKS_ADVICE_DETACH_TRACER);
	g.why = FKS_WHY_INIT | FKS_WHY_SIGCHLD_CAUGHT;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, NULL), FKS_ADVICE_REAPING_INIT);
	g.why = FKS_WHY_SIGCHLD_CAUGHT;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, NULL), FKS_ADVICE_SIGNAL);
	/* a blocked handler is not run by a signal */
	g.why = FKS_WHY_SIGCHLD_CAUGHT | FKS_WHY_SIGCHLD_BLOCKED;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, NULL), FKS_ADVICE_RESTART);
	g.why = FKS_WHY_NO_HANDLER;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, NULL), FKS_ADVICE_RESTART);
	strcpy(pl.unit, "ssh.service");
	CU_ASSERT_EQUAL(fks_reap_advise(&g, &pl), FKS_ADVICE_RESTART_SERVICE);
	strcpy(pl.unit, "session-4.scope");
	CU_ASSERT_EQUAL(fks_reap_advise(&g, &pl), FKS_ADVICE_RESTART);
	/* never the user's whole manager */
	strcpy(pl.unit, "user@1000.service");
	CU_ASSERT_EQUAL(fks_reap_advise(&g, &pl), FKS_ADVICE_RESTART);
	CU_ASSERT_EQUAL(fks_place_user_manager(&pl, &uid), -ENOENT);
	strcpy(pl.user_unit, "app.service");
	CU_ASSERT_EQUAL(fks_reap_advise(&g, &pl), FKS_ADVICE_RESTART_SERVICE);
	CU_ASSERT_EQUAL(fks_place_user_manager(&pl, &uid), 0);
	CU_ASSERT_EQUAL(uid, 1000);
	strcpy(pl.user_unit, "app.scope");
	CU_ASSERT_EQUAL(fks_reap_advise(&g, &pl), FKS_ADVICE_RESTART);
	pl.runtime = "lxc";
	CU_ASSERT_EQUAL(fks_reap_advise(&g, &pl),
			FKS_ADVICE_RESTART_IN_CONTAINER);
	g.parent = NULL;
	CU_ASSERT_EQUAL(fks_reap_advise(&g, &pl), FKS_ADVICE_PARENT_GONE);
}

static void
test_init_kind(void)
{
	struct fks_place pl = { .runtime = "" };

	CU_ASSERT_EQUAL(fks_place_init_kind(NULL), FKS_INIT_ANY);
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_ANY);
	pl.runtime = "kubepods";
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_POD);
	/* containerd and cri-o are a pod's only with a pod */
	pl.runtime = "containerd";
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_ANY);
	strcpy(pl.pod, "0d6f1c3e-1b2a-4c5d-8e9f-0a1b2c3d4e5f");
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_POD);
	pl.runtime = "cri-o";
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_POD);
	pl.runtime = "podman";
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_ENGINE);
	pl.runtime = "machine";
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_NSPAWN);
	pl.runtime = "lxc";
	CU_ASSERT_EQUAL(fks_place_init_kind(&pl), FKS_INIT_LXC);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("reapaudit", NULL, NULL);
	ADD_TEST(s, test_farm);
	ADD_TEST(s, test_orphan);
	ADD_TEST(s, test_container_init);
	ADD_TEST(s, test_unread);
	ADD_TEST(s, test_advice);
	ADD_TEST(s, test_init_kind);
	return run_suites();
}
