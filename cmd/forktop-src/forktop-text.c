/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-text.c - the strings forktop shows (see forktop-text.h).  Task
 * bytes reach a string only through xescape(); widths are display
 * columns (cut_to_width), so wide characters never break the layout.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "forktop-text.h"
#include "group.h"
#include "optval.h"

const char *const text_help[] = {
	"forktop: the process tree, live",
	"  Up Down j k       move            PgUp PgDn  a screen",
	"  Home End g G      first, last     mouse      select, wheel",
	"  Enter             fold/unfold     + -  Right Left  unfold, fold",
	"  *                 unfold all      =          fold all",
	"  /                 search name or command line (n N: next, previous)",
	"  \\                 filter as you type: only branches that match",
	"                    (Enter: keep it, Esc: the one before)",
	"  u                 only a user's branches (name or uid; empty: any)",
	"  c                 columns before the tree (as -o; Ctrl-U clears)",
	"  f                 follow the selected process wherever it moves",
	"  b                 groups: none, unit, container, pid namespace",
	"  t T z o           threads, kernel threads; zombie, orphan branches",
	"  s  P M            siblings by pid %cpu %mem time name; P %cpu, M %mem",
	"  d i               details of the selected task",
	"  K  x  F9          send a signal (asks first, names the process)",
	"  p                 pause refresh   r          refresh now",
	"  q                 quit            Esc        close, clear search",
	"%CPU is over the last interval (100: one CPU); a folded row (+) sums",
	"its subtree's %CPU %MEM TIME RSS, and [tasks, threads, zombies].",
	NULL
};

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
text_bytes(unsigned long long bytes, char *buf, size_t size)
{
	unsigned long long kib = bytes / 1024;

	if (kib < 10000)
		snprintf(buf, size, "%lluK", kib);
	else if (kib < 100 * 1024)
		snprintf(buf, size, "%.1fM", kib / 1024.0);
	else if (kib < 10000ULL * 1024)
		snprintf(buf, size, "%lluM", kib / 1024);
	else
		snprintf(buf, size, "%.1fG", kib / (1024.0 * 1024));
}

