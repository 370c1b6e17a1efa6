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

#include <linux/types.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "bpf/tasks.h"

#define PF_KTHREAD	0x00200000u
#define PF_WQ_WORKER	0x00000020u
#define NS_PER_TICK	10000000ull	/* NSEC_PER_SEC / USER_HZ (100) */
#define DEFAULT_PRIO	120		/* static_prio of nice 0 */

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
	uint32_t dev = (major << 20) + minor;
	uint32_t ma = dev >> 20, mi = dev & 0xfffff;

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
	else
		st = (uint64_t)((unsigned __int128)st * rtime / (st + ut));
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
static void
fill(const struct fks_bpf_rec *r, struct fks_task *t, char *name)
{
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
	/* stat prints 0 without a memory map */
	t->arg_start = r->have & FKS_BPF_MM ? r->arg_start : 0;
	t->arg_end = r->have & FKS_BPF_MM ? r->arg_end : 0;
	t->exit_code = r->exit_code;
	/* the owner of /proc/PID (task_dump_owner): root for a kernel
	 * thread, else the effective uid */
	t->euid = t->kthread ? 0 : r->euid;
	t->ruid = r->ruid;
	t->comm_len = bpf_task_name(r, name);
	t->comm = name;
}

static void
set_times(struct fks_task *t, uint64_t ut, uint64_t st, uint64_t rt,
	  uint64_t pu, uint64_t ps)
{
	bpf_cputime_adjust(ut, st, rt, pu, ps, &ut, &st);
	t->utime = ut / NS_PER_TICK;
	t->stime = st / NS_PER_TICK;
}

/* Orders records as the table keeps tasks: by process, the leader first,
 * then its threads by tid. */
