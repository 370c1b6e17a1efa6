/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-bpf-decode.c - the decoder of the BPF task iterator's records
 * (lib/source/bpf-decode.c, built into this test: it is not exported), on
 * hand-made records: the state letters, tty numbers, CPU-time scaling and
 * kernel-thread names /proc would print, and the table order, thread
 * filtering and group times of a whole buffer.  Runs without BPF.
 */
#include <errno.h>
#include <linux/types.h>
#include <string.h>

#include "model/arena.h"
#include "source/bpf-decode.h"
#include "bpf/tasks.h"
#include "testutil.h"

#define SEC 1000000000ull

static void
test_states(void)
{
	CU_ASSERT_EQUAL(bpf_state_char(0, 0), 'R');
	CU_ASSERT_EQUAL(bpf_state_char(0x1, 0), 'S');
	CU_ASSERT_EQUAL(bpf_state_char(0x2, 0), 'D');
	CU_ASSERT_EQUAL(bpf_state_char(0x102, 0), 'D');	/* killable */
	CU_ASSERT_EQUAL(bpf_state_char(0x402, 0), 'I');	/* TASK_IDLE */
	CU_ASSERT_EQUAL(bpf_state_char(0x104, 0), 'T');
	CU_ASSERT_EQUAL(bpf_state_char(0x8, 0), 't');
	CU_ASSERT_EQUAL(bpf_state_char(0x80, 0x20), 'Z');
	CU_ASSERT_EQUAL(bpf_state_char(0x80, 0x10), 'X');
	CU_ASSERT_EQUAL(bpf_state_char(0x80, 0x30), 'Z');	/* highest bit */
	CU_ASSERT_EQUAL(bpf_state_char(0x40, 0), 'P');
	CU_ASSERT_EQUAL(bpf_state_char(0x1001, 0), 'D');	/* rtlock wait */
	CU_ASSERT_EQUAL(bpf_state_char(0xa001, 0), 'D');	/* frozen */
	CU_ASSERT_EQUAL(bpf_state_char(0x2001, 0), 'S');	/* freezable */
}

static void
test_tty(void)
{
	CU_ASSERT_EQUAL(bpf_tty_nr(136, 3), 34819);	/* pts/3 */
	CU_ASSERT_EQUAL(bpf_tty_nr(4, 1), 1025);	/* tty1 */
	/* a minor above 255 moves to bits 20 and up */
	CU_ASSERT_EQUAL(bpf_tty_nr(136, 300), 44 + (136 << 8) + (1 << 20));
}

static void
test_cputime(void)
{
	uint64_t u, s;

	/* scaled: stime's share of the runtime */
	bpf_cputime_adjust(3 * SEC, 1 * SEC, 2 * SEC, 0, 0, &u, &s);
	CU_ASSERT_EQUAL(s, SEC / 2);
	CU_ASSERT_EQUAL(u, 3 * SEC / 2);
	/* nothing new since the last print: the last print */
	bpf_cputime_adjust(3 * SEC, 1 * SEC, 2 * SEC, 7, 2 * SEC - 7, &u, &s);
	CU_ASSERT_EQUAL(u, 7);
	CU_ASSERT_EQUAL(s, 2 * SEC - 7);
	/* no ticks of system time: all user */
	bpf_cputime_adjust(5, 0, 9 * SEC, 0, 0, &u, &s);
	CU_ASSERT_EQUAL(u, 9 * SEC);
	CU_ASSERT_EQUAL(s, 0);
	bpf_cputime_adjust(0, 5, 9 * SEC, 0, 0, &u, &s);
	CU_ASSERT_EQUAL(s, 9 * SEC);
	/* never below what was printed */
	bpf_cputime_adjust(1, 1, 4 * SEC, SEC, 2 * SEC, &u, &s);
	CU_ASSERT_EQUAL(s, 2 * SEC);
	CU_ASSERT_EQUAL(u, 2 * SEC);
	bpf_cputime_adjust(1, 1, 4 * SEC, 3 * SEC, 0, &u, &s);
	CU_ASSERT_EQUAL(u, 3 * SEC);
	CU_ASSERT_EQUAL(s, SEC);
	/* products beyond 64 bits are exact */
	bpf_cputime_adjust(1ull << 40, 1ull << 40, 1ull << 41, 0, 0, &u, &s);
	CU_ASSERT_EQUAL(s, 1ull << 40);
	/* times whose sum wraps in 64 bits (a fuzzed record): no division
	 * by zero, the split 1:1 */
	bpf_cputime_adjust(1ull << 63, 1ull << 63, 1000, 0, 0, &u, &s);
	CU_ASSERT_EQUAL(s, 500);
	CU_ASSERT_EQUAL(u, 500);
}

