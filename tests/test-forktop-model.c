/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-forktop-model.c - forktop's view model on fixtures: rows and depths,
 * folds and subtree totals, moves and scroll, selection kept across a
 * refresh in which tasks vanish and appear, search, filter, toggles and
 * follow.  Facts come from each fixture's README; the refreshed tables are
 * copies of a fixture with process directories removed or added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"
#include "forktop-model.h"
#include "testutil.h"

/* The fixtures' facts (see their READMEs). */
#define FARM_PARENT 15901
#define FARM_FIRST 15903	/* the zombies are 15903..15922 */
#define FARM_LAST 15922

static struct fks_table *
load_dir(const char *dir)
{
	return table_of_dir(dir, FKS_F_ALL, FKS_READ_THREADS);
}

static struct fks_table *
load(const char *name)
{
	return table_of_fixture(name, FKS_F_ALL, FKS_READ_THREADS);
}

/*
 * A copy of fixture `name` in a new scratch directory (in *dir), without
 * the process directories `drop` (space-separated pids, or NULL), and
 * with zombie `clone` copied as pid `as` (0: none): tasks that vanished
 * and one that appeared.
 */
static struct fks_table *
load_changed(const char *name, const char *drop, int clone, int as,
	     char *dir)
{
	char cmd[8192], rel[128];

	strcpy(dir, "/tmp/test-forktop-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(rel, sizeof rel, "fixtures/%s", name);
	snprintf(cmd, sizeof cmd, "cp -a '%s'/. '%s'/", srcpath(rel), dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	if (drop) {
		snprintf(cmd, sizeof cmd, "cd '%s' && rm -rf %s", dir, drop);
		CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	}
	if (clone) {
		snprintf(cmd, sizeof cmd,
			 "cd '%s' && cp -a %d %d && mv %d/task/%d %d/task/%d && "
			 "sed -i 's/^%d /%d /' %d/stat %d/task/%d/stat && "
			 "sed -i 's/\\t%d$/\\t%d/' %d/status %d/task/%d/status",
			 dir, clone, as, as, clone, as, as, clone, as, as, as,
			 as, clone, as, as, as, as);
		CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	}
	return load_dir(dir);
}

/* A model of the table at the given height. */
static struct model *
view(const struct fks_table *tbl, int height)
{
	struct model *m = model_new();

	model_set_height(m, height);
	model_set_table(m, tbl);
	return m;
}

static pid_t
row_pid(const struct model *m, size_t i)
{
	const struct mrow *r = model_row(m, i);

	return !r ? -1 : r->t ? r->t->tid : 0;	/* 0: a group's header */
}

static pid_t
sel_pid(const struct model *m)
{
	return model_selected(m) == NO_ROW ? -1 : row_pid(m, model_selected(m));
}

/* Selects the row of pid by moving down from the top (as a user would). */
static void
select_pid(struct model *m, pid_t pid)
{
	model_move(m, MOVE_HOME);
	while (sel_pid(m) != pid && model_selected(m) + 1 < model_nrows(m))
		model_move(m, MOVE_DOWN);
	CU_ASSERT_EQUAL_FATAL(sel_pid(m), pid);
}

static void
test_rows(void)
{
	struct fks_table *tbl = load("scn-zombie-farm");
	struct model *m = view(tbl, 24);
	const struct mrow *r;
	size_t i;

	CU_ASSERT_EQUAL(model_nrows(m), 22);
	CU_ASSERT_EQUAL(row_pid(m, 0), 1);
	CU_ASSERT_EQUAL(model_row(m, 0)->depth, 0);
	CU_ASSERT_EQUAL(model_row(m, 0)->parent, NO_ROW);
	CU_ASSERT_EQUAL(row_pid(m, 1), FARM_PARENT);
	CU_ASSERT_EQUAL(model_row(m, 1)->depth, 1);
	CU_ASSERT_TRUE(model_row(m, 1)->last);
	for (i = 2; i < 22; i++) {
		r = model_row(m, i);
		CU_ASSERT_EQUAL(r->t->tid, FARM_FIRST + (pid_t)i - 2);
		CU_ASSERT_EQUAL(r->depth, 2);
		CU_ASSERT_EQUAL(r->parent, 1);
		CU_ASSERT_TRUE(r->zombie);
		CU_ASSERT_FALSE(r->kids);
		CU_ASSERT_EQUAL(r->last, i == 21);
	}
	CU_ASSERT_EQUAL(model_selected(m), 0);
	CU_ASSERT_EQUAL(model_top(m), 0);
	model_free(m);
	free_table_and_root(tbl);
}

static void
test_collapse_totals(void)
{
	struct fks_table *tbl = load("scn-zombie-farm");
	struct model *m = view(tbl, 24);
	const struct mrow *r;

	select_pid(m, FARM_PARENT);
	model_collapse(m);
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	r = model_row(m, 1);
	CU_ASSERT_TRUE(r->collapsed);
	/* itself and its 20 zombies: utime 0 + stime 1, 364 pages */
	CU_ASSERT_EQUAL(r->sub.tasks, 21);
	CU_ASSERT_EQUAL(r->sub.threads, 21);
	CU_ASSERT_EQUAL(r->sub.zombies, 20);
	CU_ASSERT_EQUAL(r->sub.cpu, 1);
	CU_ASSERT_EQUAL(r->sub.rss, 364);
	/* the root's: 13 threads of its own, 1015 + 2208 ticks, 2581 pages */
	r = model_row(m, 0);
	CU_ASSERT_EQUAL(r->sub.tasks, 22);
	CU_ASSERT_EQUAL(r->sub.threads, 34);
	CU_ASSERT_EQUAL(r->sub.zombies, 20);
	CU_ASSERT_EQUAL(r->sub.cpu, 1015 + 2208 + 1);
	CU_ASSERT_EQUAL(r->sub.rss, 2581 + 364);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	/* toggle back; collapse on a leaf goes up to its parent */
	model_toggle_fold(m);
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	model_move(m, MOVE_DOWN);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST);
	model_collapse(m);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	/* -c 1: the roots' children start folded; -c 0: only roots */
	model_set_collapse_depth(m, 1);
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_TRUE(model_row(m, 1)->collapsed);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	model_expand(m);
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	model_collapse_all(m);
	CU_ASSERT_EQUAL(model_nrows(m), 1);
	CU_ASSERT_EQUAL(sel_pid(m), 1);	/* its nearest shown ancestor */
	model_expand_all(m);
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	model_free(m);
	free_table_and_root(tbl);
}

static void
test_moves_scroll(void)
{
	struct fks_table *tbl = load("scn-zombie-farm");
	struct model *m = view(tbl, 5);

	model_move(m, MOVE_END);
	CU_ASSERT_EQUAL(model_selected(m), 21);
	CU_ASSERT_EQUAL(model_top(m), 17);
	model_move(m, MOVE_PGUP);
	CU_ASSERT_EQUAL(model_selected(m), 16);
	CU_ASSERT_EQUAL(model_top(m), 12);
	model_move(m, MOVE_UP);
	CU_ASSERT_EQUAL(model_selected(m), 15);
	CU_ASSERT_EQUAL(model_top(m), 12);
	model_move(m, MOVE_HOME);
	CU_ASSERT_EQUAL(model_selected(m), 0);
	CU_ASSERT_EQUAL(model_top(m), 0);
	model_move(m, MOVE_UP);
	CU_ASSERT_EQUAL(model_selected(m), 0);
	model_move(m, MOVE_PGDN);
	CU_ASSERT_EQUAL(model_selected(m), 5);
	CU_ASSERT_EQUAL(model_top(m), 5);
	model_move(m, MOVE_DOWN);
	CU_ASSERT_EQUAL(model_selected(m), 6);
	CU_ASSERT_EQUAL(model_top(m), 5);
	model_scroll(m, 3);	/* the wheel keeps the selection in view */
	CU_ASSERT_EQUAL(model_top(m), 8);
	CU_ASSERT_EQUAL(model_selected(m), 8);
	model_scroll(m, 100);
	CU_ASSERT_EQUAL(model_top(m), 17);
	model_select(m, 20);
	CU_ASSERT_EQUAL(model_selected(m), 20);
	model_select(m, 99);
	CU_ASSERT_EQUAL(model_selected(m), 20);
	model_set_height(m, 2);
	CU_ASSERT_EQUAL(model_top(m), 19);
	model_free(m);
	free_table_and_root(tbl);
}

static void
test_refresh_vanish(void)
{
	struct fks_table *a = load("scn-zombie-farm"), *b, *c;
	struct model *m = view(a, 5);
	char dir[64], dir2[64];

	/* the selected zombie is reaped: its parent takes the selection */
	select_pid(m, 15910);
	b = load_changed("scn-zombie-farm", "15910", 0, 0, dir);
	model_set_table(m, b);
	free_table_and_root(a);
	CU_ASSERT_EQUAL(model_nrows(m), 21);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);

	/* one before it is reaped and one appears after it: the selection
	 * keeps its task and its screen line; rows above it move */
	select_pid(m, 15912);
	CU_ASSERT_EQUAL(model_selected(m), 10);
	CU_ASSERT_EQUAL(model_top(m), 6);
	c = load_changed("scn-zombie-farm", "15910 15905", 15922, 15930,
			 dir2);
	model_set_table(m, c);
	free_table_and_root(b);
	CU_ASSERT_EQUAL(model_nrows(m), 21);
	CU_ASSERT_EQUAL(sel_pid(m), 15912);
	CU_ASSERT_EQUAL(model_selected(m), 9);
	CU_ASSERT_EQUAL(model_top(m), 5);
	CU_ASSERT_EQUAL(row_pid(m, 20), 15930);
	CU_ASSERT_EQUAL(model_row(m, 1)->sub.tasks, 20);
	CU_ASSERT_EQUAL(model_row(m, 1)->sub.zombies, 19);
	model_free(m);
	free_table_and_root(c);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
	CU_ASSERT_EQUAL(remove_tree(dir2), 0);
}

