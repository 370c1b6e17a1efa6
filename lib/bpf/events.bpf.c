/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * events.bpf.c - programs on the scheduler's process tracepoints
 * (sched_process_fork, sched_process_exec, sched_process_exit) and on
 * task_rename that write one record (events.h) per event into a BPF ring
 * buffer, which the library's BPF watch source (wbpf.c) reads.  Each
 * record is made while the event happens, so it holds the task's name and
 * an exec's argument vector however short the task's life.
 *
 * BTF-typed raw tracepoints (tp_btf/): the arguments are the kernel's own
 * pointers, read directly, and no tracefs is needed.  CO-RE without
 * vmlinux.h, as in tasks.bpf.c: the few kernel structures read are
 * declared below with only the members used, and the kernel relocates the
 * accesses when the light skeleton's loader loads the program.
 *
 * A reservation that fails (the ring is full: the reader is behind) is
 * counted per CPU in `lost`; the reader adds those up, reports them and
 * reads /proc again.
 */
#include "common.bpf.h"
#include "events.h"

/* linux/bpf.h's map types (its headers are not for the BPF target) */
#define BPF_MAP_TYPE_PERCPU_ARRAY 6
#define BPF_MAP_TYPE_RINGBUF 27

#define RING_BYTES (16u << 20)	/* a power of 2, pages */

typedef struct { int counter; } atomic_t;
struct signal_struct {
	atomic_t live;
	int group_exit_code;
	unsigned int flags;
} PAI;
struct mm_struct { unsigned long arg_start, arg_end; } PAI;
struct kernfs_node { __u64 id; } PAI;
struct cgroup { struct kernfs_node *kn; } PAI;
struct css_set { struct cgroup *dfl_cgrp; } PAI;
struct task_struct {
	struct css_set *cgroups;
	unsigned int flags;
	int exit_code, exit_signal;
	unsigned in_execve:1;
	int pid, tgid;
	struct task_struct *real_parent;
	struct signal_struct *signal;
	struct mm_struct *mm;
	char comm[16];
} PAI;
struct linux_binprm { const char *filename; } PAI;
/* sched_process_exit's event, present where the tracepoint has the
 * group_dead argument (Linux 6.16 and later) */
struct trace_event_raw_sched_process_exit { _Bool group_dead; } PAI;

/* GPL-compatible, as the kernel asks of a program that uses its GPL-only
 * helpers; this file is LGPL-2.1-or-later, which may be used as the GPL. */
char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, RING_BYTES);
} ring SEC(".maps");

/* failed reservations, per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

static __always_inline void *
reserve(__u32 size)
{
	void *r = bpf_ringbuf_reserve(&ring, size, 0);
	__u32 zero = 0;
	__u64 *n;

	if (!r) {
		n = bpf_map_lookup_elem(&lost, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
	}
	return r;
}

static __always_inline void
fill_head(struct fks_bpfev_head *h, __u16 size, __u8 type,
	  struct task_struct *t)
{
	struct task_struct *parent = t->real_parent;

	h->size = size;
	h->version = FKS_BPFEV_VERSION;
	h->type = type;
	h->cpu = bpf_get_smp_processor_id();
	h->time_ns = bpf_ktime_get_ns();
	h->tid = t->pid;
	h->tgid = t->tgid;
	h->parent_tid = parent ? parent->pid : 0;
	h->parent_tgid = parent ? parent->tgid : 0;
	h->task_flags = t->flags;
	h->pad = 0;
	/* the task's own, not current's: a fork's child may have been
	 * cloned into another cgroup (CLONE_INTO_CGROUP) */
	h->cgroup_id = BPF_CORE_READ(t, cgroups, dfl_cgrp, kn, id);
	bpf_probe_read_kernel(h->comm, sizeof h->comm, t->comm);
}

SEC("tp_btf/sched_process_fork")
int
on_fork(__u64 *ctx)
{
	struct task_struct *child = (void *)ctx[1];
	struct fks_bpfev_head *h = reserve(sizeof *h);

	if (!h)
		return 0;
	fill_head(h, sizeof *h, FKS_BPFEV_FORK, child);
	bpf_ringbuf_submit(h, 0);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int
on_exec(__u64 *ctx)
{
	struct task_struct *p = (void *)ctx[0];
	struct linux_binprm *bprm = (void *)ctx[2];
	struct fks_bpfev_exec *e = reserve(sizeof *e);
	struct mm_struct *mm;
	__u64 start, end, n;

	if (!e)
		return 0;
	fill_head(&e->head, sizeof *e, FKS_BPFEV_EXEC, p);
	e->old_tid = (__s32)ctx[1];
	e->path_len = bpf_probe_read_kernel_str(e->path, sizeof e->path,
						bprm->filename);
	e->argv_len = 0;
	e->argv_copied = 0;
	e->pad = 0;
	/* the new argument area, which exec has just written (current's
	 * own memory: p is current here) */
	mm = p->mm;
	start = mm ? mm->arg_start : 0;
	end = mm ? mm->arg_end : 0;
	if (end > start) {
		e->argv_len = end - start;
		n = end - start;
		if (n > sizeof e->argv)
			n = sizeof e->argv;
		if (bpf_probe_read_user(e->argv, n, (void *)start) == 0)
			e->argv_copied = n;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int
on_exit(__u64 *ctx)
{
	struct task_struct *p = (void *)ctx[0];
	struct fks_bpfev_exit *x = reserve(sizeof *x);
	struct signal_struct *sig;

	if (!x)
		return 0;
	fill_head(&x->head, sizeof *x, FKS_BPFEV_EXIT, p);
	sig = p->signal;
	x->exit_code = p->exit_code;
	x->exit_signal = p->exit_signal;
	x->group_exit_code = sig->group_exit_code;
	x->sig_flags = sig->flags;
	x->pad = 0;
	/* the kernel's word where the tracepoint carries it; before, the
	 * group's count of live threads, which do_exit() has lowered by
	 * now (two threads ending at once may both see it 0) */
	if (bpf_core_field_exists(struct trace_event_raw_sched_process_exit,
				  group_dead))
		x->group_dead = ctx[1] & 1;
	else
		x->group_dead = sig->live.counter == 0;
	bpf_ringbuf_submit(x, 0);
	return 0;
}

SEC("tp_btf/task_rename")
int
on_rename(__u64 *ctx)
{
	struct task_struct *t = (void *)ctx[0];
	struct fks_bpfev_head *h;

	/* an exec renames its task too: its record tells the new name */
	if (bpf_core_field_exists(t->in_execve) &&
	    BPF_CORE_READ_BITFIELD(t, in_execve))
		return 0;
	h = reserve(sizeof *h);
	if (!h)
		return 0;
	fill_head(h, sizeof *h, FKS_BPFEV_RENAME, t);
	__builtin_memset(h->comm, 0, sizeof h->comm);
	bpf_probe_read_kernel_str(h->comm, sizeof h->comm,
				  (const char *)ctx[1]);
	bpf_ringbuf_submit(h, 0);
	return 0;
}
