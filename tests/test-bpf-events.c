/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-bpf-events.c - the decoder of the BPF event program's ring-buffer
 * records (lib/events/bpf-events.c, built into this test: it is not exported),
 * on hand-made records laid out as bpf/events.h says and on records the
 * program wrote (fixtures/bpf-events/): the event types, names, parents,
 * an exec's file name and argument vector (whole or cut), wait statuses
 * with and without a group exit, and every malformed record refused with
 * its reason.  Runs without BPF.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "events/bpf-events.h"
#include "bpf/events.h"
#include "testutil.h"

#define SIGNAL_GROUP_EXIT 0x4

static void
head(struct fks_bpfev_head *h, unsigned type, size_t size, const char *comm)
{
	memset(h, 0, sizeof *h);
	h->size = (__u16)size;
	h->version = FKS_BPFEV_VERSION;
	h->type = (__u8)type;
	h->cpu = 1;
	h->time_ns = 123456789;
	h->tid = 300;
	h->tgid = 300;
	h->parent_tid = 201;
	h->parent_tgid = 200;
	h->cgroup_id = 0x123456789aULL;
	memcpy(h->comm, comm, strnlen(comm, sizeof h->comm));
}

/* Decodes and expects n events. */
static void
decode_n(const void *buf, size_t len, struct fks_event ev[2], int n)
{
	const char *why = NULL;

	CU_ASSERT_EQUAL_FATAL(bpfev_decode(buf, len, ev, &why), n);
	CU_ASSERT_PTR_NULL(why);
}

static void
expect_bad(const void *buf, size_t len, const char *reason)
{
	struct fks_event ev[2];
	const char *why = NULL;

	CU_ASSERT_EQUAL(bpfev_decode(buf, len, ev, &why), -EBADMSG);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(why, reason);
}

static void
test_fork(void)
{
	struct fks_bpfev_head h;
	struct fks_event ev[2];

	head(&h, FKS_BPFEV_FORK, sizeof h, "make");
	decode_n(&h, sizeof h, ev, 1);
	CU_ASSERT_EQUAL(ev[0].type, FKS_EV_FORK);
	CU_ASSERT_EQUAL(ev[0].time_ns, 123456789);
	CU_ASSERT_EQUAL(ev[0].cpu, 1);
	CU_ASSERT_EQUAL(ev[0].pid, 300);
	CU_ASSERT_EQUAL(ev[0].tgid, 300);
	CU_ASSERT_EQUAL(ev[0].parent_pid, 201);
	CU_ASSERT_EQUAL(ev[0].parent_tgid, 200);
	/* the id whole, 64 bits; no path: the watcher looks that up */
	CU_ASSERT_EQUAL(ev[0].cgroup_id, 0x123456789aULL);
	CU_ASSERT_PTR_NULL(ev[0].cgroup);
	CU_ASSERT_STRING_EQUAL(ev[0].comm, "make");
	CU_ASSERT_EQUAL(ev[0].flags, FKS_EVF_NAMED);
	CU_ASSERT_PTR_NULL(ev[0].cmdline);
	CU_ASSERT_PTR_NULL(ev[0].path);
	/* a thread: its own tid, its process's tgid */
	h.tid = 301;
	decode_n(&h, sizeof h, ev, 1);
	CU_ASSERT_EQUAL(ev[0].type, FKS_EV_CLONE);
	CU_ASSERT_EQUAL(ev[0].pid, 301);
	CU_ASSERT_EQUAL(ev[0].tgid, 300);
	/* a name of all 16 bytes, no NUL: kept whole, terminated */
	memcpy(h.comm, "0123456789abcdef", 16);
	decode_n(&h, sizeof h, ev, 1);
	CU_ASSERT_STRING_EQUAL(ev[0].comm, "0123456789abcdef");
	/* a longer buffer (the ring's 8-byte rounding) is no error */
	{
		unsigned char buf[sizeof h + 8] = { 0 };

		memcpy(buf, &h, sizeof h);
		decode_n(buf, sizeof buf, ev, 1);
	}
}

