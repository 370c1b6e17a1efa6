/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * netlink.c - the proc connector socket: subscribe, read in batches,
 * count what the kernel dropped.  Decoding is events.c's job.
 *
 * Two choices against lost events (forkstat loses some in a fork burst):
 * a 64 MiB receive buffer, forced past rmem_max with SO_RCVBUFFORCE as
 * root, and recvmmsg() reading many datagrams per call.  An ENOBUFS from
 * the socket means the kernel dropped events; it is counted, not hidden.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "forkscope.h"

#define BATCH 64		/* datagrams per recvmmsg() */
#define DGRAM 1024		/* one event is well under this */
/* The receive buffer asked for when the caller names none. */
#define RCVBUF_DEFAULT (64 << 20)

/*
 * The subscription message of Linux >= 6.6 (struct proc_input), which
 * Debian 12's headers lack: the operation, then a mask of the kernel's
 * PROC_EVENT_* values to receive.
 */
struct sub_input {
	uint32_t op;
	uint32_t mask;
};

struct fks_events {
	int fd;
	bool exact;		/* losses from per-CPU numbers, not overflows */
	bool adopted;		/* fks_events_from_fd: not subscribed here */
	unsigned long long lost, unreported;
	uint32_t *last;		/* per CPU: the last event number seen + 1, */
	size_t ncpu;		/* 0 for a CPU not heard from yet */
	unsigned char buf[BATCH][DGRAM];
};

/* The kernel's PROC_EVENT_* mask for a mask of FKS_EV_BIT()s. */
static uint32_t
kernel_mask(unsigned types)
{
	static const struct { enum fks_event_type t; uint32_t k; } map[] = {
		{ FKS_EV_FORK, PROC_EVENT_FORK },
		{ FKS_EV_CLONE, PROC_EVENT_FORK },
		{ FKS_EV_EXEC, PROC_EVENT_EXEC },
		{ FKS_EV_UID, PROC_EVENT_UID },
		{ FKS_EV_GID, PROC_EVENT_GID },
		{ FKS_EV_SID, PROC_EVENT_SID },
		{ FKS_EV_PTRACE, PROC_EVENT_PTRACE },
		{ FKS_EV_COMM, PROC_EVENT_COMM },
		{ FKS_EV_COREDUMP, PROC_EVENT_COREDUMP },
		{ FKS_EV_EXIT, PROC_EVENT_EXIT },
	};
	uint32_t mask = 0;
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (types & FKS_EV_BIT(map[i].t))
			mask |= map[i].k;
	return mask;
}

/*
 * Sends LISTEN (or IGNORE) for process events to the connector; with a
 * non-zero mask, in the filtered form.
 */
static int
subscribe(int fd, enum proc_cn_mcast_op op, uint32_t mask)
{
	struct {
		struct nlmsghdr nh;
		struct cn_msg cn;
		struct sub_input in;
	} __attribute__((packed)) msg;
	size_t datalen = mask ? sizeof msg.in : sizeof msg.in.op;

	memset(&msg, 0, sizeof msg);
	msg.nh.nlmsg_len = (uint32_t)(sizeof msg.nh + sizeof msg.cn + datalen);
	msg.nh.nlmsg_type = NLMSG_DONE;
	msg.nh.nlmsg_pid = (unsigned)getpid();
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = (uint16_t)datalen;
	msg.in.op = op;
	msg.in.mask = mask;
	return send(fd, &msg, msg.nh.nlmsg_len, 0) < 0 ? -errno : 0;
}

/*
 * Whether the kernel takes the filtered form (Linux >= 6.6).  An older
 * one silently ignores a subscription of that size, and a filtered
 * listener gets no acknowledgement to tell, so the version decides.
 */
static bool
kernel_filters(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 6);
}

