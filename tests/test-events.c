/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-events.c - the proc connector decoder on made-up datagrams: every
 * event type with exact fields, fork told from clone by the tgids, several
 * messages in one datagram, and malformed datagrams refused without a read
 * past the end.
 */
#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

/* One netlink message carrying one proc_event, as the kernel sends it. */
struct msg {
	struct nlmsghdr nh;
	struct cn_msg cn;
	struct proc_event pe;
} __attribute__((packed));

static void
make(struct msg *m, enum what what)
{
	memset(m, 0, sizeof *m);
	m->nh.nlmsg_len = sizeof *m;
	m->nh.nlmsg_type = NLMSG_DONE;
	m->cn.id.idx = CN_IDX_PROC;
	m->cn.id.val = CN_VAL_PROC;
	m->cn.len = sizeof m->pe;
	m->pe.what = what;
	m->pe.cpu = 1;
	m->pe.timestamp_ns = 123456789ULL;
}

/* Decodes from a heap copy of exactly len bytes: ASan sees any overread. */
static int
decode(const void *buf, size_t len, struct fks_event *ev, size_t max)
{
	void *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, buf, len);
	rc = fks_event_decode(copy, len, ev, max);
	free(copy);
	return rc;
}

static void
test_fork_and_clone(void)
{
	struct fks_event ev;
	struct msg m;

	make(&m, PROC_EVENT_FORK);
	m.pe.event_data.fork.parent_pid = 10;
	m.pe.event_data.fork.parent_tgid = 10;
	m.pe.event_data.fork.child_pid = 11;
	m.pe.event_data.fork.child_tgid = 11;
	CU_ASSERT_EQUAL_FATAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_FORK);
	CU_ASSERT_EQUAL(ev.pid, 11);
	CU_ASSERT_EQUAL(ev.tgid, 11);
	CU_ASSERT_EQUAL(ev.parent_pid, 10);
	CU_ASSERT_EQUAL(ev.parent_tgid, 10);
	CU_ASSERT_EQUAL(ev.time_ns, 123456789ULL);
	CU_ASSERT_EQUAL(ev.cpu, 1);
	/* a thread: the child keeps its creator's tgid */
	m.pe.event_data.fork.child_pid = 12;
	m.pe.event_data.fork.child_tgid = 10;
	CU_ASSERT_EQUAL_FATAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_CLONE);
	CU_ASSERT_EQUAL(ev.tgid, 10);
}

static void
test_other_types(void)
{
	struct fks_event ev;
	struct msg m;

	make(&m, PROC_EVENT_EXIT);
	m.pe.event_data.exit.process_pid = 20;
	m.pe.event_data.exit.process_tgid = 20;
	m.pe.event_data.exit.exit_code = 3 << 8;
	m.pe.event_data.exit.exit_signal = 17;
	m.pe.event_data.exit.parent_pid = 5;
	m.pe.event_data.exit.parent_tgid = 5;
	CU_ASSERT_EQUAL_FATAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_EXIT);
	CU_ASSERT_EQUAL(ev.exit_code, 3 << 8);
	CU_ASSERT_EQUAL(ev.exit_signal, 17);
	CU_ASSERT_EQUAL(ev.parent_tgid, 5);

	make(&m, PROC_EVENT_COMM);
	m.pe.event_data.comm.process_pid = 21;
	m.pe.event_data.comm.process_tgid = 20;
	memcpy(m.pe.event_data.comm.comm, "0123456789abcdef", 16);
	CU_ASSERT_EQUAL_FATAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_COMM);
	/* 16 bytes without a NUL: still terminated */
	CU_ASSERT_STRING_EQUAL(ev.comm, "0123456789abcdef");

	make(&m, PROC_EVENT_UID);
	m.pe.event_data.id.process_pid = 22;
	m.pe.event_data.id.r.ruid = 1000;
	m.pe.event_data.id.e.euid = 0;
	CU_ASSERT_EQUAL_FATAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_UID);
	CU_ASSERT_EQUAL(ev.ruid, 1000);
	CU_ASSERT_EQUAL(ev.euid, 0);

	make(&m, PROC_EVENT_PTRACE);
	m.pe.event_data.ptrace.process_pid = 23;
	m.pe.event_data.ptrace.tracer_pid = 7;
	CU_ASSERT_EQUAL_FATAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_PTRACE);
	CU_ASSERT_EQUAL(ev.tracer_pid, 7);

	make(&m, PROC_EVENT_EXEC);
	m.pe.event_data.exec.process_pid = 24;
	m.pe.event_data.exec.process_tgid = 24;
	CU_ASSERT_EQUAL_FATAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_EXEC);

	/* the acknowledgement of a subscription carries the kernel's answer
	 * and the number of the request it answers */
	make(&m, PROC_EVENT_NONE);
	m.cn.seq = 4242;
	m.pe.event_data.ack.err = EPERM;
	CU_ASSERT_EQUAL(decode(&m, sizeof m, &ev, 1), 1);
	CU_ASSERT_EQUAL(ev.type, FKS_EV_NONE);
	CU_ASSERT_EQUAL(ev.ack_err, EPERM);
	CU_ASSERT_EQUAL(ev.seq, 4242);
}

