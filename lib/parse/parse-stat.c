/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * parse-stat.c - the parser of /proc/PID/stat text.  Pure: a buffer in, a
 * task's stat fields out; no I/O, so it is unit-tested and fuzzed directly.
 *
 * The comm field is the trap: the kernel prints it raw between "(" and
 * ")", and it may itself hold ")", spaces, newlines or any other byte.  The
 * only safe split is at the LAST ")" of the text; everything after it is
 * space-separated numbers (and the state letter).
 *
 * The exit code (field 52) is printed only to a reader that may ptrace the
 * task (PTRACE_MODE_READ_FSCREDS); anyone else reads 0.  The same check
 * hides start_code and end_code (fields 26, 27): the kernel prints 1 for
 * both when the task has a memory map, a value no real map has, so the
 * text itself shows that field 52 was hidden.  A task without a memory
 * map (a zombie) prints 0 there either way: only the kernel can tell,
 * and read.c asks it (stat_exit_code_hidden).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "parse/parse.h"

/* stat field numbers (proc(5)), counted from 1 like the man page. */
enum {
	F_STATE = 3, F_PPID, F_PGRP, F_SESSION, F_TTY, F_TPGID, F_FLAGS,
	F_UTIME = 14, F_STIME, F_PRIORITY = 18, F_NICE, F_THREADS,
	F_START = 22, F_VSIZE, F_RSS, F_START_CODE = 26, F_END_CODE,
	F_PROCESSOR = 39, F_RT_PRIORITY, F_POLICY, F_ARG_START = 48,
	F_ARG_END, F_EXIT_CODE = 52,
	F_REQUIRED = F_RSS	/* kernels since 2.6 print at least this */
};

/*
 * Parses one decimal field at *p (an optional '-', then digits) into a sign
 * and a magnitude, refusing overflow; advances *p past it and the space
 * after it.
 */
static int
field(const char **p, const char *end, bool *neg, unsigned long long *mag)
{
	const char *s = *p;
	unsigned long long n = 0;

	*neg = false;
	if (s < end && *s == '-') {
		*neg = true;
		s++;
	}
	if (s == end || *s < '0' || *s > '9')
		return -EINVAL;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (n > (ULLONG_MAX - (unsigned)(*s - '0')) / 10)
			return -EINVAL;
		n = n * 10 + (unsigned)(*s - '0');
	}
	if (s < end && *s != ' ' && *s != '\n')
		return -EINVAL;
	*mag = n;
	*p = s < end && *s == ' ' ? s + 1 : s;
	return 0;
}

