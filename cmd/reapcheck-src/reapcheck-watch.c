/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reapcheck-watch.c - reapcheck --watch: the audit kept up to date from
 * the library's event stream (fks_watch_*: the kernel's proc connector, or
 * a poll of /proc where a listener is refused).
 *
 * At the start it reports the zombies and orphans present, as the one-shot
 * audit sees them.  Then, from events: an orphan when its parent exits
 * (the kernel's time of that exit, the parent, and the new parent that
 * /proc names right after it), and an alert when an exited process is
 * still an unreaped zombie --max-age seconds after its exit, and when a
 * zombie reported is gone ("reaped"): the library follows the exits and
 * zombies (fks_reapwatch_*), this file reports them.  It never signals
 * anything.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "common-output.h"
#include "reapcheck-common.h"
#include "reapcheck-watch.h"

#define BATCH 256
#define NS 1000000000ULL
/* The kernel events followed: the watcher needs forks, execs and renames
 * to name the tasks; exits are what this is about. */
#define TYPES (FKS_EV_BIT(FKS_EV_FORK) | FKS_EV_BIT(FKS_EV_EXEC) | \
	       FKS_EV_BIT(FKS_EV_EXIT) | FKS_EV_BIT(FKS_EV_COMM))

struct watcher {
	const struct watch_opts *o;
	struct fks_root *root;
	struct fks_watch *w;
	FILE *out;
	struct jsonwrt jw;	/* with --json: an object a line on out */
	unsigned esc;
	bool color;
	long long real_minus_mono;	/* ns, to print monotonic times */
	struct fks_reapwatch *rw;	/* exits and zombies followed */
	pid_t gone_pid;		/* the last exit that left orphans */
	char gone_comm[17];
	bool gone_inherited;	/* its name was its parent's, not read */
	unsigned long long alerts, orphans, reaped, lost;
	bool rescan;		/* events were lost: read /proc again */
};

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

static uint64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

/* ---- times and names ---------------------------------------------------- */

/* A monotonic time as a JSON member: seconds since the epoch, to the
 * microsecond (as "time"). */
static void
json_time(struct watcher *wa, const char *key, uint64_t mono)
{
	long long real = (long long)mono + wa->real_minus_mono;

	jw_numberf(&wa->jw, key, "%lld.%06lld", real / (long long)NS,
		   real % (long long)NS / 1000);
}

