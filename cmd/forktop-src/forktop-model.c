/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-model.c - forktop's view model (see forktop-model.h).
 *
 * Two passes.  The nodes are the whole visible forest in pre-order, folded
 * or not, each with its subtree's size and totals; they change with the
 * table, the toggles, the filter and the sort.  The rows are the nodes not
 * hidden under a fold; they change with every fold.  Selection, folds and
 * follow are kept as task identities and looked up again after each pass.
 * Nothing here draws, reads /proc or knows about keys.
 *
 * Highlights come from comparing two successive tables (model_refresh):
 * tasks born since are marked, processes gone stay a while as ghosts,
 * copies that the forest places under their old parent.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "forktop-model.h"
#include "group.h"

struct node {
	const struct fks_task *t;	/* NULL for a group's header */
	size_t group;		/* a header's group, GROUP_NONE for a task */
	size_t parent;		/* node index, NO_ROW for a root */
	size_t size;		/* nodes in its subtree, itself included */
	size_t row;		/* its row, NO_ROW when folded away */
	int depth;
	bool last, thread, ghost;
	struct totals sub;
};

/* A fold made by hand: it overrides the -c default for one task. */
struct fold {
	struct task_id id;
	bool collapsed;
};

/* The same for a group's header, known by its value. */
struct gfold {
	char *value;
	bool collapsed;
};

/* A process gone at a refresh, kept as a row for a few more: a copy,
 * since the table it came from is freed. */
struct ghost {
	struct fks_task t;	/* comm and cmdline owned, no other text */
	struct task_id parent;	/* its parent then, tid 0 for none */
	int age;		/* refreshes since it went */
	size_t node;		/* its node, NO_ROW when not shown */
	/* found again at each build (resolve_ghosts): */
	size_t plive;		/* its parent's table index, or NO_ROW */
	size_t pghost;		/* else its parent's ghost, or NO_ROW */
	bool kids;		/* a ghost has it as parent */
};

/* A task that appeared at a refresh. */
struct born {
	struct task_id id;
	int age;
};

enum hl { HL_KEEP, HL_DIFF, HL_CLEAR };

struct model {
	const struct fks_table *tbl;
	unsigned flags;
	enum msort sort;
	int cdepth;		/* nodes this deep start folded; -1: none */
	struct fold *folds;	/* sorted by id */
	size_t nfolds, capfolds;
	char *filter, *search;
	char *user;		/* the user filter, a name or a uid */
	double *pcpu;		/* %CPU by table index, or PCPU_UNKNOWN */
	int by;			/* the groups' column, -1: no groups */
	struct groups groups;	/* of the last build: table indexes, then
				 * ghosts (count + ghost number) */
	struct gfold *gfolds;	/* headers folded by hand */
	size_t ngfolds;

	struct node *nodes;
	size_t nnodes;
	size_t *node_of;	/* node of each table index, or NO_ROW */
	struct mrow *rows;
	size_t *row_node;	/* each row's node */
	size_t nrows;

	size_t sel, top;
	int height;
	struct task_id origin;	/* where the search began */
	bool has_origin;
	struct task_id forigin;	/* where the filter prompt began */
	bool has_forigin, in_filter;
	char *fsaved;		/* the filter then */
	struct task_id follow;
	bool following;
	pid_t follow_gone;	/* its exit ended the follow: not yet told */

	struct ghost *ghosts;
	size_t nghosts;
	struct born *born;	/* sorted by id */
	size_t nborn;
	bool *gkids;		/* by table index: has ghost children */
};

/* ---- identities and folds ----------------------------------------------- */

static struct task_id
id_of(const struct fks_task *t)
{
	return (struct task_id){ t->tid, t->start_ticks };
}

static int
cmp_id(const struct task_id *a, const struct task_id *b)
{
	if (a->tid != b->tid)
		return a->tid < b->tid ? -1 : 1;
	return (a->start > b->start) - (a->start < b->start);
}

static size_t ghost_find(const struct model *m, struct task_id id);

/* The node of a task, NO_ROW when it is gone (or its pid was reused) or
 * not in the visible forest. */
static size_t
find_node(const struct model *m, struct task_id id)
{
	const struct fks_task *t;
	size_t g;

	if (!m->tbl)
		return NO_ROW;
	t = fks_table_find(m->tbl, id.tid);
	if (t && t->start_ticks == id.start)
		return m->node_of[fks_table_index(m->tbl, t)];
	g = ghost_find(m, id);
	return g == NO_ROW ? NO_ROW : m->ghosts[g].node;
}