static void
test_refresh_folds(void)
{
	struct fks_table *a = load("scn-zombie-farm"), *b;
	struct model *m = view(a, 24);
	char dir[64];

	/* a fold is kept by identity across a refresh */
	select_pid(m, FARM_PARENT);
	model_collapse(m);
	b = load_changed("scn-zombie-farm", "15903", 0, 0, dir);
	model_set_table(m, b);
	free_table_and_root(a);
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_TRUE(model_row(m, 1)->collapsed);
	CU_ASSERT_EQUAL(model_row(m, 1)->sub.tasks, 20);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	model_free(m);
	free_table_and_root(b);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
}

static void
test_refresh_other(void)
{
	struct fks_table *a = load("scn-zombie-farm"), *b, *c;
	struct model *m = view(a, 24);

	/* a whole branch gone: pid 1 (the same start) is what is left */
	select_pid(m, 15920);
	b = load("scn-orphan");
	model_set_table(m, b);
	free_table_and_root(a);
	CU_ASSERT_EQUAL(model_nrows(m), 3);
	CU_ASSERT_EQUAL(sel_pid(m), 1);
	/* nothing of the chain survives (pid 1 started at another time):
	 * the row at the same index, here the last */
	model_move(m, MOVE_END);
	c = load("hostile-names");
	model_set_table(m, c);
	free_table_and_root(b);
	CU_ASSERT_EQUAL(model_nrows(m), 9);
	CU_ASSERT_EQUAL(model_selected(m), 2);
	CU_ASSERT_EQUAL(sel_pid(m), 101);
	model_set_table(m, NULL);
	CU_ASSERT_EQUAL(model_nrows(m), 0);
	CU_ASSERT_EQUAL(model_selected(m), NO_ROW);
	CU_ASSERT_PTR_NULL(model_selected_task(m));
	model_free(m);
	free_table_and_root(c);
}

