/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * columns.c - the column table and the formatting of one value.
 *
 * One const array, indexed by enum fks_column with designated initializers,
 * describes every column; aliases are rows of their own table pointing at
 * a column (OpenBSD ps keyword.c).  A unit test checks that every row's id
 * is its index and that no name is used twice.  What a value looks like is
 * decided here once, so every command prints the same STAT or START.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <linux/major.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/table.h"
#include "model/task.h"
#include "parse/cgroup.h"
#include "source/root.h"
#include "source/users.h"

#define F_STAT FKS_F_STAT
#define F_OWN FKS_F_OWNER
#define F_CG FKS_F_CGROUP
#define F_SCH (FKS_F_STAT | FKS_F_SCHED)
#define F_STS FKS_F_STATUS
#define F_RSS (FKS_F_STAT | FKS_F_VMRSS)
#define F_LCK (FKS_F_STAT | FKS_F_VMLCK)
#define F_VSZ (FKS_F_STAT | FKS_F_VSIZE)

static const struct fks_column_info columns[FKS_COL_COUNT] = {
	[FKS_COL_PID] = { FKS_COL_PID, "pid", "PID", 7, false, F_STAT },
	[FKS_COL_PPID] = { FKS_COL_PPID, "ppid", "PPID", 7, false, F_STAT },
	[FKS_COL_TGID] = { FKS_COL_TGID, "tgid", "TGID", 7, false, F_STAT },
	[FKS_COL_TID] = { FKS_COL_TID, "tid", "TID", 7, false, F_STAT },
	[FKS_COL_USER] = { FKS_COL_USER, "user", "USER", 8, true, F_OWN },
	[FKS_COL_UID] = { FKS_COL_UID, "uid", "UID", 5, false, F_OWN },
	[FKS_COL_STAT] = { FKS_COL_STAT, "stat", "STAT", 4, true, F_LCK },
	[FKS_COL_STATE] = { FKS_COL_STATE, "state", "S", 1, true, F_STAT },
	[FKS_COL_START] = { FKS_COL_START, "start_time", "START", 5, false,
			    F_STAT },
	[FKS_COL_TIME] = { FKS_COL_TIME, "time", "TIME", 8, false, F_STAT },
	[FKS_COL_NLWP] = { FKS_COL_NLWP, "nlwp", "NLWP", 4, false, F_STAT },
	[FKS_COL_PGID] = { FKS_COL_PGID, "pgid", "PGID", 7, false, F_STAT },
	[FKS_COL_SID] = { FKS_COL_SID, "sid", "SID", 7, false, F_STAT },
	[FKS_COL_TTY] = { FKS_COL_TTY, "tty", "TT", 8, true, F_STAT },
	[FKS_COL_RSS] = { FKS_COL_RSS, "rss", "RSS", 6, false, F_RSS },
	[FKS_COL_TRACER] = { FKS_COL_TRACER, "tracer", "TRACER", 6, false,
			     FKS_F_STATUS },
	[FKS_COL_COMM] = { FKS_COL_COMM, "comm", "COMMAND", 0, true, F_STAT },
	[FKS_COL_ARGS] = { FKS_COL_ARGS, "args", "COMMAND", 0, true,
			   F_STAT | FKS_F_CMDLINE },
	[FKS_COL_PIDNS] = { FKS_COL_PIDNS, "pidns", "PIDNS", 10, false,
			    FKS_F_PIDNS },
	[FKS_COL_NSPID] = { FKS_COL_NSPID, "nspid", "NSPID", 7, false,
			    FKS_F_STATUS },
	[FKS_COL_CGROUP] = { FKS_COL_CGROUP, "cgroup", "CGROUP", 6, true,
			     F_CG },
	[FKS_COL_UNIT] = { FKS_COL_UNIT, "unit", "UNIT", 4, true, F_CG },
	[FKS_COL_SLICE] = { FKS_COL_SLICE, "slice", "SLICE", 5, true, F_CG },
	[FKS_COL_UUNIT] = { FKS_COL_UUNIT, "uunit", "UUNIT", 5, true, F_CG },
	[FKS_COL_CONTAINER] = { FKS_COL_CONTAINER, "container", "CONTAINER",
				9, true, F_CG },
	[FKS_COL_RUSER] = { FKS_COL_RUSER, "ruser", "RUSER", 8, true, F_STS },
	[FKS_COL_RUID] = { FKS_COL_RUID, "ruid", "RUID", 5, false, F_STS },
	[FKS_COL_GROUP] = { FKS_COL_GROUP, "group", "GROUP", 8, true, F_STS },
	[FKS_COL_GID] = { FKS_COL_GID, "gid", "GID", 5, false, F_STS },
	[FKS_COL_NI] = { FKS_COL_NI, "ni", "NI", 3, false, F_SCH },
	[FKS_COL_PRI] = { FKS_COL_PRI, "pri", "PRI", 3, false, F_SCH },
	[FKS_COL_RTPRIO] = { FKS_COL_RTPRIO, "rtprio", "RTPRIO", 6, false,
			     F_SCH },
	[FKS_COL_PSR] = { FKS_COL_PSR, "psr", "PSR", 3, false, F_SCH },
	[FKS_COL_PCPU] = { FKS_COL_PCPU, "pcpu", "%CPU", 4, false, F_STAT },
	[FKS_COL_PMEM] = { FKS_COL_PMEM, "pmem", "%MEM", 4, false, F_RSS },
	[FKS_COL_VSZ] = { FKS_COL_VSZ, "vsz", "VSZ", 6, false, F_VSZ },
	[FKS_COL_ETIME] = { FKS_COL_ETIME, "etime", "ELAPSED", 11, false,
			    F_STAT },
	[FKS_COL_ETIMES] = { FKS_COL_ETIMES, "etimes", "ELAPSED", 7, false,
			     F_STAT },
	[FKS_COL_LSTART] = { FKS_COL_LSTART, "lstart", "STARTED", 24, false,
			     F_STAT },
	[FKS_COL_WCHAN] = { FKS_COL_WCHAN, "wchan", "WCHAN", 6, true,
			    FKS_F_WCHAN },
	[FKS_COL_STARTED] = { FKS_COL_STARTED, "start", "STARTED", 8, false,
			      F_STAT },
};