static struct fks_bpf_rec
rec(int tid, int tgid, const char *comm)
{
	struct fks_bpf_rec r;

	memset(&r, 0, sizeof r);
	r.size = sizeof r;
	r.version = FKS_BPF_REC_VERSION;
	r.tid = tid;
	r.tgid = tgid;
	r.have = FKS_BPF_SIGHAND;
	r.state = 1;
	r.prio = 120;
	strncpy(r.comm, comm, sizeof r.comm - 1);
	return r;
}

static void
test_names(void)
{
	struct fks_bpf_rec r = rec(5, 5, "kworker/0:1");
	char name[BPF_NAME_MAX];

	r.flags = 0x00200020;		/* a kthread and a worker */
	CU_ASSERT_EQUAL(bpf_task_name(&r, name), 11);	/* no desc */
	r.have |= FKS_BPF_WORKER | FKS_BPF_BUSY;
	strcpy(r.desc, "events");
	bpf_task_name(&r, name);
	CU_ASSERT_STRING_EQUAL(name, "kworker/0:1+events");
	r.have &= ~FKS_BPF_BUSY;
	bpf_task_name(&r, name);
	CU_ASSERT_STRING_EQUAL(name, "kworker/0:1-events");
	/* a long-named worker, its description cut at 63 characters */
	memset(r.full_name, 'a', 40);
	memset(r.desc, 'b', 31);
	CU_ASSERT_EQUAL(bpf_task_name(&r, name), 63);
	CU_ASSERT_EQUAL(name[40], '-');
	CU_ASSERT_EQUAL(name[62], 'b');
	/* a long-named kernel thread */
	r = rec(6, 6, "kworker/R-rcu_g");
	r.flags = 0x00200000;
	strcpy(r.full_name, "kworker/R-rcu_gp");
	bpf_task_name(&r, name);
	CU_ASSERT_STRING_EQUAL(name, "kworker/R-rcu_gp");
	/* a user task's full_name is never looked at; comm is raw bytes */
	r = rec(7, 7, "a) b\n");
	strcpy(r.full_name, "ignored");
	CU_ASSERT_EQUAL(bpf_task_name(&r, name), 5);
	CU_ASSERT_STRING_EQUAL(name, "a) b\n");
}