/* Starts "TIME EVENT" (text) or {"event": ..., "time": ...} (JSON). */
static void
head(struct watcher *wa, const char *event, uint64_t mono, const char *sgr)
{
	long long real = (long long)mono + wa->real_minus_mono;
	time_t sec = (time_t)(real / (long long)NS);
	char buf[32];
	struct tm tm;

	if (wa->o->json) {
		jw_object_open(&wa->jw, NULL, 0, NULL);
		jw_string(&wa->jw, "event", event);
		json_time(wa, "time", mono);
		return;
	}
	localtime_r(&sec, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(wa->out, "%s%s.%03lld %-6s ", wa->color && sgr ? sgr : "",
		buf, real % (long long)NS / 1000000, event);
}

static void
tail(struct watcher *wa, const char *sgr)
{
	if (wa->o->json)
		jw_close(&wa->jw);
	else
		fprintf(wa->out, "%s\n", wa->color && sgr ? SGR_RESET : "");
}

/* A name as a JSON member, escaped; null for NULL. */
static void
json_name(struct watcher *wa, const char *key, const char *raw)
{
	char *e = raw ? xescape(raw, strlen(raw), wa->esc, NULL) : NULL;

	jw_string(&wa->jw, key, e);
	free(e);
}

static char *
esc(const struct watcher *wa, const char *raw)
{
	return xescape(raw ? raw : "?", raw ? strlen(raw) : 1, wa->esc, NULL);
}

/* The parent's pid, name and state, where it runs (its unit and
 * container: its cgroup was read with its status, audit_open),
 * and why it does not reap. */
static void
parent_facts(struct watcher *wa, const struct fks_reap_group *g, bool why)
{
	char state[2] = { g->parent ? g->parent->state_char : 0, 0 };
	char hint[256], *name = NULL, unit[512], container[512];
	size_t k;

	if (g->parent)
		name = xescape(g->parent->comm, g->parent->comm_len, wa->esc,
			       NULL);
	if (wa->o->json) {
		jw_int(&wa->jw, "ppid", (int)g->ppid);
		jw_string(&wa->jw, "parent_comm", name);
		jw_string(&wa->jw, "parent_state", g->parent ? state : NULL);
		json_place(&wa->jw, g->parent);
		json_why(&wa->jw, g);
	} else {
		fprintf(wa->out, ", parent %d %s", (int)g->ppid,
			name ? name : "(gone)");
		if (g->parent)
			fprintf(wa->out, " (%s)", state);
		place_of(g->parent, unit, container, sizeof unit);
		if (unit[0] || container[0])
			fprintf(wa->out, "; in: %s%s%s%s",
				container[0] ? "container " : "", container,
				unit[0] && container[0] ? ", " : "",
				unit[0] ? unit : "");
		for (k = 0; why && k < nreasons; k++)
			if (g->why & reasons[k].bit)
				fprintf(wa->out, "; why: %s", reasons[k].why);
		if (why) {
			hint_text(g, hint, sizeof hint);
			fprintf(wa->out, "; do: %s", hint);
		}
	}
	free(name);
}

/* "pid comm (exit 7)" or the JSON fields of a zombie. */
static void
zombie_facts(struct watcher *wa, const struct fks_task *z)
{
	char ex[64], *name = xescape(z->comm, z->comm_len, wa->esc, NULL);

	exit_text(z, ex, sizeof ex);
	if (wa->o->json) {
		jw_int(&wa->jw, "pid", (int)z->tid);
		jw_string(&wa->jw, "comm", name);
		jw_int(&wa->jw, "wait_status", z->exit_code);
		jw_string(&wa->jw, "exit", ex);
	} else {
		fprintf(wa->out, "%d %s (%s)", (int)z->tid, name, ex);
	}
	free(name);
}

/* ---- the reports -------------------------------------------------------- */

/* The zombies and orphans /proc holds now: all of them at the start; after
 * a loss of events, the zombies not reported yet. */
static void
audit_now(struct watcher *wa, bool first)
{
	struct audit a;
	struct fks_table *tbl;
	const struct fks_task *z, *p;
	uint64_t now;
	char age[32], *name, *pname;
	size_t i, j;
	int rc;

	rc = fks_table_read(wa->root, FKS_F_STAT, 0, &tbl);
	if (tbl)
		audit_open(&a, tbl, wa->esc);
	if (first)
		check_source(wa->root, wa->o->co.source, rc, wa->o->co.verbose,
			     EXIT_TROUBLE);
	if (!tbl) {
		if (first)
			errx(EXIT_TROUBLE, "%s: %s", fks_root_path(wa->root),
			     strerror(-rc));
		warnx("%s: %s", fks_root_path(wa->root), strerror(-rc));
		return;
	}
	now = mono_ns();
	if (first) {
		head(wa, "start", now, NULL);
		if (wa->o->json) {
			jw_string(&wa->jw, "source",
				  fks_watch_header(wa->w, "source"));
			jw_int(&wa->jw, "max_age", wa->o->max_age);
			jw_uint(&wa->jw, "processes", a.nprocs);
			jw_uint(&wa->jw, "zombies", a.nzombies);
			jw_uint(&wa->jw, "orphans", a.norphans);
		} else {
			fprintf(wa->out, "watching (%s); alert on zombies "
				"dead %llds; now %zu zombie%s, %zu orphan%s, "
				"%zu processes", fks_watch_source(wa->w) ==
				FKS_WS_POLL ? "polling /proc" : "kernel events",
				wa->o->max_age, a.nzombies,
				a.nzombies == 1 ? "" : "s", a.norphans,
				a.norphans == 1 ? "" : "s", a.nprocs);
		}
		tail(wa, NULL);
	}
	for (i = 0; i < a.ngroups; i++)
		for (j = 0; j < a.groups[i].n; j++) {
			z = a.groups[i].zombies[j];
			if ((rc = fks_reapwatch_follow(wa->rw, z, now)) < 0)
				errx(EXIT_TROUBLE, "%s", strerror(-rc));
			if (rc == 0)	/* reported, or an exit followed */
				continue;
			head(wa, "zombie", now, SGR_ZOMBIE);
			zombie_facts(wa, z);
			parent_facts(wa, &a.groups[i], false);
			age_text(fks_zombie_age_max(tbl, z), age, sizeof age);
			if (wa->o->json) {
				jw_bool(&wa->jw, "exact", false);
				jw_int(&wa->jw, "age_max",
				       fks_zombie_age_max(tbl, z));
			} else {
				fprintf(wa->out, ", dead at most %s", age);
			}
			tail(wa, SGR_ZOMBIE);
		}
	for (i = 0; first && i < a.norphans; i++) {
		z = a.orphans[i];
		p = fks_forest_parent(tbl, z);
		head(wa, "orphan", now, SGR_ORPHAN);
		name = xescape(z->comm, z->comm_len, wa->esc, NULL);
		pname = p ? xescape(p->comm, p->comm_len, wa->esc, NULL) : NULL;
		if (wa->o->json) {
			jw_bool(&wa->jw, "exact", false);
			jw_int(&wa->jw, "pid", (int)z->tid);
			jw_string(&wa->jw, "comm", name);
			jw_null(&wa->jw, "orphan_of");
			jw_null(&wa->jw, "orphan_of_comm");
			jw_int(&wa->jw, "ppid", (int)z->ppid);
			jw_string(&wa->jw, "new_parent_comm",
				  pname ? pname : "?");
		} else {
			fprintf(wa->out, "%d %s: its parent went before the "
				"watch; new parent %d %s", (int)z->tid, name,
				(int)z->ppid, pname ? pname : "?");
		}
		tail(wa, SGR_ORPHAN);
		free(name);
		free(pname);
	}
	audit_close(&a);
	fks_table_free(tbl);
	if (first)
		fks_reapwatch_started(wa->rw, mono_ns());
}

/* An orphan: its parent exited, /proc named the new one (REPARENT). */
static void
report_orphan(struct watcher *wa, const struct fks_watch_item *it)
{
	const struct fks_wtask *t = &it->task, *old;
	pid_t was = t->flags & FKS_WT_ORPHANED ? t->orphan_of : 0;
	pid_t now = it->ev.parent_tgid;
	const char *was_comm = NULL;
	bool was_read = true;	/* the exited parent's name was read */
	char *name, *pname, *oname;

	if (!it->known || t->flags & (FKS_WT_KTHREAD | FKS_WT_THREAD))
		return;
	/* a leader thread ended while its other threads live on: they keep
	 * its children, whose parent process is the same (the library then
	 * clears the orphan mark; from the kernel's events every orphan
	 * has it) */
	if ((was && now == was) ||
	    (!was && !(it->ev.flags & FKS_EVF_APPROX)))
		return;
	if (was && was == wa->gone_pid) {
		was_comm = wa->gone_comm;
		was_read = !wa->gone_inherited;
	} else if (was && (old = fks_watch_find(wa->w, was)) &&
		   old->flags & FKS_WT_EXITED) {
		was_comm = old->comm;
		was_read = !(old->flags & FKS_WT_INHERITED);
	}
	wa->orphans++;
	head(wa, "orphan", was ? t->orphan_ns : it->ev.time_ns, SGR_ORPHAN);
	if (wa->o->json) {
		jw_bool(&wa->jw, "exact", !(it->ev.flags & FKS_EVF_APPROX));
		jw_int(&wa->jw, "pid", (int)t->pid);
		json_name(wa, "comm", t->comm);
		jw_bool(&wa->jw, "name_read",
			!(t->flags & FKS_WT_INHERITED));
		if (was)
			jw_int(&wa->jw, "orphan_of", (int)was);
		else
			jw_null(&wa->jw, "orphan_of");
		json_name(wa, "orphan_of_comm", was_comm);
		if (was_comm)
			jw_bool(&wa->jw, "orphan_of_name_read", was_read);
		jw_int(&wa->jw, "ppid", (int)now);
		json_name(wa, "new_parent_comm", it->parent_known ?
			  it->parent.comm : NULL);
	} else {
		name = esc(wa, t->comm);
		oname = esc(wa, was_comm);
		pname = esc(wa, it->parent_known ? it->parent.comm : NULL);
		/* "*": a name not read from /proc, its parent's at the fork
		 * (it may have exec'd since), as forkwatch marks it */
		fprintf(wa->out, "%d %s%s: ", (int)t->pid, name, t->flags &
			FKS_WT_INHERITED ? "*" : "");
		if (was)
			fprintf(wa->out, "parent %d %s%s exited", (int)was,
				oname, was_comm && !was_read ? "*" : "");
		else
			fputs("its parent exited", wa->out);
		fprintf(wa->out, "; new parent %d %s", (int)now, pname);
		free(name);
		free(oname);
		free(pname);
	}
	tail(wa, SGR_ORPHAN);
}

static void
report_alert(struct watcher *wa, const struct fks_reap_group *g,
	     const struct fks_task *z, const struct fks_exited *d, uint64_t now)
{
	double age = (double)(now - d->exit_ns) / 1e9;

	wa->alerts++;
	head(wa, "alert", now, SGR_ZOMBIE);
	if (wa->o->json) {
		jw_bool(&wa->jw, "exact", !d->approx);
		zombie_facts(wa, z);
		json_time(wa, "died", d->exit_ns);
		jw_numberf(&wa->jw, "age", "%.3f", age);
		jw_int(&wa->jw, "max_age", wa->o->max_age);
	} else {
		fputs("zombie ", wa->out);
		zombie_facts(wa, z);
		fprintf(wa->out, " unreaped %s%.1fs (over %llds)",
			d->approx ? "about " : "", age, wa->o->max_age);
	}
	parent_facts(wa, g, true);
	tail(wa, SGR_ZOMBIE);
}

static void
report_reaped(struct watcher *wa, const struct fks_reaped *r, uint64_t now)
{
	const struct fks_exited *d = &r->exited;
	long long max = r->age_max_ms, min = r->age_min_ms;
	char *name = esc(wa, d->comm), age[32];

	wa->reaped++;
	head(wa, "reaped", now, NULL);
	if (wa->o->json) {
		jw_int(&wa->jw, "pid", (int)d->pid);
		jw_string(&wa->jw, "comm", name);
		jw_int(&wa->jw, "ppid", (int)d->ppid);
		if (d->exit_ns)
			json_time(wa, "died", d->exit_ns);
		else
			jw_null(&wa->jw, "died");
		if (min >= 0)
			jw_numberf(&wa->jw, "age_min", "%.3f",
				   (double)min / 1e3);
		else
			jw_null(&wa->jw, "age_min");
		jw_numberf(&wa->jw, "age_max", "%.3f", (double)max / 1e3);
	} else {
		fprintf(wa->out, "%d %s (parent %d), a zombie for ",
			(int)d->pid, name, (int)d->ppid);
		if (min >= 0) {
			fprintf(wa->out, "%.1f to %.1fs", (double)min / 1e3,
				(double)max / 1e3);
		} else {
			age_text(max / 1000, age, sizeof age);
			fprintf(wa->out, "at most %s", age);
		}
	}
	tail(wa, NULL);
	free(name);
}

/* ---- events ------------------------------------------------------------- */

static void
on_exit_item(struct watcher *wa, const struct fks_watch_item *it)
{
	const struct fks_wtask *t = it->known ? &it->task : NULL;
	int rc = fks_reapwatch_exit(wa->rw, it);

	if (rc < 0)
		errx(EXIT_TROUBLE, "%s", strerror(-rc));
	if (rc > 0 && it->orphans) {	/* a process: its name for them */
		wa->gone_pid = it->ev.pid;
		memset(wa->gone_comm, 0, sizeof wa->gone_comm);
		if (t)
			memcpy(wa->gone_comm, t->comm, sizeof wa->gone_comm);
		wa->gone_inherited = t && t->flags & FKS_WT_INHERITED;
	}
}

static void
on_item(struct watcher *wa, const struct fks_watch_item *it)
{
	switch (it->ev.type) {
	case FKS_EV_EXIT:
		on_exit_item(wa, it);
		break;
	case FKS_EV_REPARENT:
		report_orphan(wa, it);
		break;
	case FKS_EV_LOST:
		wa->lost += it->ev.lost;
		wa->rescan = true;
		head(wa, "lost", it->ev.time_ns, NULL);
		if (wa->o->json)
			jw_uint(&wa->jw, "lost", it->ev.lost);
		else
			fprintf(wa->out, "%llu events the kernel dropped; "
				"zombies read from /proc again", it->ev.lost);
		tail(wa, NULL);
		break;
	default:
		break;
	}
}

/* ---- the checks --------------------------------------------------------- */

/* Exits whose time is up: a zombie still there gets its alert. */
static void
check_pending(struct watcher *wa, uint64_t now)
{
	const struct fks_reap_alert *v;
	struct fks_table *tbl = NULL;
	struct audit a;
	size_t i, n;
	int rc;

	if (!fks_reapwatch_due(wa->rw, now))
		return;
	/* one reading of the table for the parents and why they do not
	 * reap; the last word on whether each is still a zombie */
	if (fks_table_read(wa->root, FKS_F_STAT, 0, &tbl) < 0 && !tbl) {
		warnx("%s: cannot read", fks_root_path(wa->root));
		return;
	}
	audit_open(&a, tbl, wa->esc);
	now = mono_ns();
	if ((rc = fks_reapwatch_confirm(wa->rw, tbl, now, &v, &n)) < 0)
		errx(EXIT_TROUBLE, "%s", strerror(-rc));
	for (i = 0; i < n; i++)
		report_alert(wa, fks_audit_group_of(a.fa, v[i].zombie),
			     v[i].zombie, &v[i].exited, now);
	audit_close(&a);
	fks_table_free(tbl);
}

/* Zombies reported: those gone were reaped. */
static void
check_zombies(struct watcher *wa, uint64_t now)
{
	const struct fks_reaped *v;
	size_t i, n;

	v = fks_reapwatch_reaped(wa->rw, now, &n);
	for (i = 0; i < n; i++)
		report_reaped(wa, &v[i], now);
}

/* Milliseconds until the next thing to do (-1: nothing but events). */
static int
timeout_ms(const struct watcher *wa, uint64_t now, uint64_t deadline)
{
	uint64_t next = fks_reapwatch_next_ns(wa->rw);

	if (deadline && deadline < next)
		next = deadline;
	if (next == UINT64_MAX)
		return -1;
	if (next <= now)
		return 0;
	return (next - now) / 1000000 > 60000 ? 60000
		: (int)((next - now) / 1000000) + 1;
}

/* ---- the loop ----------------------------------------------------------- */

static void
start(struct watcher *wa)
{
	struct sigaction sa;
	const char *r, *m;
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll() returns */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* a write fails with EPIPE instead */
	wa->root = open_root(wa->o->co.proc_root);
	fks_root_set_source(wa->root, wa->o->co.source);
	rc = fks_watch_open_live(wa->root, TYPES, 0, true, &wa->w);
	if (rc < 0)
		errx(EXIT_TROUBLE, "%s", wa->w && fks_watch_error(wa->w) ?
		     fks_watch_error(wa->w) : strerror(-rc));
	if (wa->o->co.verbose)
		say_watch_source(wa->w, false, NULL);
	else if (fks_watch_source(wa->w) == FKS_WS_POLL &&
		 fks_watch_error(wa->w))
		warnx("notice: %s", fks_watch_error(wa->w));
	r = fks_watch_header(wa->w, "start_realtime_ns");
	m = fks_watch_header(wa->w, "start_monotonic_ns");
	if (r && m)
		wa->real_minus_mono = strtoll(r, NULL, 10) -
				      (long long)strtoull(m, NULL, 10);
	else
		wa->real_minus_mono = (long long)clock_ns(CLOCK_REALTIME) -
				      (long long)mono_ns();
	rc = fks_reapwatch_new(wa->root, wa->o->max_age, &wa->rw);
	if (rc < 0)
		errx(EXIT_TROUBLE, "%s", strerror(-rc));
	audit_now(wa, true);
}

int
watch_run(const struct watch_opts *o)
{
	struct watcher wa = { .o = o, .out = stdout, .esc = escape_flags(),
			      .color = want_color(o->co.color) && !o->json };
	struct fks_watch_item *items = xmalloc(BATCH * sizeof *items);
	uint64_t deadline = 0, now;
	int rc = 0, status = EXIT_OK;
	size_t i, n;

	jw_init(&wa.jw, wa.out, JW_SPACED);
	start(&wa);
	if (o->duration > 0)
		deadline = mono_ns() + (uint64_t)o->duration * NS;
	fflush(wa.out);
	while (!stop_signal) {
		now = mono_ns();
		if (deadline && now >= deadline)
			break;
		rc = fks_watch_next(wa.w, items, BATCH,
				    timeout_ms(&wa, now, deadline), &n);
		if (rc == -EINTR) {
			rc = 0;
			continue;
		}
		if (rc < 0) {
			warnx("%s", fks_watch_error(wa.w) ?
			      fks_watch_error(wa.w) : strerror(-rc));
			status = EXIT_TROUBLE;
			break;
		}
		for (i = 0; i < n; i++)
			on_item(&wa, &items[i]);
		if (wa.rescan) {
			wa.rescan = false;
			audit_now(&wa, false);
		}
		now = mono_ns();
		check_pending(&wa, now);
		if (now >= fks_reapwatch_recheck_ns(wa.rw))
			check_zombies(&wa, now);
		if (fflush(wa.out) == EOF || ferror(wa.out)) {
			if (errno != EPIPE) {
				warn("standard output");
				status = EXIT_TROUBLE;
			}
			break;
		}
	}
	if (!ferror(wa.out)) {
		head(&wa, "end", mono_ns(), NULL);
		if (o->json) {
			jw_uint(&wa.jw, "alerts", wa.alerts);
			jw_uint(&wa.jw, "orphans", wa.orphans);
			jw_uint(&wa.jw, "reaped", wa.reaped);
			jw_uint(&wa.jw, "lost", wa.lost);
		} else {
			fprintf(wa.out, "%llu alert%s, %llu orphan%s, %llu "
				"reaped, %llu events lost", wa.alerts,
				wa.alerts == 1 ? "" : "s", wa.orphans,
				wa.orphans == 1 ? "" : "s", wa.reaped, wa.lost);
		}
		tail(&wa, NULL);
		if (fflush(wa.out) == EOF && errno != EPIPE && !status) {
			warn("standard output");
			status = EXIT_TROUBLE;
		}
	}
	free(items);
	fks_reapwatch_free(wa.rw);
	fks_watch_free(wa.w);
	fks_root_free(wa.root);
	return status;
}