/* procps's other names, each with the header ps prints for it */
static const struct {
	const char *name;
	enum fks_column col;
	const char *header;
} aliases[] = {
	{ "pgrp", FKS_COL_PGID, "PGRP" }, { "lwp", FKS_COL_TID, "LWP" },
	{ "spid", FKS_COL_TID, "SPID" }, { "cmd", FKS_COL_ARGS, "CMD" },
	{ "command", FKS_COL_ARGS, "COMMAND" },
	{ "ucomm", FKS_COL_COMM, "COMMAND" },
	{ "euid", FKS_COL_UID, "EUID" }, { "euser", FKS_COL_USER, "EUSER" },
	{ "s", FKS_COL_STATE, "S" }, { "cputime", FKS_COL_TIME, "TIME" },
	{ "rssize", FKS_COL_RSS, "RSS" }, { "rsz", FKS_COL_RSS, "RSZ" },
	{ "thcount", FKS_COL_NLWP, "THCNT" }, { "sess", FKS_COL_SID, "SESS" },
	{ "session", FKS_COL_SID, "SESS" }, { "tt", FKS_COL_TTY, "TT" },
	{ "tname", FKS_COL_TTY, "TTY" }, { "stime", FKS_COL_START, "STIME" },
	{ "%cpu", FKS_COL_PCPU, "%CPU" }, { "%mem", FKS_COL_PMEM, "%MEM" },
	{ "vsize", FKS_COL_VSZ, "VSZ" }, { "nice", FKS_COL_NI, "NI" },
	{ "egroup", FKS_COL_GROUP, "EGROUP" }, { "egid", FKS_COL_GID, "EGID" },
	{ "wname", FKS_COL_WCHAN, "WCHAN" },
};

const struct fks_column_info *
fks_column_info(enum fks_column col)
{
	return (unsigned)col < FKS_COL_COUNT ? &columns[col] : NULL;
}