static void
test_search(void)
{
	struct fks_table *tbl = load("scn-zombie-farm");
	struct model *m = view(tbl, 24);

	model_collapse_all(m);
	CU_ASSERT_EQUAL(model_nrows(m), 1);
	model_search_begin(m);
	CU_ASSERT_TRUE(model_search_set(m, "z"));
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);	/* unfolded to it */
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_TRUE(model_search_set(m, "ZF-CH"));	/* any case */
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST);
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	CU_ASSERT_TRUE(model_row(m, 2)->match);
	CU_ASSERT_FALSE(model_row(m, 1)->match);
	CU_ASSERT_FALSE(model_search_set(m, "zf-chx"));
	CU_ASSERT_TRUE(model_search_set(m, "zf-ch"));
	model_search_end(m, true);
	CU_ASSERT_STRING_EQUAL(model_search_text(m), "zf-ch");
	CU_ASSERT_TRUE(model_search_next(m, 1));
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);
	CU_ASSERT_TRUE(model_search_next(m, -1));
	CU_ASSERT_TRUE(model_search_next(m, -1));	/* wraps */
	CU_ASSERT_EQUAL(sel_pid(m), FARM_LAST);
	CU_ASSERT_TRUE(model_search_next(m, 1));
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST);
	/* the command line matches too (NULs as spaces); a cancelled
	 * search goes back to where it began */
	model_move(m, MOVE_HOME);
	model_search_begin(m);
	CU_ASSERT_TRUE(model_search_set(m, "scenarios/zombie-farm"));
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	model_search_end(m, false);
	CU_ASSERT_EQUAL(sel_pid(m), 1);
	CU_ASSERT_PTR_NULL(model_search_text(m));
	CU_ASSERT_FALSE(model_search_next(m, 1));
	model_free(m);
	free_table_and_root(tbl);
}

/* A text that matches nothing leaves the cursor where the search began,
 * not on the match of the shorter text typed before it (as less and
 * htop do); it stays there when the search is kept. */
static void
test_search_no_match(void)
{
	struct fks_table *tbl = load("scn-zombie-farm");
	struct model *m = view(tbl, 24);

	select_pid(m, FARM_FIRST + 1);
	model_search_begin(m);
	CU_ASSERT_TRUE(model_search_set(m, "process_api"));
	CU_ASSERT_EQUAL(sel_pid(m), 1);		/* wrapped to the top */
	CU_ASSERT_FALSE(model_search_set(m, "process_apiX"));
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);
	CU_ASSERT_FALSE(model_row(m, 0)->match);
	model_search_end(m, true);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);
	CU_ASSERT_FALSE(model_search_next(m, 1));
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);
	/* from the start, too: no keystroke moved it */
	model_search_begin(m);
	CU_ASSERT_FALSE(model_search_set(m, "q"));
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);
	model_search_end(m, true);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);
	model_free(m);
	free_table_and_root(tbl);
}

static void
test_filter(void)
{
	struct fks_table *tbl = load("scn-zombie-farm"), *h;
	struct model *m = view(tbl, 24);

	select_pid(m, 15907);
	model_set_filter(m, "zf-parent");
	CU_ASSERT_EQUAL(model_nrows(m), 2);	/* the path kept */
	CU_ASSERT_EQUAL(row_pid(m, 1), FARM_PARENT);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	CU_ASSERT_STRING_EQUAL(model_filter(m), "zf-parent");
	model_set_filter(m, "nothing at all");
	CU_ASSERT_EQUAL(model_nrows(m), 0);
	CU_ASSERT_EQUAL(model_selected(m), NO_ROW);
	model_set_filter(m, "");
	CU_ASSERT_PTR_NULL(model_filter(m));
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	CU_ASSERT_EQUAL(model_selected(m), 0);
	/* wide characters, and the raw bytes of a hostile name */
	h = load("hostile-names");
	model_set_table(m, h);
	free_table_and_root(tbl);
	model_set_filter(m, "\xe4\xb8\xad");
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_EQUAL(row_pid(m, 1), 107);
	model_set_filter(m, "\033]0;pwned");
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_EQUAL(row_pid(m, 1), 102);
	model_free(m);
	free_table_and_root(h);
}

