/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop-model.h - forktop's view model: the rows of the visible process
 * forest, which nodes are folded, the selection, the scroll offset, search
 * and filter.  Pure: no curses and no I/O, so that every key's effect is
 * unit-tested on fixtures (tests/test-forktop-model.c).
 *
 * Tasks are known by identity (tid and start time), never by a row number
 * or a pointer, so that state survives a refresh: the table a model shows
 * may be replaced at any time (model_set_table).
 */
#ifndef FORKTOP_MODEL_H
#define FORKTOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <limits.h>
#include "forkscope.h"

#define NO_ROW ((size_t)-1)

/* A task across refreshes: a recycled pid has another start time. */
/* CPU ticks whose sum does not fit 64 bits (numbers from files): unknown,
 * shown as "-". */
#define CPU_UNKNOWN ULLONG_MAX

struct task_id {
	pid_t tid;
	unsigned long long start;
};

/* Sums over a node's subtree: itself and every process shown below it. */
struct totals {
	size_t tasks;		/* processes */
	size_t threads;		/* their nlwp (a process counts 1 and up) */
	size_t zombies;		/* zombie processes */
	unsigned long long cpu;	/* utime + stime, clock ticks */
	unsigned long long rss;	/* resident pages */
	double pcpu;		/* %CPU over the last interval, summed;
				 * PCPU_UNKNOWN when none is known */
};

/* A %CPU not measured: the first read, a snapshot, a ghost. */
#define PCPU_UNKNOWN (-1.0)

/*
 * A row: a task, or (grouped, model_set_by) a group's header, which has
 * no task (t NULL) and group set: its value, escaped.  A header is a root
 * (depth 0) with its group's forest under it, foldable as any row; sub
 * sums its processes.
 */
struct mrow {
	const struct fks_task *t;	/* NULL for a group's header */
	const char *group;	/* a header's value, else NULL */
	size_t parent;		/* the parent's row, NO_ROW for a root */
	int depth;		/* 0 for a root */
	bool last;		/* no later sibling: the tree art's corner */
	bool thread;		/* a thread row under its process (threads on) */
	bool kids;		/* has rows below it when expanded */
	bool collapsed;		/* kids hidden: sub holds what they add up to */
	bool zombie, orphan;
	bool match;		/* matches the search text */
	bool born;		/* appeared at one of the last refreshes */
	bool exited;		/* a ghost: gone at one of the last
				 * refreshes, shown where it was; t is a copy
				 * and belongs to no table */
	double pcpu;		/* its own %CPU, PCPU_UNKNOWN if unknown */
	struct totals sub;
};

enum move {
	MOVE_UP, MOVE_DOWN, MOVE_PGUP, MOVE_PGDN, MOVE_HOME, MOVE_END
};

/* Toggles (model_toggle); each one rebuilds the rows. */
enum mflag {
	MF_THREADS = 1u << 0,	/* threads as rows under their process */
	MF_ZOMBIES = 1u << 1,	/* only branches that hold a zombie */
	MF_ORPHANS = 1u << 2,	/* only branches that hold an orphan */
	MF_KERNEL  = 1u << 3,	/* kernel threads (hidden by default) */
};

/* Orders of siblings (model_sort_next cycles through them): %CPU over
 * the interval, memory (resident set), cumulative CPU time, busiest
 * first. */
enum msort { SORT_PID, SORT_CPU, SORT_MEM, SORT_TIME, SORT_NAME,
	     SORT_COUNT };

struct model;

struct model *model_new(void);
void model_free(struct model *m);

/*
 * Shows tbl (NULL: nothing), keeping folds, selection and scroll by task
 * identity: a selected task that vanished gives way to its nearest
 * surviving ancestor, else to the row at the same index, and the selection
 * stays on the same screen line where it can.  The previous table may be
 * freed once this returns.
 */
void model_set_table(struct model *m, const struct fks_table *tbl);
/*
 * As model_set_table, for a refresh of the same system: tasks of tbl that
 * the shown table lacked (by tid and start time: a reused pid is another
 * task) are marked born, and processes it held that tbl lacks stay as
 * exited ghost rows under their old parent.  Either mark lasts
 * MODEL_HIGHLIGHT refreshes.  model_set_table drops them all, and the
 * %CPU: it is measured here only, as each task's utime + stime ticks
 * since the shown table (all of them for a task born since) over `secs`,
 * the time between the two reads; 100 is one CPU busy the whole time
 * (top's Irix mode: a process's threads add up past 100).  secs <= 0:
 * unknown.
 */