static size_t
fold_find(const struct model *m, struct task_id id, bool *found)
{
	size_t lo = 0, hi = m->nfolds, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = cmp_id(&m->folds[mid].id, &id);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static void
fold_set(struct model *m, struct task_id id, bool collapsed)
{
	bool found;
	size_t i = fold_find(m, id, &found);

	if (!found) {
		if (m->nfolds == m->capfolds) {
			m->capfolds = m->capfolds ? 2 * m->capfolds : 16;
			m->folds = realloc(m->folds,
					   m->capfolds * sizeof *m->folds);
			if (!m->folds)
				abort();
		}
		memmove(m->folds + i + 1, m->folds + i,
			(m->nfolds - i) * sizeof *m->folds);
		m->nfolds++;
		m->folds[i].id = id;
	}
	m->folds[i].collapsed = collapsed;
}

/* The hand fold of the header of group value, NULL when none. */
static struct gfold *
gfold_find(const struct model *m, const char *value)
{
	size_t i;

	for (i = 0; i < m->ngfolds; i++)
		if (strcmp(m->gfolds[i].value, value) == 0)
			return &m->gfolds[i];
	return NULL;
}

static void
gfold_set(struct model *m, const char *value, bool collapsed)
{
	struct gfold *f = gfold_find(m, value);

	if (!f) {
		m->gfolds = realloc(m->gfolds,
				    (m->ngfolds + 1) * sizeof *m->gfolds);
		if (!m->gfolds)
			abort();
		f = &m->gfolds[m->ngfolds++];
		f->value = xstrdup(value);
	}
	f->collapsed = collapsed;
}

static void
gfolds_clear(struct model *m)
{
	size_t i;

	for (i = 0; i < m->ngfolds; i++)
		free(m->gfolds[i].value);
	free(m->gfolds);
	m->gfolds = NULL;
	m->ngfolds = 0;
}

/* A header is at depth 0, its forest's roots at 1: -c counts them so. */
static bool
folded(const struct model *m, const struct node *n)
{
	const struct gfold *g;
	bool found;
	size_t i;

	if (!n->t) {
		g = gfold_find(m, m->groups.value[n->group]);
		if (g)
			return g->collapsed;
	} else {
		i = fold_find(m, id_of(n->t), &found);
		if (found)
			return m->folds[i].collapsed;
	}
	return m->cdepth >= 0 && n->depth >= m->cdepth;
}

/* Folds or unfolds node n by hand. */
static void
node_fold_set(struct model *m, const struct node *n, bool collapsed)
{
	if (n->t)
		fold_set(m, id_of(n->t), collapsed);
	else
		gfold_set(m, m->groups.value[n->group], collapsed);
}

/* Folds of tasks that are gone would only grow: keep the living. */
static void
prune_folds(struct model *m)
{
	const struct fks_task *t;
	size_t i, n = 0;

	for (i = 0; i < m->nfolds; i++) {
		t = m->tbl ? fks_table_find(m->tbl, m->folds[i].id.tid) : NULL;
		if (t && t->start_ticks == m->folds[i].id.start)
			m->folds[n++] = m->folds[i];
	}
	m->nfolds = n;
}

/* ---- matching ------------------------------------------------------------ */

/* Whether len raw bytes of s hold text, ignoring ASCII case; the NULs
 * between arguments match a space. */
static bool
bytes_match(const char *s, size_t len, const char *text)
{
	size_t tl = strlen(text), i, j;
	unsigned char a, b;

	if (tl == 0 || tl > len)
		return tl == 0;
	for (i = 0; i + tl <= len; i++) {
		for (j = 0; j < tl; j++) {
			a = (unsigned char)s[i + j];
			b = (unsigned char)text[j];
			if (a == '\0')
				a = ' ';
			if (tolower(a) != tolower(b))
				break;
		}
		if (j == tl)
			return true;
	}
	return false;
}

static bool
text_match(const struct fks_task *t, const char *text)
{
	return bytes_match(t->comm, t->comm_len, text) ||
	       ((t->known & FKS_K_CMDLINE) &&
		bytes_match(t->cmdline, t->cmdline_len, text));
}

/* ---- highlights: born marks and ghosts ----------------------------------- */

static bool
same_task(const struct fks_table *tbl, const struct fks_task *t)
{
	const struct fks_task *u = tbl ? fks_table_find(tbl, t->tid) : NULL;

	return u && u->start_ticks == t->start_ticks;
}

static void
ghost_free(struct ghost *g)
{
	free((char *)g->t.comm);
	free((char *)g->t.cmdline);
	free((char *)g->t.cgroup);
}

static void
clear_highlights(struct model *m)
{
	size_t g;

	for (g = 0; g < m->nghosts; g++)
		ghost_free(&m->ghosts[g]);
	free(m->ghosts);
	free(m->born);
	m->ghosts = NULL;
	m->born = NULL;
	m->nghosts = m->nborn = 0;
}

static int
cmp_born(const void *a, const void *b)
{
	return cmp_id(&((const struct born *)a)->id,
		      &((const struct born *)b)->id);
}

static bool
is_born(const struct model *m, const struct fks_task *t)
{
	struct born key = { id_of(t), 0 };

	return m->nborn && bsearch(&key, m->born, m->nborn, sizeof key,
				   cmp_born);
}

static void *
memdup(const void *p, size_t len)
{
	char *d = xmalloc(len + 1);

	if (len)
		memcpy(d, p, len);
	d[len] = '\0';
	return d;
}

/* Process t of table old as a ghost. */
static struct ghost
make_ghost(const struct fks_table *old, const struct fks_task *t)
{
	const struct fks_task *p = fks_forest_parent(old, t);
	struct ghost g = { .t = *t, .node = NO_ROW };

	g.t.comm = memdup(t->comm, t->comm_len);
	g.t.cmdline = t->cmdline ? memdup(t->cmdline, t->cmdline_len) : NULL;
	/* its cgroup too: its unit and container, and its group */
	g.t.cgroup = t->cgroup ? memdup(t->cgroup, t->cgroup_len) : NULL;
	/* the other texts are old's, freed with it: a ghost keeps the
	 * fields known to be numbers or copied here, nothing else (a text
	 * field added later reads "-") */
	g.t.known &= FKS_K_STAT | FKS_K_EXIT_CODE | FKS_K_OWNER |
		     FKS_K_STATUS | FKS_K_CMDLINE | FKS_K_RUID |
		     FKS_K_CMDLINE_KEPT | FKS_K_EXIT_HIDDEN | FKS_K_PIDNS |
		     FKS_K_CGROUP;
	if (p)
		g.parent = id_of(p);
	return g;
}

/*
 * Ages the marks of the previous refreshes (dropping those past
 * MODEL_HIGHLIGHT, and born marks of tasks gone since), then marks what
 * changed from table old to tbl.  A task is its tid and start time, so a
 * reused pid counts as an exit and a birth.
 */
static void
diff_tables(struct model *m, const struct fks_table *old,
	    const struct fks_table *tbl)
{
	size_t i, n = 0, nold = old ? fks_table_count(old) : 0;
	size_t nnew = tbl ? fks_table_count(tbl) : 0, cap;
	const struct fks_task *t;

	if (!old || !tbl) {
		clear_highlights(m);
		return;
	}
	for (i = 0; i < m->nborn; i++) {
		t = fks_table_find(tbl, m->born[i].id.tid);
		if (++m->born[i].age < MODEL_HIGHLIGHT && t &&
		    t->start_ticks == m->born[i].id.start)
			m->born[n++] = m->born[i];
	}
	m->nborn = n;
	/* counted first: sized for every task, the arrays would be copied
	 * whole by each refresh's realloc */
	for (i = n = 0; i < nnew; i++)
		n += !same_task(old, fks_table_at(tbl, i));
	cap = m->nborn + n + 1;
	m->born = realloc(m->born, cap * sizeof *m->born);
	if (!m->born)
		abort();
	for (i = 0; n && i < nnew; i++) {
		t = fks_table_at(tbl, i);
		if (!same_task(old, t))
			m->born[m->nborn++] = (struct born){ id_of(t), 0 };
	}
	qsort(m->born, m->nborn, sizeof *m->born, cmp_born);

	for (i = n = 0; i < m->nghosts; i++) {
		if (++m->ghosts[i].age < MODEL_HIGHLIGHT)
			m->ghosts[n++] = m->ghosts[i];
		else
			ghost_free(&m->ghosts[i]);
	}
	m->nghosts = n;
	for (i = n = 0; i < nold; i++) {
		t = fks_table_at(old, i);
		n += !t->is_thread && !same_task(tbl, t);
	}
	cap = m->nghosts + n + 1;
	m->ghosts = realloc(m->ghosts, cap * sizeof *m->ghosts);
	if (!m->ghosts)
		abort();
	for (i = 0; n && i < nold; i++) {
		t = fks_table_at(old, i);
		if (!t->is_thread && !same_task(tbl, t))
			m->ghosts[m->nghosts++] = make_ghost(old, t);
	}
}

/*
 * Each task's %CPU in tbl since table old, `secs` before (see
 * model_refresh); all unknown without old or a time.  Ticks come from
 * files: a count that went back (it cannot, for one task) counts 0, and
 * a sum past 64 bits is unknown.
 */
static void
measure_cpu(struct model *m, const struct fks_table *old,
	    const struct fks_table *tbl, double secs)
{
	size_t i, n = tbl ? fks_table_count(tbl) : 0;
	const struct fks_task *t, *o;
	unsigned long long now, then;
	long hz;

	free(m->pcpu);
	m->pcpu = xmalloc((n + 1) * sizeof *m->pcpu);
	hz = tbl ? fks_root_clk_tck(fks_table_root(tbl)) : 0;
	for (i = 0; i < n; i++) {
		m->pcpu[i] = PCPU_UNKNOWN;
		t = fks_table_at(tbl, i);
		if (!old || !(secs > 0) || hz <= 0 ||
		    __builtin_add_overflow(t->utime, t->stime, &now))
			continue;
		then = 0;	/* born since: all its ticks are new */
		o = fks_table_find(old, t->tid);
		if (o && o->start_ticks == t->start_ticks &&
		    __builtin_add_overflow(o->utime, o->stime, &then))
			continue;
		m->pcpu[i] = now > then ? (double)(now - then) * 100.0 /
					  (double)hz / secs : 0.0;
	}
}

/* The %CPU of a node's task. */
static double
node_pcpu(const struct model *m, const struct fks_task *t, bool ghost)
{
	return ghost || !m->pcpu ? PCPU_UNKNOWN
				 : m->pcpu[fks_table_index(m->tbl, t)];
}

/* The ghost with that identity, NO_ROW when none. */
static size_t
ghost_find(const struct model *m, struct task_id id)
{
	size_t g;

	for (g = 0; g < m->nghosts; g++)
		if (m->ghosts[g].t.tid == id.tid &&
		    m->ghosts[g].t.start_ticks == id.start)
			return g;
	return NO_ROW;
}

/* Where each ghost's parent is now: a task of the table, another ghost,
 * or nowhere; and who has ghost children, so that the walk looks for
 * them only there (a fork storm leaves many ghosts). */
static void
resolve_ghosts(struct model *m)
{
	const struct fks_task *p;
	struct ghost *g;
	size_t i;

	for (i = 0; i < m->nghosts; i++)
		m->ghosts[i].kids = false;
	for (i = 0; i < m->nghosts; i++) {
		g = &m->ghosts[i];
		g->plive = g->pghost = NO_ROW;
		g->node = NO_ROW;
		if (g->parent.tid == 0)
			continue;
		p = fks_table_find(m->tbl, g->parent.tid);
		if (p && p->start_ticks == g->parent.start) {
			g->plive = fks_table_index(m->tbl, p);
			m->gkids[g->plive] = true;
		} else if ((g->pghost = ghost_find(m, g->parent)) != NO_ROW) {
			m->ghosts[g->pghost].kids = true;
		}
	}
}

/* ---- nodes: the visible forest ------------------------------------------ */

/* Whether t's effective user is m->user, by number or by name. */
static bool
user_match(const struct model *m, const struct fks_task *t)
{
	const char *name;
	char num[16];

	if (!(t->known & FKS_K_OWNER))
		return false;
	snprintf(num, sizeof num, "%u", (unsigned)t->euid);
	if (strcmp(num, m->user) == 0)
		return true;
	name = fks_root_user_name(fks_table_root(m->tbl), t->euid);
	return name && strcmp(name, m->user) == 0;
}

/* Whether a toggle, the filter or the user filter narrows the view. */
static bool
narrowed(const struct model *m)
{
	return (m->flags & (MF_ZOMBIES | MF_ORPHANS)) || m->filter || m->user;
}

static bool
passes(const struct model *m, const struct fks_task *t)
{
	if ((m->flags & MF_ZOMBIES) && !fks_task_is_zombie(t))
		return false;
	if ((m->flags & MF_ORPHANS) && !fks_task_is_orphan(m->tbl, t))
		return false;
	if (m->user && !user_match(m, t))
		return false;
	return !m->filter || text_match(t, m->filter);
}

/* Marks t and its ancestors shown (the path to a match). */
static void
show_path(const struct model *m, bool *vis, const struct fks_task *t)
{
	size_t k;

	for (; t; t = fks_forest_parent(m->tbl, t)) {
		k = fks_table_index(m->tbl, t);
		if (vis[k])
			break;
		vis[k] = true;
	}
}

/* Which processes show: all but kernel threads, or (zombies, orphans,
 * filter) those that pass and the path to each.  By table index. */
static bool *
visible_processes(const struct model *m)
{
	size_t i, n = fks_table_count(m->tbl);
	bool *vis = calloc(n + 1, sizeof *vis), narrow;
	const struct fks_task *t;

	if (!vis)
		abort();
	narrow = narrowed(m);
	for (i = 0; i < n; i++) {
		t = fks_table_at(m->tbl, i);
		if (t->is_thread || (t->kthread && !(m->flags & MF_KERNEL)))
			continue;
		if (narrow && !passes(m, t))
			continue;
		vis[i] = true;
		/* in groups the matches alone, as pforest --by: the path
		 * would show in groups of its own */
		if (narrow && m->by < 0)
			show_path(m, vis, fks_forest_parent(m->tbl, t));
	}
	return vis;
}

/*
 * Which ghosts show: those no toggle or filter hides, with (narrowed) the
 * path to them, ghosts or living; but no ghost under a parent that does
 * not show.  A ghost's parent may be a ghost too (a subtree that exited),
 * hence the passes, bounded: ids form no cycle, but a bound costs nothing.
 */
static bool *
visible_ghosts(const struct model *m, bool *vis)
{
	size_t n = m->nghosts, i, j, steps;
	bool *want = calloc(n + 1, sizeof *want), *gvis, narrow, change;
	const struct ghost *g;

	gvis = calloc(n + 1, sizeof *gvis);
	if (!want || !gvis)
		abort();
	narrow = narrowed(m);
	for (i = 0; i < n; i++) {
		g = &m->ghosts[i];
		if (g->t.kthread && !(m->flags & MF_KERNEL))
			continue;
		/* the orphan rule needs a living parent: none is one */
		if (narrow && ((m->flags & MF_ORPHANS) || !passes(m, &g->t)))
			continue;
		want[i] = true;
		/* in groups, a ghost whose parent is not shown is a root
		 * of its group: no path, no parent needed */
		if (m->by >= 0) {
			gvis[i] = true;
			continue;
		}
		if (!narrow)
			continue;
		for (j = i, steps = 0; j != NO_ROW && steps <= n; steps++) {
			want[j] = true;
			if (m->ghosts[j].plive != NO_ROW) {
				show_path(m, vis, fks_table_at(m->tbl,
							m->ghosts[j].plive));
				break;
			}
			j = m->ghosts[j].pghost;
		}
	}
	for (steps = 0, change = true; change && steps <= n; steps++) {
		change = false;
		for (i = 0; i < n; i++) {
			if (gvis[i] || !want[i])
				continue;
			g = &m->ghosts[i];
			if (g->plive != NO_ROW ? vis[g->plive]
			    : g->pghost == NO_ROW || gvis[g->pghost]) {
				gvis[i] = true;
				change = true;
			}
		}
	}
	free(want);
	return gvis;
}

/* What the walk's hooks need besides the model. */
struct walk_ctx {
	struct model *m;
	const bool *gvis;	/* which ghosts show */
	/* grouped: the group walked, which processes it shows, its
	 * header's node; else GROUP_NONE, NULL, NO_ROW */
	size_t group;
	const bool *shown;
	size_t header;
};

/* Is ghost i in the group walked (any, ungrouped)? */
static bool
ghost_in(const struct walk_ctx *c, size_t i)
{
	return c->group == GROUP_NONE ||
	       c->m->groups.of[fks_table_count(c->m->tbl) + i] == c->group;
}

/* Is ghost i a root of the walk: no parent at all, or (grouped) none
 * shown in its group? */
static bool
ghost_root(const struct walk_ctx *c, size_t i)
{
	const struct ghost *g = &c->m->ghosts[i];

	if (c->group == GROUP_NONE)
		return g->plive == NO_ROW && g->pghost == NO_ROW;
	if (g->plive != NO_ROW)
		return !c->shown[g->plive];
	return g->pghost == NO_ROW || !c->gvis[g->pghost] ||
	       !ghost_in(c, g->pghost);
}

/* The walk's extra nodes: the shown ghosts whose parent is `parent` (a
 * live task, a ghost, or for the roots none).  A node's extra is its
 * ghost's number. */
static size_t
ghost_kids(const struct fks_walk_node *parent, struct fks_walk_node *k,
	   void *arg)
{
	const struct walk_ctx *c = arg;
	const struct model *m = c->m;
	const struct ghost *g;
	size_t i, n = 0, pi = NO_ROW;
	bool mine;

	/* only where a ghost has its parent (a fork storm leaves many) */
	if (!parent ? m->nghosts == 0 : parent->extra != FKS_WALK_TABLE
	    ? !m->ghosts[parent->extra].kids
	    : !m->gkids[fks_table_index(m->tbl, parent->task)])
		return 0;
	if (parent && parent->extra == FKS_WALK_TABLE)
		pi = fks_table_index(m->tbl, parent->task);
	for (i = 0; i < m->nghosts; i++) {
		g = &m->ghosts[i];
		if (!c->gvis[i] || !ghost_in(c, i))
			continue;
		if (!parent)
			mine = ghost_root(c, i);
		else if (parent->extra != FKS_WALK_TABLE)
			mine = g->pghost == parent->extra;
		else
			mine = g->plive == pi;
		if (mine)
			k[n++] = (struct fks_walk_node){ &g->t, false, 1, i };
	}
	return n;
}

/* Siblings in the order sort names (the s key's cycle). */
static int
kids_order(const struct model *m, enum msort sort,
	   const struct fks_walk_node *ka, const struct fks_walk_node *kb)
{
	/* the model's orders, in the s key's cycle, as pforest --sort's */
	static const enum task_order by[SORT_COUNT] = {
		[SORT_PID] = ORDER_PID, [SORT_CPU] = ORDER_PID,
		[SORT_MEM] = ORDER_RSS, [SORT_TIME] = ORDER_CPU,
		[SORT_NAME] = ORDER_NAME,
	};
	double pa, pb;
	int r = 0;

	if (ka->thread != kb->thread)	/* threads first, as pforest -T */
		return ka->thread ? -1 : 1;
	if (sort == SORT_CPU) {		/* the busiest first, as top */
		pa = node_pcpu(m, ka->task, ka->extra != FKS_WALK_TABLE);
		pb = node_pcpu(m, kb->task, kb->extra != FKS_WALK_TABLE);
		r = (pa < pb) - (pa > pb);
	}
	if (!r)
		r = task_cmp(ka->task, kb->task, by[sort]);
	/* a reused pid: the ghost of the older task first; ghosts among
	 * their old siblings, in order */
	return r ? r : (ka->task->start_ticks > kb->task->start_ticks) -
		       (ka->task->start_ticks < kb->task->start_ticks);
}

/* Siblings as the user sorts them. */
static int
cmp_kids(const struct fks_walk_node *ka, const struct fks_walk_node *kb,
	 void *arg)
{
	const struct walk_ctx *c = arg;

	return kids_order(c->m, c->m->sort, ka, kb);
}

/* Siblings by pid: the order that places the groups, whatever the sort. */
static int
cmp_kids_pid(const struct fks_walk_node *ka, const struct fks_walk_node *kb,
	     void *arg)
{
	const struct walk_ctx *c = arg;

	return kids_order(c->m, SORT_PID, ka, kb);
}

/* Each node in pre-order; its size is summed later (sum_totals). */
static int
add_node(const struct fks_walk_node *k, const struct fks_walk_pos *pos,
	 void *arg)
{
	const struct walk_ctx *c = arg;
	struct model *m = c->m;
	size_t idx = m->nnodes++;
	/* the walk's index counts from its first node: the header's next */
	size_t base = c->header == NO_ROW ? 0 : c->header + 1;

	m->nodes[idx] = (struct node){ .t = k->task, .group = GROUP_NONE,
		.parent = pos->parent == FKS_WALK_NONE ? c->header
						       : base + pos->parent,
		.size = 1, .row = NO_ROW,
		.depth = pos->depth + (c->header != NO_ROW),
		.last = pos->last, .thread = k->thread,
		.ghost = k->extra != FKS_WALK_TABLE };
	if (k->extra != FKS_WALK_TABLE)
		m->ghosts[k->extra].node = idx;
	else
		m->node_of[fks_table_index(m->tbl, k->task)] = idx;
	return 0;
}

/* The library's walk over the shown processes, threads first under each
 * (threads on), the shown ghosts placed among their old siblings; cmp
 * orders siblings. */
static void
walk_nodes(struct model *m, const bool *vis, const bool *gvis,
	   int (*cmp)(const struct fks_walk_node *,
		      const struct fks_walk_node *, void *))
{
	struct walk_ctx c = { m, gvis, GROUP_NONE, NULL, NO_ROW };
	struct fks_walk w = {
		.flags = (m->flags & MF_THREADS) ? FKS_WALK_THREADS : 0,
		.shown = vis,
		.cmp = cmp,
		.extra = ghost_kids,
		.nextra = m->nghosts,
		.visit = add_node,
		.arg = &c,
	};

	if (fks_forest_walk(m->tbl, &w) < 0)
		abort();
}

/*
 * The items' values, for groups_make: the shown processes by table index,
 * then the shown ghosts; each one's place in the forest, from the walk
 * just made (walk_nodes: its nodes), or past every node when the walk did
 * not meet it (a ghost whose parent does not show).
 */
static void
group_values(struct model *m, const bool *vis, const bool *gvis,
	     char **value, size_t *seen)
{
	size_t count = fks_table_count(m->tbl), i, late = m->nnodes;
	unsigned esc = escape_flags();

	for (i = 0; i < count; i++) {
		value[i] = NULL;
		if (!vis[i])
			continue;
		value[i] = column_cell(m->tbl, fks_table_at(m->tbl, i),
				       (enum fks_column)m->by, esc);
		seen[i] = m->node_of[i] != NO_ROW ? m->node_of[i] : late++;
	}
	for (i = 0; i < m->nghosts; i++) {
		value[count + i] = NULL;
		if (!gvis[i])
			continue;
		value[count + i] = column_cell(m->tbl, &m->ghosts[i].t,
					       (enum fks_column)m->by, esc);
		seen[count + i] = m->ghosts[i].node != NO_ROW
				  ? m->ghosts[i].node : late++;
	}
}

/*
 * The groups (model_set_by): the whole forest walked once, siblings by
 * pid, for the order in which it meets each value (a sort orders
 * siblings, not the groups), then each group as a header node and the
 * walk of its own processes and ghosts below it.
 */
static void
walk_groups(struct model *m, const bool *vis, const bool *gvis)
{
	size_t count = fks_table_count(m->tbl), n = count + m->nghosts;
	char **value = xmalloc((n + 1) * sizeof *value);
	size_t *seen = xmalloc((n + 1) * sizeof *seen), i, k;
	bool *shown = xmalloc((count + 1) * sizeof *shown);
	struct walk_ctx c = { m, gvis, 0, shown, 0 };
	struct fks_walk w = {
		.flags = (m->flags & MF_THREADS) ? FKS_WALK_THREADS : 0,
		.shown = shown,
		.cmp = cmp_kids,
		.extra = ghost_kids,
		.nextra = m->nghosts,
		.visit = add_node,
		.arg = &c,
	};

	walk_nodes(m, vis, gvis, cmp_kids_pid);
	group_values(m, vis, gvis, value, seen);
	groups_make(value, seen, n, &m->groups);
	for (i = 0; i < n; i++)
		free(value[i]);
	free(value);
	free(seen);
	/* the first walk's nodes only told the order */
	m->nnodes = 0;
	for (i = 0; i < count; i++)
		m->node_of[i] = NO_ROW;
	for (i = 0; i < m->nghosts; i++)
		m->ghosts[i].node = NO_ROW;
	for (k = 0; k < m->groups.n; k++) {
		c.group = k;
		c.header = m->nnodes++;
		m->nodes[c.header] = (struct node){ .t = NULL, .group = k,
			.parent = NO_ROW, .size = 1, .row = NO_ROW,
			.last = k + 1 == m->groups.n };
		for (i = 0; i < count; i++)
			shown[i] = m->groups.of[i] == k;
		if (fks_forest_walk(m->tbl, &w) < 0)
			abort();
	}
	free(shown);
}

/* Children follow their parent in pre-order: summing backwards adds each
 * finished subtree, its size and its totals, to its parent. */
static void
sum_totals(struct model *m)
{
	const struct fks_task *t;
	struct totals *s;
	size_t i;

	for (i = 0; i < m->nnodes; i++) {
		t = m->nodes[i].t;
		s = &m->nodes[i].sub;
		memset(s, 0, sizeof *s);
		s->pcpu = PCPU_UNKNOWN;
		/* a thread is counted in its process's nlwp; a ghost is
		 * no more; a header sums its group alone */
		if (!t || m->nodes[i].thread || m->nodes[i].ghost)
			continue;
		s->tasks = 1;
		s->threads = t->nlwp > 0 ? (size_t)t->nlwp : 1;
		s->zombies = fks_task_is_zombie(t);
		/* numbers from files: a sum past 64 bits is unknown
		 * (CPU_UNKNOWN), and stays so in every total above it */
		if (__builtin_add_overflow(t->utime, t->stime, &s->cpu))
			s->cpu = CPU_UNKNOWN;
		s->rss = t->rss_pages > 0 ? (unsigned long long)t->rss_pages
					  : 0;
		s->pcpu = node_pcpu(m, t, false);
	}
	for (i = m->nnodes; i-- > 0;) {
		size_t p = m->nodes[i].parent;

		if (p == NO_ROW)
			continue;
		m->nodes[p].size += m->nodes[i].size;
		s = &m->nodes[p].sub;
		/* a sum of those known: unknown only when none is */
		if (m->nodes[i].sub.pcpu >= 0)
			s->pcpu = (s->pcpu >= 0 ? s->pcpu : 0) +
				  m->nodes[i].sub.pcpu;
		s->tasks += m->nodes[i].sub.tasks;
		s->threads += m->nodes[i].sub.threads;
		s->zombies += m->nodes[i].sub.zombies;
		if (__builtin_add_overflow(s->cpu, m->nodes[i].sub.cpu,
					   &s->cpu))
			s->cpu = CPU_UNKNOWN;
		s->rss += m->nodes[i].sub.rss;
	}
}

static void
build_nodes(struct model *m)
{
	size_t count, i;
	bool *vis, *gvis;

	free(m->nodes);
	free(m->node_of);
	groups_free(&m->groups);
	m->nodes = NULL;
	m->node_of = NULL;
	m->nnodes = 0;
	if (!m->tbl)
		return;
	count = fks_table_count(m->tbl);
	/* a header per group: at most one per process and ghost */
	m->nodes = xmalloc((2 * (count + m->nghosts) + 1) * sizeof *m->nodes);
	m->node_of = xmalloc((count + 1) * sizeof *m->node_of);
	for (i = 0; i < count; i++)
		m->node_of[i] = NO_ROW;
	m->gkids = calloc(count + 1, sizeof *m->gkids);
	if (!m->gkids)
		abort();
	resolve_ghosts(m);
	vis = visible_processes(m);
	gvis = visible_ghosts(m, vis);
	if (m->by >= 0)
		walk_groups(m, vis, gvis);
	else
		walk_nodes(m, vis, gvis, cmp_kids);
	free(vis);
	free(gvis);
	free(m->gkids);
	m->gkids = NULL;
	sum_totals(m);
}

/* ---- rows: the nodes not folded away ------------------------------------ */

static void
build_rows(struct model *m)
{
	struct node *n;
	struct mrow *r;
	size_t i;

	free(m->rows);
	free(m->row_node);
	m->rows = xmalloc((m->nnodes + 1) * sizeof *m->rows);
	m->row_node = xmalloc((m->nnodes + 1) * sizeof *m->row_node);
	m->nrows = 0;
	for (i = 0; i < m->nnodes; i++)
		m->nodes[i].row = NO_ROW;
	for (i = 0; i < m->nnodes;) {
		n = &m->nodes[i];
		n->row = m->nrows;
		m->row_node[m->nrows] = i;
		r = &m->rows[m->nrows++];
		r->t = n->t;
		r->group = n->t ? NULL : m->groups.value[n->group];
		r->parent = n->parent == NO_ROW ? NO_ROW
						: m->nodes[n->parent].row;
		r->depth = n->depth;
		r->last = n->last;
		r->thread = n->thread;
		r->kids = n->size > 1;
		r->collapsed = r->kids && folded(m, n);
		r->sub = n->sub;
		i += r->collapsed ? n->size : 1;
		if (!n->t) {	/* a header: no task, no marks */
			r->zombie = r->orphan = r->born = r->exited = false;
			r->match = false;
			r->pcpu = PCPU_UNKNOWN;
			continue;
		}
		r->zombie = n->thread ? n->t->state == FKS_STATE_ZOMBIE
				      : fks_task_is_zombie(n->t);
		r->orphan = !n->thread && !n->ghost &&
			    fks_task_is_orphan(m->tbl, n->t);
		r->born = !n->ghost && is_born(m, n->t);
		r->exited = n->ghost;
		r->match = m->search && *m->search &&
			   text_match(n->t, m->search);
		r->pcpu = node_pcpu(m, n->t, n->ghost);
	}
}

/* Unfolds every ancestor of node n so that it gets a row. */
static void
reveal(struct model *m, size_t n)
{
	size_t p;

	for (p = m->nodes[n].parent; p != NO_ROW; p = m->nodes[p].parent)
		if (folded(m, &m->nodes[p]))
			node_fold_set(m, &m->nodes[p], false);
}

/* The row of node n, or of its nearest ancestor with one. */
static size_t
row_of_node(const struct model *m, size_t n)
{
	while (n != NO_ROW && m->nodes[n].row == NO_ROW)
		n = m->nodes[n].parent;
	return n == NO_ROW ? NO_ROW : m->nodes[n].row;
}

/* ---- selection and scroll ----------------------------------------------- */

static size_t
max_top(const struct model *m)
{
	return m->nrows > (size_t)m->height ? m->nrows - (size_t)m->height : 0;
}

/* The selection in view, and no blank rows below the last one. */
static void
clamp_scroll(struct model *m)
{
	if (m->top > max_top(m))
		m->top = max_top(m);
	if (m->sel == NO_ROW)
		return;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + (size_t)m->height)
		m->top = m->sel - (size_t)m->height + 1;
}

