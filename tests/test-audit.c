/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-audit.c - the zombie and orphan rules on the scenario fixtures:
 * who is a zombie, who an orphan, why a parent does not reap, and the
 * bound of a zombie's age (facts in each fixture's README and SCENARIO).
 */
#include <stdio.h>
#include <string.h>

#include "forkscope.h"
#include "testutil.h"

static struct fks_table *
load(const char *name)
{
	struct fks_root *root;
	struct fks_table *tbl;
	char rel[128];

	snprintf(rel, sizeof rel, "fixtures/%s", name);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath(rel), &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT | FKS_F_STATUS,
					     FKS_READ_THREADS, &tbl), 0);
	return tbl;
}

/* The pid after "key=" in the fixture's SCENARIO line. */
static pid_t
scenario_pid(const char *name, const char *key)
{
	char rel[128], line[4096], *p;
	FILE *f;
	int pid = 0;

	snprintf(rel, sizeof rel, "fixtures/%s/SCENARIO", name);
	f = fopen(srcpath(rel), "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	if (fgets(line, sizeof line, f) && (p = strstr(line, key)))
		sscanf(p + strlen(key), "%d", &pid);
	fclose(f);
	CU_ASSERT_FATAL(pid > 0);
	return pid;
}

static void
test_zombie_parent(void)
{
	struct fks_table *tbl = load("scn-zombie");
	const struct fks_task *z, *p;
	long long age;

	z = fks_table_find(tbl, scenario_pid("scn-zombie", " zombie="));
	p = fks_table_find(tbl, scenario_pid("scn-zombie", " parent="));
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_TRUE(fks_task_is_zombie(z));
	CU_ASSERT_FALSE(fks_task_is_orphan(tbl, z));
	/* the scenario resets SIGCHLD to its default and never waits */
	CU_ASSERT_EQUAL(fks_reap_diagnose(tbl, p), FKS_WHY_NO_HANDLER);
	age = fks_zombie_age_max(tbl, z);
	CU_ASSERT_TRUE(age >= 0 && age < 60);
	CU_ASSERT_EQUAL(age, fks_root_now(fks_table_root(tbl)) -
			fks_task_start_time(tbl, z));
	free_table_and_root(tbl);
}

static void
test_zombie_leader_is_not(void)
{
	struct fks_table *tbl = load("scn-zombie-leader");
	const struct fks_task *l;

	l = fks_table_find(tbl, scenario_pid("scn-zombie-leader", " pid="));
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(l->state, FKS_STATE_ZOMBIE);
	CU_ASSERT_FALSE(fks_task_is_zombie(l));
	free_table_and_root(tbl);
}

static void
test_orphans(void)
{
	struct fks_table *tbl = load("scn-orphan");
	const struct fks_task *o, *t;
	size_t i, n = 0;

	o = fks_table_find(tbl, scenario_pid("scn-orphan", " orphan="));
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_TRUE(fks_task_is_orphan(tbl, o));
	for (i = 0; i < fks_table_count(tbl); i++) {
		t = fks_table_at(tbl, i);
		n += fks_task_is_orphan(tbl, t);
	}
	CU_ASSERT_EQUAL(n, 1);	/* not init, not the session leader */
	free_table_and_root(tbl);

	/* adopted by a subreaper of its own session: the rule's blind spot */
	tbl = load("scn-subreaper");
	o = fks_table_find(tbl, scenario_pid("scn-subreaper",
					     " grandchild="));
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_FALSE(fks_task_is_orphan(tbl, o));
	free_table_and_root(tbl);
}

static void
test_diagnose_bits(void)
{
	struct fks_table *tbl = load("scn-zombie");
	struct fks_task p;

	/* a private copy of the parent, changed field by field */
	p = *fks_table_find(tbl, scenario_pid("scn-zombie", " parent="));
	p.sig_blk = 1u << 16;
	p.sig_cgt = 1u << 16;
	CU_ASSERT_EQUAL(fks_reap_diagnose(tbl, &p),
			FKS_WHY_SIGCHLD_BLOCKED | FKS_WHY_SIGCHLD_CAUGHT);
	p.sig_blk = 0;
	p.sig_ign = 1u << 16;
	CU_ASSERT_EQUAL(fks_reap_diagnose(tbl, &p), FKS_WHY_SIGCHLD_IGNORED);
	p.sig_ign = 0;
	p.sig_cgt = 0;
	p.state = FKS_STATE_STOPPED;
	CU_ASSERT_EQUAL(fks_reap_diagnose(tbl, &p),
			FKS_WHY_STOPPED | FKS_WHY_NO_HANDLER);
	p.state = FKS_STATE_SLEEPING;
	p.tracer = 42;
	CU_ASSERT_EQUAL(fks_reap_diagnose(tbl, &p),
			FKS_WHY_TRACED | FKS_WHY_NO_HANDLER);
	p.tracer = 0;
	p.nspid[p.nspid_len - 1] = 1;	/* pid 1 of a namespace */
	CU_ASSERT_EQUAL(fks_reap_diagnose(tbl, &p),
			FKS_WHY_INIT | FKS_WHY_NO_HANDLER);
	p.known &= ~FKS_K_STATUS;
	CU_ASSERT_TRUE(fks_reap_diagnose(tbl, &p) & FKS_WHY_UNKNOWN);
	free_table_and_root(tbl);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("audit", NULL, NULL);
	ADD_TEST(s, test_zombie_parent);
	ADD_TEST(s, test_zombie_leader_is_not);
	ADD_TEST(s, test_orphans);
	ADD_TEST(s, test_diagnose_bits);
	return run_suites();
}
