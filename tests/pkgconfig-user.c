/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pkgconfig-user.c - an outside program built against the installed
 * library through pkg-config (tests/pkgconfig.sh): it must compile with
 * -std=c99 -pedantic and find pid 1 or its own process.
 */
#include <stdio.h>
#include <unistd.h>
#include <forkscope.h>

int
main(void)
{
	struct fks_root *root;
	struct fks_table *tbl;
	const struct fks_task *me;
	int ok;

	if (fks_root_open(NULL, &root) != 0)
		return 1;
	if (fks_table_read(root, FKS_F_STAT, 0, &tbl) != 0)
		return 1;
	me = fks_table_find(tbl, getpid());
	ok = me && me->ppid == getppid();
	printf("pid %d ppid %d found %d\n", (int)getpid(), (int)getppid(), ok);
	fks_table_free(tbl);
	fks_root_free(root);
	return ok ? 0 : 1;
}