int
fks_column_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < FKS_COL_COUNT; i++)
		if (strcmp(columns[i].name, name) == 0)
			return (int)i;
	for (i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(aliases[i].name, name) == 0)
			return (int)aliases[i].col;
	return -1;
}

const char *
fks_column_header(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(aliases[i].name, name) == 0)
			return aliases[i].header;
	i = (size_t)fks_column_lookup(name);
	return i < FKS_COL_COUNT ? columns[i].header : NULL;
}

/* ps's PRI (procps's pr_pri): 39 minus stat's priority, so that a larger
 * number runs sooner: 19 at nice 0, 139 at real-time priority 99. */
#define PS_PRI_TOP 39

/* The first minor of the serial ports on TTY_MAJOR: ttyS0 (the kernel's
 * Documentation/admin-guide/devices.txt); the virtual consoles are below. */
#define TTY_SERIAL_MINOR 64
/* Minors of one UNIX98 pty slave major in the old 8-bit numbering, where
 * the ptys from 256 on took the next majors (to 143). */
#define PTY_MINORS 256

void
fks_tty_name(int tty_nr, char *buf, size_t size)
{
	/* the kernel packs dev_t as minor[19:8] major[15:8] minor[7:0] */
	unsigned major = ((unsigned)tty_nr >> 8) & 0xfff;
	unsigned minor = ((unsigned)tty_nr & 0xff) |
			 (((unsigned)tty_nr >> 12) & 0xfff00);

	if (tty_nr == 0)
		snprintf(buf, size, "?");
	else if (major >= UNIX98_PTY_SLAVE_MAJOR &&
		 major < UNIX98_PTY_SLAVE_MAJOR + UNIX98_PTY_MAJOR_COUNT)
		snprintf(buf, size, "pts/%u",
			 (major - UNIX98_PTY_SLAVE_MAJOR) * PTY_MINORS + minor);
	else if (major == TTY_MAJOR && minor < TTY_SERIAL_MINOR)
		snprintf(buf, size, "tty%u", minor);
	else if (major == TTY_MAJOR)
		snprintf(buf, size, "ttyS%u", minor - TTY_SERIAL_MINOR);
	else
		snprintf(buf, size, "%u,%u", major, minor);
}

/* ps's STAT: the letter, then < or N, L (pages locked in memory: status's
 * VmLck; unknown without status, then left out), s, l and +. */
static void
format_stat(const struct fks_task *t, char *buf, size_t size)
{
	size_t n = 0;

	if (size < 8) {
		snprintf(buf, size, "%c", t->state_char);
		return;
	}
	buf[n++] = t->state_char;
	if (t->nice < 0)
		buf[n++] = '<';
	else if (t->nice > 0)
		buf[n++] = 'N';
	if ((t->known & FKS_K_VMLCK) && t->vm_lck > 0)
		buf[n++] = 'L';
	if (t->session == t->tgid)	/* a leader's threads too, as ps -L */
		buf[n++] = 's';
	if (t->nlwp > 1)
		buf[n++] = 'l';
	if (t->tty_nr != 0 && t->tpgid == t->pgrp)
		buf[n++] = '+';
	buf[n] = '\0';
}

/* ps's START: the time within a day, the date within a year, else the
 * year, judged from the data's own "now". */
static void
format_start(const struct fks_table *tbl, const struct fks_task *t,
	     char *buf, size_t size)
{
	long long start = fks_task_start_time(tbl, t);
	long long now = fks_root_now(tbl->root);
	struct tm tm;
	time_t when;

	if (start < 0) {
		snprintf(buf, size, "-");
		return;
	}
	when = (time_t)start;
	/* a year past what struct tm holds (a snapshot's absurd btime) */
	if (!localtime_r(&when, &tm)) {
		snprintf(buf, size, "-");
		return;
	}
	if (now - start < 24 * 3600)
		strftime(buf, size, "%H:%M", &tm);
	else if (now - start < 365 * 24 * 3600)
		strftime(buf, size, "%b%d", &tm);
	else
		strftime(buf, size, "%Y", &tm);
}

