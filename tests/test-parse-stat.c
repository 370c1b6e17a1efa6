/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-parse-stat.c - the stat parser on exact texts: real lines, hostile
 * comms (the last-')' rule), every state letter, and malformed input.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "forkscope.h"
#include "testutil.h"

/* A real line from kernel 6.18 (cat reading its own stat). */
static const char real[] = "2210 (cat) R 2208 2208 1186 34816 -1 4194304 99 0 "
	"1 0 7 2 0 0 20 0 1 0 167596 3133440 362 18446744073709551615 "
	"94639986311168 94639986331049 140734643188048 0 0 0 0 0 0 0 0 0 17 "
	"1 0 0 0 0 0 94639986347056 94639986348672 94640859910144 "
	"140734643194308 140734643194328 140734643194328 140734643195883 "
	"1792\n";

static int
parse(const char *text, struct fks_task *t, const char **why)
{
	static char buf[1024];
	size_t len = strlen(text);

	memset(t, 0, sizeof *t);
	memcpy(buf, text, len);
	*why = NULL;
	return fks_parse_stat(buf, len, t, why);
}

static void
test_real_line(void)
{
	struct fks_task t;
	const char *why;

	CU_ASSERT_EQUAL_FATAL(parse(real, &t, &why), 0);
	CU_ASSERT_EQUAL(t.comm_len, 3);
	CU_ASSERT_NSTRING_EQUAL(t.comm, "cat", 3);
	CU_ASSERT_EQUAL(t.state_char, 'R');
	CU_ASSERT_EQUAL(t.state, FKS_STATE_RUNNING);
	CU_ASSERT_EQUAL(t.ppid, 2208);
	CU_ASSERT_EQUAL(t.pgrp, 2208);
	CU_ASSERT_EQUAL(t.session, 1186);
	CU_ASSERT_EQUAL(t.tty_nr, 34816);
	CU_ASSERT_EQUAL(t.tpgid, -1);
	CU_ASSERT_EQUAL(t.flags, 4194304u);
	CU_ASSERT_FALSE(t.kthread);
	CU_ASSERT_EQUAL(t.utime, 7);
	CU_ASSERT_EQUAL(t.stime, 2);
	CU_ASSERT_EQUAL(t.nice, 0);
	CU_ASSERT_EQUAL(t.nlwp, 1);
	CU_ASSERT_EQUAL(t.start_ticks, 167596);
	CU_ASSERT_EQUAL(t.rss_pages, 362);
	CU_ASSERT_EQUAL(t.arg_start, 140734643194308ull);
	CU_ASSERT_EQUAL(t.arg_end, 140734643194328ull);
	CU_ASSERT_EQUAL(t.exit_code, 1792);
	/* the scheduling and size fields */
	CU_ASSERT_EQUAL(t.priority, 20);
	CU_ASSERT_EQUAL(t.vsize, 3133440ull);
	CU_ASSERT_EQUAL(t.processor, 1);
	CU_ASSERT_EQUAL(t.rt_priority, 0);
	CU_ASSERT_EQUAL(t.policy, 0);
	CU_ASSERT_EQUAL(t.known, FKS_K_STAT | FKS_K_EXIT_CODE | FKS_K_SCHED |
			FKS_K_VSIZE);
}

/*
 * The same kind of line as another user reads it (kernel 6.18, pid 1 read
 * by an ordinary user): start_code and end_code 1, the kernel's mask, so
 * the 0 in field 52 is no exit code.
 */
static const char masked[] = "1 (init) S 0 0 0 0 -1 4194560 22181 6612956 0 "
	"383 42 222 8113 4634 10 -10 40 0 25 54112256 3184 "
	"18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 1 0 0 0 0 0 0 "
	"0 0 0 0 0 0 0\n";

static void
test_exit_code_masked(void)
{
	struct fks_task t;
	const char *why;

	CU_ASSERT_EQUAL_FATAL(parse(masked, &t, &why), 0);
	CU_ASSERT_EQUAL(t.known, FKS_K_STAT | FKS_K_EXIT_HIDDEN | FKS_K_SCHED |
			FKS_K_VSIZE);
	/* a zombie shows 0 0 there to anyone: the text cannot tell */
	CU_ASSERT_EQUAL_FATAL(parse("9 (z) Z 1 1 1 0 -1 4227148 0 0 0 0 0 0 0 "
				    "0 20 0 1 0 24242 0 0 18446744073709551615 "
				    "0 0 0 0 0 0 0 4 0 0 0 0 17 0 0 0 0 0 0 0 0 "
				    "0 0 0 0 0 0\n", &t, &why), 0);
	CU_ASSERT_EQUAL(t.known, FKS_K_STAT | FKS_K_EXIT_CODE | FKS_K_SCHED |
			FKS_K_VSIZE);
}

