/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-columns.c - the column table (ids match indexes, names unique,
 * aliases resolve) and the formatting of each value on fixture tasks.
 */
#include <string.h>

#include "forkscope.h"
#include "testutil.h"

static void
test_table_shape(void)
{
	const struct fks_column_info *a, *b;
	int i, j;

	for (i = 0; i < FKS_COL_COUNT; i++) {
		a = fks_column_info(i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_EQUAL(a->id, (enum fks_column)i);
		CU_ASSERT_PTR_NOT_NULL(a->header);
		CU_ASSERT_EQUAL(fks_column_lookup(a->name), i);
		for (j = 0; j < i; j++) {
			b = fks_column_info(j);
			CU_ASSERT_NOT_EQUAL(strcmp(a->name, b->name), 0);
		}
	}
	CU_ASSERT_PTR_NULL(fks_column_info(FKS_COL_COUNT));
	CU_ASSERT_EQUAL(fks_column_lookup("pgrp"), FKS_COL_PGID);
	CU_ASSERT_EQUAL(fks_column_lookup("command"), FKS_COL_ARGS);
	CU_ASSERT_EQUAL(fks_column_lookup("lwp"), FKS_COL_TID);
	CU_ASSERT_EQUAL(fks_column_lookup("nosuch"), -1);
	CU_ASSERT_EQUAL(fks_column_lookup(""), -1);
}

static void
test_tty_names(void)
{
	char buf[32];

	fks_tty_name(0, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "?");
	fks_tty_name(34816, buf, sizeof buf);	/* 136:0 */
	CU_ASSERT_STRING_EQUAL(buf, "pts/0");
	fks_tty_name((136 << 8) | 5, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "pts/5");
	fks_tty_name((137 << 8) | 1, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "pts/257");
	/* minor 300 of major 136: high minor bits at 20..31 */
	fks_tty_name((136 << 8) | (300 & 0xff) | ((300 & ~0xff) << 12), buf,
		     sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "pts/300");
	fks_tty_name((4 << 8) | 1, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "tty1");
	fks_tty_name((4 << 8) | 65, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "ttyS1");
	fks_tty_name((5 << 8) | 1, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "5,1");
}

static const char *
fmt(const struct fks_table *tbl, pid_t pid, enum fks_column col)
{
	static char buf[256];

	fks_column_format(tbl, fks_table_find(tbl, pid), col, buf, sizeof buf);
	return buf;
}

static void
test_values(void)
{
	struct fks_root *root;
	struct fks_table *tbl;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath("fixtures/hostile-names"),
					    &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, 0, &tbl), 0);
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_PID), "100");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_PPID), "1");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_TGID), "100");
	/* the fixture has no users file: numbers, never this machine's */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_USER), "1000");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 1, FKS_COL_USER), "0");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_UID), "1000");
	/* session leader (sid == pid), nice 0 */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_STAT), "Ss");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 3, FKS_COL_STATE), "I");
	/* started at boot + 10 s = 1794990010 = 2026-11-18 08:20:10 UTC,
	 * captured 1795000000 (11:06:40): within a day, so HH:MM */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_START), "08:20");
	/* utime 5 + stime 3 ticks: under a second */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_TIME), "00:00:00");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_NLWP), "1");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_PGID), "100");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_SID), "100");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_TTY), "?");
	/* 300 pages of 4 KiB */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_RSS), "1200");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_TRACER), "-");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_COMM), "a) (b c");
	fks_table_free(tbl);

	/* fields not read are "-", the ids are always known */
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT, 0, &tbl), 0);
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_USER), "-");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_TRACER), "-");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_PID), "100");
	free_table_and_root(tbl);
}