static void
test_decode(void)
{
	struct fks_bpf_rec recs[6];
	struct fks_task tasks[6];
	struct arena names = { NULL };
	const char *why = NULL;
	size_t n = 99;

	recs[0] = rec(102, 100, "t2");
	recs[1] = rec(100, 100, "leader");
	recs[2] = rec(50, 50, "single");
	recs[3] = rec(71, 70, "orphan");	/* its leader is gone */
	recs[4] = rec(101, 100, "t1");
	recs[5] = rec(1, 1, "init");
	recs[5].have = 0;		/* sighand gone: /proc's zeros */
	recs[5].ppid = 9;
	recs[1].ppid = 50;
	recs[1].pgrp = 100;
	recs[1].session = 50;
	recs[1].nr_threads = 3;
	recs[1].prio = 130;
	recs[1].start_boottime = 123 * SEC + 5;
	recs[1].have |= FKS_BPF_TTY | FKS_BPF_MM;
	recs[1].tty_major = 136;
	recs[1].tty_minor = 0;
	recs[1].tpgid = 100;
	recs[1].rss = 77;
	recs[1].locked_vm = 3;
	recs[1].total_vm = 10;
	recs[2].locked_vm = 5;	/* no FKS_BPF_MM: not given */
	recs[1].arg_start = 0x7ffd1000;
	recs[1].arg_end = 0x7ffd1040;
	recs[2].arg_start = 0x5000;	/* no FKS_BPF_MM: not given */
	recs[2].arg_end = 0x5010;
	recs[1].euid = 1000;
	recs[1].ruid = 1001;
	recs[1].have |= FKS_BPF_PIDNS;
	recs[1].pidns = 4026532501u;
	recs[2].pidns = 77;		/* no FKS_BPF_PIDNS: not given */
	/* group times: exited threads' 1 s + 2 s each of three threads */
	recs[1].sig_utime = SEC;
	recs[1].sig_runtime = SEC;
	recs[0].utime = recs[1].utime = recs[4].utime = 2 * SEC;
	recs[0].runtime = recs[1].runtime = recs[4].runtime = 2 * SEC;
	recs[4].stime = SEC;
	recs[4].runtime = 3 * SEC;

	CU_ASSERT_EQUAL(bpf_decode((const unsigned char *)recs, sizeof recs,
				   true, 4096, tasks, &names, &n, &why), 0);
	CU_ASSERT_EQUAL_FATAL(n, 5);
	CU_ASSERT_EQUAL(tasks[0].tid, 1);
	CU_ASSERT_EQUAL(tasks[0].ppid, 0);
	CU_ASSERT_EQUAL(tasks[0].tpgid, -1);
	CU_ASSERT_EQUAL(tasks[1].tid, 50);
	CU_ASSERT_EQUAL(tasks[2].tid, 100);
	CU_ASSERT_FALSE(tasks[2].is_thread);
	CU_ASSERT_EQUAL(tasks[3].tid, 101);
	CU_ASSERT_TRUE(tasks[3].is_thread);
	CU_ASSERT_EQUAL(tasks[4].tid, 102);
	CU_ASSERT_STRING_EQUAL(tasks[2].comm, "leader");
	CU_ASSERT_EQUAL(tasks[2].ppid, 50);
	CU_ASSERT_EQUAL(tasks[2].nice, 10);
	CU_ASSERT_EQUAL(tasks[2].nlwp, 3);
	CU_ASSERT_EQUAL(tasks[2].start_ticks, 12300);
	CU_ASSERT_EQUAL(tasks[2].tty_nr, 136 << 8);
	CU_ASSERT_EQUAL(tasks[2].tpgid, 100);
	CU_ASSERT_EQUAL(tasks[2].rss_pages, 77);
	/* VmLck: pages of 4 KiB, in KiB */
	CU_ASSERT_EQUAL(tasks[2].vm_lck, 12);
	CU_ASSERT_TRUE(tasks[2].known & FKS_K_VMLCK);
	CU_ASSERT_EQUAL(tasks[3].vm_lck, 0);
	CU_ASSERT_FALSE(tasks[2].known & FKS_K_VMRSS);
	/* vsize: bytes, as stat's field 23 */
	CU_ASSERT_EQUAL(tasks[2].vsize, 40960);
	CU_ASSERT_TRUE(tasks[2].known & FKS_K_VSIZE);
	CU_ASSERT_FALSE(tasks[2].known & FKS_K_SCHED);
	CU_ASSERT_EQUAL(tasks[2].arg_start, 0x7ffd1000);
	CU_ASSERT_EQUAL(tasks[2].arg_end, 0x7ffd1040);
	/* stat prints 0 without a memory map */
	CU_ASSERT_EQUAL(tasks[1].arg_start, 0);
	CU_ASSERT_EQUAL(tasks[1].arg_end, 0);
	CU_ASSERT_EQUAL(tasks[2].euid, 1000);
	CU_ASSERT_EQUAL(tasks[2].ruid, 1001);
	CU_ASSERT_EQUAL(tasks[2].state, FKS_STATE_SLEEPING);
	CU_ASSERT_EQUAL(tasks[2].pidns, 4026532501u);
	CU_ASSERT_TRUE(tasks[2].known & FKS_K_PIDNS);
	CU_ASSERT_FALSE(tasks[1].known & FKS_K_PIDNS);
	CU_ASSERT_EQUAL(tasks[1].pidns, 0);
	/* the group: 7 s user, 1 s system, 8 s run: 700 and 100 ticks */
	CU_ASSERT_EQUAL(tasks[2].utime, 700);
	CU_ASSERT_EQUAL(tasks[2].stime, 100);
	/* a thread: its own, 2:1 of 3 s; its owner is its process's */
	CU_ASSERT_EQUAL(tasks[3].utime, 200);
	CU_ASSERT_EQUAL(tasks[3].stime, 100);
	CU_ASSERT_EQUAL(tasks[3].euid, 1000);
	CU_ASSERT_EQUAL(tasks[3].ruid, 0);

	/* processes only */
	CU_ASSERT_EQUAL(bpf_decode((const unsigned char *)recs, sizeof recs,
				   false, 4096, tasks, &names, &n, &why), 0);
	CU_ASSERT_EQUAL(n, 3);

	/* an empty read, a cut record, another version */
	CU_ASSERT_EQUAL(bpf_decode(NULL, 0, true, 4096, tasks, &names, &n, &why), 0);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(bpf_decode((const unsigned char *)recs,
				   sizeof recs - 1, true, 4096, tasks, &names, &n, &why), -EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(why);
	recs[2].version = 99;
	CU_ASSERT_EQUAL(bpf_decode((const unsigned char *)recs, sizeof recs,
				   true, 4096, tasks, &names, &n, &why), -EBADMSG);
	CU_ASSERT_EQUAL(n, 0);
	arena_free(&names);
}

/* Threads born after a later process come after it in tid order: each
 * is put back under its leader; an unaligned buffer decodes the same. */
static void
test_group_order(void)
{
	struct fks_bpf_rec recs[7];
	struct fks_task tasks[7];
	struct arena names = { NULL };
	unsigned char *odd;
	const char *why = NULL;
	static const pid_t want[] = { 10, 31, 40, 20, 30, 50 };
	size_t i, n;

	recs[0] = rec(10, 10, "a");
	recs[1] = rec(20, 20, "b");
	recs[2] = rec(30, 20, "b1");	/* before 31: the iterator's order */
	recs[3] = rec(31, 10, "a1");
	recs[4] = rec(35, 33, "gone");	/* its leader is not there */
	recs[5] = rec(40, 10, "a2");
	recs[6] = rec(50, 50, "c");
	CU_ASSERT_EQUAL_FATAL(bpf_decode((const unsigned char *)recs,
					 sizeof recs, true, 4096, tasks, &names, &n,
					 &why), 0);
	CU_ASSERT_EQUAL_FATAL(n, 6);
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(tasks[i].tid, want[i]);

	odd = malloc(sizeof recs + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(odd);
	memcpy(odd + 1, recs, sizeof recs);
	memset(tasks, 0, sizeof tasks);
	CU_ASSERT_EQUAL_FATAL(bpf_decode(odd + 1, sizeof recs, true, 4096, tasks,
					 &names, &n, &why), 0);
	CU_ASSERT_EQUAL_FATAL(n, 6);
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(tasks[i].tid, want[i]);
	free(odd);
	arena_free(&names);
}

/*
 * A process's exit code is its group's while the group is stopped or
 * exiting (what /proc/PID/stat shows: a stopped process whose parent has
 * not waited shows its stop signal, 19); a thread's, its own.
 */
static void
test_group_exit_code(void)
{
	struct fks_bpf_rec recs[3];
	struct fks_task tasks[3];
	struct arena names = { NULL };
	const char *why = NULL;
	size_t n;

	recs[0] = rec(10, 10, "stopped");
	recs[0].group_exit_code = 19;
	recs[0].sig_flags = 0x1;		/* SIGNAL_STOP_STOPPED */
	recs[1] = rec(11, 10, "thread");
	recs[1].group_exit_code = 19;
	recs[1].sig_flags = 0x1;
	recs[2] = rec(20, 20, "running");
	recs[2].exit_code = 5;			/* a ptrace stop's, say */
	recs[2].group_exit_code = 9;		/* no flag: not shown */
	CU_ASSERT_EQUAL_FATAL(bpf_decode((const unsigned char *)recs,
					 sizeof recs, true, 4096, tasks, &names, &n,
					 &why), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_EQUAL(tasks[0].exit_code, 19);
	CU_ASSERT_EQUAL(tasks[1].exit_code, 0);
	CU_ASSERT_EQUAL(tasks[2].exit_code, 5);
	/* a record without the signal fields: the task's own */
	recs[0].have = 0;
	CU_ASSERT_EQUAL_FATAL(bpf_decode((const unsigned char *)recs,
					 sizeof recs, true, 4096, tasks, &names, &n,
					 &why), 0);
	CU_ASSERT_EQUAL(tasks[0].exit_code, 0);
	arena_free(&names);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("bpf-decode", NULL, NULL);
	ADD_TEST(s, test_states);
	ADD_TEST(s, test_tty);
	ADD_TEST(s, test_cputime);
	ADD_TEST(s, test_names);
	ADD_TEST(s, test_decode);
	ADD_TEST(s, test_group_order);
	ADD_TEST(s, test_group_exit_code);
	return run_suites();
}