static void
test_rename(void)
{
	struct fks_bpfev_head h;
	struct fks_event ev[2];

	head(&h, FKS_BPFEV_RENAME, sizeof h, "\x1b[31mred");
	h.tid = 305;
	decode_n(&h, sizeof h, ev, 1);
	CU_ASSERT_EQUAL(ev[0].type, FKS_EV_COMM);
	CU_ASSERT_EQUAL(ev[0].pid, 305);
	CU_ASSERT_EQUAL(ev[0].tgid, 300);
	/* raw bytes: escaping is the printer's job */
	CU_ASSERT_STRING_EQUAL(ev[0].comm, "\x1b[31mred");
	CU_ASSERT_EQUAL(ev[0].flags, FKS_EVF_NAMED);
}

static void
exit_rec(struct fks_bpfev_exit *x, int code, int group_code, unsigned flags,
	 unsigned dead)
{
	memset(x, 0, sizeof *x);
	head(&x->head, FKS_BPFEV_EXIT, sizeof *x, "true");
	x->exit_code = code;
	x->exit_signal = SIGCHLD;
	x->group_exit_code = group_code;
	x->sig_flags = flags;
	x->group_dead = dead;
}

static void
test_exit(void)
{
	struct fks_bpfev_exit x;
	struct fks_event ev[2];

	/* exit(3) of a lone thread: its own code */
	exit_rec(&x, 3 << 8, 0, 0, 1);
	decode_n(&x, sizeof x, ev, 1);
	CU_ASSERT_EQUAL(ev[0].type, FKS_EV_EXIT);
	CU_ASSERT_TRUE(WIFEXITED(ev[0].exit_code));
	CU_ASSERT_EQUAL(WEXITSTATUS(ev[0].exit_code), 3);
	CU_ASSERT_EQUAL(ev[0].exit_signal, SIGCHLD);
	CU_ASSERT_EQUAL(ev[0].parent_pid, 201);
	CU_ASSERT_EQUAL(ev[0].parent_tgid, 200);
	CU_ASSERT_STRING_EQUAL(ev[0].comm, "true");
	CU_ASSERT_EQUAL(ev[0].flags, FKS_EVF_NAMED | FKS_EVF_GROUP_DEAD);
	/* a thread killed by its group's exit: the group's status, here a
	 * SIGSEGV with a core dumped */
	exit_rec(&x, SIGKILL, SIGSEGV | 0x80, SIGNAL_GROUP_EXIT, 0);
	decode_n(&x, sizeof x, ev, 1);
	CU_ASSERT_TRUE(WIFSIGNALED(ev[0].exit_code));
	CU_ASSERT_EQUAL(WTERMSIG(ev[0].exit_code), SIGSEGV);
	CU_ASSERT_TRUE(WCOREDUMP(ev[0].exit_code));
	CU_ASSERT_EQUAL(ev[0].flags, FKS_EVF_NAMED | FKS_EVF_THREADS_LEFT);
	/* other signal flags alone do not make it the group's */
	exit_rec(&x, 0, SIGSTOP, 0x1, 0);
	decode_n(&x, sizeof x, ev, 1);
	CU_ASSERT_EQUAL(ev[0].exit_code, 0);
}

static void
exec_rec(struct fks_bpfev_exec *e, const char *path, const void *argv,
	 size_t argv_len)
{
	memset(e, 0, sizeof *e);
	head(&e->head, FKS_BPFEV_EXEC, sizeof *e, "true");
	e->old_tid = 300;
	e->path_len = (int)strlen(path) + 1;
	memcpy(e->path, path, strlen(path) + 1);
	e->argv_len = argv_len;
	e->argv_copied = argv_len < FKS_BPFEV_ARGV_MAX ? (__u32)argv_len
						       : FKS_BPFEV_ARGV_MAX;
	memcpy(e->argv, argv, e->argv_copied);
}

