/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tasks.h - the record the BPF task iterator (tasks.bpf.c) writes for each
 * task, shared by the program and its decoder (bpf-decode.c).  Raw kernel
 * values only: what /proc would compute from them (the state letter, the
 * scaled CPU times, the tty number, a kernel thread's name) is computed by
 * the decoder, where it can be unit-tested.
 *
 * The layout is fixed-size and naturally aligned; `size` and `version`
 * let the decoder refuse records of another build.
 */
#ifndef FKS_BPF_TASKS_H
#define FKS_BPF_TASKS_H

/* The BPF programs have __u16 and the like from vmlinux.h (common.bpf.h);
 * user space from the kernel's uapi types. */
#ifndef __bpf__
#include <linux/types.h>
#endif

#define FKS_BPF_REC_VERSION 5

/* bits of fks_bpf_rec.have */
#define FKS_BPF_SIGHAND	(1u << 0)	/* sighand was set: the signal fields
					 * (ppid ... nr_threads) are valid */
#define FKS_BPF_MM	(1u << 1)	/* a user mm: rss, the argument
					 * area, locked_vm and total_vm are
					 * valid */
#define FKS_BPF_TTY	(1u << 2)	/* a controlling tty */
#define FKS_BPF_WORKER	(1u << 3)	/* a workqueue worker with a desc */
#define FKS_BPF_BUSY	(1u << 4)	/* ... running a work item now */
#define FKS_BPF_PIDNS	(1u << 5)	/* pidns is valid */

struct fks_bpf_rec {
	__u16 size;		/* sizeof(struct fks_bpf_rec) */
	__u16 version;		/* FKS_BPF_REC_VERSION */
	__u32 have;		/* FKS_BPF_* bits */
	__s32 tid, tgid;
	__s32 ppid;		/* real_parent's tgid */
	__s32 pgrp, session;	/* numbers in the initial pid namespace */
	__s32 tpgid;		/* the tty's foreground group (0: none) */
	__u32 state;		/* task->__state (or ->state) */
	__u32 exit_state;
	__u32 flags;		/* PF_* */
	__s32 prio;		/* static_prio */
	__s32 nr_threads;	/* signal->nr_threads */
	__s32 exit_code;
	/* the group's stop or exit code and SIGNAL_* flags (signal_struct):
	 * a process's stat shows that code while the group is stopped or
	 * exiting */
	__s32 group_exit_code;
	__u32 sig_flags;
	__u32 ruid, euid;	/* real_cred's uid and euid */
	__u32 tty_major, tty_minor;	/* driver major, minor_start + index */
	/* the inode of its pid namespace (the ns/pid link's), and a pad */
	__u32 pidns, pad;
	__u64 start_boottime;	/* ns */
	__u64 rss;		/* pages: file + anon + shmem counters */
	__u64 arg_start, arg_end;	/* mm's argument area (argv) */
	/* this task's CPU times (ns) and what /proc last printed for it */
	__u64 utime, stime, runtime, prev_utime, prev_stime;
	/* the thread group's: exited threads' sums (signal_struct) and the
	 * group's last printed times */
	__u64 sig_utime, sig_stime, sig_runtime, sig_prev_utime,
	      sig_prev_stime;
	char comm[16];
	char full_name[64];	/* a kernel thread's long name, or "" */
	char desc[32];		/* a workqueue worker's description */
	/* a user mm's pages locked in memory (status's VmLck) and mapped
	 * (stat's vsize) */
	__u64 locked_vm, total_vm;
};

#endif