int
fks_events_open(size_t rcvbuf, unsigned types, struct fks_events **out)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = CN_IDX_PROC };
	uint32_t mask = types && kernel_filters() ? kernel_mask(types) : 0;
	struct fks_events *evs;
	int size, rc;

	evs = calloc(1, sizeof *evs);
	if (!evs)
		return -ENOMEM;
	evs->exact = mask == 0;
	evs->fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			 NETLINK_CONNECTOR);
	if (evs->fd < 0) {
		rc = -errno;
		free(evs);
		return rc;
	}
	size = rcvbuf ? (int)rcvbuf : RCVBUF_DEFAULT;
	if (setsockopt(evs->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof size) < 0)
		(void)setsockopt(evs->fd, SOL_SOCKET, SO_RCVBUF, &size,
				 sizeof size);
	sa.nl_pid = 0;	/* let the kernel pick: several may listen */
	/* an unprivileged bind fails on kernels that refuse such listeners */
	if (bind(evs->fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		rc = -errno;
	else
		rc = subscribe(evs->fd, PROC_CN_MCAST_LISTEN, mask);
	if (rc < 0) {
		fks_events_close(evs);
		return rc;
	}
	*out = evs;
	return 0;
}

int
fks_events_from_fd(int fd, struct fks_events **out)
{
	struct fks_events *evs = calloc(1, sizeof *evs);

	if (!evs)
		return -ENOMEM;
	evs->fd = fd;
	evs->exact = true;
	evs->adopted = true;
	*out = evs;
	return 0;
}

void
fks_events_close(struct fks_events *evs)
{
	if (!evs)
		return;
	if (evs->fd >= 0 && !evs->adopted)
		(void)subscribe(evs->fd, PROC_CN_MCAST_IGNORE, 0);
	if (evs->fd >= 0)
		close(evs->fd);
	free(evs->last);
	free(evs);
}

int
fks_events_fd(const struct fks_events *evs)
{
	return evs->fd;
}

unsigned long long
fks_events_lost(const struct fks_events *evs)
{
	return evs->lost;
}

bool
fks_events_lost_exact(const struct fks_events *evs)
{
	return evs->exact;
}

/*
 * Counts the events missing before ev: the kernel numbers every event per
 * CPU, so a jump in one CPU's numbers is exactly what was dropped.
 */
static void
count_gap(struct fks_events *evs, const struct fks_event *ev)
{
	uint32_t *grown, gap;
	size_t need = (size_t)ev->cpu + 1;

	if (!evs->exact)
		return;
	if (need > evs->ncpu) {
		if (need > 65536)
			return;		/* no such CPU: a corrupt event */
		grown = realloc(evs->last, need * sizeof *grown);
		if (!grown)
			return;
		memset(grown + evs->ncpu, 0,
		       (need - evs->ncpu) * sizeof *grown);
		evs->last = grown;
		evs->ncpu = need;
	}
	if (evs->last[ev->cpu] != 0) {
		gap = ev->seq - (evs->last[ev->cpu] - 1) - 1;
		/* a number from the past (a reordering) is no loss, and the
		 * count goes on from the newest */
		if (gap >= 0x80000000u)
			return;
		evs->lost += gap;
		evs->unreported += gap;
	}
	evs->last[ev->cpu] = ev->seq + 1 ? ev->seq + 1 : 1;
}

/* Appends a lost event for what was dropped and not yet reported. */
static size_t
report_lost(struct fks_events *evs, struct fks_event *ev, size_t room)
{
	if (!evs->unreported || !room)
		return 0;
	memset(ev, 0, sizeof *ev);
	ev->type = FKS_EV_LOST;
	ev->lost = evs->unreported;
	evs->unreported = 0;
	return 1;
}

/* Keeps real events (not acknowledgements), counting gaps on the way. */
static size_t
keep_events(struct fks_events *evs, struct fks_event *ev, size_t n)
{
	size_t i, kept = 0;

	for (i = 0; i < n; i++) {
		/* an acknowledgement (to any listener) takes a number too */
		count_gap(evs, &ev[i]);
		if (ev[i].type != FKS_EV_NONE)
			ev[kept++] = ev[i];
	}
	return kept;
}

int
fks_events_read(struct fks_events *evs, struct fks_event *ev, size_t max,
		size_t *np)
{
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	size_t n = 0, want;
	int got, i, rc;

	*np = 0;
	if (max == 0)
		return 0;
	n = report_lost(evs, ev, max);
	if (n == max)
		goto out;
	memset(msgs, 0, sizeof msgs);
	for (i = 0; i < BATCH; i++) {
		iov[i] = (struct iovec){ evs->buf[i], DGRAM };
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	/* never more datagrams than events fit: one event per datagram; one
	 * place stays free for a lost event */
	want = max - n > 1 ? max - n - 1 : 1;
	got = recvmmsg(evs->fd, msgs, want < BATCH ? (unsigned)want : BATCH,
		       MSG_DONTWAIT, NULL);
	if (got < 0) {
		if (errno == ENOBUFS) {
			/* with gaps counted, the next event shows how many */
			if (!evs->exact) {
				evs->lost++;
				evs->unreported++;
			}
			goto out;
		}
		if (errno == EAGAIN && n > 0)
			goto out;
		return -errno;
	}
	for (i = 0; i < got && n < max; i++) {
		rc = fks_event_decode(evs->buf[i], msgs[i].msg_len, ev + n,
				      max - n);
		if (rc > 0)
			n += keep_events(evs, ev + n, (size_t)rc);
	}
out:
	n += report_lost(evs, ev + n, max - n);
	*np = n;
	return 0;
}