static void
test_exec(void)
{
	static struct fks_bpfev_exec e;
	static char big[FKS_BPFEV_ARGV_MAX + 100];
	struct fks_event ev[2];

	exec_rec(&e, "/usr/bin/true", "true\0--x\0", 10);
	decode_n(&e, sizeof e, ev, 2);
	/* the exec: its file name, no name of its own */
	CU_ASSERT_EQUAL(ev[0].type, FKS_EV_EXEC);
	CU_ASSERT_EQUAL(ev[0].pid, 300);
	CU_ASSERT_EQUAL(ev[0].time_ns, 123456789);
	CU_ASSERT_EQUAL(ev[0].flags, 0);
	CU_ASSERT_STRING_EQUAL(ev[0].comm, "");
	CU_ASSERT_EQUAL_FATAL(ev[0].path_len, 13);
	CU_ASSERT(memcmp(ev[0].path, "/usr/bin/true", 13) == 0);
	/* pointing into the record */
	CU_ASSERT(ev[0].path == e.path);
	/* then the name: comm and argv at the exec, whole */
	CU_ASSERT_EQUAL(ev[1].type, FKS_EV_NAME);
	CU_ASSERT_EQUAL(ev[1].pid, 300);
	CU_ASSERT_EQUAL(ev[1].time_ns, 123456789);
	CU_ASSERT_STRING_EQUAL(ev[1].comm, "true");
	CU_ASSERT_EQUAL(ev[1].flags, FKS_EVF_NAMED);
	CU_ASSERT_EQUAL_FATAL(ev[1].cmdline_len, 10);
	CU_ASSERT(memcmp(ev[1].cmdline, "true\0--x\0", 10) == 0);
	CU_ASSERT(ev[1].cmdline == e.argv);
	CU_ASSERT_EQUAL(ev[1].cmdline_full, 0);

	/* an argument area larger than the program copies: cut, with its
	 * whole size */
	memset(big, 'a', sizeof big);
	exec_rec(&e, "/bin/echo", big, sizeof big);
	decode_n(&e, sizeof e, ev, 2);
	CU_ASSERT_EQUAL(ev[1].cmdline_len, FKS_BPFEV_ARGV_MAX);
	CU_ASSERT_EQUAL(ev[1].cmdline_full, sizeof big);

	/* unreadable argv and file name: unknown, not empty */
	exec_rec(&e, "/bin/echo", "", 0);
	e.argv_len = 50;
	e.path_len = -14;	/* -EFAULT */
	decode_n(&e, sizeof e, ev, 2);
	CU_ASSERT_PTR_NULL(ev[0].path);
	CU_ASSERT_PTR_NULL(ev[1].cmdline);
	CU_ASSERT_EQUAL(ev[1].cmdline_full, 0);
	/* a file name the program cut: its bytes up to the last one kept */
	memset(e.path, 'p', sizeof e.path);
	e.path[sizeof e.path - 1] = '\0';
	e.path_len = FKS_BPFEV_PATH_MAX;
	decode_n(&e, sizeof e, ev, 2);
	CU_ASSERT_EQUAL(ev[0].path_len, FKS_BPFEV_PATH_MAX - 1);
	/* a path_len beyond the first NUL stops at the NUL */
	memcpy(e.path, "/x\0yz", 6);
	decode_n(&e, sizeof e, ev, 2);
	CU_ASSERT_EQUAL(ev[0].path_len, 2);
}

static void
test_refused(void)
{
	static struct fks_bpfev_exec e;
	struct fks_bpfev_head h;
	struct fks_bpfev_exit x;
	unsigned char buf[8] = { 0 };

	expect_bad(buf, 0, "a record shorter than its head");
	expect_bad(buf, sizeof buf, "a record shorter than its head");
	head(&h, FKS_BPFEV_FORK, sizeof h, "a");
	expect_bad(&h, sizeof h - 1, "a record shorter than its head");
	h.version = FKS_BPFEV_VERSION + 1;
	expect_bad(&h, sizeof h, "a record of another version of the program");
	head(&h, 0, sizeof h, "a");
	expect_bad(&h, sizeof h, "an unknown record type");
	head(&h, FKS_BPFEV_RENAME + 1, sizeof h, "a");
	expect_bad(&h, sizeof h, "an unknown record type");
	/* a size that is not its type's, in the head or in the buffer */
	head(&h, FKS_BPFEV_FORK, sizeof h + 8, "a");
	expect_bad(&h, sizeof h, "a record whose size does not match its type");
	head(&h, FKS_BPFEV_EXIT, sizeof h, "a");
	expect_bad(&h, sizeof h, "a record whose size does not match its type");
	exit_rec(&x, 0, 0, 0, 1);
	expect_bad(&x, sizeof x - 1,
		   "a record whose size does not match its type");
	/* an exec whose lengths exceed its arrays */
	exec_rec(&e, "/bin/true", "true", 5);
	expect_bad(&e, sizeof e - 1,
		   "a record whose size does not match its type");
	e.path_len = FKS_BPFEV_PATH_MAX + 1;
	expect_bad(&e, sizeof e, "an exec's lengths exceed its record");
	exec_rec(&e, "/bin/true", "true", 5);
	e.argv_copied = FKS_BPFEV_ARGV_MAX + 1;
	e.argv_len = FKS_BPFEV_ARGV_MAX + 1;
	expect_bad(&e, sizeof e, "an exec's lengths exceed its record");
	exec_rec(&e, "/bin/true", "true", 5);
	e.argv_len = 4;
	expect_bad(&e, sizeof e, "an exec's lengths exceed its record");
}