void
text_rss(unsigned long long pages, long page_size, char *buf, size_t size)
{
	unsigned long long bytes, ps = page_size > 0 ?
				       (unsigned long long)page_size : 4096;

	/* pages and page size from files: a product that wraps is unknown */
	if (__builtin_mul_overflow(pages, ps, &bytes))
		snprintf(buf, size, "-");
	else
		text_bytes(bytes, buf, size);
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

/* ---- columns ------------------------------------------------------------- */

/* forktop's own columns: summed when folded, or over the interval. */
static const struct {
	int id;
	const char *name, *header;
	int width;
} own[] = {
	{ FCOL_PCPU, "%cpu", "%CPU", 5 },
	{ FCOL_PMEM, "%mem", "%MEM", 4 },
	{ FCOL_TIME, "time", "TIME", 5 },
	{ FCOL_RSS, "rss", "RSS", 6 },
};

/* Other names of forktop's own columns: top's, ps's. */
static const struct { const char *name; int id; } own_aliases[] = {
	{ "pcpu", FCOL_PCPU }, { "cpu", FCOL_PCPU },
	{ "pmem", FCOL_PMEM }, { "mem", FCOL_PMEM },
	{ "cputime", FCOL_TIME }, { "time+", FCOL_TIME },
	{ "rsz", FCOL_RSS }, { "rssize", FCOL_RSS }, { "res", FCOL_RSS },
};

static size_t
own_index(int id)
{
	size_t k;

	for (k = 0; k < sizeof own / sizeof *own; k++)
		if (own[k].id == id)
			return k;
	return 0;
}

/* The column named name (len bytes): an id, -1 for none. */
static int
column_lookup(const char *name, size_t len)
{
	char n[32];
	size_t k;

	if (len == 0 || len >= sizeof n)
		return -1;
	memcpy(n, name, len);
	n[len] = '\0';
	for (k = 0; k < sizeof own / sizeof *own; k++)
		if (strcmp(own[k].name, n) == 0)
			return own[k].id;
	for (k = 0; k < sizeof own_aliases / sizeof *own_aliases; k++)
		if (strcmp(own_aliases[k].name, n) == 0)
			return own_aliases[k].id;
	return fks_column_lookup(n);
}

static const char *
column_name(int id)
{
	return id >= FCOL_PCPU ? own[own_index(id)].name
			       : fks_column_info(id)->name;
}

/* Column k's header, as given (raw) or the column's own. */
static const char *
column_header(const struct columns *c, size_t k)
{
	int id = c->id[k];

	if (c->named[k])
		return c->head[k];
	return id >= FCOL_PCPU ? own[own_index(id)].header
			       : fks_column_info(id)->header;
}

/* A header as shown: a given one is bytes from the command line. */
static char *
header_text(const struct columns *c, size_t k)
{
	const char *h = column_header(c, k);

	return xescape(h, strlen(h), escape_flags(), NULL);
}

/* Column k's width: its values' usual width, or its header's. */
static int
column_width(const struct columns *c, size_t k)
{
	int id = c->id[k], v, w;
	char *e = header_text(c, k);

	w = (int)text_width(e);
	free(e);
	v = id >= FCOL_PCPU ? own[own_index(id)].width
			    : fks_column_info(id)->width;
	return v > w ? v : w;
}

/* What column_list_split's add needs. */
struct parse_ctx {
	struct columns *c;
	char *why;
	size_t size;
};

static int
add_column(char *name, const char *head, void *arg)
{
	struct parse_ctx *p = arg;
	struct columns *c = p->c;
	int id = column_lookup(name, strlen(name));
	char *e = xescape(name, strlen(name), escape_flags(), NULL);
	int rc = -1;

	if (id < 0)
		snprintf(p->why, p->size, "no column '%s' (? lists them)", e);
	else if (head && strlen(head) >= HEAD_MAX)
		snprintf(p->why, p->size, "the header of '%s' is longer than "
			 "%d bytes", e, HEAD_MAX - 1);
	else if (id == FKS_COL_COMM || id == FKS_COL_ARGS) {
		/* the tree shows the name and the command line: a header
		 * given renames it */
		if (head) {
			snprintf(c->tree_head, HEAD_MAX, "%s", head);
			c->tree_named = true;
		}
		rc = 0;
	} else if (c->n == MAX_COLUMNS)
		snprintf(p->why, p->size, "more than %d columns", MAX_COLUMNS);
	else {
		c->named[c->n] = head != NULL;
		snprintf(c->head[c->n], HEAD_MAX, "%s", head ? head : "");
		c->id[c->n++] = id;
		rc = 0;
	}
	free(e);
	return rc;
}

int
text_columns_parse(const char *list, struct columns *c, char *why,
		   size_t size)
{
	struct parse_ctx p = { c, why, size };
	char *copy = xstrdup(list), *e;
	int rc;

	c->n = 0;
	c->tree_named = false;
	rc = column_list_split(copy, add_column, &p);
	free(copy);
	if (rc == -EINVAL) {
		e = xescape(list, strlen(list), escape_flags(), NULL);
		snprintf(why, size, "an empty column name in '%s'", e);
		free(e);
	}
	return rc < 0 ? -1 : 0;
}

void
text_columns_list(const struct columns *c, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < c->n && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s%s%s",
				      i ? "," : "", column_name(c->id[i]),
				      c->named[i] ? "=" : "",
				      c->named[i] ? c->head[i] : "");
	if (c->tree_named && n < size)
		snprintf(buf + n, size - n, "%scomm=%s", c->n ? "," : "",
			 c->tree_head);
}

unsigned
text_columns_fields(const struct columns *c)
{
	unsigned f = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		f |= c->id[i] >= FCOL_PCPU ? FKS_F_STAT
		     : fks_column_info(c->id[i])->fields;
	return f;
}

void
text_columns_names(char *buf, size_t size)
{
	const char *name;
	size_t k, n = 0;
	int i;

	buf[0] = '\0';
	for (k = 0; k < sizeof own / sizeof *own && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", k ? "," : "",
				      own[k].name);
	/* the library's, but for the tree's and those forktop's own
	 * shadow (time, rss: their names are forktop's) */
	for (i = 0; i < FKS_COL_COUNT && n < size; i++) {
		name = fks_column_info(i)->name;
		if (i == FKS_COL_COMM || i == FKS_COL_ARGS ||
		    column_lookup(name, strlen(name)) != i)
			continue;
		n += (size_t)snprintf(buf + n, size - n, ",%s", name);
	}
}