/*
 * Rebuilds the rows (and the nodes too when `nodes`) of tbl, then finds the
 * selection again: the selected task, else the nearest of its former
 * ancestors still shown, else the same index; and puts it back on its
 * screen line.
 */
static void
rebuild_hl(struct model *m, const struct fks_table *tbl, bool nodes,
	   enum hl hl)
{
	size_t nchain = 0, old_sel = m->sel, line = 0, r, n, i;
	struct task_id *chain = NULL;
	const struct fks_task *t;
	char *group = NULL;	/* the group the selection was in */

	if (m->sel != NO_ROW) {
		line = m->sel - m->top;
		for (r = m->sel; r != NO_ROW && m->rows[r].t;
		     r = m->rows[r].parent)
			nchain++;
		chain = xmalloc((nchain + 1) * sizeof *chain);
		nchain = 0;
		for (r = m->sel; r != NO_ROW && m->rows[r].t;
		     r = m->rows[r].parent)
			chain[nchain++] = id_of(m->rows[r].t);
		if (r != NO_ROW)
			group = xstrdup(m->rows[r].group);
	}
	/* the chain was read off the old rows, which point into the old
	 * table and the ghosts: only now may these change */
	if (hl == HL_DIFF)
		diff_tables(m, m->tbl, tbl);
	else if (hl == HL_CLEAR)
		clear_highlights(m);
	if (tbl != m->tbl) {
		m->tbl = tbl;
		prune_folds(m);
	}
	if (nodes)
		build_nodes(m);
	if (m->following) {
		t = m->tbl ? fks_table_find(m->tbl, m->follow.tid) : NULL;
		if (!t || t->start_ticks != m->follow.start) {
			m->following = false;	/* it exited */
			m->follow_gone = m->follow.tid;
		} else if ((n = find_node(m, m->follow)) != NO_ROW) {
			reveal(m, n);
			if (!chain)
				chain = xmalloc(sizeof *chain);
			chain[0] = m->follow;
			nchain = nchain ? nchain : 1;
		}
	}
	build_rows(m);
	m->sel = NO_ROW;
	for (i = 0; i < nchain && m->sel == NO_ROW; i++)
		if ((n = find_node(m, chain[i])) != NO_ROW)
			m->sel = row_of_node(m, n);
	/* a header selected, or every task of the chain gone: its group */
	for (r = 0; group && m->sel == NO_ROW && r < m->nrows; r++)
		if (m->rows[r].group && strcmp(m->rows[r].group, group) == 0)
			m->sel = r;
	free(group);
	free(chain);
	if (m->sel == NO_ROW && m->nrows > 0)
		m->sel = old_sel < m->nrows ? old_sel
		       : old_sel == NO_ROW ? 0 : m->nrows - 1;
	m->top = m->sel != NO_ROW && m->sel >= line ? m->sel - line : 0;
	clamp_scroll(m);
}

