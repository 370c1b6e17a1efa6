/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reapaudit.c - the audit of one table: its zombies grouped by the parent
 * that holds them (with why it does not reap, and their ages), its
 * orphans, and what to do about each parent, as a kind of advice.
 *
 * The rules themselves (who is a zombie, an orphan, why a parent does not
 * reap) are audit.c's; this file applies them to a whole table.  It reads
 * only what the rules need and the table lacks (the status and cgroup of
 * the zombies' parents, the orphans' cgroups); the words for people are
 * the caller's.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"

struct fks_audit {
	const struct fks_table *tbl;
	struct fks_reap_group *groups;
	size_t ngroups, nzombies, nprocs;
	long long oldest;
	const struct fks_task **orphans;
	size_t norphans;
	struct fks_audit_unread *unread;
	size_t nunread;
};

/*
 * Only the parents of zombies need status (the tracer, the SIGCHLD masks,
 * NSpid: fks_reap_diagnose()), so a table read without it gets theirs
 * here: one file or a few instead of one per task.  Their cgroup says
 * where they run, and so does an orphan's.
 */
static int
read_parents(struct fks_audit *a, struct fks_table *tbl)
{
	bool live = !fks_root_is_snapshot(fks_table_root(tbl));
	const struct fks_task *t, *p;
	struct fks_audit_unread *v;
	size_t i;
	int rc;

	for (i = 0; i < fks_table_count(tbl); i++) {
		t = fks_table_at(tbl, i);
		if (t->is_thread)
			continue;
		if (!fks_task_is_zombie(t)) {
			if (fks_task_is_orphan(tbl, t))
				(void)fks_table_read_cgroup(tbl, t);
			continue;
		}
		p = fks_forest_parent(tbl, t);
		if (!p || (p->known & FKS_K_STATUS))
			continue;
		/* where it runs, for the report; none said when unread */
		(void)fks_table_read_cgroup(tbl, p);
		rc = fks_table_read_status(tbl, p);
		/* live, gone or not ours: the diagnosis says "unknown";
		 * a snapshot's missing file is the snapshot's fault */
		if (rc == 0 || (live && (rc == -ESRCH || rc == -ENOENT ||
					 rc == -EACCES || rc == -EPERM)))
			continue;
		v = realloc(a->unread, (a->nunread + 1) * sizeof *v);
		if (!v)
			return -ENOMEM;
		a->unread = v;
		a->unread[a->nunread++] = (struct fks_audit_unread){
			.pid = p->tid, .err = rc };
	}
	return 0;
}

/* The group of zombie z's parent, added when new; NULL without memory.
 * slot_of maps a parent's table index to its group, SIZE_MAX for none. */
static struct fks_reap_group *
group_of(struct fks_audit *a, const struct fks_table *tbl, size_t *slot_of,
	 const struct fks_task *z)
{
	const struct fks_task *p = fks_forest_parent(tbl, z);
	size_t key = p ? fks_table_index(tbl, p) : fks_table_count(tbl);
	struct fks_reap_group *g;
	size_t i;

	if (p && slot_of[key] != SIZE_MAX)
		return &a->groups[slot_of[key]];
	if (!p)		/* parents missing from the table: one group each */
		for (i = 0; i < a->ngroups; i++)
			if (!a->groups[i].parent && a->groups[i].ppid ==
			    z->ppid)
				return &a->groups[i];
	g = realloc(a->groups, (a->ngroups + 1) * sizeof *a->groups);
	if (!g)
		return NULL;
	a->groups = g;
	g = &a->groups[a->ngroups];
	*g = (struct fks_reap_group){ .parent = p, .ppid = z->ppid,
				      .oldest = -1,
				      .why = p ? fks_reap_diagnose(tbl, p) : 0 };
	if (p)
		slot_of[key] = a->ngroups;
	a->ngroups++;
	return g;
}

static int
add_zombie(struct fks_audit *a, const struct fks_table *tbl,
	   struct fks_reap_group *g, const struct fks_task *z)
{
	long long age = fks_zombie_age_max(tbl, z);
	const struct fks_task **v;

	v = realloc(g->zombies, (g->n + 1) * sizeof *v);
	if (!v)
		return -ENOMEM;
	g->zombies = v;
	g->zombies[g->n++] = z;
	if (age > g->oldest)
		g->oldest = age;
	if (age > a->oldest)
		a->oldest = age;
	a->nzombies++;
	return 0;
}

/* Largest groups first, then by parent pid: the worst parent on top. */
static int
cmp_groups(const void *x, const void *y)
{
	const struct fks_reap_group *a = x, *b = y;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return (a->ppid > b->ppid) - (a->ppid < b->ppid);
}

static int
run(struct fks_audit *a, const struct fks_table *tbl)
{
	size_t i, n = fks_table_count(tbl), *slot_of;
	struct fks_reap_group *g;
	const struct fks_task *t;
	int rc = 0;

	slot_of = malloc((n + 1) * sizeof *slot_of);
	a->orphans = malloc((n + 1) * sizeof *a->orphans);
	if (!slot_of || !a->orphans) {
		free(slot_of);
		return -ENOMEM;
	}
	memset(slot_of, 0xff, (n + 1) * sizeof *slot_of);
	for (i = 0; i < n && rc == 0; i++) {
		t = fks_table_at(tbl, i);
		if (t->is_thread)
			continue;
		a->nprocs++;
		if (fks_task_is_zombie(t))
			rc = (g = group_of(a, tbl, slot_of, t)) ?
			     add_zombie(a, tbl, g, t) : -ENOMEM;
		else if (fks_task_is_orphan(tbl, t))
			a->orphans[a->norphans++] = t;
	}
	if (a->ngroups > 1)	/* none: no array at all, and qsort wants one */
		qsort(a->groups, a->ngroups, sizeof *a->groups, cmp_groups);
	free(slot_of);
	return rc;
}