/* The tree keeps at least this many columns: the lead gives way. */
#define TREE_MIN 20

/* The lead's width: the mark, then each column and a blank. */
static int
lead_width(const struct columns *c)
{
	int w = 1;
	size_t i;

	for (i = 0; i < c->n; i++)
		w += column_width(c, i) + 1;
	return w;
}

void
text_layout(int width, const struct columns *want,
	    unsigned long long mem_total, struct layout *l)
{
	l->shown = *want;
	l->mem_total = mem_total;
	while (l->shown.n > 1 && lead_width(&l->shown) > width - TREE_MIN)
		l->shown.n--;
}

void
text_header(const struct layout *l, char *buf, size_t size)
{
	size_t i, n = 1;
	char *e;
	int id, w;

	snprintf(buf, size, " ");
	for (i = 0; i < l->shown.n && n < size; i++) {
		id = l->shown.id[i];
		e = header_text(&l->shown, i);
		w = column_width(&l->shown, i) - (int)text_width(e);
		if (id < FCOL_PCPU && fks_column_info(id)->left)
			n += (size_t)snprintf(buf + n, size - n, "%s%*s ", e,
					      w, "");
		else
			n += (size_t)snprintf(buf + n, size - n, "%*s%s ", w,
					      "", e);
		free(e);
	}
	if (n < size && l->shown.tree_named) {
		e = xescape(l->shown.tree_head, strlen(l->shown.tree_head),
			    escape_flags(), NULL);
		snprintf(buf + n, size - n, " %s", e);
		free(e);
	} else if (n < size)
		snprintf(buf + n, size - n, " COMMAND");
}

static void
pcpu_text(double pcpu, char *buf, size_t size)
{
	if (pcpu < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f", pcpu);
}

/* rss pages as a share of mem_total bytes. */
static void
pmem_text(unsigned long long pages, long page_size,
	  unsigned long long mem_total, char *buf, size_t size)
{
	unsigned long long bytes;

	if (!mem_total || page_size <= 0 ||
	    __builtin_mul_overflow(pages, (unsigned long long)page_size,
				   &bytes))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f", (double)bytes * 100.0 /
					    (double)mem_total);
}

/* One column's value for row r, escaped; the caller frees it. */
static char *
lead_value(const struct fks_table *tbl, const struct mrow *r, int id,
	   unsigned long long mem_total, unsigned esc)
{
	struct fks_root *root = fks_table_root(tbl);
	const struct fks_task *t = r->t;
	unsigned long long pages;
	char buf[256];
	/* a header has no task: its group's sums, no other value */
	bool sums = r->collapsed || !t;

	if (!t && id < FCOL_PCPU)
		return xstrdup("");
	pages = sums ? r->sub.rss
	      : t->rss_pages > 0 ? (unsigned long long)t->rss_pages : 0;
	switch (id) {
	case FCOL_PCPU:
		pcpu_text(sums ? r->sub.pcpu : r->pcpu, buf, sizeof buf);
		break;
	case FCOL_PMEM:
		pmem_text(pages, fks_root_page_size(root), mem_total, buf,
			  sizeof buf);
		break;
	case FCOL_TIME:
		text_cpu(sums ? r->sub.cpu : task_ticks(t),
			 fks_root_clk_tck(root), buf, sizeof buf);
		break;
	case FCOL_RSS:
		text_rss(pages, fks_root_page_size(root), buf, sizeof buf);
		break;
	default:
		/* the library's text holds names: escaped as pforest's */
		return column_cell(tbl, t, (enum fks_column)id, esc);
	}
	return xescape(buf, strlen(buf), esc, NULL);
}

