/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * events.h - the records the BPF event program (events.bpf.c) writes into
 * its ring buffer, one per fork, exec, exit or rename, shared by the
 * program and its decoder (bpf-events.c).  Raw kernel values only: the
 * wait status of an exit, for one, is computed by the decoder, where it
 * can be unit-tested.
 *
 * Every record starts with the same head; its `size` is the record's
 * (each type has one fixed size) and `version` lets the decoder refuse
 * records of another build.  Naturally aligned, no padding left implicit.
 */
#ifndef FKS_BPF_EVENTS_H
#define FKS_BPF_EVENTS_H

/* The BPF programs have __u16 and the like from vmlinux.h (common.bpf.h);
 * user space from the kernel's uapi types. */
#ifndef __bpf__
#include <linux/types.h>
#endif

#define FKS_BPFEV_VERSION 2

enum fks_bpfev_type {
	FKS_BPFEV_FORK = 1,	/* sched_process_fork: a process or a thread */
	FKS_BPFEV_EXEC,		/* sched_process_exec */
	FKS_BPFEV_EXIT,		/* sched_process_exit: a thread, maybe the
				 * last of its group */
	FKS_BPFEV_RENAME,	/* task_rename outside an exec */
};

#define FKS_BPFEV_PATH_MAX 256	/* bytes of an exec's file name kept */
#define FKS_BPFEV_ARGV_MAX 4096	/* bytes of an exec's argument area kept */

struct fks_bpfev_head {
	__u16 size;		/* bytes of the whole record */
	__u8 version;		/* FKS_BPFEV_VERSION */
	__u8 type;		/* enum fks_bpfev_type */
	__u32 cpu;		/* where it happened */
	__u64 time_ns;		/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__s32 tid, tgid;	/* the task (fork: the child) */
	__s32 parent_tid, parent_tgid;	/* its real_parent */
	__u32 task_flags;	/* PF_* */
	__u32 pad;
	__u64 cgroup_id;	/* the task's cgroup in the unified hierarchy
				 * (its kernfs id: the inode of its directory
				 * there); fork: the child's */
	char comm[16];		/* after the event (rename: the new name) */
};

struct fks_bpfev_exit {
	struct fks_bpfev_head head;
	__s32 exit_code;	/* task->exit_code */
	__s32 exit_signal;	/* sent to the parent */
	__s32 group_exit_code;	/* signal->group_exit_code */
	__u32 sig_flags;	/* signal->flags (SIGNAL_GROUP_EXIT ...) */
	__u32 group_dead;	/* 1: the last thread of its group */
	__u32 pad;
};

struct fks_bpfev_exec {
	struct fks_bpfev_head head;
	__s32 old_tid;		/* a thread that exec'd took its leader's
				 * tid; this was its own */
	__s32 path_len;		/* bytes of path with its NUL (at most
				 * FKS_BPFEV_PATH_MAX: maybe cut); <= 0:
				 * unreadable */
	__u64 argv_len;		/* the argument area's whole size */
	__u32 argv_copied;	/* bytes of it in argv (0: unreadable) */
	__u32 pad;
	char path[FKS_BPFEV_PATH_MAX];	/* the file name exec'd */
	char argv[FKS_BPFEV_ARGV_MAX];	/* NUL-separated, as /proc's cmdline */
};

#endif /* FKS_BPF_EVENTS_H */
