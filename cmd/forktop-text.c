/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-text.c - the strings forktop shows (see forktop-text.h).  Task
 * bytes reach a string only through xescape(); widths are display
 * columns (cut_to_width), so wide characters never break the layout.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "forktop-text.h"

const char *const text_help[] = {
	"forktop: the process tree, live",
	"",
	"  Up Down j k       move            PgUp PgDn  a screen",
	"  Home End g G      first, last     mouse      select, wheel",
	"  Enter             fold/unfold     + -  Right Left  unfold, fold",
	"  *                 unfold all      =          fold all",
	"  /                 search name or command line (n N: next, previous)",
	"  \\                 filter as you type: only branches that match",
	"                    (Enter: keep it, Esc: the one before)",
	"  f                 follow the selected process wherever it moves",
	"  t                 threads         T          kernel threads",
	"  z                 zombie branches o          orphan branches",
	"  s                 siblings by pid, cpu, rss, name",
	"  d i               details of the selected task",
	"  K  x  F9          send a signal (asks first, names the process)",
	"  p                 pause refresh   r          refresh now",
	"  q                 quit            Esc        close, clear search",
	"  ? h               this help",
	"",
	"A folded row (+) shows its subtree's totals: CPU and RSS columns",
	"summed, [tasks, threads, zombies] after the name.  Zombies show",
	"<defunct>, orphans <orphan>; for two refreshes, tasks that appeared",
	"show <new> and processes that went <exited>.  Any key closes this.",
	NULL
};

void
text_layout(int width, struct layout *l)
{
	l->user = width >= 60;
	l->cpu = width >= 50;
}

void
text_header(const struct layout *l, char *buf, size_t size)
{
	snprintf(buf, size, "%7s %s%s %s%6s  %s", "PID",
		 l->user ? "USER     " : "", "S", l->cpu ? "     CPU " : "",
		 "RSS", "COMMAND");
}

void
text_cpu(unsigned long long ticks, long clk_tck, char *buf, size_t size)
{
	unsigned long long s = ticks / (unsigned long long)(clk_tck > 0
							    ? clk_tck : 100);

	if (ticks == CPU_UNKNOWN)
		snprintf(buf, size, "-");
	else if (s < 100 * 60)
		snprintf(buf, size, "%llu:%02llu", s / 60, s % 60);
	else if (s < 100 * 3600)
		snprintf(buf, size, "%lluh%02llu", s / 3600, s / 60 % 60);
	else
		snprintf(buf, size, "%llud", s / 86400);
}

unsigned long long
task_ticks(const struct fks_task *t)
{
	unsigned long long sum;

	return __builtin_add_overflow(t->utime, t->stime, &sum) ? CPU_UNKNOWN
								: sum;
}

void
text_rss(unsigned long long pages, long page_size, char *buf, size_t size)
{
	unsigned long long kib, ps = page_size > 0 ?
				     (unsigned long long)page_size : 4096;

	/* pages and page size from files: a product that wraps is unknown */
	if (__builtin_mul_overflow(pages, ps, &kib)) {
		snprintf(buf, size, "-");
		return;
	}
	kib /= 1024;
	if (kib < 10000)
		snprintf(buf, size, "%lluK", kib);
	else if (kib < 100 * 1024)
		snprintf(buf, size, "%.1fM", kib / 1024.0);
	else if (kib < 10000ULL * 1024)
		snprintf(buf, size, "%lluM", kib / 1024);
	else
		snprintf(buf, size, "%.1fG", kib / (1024.0 * 1024));
}

/* The user's name, or the uid. */
static void
user_text(const struct fks_table *tbl, const struct fks_task *t, char *buf,
	  size_t size)
{
	const char *name;
	char *e;

	if (!(t->known & FKS_K_OWNER)) {
		snprintf(buf, size, "?");
		return;
	}
	name = fks_root_user_name(fks_table_root(tbl), t->euid);
	if (!name) {
		snprintf(buf, size, "%u", (unsigned)t->euid);
		return;
	}
	/* a user database is data too: escape it */
	e = xescape(name, strlen(name), 0, NULL);
	snprintf(buf, size, "%s", e);
	free(e);
}

void
text_lead(const struct model *m, size_t i, const struct layout *l,
	  char *buf, size_t size)
{
	const struct fks_table *tbl = model_table(m);
	const struct mrow *r = model_row(m, i);
	const struct fks_task *t = r->t;
	struct fks_root *root = fks_table_root(tbl);
	char user[16] = "", cpu[16] = "", rss[16];
	unsigned long long ticks, pages;

	ticks = r->collapsed ? r->sub.cpu : task_ticks(t);
	pages = r->collapsed ? r->sub.rss
	      : t->rss_pages > 0 ? (unsigned long long)t->rss_pages : 0;
	if (l->user) {
		user_text(tbl, t, user, 9);
		cut_to_width(user, 8);
	}
	if (l->cpu)
		text_cpu(ticks, fks_root_clk_tck(root), cpu, sizeof cpu);
	text_rss(pages, fks_root_page_size(root), rss, sizeof rss);
	snprintf(buf, size, "%7d %-*s%s%c %*s%s%6s ", (int)t->tid,
		 l->user ? 8 : 0, user, l->user ? " " : "",
		 t->state_char ? t->state_char : '?', l->cpu ? 8 : 0, cpu,
		 l->cpu ? " " : "", rss);
}