void
text_lead(const struct model *m, size_t i, const struct layout *l,
	  unsigned esc, char *buf, size_t size)
{
	const struct fks_table *tbl = model_table(m);
	const struct mrow *r = model_row(m, i);
	size_t k, n = 1, w;
	char *v;
	int id, cw;

	snprintf(buf, size, " ");
	for (k = 0; k < l->shown.n && n < size; k++) {
		id = l->shown.id[k];
		cw = column_width(&l->shown, k);
		v = lead_value(tbl, r, id, l->mem_total, esc);
		if (id < FCOL_PCPU && fks_column_info(id)->left) {
			/* text: cut to the column, padded after */
			cut_to_width(v, (size_t)cw);
			w = text_width(v);
			n += (size_t)snprintf(buf + n, size - n, "%s%*s ", v,
					      cw - (int)w, "");
		} else {	/* a number whole, even if it is wider */
			w = text_width(v);
			n += (size_t)snprintf(buf + n, size - n, "%*s%s ",
					      w < (size_t)cw ? cw - (int)w : 0,
					      "", v);
		}
		free(v);
	}
}

/* ---- the summary lines --------------------------------------------------- */

void
text_count(const struct fks_table *tbl, struct summary *s)
{
	const struct fks_task *t;
	size_t i, n = tbl ? fks_table_count(tbl) : 0;

	s->total = s->running = s->sleeping = s->stopped = s->zombie = 0;
	s->threads = 0;
	for (i = 0; i < n; i++) {
		t = fks_table_at(tbl, i);
		if (t->is_thread)
			continue;
		s->total++;
		s->threads += t->nlwp > 0 ? (size_t)t->nlwp : 1;
		/* top's counts (procps 4): an idle kernel thread (I)
		 * sleeps; the dead (X) are in the total only */
		switch (t->state_char) {
		case 'R': s->running++; break;
		case 'S': case 'D': case 'I': s->sleeping++; break;
		case 'T': case 't': s->stopped++; break;
		case 'Z': s->zombie++; break;
		default: break;
		}
	}
}

int
text_parse_loadavg(const char *buf, double load[3])
{
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		errno = 0;
		load[i] = strtod(buf, &end);
		if (errno || end == buf || *end != ' ' || !(load[i] >= 0) ||
		    load[i] > 1e9)
			return -1;
		buf = end + 1;
	}
	return 0;
}

void
text_summary(const struct summary *s, char *l1, size_t s1, char *l2,
	     size_t s2)
{
	char total[16], used[16], avail[16], swap[16], sused[16];
	char load[64] = "Load ?";
	const struct fks_meminfo *mi = &s->mem;
	unsigned long long u, a;

	snprintf(l1, s1, "Tasks %zu total, %zu running, %zu sleeping, "
		 "%zu stopped, %zu zombie, %zu threads", s->total, s->running,
		 s->sleeping, s->stopped, s->zombie, s->threads);
	if (s->have_load)
		snprintf(load, sizeof load, "Load %.2f %.2f %.2f",
			 s->load[0], s->load[1], s->load[2]);
	if (!s->have_mem) {
		snprintf(l2, s2, "%s  Mem ?", load);
		return;
	}
	/* used as procps 4 counts it: what is not available; a kernel
	 * without MemAvailable (before 3.14): free, buffers and cache */
	a = mi->available ? mi->available
	    : mi->free + mi->buffers + mi->cached;
	u = mi->total > a ? mi->total - a : 0;
	text_bytes(mi->total, total, sizeof total);
	text_bytes(u, used, sizeof used);
	text_bytes(a, avail, sizeof avail);
	text_bytes(mi->swap_total, swap, sizeof swap);
	text_bytes(mi->swap_total > mi->swap_free
		   ? mi->swap_total - mi->swap_free : 0, sused, sizeof sused);
	snprintf(l2, s2, "%s  Mem %s total, %s used, %s avail  Swap %s, "
		 "%s used", load, total, used, avail, swap, sused);
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

/* A group's header: "COLUMN: VALUE (N processes)", its value escaped
 * when the groups were made (column_cell). */
static char *
group_header(const struct model *m, const struct mrow *r)
{
	char *s;

	if (asprintf(&s, "%s%s: %s (%zu process%s)", r->collapsed ? "+" : "",
		     fks_column_info((enum fks_column)model_by(m))->name,
		     r->group, r->sub.tasks,
		     r->sub.tasks == 1 ? "" : "es") < 0)
		abort();
	return s;
}

char *
text_tree(const struct model *m, size_t i, enum tree_style style,
	  unsigned esc)
{
	const struct mrow *r = model_row(m, i);
	const struct fks_task *t = r->t;
	char *s, *name, *args;

	if (!t)
		return group_header(m, r);
	s = tree_art(m, i, style);

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