static void
rebuild(struct model *m, const struct fks_table *tbl, bool nodes)
{
	rebuild_hl(m, tbl, nodes, HL_KEEP);
}

/* ---- the interface -------------------------------------------------------- */

struct model *
model_new(void)
{
	struct model *m = xmalloc(sizeof *m);

	memset(m, 0, sizeof *m);
	m->cdepth = -1;
	m->by = -1;
	m->sel = NO_ROW;
	m->height = 1;
	return m;
}

void
model_free(struct model *m)
{
	if (!m)
		return;
	free(m->folds);
	free(m->filter);
	free(m->fsaved);
	free(m->search);
	free(m->user);
	free(m->pcpu);
	free(m->nodes);
	free(m->node_of);
	free(m->rows);
	free(m->row_node);
	groups_free(&m->groups);
	gfolds_clear(m);
	clear_highlights(m);
	free(m);
}

/* The %CPU is measured first: the walk sorts by it.  The shown table,
 * m->tbl, is still the old one here. */
void
model_set_table(struct model *m, const struct fks_table *tbl)
{
	measure_cpu(m, NULL, tbl, 0);
	rebuild_hl(m, tbl, true, HL_CLEAR);
}

void
model_refresh(struct model *m, const struct fks_table *tbl, double secs)
{
	measure_cpu(m, m->tbl, tbl, secs);
	rebuild_hl(m, tbl, true, HL_DIFF);
}