static void
test_toggles(void)
{
	struct fks_table *tbl = load("scn-threads"), *o, *z, *h;
	struct model *m = view(tbl, 24);
	size_t i;

	CU_ASSERT_EQUAL(model_nrows(m), 2);
	select_pid(m, 14527);
	model_toggle(m, MF_THREADS);
	/* pid 1's 12 other threads, then th-main's 3 under it */
	CU_ASSERT_EQUAL(model_nrows(m), 17);
	CU_ASSERT_EQUAL(sel_pid(m), 14527);
	CU_ASSERT_EQUAL(model_selected(m), 13);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(row_pid(m, 14 + i), 14529 + (pid_t)i);
		CU_ASSERT_TRUE(model_row(m, 14 + i)->thread);
		CU_ASSERT_EQUAL(model_row(m, 14 + i)->depth, 2);
	}
	CU_ASSERT_EQUAL(model_row(m, 13)->sub.threads, 4);
	model_move(m, MOVE_END);
	model_toggle(m, MF_THREADS);	/* the thread goes: its process */
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_EQUAL(sel_pid(m), 14527);

	o = load("scn-orphan");
	model_set_table(m, o);
	free_table_and_root(tbl);
	model_toggle(m, MF_ORPHANS);
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_EQUAL(row_pid(m, 1), 13278);
	CU_ASSERT_TRUE(model_row(m, 1)->orphan);
	CU_ASSERT_EQUAL(model_flags(m), MF_ORPHANS);
	model_toggle(m, MF_ORPHANS);
	model_toggle(m, MF_ZOMBIES);
	CU_ASSERT_EQUAL(model_nrows(m), 0);
	z = load("scn-zombie-farm");
	model_set_table(m, z);
	free_table_and_root(o);
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	model_toggle(m, MF_ZOMBIES);

	h = load("hostile-names");
	model_set_table(m, h);
	free_table_and_root(z);
	CU_ASSERT_EQUAL(model_nrows(m), 9);
	model_toggle(m, MF_KERNEL);
	CU_ASSERT_EQUAL(model_nrows(m), 11);	/* kthreadd, kworker */
	CU_ASSERT_EQUAL(row_pid(m, 9), 2);
	CU_ASSERT_EQUAL(row_pid(m, 10), 3);
	model_toggle(m, MF_KERNEL);
	/* by name, bytewise: ESC (0x1b) < 'a' < 'b' < 'c' ... < UTF-8 */
	model_sort_next(m);
	CU_ASSERT_EQUAL(model_sort(m), SORT_CPU);
	CU_ASSERT_STRING_EQUAL(model_sort_name(SORT_CPU), "%cpu");
	model_sort_next(m);
	CU_ASSERT_EQUAL(model_sort(m), SORT_MEM);
	model_sort_next(m);
	CU_ASSERT_EQUAL(model_sort(m), SORT_TIME);
	model_sort_next(m);
	CU_ASSERT_EQUAL(model_sort(m), SORT_NAME);
	CU_ASSERT_STRING_EQUAL(model_sort_name(SORT_NAME), "name");
	CU_ASSERT_EQUAL(row_pid(m, 1), 102);	/* "\e]0;..." */
	CU_ASSERT_EQUAL(row_pid(m, 2), 100);	/* "a) (b c" */
	CU_ASSERT_EQUAL(row_pid(m, 3), 104);	/* "bad\xff..." */
	CU_ASSERT_EQUAL(row_pid(m, 4), 103);	/* "c1..." */
	CU_ASSERT_EQUAL(row_pid(m, 8), 107);	/* UTF-8 last */
	model_sort_next(m);
	CU_ASSERT_EQUAL(model_sort(m), SORT_PID);
	model_free(m);
	free_table_and_root(h);
}

static void
test_follow(void)
{
	struct fks_table *a = load("scn-zombie-farm"), *b, *c;
	struct model *m = view(a, 5);
	char dir[64], dir2[64];

	select_pid(m, 15912);
	model_follow(m, true);
	CU_ASSERT_EQUAL(model_following(m), 15912);
	/* folding everything keeps the followed task's branch open */
	model_collapse_all(m);
	CU_ASSERT_EQUAL(sel_pid(m), 15912);
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	b = load_changed("scn-zombie-farm", "15903 15904", 0, 0, dir);
	model_set_table(m, b);
	free_table_and_root(a);
	CU_ASSERT_EQUAL(sel_pid(m), 15912);
	CU_ASSERT_EQUAL(model_following(m), 15912);
	CU_ASSERT_EQUAL(model_follow_ended(m), 0);	/* others went */
	/* its exit ends the follow, and says so once */
	c = load_changed("scn-zombie-farm", "15912", 0, 0, dir2);
	model_set_table(m, c);
	free_table_and_root(b);
	CU_ASSERT_EQUAL(model_following(m), 0);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	CU_ASSERT_EQUAL(model_follow_ended(m), 15912);
	CU_ASSERT_EQUAL(model_follow_ended(m), 0);
	/* a move ends it too, and that is no exit to tell */
	model_follow(m, true);
	CU_ASSERT_EQUAL(model_following(m), FARM_PARENT);
	model_move(m, MOVE_DOWN);
	CU_ASSERT_EQUAL(model_following(m), 0);
	model_set_table(m, c);
	CU_ASSERT_EQUAL(model_follow_ended(m), 0);
	model_free(m);
	free_table_and_root(c);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
	CU_ASSERT_EQUAL(remove_tree(dir2), 0);
}

/* The filter as typed: each key applies, Esc puts back the old one and
 * the selection it had hidden, Enter keeps the last. */
static void
test_filter_typing(void)
{
	struct fks_table *tbl = load("scn-zombie-farm");
	struct model *m = view(tbl, 24);

	select_pid(m, FARM_FIRST + 1);
	model_filter_begin(m);
	model_set_filter(m, "zf");
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);
	model_set_filter(m, "zf-p");
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);	/* its ancestor */
	model_filter_end(m, false);
	CU_ASSERT_PTR_NULL(model_filter(m));
	CU_ASSERT_EQUAL(model_nrows(m), 22);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_FIRST + 1);	/* back on it */
	/* Enter keeps the last text */
	model_filter_begin(m);
	model_set_filter(m, "zf-p");
	model_filter_end(m, true);
	CU_ASSERT_STRING_EQUAL(model_filter(m), "zf-p");
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	/* Esc on a second one goes back to the first, not to none */
	model_filter_begin(m);
	model_set_filter(m, "nothing at all");
	CU_ASSERT_EQUAL(model_nrows(m), 0);
	CU_ASSERT_EQUAL(model_selected(m), NO_ROW);
	model_filter_end(m, false);
	CU_ASSERT_STRING_EQUAL(model_filter(m), "zf-p");
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_EQUAL(sel_pid(m), FARM_PARENT);
	/* an end without a begin changes nothing */
	model_filter_end(m, false);
	CU_ASSERT_STRING_EQUAL(model_filter(m), "zf-p");
	model_free(m);
	free_table_and_root(tbl);
}

