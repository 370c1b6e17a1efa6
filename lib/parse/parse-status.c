/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * parse-status.c - the parser of /proc/PID/status text, and of statm's
 * resident count.  Pure: a buffer in, a task's status fields out; no I/O.
 *
 * status is "Key:\tvalue" lines.  Only the keys forkscope uses are read;
 * the rest (and keys a future kernel adds) are skipped.  The Name: line is
 * never used: the kernel escapes it, so comm comes from stat instead.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "forkscope.h"
#include "parse/parse.h"

/* A decimal number at *p after spaces/tabs; advances *p.  -EINVAL if none
 * or it overflows max. */
static int
dec(const char **p, const char *end, unsigned long long max,
    unsigned long long *v)
{
	const char *s = *p;
	unsigned long long n = 0;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s == end || *s < '0' || *s > '9')
		return -EINVAL;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (n > (max - (unsigned)(*s - '0')) / 10)
			return -EINVAL;
		n = n * 10 + (unsigned)(*s - '0');
	}
	*p = s;
	*v = n;
	return 0;
}

/* A 64-bit hex mask (SigBlk and friends: exactly 16 digits today). */
static int
hex64(const char *s, const char *end, uint64_t *v)
{
	uint64_t n = 0;
	int digits = 0, d;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	for (; s < end && *s != '\n'; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (++digits > 16)
			return -EINVAL;
		n = n << 4 | (uint64_t)d;
	}
	if (!digits)
		return -EINVAL;
	*v = n;
	return 0;
}

/* Does the line at s start with key (which includes the ':')? */
static bool
is_key(const char *s, const char *end, const char *key, size_t klen)
{
	return (size_t)(end - s) >= klen && memcmp(s, key, klen) == 0;
}
#define KEY(s, end, k) is_key((s), (end), k, sizeof k - 1)

int
fks_parse_status(const char *buf, size_t len, struct fks_task *t,
		 const char **why)
{
	const char *s = buf, *end = buf + len, *eol, *p;
	unsigned long long v, ids[2];
	bool have_uid = false;
	unsigned mem = 0;
	int i;

	t->vm_rss = t->vm_lck = 0;

	for (; s < end; s = eol + 1) {
		eol = memchr(s, '\n', (size_t)(end - s));
		if (!eol)
			eol = end;
		if (KEY(s, eol, "TracerPid:")) {
			p = s + 10;
			if (dec(&p, eol, INT_MAX, &v) < 0)
				goto bad;
			t->tracer = (pid_t)v;
		} else if (KEY(s, eol, "Uid:") || KEY(s, eol, "Gid:")) {
			p = s + 4;
			for (i = 0; i < 2; i++)
				if (dec(&p, eol, UINT_MAX - 1, &ids[i]) < 0)
					goto bad;
			if (s[0] == 'U') {
				t->ruid = (uid_t)ids[0];
				t->euid = (uid_t)ids[1];
				have_uid = true;
			} else {
				t->rgid = (gid_t)ids[0];
				t->egid = (gid_t)ids[1];
			}
		} else if (KEY(s, eol, "NSpid:")) {
			p = s + 6;
			t->nspid_len = 0;
			while (dec(&p, eol, INT_MAX, &v) == 0)
				if (t->nspid_len < FKS_NSPID_MAX)
					t->nspid[t->nspid_len++] = (pid_t)v;
		} else if (KEY(s, eol, "VmRSS:") || KEY(s, eol, "VmLck:")) {
			p = s + 6;	/* "N kB" */
			if (dec(&p, eol, ULLONG_MAX, &v) < 0)
				goto bad;
			if (s[2] == 'R') {
				t->vm_rss = v;
				mem |= FKS_K_VMRSS;
			} else {
				t->vm_lck = v;
				mem |= FKS_K_VMLCK;
			}
		} else if (KEY(s, eol, "SigBlk:")) {
			if (hex64(s + 7, eol, &t->sig_blk) < 0)
				goto bad;
		} else if (KEY(s, eol, "SigIgn:")) {
			if (hex64(s + 7, eol, &t->sig_ign) < 0)
				goto bad;
		} else if (KEY(s, eol, "SigCgt:")) {
			if (hex64(s + 7, eol, &t->sig_cgt) < 0)
				goto bad;
		}
		if (eol == end)
			break;
	}
	if (!have_uid) {
		*why = "no Uid: line";
		return -EINVAL;
	}
	/* no Vm lines: no memory map (a kernel thread, a zombie), where
	 * ps shows 0, as stat's fields then say too: left unknown, so a
	 * hand-made snapshot's status without them falls back to stat */
	t->known = (t->known & ~(unsigned)(FKS_K_VMRSS | FKS_K_VMLCK)) |
		   FKS_K_STATUS | FKS_K_OWNER | FKS_K_RUID | mem;
	return 0;
bad:
	*why = "a malformed line";
	return -EINVAL;
}

int
statm_resident(const char *buf, size_t len, unsigned long long *pages)
{
	const char *p = buf, *end = buf + len;
	unsigned long long size;

	if (dec(&p, end, ULLONG_MAX, &size) < 0 || p == end || *p != ' ')
		return -EINVAL;
	return dec(&p, end, ULLONG_MAX, pages);
}
