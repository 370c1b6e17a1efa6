/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forkwatch-print.c - forkwatch's three views of an event (a flat aligned
 * line, the same line indented under its parent, a JSON line) and the
 * summary.  Every name and command line goes through fks_escape() first.
 * It gets all it shows as arguments and calls nothing in forkwatch.c.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "common.h"
#include "jsonwrt.h"
#include "forkwatch-print.h"
#include "place.h"

#define MAX_DEPTH 64

/* ---- pieces ---- */

/* The names of the event types, shown and given to -e (event_name()). */
static const char *const type_names[] = {
	[FKS_EV_FORK] = "fork", [FKS_EV_CLONE] = "clone",
	[FKS_EV_EXEC] = "exec", [FKS_EV_EXIT] = "exit",
	[FKS_EV_UID] = "uid", [FKS_EV_GID] = "gid", [FKS_EV_SID] = "sid",
	[FKS_EV_PTRACE] = "ptrace", [FKS_EV_COMM] = "comm",
	[FKS_EV_COREDUMP] = "coredump", [FKS_EV_NAME] = "name",
	[FKS_EV_REPARENT] = "reparent", [FKS_EV_LOST] = "lost",
	[FKS_EV_TASK] = "task", [FKS_EV_RESYNC] = "resync",
};

const char *
event_name(enum fks_event_type type)
{
	if ((unsigned)type < sizeof type_names / sizeof type_names[0] &&
	    type_names[type])
		return type_names[type];
	return "?";
}

/* "812us", "3.25ms", "1.50s", "2m03s", "4h12m": a lifetime at a glance. */
static void
duration_text(uint64_t ns, char *buf, size_t size)
{
	if (ns < 1000000)
		snprintf(buf, size, "%lluus", (unsigned long long)ns / 1000);
	else if (ns < 1000000000)
		snprintf(buf, size, "%.2fms", (double)ns / 1e6);
	else if (ns < 60000000000ULL)
		snprintf(buf, size, "%.2fs", (double)ns / 1e9);
	else if (ns < 3600000000000ULL)
		snprintf(buf, size, "%llum%02llus",
			 (unsigned long long)(ns / 60000000000ULL),
			 (unsigned long long)(ns / 1000000000ULL % 60));
	else
		snprintf(buf, size, "%lluh%02llum",
			 (unsigned long long)(ns / 3600000000000ULL),
			 (unsigned long long)(ns / 60000000000ULL % 60));
}

/* The parent pid to show: the event's own where it has one. */
static pid_t
shown_ppid(const struct fks_watch_item *it)
{
	switch (it->ev.type) {
	case FKS_EV_FORK:
	case FKS_EV_EXIT:
	case FKS_EV_REPARENT:
	case FKS_EV_COREDUMP:
		/* the kernel names no parent for a task already released
		 * when its exit event is sent (every thread; a process its
		 * parent reaped first): the parent known before it is kept */
		if (it->ev.parent_tgid || !it->known)
			return it->ev.parent_tgid;
		return it->task.ppid;
	default:
		return it->known ? it->task.ppid : 0;
	}
}

/*
 * Whether the name shown for it was inherited, not read from the kernel
 * or /proc: at a fork, or from before an exec the process did not outlive
 * long enough to be read ("*" in the text views, "name_read":false).
 */
static bool
name_inherited(const struct fks_watch_item *it,
	       const struct fks_watch_item *name)
{
	return !name && it->known && it->task.flags & FKS_WT_INHERITED;
}

/* The task's name, escaped; "?" when the task was never known. */
static char *
task_name(const struct printer *p, const struct fks_watch_item *it,
	  const struct fks_watch_item *name)
{
	/* a task unknown to the watch (gone before its first read of /proc)
	 * is still named by an event that carries its name (BPF) */
	const char *comm = name ? name->ev.comm
			 : it->known ? it->task.comm
			 : it->ev.flags & FKS_EVF_NAMED ? it->ev.comm : "?";

	return xescape(comm, strlen(comm), p->esc, NULL);
}

/* Depth of a task in the growing tree: its known ancestors (watched ones
 * only when a filter follows a subtree). */
static int
depth_of(const struct printer *p, const struct fks_wtask *t)
{
	int depth = 0;

	while (t && t->ppid > 0 && depth < MAX_DEPTH) {
		t = fks_watch_find(p->w, t->ppid);
		if (!t || (p->filtered && !(t->marks & MARK_WATCHED)))
			break;
		depth++;
	}
	return depth;
}

