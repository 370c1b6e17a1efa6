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
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cgroup.h"
#include "internal.h"

#define F_STAT FKS_F_STAT
#define F_OWN FKS_F_OWNER
#define F_CG FKS_F_CGROUP

static const struct fks_column_info columns[FKS_COL_COUNT] = {
	[FKS_COL_PID] = { FKS_COL_PID, "pid", "PID", 7, false, F_STAT },
	[FKS_COL_PPID] = { FKS_COL_PPID, "ppid", "PPID", 7, false, F_STAT },
	[FKS_COL_TGID] = { FKS_COL_TGID, "tgid", "TGID", 7, false, F_STAT },
	[FKS_COL_TID] = { FKS_COL_TID, "tid", "TID", 7, false, F_STAT },
	[FKS_COL_USER] = { FKS_COL_USER, "user", "USER", 8, true, F_OWN },
	[FKS_COL_UID] = { FKS_COL_UID, "uid", "UID", 5, false, F_OWN },
	[FKS_COL_STAT] = { FKS_COL_STAT, "stat", "STAT", 4, true, F_STAT },
	[FKS_COL_STATE] = { FKS_COL_STATE, "state", "S", 1, true, F_STAT },
	[FKS_COL_START] = { FKS_COL_START, "start", "START", 5, false,
			    F_STAT },
	[FKS_COL_TIME] = { FKS_COL_TIME, "time", "TIME", 8, false, F_STAT },
	[FKS_COL_NLWP] = { FKS_COL_NLWP, "nlwp", "NLWP", 4, false, F_STAT },
	[FKS_COL_PGID] = { FKS_COL_PGID, "pgid", "PGID", 7, false, F_STAT },
	[FKS_COL_SID] = { FKS_COL_SID, "sid", "SID", 7, false, F_STAT },
	[FKS_COL_TTY] = { FKS_COL_TTY, "tty", "TT", 8, true, F_STAT },
	[FKS_COL_RSS] = { FKS_COL_RSS, "rss", "RSS", 6, false, F_STAT },
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
};

static const struct { const char *name; enum fks_column col; } aliases[] = {
	{ "pgrp", FKS_COL_PGID }, { "lwp", FKS_COL_TID },
	{ "spid", FKS_COL_TID }, { "cmd", FKS_COL_ARGS },
	{ "command", FKS_COL_ARGS }, { "ucomm", FKS_COL_COMM },
	{ "euid", FKS_COL_UID }, { "euser", FKS_COL_USER },
	{ "s", FKS_COL_STATE }, { "cputime", FKS_COL_TIME },
	{ "rssize", FKS_COL_RSS }, { "rsz", FKS_COL_RSS },
	{ "thcount", FKS_COL_NLWP }, { "sess", FKS_COL_SID },
	{ "session", FKS_COL_SID }, { "tt", FKS_COL_TTY },
	{ "tname", FKS_COL_TTY }, { "stime", FKS_COL_START },
	{ "start_time", FKS_COL_START },
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

void
fks_tty_name(int tty_nr, char *buf, size_t size)
{
	/* the kernel packs dev_t as minor[19:8] major[15:8] minor[7:0] */
	unsigned major = ((unsigned)tty_nr >> 8) & 0xfff;
	unsigned minor = ((unsigned)tty_nr & 0xff) |
			 (((unsigned)tty_nr >> 12) & 0xfff00);

	if (tty_nr == 0)
		snprintf(buf, size, "?");
	else if (major >= 136 && major <= 143)	/* UNIX98 ptys */
		snprintf(buf, size, "pts/%u", (major - 136) * 256 + minor);
	else if (major == 4 && minor < 64)
		snprintf(buf, size, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, size, "ttyS%u", minor - 64);
	else
		snprintf(buf, size, "%u,%u", major, minor);
}

/* ps's STAT: the letter, then < or N, s, l and +. */
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
	if (t->session == t->tid && !t->is_thread)
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

/* RSS in KiB: pages (stat) times the page size (a snapshot's manifest),
 * both from files; a product past what a long long holds is unknown. */
static void
format_rss(const struct fks_table *tbl, const struct fks_task *t, char *buf,
	   size_t size)
{
	long long bytes;

	if (!task_rss_bytes(t, fks_root_page_size(tbl->root), &bytes))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%lld", bytes / 1024);
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

int
fks_task_place(const struct fks_task *t, struct fks_place *p)
{
	struct cg_place cg;
	const char *path;
	size_t len;

	if (!(t->known & FKS_K_CGROUP))
		return -ENODATA;
	if (cg_main_path(t->cgroup, t->cgroup_len, &path, &len) < 0) {
		path = "";
		len = 0;
	}
	cg_place(path, len, &cg);
	memcpy(p->unit, cg.unit, sizeof p->unit);
	memcpy(p->slice, cg.slice, sizeof p->slice);
	memcpy(p->user_unit, cg.user_unit, sizeof p->user_unit);
	p->runtime = cg_runtime_name(cg.runtime);
	memcpy(p->container, cg.container, sizeof p->container);
	memcpy(p->pod, cg.pod, sizeof p->pod);
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

size_t
fks_column_format(const struct fks_table *tbl, const struct fks_task *t,
		  enum fks_column col, char *buf, size_t size)
{
	const char *name;
	unsigned need;

	if (size == 0)
		return 0;
	need = col < FKS_COL_COUNT ? columns[col].fields : 0;
	if (col >= FKS_COL_COUNT ||
	    ((need & FKS_F_STAT) && !(t->known & FKS_K_STAT)) ||
	    ((need & FKS_F_OWNER) && !(t->known & FKS_K_OWNER)) ||
	    ((need & FKS_F_STATUS) && !(t->known & FKS_K_STATUS)) ||
	    ((need & FKS_F_CGROUP) && !(t->known & FKS_K_CGROUP)) ||
	    ((need & FKS_F_PIDNS) && !(t->known & FKS_K_PIDNS))) {
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
	case FKS_COL_COUNT:
		break;
	}
	return strlen(buf);
}
