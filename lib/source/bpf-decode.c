/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-decode.c - turns the records of the BPF task iterator (bpf/tasks.h)
 * into tasks with the values /proc/PID/stat would print: pure, over a
 * buffer, so it is unit-tested and fuzzed on hand-made records.
 *
 * What /proc computes at read time is computed here the same way: the
 * state letter (fs/proc/array.c, task_state_index), the tty number
 * (new_encode_dev), a kernel thread's name (proc_task_name), and the CPU
 * times, which /proc scales against the scheduler's runtime
 * (kernel/sched/cputime.c, cputime_adjust) and sums over the thread group
 * for a process.  cputime_adjust keeps what it printed last (prev_cputime)
 * and never goes below it; the record carries those values, so the same
 * inputs give the same ticks here as there.  Loading and reading the
 * program is bpf-source.c's job.
 */
#include "config.h"

#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "source/bpf-decode.h"
#include "bpf/tasks.h"

#define PF_KTHREAD	0x00200000u
#define PF_WQ_WORKER	0x00000020u
#define NS_PER_TICK	10000000ull	/* NSEC_PER_SEC / USER_HZ (100) */
#define DEFAULT_PRIO	120		/* static_prio of nice 0 */
/* The kernel's own dev_t (include/linux/kdev_t.h): 12 bits of major over
 * MINORBITS of minor; new_encode_dev() makes it the number stat prints. */
#define MINORBITS	20
#define MINORMASK	((1u << MINORBITS) - 1)

/* task->__state bits (include/linux/sched.h, stable since 4.14; the last
 * two since 5.14 and 6.1) */
#define TASK_REPORT	0x7fu		/* R S D T t X Z P */
#define TASK_IDLE	0x402u		/* UNINTERRUPTIBLE | NOLOAD */
#define TASK_REPORT_IDLE 0x80u
#define TASK_RTLOCK_WAIT 0x1000u
#define TASK_FROZEN	0x8000u

char
bpf_state_char(unsigned state, unsigned exit_state)
{
	static const char letters[] = "RSDTtXZPI";
	unsigned s = (state | exit_state) & TASK_REPORT, i = 0;

	if ((state & TASK_IDLE) == TASK_IDLE)
		s = TASK_REPORT_IDLE;
	/* reported as D: an rtmutex wait or a frozen task */
	if (state & (TASK_RTLOCK_WAIT | TASK_FROZEN))
		s = 2;
	while (s) {		/* fls() */
		i++;
		s >>= 1;
	}
	return letters[i];
}

int
bpf_tty_nr(unsigned major, unsigned minor)
{
	/* MKDEV(major, minor_start) + index, then new_encode_dev() */
	uint32_t dev = (major << MINORBITS) + minor;
	uint32_t ma = dev >> MINORBITS, mi = dev & MINORMASK;

	return (int)((mi & 0xff) | (ma << 8) | ((mi & ~0xffu) << 12));
}

void
bpf_cputime_adjust(uint64_t ut, uint64_t st, uint64_t rtime,
		   uint64_t prev_ut, uint64_t prev_st, uint64_t *out_ut,
		   uint64_t *out_st)
{
	/* cputime_adjust(), without writing prev back */
	if (prev_st + prev_ut >= rtime) {
		*out_ut = prev_ut;
		*out_st = prev_st;
		return;
	}
	if (st == 0)
		ut = rtime;
	else if (ut == 0)
		st = rtime;
	else	/* the sum in 128 bits: records can hold anything */
		st = (uint64_t)((unsigned __int128)st * rtime /
				((unsigned __int128)st + ut));
	if (st < prev_st)
		st = prev_st;
	ut = rtime - st;
	if (ut < prev_ut) {
		ut = prev_ut;
		st = rtime - ut;
	}
	*out_ut = ut;
	*out_st = st;
}

