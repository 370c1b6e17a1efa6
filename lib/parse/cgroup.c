/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroup.c - reading a place from a cgroup path (cg_place, and for the
 * library's users fks_place_from_path).  Pure: text in, names out; no
 * I/O.
 *
 * Units and slices follow systemd's rules, which ps's unit, uunit and
 * slice columns follow too (through libsystemd):
 *   - the slice is the last of the leading "*.slice" components, and
 *     "-.slice" (the root slice) when the path starts with none;
 *   - the unit is the first component after them, when it is a unit name
 *     and no slice;
 *   - when that unit is user@UID.service, the same two rules applied to
 *     the rest of the path give the user's unit.
 * Containers follow their managers' naming, innermost match last wins:
 *   docker        /system.slice/docker-ID.scope, or /docker/ID
 *   containerd    .../cri-containerd-ID.scope (Kubernetes, systemd driver)
 *   CRI-O         .../crio-ID.scope
 *   podman        .../libpod-ID.scope, or /libpod_parent/libpod-ID
 *   kubepods      /kubepods/[QOS/]podUID/ID (cgroupfs driver: the path
 *                 does not say which runtime made the container)
 *   lxc           /lxc.payload.NAME, or /lxc/NAME
 *   machine       /machine.slice/machine-NAME.scope (systemd-machined:
 *                 nspawn containers and virtual machines alike), or
 *                 /machine.slice/systemd-nspawn@NAME.service (machinectl
 *                 start)
 * IDs are 64 lowercase hex digits; conmon's scopes (libpod-conmon-ID,
 * crio-conmon-ID) and lxc's monitors are not the container and match
 * nothing.  A pod's UID comes from podUID or kubepods-*podUID.slice, where
 * the systemd driver writes its dashes as underscores.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "forkscope.h"
#include "parse/cgroup.h"

/* One component of a path: [s, s + n). */
struct comp {
	const char *s;
	size_t n;
};

/* The next component at or after *p, skipping slashes; false at the end. */
static bool
next_comp(const char **p, const char *end, struct comp *c)
{
	const char *s = *p;

	while (s < end && *s == '/')
		s++;
	if (s == end)
		return false;
	c->s = s;
	while (s < end && *s != '/')
		s++;
	c->n = (size_t)(s - c->s);
	*p = s;
	return true;
}

static bool
has_prefix(struct comp c, const char *pre)
{
	size_t n = strlen(pre);

	return c.n >= n && memcmp(c.s, pre, n) == 0;
}

static bool
has_suffix(struct comp c, const char *suf)
{
	size_t n = strlen(suf);

	return c.n >= n && memcmp(c.s + c.n - n, suf, n) == 0;
}

static bool
equals(struct comp c, const char *s)
{
	return c.n == strlen(s) && memcmp(c.s, s, c.n) == 0;
}

/* Copies c into a CG_NAME_MAX + 1 buffer, cut to fit (a live path's
 * components always fit; a snapshot's may not). */
static void
copy(char *dst, struct comp c)
{
	size_t n = c.n > CG_NAME_MAX ? CG_NAME_MAX : c.n;

	memcpy(dst, c.s, n);
	dst[n] = '\0';
}

/* systemd's unit types, the part after a unit name's last dot. */
static const char *const unit_types[] = {
	"service", "socket", "device", "mount", "automount", "swap",
	"target", "path", "timer", "slice", "scope",
};

/* A unit name: PREFIX[@INSTANCE].TYPE with systemd's characters, the
 * prefix not empty (the root slice "-.slice" is one, as systemd has it). */
static bool
is_unit(struct comp c)
{
	const char *dot = NULL;
	size_t i;

	if (c.n > CG_NAME_MAX)
		return false;
	for (i = 0; i < c.n; i++) {
		char ch = c.s[i];

		if (ch == '.')
			dot = c.s + i;
		else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			   (ch >= '0' && ch <= '9') || ch == ':' || ch == '-' ||
			   ch == '_' || ch == '\\' || ch == '@'))
			return false;
	}
	if (!dot || dot == c.s || c.s[0] == '@')
		return false;
	for (i = 0; i < sizeof unit_types / sizeof *unit_types; i++) {
		struct comp type = { dot + 1, (size_t)(c.s + c.n - dot - 1) };

		if (equals(type, unit_types[i]))
			return true;
	}
	return false;
}

static bool
is_slice(struct comp c)
{
	return is_unit(c) && has_suffix(c, ".slice");
}

/*
 * systemd's two rules from *p on: the last leading slice into slice (when
 * given), the unit after them into unit.  Leaves *p after the unit.
 */
static void
slice_and_unit(const char **p, const char *end, char *slice, char *unit)
{
	struct comp c;

	while (next_comp(p, end, &c)) {
		if (is_slice(c)) {
			if (slice)
				copy(slice, c);
			continue;
		}
		if (is_unit(c))
			copy(unit, c);
		return;
	}
}