static void
test_batch(void)
{
	struct fks_event ev[4];
	struct msg m[3];
	int i;

	for (i = 0; i < 3; i++) {
		make(&m[i], PROC_EVENT_SID);
		m[i].pe.event_data.sid.process_pid = 30 + i;
	}
	/* sizeof(struct msg) is a multiple of 4: no padding between */
	CU_ASSERT_EQUAL_FATAL(sizeof m[0] % NLMSG_ALIGNTO, 0);
	CU_ASSERT_EQUAL_FATAL(decode(m, sizeof m, ev, 4), 3);
	for (i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(ev[i].pid, 30 + i);
	/* room for two: two decoded */
	CU_ASSERT_EQUAL(decode(m, sizeof m, ev, 2), 2);
}

/* Sends one event numbered seq on cpu through the socket. */
static void
send_event(int fd, unsigned cpu, uint32_t seq, pid_t pid)
{
	struct msg m;

	make(&m, PROC_EVENT_EXEC);
	m.cn.seq = seq;
	m.pe.cpu = cpu;
	m.pe.event_data.exec.process_pid = pid;
	m.pe.event_data.exec.process_tgid = pid;
	CU_ASSERT_EQUAL(send(fd, &m, sizeof m, 0), (ssize_t)sizeof m);
}

/*
 * The kernel numbers events per CPU: a gap on one CPU is exactly the
 * events dropped there, reported as one FKS_EV_LOST in the stream before
 * the events that follow it; an acknowledgement takes a number too, and a
 * number from the past (reordering) is no loss.
 */
static void
test_sequence_gaps(void)
{
	struct fks_event ev[16];
	struct fks_events *evs;
	struct msg ack;
	int sv[2];
	size_t n;

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CU_ASSERT_FATAL(fks_events_from_fd(sv[0], &evs) == 0);
	send_event(sv[1], 0, 100, 1);	/* the first on a CPU: no gap */
	send_event(sv[1], 1, 7, 2);
	send_event(sv[1], 0, 101, 3);
	send_event(sv[1], 0, 104, 4);	/* 102, 103 lost on CPU 0 */
	make(&ack, PROC_EVENT_NONE);	/* an acknowledgement: 8 on CPU 1 */
	ack.cn.seq = 8;
	ack.pe.cpu = 1;
	CU_ASSERT_EQUAL(send(sv[1], &ack, sizeof ack, 0), (ssize_t)sizeof ack);
	send_event(sv[1], 1, 9, 5);
	send_event(sv[1], 1, 15, 6);	/* 10 to 14 lost on CPU 1 */
	send_event(sv[1], 1, 12, 7);	/* from the past: no loss */
	CU_ASSERT_EQUAL_FATAL(fks_events_read(evs, ev, 16, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 8);	/* 7 events (the ack dropped) + lost */
	CU_ASSERT_EQUAL(ev[0].pid, 1);
	CU_ASSERT_EQUAL(ev[3].pid, 4);
	CU_ASSERT_EQUAL(ev[4].pid, 5);
	CU_ASSERT_EQUAL(ev[6].pid, 7);
	CU_ASSERT_EQUAL(ev[7].type, FKS_EV_LOST);
	CU_ASSERT_EQUAL(ev[7].lost, 7);
	CU_ASSERT_EQUAL(fks_events_lost(evs), 7);
	CU_ASSERT_TRUE(fks_events_lost_exact(evs));
	/* nothing queued: -EAGAIN, and the loss is not reported twice */
	CU_ASSERT_EQUAL(fks_events_read(evs, ev, 16, &n), -EAGAIN);
	send_event(sv[1], 1, 16, 8);
	CU_ASSERT_EQUAL(fks_events_read(evs, ev, 16, &n), 0);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(ev[0].type, FKS_EV_EXEC);
	fks_events_close(evs);
	close(sv[1]);
}

static void
test_malformed(void)
{
	struct fks_event ev;
	struct msg m;

	make(&m, PROC_EVENT_FORK);
	/* cut short */
	CU_ASSERT_EQUAL(decode(&m, sizeof m - 1, &ev, 1), -EINVAL);
	CU_ASSERT_EQUAL(decode(&m, 8, &ev, 1), -EINVAL);
	/* a length beyond the datagram */
	m.nh.nlmsg_len = sizeof m + 100;
	CU_ASSERT_EQUAL(decode(&m, sizeof m, &ev, 1), -EINVAL);
	/* a connector length beyond the message */
	make(&m, PROC_EVENT_FORK);
	m.cn.len = sizeof m.pe + 1;
	CU_ASSERT_EQUAL(decode(&m, sizeof m, &ev, 1), -EINVAL);
	/* another connector's message */
	make(&m, PROC_EVENT_FORK);
	m.cn.id.idx = CN_IDX_PROC + 1;
	CU_ASSERT_EQUAL(decode(&m, sizeof m, &ev, 1), -EINVAL);
	/* an empty datagram: nothing */
	CU_ASSERT_EQUAL(decode(&m, 0, &ev, 1), 0);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("events", NULL, NULL);
	ADD_TEST(s, test_fork_and_clone);
	ADD_TEST(s, test_other_types);
	ADD_TEST(s, test_batch);
	ADD_TEST(s, test_malformed);
	ADD_TEST(s, test_sequence_gaps);
	return run_suites();
}