void
model_clear_highlights(struct model *m)
{
	rebuild_hl(m, m->tbl, true, HL_CLEAR);
}

void
model_set_height(struct model *m, int height)
{
	m->height = height > 0 ? height : 1;
	clamp_scroll(m);
}

void
model_set_collapse_depth(struct model *m, int depth)
{
	m->cdepth = depth;
	m->nfolds = 0;
	gfolds_clear(m);
	rebuild(m, m->tbl, false);
}

size_t
model_nrows(const struct model *m)
{
	return m->nrows;
}

const struct mrow *
model_row(const struct model *m, size_t i)
{
	return i < m->nrows ? &m->rows[i] : NULL;
}

size_t
model_selected(const struct model *m)
{
	return m->sel;
}

size_t
model_top(const struct model *m)
{
	return m->top;
}

int
model_height(const struct model *m)
{
	return m->height;
}

const struct fks_task *
model_selected_task(const struct model *m)
{
	return m->sel == NO_ROW ? NULL : m->rows[m->sel].t;
}

const struct fks_table *
model_table(const struct model *m)
{
	return m->tbl;
}

void
model_move(struct model *m, enum move how)
{
	size_t h = (size_t)m->height, last;

	m->following = false;	/* the user took the wheel */
	if (m->nrows == 0)
		return;
	last = m->nrows - 1;
	switch (how) {
	case MOVE_UP:
		if (m->sel > 0)
			m->sel--;
		break;
	case MOVE_DOWN:
		if (m->sel < last)
			m->sel++;
		break;
	case MOVE_PGUP:
		m->sel = m->sel > h ? m->sel - h : 0;
		m->top = m->top > h ? m->top - h : 0;
		break;
	case MOVE_PGDN:
		m->sel = m->sel + h < last ? m->sel + h : last;
		m->top += h;
		break;
	case MOVE_HOME:
		m->sel = 0;
		break;
	case MOVE_END:
		m->sel = last;
		break;
	}
	clamp_scroll(m);
}

