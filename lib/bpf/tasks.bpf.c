/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tasks.bpf.c - a BPF task iterator that writes one fixed-size binary
 * record (tasks.h) per task: the raw kernel values behind the fields of
 * /proc/PID/stat (with the argument area of fields 48 and 49 and the
 * size of field 23), its owner and its status Uid and VmLck lines.
 *
 * CO-RE without vmlinux.h: the few kernel structures read are declared
 * below with only the members used, and preserve_access_index has clang
 * record every access, which the light skeleton's loader program has the
 * kernel relocate against its own BTF, so one object
 * runs on any kernel that has these members (6.2 or later: percpu rss
 * counters, signal->pids, start_boottime).  A kernel without one of them
 * refuses the program at load time and the library falls back to /proc.
 *
 * Nothing is computed here that user space can compute: the decoder turns
 * these values into what /proc prints.
 */
#include "common.bpf.h"
#include "tasks.h"

#define PF_KTHREAD	0x00200000
#define PF_WQ_WORKER	0x00000020
#define PIDTYPE_PGID	2
#define PIDTYPE_SID	3

struct ns_common { unsigned int inum; } PAI;
struct pid_namespace { struct ns_common ns; } PAI;
struct upid { int nr; struct pid_namespace *ns; } PAI;
struct pid { unsigned int level; struct upid numbers[1]; } PAI;
struct tty_driver { int major; int minor_start; } PAI;
struct tty_struct {
	int index;
	struct tty_driver *driver;
	struct { struct pid *pgrp; } ctrl;
} PAI;
struct tty_struct___old { struct pid *pgrp; } PAI;	/* before 6.0 */
struct prev_cputime { __u64 utime, stime; } PAI;
struct signal_struct {
	int nr_threads;
	int group_exit_code;
	unsigned int flags;
	struct pid *pids[4];
	struct tty_struct *tty;
	__u64 utime, stime;
	unsigned long long sum_sched_runtime;
	struct prev_cputime prev_cputime;
} PAI;
typedef struct { unsigned int val; } kuid_t;
struct cred { kuid_t uid, euid; } PAI;
struct percpu_counter { __s64 count; } PAI;
struct mm_struct {
	struct percpu_counter rss_stat[4];
	unsigned long arg_start, arg_end;
	unsigned long locked_vm, total_vm;
} PAI;
struct sched_entity { __u64 sum_exec_runtime; } PAI;
struct kthread { void *data; char *full_name; } PAI;
struct work_struct;
struct worker_pool;
struct worker {
	struct work_struct *current_work;
	struct worker_pool *pool;
	char desc[32];
} PAI;
struct task_struct {
	unsigned int __state;
	unsigned int flags;
	int static_prio;
	int exit_state;
	int exit_code;
	int pid, tgid;
	struct task_struct *real_parent;
	struct pid *thread_pid;
	void *worker_private;
	__u64 utime, stime;
	struct prev_cputime prev_cputime;
	__u64 start_boottime;
	const struct cred *real_cred;
	struct signal_struct *signal;
	void *sighand;
	struct mm_struct *mm;
	struct sched_entity se;
	char comm[16];
} PAI;
struct task_struct___old { long state; } PAI;	/* before 5.14 */

struct seq_file;
struct bpf_iter_meta { struct seq_file *seq; } PAI;
struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} PAI;

/* GPL-compatible, as the kernel asks of a program that uses its GPL-only
 * helpers; this file is LGPL-2.1-or-later, which may be used as the GPL. */
char LICENSE[] SEC("license") = "GPL";

/* A kfunc (6.2 and later): the task as a read-only, untrusted pointer.
 * Loads through it are the same (exception-protected) loads, but the
 * verifier no longer asks, for each pointer it loads, whether the kernel
 * declared that member trusted, a check that scans the kernel's BTF by
 * name four times for each such load. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

/* the MM_FILEPAGES, MM_ANONPAGES and MM_SHMEMPAGES counters, each read as
 * percpu_counter_read_positive() does (get_mm_rss) */
static __always_inline __u64
rss_pages(struct mm_struct *mm)
{
	__s64 f = mm->rss_stat[0].count, a = mm->rss_stat[1].count,
	      s = mm->rss_stat[3].count;

	return (f > 0 ? f : 0) + (a > 0 ? a : 0) + (s > 0 ? s : 0);
}

/* what proc_task_name() adds for kernel threads: a long name, or a
 * workqueue worker's description */
static __always_inline void
kthread_names(struct task_struct *t, struct fks_bpf_rec *r)
{
	struct kthread *k = (struct kthread *)t->worker_private;
	struct worker *w;
	char *full;

	full = BPF_CORE_READ(k, full_name);
	if (full)
		bpf_probe_read_kernel_str(r->full_name, sizeof r->full_name,
					  full);
	if (!(r->flags & PF_WQ_WORKER))
		return;
	w = BPF_CORE_READ(k, data);
	if (w && BPF_CORE_READ(w, pool)) {
		bpf_probe_read_kernel_str(r->desc, sizeof r->desc, &w->desc);
		if (r->desc[0])
			r->have |= FKS_BPF_WORKER;
		if (BPF_CORE_READ(w, current_work))
			r->have |= FKS_BPF_BUSY;
	}
}