/*
 * The resident set in KiB, as ps takes it: status's VmRSS.  Where status
 * was not read (a snapshot without it, a file refused) stat's field 24
 * times the page size stands in: the same but for the per-CPU counts
 * recent kernels leave out of it.  False for a value past what a long
 * long holds (a snapshot's file may say anything).
 */
static bool
rss_kib(const struct fks_table *tbl, const struct fks_task *t,
	long long *kib)
{
	long long bytes;

	if (t->known & FKS_K_VMRSS) {
		if (t->vm_rss > LLONG_MAX / 1024)
			return false;
		*kib = (long long)t->vm_rss;
		return true;
	}
	if (!task_rss_bytes(t, fks_root_page_size(tbl->root), &bytes) ||
	    bytes < 0)
		return false;
	*kib = bytes / 1024;
	return true;
}

static void
format_rss(const struct fks_table *tbl, const struct fks_task *t, char *buf,
	   size_t size)
{
	long long kib;

	if (!rss_kib(tbl, t, &kib))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%lld", kib);
}

static void
format_time(const struct fks_table *tbl, const struct fks_task *t, char *buf,
	    size_t size)
{
	long tck = fks_root_clk_tck(tbl->root);
	unsigned long long s;

	if (!task_cpu_ticks(t, &s)) {
		snprintf(buf, size, "-");
		return;
	}
	s /= (unsigned long long)(tck > 0 ? tck : 100);
	if (s >= 86400)
		snprintf(buf, size, "%llu-%02llu:%02llu:%02llu", s / 86400,
			 s / 3600 % 24, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%02llu:%02llu:%02llu", s / 3600,
			 s / 60 % 60, s % 60);
}

/*
 * Seconds since the task started, as procps reckons them: the uptime in
 * whole ticks less the start ticks, over the clock rate, in a double
 * (0 for a start past the uptime).  False when the uptime is unknown.
 */
static bool
elapsed(const struct fks_table *tbl, const struct fks_task *t, double *secs)
{
	long tck = fks_root_clk_tck(tbl->root);
	unsigned long long up;

	if (root_boot_ticks(tbl->root, &up) < 0 || tck <= 0)
		return false;
	*secs = up > t->start_ticks ?
		(double)(up - t->start_ticks) / (double)tck : 0;
	return true;
}

/* ps's etime: [[DD-]HH:]MM:SS; etimes: the seconds. */
static void
format_etime(const struct fks_table *tbl, const struct fks_task *t,
	     bool secs_only, char *buf, size_t size)
{
	unsigned long long s;
	double e;

	if (!elapsed(tbl, t, &e)) {
		snprintf(buf, size, "-");
		return;
	}
	s = (unsigned long long)e;
	if (secs_only)
		snprintf(buf, size, "%llu", s);
	else if (s >= 86400)
		snprintf(buf, size, "%llu-%02llu:%02llu:%02llu", s / 86400,
			 s / 3600 % 24, s / 60 % 60, s % 60);
	else if (s >= 3600)
		snprintf(buf, size, "%02llu:%02llu:%02llu", s / 3600,
			 s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%02llu:%02llu", s / 60, s % 60);
}

/*
 * ps's %CPU in tenths of a per cent: CPU time over the time since the
 * start, cut (not rounded); a share of several CPUs passes 1000.
 */
static bool
pcpu_permille(const struct fks_table *tbl, const struct fks_task *t,
	      unsigned long long *pm)
{
	unsigned long long ticks, jiffies;
	double e;

	if (!elapsed(tbl, t, &e) || !task_cpu_ticks(t, &ticks) ||
	    ticks > ULLONG_MAX / 1000)
		return false;
	jiffies = (unsigned long long)(e * (double)fks_root_clk_tck(tbl->root));
	*pm = jiffies ? (unsigned)(ticks * 1000 / jiffies) : 0;
	return true;
}

/* ps's %CPU shown: NN.N, and past 99.9 the tenths dropped ("150"). */
static void
format_pcpu(const struct fks_table *tbl, const struct fks_task *t,
	    char *buf, size_t size)
{
	unsigned long long pm;

	if (!pcpu_permille(tbl, t, &pm))
		snprintf(buf, size, "-");
	else if (pm > 999)
		snprintf(buf, size, "%llu", pm / 10);
	else
		snprintf(buf, size, "%llu.%llu", pm / 10, pm % 10);
}

/* ps's %MEM in tenths: the resident set over MemTotal, cut, at most
 * 999; unknown for a snapshot taken without meminfo. */
static bool
pmem_permille(const struct fks_table *tbl, const struct fks_task *t,
	      unsigned long long *pm)
{
	unsigned long long total;
	long long kib;

	if (root_mem_kib(tbl->root, &total) < 0 || !rss_kib(tbl, t, &kib) ||
	    (unsigned long long)kib > ULLONG_MAX / 1000)
		return false;
	*pm = (unsigned long long)kib * 1000 / total;
	if (*pm > 999)
		*pm = 999;
	return true;
}

/* ps's start: HH:MM:SS within a day of the data's moment, else "Mon DD",
 * ctime(3)'s English month whatever the locale. */
static void
format_started(const struct fks_table *tbl, const struct fks_task *t,
	       char *buf, size_t size)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	long long start = fks_task_start_time(tbl, t);
	long long now = fks_root_now(tbl->root);
	struct tm tm;
	time_t when;

	when = (time_t)start;
	if (start < 0 || !localtime_r(&when, &tm) || tm.tm_mon < 0 ||
	    tm.tm_mon > 11) {
		snprintf(buf, size, "-");
		return;
	}
	if (now - start < 24 * 3600)
		snprintf(buf, size, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
			 tm.tm_sec);
	else
		snprintf(buf, size, "%.3s %02d", months + 3 * tm.tm_mon,
			 tm.tm_mday);
}