void
model_select(struct model *m, size_t i)
{
	if (i >= m->nrows)
		return;
	m->following = false;
	m->sel = i;
	clamp_scroll(m);
}

void
model_scroll(struct model *m, long n)
{
	size_t h = (size_t)m->height;

	if (n < 0)
		m->top = m->top > (size_t)-n ? m->top - (size_t)-n : 0;
	else
		m->top += (size_t)n;
	if (m->top > max_top(m))
		m->top = max_top(m);
	if (m->sel == NO_ROW)
		return;
	if (m->sel < m->top)
		m->sel = m->top;
	if (m->sel >= m->top + h)
		m->sel = m->top + h - 1;
}

static void
set_fold(struct model *m, bool collapsed)
{
	const struct mrow *r;

	if (m->sel == NO_ROW)
		return;
	r = &m->rows[m->sel];
	if (!r->kids || r->collapsed == collapsed)
		return;
	node_fold_set(m, &m->nodes[m->row_node[m->sel]], collapsed);
	rebuild(m, m->tbl, false);
}

void
model_expand(struct model *m)
{
	set_fold(m, false);
}

void
model_collapse(struct model *m)
{
	const struct mrow *r;

	if (m->sel == NO_ROW)
		return;
	r = &m->rows[m->sel];
	/* on a leaf or a folded node, go up to the parent, as a file
	 * manager's tree does: repeated, it folds a branch from inside */
	if ((!r->kids || r->collapsed) && r->parent != NO_ROW) {
		m->sel = r->parent;
		clamp_scroll(m);
		return;
	}
	set_fold(m, true);
}

