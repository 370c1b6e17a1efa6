/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * children.c - an example of libforkscope: one process's children and
 * threads, with the thread id beside the thread group id.
 *
 *   cc children.c $(pkg-config --cflags --libs forkscope) -o children
 *   ./children [PID]          (default: this program's parent)
 *
 * A process is a thread group: its first thread's id (tid) is the group's
 * id (tgid), which getpid() returns; every other thread has a tid of its
 * own and the same tgid.  Children are processes whose parent is PID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <forkscope.h>

/* Prints a name made safe for a terminal: it is data other users set. */
static void
print_row(const char *what, const struct fks_task *t)
{
	char *name = fks_escape(t->comm, t->comm_len, 0, NULL);

	printf("%-7s %7d %7d  %s\n", what, (int)t->tid, (int)t->tgid,
	       name ? name : "?");
	free(name);
}

int
main(int argc, char *argv[])
{
	pid_t pid = argc > 1 ? (pid_t)atoi(argv[1]) : getppid();
	const struct fks_task *proc;
	struct fks_root *root;
	struct fks_table *tbl;
	size_t i, n;
	int rc;

	rc = fks_root_open(NULL, &root);
	if (rc == 0)
		rc = fks_table_read(root, FKS_F_STAT, FKS_READ_THREADS, &tbl);
	if (rc != 0) {
		fprintf(stderr, "children: cannot read /proc: %s\n",
			strerror(-rc));
		return 1;
	}
	proc = fks_table_find(tbl, pid);
	if (!proc || proc->is_thread) {
		fprintf(stderr, "children: no process %d\n", (int)pid);
		return 1;
	}
	printf("%-7s %7s %7s  %s\n", "KIND", "TID", "TGID", "NAME");
	print_row("process", proc);
	n = fks_forest_nthreads(tbl, proc);
	for (i = 0; i < n; i++)
		print_row("thread", fks_forest_thread(tbl, proc, i));
	n = fks_forest_nchildren(tbl, proc);
	for (i = 0; i < n; i++)
		print_row("child", fks_forest_child(tbl, proc, i));
	fks_table_free(tbl);
	fks_root_free(root);
	return 0;
}