void model_refresh(struct model *m, const struct fks_table *tbl,
		   double secs);
#define MODEL_HIGHLIGHT 2
/* Drops every born mark and ghost now (pause). */
void model_clear_highlights(struct model *m);
/* Rows the screen shows the tree in (at least 1). */
void model_set_height(struct model *m, int height);
/* Nodes at depth >= depth start folded (-c); -1: none.  Drops every fold
 * made by hand. */
void model_set_collapse_depth(struct model *m, int depth);

size_t model_nrows(const struct model *m);
const struct mrow *model_row(const struct model *m, size_t i);
/* The selected row (NO_ROW when there are none) and the first row shown. */
size_t model_selected(const struct model *m);
size_t model_top(const struct model *m);
/* Rows the tree is shown in (model_set_height). */
int model_height(const struct model *m);
const struct fks_task *model_selected_task(const struct model *m);
const struct fks_table *model_table(const struct model *m);

void model_move(struct model *m, enum move how);
/* Selects row i (a mouse click); out of range is ignored. */
void model_select(struct model *m, size_t i);
/* Scrolls the view by n rows (the wheel), the selection kept in view. */
void model_scroll(struct model *m, long n);

/* Folds: on the selected row; expand/collapse all drop hand folds. */
void model_expand(struct model *m);
void model_collapse(struct model *m);
void model_toggle_fold(struct model *m);
void model_expand_all(struct model *m);
void model_collapse_all(struct model *m);

void model_toggle(struct model *m, unsigned flag);
unsigned model_flags(const struct model *m);
void model_sort_next(struct model *m);
void model_set_sort(struct model *m, enum msort s);
enum msort model_sort(const struct model *m);
const char *model_sort_name(enum msort s);

/*
 * Incremental search on comm and cmdline (case-insensitive).  begin notes
 * where it starts; set looks from there for the first match (unfolding
 * its branch) and returns whether one was found (with none, or an empty
 * text, the selection returns to the start); next goes to the following
 * (dir > 0) or preceding match,
 * wrapping, and returns whether there is one.  end with accept keeps the
 * text for next and for highlights; without, it returns to the start and
 * drops the text.
 */
void model_search_begin(struct model *m);
bool model_search_set(struct model *m, const char *text);
bool model_search_next(struct model *m, int dir);
void model_search_end(struct model *m, bool accept);
const char *model_search_text(const struct model *m);

/* Shows only branches holding a task whose comm or cmdline holds text
 * (NULL or "": no filter), with the path to each. */
void model_set_filter(struct model *m, const char *text);
const char *model_filter(const struct model *m);
/*
 * A filter typed a key at a time: begin notes the filter and the
 * selection; model_set_filter applies each keystroke; end with accept
 * keeps the last, without it puts back the filter noted and selects the
 * task that was selected then, if it is still there.
 */
void model_filter_begin(struct model *m);
void model_filter_end(struct model *m, bool accept);

/*
 * Groups (the b key, --by): the processes shown in groups of one value of
 * column col (unit, container, pidns ... as pforest --by), one after
 * another in the order the forest meets them, each a header row with its
 * own forest below it: a process whose parent is in another group is a
 * root in its own.  A narrowed view (filter, user, zombies, orphans)
 * shows the matches alone in each group, without the path to them, as
 * pforest --by.  A ghost is grouped by its value when it went.  col -1:
 * no groups.  The table must hold the column's fields.
 */
void model_set_by(struct model *m, int col);
int model_by(const struct model *m);

/* Shows only branches holding a process of this user (its effective
 * uid, by name or number; NULL or "": any user), with the path to each. */
void model_set_user(struct model *m, const char *user);
const char *model_user(const struct model *m);

/*
 * Follows the selected task: on every change its branch is unfolded and it
 * stays selected, wherever it moves.  A move key, or its exit, ends it.
 * Returns the tid followed, 0 when none.
 */
void model_follow(struct model *m, bool on);
pid_t model_following(const struct model *m);
/*
 * The tid followed when its exit (at a new table) ended the follow, once:
 * the call forgets it.  0 when the follow did not end so since the last
 * call or model_follow (a move key ends it without a word).
 */
pid_t model_follow_ended(struct model *m);

#endif
