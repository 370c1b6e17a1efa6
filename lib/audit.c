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

#include "internal.h"

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