void
model_toggle_fold(struct model *m)
{
	if (m->sel != NO_ROW)
		set_fold(m, !m->rows[m->sel].collapsed);
}

void
model_expand_all(struct model *m)
{
	model_set_collapse_depth(m, -1);
}

void
model_collapse_all(struct model *m)
{
	model_set_collapse_depth(m, 0);
}

void
model_toggle(struct model *m, unsigned flag)
{
	m->flags ^= flag;
	rebuild(m, m->tbl, true);
}

unsigned
model_flags(const struct model *m)
{
	return m->flags;
}

void
model_sort_next(struct model *m)
{
	model_set_sort(m, (m->sort + 1) % SORT_COUNT);
}

void
model_set_sort(struct model *m, enum msort s)
{
	m->sort = s < SORT_COUNT ? s : SORT_PID;
	rebuild(m, m->tbl, true);
}

enum msort
model_sort(const struct model *m)
{
	return m->sort;
}

const char *
model_sort_name(enum msort s)
{
	static const char *const names[] = {
		[SORT_PID] = "pid", [SORT_CPU] = "%cpu", [SORT_MEM] = "%mem",
		[SORT_TIME] = "time", [SORT_NAME] = "name",
	};

	return s < SORT_COUNT ? names[s] : "?";
}

/* ---- search, filter, follow ---------------------------------------------- */