size_t
bpf_task_name(const struct fks_bpf_rec *r, char name[BPF_NAME_MAX])
{
	size_t len, d;

	/* a kernel thread's long name, else comm (get_kthread_comm) */
	if ((r->flags & PF_KTHREAD) && r->full_name[0]) {
		len = strnlen(r->full_name, sizeof r->full_name - 1);
		memcpy(name, r->full_name, len);
	} else {
		len = strnlen(r->comm, sizeof r->comm);
		memcpy(name, r->comm, len);
	}
	/* a worker: "+desc" while it runs a work item, "-desc" after, cut
	 * to the 63 characters of proc_task_name()'s buffer */
	if ((r->flags & PF_WQ_WORKER) && (r->have & FKS_BPF_WORKER) &&
	    len < BPF_NAME_MAX - 1) {
		name[len++] = r->have & FKS_BPF_BUSY ? '+' : '-';
		d = strnlen(r->desc, sizeof r->desc);
		if (d > BPF_NAME_MAX - 1 - len)
			d = BPF_NAME_MAX - 1 - len;
		memcpy(name + len, r->desc, d);
		len += d;
	}
	name[len] = '\0';
	return len;
}

/* The fields one record gives, times aside. */
static int
fill(const struct fks_bpf_rec *r, struct fks_task *t, struct arena *names)
{
	char name[BPF_NAME_MAX];
	bool sig = r->have & FKS_BPF_SIGHAND;

	memset(t, 0, sizeof *t);
	t->known = FKS_K_STAT | FKS_K_EXIT_CODE | FKS_K_OWNER | FKS_K_RUID;
	t->tid = r->tid;
	t->tgid = r->tgid;
	t->is_thread = r->tid != r->tgid;
	t->state_char = bpf_state_char(r->state, r->exit_state);
	t->state = fks_state_from_char(t->state_char);
	/* /proc leaves these 0 (tpgid -1) when it cannot lock sighand */
	t->ppid = sig ? r->ppid : 0;
	t->pgrp = sig ? r->pgrp : 0;
	t->session = sig ? r->session : 0;
	t->nlwp = sig ? r->nr_threads : 0;
	t->tty_nr = sig && (r->have & FKS_BPF_TTY) ?
		    bpf_tty_nr(r->tty_major, r->tty_minor) : 0;
	t->tpgid = sig && (r->have & FKS_BPF_TTY) ? r->tpgid : -1;
	t->flags = r->flags;
	t->kthread = r->flags & PF_KTHREAD;
	t->nice = (int)((long long)r->prio - DEFAULT_PRIO);
	t->start_ticks = r->start_boottime / NS_PER_TICK;
	t->rss_pages = r->have & FKS_BPF_MM ? (long)r->rss : 0;
	t->arg_start = r->have & FKS_BPF_MM ? r->arg_start : 0;
	t->arg_end = r->have & FKS_BPF_MM ? r->arg_end : 0;
	/* pages here; bpf_decode() makes them KiB and bytes */
	t->vm_lck = r->have & FKS_BPF_MM ? r->locked_vm : 0;
	t->vsize = r->have & FKS_BPF_MM ? r->total_vm : 0;
	t->exit_code = r->exit_code;
	/* the owner of /proc/PID (task_dump_owner): root for a kernel
	 * thread, else the effective uid */
	t->euid = t->kthread ? 0 : r->euid;
	t->ruid = r->ruid;
	/* the ns/pid link's inode, which /proc shows only to a reader that
	 * may ptrace the task: the BPF source runs as root */
	if (r->have & FKS_BPF_PIDNS) {
		t->pidns = r->pidns;
		t->known |= FKS_K_PIDNS;
	}
	t->comm_len = bpf_task_name(r, name);
	t->comm = arena_strndup(names, name, t->comm_len);
	return t->comm ? 0 : -ENOMEM;
}

static void
set_times(struct fks_task *t, uint64_t ut, uint64_t st, uint64_t rt,
	  uint64_t pu, uint64_t ps)
{
	bpf_cputime_adjust(ut, st, rt, pu, ps, &ut, &st);
	t->utime = ut / NS_PER_TICK;
	t->stime = st / NS_PER_TICK;
}

