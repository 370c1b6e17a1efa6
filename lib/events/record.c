/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * record.c - the record format of forkwatch --record: one fks_event per
 * record, encoded and decoded over buffers (no I/O: wreplay.c reads and
 * writes the file), so the decoder is unit-tested and fuzzed.
 *
 * A record is: its body's length (4 bytes, little-endian), the body, and
 * the body's FNV-1a checksum (4 bytes).  The body is a list of unsigned
 * LEB128 numbers in a fixed order (signed ones zigzag-encoded), then the
 * comm and the cmdline as length-prefixed bytes, then fields appended
 * since (an exec's file name, the argument area's whole size, the task's
 * cgroup path and id).  A newer writer may append fields; a reader skips
 * what it does not know, and takes those missing from an older writer's
 * record as 0.  docs/RECORD.md has the whole layout.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "forkscope.h"

#define MAX_BODY (FKS_RECORD_MAX - 8)

static uint32_t
fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static unsigned char *
put_u(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static unsigned char *
put_s(unsigned char *p, int64_t v)
{
	return put_u(p, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static unsigned char *
put_bytes(unsigned char *p, const void *b, size_t n)
{
	p = put_u(p, n);
	if (n)
		memcpy(p, b, n);
	return p + n;
}

size_t
fks_record_encode(const struct fks_event *ev, unsigned char *buf)
{
	unsigned char *body = buf + 4, *p = body;
	size_t cmdlen = ev->cmdline ? ev->cmdline_len : 0;
	size_t pathlen = ev->path ? ev->path_len : 0;
	size_t cglen = ev->cgroup ? ev->cgroup_len : 0;

	if (cglen > FKS_PATH_MAX)
		cglen = FKS_PATH_MAX;
	if (cmdlen > FKS_CMDLINE_MAX)
		cmdlen = FKS_CMDLINE_MAX;
	if (pathlen > FKS_PATH_MAX)
		pathlen = FKS_PATH_MAX;
	p = put_u(p, (uint64_t)ev->type);
	p = put_u(p, ev->flags);
	p = put_u(p, ev->time_ns);
	p = put_u(p, ev->cpu);
	p = put_u(p, ev->seq);
	p = put_s(p, ev->pid);
	p = put_s(p, ev->tgid);
	p = put_s(p, ev->parent_pid);
	p = put_s(p, ev->parent_tgid);
	p = put_s(p, ev->exit_code);
	p = put_s(p, ev->exit_signal);
	p = put_u(p, ev->ruid);
	p = put_u(p, ev->euid);
	p = put_u(p, ev->rgid);
	p = put_u(p, ev->egid);
	p = put_s(p, ev->tracer_pid);
	p = put_s(p, ev->tracer_tgid);
	p = put_u(p, ev->lost);
	p = put_u(p, ev->start_ns);
	p = put_u(p, (unsigned char)ev->state);
	p = put_bytes(p, ev->comm, strnlen(ev->comm, sizeof ev->comm - 1));
	/* cmdline: 0 when unknown, else 1 + its length */
	p = put_u(p, ev->cmdline ? cmdlen + 1 : 0);
	if (cmdlen)
		memcpy(p, ev->cmdline, cmdlen);
	p += cmdlen;
	/* appended: the path as the cmdline (0: unknown), the whole size */
	p = put_u(p, ev->path ? pathlen + 1 : 0);
	if (pathlen)
		memcpy(p, ev->path, pathlen);
	p += pathlen;
	p = put_u(p, ev->cmdline_full);
	/* appended: the cgroup's path as the path, its id */
	p = put_u(p, ev->cgroup ? cglen + 1 : 0);
	if (cglen)
		memcpy(p, ev->cgroup, cglen);
	p += cglen;
	p = put_u(p, ev->cgroup_id);
	put32(buf, (uint32_t)(p - body));
	put32(p, fnv1a(body, (size_t)(p - body)));
	return (size_t)(p - buf) + 4;
}

/* A reader over the body that refuses to step past its end. */
struct cursor {
	const unsigned char *p, *end;
	const char *why;
};

static uint64_t
get_u(struct cursor *c)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (!c->why) {
		if (c->p >= c->end) {
			c->why = "a field runs past the end of its record";
			break;
		}
		if (shift > 63 || (shift == 63 && (*c->p & 0x7e))) {
			c->why = "a number is too large";
			break;
		}
		v |= (uint64_t)(*c->p & 0x7f) << shift;
		shift += 7;
		if (!(*c->p++ & 0x80))
			return v;
	}
	return 0;
}

static int64_t
get_s(struct cursor *c)
{
	uint64_t v = get_u(c);

	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* A value that must fit in a 32-bit field. */
static int32_t
get_s32(struct cursor *c)
{
	int64_t v = get_s(c);

	if (v < INT32_MIN || v > INT32_MAX) {
		c->why = c->why ? c->why : "a number is out of range";
		return 0;
	}
	return (int32_t)v;
}

static uint32_t
get_u32(struct cursor *c)
{
	uint64_t v = get_u(c);

	if (v > UINT32_MAX) {
		c->why = c->why ? c->why : "a number is out of range";
		return 0;
	}
	return (uint32_t)v;
}

ssize_t
fks_record_decode(const unsigned char *buf, size_t len,
		  struct fks_event *ev, const char **why)
{
	struct cursor c;
	uint64_t type, n, full;
	uint32_t blen;

	if (len < 4)
		return 0;
	blen = get32(buf);
	if (blen == 0 || blen > MAX_BODY) {
		*why = "impossible record length";
		return -EBADMSG;
	}
	if (len < (size_t)blen + 8)
		return 0;
	if (get32(buf + 4 + blen) != fnv1a(buf + 4, blen)) {
		*why = "checksum mismatch";
		return -EBADMSG;
	}
	c = (struct cursor){ buf + 4, buf + 4 + blen, NULL };
	memset(ev, 0, sizeof *ev);
	type = get_u(&c);
	if (!c.why && (type == FKS_EV_NONE || type >= FKS_EV_NTYPES))
		c.why = "unknown event type";
	ev->type = (enum fks_event_type)type;
	ev->flags = get_u32(&c);
	ev->time_ns = get_u(&c);
	ev->cpu = get_u32(&c);
	ev->seq = get_u32(&c);
	ev->pid = get_s32(&c);
	ev->tgid = get_s32(&c);
	ev->parent_pid = get_s32(&c);
	ev->parent_tgid = get_s32(&c);
	ev->exit_code = get_s32(&c);
	ev->exit_signal = get_s32(&c);
	ev->ruid = get_u32(&c);
	ev->euid = get_u32(&c);
	ev->rgid = get_u32(&c);
	ev->egid = get_u32(&c);
	ev->tracer_pid = get_s32(&c);
	ev->tracer_tgid = get_s32(&c);
	ev->lost = get_u(&c);
	ev->start_ns = get_u(&c);
	ev->state = (char)get_u32(&c);
	n = get_u(&c);
	if (!c.why && (n > sizeof ev->comm - 1 || n > (size_t)(c.end - c.p)))
		c.why = "the name is too long";
	if (!c.why) {
		memcpy(ev->comm, c.p, n);
		c.p += n;
	}
	n = get_u(&c);
	if (!c.why && n > 0) {
		n--;
		if (n > FKS_CMDLINE_MAX || n > (size_t)(c.end - c.p))
			c.why = "the command line runs past its record";
		else {
			ev->cmdline = (const char *)c.p;
			ev->cmdline_len = n;
			c.p += n;
		}
	}
	/* fields appended later: an older writer's record ends before */
	n = c.p < c.end ? get_u(&c) : 0;
	if (!c.why && n > 0) {
		n--;
		if (n > FKS_PATH_MAX || n > (size_t)(c.end - c.p))
			c.why = "the file name runs past its record";
		else {
			ev->path = (const char *)c.p;
			ev->path_len = n;
			c.p += n;
		}
	}
	full = c.p < c.end ? get_u(&c) : 0;
	if (full > SIZE_MAX && !c.why)
		c.why = "a number is out of range";
	ev->cmdline_full = (size_t)full;
	n = c.p < c.end ? get_u(&c) : 0;
	if (!c.why && n > 0) {
		n--;
		if (n > FKS_PATH_MAX || n > (size_t)(c.end - c.p))
			c.why = "the cgroup runs past its record";
		else {
			ev->cgroup = (const char *)c.p;
			ev->cgroup_len = n;
			c.p += n;
		}
	}
	ev->cgroup_id = c.p < c.end ? get_u(&c) : 0;
	/* bytes left over are fields of a newer writer: skipped */
	if (c.why) {
		*why = c.why;
		return -EBADMSG;
	}
	return (ssize_t)blen + 8;
}