/* 64 lowercase hex digits, the id docker and the CRIs give containers. */
static bool
is_id(struct comp c)
{
	size_t i;

	if (c.n != 64)
		return false;
	for (i = 0; i < c.n; i++)
		if (!((c.s[i] >= '0' && c.s[i] <= '9') ||
		      (c.s[i] >= 'a' && c.s[i] <= 'f')))
			return false;
	return true;
}

/* PREFIX + ID + SUFFIX: true with the id in *id. */
static bool
wrapped_id(struct comp c, const char *prefix, const char *suffix,
	   struct comp *id)
{
	size_t pn = strlen(prefix), sn = strlen(suffix);

	if (c.n < pn + sn || !has_prefix(c, prefix) || !has_suffix(c, suffix))
		return false;
	id->s = c.s + pn;
	id->n = c.n - pn - sn;
	return is_id(*id);
}

static void
set_container(struct cg_place *p, enum cg_runtime rt, struct comp id)
{
	p->runtime = rt;
	copy(p->container, id);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A machine's name with systemd's \xNN escapes undone. */
static void
unescape(char *dst, struct comp c)
{
	size_t i, n = 0;

	for (i = 0; i < c.n && n < CG_NAME_MAX; i++) {
		int hi, lo;

		if (c.s[i] == '\\' && i + 3 < c.n && c.s[i + 1] == 'x' &&
		    (hi = hexval(c.s[i + 2])) >= 0 &&
		    (lo = hexval(c.s[i + 3])) >= 0 && (hi || lo)) {
			dst[n++] = (char)(hi << 4 | lo);
			i += 3;
		} else {
			dst[n++] = c.s[i];
		}
	}
	dst[n] = '\0';
}

/* A pod's UID from podUID, turning the systemd driver's '_' into '-'. */
static void
set_pod(struct cg_place *p, const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (n > CG_NAME_MAX)
		n = CG_NAME_MAX;
	for (i = 0; i < n; i++)
		p->pod[i] = s[i] == '_' ? '-' : s[i];
	p->pod[n] = '\0';
}

/* The containers and pods named along the path; innermost last. */
static void
containers(const char *path, const char *end, struct cg_place *p)
{
	struct comp c, prev = { NULL, 0 }, id;
	const char *pos = path;
	bool in_kubepods = false;

	while (next_comp(&pos, end, &c)) {
		const char *pod;

		if (wrapped_id(c, "docker-", ".scope", &id))
			set_container(p, CG_RT_DOCKER, id);
		else if (wrapped_id(c, "cri-containerd-", ".scope", &id))
			set_container(p, CG_RT_CONTAINERD, id);
		else if (wrapped_id(c, "crio-", ".scope", &id))
			set_container(p, CG_RT_CRIO, id);
		else if (wrapped_id(c, "libpod-", ".scope", &id) ||
			 (equals(prev, "libpod_parent") &&
			  wrapped_id(c, "libpod-", "", &id)))
			set_container(p, CG_RT_PODMAN, id);
		else if (is_id(c) && equals(prev, "docker"))
			set_container(p, CG_RT_DOCKER, c);
		else if (is_id(c) && in_kubepods)
			set_container(p, CG_RT_KUBEPODS, c);
		else if (has_prefix(c, "lxc.payload.") && c.n > 12)
			set_container(p, CG_RT_LXC, (struct comp){ c.s + 12,
								 c.n - 12 });
		else if (equals(prev, "lxc") && prev.s == path + 1)
			set_container(p, CG_RT_LXC, c);
		else if (equals(prev, "machine.slice") &&
			   has_prefix(c, "machine-") && has_suffix(c, ".scope") &&
			   c.n > 14) {
			p->runtime = CG_RT_MACHINE;
			unescape(p->container,
				 (struct comp){ c.s + 8, c.n - 14 });
		} else if (equals(prev, "machine.slice") &&
			   has_prefix(c, "systemd-nspawn@") &&
			   has_suffix(c, ".service") && c.n > 23) {
			/* machinectl start: nspawn's template unit */
			p->runtime = CG_RT_MACHINE;
			unescape(p->container,
				 (struct comp){ c.s + 15, c.n - 23 });
		}

		if (equals(c, "kubepods") || has_prefix(c, "kubepods.") ||
		    has_prefix(c, "kubepods-"))
			in_kubepods = true;
		pod = has_prefix(c, "pod") ? c.s : memmem(c.s, c.n, "-pod", 4);
		if (in_kubepods && pod) {
			const char *uid = pod + (pod == c.s ? 3 : 4);
			size_t n = (size_t)(c.s + c.n - uid);

			if (has_suffix(c, ".slice") && n >= 6)
				n -= 6;
			set_pod(p, uid, n);
		}
		prev = c;
	}
}

int
cg_main_path(const char *buf, size_t len, const char **path, size_t *plen)
{
	const char *s = buf, *end = buf + len;
	const char *v1 = NULL, *v1end = NULL, *v2 = NULL, *v2end = NULL;

	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *c1;

		if (!eol)
			eol = end;
		c1 = memchr(s, ':', (size_t)(eol - s));
		if (c1 && (size_t)(eol - c1) >= 14 &&
		    memcmp(c1, ":name=systemd:", 14) == 0) {
			v1 = c1 + 14;
			v1end = eol;
		} else if ((size_t)(eol - s) >= 3 && memcmp(s, "0::", 3) == 0) {
			v2 = s + 3;
			v2end = eol;
		}
		s = eol + 1;
	}
	/* the unified path, unless it is the root while systemd's v1
	 * hierarchy holds the task elsewhere (a v1-only system) */
	if (v2 && v1 && v2end - v2 == 1 && *v2 == '/') {
		v2 = v1;
		v2end = v1end;
	}
	if (!v2 && v1) {
		v2 = v1;
		v2end = v1end;
	}
	if (!v2)
		return -ENOENT;
	/* a cgroup removed while the task is still in it (a zombie's,
	 * mostly) is still where it ran: the kernel marks it, systemd
	 * and ps read through the mark */
	if (v2end - v2 > 10 && memcmp(v2end - 10, " (deleted)", 10) == 0)
		v2end -= 10;
	*path = v2;
	*plen = (size_t)(v2end - v2);
	return 0;
}

