/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * events.c - decoding the kernel's proc connector messages into
 * fks_event.  Pure: a buffer in, events out, no I/O (netlink.c owns the
 * socket), so it is unit-tested on made-up datagrams and fuzzed.
 *
 * A datagram holds netlink messages (nlmsghdr), each carrying a connector
 * message (cn_msg) whose data is one struct proc_event.  Every length is
 * checked against what is left of the buffer before anything is read.
 */
#include "config.h"

#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stddef.h>
#include <string.h>

#include "forkscope.h"

/* Fills ev from one proc_event; false for an event type we do not know. */
static bool
decode_one(const struct proc_event *pe, uint32_t seq, struct fks_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->time_ns = pe->timestamp_ns;
	ev->cpu = pe->cpu;
	ev->seq = seq;
	switch (pe->what) {
	case PROC_EVENT_NONE:
		ev->type = FKS_EV_NONE;
		ev->ack_err = (int)pe->event_data.ack.err;
		return true;
	case PROC_EVENT_FORK:
		/* a thread shares its creator's tgid; a process gets its own */
		ev->type = pe->event_data.fork.child_pid ==
			   pe->event_data.fork.child_tgid ? FKS_EV_FORK
							   : FKS_EV_CLONE;
		ev->pid = pe->event_data.fork.child_pid;
		ev->tgid = pe->event_data.fork.child_tgid;
		ev->parent_pid = pe->event_data.fork.parent_pid;
		ev->parent_tgid = pe->event_data.fork.parent_tgid;
		return true;
	case PROC_EVENT_EXEC:
		ev->type = FKS_EV_EXEC;
		ev->pid = pe->event_data.exec.process_pid;
		ev->tgid = pe->event_data.exec.process_tgid;
		return true;
	case PROC_EVENT_UID:
	case PROC_EVENT_GID:
		ev->type = pe->what == PROC_EVENT_UID ? FKS_EV_UID : FKS_EV_GID;
		ev->pid = pe->event_data.id.process_pid;
		ev->tgid = pe->event_data.id.process_tgid;
		if (ev->type == FKS_EV_UID) {
			ev->ruid = pe->event_data.id.r.ruid;
			ev->euid = pe->event_data.id.e.euid;
		} else {
			ev->rgid = pe->event_data.id.r.rgid;
			ev->egid = pe->event_data.id.e.egid;
		}
		return true;
	case PROC_EVENT_SID:
		ev->type = FKS_EV_SID;
		ev->pid = pe->event_data.sid.process_pid;
		ev->tgid = pe->event_data.sid.process_tgid;
		return true;
	case PROC_EVENT_PTRACE:
		ev->type = FKS_EV_PTRACE;
		ev->pid = pe->event_data.ptrace.process_pid;
		ev->tgid = pe->event_data.ptrace.process_tgid;
		ev->tracer_pid = pe->event_data.ptrace.tracer_pid;
		ev->tracer_tgid = pe->event_data.ptrace.tracer_tgid;
		return true;
	case PROC_EVENT_COMM:
		ev->type = FKS_EV_COMM;
		ev->pid = pe->event_data.comm.process_pid;
		ev->tgid = pe->event_data.comm.process_tgid;
		memcpy(ev->comm, pe->event_data.comm.comm,
		       sizeof pe->event_data.comm.comm);
		ev->comm[sizeof pe->event_data.comm.comm] = '\0';
		return true;
	case PROC_EVENT_COREDUMP:
		ev->type = FKS_EV_COREDUMP;
		ev->pid = pe->event_data.coredump.process_pid;
		ev->tgid = pe->event_data.coredump.process_tgid;
		ev->parent_pid = pe->event_data.coredump.parent_pid;
		ev->parent_tgid = pe->event_data.coredump.parent_tgid;
		return true;
	case PROC_EVENT_EXIT:
		ev->type = FKS_EV_EXIT;
		ev->pid = pe->event_data.exit.process_pid;
		ev->tgid = pe->event_data.exit.process_tgid;
		ev->exit_code = (int)pe->event_data.exit.exit_code;
		ev->exit_signal = (int)pe->event_data.exit.exit_signal;
		ev->parent_pid = pe->event_data.exit.parent_pid;
		ev->parent_tgid = pe->event_data.exit.parent_tgid;
		return true;
	}
	return false;
}

int
fks_event_decode(const void *buf, size_t len, struct fks_event *ev,
		 size_t max)
{
	const unsigned char *p = buf, *end = p + len;
	size_t n = 0, msglen, payload;
	struct proc_event pe;
	struct nlmsghdr nh;
	struct cn_msg cn;

	/* headers are copied out: a fuzzed buffer need not be aligned */
	while (p < end && n < max) {
		if ((size_t)(end - p) < sizeof nh)
			return -EINVAL;
		memcpy(&nh, p, sizeof nh);
		msglen = nh.nlmsg_len;
		if (msglen < NLMSG_HDRLEN || msglen > (size_t)(end - p))
			return -EINVAL;
		if (nh.nlmsg_type == NLMSG_ERROR || nh.nlmsg_type == NLMSG_NOOP) {
			p += NLMSG_ALIGN(msglen);
			continue;
		}
		if (msglen < NLMSG_HDRLEN + sizeof cn)
			return -EINVAL;
		memcpy(&cn, p + NLMSG_HDRLEN, sizeof cn);
		payload = msglen - NLMSG_HDRLEN - sizeof cn;
		if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC ||
		    cn.len > payload ||
		    cn.len < offsetof(struct proc_event, event_data))
			return -EINVAL;
		/* an older kernel's event may be shorter: the rest stays 0 */
		memset(&pe, 0, sizeof pe);
		memcpy(&pe, p + NLMSG_HDRLEN + sizeof cn,
		       cn.len < sizeof pe ? cn.len : sizeof pe);
		if (decode_one(&pe, cn.seq, &ev[n]))
			n++;
		/* the last message may lack its alignment padding */
		if (NLMSG_ALIGN(msglen) > (size_t)(end - p))
			break;
		p += NLMSG_ALIGN(msglen);
	}
	return (int)n;
}