static void
test_hostile_comm(void)
{
	struct fks_task t;
	const char *why;

	/* ") (" and spaces inside comm: split at the LAST ')' */
	CU_ASSERT_EQUAL_FATAL(parse("7 (a) (b) S c) Z 3 7 7 0 -1 0 0 0 0 0 "
				    "0 0 0 0 20 0 1 0 5 0 9\n", &t, &why), 0);
	CU_ASSERT_EQUAL(t.comm_len, 10);
	CU_ASSERT_NSTRING_EQUAL(t.comm, "a) (b) S c", 10);
	CU_ASSERT_EQUAL(t.state, FKS_STATE_ZOMBIE);
	CU_ASSERT_EQUAL(t.ppid, 3);
	CU_ASSERT_EQUAL(t.rss_pages, 9);
	/* no exit_code field: an old kernel; the bit stays clear */
	CU_ASSERT_FALSE(t.known & FKS_K_EXIT_CODE);
	CU_ASSERT_EQUAL(t.arg_start, 0);

	/* a newline and an escape inside comm */
	CU_ASSERT_EQUAL_FATAL(parse("8 (x\ny\x1b[2J) S 1 8 8 0 -1 0 0 0 0 0 0 "
				    "0 0 0 20 5 1 0 5 0 9\n", &t, &why), 0);
	CU_ASSERT_EQUAL(t.comm_len, 7);
	CU_ASSERT_EQUAL(memcmp(t.comm, "x\ny\x1b[2J", 7), 0);
	CU_ASSERT_EQUAL(t.nice, 5);

	/* an empty comm is still a comm */
	CU_ASSERT_EQUAL_FATAL(parse("9 () S 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 "
				    "0 1 0 5 0 9", &t, &why), 0);
	CU_ASSERT_EQUAL(t.comm_len, 0);
}

static void
test_states(void)
{
	static const struct { char c; enum fks_state s; } map[] = {
		{ 'R', FKS_STATE_RUNNING }, { 'S', FKS_STATE_SLEEPING },
		{ 'D', FKS_STATE_DISK }, { 'Z', FKS_STATE_ZOMBIE },
		{ 'T', FKS_STATE_STOPPED }, { 't', FKS_STATE_TRACED },
		{ 'X', FKS_STATE_DEAD }, { 'I', FKS_STATE_IDLE },
		{ 'P', FKS_STATE_PARKED }, { 'W', FKS_STATE_UNKNOWN },
		{ '?', FKS_STATE_UNKNOWN },
	};
	char line[128];
	struct fks_task t;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof map / sizeof *map; i++) {
		CU_ASSERT_EQUAL(fks_state_from_char(map[i].c), map[i].s);
		snprintf(line, sizeof line, "5 (s) %c 1 5 5 0 -1 0 0 0 0 0 0 0 "
			 "0 0 20 0 1 0 5 0 9\n", map[i].c);
		CU_ASSERT_EQUAL_FATAL(parse(line, &t, &why), 0);
		CU_ASSERT_EQUAL(t.state_char, map[i].c);
		CU_ASSERT_EQUAL(t.state, map[i].s);
	}
}

static void
test_kthread_flag(void)
{
	struct fks_task t;
	const char *why;

	/* kthreadd's flags on 6.x: 0x00208040 holds PF_KTHREAD */
	CU_ASSERT_EQUAL_FATAL(parse("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 "
				    "0 0 0 0 0 20 0 1 0 2 0 0\n", &t, &why),
			      0);
	CU_ASSERT_TRUE(t.kthread);
	CU_ASSERT_EQUAL(t.ppid, 0);
}

static void
test_malformed(void)
{
	static const char *const bad[] = {
		"",
		"12",
		"12 (no close S 1 2 3",
		"12 no open) S 1 2 3",
		"12 (x)",
		"12 (x) S",
		"12 (x)S 1 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 9",
		"12 (x) SS 1 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 9",
		/* truncated after pgrp, as the corrupt fixture */
		"201 (truncated) S 1 201 20",
		/* starttime overflows 64 bits */
		"12 (x) S 1 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
		"99999999999999999999999 0 9",
		/* ppid beyond pid_t, a negative ppid, a letter in a number */
		"12 (x) S 4294967296 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 9",
		"12 (x) S -1 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 9",
		"12 (x) S 1 1a 12 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 9",
		/* nice out of -20..19, negative utime */
		"12 (x) S 1 12 12 0 -1 0 0 0 0 0 0 0 0 0 20 40 1 0 5 0 9",
		"12 (x) S 1 12 12 0 -1 0 0 0 0 0 -3 0 0 0 20 0 1 0 5 0 9",
	};
	struct fks_task t;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		CU_ASSERT_EQUAL(parse(bad[i], &t, &why), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL(why);
		CU_ASSERT_FALSE(t.known & FKS_K_STAT);
	}
}

static void
test_not_terminated(void)
{
	/* The parser must not read past len: the buffer has no NUL. */
	char buf[] = { '1', ' ', '(', 'x', ')', ' ', 'S', ' ', '1' };
	struct fks_task t;
	const char *why;

	memset(&t, 0, sizeof t);
	CU_ASSERT_EQUAL(fks_parse_stat(buf, sizeof buf, &t, &why), -EINVAL);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("parse-stat", NULL, NULL);
	ADD_TEST(s, test_real_line);
	ADD_TEST(s, test_exit_code_masked);
	ADD_TEST(s, test_hostile_comm);
	ADD_TEST(s, test_states);
	ADD_TEST(s, test_kthread_flag);
	ADD_TEST(s, test_malformed);
	ADD_TEST(s, test_not_terminated);
	return run_suites();
}
