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

#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

#define BATCH 64		/* datagrams per recvmmsg() */
#define DGRAM 1024		/* one event is well under this */

struct fks_events {
	int fd;
	unsigned long long lost;
	unsigned char buf[BATCH][DGRAM];
};

/* Sends LISTEN (or IGNORE) for process events to the connector. */
static int
subscribe(int fd, enum proc_cn_mcast_op op)
{
	struct {
		struct nlmsghdr nh;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg;

	memset(&msg, 0, sizeof msg);
	msg.nh.nlmsg_len = sizeof msg;
	msg.nh.nlmsg_type = NLMSG_DONE;
	msg.nh.nlmsg_pid = (unsigned)getpid();
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = sizeof op;
	msg.op = op;
	return send(fd, &msg, sizeof msg, 0) < 0 ? -errno : 0;
}

int
fks_events_open(size_t rcvbuf, struct fks_events **out)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = CN_IDX_PROC };
	struct fks_events *evs;
	int size, rc;

	evs = calloc(1, sizeof *evs);
	if (!evs)
		return -ENOMEM;
	evs->fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			 NETLINK_CONNECTOR);
	if (evs->fd < 0) {
		rc = -errno;
		free(evs);
		return rc;
	}
	size = rcvbuf ? (int)rcvbuf : 64 << 20;
	if (setsockopt(evs->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof size) < 0)
		(void)setsockopt(evs->fd, SOL_SOCKET, SO_RCVBUF, &size,
				 sizeof size);
	sa.nl_pid = 0;	/* let the kernel pick: several may listen */
	if (bind(evs->fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		rc = -errno;
	else
		rc = subscribe(evs->fd, PROC_CN_MCAST_LISTEN);
	if (rc < 0) {
		fks_events_close(evs);
		return rc;
	}
	*out = evs;
	return 0;
}

void
fks_events_close(struct fks_events *evs)
{
	if (!evs)
		return;
	if (evs->fd >= 0) {
		(void)subscribe(evs->fd, PROC_CN_MCAST_IGNORE);
		close(evs->fd);
	}
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

int
fks_events_read(struct fks_events *evs, struct fks_event *ev, size_t max,
		size_t *np)
{
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	int got, i, rc;
	size_t n = 0;

	*np = 0;
	memset(msgs, 0, sizeof msgs);
	for (i = 0; i < BATCH; i++) {
		iov[i] = (struct iovec){ evs->buf[i], DGRAM };
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	/* never more datagrams than events fit: one event per datagram */
	got = recvmmsg(evs->fd, msgs, max < BATCH ? (unsigned)max : BATCH,
		       MSG_DONTWAIT, NULL);
	if (got < 0) {
		if (errno == ENOBUFS) {
			evs->lost++;
			return 0;
		}
		return -errno;
	}
	for (i = 0; i < got && n < max; i++) {
		rc = fks_event_decode(evs->buf[i], msgs[i].msg_len, ev + n,
				      max - n);
		if (rc > 0)
			n += (size_t)rc;
	}
	*np = n;
	return 0;
}