/* A file of records as the ring buffer holds them: a 4-byte length (the
 * ring's header without its flags), then the record, 8-byte aligned. */
static void
test_fixture(void)
{
	static unsigned char buf[1 << 16];
	struct fks_event ev[2];
	size_t len = 0, at = 0, forks = 0, execs = 0, exits = 0, renames = 0;
	uint32_t rlen;
	bool argv_seen = false;
	uint64_t cgroup_id = 0;
	ssize_t n;
	int fd, i, got;
	const char *why;

	fd = open(srcpath("fixtures/bpf-events/true-loop.bin"), O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	while ((n = read(fd, buf + len, sizeof buf - len)) > 0)
		len += (size_t)n;
	close(fd);
	CU_ASSERT_FATAL(len > 0 && len < sizeof buf);
	while (at + 8 <= len) {
		memcpy(&rlen, buf + at, 4);
		CU_ASSERT_FATAL(rlen <= len - at - 8);
		why = NULL;
		got = bpfev_decode(buf + at + 8, rlen, ev, &why);
		CU_ASSERT_FATAL(got > 0);
		for (i = 0; i < got; i++) {
			CU_ASSERT(ev[i].time_ns > 0);
			CU_ASSERT(ev[i].pid > 0);
			/* all in the capturing shell's cgroup: one id */
			CU_ASSERT(ev[i].cgroup_id > 0);
			if (!cgroup_id)
				cgroup_id = ev[i].cgroup_id;
			CU_ASSERT_EQUAL(ev[i].cgroup_id, cgroup_id);
			switch (ev[i].type) {
			case FKS_EV_FORK:
				forks++;
				CU_ASSERT_STRING_EQUAL(ev[i].comm, "sh");
				break;
			case FKS_EV_EXEC:
				execs++;
				CU_ASSERT_EQUAL_FATAL(ev[i].path_len, 9);
				CU_ASSERT(memcmp(ev[i].path, "/bin/true", 9) ==
					  0);
				break;
			case FKS_EV_NAME:
				CU_ASSERT_STRING_EQUAL(ev[i].comm, "true");
				CU_ASSERT_EQUAL_FATAL(ev[i].cmdline_len, 13);
				CU_ASSERT(memcmp(ev[i].cmdline,
						 "/bin/true\0-x\0", 13) == 0);
				argv_seen = true;
				break;
			case FKS_EV_EXIT:
				exits++;
				CU_ASSERT_STRING_EQUAL(ev[i].comm, "true");
				CU_ASSERT(ev[i].flags & FKS_EVF_GROUP_DEAD);
				CU_ASSERT_TRUE(WIFEXITED(ev[i].exit_code));
				CU_ASSERT_EQUAL(WEXITSTATUS(ev[i].exit_code),
						0);
				break;
			case FKS_EV_COMM:
				renames++;
				break;
			default:
				CU_FAIL("an unexpected type");
			}
		}
		at += 8 + ((rlen + 7) & ~(size_t)7);
	}
	CU_ASSERT_EQUAL(at, len);
	CU_ASSERT_EQUAL(forks, 3);
	CU_ASSERT_EQUAL(execs, 3);
	CU_ASSERT_EQUAL(exits, 3);
	CU_ASSERT_EQUAL(renames, 0);
	CU_ASSERT_TRUE(argv_seen);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("bpf-events", NULL, NULL);
	ADD_TEST(s, test_fork);
	ADD_TEST(s, test_rename);
	ADD_TEST(s, test_exit);
	ADD_TEST(s, test_exec);
	ADD_TEST(s, test_refused);
	ADD_TEST(s, test_fixture);
	return run_suites();
}