/* ---- highlights: the difference between two refreshes ------------------ */

/* fixtures/refresh-1 then refresh-2 (fixtures/make-handmade.py): 102
 * exited, 200 with its child 201, pid 300 reused; 103, 104 forked. */
static const struct { pid_t pid; int depth; bool born, exited; } after[] = {
	{ 1, 0, false, false }, { 100, 1, false, false },
	{ 101, 2, false, false }, { 104, 3, true, false },
	{ 102, 2, false, true }, { 103, 2, true, false },
	{ 200, 1, false, true }, { 201, 2, false, true },
	{ 300, 1, false, true }, { 300, 1, true, false },
};
#define NAFTER (sizeof after / sizeof after[0])

static void
check_after(const struct model *m)
{
	const struct mrow *r;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(model_nrows(m), NAFTER);
	for (i = 0; i < NAFTER; i++) {
		r = model_row(m, i);
		CU_ASSERT_EQUAL(r->t->tid, after[i].pid);
		CU_ASSERT_EQUAL(r->depth, after[i].depth);
		CU_ASSERT_EQUAL(r->born, after[i].born);
		CU_ASSERT_EQUAL(r->exited, after[i].exited);
	}
	/* the reused pid: the old process's ghost, then the new one */
	CU_ASSERT_STRING_EQUAL(model_row(m, 8)->t->comm, "old-300");
	CU_ASSERT_STRING_EQUAL(model_row(m, 9)->t->comm, "new-300");
	/* a ghost under a ghost: dkid under daemon */
	CU_ASSERT_EQUAL(model_row(m, 7)->parent, 6);
}

static void
test_highlights_diff(void)
{
	struct fks_table *t1 = load("refresh-1"), *t2 = load("refresh-2");
	struct fks_table *t3 = load("refresh-2"), *t4 = load("refresh-2");
	struct model *m = view(t1, 24);
	size_t i;

	/* the first table has nothing to be compared with */
	for (i = 0; i < model_nrows(m); i++)
		CU_ASSERT_FALSE(model_row(m, i)->born ||
				model_row(m, i)->exited);
	select_pid(m, 102);
	model_refresh(m, t2, 0);
	free_table_and_root(t1);	/* the ghosts are copies */
	check_after(m);
	/* the selection stays on the task, now a ghost */
	CU_ASSERT_EQUAL(model_selected(m), 4);
	/* the marks last MODEL_HIGHLIGHT (2) refreshes, then go */
	model_refresh(m, t3, 0);
	free_table_and_root(t2);
	check_after(m);
	CU_ASSERT_EQUAL(model_selected(m), 4);
	model_refresh(m, t4, 0);
	free_table_and_root(t3);
	CU_ASSERT_EQUAL(model_nrows(m), 6);
	for (i = 0; i < model_nrows(m); i++)
		CU_ASSERT_FALSE(model_row(m, i)->born ||
				model_row(m, i)->exited);
	/* the ghost went: the selection falls to its parent */
	CU_ASSERT_EQUAL(sel_pid(m), 100);
	model_free(m);
	free_table_and_root(t4);
}

static void
test_highlights_views(void)
{
	struct fks_table *t1 = load("refresh-1"), *t2 = load("refresh-2");
	struct model *m = view(t1, 24);

	model_refresh(m, t2, 0);
	/* a fold counts the living only: sh holds 101, 104, 103 */
	select_pid(m, 100);
	model_collapse(m);
	CU_ASSERT_TRUE(model_row(m, 1)->collapsed);
	CU_ASSERT_EQUAL(model_row(m, 1)->sub.tasks, 4);
	model_expand(m);
	/* the filter keeps a ghost that matches and the path to it, ghost
	 * or living */
	model_set_filter(m, "dkid");
	CU_ASSERT_EQUAL_FATAL(model_nrows(m), 3);
	CU_ASSERT_EQUAL(row_pid(m, 0), 1);
	CU_ASSERT_EQUAL(row_pid(m, 1), 200);
	CU_ASSERT_EQUAL(row_pid(m, 2), 201);
	CU_ASSERT_TRUE(model_row(m, 2)->exited);
	model_set_filter(m, "short");
	CU_ASSERT_EQUAL_FATAL(model_nrows(m), 3);
	CU_ASSERT_EQUAL(row_pid(m, 1), 100);
	CU_ASSERT_EQUAL(row_pid(m, 2), 102);
	model_set_filter(m, NULL);
	/* search finds a ghost too */
	model_search_begin(m);
	CU_ASSERT_TRUE(model_search_set(m, "old-300"));
	model_search_end(m, true);
	CU_ASSERT_TRUE(model_row(m, model_selected(m))->exited);
	/* pause (or a new view) drops every mark at once */
	model_clear_highlights(m);
	CU_ASSERT_EQUAL(model_nrows(m), 6);
	CU_ASSERT_FALSE(model_row(m, 3)->born);
	model_free(m);
	free_table_and_root(t1);
	free_table_and_root(t2);
}

/*
 * A copy of fixture refresh-1 whose pids 101 (worker) and 102 (short)
 * ran: their utime and stime (fields 14 and 15) set.
 */
