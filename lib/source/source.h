/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * source.h - the task sources: where fks_table_read() (read.c) takes its
 * tasks from.  Each source is an ops table.  read.c picks one for the
 * root, readies it, reads through it, then, for a partial source, reads
 * from /proc what the caller asked beyond the source's fields and the
 * processes the source missed.  Data flows one way: a source fills the
 * table it is given and never calls back into read.c.  The root holds
 * the one source read.c opened for it (root->src) and what that keeps
 * (root->src_state); fks_root_free() closes it through that pointer.
 */
#ifndef FKS_SOURCE_H
#define FKS_SOURCE_H

#include "forkscope.h"

/* The kernel's count of tasks (loadavg: every thread of every pid
 * namespace) and of the tasks it has created since boot (stat's
 * processes, read first); -1 each when unknown or for a snapshot. */
struct task_count {
	long long tasks;
	long long forks;
};

struct task_source {
	enum fks_source id;	/* what fks_root_source_used() says */
	/*
	 * The FKS_F_* fields a read through it can give (a partial
	 * source's with what read.c completes from /proc), and why a read
	 * asking for more does not go through it (fks_root_source_why()).
	 */
	unsigned gives;
	const char *lacks;
	/*
	 * Readies the source for root (the BPF iterator: loads it, or
	 * keeps why it cannot run): *state, NULL at the first call, is
	 * what it keeps between reads, in the root (root->src_state), until
	 * close(); called before each read, it does the work once.
	 * Returns 0, or a negative errno with root->why set.  NULL: always
	 * ready, nothing kept.
	 */
	int (*open)(struct fks_root *root, void **state);
	/*
	 * Fills tbl (empty) with the tasks the source sees, in table order
	 * (processes by pid, each followed by its threads with
	 * FKS_READ_THREADS), with what fields asks of them (a partial
	 * source: their stat fields and owner).  before: the kernel's count
	 * just before (a partial source's buffer size).  Returns 0, or a
	 * negative errno with root->why set and nothing added (but for
	 * -ENOMEM).
	 */
	int (*read)(struct fks_root *root, void *state, unsigned fields,
		    unsigned flags, const struct task_count *before,
		    struct fks_table *tbl);
	/* Frees what open() kept (fks_root_free()); NULL: nothing. */
	void (*close)(void *state);
	/* It may miss processes /proc lists, and gives stat and the owner
	 * alone: read.c completes its tables. */
	bool partial;
};

/* proc-source.c: the files of a live procfs or of a snapshot */
extern const struct task_source proc_source;
/* bpf-source.c: the kernel's task iterator (live, initial namespaces) */
extern const struct task_source bpf_source;

#endif
