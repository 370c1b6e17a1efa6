/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bpf-events.c - decodes one record of the BPF event program
 * (bpf/events.bpf.c, layout in bpf/events.h) into the library's events.
 * Pure: bytes in, events out, no I/O (wbpf.c reads the ring buffer), so
 * it is unit-tested on hand-made records and fuzzed.
 *
 * A record is the kernel's word at the moment of the event, names
 * included: a fork, an exit and a rename carry the task's comm (flag
 * FKS_EVF_NAMED); an exec becomes an FKS_EV_EXEC with the file name and
 * the FKS_EV_NAME that follows every exec, here with the comm and the
 * argument vector the program copied, so that the watcher treats it as
 * the connector's exec and the name it reads from /proc.
 */
#include "config.h"

#include <errno.h>
#include <linux/types.h>
#include <string.h>

#include "events/bpf-events.h"
#include "bpf/events.h"

/* signal_struct's flags (include/linux/sched/signal.h) */
#define SIGNAL_GROUP_EXIT	0x00000004	/* the group is exiting */

/* The size each record type has. */
static size_t
record_size(unsigned type)
{
	switch (type) {
	case FKS_BPFEV_FORK:
	case FKS_BPFEV_RENAME:
		return sizeof(struct fks_bpfev_head);
	case FKS_BPFEV_EXEC:
		return sizeof(struct fks_bpfev_exec);
	case FKS_BPFEV_EXIT:
		return sizeof(struct fks_bpfev_exit);
	default:
		return 0;
	}
}

/* What every event of a record has: when, where, whose, its name. */
static void
common(const struct fks_bpfev_head *h, struct fks_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->time_ns = h->time_ns;
	ev->cpu = h->cpu;
	ev->pid = h->tid;
	ev->tgid = h->tgid;
	ev->cgroup_id = h->cgroup_id;
	memcpy(ev->comm, h->comm, strnlen(h->comm, sizeof h->comm));
	ev->flags = FKS_EVF_NAMED;
}

/*
 * The wait status the parent will see, as wait_task_zombie() makes it:
 * the group's exit code once the group is exiting (exit_group(), a fatal
 * signal; with the core-dump bit set after a dump), else the task's own.
 */
static int
wait_status(const struct fks_bpfev_exit *x)
{
	return x->sig_flags & SIGNAL_GROUP_EXIT ? x->group_exit_code
						: x->exit_code;
}

/* An exec: the EXEC with the file name, then its NAME with the comm and
 * the argument vector (pointing into buf). */
static int
decode_exec(const unsigned char *buf, struct fks_event ev[2],
	    const char **why)
{
	struct fks_bpfev_exec e;

	/* the numbers before the strings, copied out as the head is */
	memcpy(&e, buf, offsetof(struct fks_bpfev_exec, path));
	if (e.path_len > FKS_BPFEV_PATH_MAX ||
	    e.argv_copied > FKS_BPFEV_ARGV_MAX ||
	    e.argv_copied > e.argv_len) {
		*why = "an exec's lengths exceed its record";
		return -EBADMSG;
	}
	common(&e.head, &ev[0]);
	ev[0].type = FKS_EV_EXEC;
	/* the name comes in the NAME */
	ev[0].flags = 0;
	memset(ev[0].comm, 0, sizeof ev[0].comm);
	ev[0].parent_pid = e.head.parent_tid;
	ev[0].parent_tgid = e.head.parent_tgid;
	/* path_len counts the NUL the program copied with it */
	if (e.path_len > 0) {
		ev[0].path = (const char *)buf +
			     offsetof(struct fks_bpfev_exec, path);
		ev[0].path_len = strnlen(ev[0].path, (size_t)e.path_len);
	}
	common(&e.head, &ev[1]);
	ev[1].type = FKS_EV_NAME;
	if (e.argv_copied > 0) {
		ev[1].cmdline = (const char *)buf +
				offsetof(struct fks_bpfev_exec, argv);
		ev[1].cmdline_len = e.argv_copied;
		if (e.argv_len > e.argv_copied)
			ev[1].cmdline_full = (size_t)(e.argv_len < SIZE_MAX
						      ? e.argv_len : SIZE_MAX);
	}
	return 2;
}

int
bpfev_decode(const void *buf, size_t len,
	     struct fks_event ev[BPFEV_EVENTS_MAX], const char **why)
{
	struct fks_bpfev_head h;
	struct fks_bpfev_exit x;
	size_t want;

	if (len < sizeof h) {
		*why = "a record shorter than its head";
		return -EBADMSG;
	}
	/* copied out: the fuzzer's buffer need not be aligned */
	memcpy(&h, buf, sizeof h);
	if (h.version != FKS_BPFEV_VERSION) {
		*why = "a record of another version of the program";
		return -EBADMSG;
	}
	want = record_size(h.type);
	if (!want) {
		*why = "an unknown record type";
		return -EBADMSG;
	}
	if (h.size != want || len < want) {
		*why = "a record whose size does not match its type";
		return -EBADMSG;
	}
	switch (h.type) {
	case FKS_BPFEV_FORK:
		common(&h, &ev[0]);
		/* a thread shares its creator's tgid; a process has its own */
		ev[0].type = h.tid == h.tgid ? FKS_EV_FORK : FKS_EV_CLONE;
		ev[0].parent_pid = h.parent_tid;
		ev[0].parent_tgid = h.parent_tgid;
		return 1;
	case FKS_BPFEV_RENAME:
		common(&h, &ev[0]);
		ev[0].type = FKS_EV_COMM;
		return 1;
	case FKS_BPFEV_EXIT:
		memcpy(&x, buf, sizeof x);
		common(&h, &ev[0]);
		ev[0].type = FKS_EV_EXIT;
		ev[0].parent_pid = h.parent_tid;
		ev[0].parent_tgid = h.parent_tgid;
		ev[0].exit_code = wait_status(&x);
		ev[0].exit_signal = x.exit_signal;
		ev[0].flags |= x.group_dead ? FKS_EVF_GROUP_DEAD
					    : FKS_EVF_THREADS_LEFT;
		return 1;
	default:	/* FKS_BPFEV_EXEC: record_size() knows no other */
		return decode_exec(buf, ev, why);
	}
}