/* ps's lstart, ctime(3)'s text: English names whatever the locale. */
static void
format_lstart(const struct fks_table *tbl, const struct fks_task *t,
	      char *buf, size_t size)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	long long start = fks_task_start_time(tbl, t);
	struct tm tm;
	time_t when;

	when = (time_t)start;
	if (start < 0 || !localtime_r(&when, &tm) || tm.tm_wday < 0 ||
	    tm.tm_wday > 6 || tm.tm_mon < 0 || tm.tm_mon > 11) {
		snprintf(buf, size, "-");
		return;
	}
	snprintf(buf, size, "%.3s %.3s %2d %02d:%02d:%02d %d",
		 days + 3 * tm.tm_wday, months + 3 * tm.tm_mon, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

/* ps's wchan: "-" for "0" (running, or not the reader's to see), the
 * name without leading dots and underscores; "?" for no file. */
static void
format_wchan(const struct fks_task *t, char *buf, size_t size)
{
	const char *w = t->wchan;
	size_t n = t->wchan_len;

	if (!(t->known & FKS_K_WCHAN) || n == 0) {
		snprintf(buf, size, "?");
		return;
	}
	if (n == 1 && w[0] == '0') {
		snprintf(buf, size, "-");
		return;
	}
	if (*w == '.') {
		w++;
		n--;
	}
	for (; n > 0 && *w == '_'; w++)
		n--;
	snprintf(buf, size, "%.*s", (int)n, w);
}

/* A name from the data's machine, else the number. */
static void
format_name(const char *name, unsigned id, char *buf, size_t size)
{
	if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%u", id);
}

int
fks_task_place(const struct fks_task *t, struct fks_place *p)
{
	const char *path;
	size_t len;

	if (!(t->known & FKS_K_CGROUP))
		return -ENODATA;
	if (cg_main_path(t->cgroup, t->cgroup_len, &path, &len) < 0) {
		path = "";
		len = 0;
	}
	fks_place_from_path(path, len, p);
	return 0;
}

/* What the cgroup path says: ps's "-" for none, as for the unit of a
 * task in the root cgroup. */
static void
format_place(const struct fks_task *t, enum fks_column col, char *buf,
	     size_t size)
{
	struct fks_place p;
	const char *v;

	if (fks_task_place(t, &p) < 0) {
		snprintf(buf, size, "-");
		return;
	}
	if (col == FKS_COL_CONTAINER) {
		if (!p.runtime[0])
			snprintf(buf, size, "-");
		else	/* an id as docker ps shows it; a name whole */
			snprintf(buf, size, "%s:%.*s", p.runtime,
				 strlen(p.container) == 64 ? 12 :
				 FKS_PLACE_NAME_MAX, p.container);
		return;
	}
	v = col == FKS_COL_UNIT ? p.unit : col == FKS_COL_SLICE ? p.slice :
	    p.user_unit;
	snprintf(buf, size, "%s", v[0] ? v : "-");
}

/* Were the files col needs read for t? */
static bool
have_fields(const struct fks_task *t, enum fks_column col)
{
	unsigned need = columns[col].fields;

	return !(((need & FKS_F_STAT) && !(t->known & FKS_K_STAT)) ||
		 ((need & FKS_F_OWNER) && !(t->known & FKS_K_OWNER)) ||
		 ((need & FKS_F_STATUS) && !(t->known & FKS_K_STATUS)) ||
		 ((need & FKS_F_CGROUP) && !(t->known & FKS_K_CGROUP)) ||
		 ((need & FKS_F_PIDNS) && !(t->known & FKS_K_PIDNS)) ||
		 ((need & FKS_F_SCHED) && !(t->known & FKS_K_SCHED)) ||
		 ((need & FKS_F_VSIZE) && !(t->known & FKS_K_VSIZE)));
}

size_t
fks_column_format(const struct fks_table *tbl, const struct fks_task *t,
		  enum fks_column col, char *buf, size_t size)
{
	unsigned long long pm;
	const char *name;

	if (size == 0)
		return 0;
	if (col >= FKS_COL_COUNT || !have_fields(t, col)) {
		/* the ids need nothing read */
		if (col == FKS_COL_PID || col == FKS_COL_TID)
			snprintf(buf, size, "%d", (int)t->tid);
		else if (col == FKS_COL_TGID)
			snprintf(buf, size, "%d", (int)t->tgid);
		else
			snprintf(buf, size, "-");
		return strlen(buf);
	}
	switch (col) {
	case FKS_COL_PID:
	case FKS_COL_TID:
		snprintf(buf, size, "%d", (int)t->tid);
		break;
	case FKS_COL_PPID:
		snprintf(buf, size, "%d", (int)t->ppid);
		break;
	case FKS_COL_TGID:
		snprintf(buf, size, "%d", (int)t->tgid);
		break;
	case FKS_COL_USER:
		name = fks_root_user_name(tbl->root, t->euid);
		if (name)
			snprintf(buf, size, "%s", name);
		else
			snprintf(buf, size, "%u", (unsigned)t->euid);
		break;
	case FKS_COL_UID:
		snprintf(buf, size, "%u", (unsigned)t->euid);
		break;
	case FKS_COL_STAT:
		format_stat(t, buf, size);
		break;
	case FKS_COL_STATE:
		snprintf(buf, size, "%c", t->state_char);
		break;
	case FKS_COL_START:
		format_start(tbl, t, buf, size);
		break;
	case FKS_COL_STARTED:
		format_started(tbl, t, buf, size);
		break;
	case FKS_COL_TIME:
		format_time(tbl, t, buf, size);
		break;
	case FKS_COL_NLWP:
		snprintf(buf, size, "%d", t->nlwp);
		break;
	case FKS_COL_PGID:
		snprintf(buf, size, "%d", (int)t->pgrp);
		break;
	case FKS_COL_SID:
		snprintf(buf, size, "%d", (int)t->session);
		break;
	case FKS_COL_TTY:
		fks_tty_name(t->tty_nr, buf, size);
		break;
	case FKS_COL_RSS:
		format_rss(tbl, t, buf, size);
		break;
	case FKS_COL_TRACER:
		if (t->tracer)
			snprintf(buf, size, "%d", (int)t->tracer);
		else
			snprintf(buf, size, "-");
		break;
	case FKS_COL_COMM:
		snprintf(buf, size, "%.*s", (int)t->comm_len, t->comm);
		break;
	case FKS_COL_ARGS:
		/* NULs inside: copy bytes, the caller escapes them */
		if (t->cmdline_len + 1 <= size) {
			memcpy(buf, t->cmdline, t->cmdline_len);
			buf[t->cmdline_len] = '\0';
			return t->cmdline_len;
		}
		memcpy(buf, t->cmdline, size - 1);
		buf[size - 1] = '\0';
		return size - 1;
	case FKS_COL_PIDNS:
		snprintf(buf, size, "%llu", t->pidns);
		break;
	case FKS_COL_NSPID:
		if (t->nspid_len > 0)
			snprintf(buf, size, "%d",
				 (int)t->nspid[t->nspid_len - 1]);
		else
			snprintf(buf, size, "-");
		break;
	case FKS_COL_CGROUP:
		if (cg_ps_list(t->cgroup, t->cgroup_len, buf, size) == 0)
			snprintf(buf, size, "-");
		break;
	case FKS_COL_UNIT:
	case FKS_COL_SLICE:
	case FKS_COL_UUNIT:
	case FKS_COL_CONTAINER:
		format_place(t, col, buf, size);
		break;
	case FKS_COL_RUSER:
		format_name(fks_root_user_name(tbl->root, t->ruid),
			    (unsigned)t->ruid, buf, size);
		break;
	case FKS_COL_RUID:
		snprintf(buf, size, "%u", (unsigned)t->ruid);
		break;
	case FKS_COL_GROUP:
		format_name(root_group_name(tbl->root, t->egid),
			    (unsigned)t->egid, buf, size);
		break;
	case FKS_COL_GID:
		snprintf(buf, size, "%u", (unsigned)t->egid);
		break;
	case FKS_COL_NI:	/* nice counts in SCHED_OTHER and BATCH only */
		if (t->policy == SCHED_OTHER || t->policy == SCHED_BATCH)
			snprintf(buf, size, "%d", t->nice);
		else
			snprintf(buf, size, "-");
		break;
	case FKS_COL_PRI:
		snprintf(buf, size, "%d", PS_PRI_TOP - t->priority);
		break;
	case FKS_COL_RTPRIO:
		if (t->policy == SCHED_OTHER)
			snprintf(buf, size, "-");
		else
			snprintf(buf, size, "%u", t->rt_priority);
		break;
	case FKS_COL_PSR:
		snprintf(buf, size, "%d", t->processor);
		break;
	case FKS_COL_PCPU:
		format_pcpu(tbl, t, buf, size);
		break;
	case FKS_COL_PMEM:
		if (pmem_permille(tbl, t, &pm))
			snprintf(buf, size, "%llu.%llu", pm / 10, pm % 10);
		else
			snprintf(buf, size, "-");
		break;
	case FKS_COL_VSZ:
		snprintf(buf, size, "%llu", t->vsize / 1024);
		break;
	case FKS_COL_ETIME:
	case FKS_COL_ETIMES:
		format_etime(tbl, t, col == FKS_COL_ETIMES, buf, size);
		break;
	case FKS_COL_LSTART:
		format_lstart(tbl, t, buf, size);
		break;
	case FKS_COL_WCHAN:
		format_wchan(t, buf, size);
		break;
	case FKS_COL_COUNT:
		break;
	}
	return strlen(buf);
}

/* v as an integer; NONE for a value past what a long long holds. */
static enum fks_value_type
int_value(struct fks_value *v, unsigned long long u)
{
	if (u > LLONG_MAX)
		return v->type = FKS_VAL_NONE;
	v->i = (long long)u;
	return v->type = FKS_VAL_INT;
}

static enum fks_value_type
sint_value(struct fks_value *v, long long i)
{
	v->i = i;
	return v->type = FKS_VAL_INT;
}

static enum fks_value_type
real_value(struct fks_value *v, double r)
{
	v->r = r;
	return v->type = FKS_VAL_REAL;
}

enum fks_value_type
fks_column_value(const struct fks_table *tbl, const struct fks_task *t,
		 enum fks_column col, struct fks_value *v)
{
	unsigned long long u;
	long long ll;
	double e;

	v->type = FKS_VAL_NONE;
	v->i = 0;
	v->r = 0;
	if (col >= FKS_COL_COUNT)
		return FKS_VAL_NONE;
	if (col == FKS_COL_PID || col == FKS_COL_TID)	/* nothing read */
		return sint_value(v, t->tid);
	if (col == FKS_COL_TGID)
		return sint_value(v, t->tgid);
	if (!have_fields(t, col))
		return FKS_VAL_NONE;
	switch (col) {
	case FKS_COL_PPID: return sint_value(v, t->ppid);
	case FKS_COL_UID: return sint_value(v, t->euid);
	case FKS_COL_RUID: return sint_value(v, t->ruid);
	case FKS_COL_GID: return sint_value(v, t->egid);
	case FKS_COL_NLWP: return sint_value(v, t->nlwp);
	case FKS_COL_PGID: return sint_value(v, t->pgrp);
	case FKS_COL_SID: return sint_value(v, t->session);
	case FKS_COL_TRACER: return sint_value(v, t->tracer);
	case FKS_COL_PIDNS: return int_value(v, t->pidns);
	case FKS_COL_NSPID:
		if (t->nspid_len <= 0)
			return FKS_VAL_NONE;
		return sint_value(v, t->nspid[t->nspid_len - 1]);
	case FKS_COL_NI:
		if (t->policy != SCHED_OTHER && t->policy != SCHED_BATCH)
			return FKS_VAL_NONE;
		return sint_value(v, t->nice);
	case FKS_COL_PRI: return sint_value(v, PS_PRI_TOP - t->priority);
	case FKS_COL_RTPRIO:
		if (t->policy == SCHED_OTHER)
			return FKS_VAL_NONE;
		return sint_value(v, t->rt_priority);
	case FKS_COL_PSR: return sint_value(v, t->processor);
	case FKS_COL_RSS:
		if (!rss_kib(tbl, t, &ll) || ll > LLONG_MAX / 1024)
			return FKS_VAL_NONE;
		return sint_value(v, ll * 1024);
	case FKS_COL_VSZ: return int_value(v, t->vsize);
	case FKS_COL_START:
	case FKS_COL_STARTED:
	case FKS_COL_LSTART:
		ll = fks_task_start_time(tbl, t);
		return ll < 0 ? FKS_VAL_NONE : sint_value(v, ll);
	case FKS_COL_TIME:
		if (!task_cpu_ticks(t, &u) || fks_root_clk_tck(tbl->root) <= 0)
			return FKS_VAL_NONE;
		return real_value(v, (double)u /
				  (double)fks_root_clk_tck(tbl->root));
	case FKS_COL_ETIME:
	case FKS_COL_ETIMES:
		if (!elapsed(tbl, t, &e))
			return FKS_VAL_NONE;
		return int_value(v, (unsigned long long)e);
	case FKS_COL_PCPU:	/* procps's utilization, unrounded */
		if (!elapsed(tbl, t, &e) || !task_cpu_ticks(t, &u))
			return FKS_VAL_NONE;
		e *= (double)fks_root_clk_tck(tbl->root);
		return real_value(v, e > 0 ? (double)u * 100 / e : 0);
	case FKS_COL_PMEM:
		if (!rss_kib(tbl, t, &ll) || root_mem_kib(tbl->root, &u) < 0)
			return FKS_VAL_NONE;
		return real_value(v, (double)ll * 100 / (double)u);
	case FKS_COL_WCHAN:
		if (!(t->known & FKS_K_WCHAN))
			return FKS_VAL_NONE;
		return v->type = FKS_VAL_TEXT;
	case FKS_COL_UNIT:
	case FKS_COL_SLICE:
	case FKS_COL_UUNIT:
	case FKS_COL_CONTAINER:
	case FKS_COL_CGROUP:
	case FKS_COL_USER:
	case FKS_COL_RUSER:
	case FKS_COL_GROUP:
	case FKS_COL_STAT:
	case FKS_COL_STATE:
	case FKS_COL_TTY:
	case FKS_COL_COMM:
	case FKS_COL_ARGS:
		return v->type = FKS_VAL_TEXT;
	default:
		return FKS_VAL_NONE;
	}
}