void
cg_place(const char *path, size_t len, struct cg_place *p)
{
	const char *pos = path, *end;

	/* no name holds a NUL: a path ends at its first */
	end = path + strnlen(path, len);
	memset(p, 0, sizeof *p);
	strcpy(p->slice, "-.slice");
	slice_and_unit(&pos, end, p->slice, p->unit);
	if (p->unit[0] && strncmp(p->unit, "user@", 5) == 0 &&
	    has_suffix((struct comp){ p->unit, strlen(p->unit) }, ".service"))
		slice_and_unit(&pos, end, NULL, p->user_unit);
	containers(path, end, p);
}

int
ns_link_inode(const char *text, size_t len, const char *type,
	      unsigned long long *ino)
{
	size_t tn = strlen(type), i;
	unsigned long long v = 0;

	if (len < tn + 4 || memcmp(text, type, tn) != 0 ||
	    memcmp(text + tn, ":[", 2) != 0 || text[len - 1] != ']')
		return -EINVAL;
	for (i = tn + 2; i < len - 1; i++) {
		if (text[i] < '0' || text[i] > '9' ||
		    v > (~0ULL - (unsigned)(text[i] - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned)(text[i] - '0');
	}
	if (i == tn + 2)
		return -EINVAL;
	*ino = v;
	return 0;
}

size_t
cg_ps_list(const char *buf, size_t len, char *out, size_t cap)
{
	const char *s = buf, *end = buf + len;
	size_t n = 0;

	if (cap)
		out[0] = '\0';
	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		size_t ln, i;

		if (!eol)
			eol = end;
		ln = (size_t)(eol - s);
		/* "ID:CONTROLLERS:/" names the root: ps leaves it out */
		if (ln > 0 && !(ln >= 2 && s[ln - 1] == '/' && s[ln - 2] == ':')) {
			if (n > 0 && n + 1 < cap)
				out[n] = ',';
			if (n > 0)
				n++;
			for (i = 0; i < ln; i++, n++)
				if (n + 1 < cap)
					out[n] = s[i];
			if (cap)
				out[n + 1 < cap ? n : cap - 1] = '\0';
		}
		s = eol + 1;
	}
	return n;
}

const char *
cg_runtime_name(enum cg_runtime rt)
{
	static const char *const names[] = {
		[CG_RT_NONE] = "",
		[CG_RT_DOCKER] = "docker",
		[CG_RT_CONTAINERD] = "containerd",
		[CG_RT_CRIO] = "cri-o",
		[CG_RT_PODMAN] = "podman",
		[CG_RT_KUBEPODS] = "kubepods",
		[CG_RT_LXC] = "lxc",
		[CG_RT_MACHINE] = "machine",
	};

	return (unsigned)rt < sizeof names / sizeof *names ? names[rt] : "";
}

/* The public face of cg_place (forkscope.h). */
void
fks_place_from_path(const char *path, size_t len, struct fks_place *p)
{
	struct cg_place cg;

	cg_place(path, len, &cg);
	memcpy(p->unit, cg.unit, sizeof p->unit);
	memcpy(p->slice, cg.slice, sizeof p->slice);
	memcpy(p->user_unit, cg.user_unit, sizeof p->user_unit);
	p->runtime = cg_runtime_name(cg.runtime);
	memcpy(p->container, cg.container, sizeof p->container);
	memcpy(p->pod, cg.pod, sizeof p->pod);
}