static struct fks_table *
load_ran(char *dir, int u101, int s101, int u102, int s102)
{
	char cmd[3 * 4096];	/* srcpath() is up to 4095 bytes */

	strcpy(dir, "/tmp/test-forktop-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(cmd, sizeof cmd,
		 "cp -a '%s'/. '%s'/ && cd '%s' && "
		 "awk '{ $14 = %d; $15 = %d; print }' 101/stat >x && "
		 "mv x 101/stat && "
		 "awk '{ $14 = %d; $15 = %d; print }' 102/stat >x && "
		 "mv x 102/stat",
		 srcpath("fixtures/refresh-1"), dir, dir, u101, s101, u102,
		 s102);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	return load_dir(dir);
}

static const struct mrow *
row_of(const struct model *m, pid_t pid)
{
	size_t i;

	for (i = 0; i < model_nrows(m); i++)
		if (row_pid(m, i) == pid)
			return model_row(m, i);
	CU_FAIL_FATAL("no such row");
	return NULL;
}

/* %CPU: ticks since the last table over the time between the two, the
 * busiest first when sorted by it, summed in a fold; unknown at first. */
static void
test_pcpu(void)
{
	char d1[64], d2[64], cmd[256];
	struct fks_table *t1 = load_ran(d1, 1, 1, 5, 3);
	/* 2 s later (clk_tck 100): worker ran 20 ticks, short 100+50 */
	struct fks_table *t2 = load_ran(d2, 21, 1, 105, 53), *t3;
	const struct fks_task *t;
	struct model *m = view(t1, 24);
	size_t i, n101;

	for (i = 0; i < model_nrows(m); i++) {
		CU_ASSERT_EQUAL(model_row(m, i)->pcpu, PCPU_UNKNOWN);
		CU_ASSERT_EQUAL(model_row(m, i)->sub.pcpu, PCPU_UNKNOWN);
	}
	model_refresh(m, t2, 2.0);
	CU_ASSERT_DOUBLE_EQUAL(row_of(m, 101)->pcpu, 10.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(row_of(m, 102)->pcpu, 75.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(row_of(m, 100)->pcpu, 0.0, 1e-9);
	/* no time between the two: unknown, not infinite */
	model_refresh(m, t2, 0);
	CU_ASSERT_EQUAL(row_of(m, 102)->pcpu, PCPU_UNKNOWN);
	/* a task not in the last table used all its ticks since */
	model_set_table(m, t1);
	t3 = load("refresh-2");
	model_refresh(m, t3, 0.5);
	t = fks_table_find(t3, 103);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_DOUBLE_EQUAL(row_of(m, 103)->pcpu,
			       (double)(t->utime + t->stime) * 100 / 100 / 0.5,
			       1e-9);
	model_set_table(m, t1);
	free_table_and_root(t3);
	model_refresh(m, t2, 2.0);
	/* the fold of sh sums its subtree: sh 0 + worker 10 + short 75 */
	select_pid(m, 100);
	model_collapse(m);
	CU_ASSERT_TRUE(row_of(m, 100)->collapsed);
	CU_ASSERT_DOUBLE_EQUAL(row_of(m, 100)->sub.pcpu, 85.0, 1e-9);
	model_expand(m);
	/* by %CPU, the busiest sibling first: short (75) before worker */
	select_pid(m, 101);
	n101 = model_selected(m);
	CU_ASSERT_EQUAL(row_pid(m, n101 + 1), 102);
	model_set_sort(m, SORT_CPU);
	CU_ASSERT_EQUAL(row_pid(m, n101), 102);
	CU_ASSERT_EQUAL(row_pid(m, n101 + 1), 101);
	model_set_sort(m, SORT_PID);
	model_free(m);
	free_table_and_root(t1);
	free_table_and_root(t2);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", d1, d2);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

/* The user filter: processes of one effective user, by name or uid,
 * with the path to each; none for a user with no process. */
static void
test_user(void)
{
	struct fks_table *tbl = load("users");
	struct model *m = view(tbl, 24);
	const struct mrow *r;
	size_t i, all = model_nrows(m), n;
	char num[16];
	uid_t uid = (uid_t)-1;

	/* a process not root's: its user by number, then by name */
	for (i = 0; i < all && uid == (uid_t)-1; i++)
		if (model_row(m, i)->t->euid != 0)
			uid = model_row(m, i)->t->euid;
	CU_ASSERT_NOT_EQUAL_FATAL(uid, (uid_t)-1);
	snprintf(num, sizeof num, "%u", (unsigned)uid);
	model_set_user(m, num);
	CU_ASSERT_STRING_EQUAL(model_user(m), num);
	n = model_nrows(m);
	CU_ASSERT_TRUE(n > 0 && n < all);
	for (i = 0; i < n; i++) {
		r = model_row(m, i);
		/* each row is the user's, or on the path to one */
		if (r->t->euid != uid)
			CU_ASSERT_TRUE(r->kids);
	}
	CU_ASSERT_EQUAL(model_row(m, n - 1)->t->euid, uid);
	if (fks_root_user_name(fks_table_root(tbl), uid)) {
		model_set_user(m, fks_root_user_name(fks_table_root(tbl),
						     uid));
		CU_ASSERT_EQUAL(model_nrows(m), n);
	}
	model_set_user(m, "no-such-user");
	CU_ASSERT_EQUAL(model_nrows(m), 0);
	model_set_user(m, "");
	CU_ASSERT_PTR_NULL(model_user(m));
	CU_ASSERT_EQUAL(model_nrows(m), all);
	model_free(m);
	free_table_and_root(tbl);
}

/* A ghost outlives its table: it keeps no text of it but its own
 * copies of comm and cmdline (its cgroup text was freed with the table:
 * the cgroup column of an exited row must not read it). */
static void
test_ghost_texts(void)
{
	char dir[64], cmd[128];
	struct fks_table *t1 = load("containers");
	struct fks_table *t2 = load_changed("containers", "300", 0, 0, dir);
	struct model *m = view(t1, 40);
	const struct fks_task *o = fks_table_find(t1, 300);
	const struct mrow *r;
	char *cg;

	CU_ASSERT_TRUE_FATAL(o->known & FKS_K_CGROUP);
	cg = strndup(o->cgroup, o->cgroup_len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cg);
	model_refresh(m, t2, 1.0);
	free_table_and_root(t1);
	/* its cgroup is a copy (its unit and group): t1 is gone */
	r = row_of(m, 300);
	CU_ASSERT_TRUE(r->exited);
	CU_ASSERT_TRUE(r->t->known & FKS_K_CGROUP);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->t->cgroup);
	CU_ASSERT_EQUAL(r->t->cgroup_len, strlen(cg));
	CU_ASSERT_EQUAL(memcmp(r->t->cgroup, cg, strlen(cg)), 0);
	free(cg);
	CU_ASSERT_EQUAL(r->pcpu, PCPU_UNKNOWN);
	CU_ASSERT_EQUAL(r->t->comm[r->t->comm_len], '\0');
	model_free(m);
	free_table_and_root(t2);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

/* The header row above row i (a grouped model), NO_ROW when none. */
static size_t
header_of(const struct model *m, size_t i)
{
	const struct mrow *r = model_row(m, i);

	while (r && r->t && r->parent != NO_ROW) {
		i = r->parent;
		r = model_row(m, i);
	}
	return r && !r->t ? i : NO_ROW;
}

/* Each process's group is its value of the column, each value one group
 * in the order the forest meets it, each header counting its own. */
static void
check_groups(const struct model *m, enum fks_column col)
{
	const struct fks_table *tbl = model_table(m);
	size_t i, h, nh = 0, procs = 0, counted = 0, j;
	const struct mrow *r;
	char buf[1024];

	for (i = 0; i < model_nrows(m); i++) {
		r = model_row(m, i);
		if (!r->t) {
			CU_ASSERT_PTR_NOT_NULL(r->group);
			CU_ASSERT_EQUAL(r->depth, 0);
			CU_ASSERT_EQUAL(r->parent, NO_ROW);
			/* no two headers of one value */
			for (j = 0; j < i; j++)
				if (!model_row(m, j)->t)
					CU_ASSERT_NOT_EQUAL(strcmp(
					    model_row(m, j)->group, r->group),
							    0);
			counted += r->sub.tasks;
			nh++;
			continue;
		}
		CU_ASSERT_PTR_NULL(r->group);
		CU_ASSERT_TRUE(r->depth >= 1);
		h = header_of(m, i);
		CU_ASSERT_NOT_EQUAL_FATAL(h, NO_ROW);
		fks_column_format(tbl, r->t, col, buf, sizeof buf);
		CU_ASSERT_STRING_EQUAL(model_row(m, h)->group, buf);
		procs += !r->thread && !r->exited;
	}
	CU_ASSERT_TRUE(nh > 0);
	CU_ASSERT_EQUAL(counted, procs);
}

static size_t
header_row(const struct model *m, const char *value)
{
	size_t i;

	for (i = 0; i < model_nrows(m); i++)
		if (model_row(m, i)->group &&
		    strcmp(model_row(m, i)->group, value) == 0)
			return i;
	CU_FAIL("no such group");
	return NO_ROW;
}

/* Groups (the b key, --by): by unit, container and pid namespace on the
 * containers fixture; a header folds, keeps its selection across a
 * rebuild, search unfolds it; a filter keeps the matches alone. */
static void
test_groups(void)
{
	struct fks_table *tbl = load("containers");
	struct model *m = view(tbl, 60);
	size_t n = model_nrows(m), h;

	CU_ASSERT_EQUAL(n, 18);
	model_set_by(m, FKS_COL_UNIT);
	check_groups(m, FKS_COL_UNIT);
	/* eleven units (the cgroupfs pod and lxc have none: "-") */
	CU_ASSERT_EQUAL(model_nrows(m), 18 + 10);
	CU_ASSERT_EQUAL(model_row(m, 0)->t, NULL);
	CU_ASSERT_STRING_EQUAL(model_row(m, 0)->group, "init.scope");
	model_set_by(m, FKS_COL_PIDNS);
	check_groups(m, FKS_COL_PIDNS);
	model_set_by(m, FKS_COL_CONTAINER);
	check_groups(m, FKS_COL_CONTAINER);
	CU_ASSERT_EQUAL(model_nrows(m), 18 + 6);
	/* the host's group first, under pid 1; then the docker one */
	CU_ASSERT_STRING_EQUAL(model_row(m, 0)->group, "-");
	CU_ASSERT_EQUAL(model_row(m, 0)->sub.tasks, 10);
	h = header_row(m, "docker:d548c5b83fa6");
	CU_ASSERT_EQUAL(model_row(m, h)->sub.tasks, 4);
	CU_ASSERT_EQUAL(model_row(m, h)->sub.zombies, 2);
	CU_ASSERT_EQUAL(row_pid(m, h + 1), 420);
	CU_ASSERT_EQUAL(model_row(m, h + 1)->depth, 1);
	CU_ASSERT_EQUAL(model_row(m, h + 1)->parent, h);
	/* fold the header: its four rows go, its sums stay */
	model_select(m, h);
	model_toggle_fold(m);
	CU_ASSERT_TRUE(model_row(m, h)->collapsed);
	CU_ASSERT_EQUAL(model_nrows(m), 18 + 6 - 4);
	CU_ASSERT_PTR_NULL(model_selected_task(m));
	/* a rebuild (a refresh of the same table) keeps both */
	model_set_table(m, tbl);
	CU_ASSERT_EQUAL(model_selected(m), h);
	CU_ASSERT_TRUE(model_row(m, h)->collapsed);
	/* search unfolds it (420's command line holds "sleep inf"); Left
	 * folds 420, then goes to its header */
	model_search_begin(m);
	CU_ASSERT_TRUE(model_search_set(m, "sleep inf"));
	model_search_end(m, true);
	CU_ASSERT_EQUAL(sel_pid(m), 420);
	CU_ASSERT_FALSE(model_row(m, h)->collapsed);
	model_collapse(m);
	CU_ASSERT_TRUE(model_row(m, h + 1)->collapsed);
	model_collapse(m);
	CU_ASSERT_EQUAL(model_selected(m), h);
	/* fold all: the headers alone; unfold all */
	model_collapse_all(m);
	CU_ASSERT_EQUAL(model_nrows(m), 6);
	model_expand_all(m);
	CU_ASSERT_EQUAL(model_nrows(m), 24);
	/* a filter: the matches alone in each group, no path */
	model_set_filter(m, "redis");
	CU_ASSERT_EQUAL(model_nrows(m), 2);
	CU_ASSERT_STRING_EQUAL(model_row(m, 0)->group, "podman:2f259bab93aa");
	CU_ASSERT_EQUAL(row_pid(m, 1), 621);
	CU_ASSERT_EQUAL(model_row(m, 1)->depth, 1);
	model_set_filter(m, NULL);
	/* zombies only: the docker group alone */
	model_toggle(m, MF_ZOMBIES);
	CU_ASSERT_EQUAL(model_nrows(m), 3);
	model_toggle(m, MF_ZOMBIES);
	/* follow on a header: nothing to follow */
	model_select(m, 0);
	model_follow(m, true);
	CU_ASSERT_EQUAL(model_following(m), 0);
	model_set_by(m, -1);
	CU_ASSERT_EQUAL(model_nrows(m), 18);
	model_free(m);
	free_table_and_root(tbl);
}

/* The headers' values in order, joined by spaces. */
static void
group_order(const struct model *m, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < model_nrows(m) && n < size; i++)
		if (model_row(m, i)->group)
			n += (size_t)snprintf(buf + n, size - n, "%s ",
					      model_row(m, i)->group);
}

/* A sort orders siblings, not the groups: under a filter too, where the
 * matches are the walk's roots (by name, pid 700's lxc-start comes
 * before 610's systemd, so the lxc group would come before podman's). */
static void
test_groups_sorted(void)
{
	struct fks_table *tbl = load("containers");
	struct model *m = view(tbl, 60);
	char by_pid[512], by_name[512];

	model_set_by(m, FKS_COL_CONTAINER);
	model_set_filter(m, "s");
	group_order(m, by_pid, sizeof by_pid);
	CU_ASSERT_STRING_EQUAL(by_pid, "- docker:d548c5b83fa6 "
			       "containerd:2397d068a8d1 kubepods:8f9081d15c11 "
			       "podman:2f259bab93aa lxc:web ");
	model_set_sort(m, SORT_NAME);
	group_order(m, by_name, sizeof by_name);
	CU_ASSERT_STRING_EQUAL(by_name, by_pid);
	model_set_sort(m, SORT_MEM);
	group_order(m, by_name, sizeof by_name);
	CU_ASSERT_STRING_EQUAL(by_name, by_pid);
	model_free(m);
	free_table_and_root(tbl);
}

/* A process gone at a refresh stays, as a ghost, in its group: by its
 * own value (its cgroup kept), under its old parent there. */
static void
test_groups_ghosts(void)
{
	char dir[64], cmd[128];
	struct fks_table *t1 = load("containers");
	struct fks_table *t2 = load_changed("containers", "423 621", 0, 0,
					    dir);
	struct model *m = view(t1, 60);
	size_t h;

	model_set_by(m, FKS_COL_CONTAINER);
	model_refresh(m, t2, 1.0);
	free_table_and_root(t1);
	check_groups(m, FKS_COL_CONTAINER);
	h = header_row(m, "podman:2f259bab93aa");
	CU_ASSERT_EQUAL(row_pid(m, h + 1), 621);
	CU_ASSERT_TRUE(model_row(m, h + 1)->exited);
	CU_ASSERT_EQUAL(model_row(m, h)->sub.tasks, 0);
	h = header_row(m, "docker:d548c5b83fa6");
	CU_ASSERT_EQUAL(model_row(m, h)->sub.tasks, 3);
	CU_ASSERT_TRUE(row_of(m, 423)->exited);
	CU_ASSERT_EQUAL(row_pid(m, row_of(m, 423)->parent), 420);
	model_free(m);
	free_table_and_root(t2);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("forktop-model", NULL, NULL);
	ADD_TEST(s, test_rows);
	ADD_TEST(s, test_collapse_totals);
	ADD_TEST(s, test_moves_scroll);
	ADD_TEST(s, test_refresh_vanish);
	ADD_TEST(s, test_refresh_folds);
	ADD_TEST(s, test_refresh_other);
	ADD_TEST(s, test_search);
	ADD_TEST(s, test_search_no_match);
	ADD_TEST(s, test_filter);
	ADD_TEST(s, test_filter_typing);
	ADD_TEST(s, test_toggles);
	ADD_TEST(s, test_follow);
	ADD_TEST(s, test_highlights_diff);
	ADD_TEST(s, test_highlights_views);
	ADD_TEST(s, test_pcpu);
	ADD_TEST(s, test_user);
	ADD_TEST(s, test_ghost_texts);
	ADD_TEST(s, test_groups);
	ADD_TEST(s, test_groups_ghosts);
	ADD_TEST(s, test_groups_sorted);
	return run_suites();
}