static int
rec_cmp(const struct fks_bpf_rec *x, const struct fks_bpf_rec *y)
{
	bool xl = x->tid == x->tgid, yl = y->tid == y->tgid;

	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	if (xl != yl)
		return xl ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static int
by_group(const void *a, const void *b)
{
	return rec_cmp(*(const struct fks_bpf_rec *const *)a,
		       *(const struct fks_bpf_rec *const *)b);
}

/* The leader recs[0] of a group of n records: whole-group times. */
static void
group_times(const struct fks_bpf_rec *const *recs, size_t n,
	    struct fks_task *t)
{
	const struct fks_bpf_rec *l = recs[0];
	uint64_t ut = l->sig_utime, st = l->sig_stime, rt = l->sig_runtime;
	size_t i;

	if (!(l->have & FKS_BPF_SIGHAND))
		return;		/* /proc prints 0 0 then */
	for (i = 0; i < n; i++) {
		ut += recs[i]->utime;
		st += recs[i]->stime;
		rt += recs[i]->runtime;
	}
	set_times(t, ut, st, rt, l->sig_prev_utime, l->sig_prev_stime);
}

static int
by_tid(const void *a, const void *b)
{
	const struct fks_bpf_rec *x = *(const struct fks_bpf_rec *const *)a,
				 *y = *(const struct fks_bpf_rec *const *)b;

	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

/* One task per tid: the iterator walks the pid table once, so a second
 * record of a tid is corruption, and the table indexes by tid.  The
 * iterator gives tids in ascending order: sorted already but after a
 * corrupt buffer. */
static bool
has_duplicate(const struct fks_bpf_rec **recs, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (recs[i]->tid <= recs[i - 1]->tid)
			break;
	if (i < n)
		qsort(recs, n, sizeof *recs, by_tid);
	for (i = 1; i < n; i++)
		if (recs[i]->tid == recs[i - 1]->tid)
			return true;
	return false;
}

/*
 * Puts recs (in tid order: has_duplicate) in the table's order.  The
 * leaders are in it already (tid = tgid); only threads born after a
 * later process are out of place, so those, few, are sorted apart and
 * merged in, and a refresh sorts little or nothing.
 */
static void
group_order(const struct fks_bpf_rec **recs, size_t n)
{
	const struct fks_bpf_rec **thr;
	size_t i, nl = 0, nt = 0, k = n;

	for (i = 1; i < n && rec_cmp(recs[i - 1], recs[i]) <= 0; i++)
		;
	if (i >= n)
		return;
	thr = malloc(n * sizeof *thr);
	if (!thr) {
		qsort(recs, n, sizeof *recs, by_group);
		return;
	}
	for (i = 0; i < n; i++) {
		if (recs[i]->tid == recs[i]->tgid)
			recs[nl++] = recs[i];
		else
			thr[nt++] = recs[i];
	}
	qsort(thr, nt, sizeof *thr, by_group);
	while (nt > 0) {	/* from the end, in place */
		if (nl > 0 && rec_cmp(recs[nl - 1], thr[nt - 1]) > 0)
			recs[--k] = recs[--nl];
		else
			recs[--k] = thr[--nt];
	}
	free(thr);
}

static int
refuse(struct bpf_decoded *out, void *copy, const struct fks_bpf_rec **order,
       const char **why, const char *what)
{
	*why = what;
	free(copy);
	free(order);
	bpf_decoded_free(out);
	return -EBADMSG;
}

int
bpf_decode(const unsigned char *buf, size_t len, bool threads,
	   struct bpf_decoded *out, const char **why)
{
	size_t rsize = sizeof(struct fks_bpf_rec);
	size_t n = len / rsize, i, j, k = 0;
	const struct fks_bpf_rec *recs, **order;
	struct fks_bpf_rec *copy = NULL;

	memset(out, 0, sizeof *out);
	if (len % rsize) {
		*why = "a partial record";
		return -EBADMSG;
	}
	/* the records are read where they lie, sorted by pointer; a
	 * buffer that is not aligned for them (a fuzzer's) is copied */
	if ((uintptr_t)buf % _Alignof(struct fks_bpf_rec) && len) {
		copy = malloc(len);
		if (copy)
			memcpy(copy, buf, len);
	}
	recs = copy ? copy : (const struct fks_bpf_rec *)(const void *)buf;
	order = malloc((n ? n : 1) * sizeof *order);
	/* room for the few tasks the source adds from /proc (fill()
	 * clears each slot used) */
	out->cap = n + n / 64 + 64;
	out->tasks = malloc(out->cap * sizeof *out->tasks);
	out->names = malloc(n ? n * BPF_NAME_MAX : 1);
	if (!order || !out->tasks || !out->names ||
	    (len && !recs)) {
		free(copy);
		free(order);
		bpf_decoded_free(out);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (recs[i].size != rsize ||
		    recs[i].version != FKS_BPF_REC_VERSION)
			return refuse(out, copy, order, why,
				      "a record of another version");
		if (recs[i].tid <= 0 || recs[i].tgid <= 0)
			return refuse(out, copy, order, why,
				      "a record without a pid");
		order[i] = &recs[i];
	}
	if (has_duplicate(order, n))
		return refuse(out, copy, order, why, "a task twice");
	group_order(order, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && order[j]->tgid == order[i]->tgid; j++)
			;
		/* a group whose leader is gone (a race) is left out, as
		 * /proc would not list it */
		if (order[i]->tid != order[i]->tgid)
			continue;
		fill(order[i], &out->tasks[k], out->names + k * BPF_NAME_MAX);
		group_times(&order[i], j - i, &out->tasks[k]);
		k++;
		for (size_t m = i + 1; threads && m < j; m++, k++) {
			fill(order[m], &out->tasks[k],
			     out->names + k * BPF_NAME_MAX);
			/* owner: the process's, as read.c does */
			out->tasks[k].euid = out->tasks[k - (m - i)].euid;
			set_times(&out->tasks[k], order[m]->utime,
				  order[m]->stime, order[m]->runtime,
				  order[m]->prev_utime, order[m]->prev_stime);
		}
	}
	out->n = k;
	out->nrecs = n;
	free(order);
	free(copy);
	return 0;
}

void
bpf_decoded_free(struct bpf_decoded *d)
{
	free(d->tasks);
	free(d->names);
	d->tasks = NULL;
	d->names = NULL;
	d->n = 0;
}