static __always_inline void
tty_fields(struct tty_struct *tty, struct fks_bpf_rec *r)
{
	struct tty_driver *drv = tty->driver;
	struct pid *pg;

	r->have |= FKS_BPF_TTY;
	r->tty_major = drv->major;
	r->tty_minor = drv->minor_start + tty->index;
	if (bpf_core_field_exists(tty->ctrl))
		pg = tty->ctrl.pgrp;
	else
		pg = ((struct tty_struct___old *)tty)->pgrp;
	r->tpgid = pg ? pg->numbers[0].nr : 0;
}

/*
 * The inode of t's pid namespace, as its ns/pid link names it
 * (task_active_pid_ns(): the namespace of its pid's deepest level); 0
 * when unreadable.  The level indexes an array, which the verifier takes
 * from plain addresses only: each step is a probe read of one, at the
 * offsets CO-RE relocates.
 */
static __always_inline __u32
pidns_inode(struct task_struct *t)
{
	unsigned long pid = 0, ns = 0;
	unsigned int level = 0, inum = 0;

	if (bpf_probe_read_kernel(&pid, sizeof pid, &t->thread_pid) || !pid)
		return 0;
	if (bpf_probe_read_kernel(&level, sizeof level, (void *)(pid +
			bpf_core_field_offset(struct pid, level))))
		return 0;
	if (bpf_probe_read_kernel(&ns, sizeof ns, (void *)(pid +
			bpf_core_field_offset(struct pid, numbers) +
			(unsigned long)level * bpf_core_type_size(struct upid) +
			bpf_core_field_offset(struct upid, ns))) || !ns)
		return 0;
	if (bpf_probe_read_kernel(&inum, sizeof inum, (void *)(ns +
			bpf_core_field_offset(struct pid_namespace, ns) +
			bpf_core_field_offset(struct ns_common, inum))))
		return 0;
	return inum;
}

SEC("iter/task")
int
fks_tasks(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *t;
	struct signal_struct *sig;
	struct fks_bpf_rec r;

	if (!ctx->task)
		return 0;
	t = bpf_rdonly_cast(ctx->task,
			    bpf_core_type_id_kernel(struct task_struct));
	__builtin_memset(&r, 0, sizeof r);
	r.size = sizeof r;
	r.version = FKS_BPF_REC_VERSION;
	r.tid = t->pid;
	r.tgid = t->tgid;
	if (bpf_core_field_exists(t->__state))
		r.state = t->__state;
	else
		r.state = BPF_CORE_READ((struct task_struct___old *)t, state);
	r.exit_state = t->exit_state;
	r.flags = t->flags;
	r.prio = t->static_prio;
	r.exit_code = t->exit_code;
	r.ruid = t->real_cred->uid.val;
	r.euid = t->real_cred->euid.val;
	r.start_boottime = t->start_boottime;
	r.utime = t->utime;
	r.stime = t->stime;
	r.runtime = t->se.sum_exec_runtime;
	r.prev_utime = t->prev_cputime.utime;
	r.prev_stime = t->prev_cputime.stime;
	bpf_probe_read_kernel(r.comm, sizeof r.comm, t->comm);
	r.pidns = pidns_inode(t);
	if (r.pidns)
		r.have |= FKS_BPF_PIDNS;
	if (r.flags & PF_KTHREAD)
		kthread_names(t, &r);
	else if (t->mm) {
		r.have |= FKS_BPF_MM;
		r.rss = rss_pages(t->mm);
		r.arg_start = t->mm->arg_start;
		r.arg_end = t->mm->arg_end;
		r.locked_vm = t->mm->locked_vm;
		r.total_vm = t->mm->total_vm;
	}
	sig = t->signal;
	if (t->sighand && sig) {
		r.have |= FKS_BPF_SIGHAND;
		r.ppid = t->real_parent->tgid;
		r.pgrp = sig->pids[PIDTYPE_PGID]->numbers[0].nr;
		r.session = sig->pids[PIDTYPE_SID]->numbers[0].nr;
		r.nr_threads = sig->nr_threads;
		r.group_exit_code = sig->group_exit_code;
		r.sig_flags = sig->flags;
		r.sig_utime = sig->utime;
		r.sig_stime = sig->stime;
		r.sig_runtime = sig->sum_sched_runtime;
		r.sig_prev_utime = sig->prev_cputime.utime;
		r.sig_prev_stime = sig->prev_cputime.stime;
		if (sig->tty)
			tty_fields(sig->tty, &r);
	}
	bpf_seq_write(seq, &r, sizeof r);
	return 0;
}