/* Appends printf output to a growing string. */
static char *
append(char *s, const char *fmt, ...)
{
	va_list ap;
	char *add, *r;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (asprintf(&r, "%s%s", s, add) < 0)
		abort();
	free(s);
	free(add);
	return r;
}

/* The tree art in front of row i: a line goes on at each level where an
 * ancestor has later siblings. */
static char *
tree_art(const struct model *m, size_t i, enum tree_style style)
{
	const struct mrow *r = model_row(m, i), *a;
	size_t size = TREE_PREFIX_MAX;
	bool *open = xmalloc(((size_t)r->depth + 1) * sizeof *open);
	char *buf = xmalloc(size);

	for (a = r; a->depth > 0; a = model_row(m, a->parent))
		open[a->depth] = !a->last;
	tree_prefix(r->depth, open, r->last, style, buf, size);
	free(open);
	return buf;
}

char *
text_tree(const struct model *m, size_t i, enum tree_style style,
	  unsigned esc)
{
	const struct mrow *r = model_row(m, i);
	const struct fks_task *t = r->t;
	char *s = tree_art(m, i, style), *name, *args;

	name = xescape(t->comm, t->comm_len, esc, NULL);
	s = append(s, "%s%s%s%s", r->collapsed ? "+" : "",
		   r->thread ? "{" : "", name, r->thread ? "}" : "");
	free(name);
	if (r->zombie && !r->thread)
		s = append(s, " <defunct>");
	if (r->orphan)
		s = append(s, " <orphan>");
	/* in words, not only in colour: TERM=linux or monochrome */
	if (r->born)
		s = append(s, " <new>");
	if (r->exited)
		s = append(s, " <exited>");
	if (r->collapsed) {
		s = append(s, " [%zu task%s, %zu thr", r->sub.tasks,
			   r->sub.tasks == 1 ? "" : "s", r->sub.threads);
		if (r->sub.zombies)
			s = append(s, ", %zu zombie%s", r->sub.zombies,
				   r->sub.zombies == 1 ? "" : "s");
		s = append(s, "]");
	}
	if (!r->thread && (t->known & FKS_K_CMDLINE) && t->cmdline_len) {
		args = xescape(t->cmdline, t->cmdline_len,
			       esc | FKS_ESC_ARGV, NULL);
		s = append(s, "  %s", args);
		free(args);
	}
	return s;
}

/* ---- details ------------------------------------------------------------- */

struct lines {
	char **v;
	size_t n, cap;
};