/* The words after the name: what happened. */
static void
details(const struct printer *p, const struct fks_watch_item *it,
	const struct fks_watch_item *name, FILE *out)
{
	const struct fks_wtask *t = it->known ? &it->task : NULL;
	char buf[64], *e;

	switch (it->ev.type) {
	case FKS_EV_FORK:
		if (it->parent_known) {
			e = xescape(it->parent.comm,
				    strlen(it->parent.comm), p->esc, NULL);
			fprintf(out, "  from %s", e);
			free(e);
		}
		break;
	case FKS_EV_CLONE:
		fprintf(out, "  thread of %d", (int)it->ev.tgid);
		break;
	case FKS_EV_EXEC:
		if (name && name->ev.cmdline && name->ev.cmdline_len) {
			e = xescape(name->ev.cmdline, name->ev.cmdline_len,
				    p->esc | FKS_ESC_ARGV, NULL);
			fprintf(out, "  %s", e);
			free(e);
			/* the BPF source copies the first 4 KiB of it */
			if (name->ev.cmdline_full)
				fprintf(out, " ... (%zu bytes of arguments)",
					name->ev.cmdline_full);
		} else if (!name) {
			fputs("  (gone before its new name could be read)",
			      out);
		}
		break;
	case FKS_EV_EXIT:
		if (it->ev.flags & FKS_EVF_NOSTATUS)
			snprintf(buf, sizeof buf, "exited");
		else
			wait_status_text(it->ev.exit_code, buf, sizeof buf);
		fprintf(out, "  %s%s", t && t->flags & FKS_WT_THREAD ?
			"thread " : "", buf);
		if (it->lifetime_ns) {
			duration_text(it->lifetime_ns, buf, sizeof buf);
			fprintf(out, " after %s%s",
				t && t->flags & FKS_WT_EXACT_START ? "" : "~",
				buf);
		}
		if (it->orphans)
			fprintf(out, ", left %zu orphan%s", it->orphans,
				it->orphans == 1 ? "" : "s");
		break;
	case FKS_EV_COMM:
		fputs("  renamed", out);
		break;
	case FKS_EV_UID:
		fprintf(out, "  uid %u, euid %u", (unsigned)it->ev.ruid,
			(unsigned)it->ev.euid);
		break;
	case FKS_EV_GID:
		fprintf(out, "  gid %u, egid %u", (unsigned)it->ev.rgid,
			(unsigned)it->ev.egid);
		break;
	case FKS_EV_SID:
		fputs("  new session", out);
		break;
	case FKS_EV_PTRACE:
		if (it->ev.tracer_pid)
			fprintf(out, "  traced by %d", (int)it->ev.tracer_tgid);
		else
			fputs("  tracer detached", out);
		break;
	case FKS_EV_COREDUMP:
		fputs("  dumping core", out);
		break;
	case FKS_EV_REPARENT:
		if (t && t->flags & FKS_WT_ORPHANED)
			fprintf(out, "  orphan of %d, now under %d",
				(int)t->orphan_of, (int)it->ev.parent_tgid);
		break;
	case FKS_EV_LOST:
		fprintf(out, "  %llu events lost", it->ev.lost);
		break;
	default:
		break;
	}
}

/*
 * An event's wall time, ns since the epoch: the start's wall clock plus
 * the time since the start.  All three are a record's numbers, which may
 * say anything: false, and one warning, when the sum is past what a long
 * long holds or before 1970.
 */
static bool
wall_ns(struct printer *p, uint64_t t_ns, long long *out)
{
	long long since;

	if (p->real_known &&
	    !__builtin_sub_overflow(t_ns, p->start_mono, &since) &&
	    !__builtin_add_overflow(p->start_real, since, out) && *out >= 0)
		return true;
	if (!p->wall_warned)
		warnx("an event at %llu ns has no wall time (the watch started "
		      "at %llu ns, wall clock %s ns): times shown as unknown",
		      (unsigned long long)t_ns,
		      (unsigned long long)p->start_mono,
		      fks_watch_header(p->w, "start_realtime_ns") ?
		      fks_watch_header(p->w, "start_realtime_ns") : "unknown");
	p->wall_warned = true;
	return false;
}