/* signal_struct's flags (include/linux/sched/signal.h) */
#define SIGNAL_STOP_STOPPED	0x00000001	/* job control stop in effect */
#define SIGNAL_GROUP_EXIT	0x00000004	/* the group is exiting */

/*
 * The exit code a process's stat shows (do_task_stat, whole): the group's
 * stop or exit code while the group is stopped or exiting, else its
 * leader's own.  A thread's stat shows its own (fill()).  A stopped
 * process whose parent has not waited for it shows the stop signal.
 */
static int
process_exit_code(const struct fks_bpf_rec *r)
{
	if ((r->have & FKS_BPF_SIGHAND) &&
	    (r->sig_flags & (SIGNAL_STOP_STOPPED | SIGNAL_GROUP_EXIT)))
		return r->group_exit_code;
	return r->exit_code;
}

/* Sorting an index by tid, when the records are not in order already. */
static int
tid_cmp(const void *a, const void *b, void *arg)
{
	const struct fks_bpf_rec *recs = arg;
	pid_t x = recs[*(const uint32_t *)a].tid;
	pid_t y = recs[*(const uint32_t *)b].tid;

	return x < y ? -1 : x > y;
}

#define NONE UINT32_MAX

/* The record of tid, by bisection of the tid-ordered index; or NONE. */
static uint32_t
find_tid(const struct fks_bpf_rec *recs, const uint32_t *ord, size_t n,
	 pid_t tid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (recs[ord[mid]].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && recs[ord[lo]].tid == tid ? ord[lo] : NONE;
}

/* What the decoder keeps per record while it places the tasks. */
struct slot {
	uint32_t lead;		/* the record of its leader, or NONE */
	uint32_t at;		/* a leader: where its task is */
	uint32_t pos;		/* a leader: how many threads it has, then
				 * where its next thread goes */
	uint64_t ut, st, rt;	/* a leader: its group's times so far */
};

/*
 * Places the tasks in table order (processes by pid, each followed by its
 * threads by tid) in three passes over the records in tid order: each
 * record finds its leader (and a leader counts its threads), the leaders
 * are placed with room for their threads, then the threads.  No record
 * is moved, and the iterator's own tid order needs no sorting.
 */
static int
place(const struct fks_bpf_rec *recs, const uint32_t *ord, size_t n,
      bool threads, struct slot *sl, struct arena *names,
      struct fks_task *out, size_t *nout)
{
	size_t i, k = 0;
	uint32_t r, l;

	for (i = 0; i < n; i++) {
		r = ord[i];
		sl[r].lead = recs[r].tid == recs[r].tgid ? r :
			find_tid(recs, ord, n, recs[r].tgid);
		/* a group whose leader is gone (a race) is left out, as
		 * /proc would not list it */
		if (sl[r].lead != NONE &&
		    recs[sl[r].lead].tid != recs[sl[r].lead].tgid)
			sl[r].lead = NONE;
		if (sl[r].lead != NONE && sl[r].lead != r)
			sl[sl[r].lead].pos++;	/* count its threads */
	}
	for (i = 0; i < n; i++) {	/* leaders: where each group starts */
		r = ord[i];
		if (sl[r].lead != r)
			continue;
		l = sl[r].pos;
		sl[r].at = (uint32_t)k;
		sl[r].pos = (uint32_t)k + 1;
		if (fill(&recs[r], &out[k], names) < 0)
			return -ENOMEM;
		out[k].exit_code = process_exit_code(&recs[r]);
		k += 1 + (threads ? l : 0);
	}
	for (i = 0; i < n; i++) {	/* threads, and every group's times */
		r = ord[i];
		l = sl[r].lead;
		if (l == NONE)
			continue;
		sl[l].ut += recs[r].utime;
		sl[l].st += recs[r].stime;
		sl[l].rt += recs[r].runtime;
		if (l == r || !threads)
			continue;
		struct fks_task *t = &out[sl[l].pos++];

		if (fill(&recs[r], t, names) < 0)
			return -ENOMEM;
		/* owner: the process's, as the proc source does */
		t->euid = out[sl[l].at].euid;
		set_times(t, recs[r].utime, recs[r].stime, recs[r].runtime,
			  recs[r].prev_utime, recs[r].prev_stime);
	}
	*nout = k;
	return 0;
}

int
bpf_decode(const unsigned char *buf, size_t len, bool threads,
	   long page_size, struct fks_task *out, struct arena *names,
	   size_t *nout, const char **why)
{
	const struct fks_bpf_rec *recs = (const void *)buf;
	struct fks_bpf_rec *copy = NULL;
	size_t n = len / sizeof *recs, i;
	struct slot *sl = NULL;
	uint32_t *ord = NULL;
	bool sorted = true;
	int rc = -ENOMEM;

	*nout = 0;
	if (len % sizeof *recs || n >= NONE) {
		*why = "a partial record";
		return -EBADMSG;
	}
	/* the records are read in place where they are aligned (always,
	 * from bpf-source.c's buffer) */
	if ((uintptr_t)buf % _Alignof(struct fks_bpf_rec)) {
		copy = malloc(len);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, buf, len);
		recs = copy;
	}
	for (i = 0; i < n; i++)
		if (recs[i].size != sizeof *recs ||
		    recs[i].version != FKS_BPF_REC_VERSION ||
		    recs[i].tid <= 0 || recs[i].tgid <= 0) {
			*why = recs[i].size != sizeof *recs ||
			       recs[i].version != FKS_BPF_REC_VERSION ?
			       "a record of another version" :
			       "a record without a pid";
			rc = -EBADMSG;
			goto out;
		}
	ord = malloc((n ? n : 1) * sizeof *ord);
	sl = calloc(n ? n : 1, sizeof *sl);
	if (!ord || !sl)
		goto out;
	for (i = 0; i < n; i++) {
		ord[i] = (uint32_t)i;
		if (i && recs[i].tid <= recs[i - 1].tid)
			sorted = false;
	}
	/* the iterator walks the pid table in order: sorted already, but
	 * for a corrupt buffer */
	if (!sorted)
		qsort_r(ord, n, sizeof *ord, tid_cmp, (void *)recs);
	for (i = 1; i < n; i++)
		if (recs[ord[i]].tid == recs[ord[i - 1]].tid) {
			/* one task per tid: the table indexes by tid */
			*why = "a task twice";
			rc = -EBADMSG;
			goto out;
		}
	rc = place(recs, ord, n, threads, sl, names, out, nout);
	/* status's VmLck in KiB and stat's vsize in bytes, as the kernel
	 * prints them (a product past 64 bits, from a corrupt buffer only,
	 * stays unknown) */
	for (i = 0; rc == 0 && page_size > 0 && i < *nout; i++) {
		if (!__builtin_mul_overflow(out[i].vm_lck,
					    (unsigned long long)page_size,
					    &out[i].vm_lck)) {
			out[i].vm_lck /= 1024;
			out[i].known |= FKS_K_VMLCK;
		}
		if (!__builtin_mul_overflow(out[i].vsize,
					    (unsigned long long)page_size,
					    &out[i].vsize))
			out[i].known |= FKS_K_VSIZE;
	}
	/* a process's times: its exited threads' (signal_struct) and its
	 * live ones'; without sighand /proc prints 0 0 */
	for (i = 0; rc == 0 && i < n; i++)
		if (sl[i].lead == i && (recs[i].have & FKS_BPF_SIGHAND))
			set_times(&out[sl[i].at],
				  recs[i].sig_utime + sl[i].ut,
				  recs[i].sig_stime + sl[i].st,
				  recs[i].sig_runtime + sl[i].rt,
				  recs[i].sig_prev_utime,
				  recs[i].sig_prev_stime);
out:
	if (rc < 0)
		*nout = 0;
	free(copy);
	free(ord);
	free(sl);
	return rc;
}