static void
add_line(struct lines *l, char *s)
{
	if (l->n + 2 > l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

static void
say(struct lines *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	add_line(l, s);
}

static const char *
state_word(enum fks_state st)
{
	static const char *const words[] = {
		[FKS_STATE_UNKNOWN] = "unknown", [FKS_STATE_RUNNING] = "running",
		[FKS_STATE_SLEEPING] = "sleeping",
		[FKS_STATE_DISK] = "disk sleep", [FKS_STATE_ZOMBIE] = "zombie",
		[FKS_STATE_STOPPED] = "stopped", [FKS_STATE_TRACED] = "traced",
		[FKS_STATE_DEAD] = "dead", [FKS_STATE_IDLE] = "idle",
		[FKS_STATE_PARKED] = "parked",
	};

	return st <= FKS_STATE_PARKED ? words[st] : "unknown";
}

static void
age_text(long long secs, char *buf, size_t size)
{
	if (secs < 0)
		snprintf(buf, size, "?");
	else if (secs >= 86400)
		snprintf(buf, size, "%lldd %02lld:%02lld:%02lld", secs / 86400,
			 secs / 3600 % 24, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, size, "%02lld:%02lld:%02lld", secs / 3600,
			 secs / 60 % 60, secs % 60);
}

/* "1 init > 100 sh > 101 sleep", root first. */
static char *
ancestry(const struct fks_table *tbl, const struct fks_task *p,
	 unsigned esc)
{
	const struct fks_task *a;
	size_t n = 0, i;
	const struct fks_task **chain;
	char *s = xescape("", 0, 0, NULL), *name;

	for (a = p; a; a = fks_forest_parent(tbl, a))
		n++;
	chain = xmalloc((n + 1) * sizeof *chain);
	n = 0;
	for (a = p; a; a = fks_forest_parent(tbl, a))
		chain[n++] = a;
	for (i = n; i-- > 0;) {
		name = xescape(chain[i]->comm, chain[i]->comm_len, esc, NULL);
		s = append(s, "%s%d %s", i + 1 == n ? "" : " > ",
			   (int)chain[i]->tid, name);
		free(name);
	}
	free(chain);
	return s;
}

#define WRAP_LINES 8	/* a 128 KiB command line would fill any screen */

/* Adds text as at most WRAP_LINES lines of at most width columns, the
 * first after head, the others indented as far. */
static void
wrap(struct lines *l, const char *head, const char *text, int width)
{
	size_t hw = strlen(head), w, len, lines = 0;
	char *chunk;

	w = width > (int)hw + 8 ? (size_t)width - hw : 8;
	do {
		if (++lines > WRAP_LINES) {
			say(l, "%*s(%zu more bytes)", (int)hw, "",
			    strlen(text));
			return;
		}
		/* a display column takes at most 4 bytes of UTF-8 */
		chunk = strndup(text, 4 * w);
		if (!chunk)
			abort();
		cut_to_width(chunk, w);
		len = strlen(chunk);
		if (len == 0)	/* a character wider than w */
			len = 1;
		say(l, "%-*s%.*s", (int)hw, lines == 1 ? head : "", (int)len,
		    text);
		free(chunk);
		text += len;
	} while (*text);
}

static void
status_lines(struct lines *l, const struct fks_task *t)
{
	int i;
	char ns[128] = "";

	if (!(t->known & FKS_K_STATUS)) {
		say(l, "Status   unreadable");
		return;
	}
	for (i = 0; i < t->nspid_len; i++)
		snprintf(ns + strlen(ns), sizeof ns - strlen(ns), "%s%d",
			 i ? " " : "", (int)t->nspid[i]);
	say(l, "Uid      %u real, %u effective   Gid %u real, %u effective",
	    (unsigned)t->ruid, (unsigned)t->euid, (unsigned)t->rgid,
	    (unsigned)t->egid);
	say(l, "Tracer   %d   NSpid %s", (int)t->tracer, ns);
	say(l, "SigBlk   %016llx  SigIgn %016llx  SigCgt %016llx",
	    (unsigned long long)t->sig_blk, (unsigned long long)t->sig_ign,
	    (unsigned long long)t->sig_cgt);
}

char **
text_details(const struct fks_table *tbl, const struct fks_task *t,
	     unsigned esc, int width)
{
	struct fks_root *root = fks_table_root(tbl);
	const struct fks_task *p = fks_table_process(tbl, t);
	struct lines l = { 0 };
	char user[64], when[64] = "?", age[32], cpu[16], rss[16], *s;
	size_t i, nkids, nz = 0;
	long long start = fks_task_start_time(tbl, t);
	struct tm tm;
	time_t tt;

	if (!p)
		p = t;
	s = xescape(t->comm, t->comm_len, esc, NULL);
	user_text(tbl, t, user, sizeof user);
	say(&l, "%s %d  %s   tgid %d  tid %d  user %s", t->is_thread
	    ? "Thread" : "Process", (int)t->tid, s, (int)t->tgid,
	    (int)t->tid, user);
	free(s);
	say(&l, "State    %c (%s%s)   ppid %d  pgrp %d  sid %d  nice %d",
	    t->state_char ? t->state_char : '?', state_word(t->state),
	    fks_task_is_zombie(t) ? ", unreaped" : "", (int)t->ppid,
	    (int)t->pgrp, (int)t->session, t->nice);
	nkids = fks_forest_nchildren(tbl, p);
	for (i = 0; i < nkids; i++)
		nz += fks_task_is_zombie(fks_forest_child(tbl, p, i));
	text_cpu(task_ticks(t), fks_root_clk_tck(root), cpu, sizeof cpu);
	text_rss(t->rss_pages > 0 ? (unsigned long long)t->rss_pages : 0,
		 fks_root_page_size(root), rss, sizeof rss);
	say(&l, "Threads  %d   children %zu (%zu zombie%s)   CPU %s  RSS %s%s",
	    p->nlwp, nkids, nz, nz == 1 ? "" : "s", cpu, rss,
	    fks_task_is_orphan(tbl, p) ? "   orphan" : "");
	if (start >= 0) {
		tt = (time_t)start;
		/* a year past struct tm's (an absurd btime) stays "?" */
		if (localtime_r(&tt, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z",
				 &tm);
	}
	age_text(start >= 0 ? fks_root_now(root) - start : -1, age,
		 sizeof age);
	say(&l, "Started  %s   age %s", when, age);
	status_lines(&l, t);
	s = ancestry(tbl, p, esc);
	wrap(&l, "Path     ", s, width);
	free(s);
	if (!(p->known & FKS_K_CMDLINE)) {
		say(&l, "Cmdline  unreadable");
	} else if (p->cmdline_len == 0) {
		say(&l, "Cmdline  (none: a kernel thread or a zombie)");
	} else {
		s = xescape(p->cmdline, p->cmdline_len, esc | FKS_ESC_ARGV,
			    NULL);
		wrap(&l, "Cmdline  ", s, width);
		free(s);
		if (p->cmdline_full > p->cmdline_len)
			say(&l, "         (%zu of %zu bytes kept)",
			    p->cmdline_len, p->cmdline_full);
	}
	return l.v;
}

void
text_free_lines(char **lines)
{
	size_t i;

	for (i = 0; lines && lines[i]; i++)
		free(lines[i]);
	free(lines);
}