static void
test_modifiers_and_times(void)
{
	struct fks_root *root;
	struct fks_table *tbl;
	char buf[64];
	struct fks_task t;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath("fixtures/hostile-names"),
					    &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT, 0, &tbl), 0);
	/* a private copy of a task, changed field by field */
	t = *fks_table_find(tbl, 100);
	t.nice = -5;
	t.nlwp = 3;
	t.tty_nr = 34817;
	t.tpgid = t.pgrp;
	fks_column_format(tbl, &t, FKS_COL_STAT, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "S<sl+");
	t.nice = 10;
	t.session = 1;
	t.tpgid = 4;
	fks_column_format(tbl, &t, FKS_COL_STAT, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "SNl");
	/* L: pages locked (status's VmLck), after N as in ps; unknown
	 * (status not read) leaves it out */
	t.known |= FKS_K_VMLCK;
	t.vm_lck = 4;
	fks_column_format(tbl, &t, FKS_COL_STAT, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "SNLl");
	t.vm_lck = 0;
	fks_column_format(tbl, &t, FKS_COL_STAT, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "SNl");
	t.vm_lck = 4;
	t.known &= ~(unsigned)FKS_K_VMLCK;
	fks_column_format(tbl, &t, FKS_COL_STAT, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "SNl");
	/* 1 day, 1 h, 1 min, 1 s of CPU at 100 Hz */
	t.utime = 9006100;
	t.stime = 0;
	fks_column_format(tbl, &t, FKS_COL_TIME, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "1-01:01:01");
	/* started at boot itself */
	t.start_ticks = 0;
	fks_column_format(tbl, &t, FKS_COL_START, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "08:20");
	free_table_and_root(tbl);
}

/*
 * fixtures/huge-values: numbers from files that overflow once multiplied
 * or added (a signed overflow aborted a sanitizer build; otherwise RSS
 * -4, and an unset struct tm printed as a START) are unknown, "-".
 */
static void
test_huge_values(void)
{
	struct fks_root *root;
	struct fks_table *tbl;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath("fixtures/huge-values"),
					    &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, 0, &tbl), 0);
	/* 2^63 - 1 pages of 4 KiB */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_RSS), "-");
	/* (their status has no VmRSS line: stat's field 24 stands in) */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 101, FKS_COL_RSS), "1200");
	/* btime 2^63 - 1 s: plus 123 s overflows; plus 0 s (50 ticks) is a
	 * year no struct tm holds; plus 10 s overflows */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_START), "-");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 1, FKS_COL_START), "-");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 101, FKS_COL_START), "-");
	/* utime 2^64 - 1 + stime 3 ticks wraps */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_TIME), "-");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 101, FKS_COL_TIME), "00:00:00");
	/* what is not absurd is as usual */
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 100, FKS_COL_COMM), "bigrss");
	CU_ASSERT_STRING_EQUAL(fmt(tbl, 101, FKS_COL_PPID), "100");
	free_table_and_root(tbl);
}

/*
 * ps's columns on a private copy of a scn-fork task: the snapshot's
 * uptime is 4161.77 s at 100 Hz (416177 ticks), its btime 1795936342
 * (Sun Nov 29 07:12:22 2026 UTC).
 */