/* The field as an int in [lo, hi]; false when it does not fit. */
static bool
as_int(bool neg, unsigned long long mag, int lo, int hi, int *out)
{
	long long v;

	if (mag > (unsigned long long)INT_MAX + 1)
		return false;
	v = neg ? -(long long)mag : (long long)mag;
	if (v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

enum fks_state
fks_state_from_char(char c)
{
	switch (c) {
	case 'R': return FKS_STATE_RUNNING;
	case 'S': return FKS_STATE_SLEEPING;
	case 'D': return FKS_STATE_DISK;
	case 'Z': return FKS_STATE_ZOMBIE;
	case 'T': return FKS_STATE_STOPPED;
	case 't': return FKS_STATE_TRACED;
	case 'X': case 'x': return FKS_STATE_DEAD;
	case 'I': return FKS_STATE_IDLE;
	case 'P': return FKS_STATE_PARKED;
	default: return FKS_STATE_UNKNOWN;
	}
}

int
fks_parse_stat(char *buf, size_t len, struct fks_task *t, const char **why)
{
	bool masked;

	return stat_parse(buf, len, t, why, &masked);
}

int
stat_parse(char *buf, size_t len, struct fks_task *t, const char **why,
	   bool *masked)
{
	const char *open, *close, *p, *end = buf + len;
	unsigned long long mag, start_code = 0, end_code = 0;
	bool neg, have_exit = false;
	int f, iv;

	open = memchr(buf, '(', len);
	close = NULL;
	for (p = end; p > buf; p--)
		if (p[-1] == ')') {
			close = p - 1;
			break;
		}
	if (!open || !close || close < open) {
		*why = "no \"(comm)\"";
		return -EINVAL;
	}
	/* After ") " comes the state letter, alone. */
	p = close + 1;
	if (end - p < 3 || p[0] != ' ' || p[2] != ' ') {
		*why = "no state after comm";
		return -EINVAL;
	}
	t->state_char = p[1];
	t->state = fks_state_from_char(p[1]);
	p += 3;
	for (f = F_PPID; f <= F_EXIT_CODE; f++) {
		if (p >= end || *p == '\n') {
			if (f > F_REQUIRED)
				break;
			*why = "too few fields";
			return -EINVAL;
		}
		if (field(&p, end, &neg, &mag) < 0) {
			*why = "a field is not a number or overflows";
			return -EINVAL;
		}
		/* Unsigned fields take no sign. */
		if (neg && (f == F_FLAGS || f == F_UTIME || f == F_STIME ||
			    f == F_START || f == F_RSS || f == F_ARG_START ||
			    f == F_VSIZE || f == F_RT_PRIORITY ||
			    f == F_POLICY ||
			    f == F_ARG_END || f == F_START_CODE ||
			    f == F_END_CODE))
			goto range;
		switch (f) {
		case F_PPID:
			if (!as_int(neg, mag, 0, INT_MAX, &iv))
				goto range;
			t->ppid = iv;
			break;
		case F_PGRP:
		case F_SESSION:
			if (!as_int(neg, mag, 0, INT_MAX, &iv))
				goto range;
			*(f == F_PGRP ? &t->pgrp : &t->session) = iv;
			break;
		case F_TPGID:
			if (!as_int(neg, mag, -1, INT_MAX, &iv))
				goto range;
			t->tpgid = iv;
			break;
		case F_TTY:
			if (!as_int(neg, mag, INT_MIN, INT_MAX, &t->tty_nr))
				goto range;
			break;
		case F_FLAGS:
			if (mag > UINT_MAX)
				goto range;
			t->flags = (unsigned)mag;
			t->kthread = (t->flags & 0x00200000u) != 0;
			break;
		case F_UTIME:
			t->utime = mag;
			break;
		case F_STIME:
			t->stime = mag;
			break;
		case F_NICE:
			if (!as_int(neg, mag, -20, 19, &t->nice))
				goto range;
			break;
		case F_THREADS:
			if (!as_int(neg, mag, 0, INT_MAX, &t->nlwp))
				goto range;
			break;
		case F_START:
			t->start_ticks = mag;
			break;
		case F_RSS:
			if (mag > LONG_MAX)
				goto range;
			t->rss_pages = (long)mag;
			break;
		case F_PRIORITY:
			if (!as_int(neg, mag, -1000, 1000, &t->priority))
				goto range;
			break;
		case F_VSIZE:
			t->vsize = mag;
			break;
		case F_PROCESSOR:
			if (!as_int(neg, mag, 0, INT_MAX, &t->processor))
				goto range;
			break;
		case F_RT_PRIORITY:
			if (mag > 1000)
				goto range;
			t->rt_priority = (unsigned)mag;
			break;
		case F_POLICY:
			if (mag > 1000)
				goto range;
			t->policy = (unsigned)mag;
			t->known |= FKS_K_SCHED | FKS_K_VSIZE;
			break;
		case F_START_CODE:
			start_code = mag;
			break;
		case F_END_CODE:
			end_code = mag;
			break;
		case F_ARG_START:
			t->arg_start = mag;
			break;
		case F_ARG_END:
			t->arg_end = mag;
			break;
		case F_EXIT_CODE:
			if (!as_int(neg, mag, INT_MIN, INT_MAX, &t->exit_code))
				goto range;
			have_exit = true;
			break;
		}
	}
	/* the kernel's mask for a reader it hides these fields from */
	*masked = start_code == 1 && end_code == 1;
	if (have_exit)
		t->known |= *masked ? FKS_K_EXIT_HIDDEN : FKS_K_EXIT_CODE;
	t->comm = open + 1;
	t->comm_len = (size_t)(close - open - 1);
	t->known |= FKS_K_STAT;
	return 0;
range:
	*why = "a field is out of range";
	return -EINVAL;
}