static void
time_text(struct printer *p, uint64_t t_ns, char *buf, size_t size)
{
	long long real;
	time_t sec;
	struct tm tm;

	if (!wall_ns(p, t_ns, &real)) {
		snprintf(buf, size, "%-15s", "-");
		return;
	}
	sec = (time_t)(real / 1000000000LL);
	localtime_r(&sec, &tm);	/* never fails: year 2262 at most */
	snprintf(buf, size, "%02d:%02d:%02d.%06lld", tm.tm_hour, tm.tm_min,
		 tm.tm_sec, real % 1000000000LL / 1000);
}

/* The record's header (a live watch's is the library's own). */
static void
start_times(struct printer *p)
{
	const char *r = fks_watch_header(p->w, "start_realtime_ns");
	const char *m = fks_watch_header(p->w, "start_monotonic_ns");
	char *end;

	errno = 0;
	p->start_real = r ? strtoll(r, &end, 10) : 0;
	p->real_known = r && end != r && !*end && !errno;
	p->start_mono = m ? strtoull(m, NULL, 10) : 0;
}

/* ---- the views ---- */

static void
print_line(struct printer *p, const struct fks_watch_item *it,
	   const struct fks_watch_item *name)
{
	const struct fks_wtask *t = it->known ? &it->task : NULL;
	char when[32], *e;
	int depth = 0;

	if (!p->header_done)
		fprintf(p->out, "%-15s %10s  %-8s %7s %7s  %s\n", "TIME", "REL",
			"EVENT", "PID", "PPID", "TASK");
	time_text(p, it->ev.time_ns, when, sizeof when);
	fprintf(p->out, "%s %+10.6f  %-8s %7d %7d  ", when,
		((double)it->ev.time_ns - (double)p->start_mono) / 1e9,
		event_name(it->ev.type), (int)it->ev.pid,
		(int)shown_ppid(it));
	if (p->view == VIEW_TREE)
		depth = depth_of(p, t);
	fprintf(p->out, "%*s", depth * 2, "");
	if (it->ev.type != FKS_EV_LOST) {
		e = task_name(p, it, name);
		/* "*": a name not read from /proc (see forkwatch(1)) */
		fprintf(p->out, "%s%s", e, name_inherited(it, name) ? "*"
								       : "");
		free(e);
	}
	details(p, it, name, p->out);
	putc('\n', p->out);
}

/* The command line's arguments, each escaped, as an array of strings. */
static void
json_argv(struct jsonwrt *w, const char *s, size_t len)
{
	const char *end = s + len, *nul;
	char *e;

	jw_array_open(w, "cmdline", 0, NULL);
	while (s < end) {
		nul = memchr(s, '\0', (size_t)(end - s));
		if (!nul)
			nul = end;
		e = xescape(s, (size_t)(nul - s), FKS_ESC_UTF8, NULL);
		jw_string(w, NULL, e);
		free(e);
		s = nul + 1;
	}
	jw_close(w);
}

static void
json_exit(struct jsonwrt *w, const struct fks_watch_item *it)
{
	int st = it->ev.exit_code;
	char sig[32];

	if (it->ev.flags & FKS_EVF_NOSTATUS)
		return;
	jw_int(w, "wait_status", st);
	if (WIFEXITED(st)) {
		jw_int(w, "exit_code", WEXITSTATUS(st));
	} else if (WIFSIGNALED(st)) {
		jw_int(w, "signal", WTERMSIG(st));
		snprintf(sig, sizeof sig, "SIG%s", sigabbrev_np(WTERMSIG(st)) ?
			 sigabbrev_np(WTERMSIG(st)) : "?");
		jw_string(w, "signal_name", sig);
		jw_bool(w, "core_dumped", WCOREDUMP(st));
	}
}

/* A name as a JSON member, escaped. */
static void
json_name(struct jsonwrt *w, const char *key, const char *raw)
{
	char *e = xescape(raw, strlen(raw), FKS_ESC_UTF8, NULL);

	jw_string(w, key, e);
	free(e);
}

/*
 * Where the task was at the event: its cgroup path, the unit, slice and
 * container it names (null for none), all null when the cgroup is unknown
 * (not read, the task gone before it was, a record made without it).
 */