static void
test_ps_columns(void)
{
	struct fks_root *root;
	struct fks_table *tbl;
	struct fks_value v;
	struct fks_task t;
	char buf[64];

#define F(col) (fks_column_format(tbl, &t, (col), buf, sizeof buf), buf)
	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath("fixtures/scn-fork"),
					    &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT, 0, &tbl), 0);
	t = *fks_table_find(tbl, 12841);
	t.known |= FKS_K_SCHED | FKS_K_WCHAN;
	/* elapsed: uptime ticks less the start, cut to seconds */
	t.start_ticks = 416177 - 5900 - 50;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_ETIME), "00:59");
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_ETIMES), "59");
	t.start_ticks = 416177 - 366100;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_ETIME), "01:01:01");
	t.start_ticks = 416177 + 500;	/* after the uptime read: 0 */
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_ETIME), "00:00");
	/* pcpu over 100 s: tenths cut, whole per cents past 99.9 */
	t.start_ticks = 416177 - 10000;
	t.utime = 50;
	t.stime = 0;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_PCPU), "0.5");
	t.utime = 19;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_PCPU), "0.1");
	t.utime = 15000;
	t.stime = 5050;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_PCPU), "200");
	CU_ASSERT_EQUAL(fks_column_value(tbl, &t, FKS_COL_PCPU, &v),
			FKS_VAL_REAL);
	CU_ASSERT_DOUBLE_EQUAL(v.r, 200.5, 1e-9);
	CU_ASSERT_EQUAL(fks_column_value(tbl, &t, FKS_COL_TIME, &v),
			FKS_VAL_REAL);
	CU_ASSERT_DOUBLE_EQUAL(v.r, 200.5, 1e-9);
	/* scheduling: nice only for OTHER and BATCH, rtprio not for OTHER */
	t.policy = 1;
	t.rt_priority = 50;
	t.priority = -51;
	t.nice = 0;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_NI), "-");
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_RTPRIO), "50");
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_PRI), "90");
	CU_ASSERT_EQUAL(fks_column_value(tbl, &t, FKS_COL_NI, &v),
			FKS_VAL_NONE);
	t.policy = 3;
	t.nice = 7;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_NI), "7");
	t.policy = 0;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_RTPRIO), "-");
	t.vsize = 3133440;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_VSZ), "3060");
	CU_ASSERT_EQUAL(fks_column_value(tbl, &t, FKS_COL_VSZ, &v),
			FKS_VAL_INT);
	CU_ASSERT_EQUAL(v.i, 3133440);
	/* wchan: 0 is "-", leading underscores go, no file is "?" */
	t.wchan = "__x64_sys_pause";
	t.wchan_len = strlen(t.wchan);
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_WCHAN), "x64_sys_pause");
	t.wchan = "0";
	t.wchan_len = 1;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_WCHAN), "-");
	t.known &= ~(unsigned)FKS_K_WCHAN;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_WCHAN), "?");
	/* lstart: ctime's text; the snapshot has no meminfo: no %MEM */
	t.start_ticks = 0;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_LSTART), "Sun Nov 29 07:12:22 2026");
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_PMEM), "-");
	/* rss: status's VmRSS (KiB), else stat's pages (4 KiB here) */
	t.rss_pages = 10;
	t.vm_rss = 44;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_RSS), "40");
	t.known |= FKS_K_VMRSS;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_RSS), "44");
	CU_ASSERT_EQUAL(fks_column_value(tbl, &t, FKS_COL_RSS, &v),
			FKS_VAL_INT);
	CU_ASSERT_EQUAL(v.i, 44 * 1024);
	t.known &= ~(unsigned)FKS_K_VMRSS;
	CU_ASSERT_EQUAL(fks_column_value(tbl, &t, FKS_COL_RSS, &v),
			FKS_VAL_INT);
	CU_ASSERT_EQUAL(v.i, 40 * 1024);
	/* without the sched fields read: unknown */
	t.known &= ~(unsigned)FKS_K_SCHED;
	CU_ASSERT_STRING_EQUAL(F(FKS_COL_PSR), "-");
	CU_ASSERT_STRING_EQUAL(fks_column_header("euser"), "EUSER");
	CU_ASSERT_STRING_EQUAL(fks_column_header("%cpu"), "%CPU");
	CU_ASSERT_STRING_EQUAL(fks_column_header("pid"), "PID");
	CU_ASSERT_PTR_NULL(fks_column_header("nosuch"));
#undef F
	free_table_and_root(tbl);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("columns", NULL, NULL);
	ADD_TEST(s, test_table_shape);
	ADD_TEST(s, test_tty_names);
	ADD_TEST(s, test_values);
	ADD_TEST(s, test_modifiers_and_times);
	ADD_TEST(s, test_huge_values);
	ADD_TEST(s, test_ps_columns);
	return run_suites();
}
