/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * audit.c - the rules that tell a zombie and an orphan from an ordinary
 * process, decided from one reading of the table.
 *
 * Zombies are certain (the kernel says Z); see fks_task_is_zombie() in
 * table.c.  Orphans are inferred: a process does not record that it was
 * reparented, so the rule below uses what fork() guarantees and documents
 * where it cannot see.
 */
#include "config.h"

#include <signal.h>

#include "forkscope.h"

/*
 * A child inherits its parent's session at fork(), and only setsid() -
 * which makes the caller a session leader - moves it out.  So a process
 * that is not a session leader, yet lives in another session than its
 * parent, did not get that parent by fork(): it was reparented.
 *
 * What this cannot see: an orphan adopted by a subreaper or an init in its
 * own session (a subreaper that forked the orphan's ancestors), and a
 * parent that called setsid() after forking the child.  Events see those.
 */
bool
fks_task_is_orphan(const struct fks_table *tbl, const struct fks_task *t)
{
	const struct fks_task *parent;

	if (t->is_thread || !(t->known & FKS_K_STAT) || t->kthread ||
	    t->session == t->tid || t->session == 0)
		return false;
	parent = fks_forest_parent(tbl, t);
	if (!parent || !(parent->known & FKS_K_STAT))
		return false;
	return parent->session != t->session;
}

/* In the kernel's signal masks (status's SigIgn, SigBlk), bit n-1
 * stands for signal n. */
#define SIGCHLD_BIT (UINT64_C(1) << (SIGCHLD - 1))

unsigned
fks_reap_diagnose(const struct fks_table *tbl, const struct fks_task *parent)
{
	unsigned why = 0;

	(void)tbl;
	if (parent->known & FKS_K_STAT) {
		if (parent->state == FKS_STATE_STOPPED)
			why |= FKS_WHY_STOPPED;
		if (parent->state == FKS_STATE_TRACED)
			why |= FKS_WHY_TRACED;
		if (fks_task_is_zombie(parent))
			why |= FKS_WHY_PARENT_ZOMBIE;
	}
	/* pid 1 of the namespace: the last entry of its NSpid chain */
	if ((parent->known & FKS_K_STATUS) && parent->nspid_len > 0 &&
	    parent->nspid[parent->nspid_len - 1] == 1)
		why |= FKS_WHY_INIT;
	else if (parent->tid == 1)
		why |= FKS_WHY_INIT;
	if (!(parent->known & FKS_K_STATUS))
		return why | FKS_WHY_UNKNOWN;
	if (parent->tracer)
		why |= FKS_WHY_TRACED;
	if (parent->sig_blk & SIGCHLD_BIT)
		why |= FKS_WHY_SIGCHLD_BLOCKED;
	if (parent->sig_ign & SIGCHLD_BIT)
		why |= FKS_WHY_SIGCHLD_IGNORED;
	else if (parent->sig_cgt & SIGCHLD_BIT)
		why |= FKS_WHY_SIGCHLD_CAUGHT;
	else
		why |= FKS_WHY_NO_HANDLER;
	return why;
}

long long
fks_zombie_age_max(const struct fks_table *tbl, const struct fks_task *z)
{
	long long start = fks_task_start_time(tbl, z);

	if (start < 0)
		return -1;
	return fks_root_now(fks_table_root(tbl)) > start ?
	       fks_root_now(fks_table_root(tbl)) - start : 0;
}