static void
json_place(struct jsonwrt *w, const struct fks_event *ev)
{
	char unit[FKS_PLACE_NAME_MAX * 4 + 8], container[sizeof unit], *e;
	struct fks_place p;

	if (!ev->cgroup) {
		jw_null(w, "cgroup");
		jw_null(w, "unit");
		jw_null(w, "slice");
		jw_null(w, "container");
		return;
	}
	/* a backslash kept, as reapcheck shows units: systemd's \x2d */
	e = xescape(ev->cgroup, ev->cgroup_len,
		    FKS_ESC_UTF8 | FKS_ESC_BACKSLASH, NULL);
	/* the root cgroup's path is "/", never "" */
	jw_string(w, "cgroup", e[0] ? e : "/");
	free(e);
	fks_place_from_path(ev->cgroup, ev->cgroup_len, &p);
	place_labels(&p, FKS_ESC_UTF8 | FKS_ESC_BACKSLASH, unit, container,
		     sizeof unit);
	if (unit[0])
		jw_string(w, "unit", unit);
	else
		jw_null(w, "unit");
	e = xescape(p.slice, strlen(p.slice),
		    FKS_ESC_UTF8 | FKS_ESC_BACKSLASH, NULL);
	if (e[0])
		jw_string(w, "slice", e);
	else
		jw_null(w, "slice");
	free(e);
	if (container[0])
		jw_string(w, "container", container);
	else
		jw_null(w, "container");
}

/* An event as one JSON object on a line of its own. */
static void
print_json(struct printer *p, const struct fks_watch_item *it,
	   const struct fks_watch_item *name)
{
	const struct fks_wtask *t = it->known ? &it->task : NULL;
	struct jsonwrt w;
	long long wall;

	jw_init(&w, p->out, JW_COMPACT);
	jw_object_open(&w, NULL, 0, NULL);
	jw_string(&w, "event", event_name(it->ev.type));
	jw_uint(&w, "time_ns", (unsigned long long)it->ev.time_ns);
	if (wall_ns(p, it->ev.time_ns, &wall))
		jw_int(&w, "wall_ns", wall);
	else
		jw_null(&w, "wall_ns");
	jw_int(&w, "pid", (int)it->ev.pid);
	jw_int(&w, "tgid", (int)(it->ev.tgid ? it->ev.tgid : it->ev.pid));
	jw_int(&w, "ppid", (int)shown_ppid(it));
	if (it->ev.flags & FKS_EVF_APPROX)
		jw_bool(&w, "approximate", true);
	if (t || name || it->ev.flags & FKS_EVF_NAMED) {
		json_name(&w, "comm",
			  name ? name->ev.comm : t ? t->comm : it->ev.comm);
		jw_bool(&w, "name_read", !name_inherited(it, name));
	}
	if (name && name->ev.cmdline)
		json_argv(&w, name->ev.cmdline, name->ev.cmdline_len);
	if (it->parent_known)
		json_name(&w, "parent_comm", it->parent.comm);
	if (t) {
		jw_uint(&w, "euid", (unsigned)t->euid);
		jw_bool(&w, "thread", t->flags & FKS_WT_THREAD);
	}
	/* with the pid, the task's identity: pids are reused */
	if (t && t->start_ns)
		jw_uint(&w, "start_ns", (unsigned long long)t->start_ns);
	if (it->ev.type != FKS_EV_LOST)
		json_place(&w, &it->ev);
	switch (it->ev.type) {
	case FKS_EV_EXEC:
		if (it->ev.path) {
			char *e = xescape(it->ev.path, it->ev.path_len,
					  FKS_ESC_UTF8, NULL);

			jw_string(&w, "filename", e);
			free(e);
		}
		if (name && name->ev.cmdline_full)
			jw_uint(&w, "cmdline_size", name->ev.cmdline_full);
		break;
	case FKS_EV_EXIT:
		json_exit(&w, it);
		/* the BPF source knows whether the thread group is gone */
		if (it->ev.flags & (FKS_EVF_GROUP_DEAD | FKS_EVF_THREADS_LEFT))
			jw_bool(&w, "group_dead",
				it->ev.flags & FKS_EVF_GROUP_DEAD);
		if (it->lifetime_ns) {
			jw_uint(&w, "lifetime_ns",
				(unsigned long long)it->lifetime_ns);
			jw_bool(&w, "lifetime_exact",
				t && t->flags & FKS_WT_EXACT_START);
		}
		jw_uint(&w, "orphans", it->orphans);
		break;
	case FKS_EV_UID:
		jw_uint(&w, "ruid", (unsigned)it->ev.ruid);
		jw_uint(&w, "new_euid", (unsigned)it->ev.euid);
		break;
	case FKS_EV_GID:
		jw_uint(&w, "rgid", (unsigned)it->ev.rgid);
		jw_uint(&w, "egid", (unsigned)it->ev.egid);
		break;
	case FKS_EV_PTRACE:
		jw_int(&w, "tracer", (int)it->ev.tracer_tgid);
		break;
	case FKS_EV_REPARENT:
		if (t && t->flags & FKS_WT_ORPHANED)
			jw_int(&w, "orphan_of", (int)t->orphan_of);
		break;
	case FKS_EV_LOST:
		jw_uint(&w, "lost", it->ev.lost);
		break;
	default:
		break;
	}
	jw_close(&w);
}