/* Selects node n, unfolding its branch. */
static void
select_node(struct model *m, size_t n)
{
	struct task_id id = id_of(m->nodes[n].t);

	reveal(m, n);
	rebuild(m, m->tbl, false);
	m->sel = row_of_node(m, find_node(m, id));
	clamp_scroll(m);
}

/* The first matching node from `from` on (or back), wrapping. */
static size_t
find_match(const struct model *m, size_t from, int dir)
{
	size_t k, i;

	for (k = 0; k < m->nnodes; k++) {
		i = dir > 0 ? (from + k) % m->nnodes
			    : (from + m->nnodes - k % m->nnodes) % m->nnodes;
		if (m->nodes[i].t && text_match(m->nodes[i].t, m->search))
			return i;
	}
	return NO_ROW;
}

static void
set_text(char **slot, const char *text)
{
	free(*slot);
	*slot = NULL;
	if (text && *text) {
		*slot = strdup(text);
		if (!*slot)
			abort();
	}
}

void
model_search_begin(struct model *m)
{
	m->has_origin = m->sel != NO_ROW && m->rows[m->sel].t;
	if (m->has_origin)
		m->origin = id_of(m->rows[m->sel].t);
	set_text(&m->search, NULL);
}

/* The node the search started on, NO_ROW when it is gone. */
static size_t
origin_node(const struct model *m)
{
	return m->has_origin ? find_node(m, m->origin) : NO_ROW;
}

bool
model_search_set(struct model *m, const char *text)
{
	size_t from = origin_node(m), n;

	set_text(&m->search, text);
	if (!m->search) {
		if (from != NO_ROW)
			select_node(m, from);
		else
			rebuild(m, m->tbl, false);
		return true;
	}
	n = m->nnodes ? find_match(m, from == NO_ROW ? 0 : from, 1) : NO_ROW;
	if (n == NO_ROW) {
		/* back where the search began, not left on the match of
		 * the shorter text typed before (less and htop stay too) */
		if (from != NO_ROW)
			select_node(m, from);
		else
			rebuild(m, m->tbl, false);	/* highlights */
		return false;
	}
	select_node(m, n);
	return true;
}

bool
model_search_next(struct model *m, int dir)
{
	size_t cur, n;

	if (!m->search || m->nnodes == 0)
		return false;
	cur = m->sel == NO_ROW ? 0 : m->row_node[m->sel];
	n = find_match(m, (cur + m->nnodes + (dir > 0 ? 1 : -1)) % m->nnodes,
		       dir);
	if (n == NO_ROW)
		return false;
	m->following = false;
	select_node(m, n);
	return true;
}

void
model_search_end(struct model *m, bool accept)
{
	size_t from = origin_node(m);

	if (!accept) {
		set_text(&m->search, NULL);
		if (from != NO_ROW)
			select_node(m, from);
		else
			rebuild(m, m->tbl, false);
	}
	m->has_origin = false;
}

const char *
model_search_text(const struct model *m)
{
	return m->search;
}

void
model_set_filter(struct model *m, const char *text)
{
	set_text(&m->filter, text);
	rebuild(m, m->tbl, true);
}

const char *
model_filter(const struct model *m)
{
	return m->filter;
}

void
model_set_by(struct model *m, int col)
{
	m->by = col >= 0 && col < FKS_COL_COUNT ? col : -1;
	rebuild(m, m->tbl, true);
}

int
model_by(const struct model *m)
{
	return m->by;
}

void
model_set_user(struct model *m, const char *user)
{
	set_text(&m->user, user);
	rebuild(m, m->tbl, true);
}

const char *
model_user(const struct model *m)
{
	return m->user;
}

void
model_filter_begin(struct model *m)
{
	set_text(&m->fsaved, m->filter);
	m->has_forigin = m->sel != NO_ROW && m->rows[m->sel].t;
	if (m->has_forigin)
		m->forigin = id_of(m->rows[m->sel].t);
	m->in_filter = true;
}

void
model_filter_end(struct model *m, bool accept)
{
	size_t n;

	if (!m->in_filter)
		return;
	m->in_filter = false;
	if (!accept) {
		set_text(&m->filter, m->fsaved);
		rebuild(m, m->tbl, true);
		n = m->has_forigin ? find_node(m, m->forigin) : NO_ROW;
		if (n != NO_ROW)
			select_node(m, n);
	}
	set_text(&m->fsaved, NULL);
}

void
model_follow(struct model *m, bool on)
{
	m->follow_gone = 0;
	m->following = on && m->sel != NO_ROW && m->rows[m->sel].t;
	if (m->following)
		m->follow = id_of(m->rows[m->sel].t);
}

pid_t
model_following(const struct model *m)
{
	return m->following ? m->follow.tid : 0;
}

pid_t
model_follow_ended(struct model *m)
{
	pid_t tid = m->follow_gone;

	m->follow_gone = 0;
	return tid;
}