int
fks_audit_new(struct fks_table *tbl, struct fks_audit **out)
{
	struct fks_audit *a = calloc(1, sizeof *a);
	int rc;

	*out = NULL;
	if (!a)
		return -ENOMEM;
	a->tbl = tbl;
	a->oldest = -1;
	rc = read_parents(a, tbl);
	if (rc == 0)
		rc = run(a, tbl);
	if (rc < 0) {
		fks_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void
fks_audit_free(struct fks_audit *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->ngroups; i++)
		free(a->groups[i].zombies);
	free(a->groups);
	free(a->orphans);
	free(a->unread);
	free(a);
}

size_t
fks_audit_processes(const struct fks_audit *a)
{
	return a->nprocs;
}

size_t
fks_audit_zombies(const struct fks_audit *a)
{
	return a->nzombies;
}

long long
fks_audit_oldest(const struct fks_audit *a)
{
	return a->oldest;
}

const struct fks_reap_group *
fks_audit_groups(const struct fks_audit *a, size_t *n)
{
	*n = a->ngroups;
	return a->groups;
}

/* By parent: a zombie's group is its parent's (group_of()). */
const struct fks_reap_group *
fks_audit_group_of(const struct fks_audit *a, const struct fks_task *z)
{
	const struct fks_task *p;
	size_t i;

	if (z->is_thread || !fks_task_is_zombie(z))
		return NULL;
	p = fks_forest_parent(a->tbl, z);
	for (i = 0; i < a->ngroups; i++)
		if (a->groups[i].parent == p &&
		    (p || a->groups[i].ppid == z->ppid))
			return &a->groups[i];
	return NULL;
}

const struct fks_task *const *
fks_audit_orphans(const struct fks_audit *a, size_t *n)
{
	*n = a->norphans;
	return a->orphans;
}

const struct fks_audit_unread *
fks_audit_unread(const struct fks_audit *a, size_t *n)
{
	*n = a->nunread;
	return a->unread;
}

/* ---- advice ------------------------------------------------------------- */

enum fks_init_kind
fks_place_init_kind(const struct fks_place *pl)
{
	const char *rt = pl ? pl->runtime : "";

	if (strcmp(rt, "kubepods") == 0 ||
	    ((strcmp(rt, "containerd") == 0 || strcmp(rt, "cri-o") == 0) &&
	     pl->pod[0]))
		return FKS_INIT_POD;
	if (strcmp(rt, "docker") == 0 || strcmp(rt, "podman") == 0)
		return FKS_INIT_ENGINE;
	if (strcmp(rt, "machine") == 0)
		return FKS_INIT_NSPAWN;
	if (strcmp(rt, "lxc") == 0)
		return FKS_INIT_LXC;
	return FKS_INIT_ANY;
}

int
fks_place_user_manager(const struct fks_place *pl, unsigned long *uid)
{
	if (!pl || !pl->user_unit[0] ||
	    sscanf(pl->unit, "user@%lu.service", uid) != 1)
		return -ENOENT;
	return 0;
}

/* Whether name ends in ".service" after something. */
static bool
is_service(const char *name)
{
	size_t len = strlen(name);

	return len > 8 && strcmp(name + len - 8, ".service") == 0;
}

/*
 * A parent that does not reap and has nothing else wrong: fixed or
 * restarted, with the systemd service it runs in, a system one or a
 * user's (a restart ends the parent, and its zombies with it); never
 * user@UID.service itself, the user's whole manager.
 */
static enum fks_reap_advice
restart_advice(const struct fks_place *pl)
{
	unsigned long uid;

	if (pl && pl->runtime[0])	/* its zombies go to the container's
					 * pid 1 then */
		return FKS_ADVICE_RESTART_IN_CONTAINER;
	if (!pl)
		return FKS_ADVICE_RESTART;
	if (pl->user_unit[0])
		return is_service(pl->user_unit) &&
		       fks_place_user_manager(pl, &uid) == 0 ?
		       FKS_ADVICE_RESTART_SERVICE : FKS_ADVICE_RESTART;
	return is_service(pl->unit) && strncmp(pl->unit, "user@", 5) != 0 ?
	       FKS_ADVICE_RESTART_SERVICE : FKS_ADVICE_RESTART;
}

enum fks_reap_advice
fks_reap_advise(const struct fks_reap_group *g, const struct fks_place *pl)
{
	unsigned w = g->why;

	if (!g->parent)
		return FKS_ADVICE_PARENT_GONE;
	if (w & FKS_WHY_PARENT_ZOMBIE)
		return FKS_ADVICE_REAP_PARENT;
	if (w & FKS_WHY_STOPPED)
		return FKS_ADVICE_CONTINUE;
	if (w & FKS_WHY_TRACED)
		return FKS_ADVICE_DETACH_TRACER;
	if (w & FKS_WHY_INIT)
		return FKS_ADVICE_REAPING_INIT;
	if (w & FKS_WHY_SIGCHLD_CAUGHT && !(w & FKS_WHY_SIGCHLD_BLOCKED))
		return FKS_ADVICE_SIGNAL;
	return restart_advice(pl);
}