void
print_item(struct printer *p, const struct fks_watch_item *it,
	   const struct fks_watch_item *name)
{
	if (!p->header_done)
		start_times(p);
	if (p->view == VIEW_JSON)
		print_json(p, it, name);
	else
		print_line(p, it, name);
	p->header_done = true;
}

/* ---- the summary ---- */

/* Bounds of the lifetime histogram's bins, ns; the last bin is open. */
static const uint64_t bins[] = { 1000000ULL, 10000000ULL, 100000000ULL,
				 1000000000ULL, 10000000000ULL,
				 60000000000ULL, 600000000000ULL };
static const char *const bin_names[] = { "< 1ms", "< 10ms", "< 100ms",
					 "< 1s", "< 10s", "< 1min",
					 "< 10min", ">= 10min" };

/* Spreads pids over the table's slots (murmur3's finaliser): a record
 * may hold any pids, such as multiples of a power of two. */
static size_t
pid_hash(pid_t pid)
{
	uint32_t h = (uint32_t)pid;

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* The slot that holds pid's forker, or the empty one where it goes. */
static size_t
forker_slot(const struct summary *s, pid_t pid)
{
	size_t mask = s->nslots - 1, i = pid_hash(pid) & mask;

	while (s->slots[i] && s->forkers[s->slots[i] - 1].pid != pid)
		i = (i + 1) & mask;
	return i;
}

/* Doubles the table (a power of two) and puts every forker back. */
static bool
grow_slots(struct summary *s)
{
	size_t n = s->nslots ? s->nslots * 2 : 64, i;
	size_t *old = s->slots;

	s->slots = calloc(n, sizeof *s->slots);
	if (!s->slots) {
		s->slots = old;
		return false;
	}
	s->nslots = n;
	for (i = 0; i < s->nforkers; i++)
		s->slots[forker_slot(s, s->forkers[i].pid)] = i + 1;
	free(old);
	return true;
}

static void
count_forker(struct summary *s, const struct fks_watch_item *it)
{
	pid_t pid = it->ev.parent_tgid;
	struct forker *grown;
	size_t i, cap;

	if (s->nslots) {
		i = forker_slot(s, pid);
		if (s->slots[i]) {
			s->forkers[s->slots[i] - 1].forks++;
			return;
		}
	}
	/* a new forker: where memory runs out, a summary without it */
	if (2 * (s->nforkers + 1) > s->nslots && !grow_slots(s))
		return;
	if (s->nforkers == s->forkers_cap) {
		cap = s->forkers_cap ? 2 * s->forkers_cap : 64;
		grown = reallocarray(s->forkers, cap, sizeof *grown);
		if (!grown)
			return;
		s->forkers = grown;
		s->forkers_cap = cap;
	}
	grown = &s->forkers[s->nforkers];
	grown->pid = pid;
	grown->forks = 1;
	snprintf(grown->comm, sizeof grown->comm, "%s",
		 it->parent_known ? it->parent.comm : "?");
	s->slots[forker_slot(s, pid)] = ++s->nforkers;
}

void
summary_count(struct summary *s, const struct fks_watch_item *it,
	      const struct fks_watch_item *name)
{
	const struct fks_wtask *t = it->known ? &it->task : NULL;
	size_t b;

	if (it->ev.type < FKS_EV_NTYPES)
		s->by_type[it->ev.type]++;
	/* the events the summary lists: a name not read ("*"), or none
	 * known ("?") */
	if (it->ev.type != FKS_EV_LOST && it->ev.type != FKS_EV_TASK &&
	    it->ev.type != FKS_EV_RESYNC && it->ev.type != FKS_EV_NAME &&
	    (name_inherited(it, name) || (!name && (!t || !t->comm[0]) &&
					  !(it->ev.flags & FKS_EVF_NAMED &&
					    it->ev.comm[0]))))
		s->unnamed++;
	if (it->ev.type == FKS_EV_LOST)
		s->lost += it->ev.lost;
	if (it->ev.type == FKS_EV_FORK)
		count_forker(s, it);
	/* a thread never known (one that ran before the watch: /proc's
	 * threads are not read) is still no process */
	if (it->ev.type != FKS_EV_EXIT || (t && t->flags & FKS_WT_THREAD) ||
	    (it->ev.tgid && it->ev.pid != it->ev.tgid))
		return;
	s->process_exits++;
	if (it->lifetime_ns) {
		for (b = 0; b < sizeof bins / sizeof bins[0] &&
			    it->lifetime_ns >= bins[b]; b++)
			;
		s->lifetimes[b]++;
	}
}

/* Whether x comes before y among the top forkers: more forks first,
 * then the lower pid. */
static bool
forks_before(const struct forker *x, const struct forker *y)
{
	return x->forks != y->forks ? x->forks > y->forks : x->pid < y->pid;
}

/*
 * Puts the first TOP_FORKERS in that order into top, in one pass that
 * keeps them sorted (each forker is compared with the few kept, not
 * sorted with all); returns how many.
 */
static size_t
top_forkers(const struct summary *s, const struct forker *top[TOP_FORKERS])
{
	size_t n = 0, i, j;

	for (i = 0; i < s->nforkers; i++) {
		if (n == TOP_FORKERS &&
		    !forks_before(&s->forkers[i], top[n - 1]))
			continue;
		j = n < TOP_FORKERS ? n++ : n - 1;
		for (; j > 0 && forks_before(&s->forkers[i], top[j - 1]); j--)
			top[j] = top[j - 1];
		top[j] = &s->forkers[i];
	}
	return n;
}

void
summary_print(FILE *out, const struct summary *s, unsigned esc,
	      const char *loss)
{
	const struct forker *top[TOP_FORKERS];
	unsigned long long total = 0, most = 1;
	size_t i, n, bar;
	char *e;

	fputs("\nforkwatch summary\nevents:", out);
	for (i = 1; i < FKS_EV_NTYPES; i++)
		if (s->by_type[i] && i != FKS_EV_TASK && i != FKS_EV_RESYNC &&
		    i != FKS_EV_NAME) {
			fprintf(out, " %s %llu", event_name(i), s->by_type[i]);
			total += s->by_type[i];
		}
	fprintf(out, "%s (%llu in all)\n", total ? "" : " none", total);
	fprintf(out, "lost events: %llu (%s)\n", s->lost, loss);
	fprintf(out, "unnamed: %llu (names not read from the kernel or /proc)\n"
		"process exits: %llu\n", s->unnamed, s->process_exits);
	n = top_forkers(s, top);
	if (n) {
		fprintf(out, "top forkers:\n%10s %7s  %s\n", "FORKS", "PID",
			"COMMAND");
		for (i = 0; i < n; i++) {
			e = xescape(top[i]->comm, strlen(top[i]->comm), esc,
				    NULL);
			fprintf(out, "%10llu %7d  %s\n", top[i]->forks,
				(int)top[i]->pid, e);
			free(e);
		}
	}
	for (i = 0; i < sizeof s->lifetimes / sizeof s->lifetimes[0]; i++)
		if (s->lifetimes[i] > most)
			most = s->lifetimes[i];
	fprintf(out, "process lifetimes (short-lived: %llu under 1s):\n",
		s->lifetimes[0] + s->lifetimes[1] + s->lifetimes[2] +
		s->lifetimes[3]);
	for (i = 0; i < sizeof s->lifetimes / sizeof s->lifetimes[0]; i++) {
		bar = (size_t)(s->lifetimes[i] * 40 / most);
		fprintf(out, "  %-9s %10llu %.*s\n", bin_names[i],
			s->lifetimes[i], (int)bar,
			"########################################");
	}
}

void
summary_free(struct summary *s)
{
	free(s->forkers);
	free(s->slots);
	s->forkers = NULL;
	s->slots = NULL;
}
