/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-table.c - the task table and the forest read from the hand-made
 * fixtures (see the README.md of each fixture for the facts asserted here):
 * hostile names kept byte for byte, bounded command lines, corrupt files
 * reported and skipped, a ppid cycle broken, missing parents as roots.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

static struct fks_table *
read_fixture(const char *name, unsigned fields, unsigned flags, int want_rc)
{
	struct fks_root *root;
	struct fks_table *tbl = NULL;
	char rel[256];

	snprintf(rel, sizeof rel, "fixtures/%s", name);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(srcpath(rel), &root), 0);
	CU_ASSERT_TRUE(fks_root_is_snapshot(root));
	CU_ASSERT_EQUAL(fks_table_read(root, fields, flags, &tbl), want_rc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tbl);
	return tbl;
}

static const struct fks_task *
must_find(const struct fks_table *tbl, pid_t pid)
{
	const struct fks_task *t = fks_table_find(tbl, pid);

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

static void
test_root_facts(void)
{
	struct fks_table *tbl = read_fixture("hostile-names", FKS_F_STAT, 0, 0);
	struct fks_root *root = fks_table_root(tbl);

	CU_ASSERT_EQUAL(fks_root_now(root), 1795000000);
	CU_ASSERT_EQUAL(fks_root_boot_time(root), 1794990000);
	CU_ASSERT_EQUAL(fks_root_clk_tck(root), 100);
	CU_ASSERT_EQUAL(fks_root_page_size(root), 4096);
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(root, "hostname"), "fixture");
	CU_ASSERT_PTR_NULL(fks_root_manifest(root, "nope"));
	/* start 1000 ticks at 100 Hz: 10 s after boot */
	CU_ASSERT_EQUAL(fks_task_start_time(tbl, must_find(tbl, 100)),
			1794990010);
	free_table_and_root(tbl);
}

/* A boot time of 2^63 - 1 s (fixtures/huge-values): boot + ticks /
 * clk_tck overflows (a signed overflow before: garbage, or an abort under
 * UBSan), so no start time is known; at 0 s after boot it is the boot
 * time itself. */
static void
test_huge_start(void)
{
	struct fks_table *tbl = read_fixture("huge-values", FKS_F_STAT, 0, 0);
	struct fks_root *root = fks_table_root(tbl);

	CU_ASSERT_EQUAL(fks_root_boot_time(root), 9223372036854775807LL);
	CU_ASSERT_EQUAL(fks_task_start_time(tbl, must_find(tbl, 100)), -1);
	CU_ASSERT_EQUAL(fks_task_start_time(tbl, must_find(tbl, 101)), -1);
	CU_ASSERT_EQUAL(fks_task_start_time(tbl, must_find(tbl, 1)),
			9223372036854775807LL);
	/* each overflow reported once, naming the file (the year 2^63 s
	 * that no struct tm holds is no overflow of ours) */
	CU_ASSERT_EQUAL_FATAL(fks_table_nmessages(tbl), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(fks_table_message(tbl, 0),
				      "huge-values/100/stat: its rss in bytes "
				      "overflows 64 bits"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fks_table_message(tbl, 1),
				      "100/stat: utime + stime overflows"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fks_table_message(tbl, 3),
				      "101/stat: its start time (btime + "
				      "start) overflows"));
	free_table_and_root(tbl);
}

static void
test_hostile_names(void)
{
	struct fks_table *tbl = read_fixture("hostile-names", FKS_F_ALL, 0, 0);
	const struct fks_task *t;

	CU_ASSERT_EQUAL(fks_table_count(tbl), 11);
	CU_ASSERT_EQUAL(fks_table_nmessages(tbl), 0);
	t = must_find(tbl, 100);
	CU_ASSERT_EQUAL(t->comm_len, 7);
	CU_ASSERT_EQUAL(memcmp(t->comm, "a) (b c", 7), 0);
	CU_ASSERT_EQUAL(t->cmdline_len, 17);
	CU_ASSERT_EQUAL(memcmp(t->cmdline, "./a) (b c\0--flag\0", 17), 0);
	CU_ASSERT_EQUAL(t->euid, 1000);
	CU_ASSERT_EQUAL(t->ruid, 1000);
	t = must_find(tbl, 101);
	CU_ASSERT_EQUAL(t->comm_len, 9);
	CU_ASSERT_EQUAL(memcmp(t->comm, "two\nlines", 9), 0);
	t = must_find(tbl, 102);
	CU_ASSERT_EQUAL(t->comm_len, 14);
	CU_ASSERT_EQUAL(memcmp(t->comm, "\x1b]0;pwned\x07\x1b[2J", 14), 0);
	t = must_find(tbl, 104);
	CU_ASSERT_EQUAL(t->comm_len, 7);
	CU_ASSERT_EQUAL(memcmp(t->comm, "bad\xff\xfe\xc0\xaf", 7), 0);
	/* the huge cmdline: kept up to the bound, its real length known */
	t = must_find(tbl, 105);
	CU_ASSERT_EQUAL(t->cmdline_len, FKS_CMDLINE_MAX);
	CU_ASSERT_EQUAL(t->cmdline_full, 200006);
	CU_ASSERT_EQUAL(t->cmdline[FKS_CMDLINE_MAX], '\0');
	CU_ASSERT_EQUAL(fks_cmdline_argc(t->cmdline, t->cmdline_len), 2);
	/* a kernel thread: empty cmdline, the flag set */
	t = must_find(tbl, 3);
	CU_ASSERT_TRUE(t->kthread);
	CU_ASSERT_EQUAL(t->cmdline_len, 0);
	CU_ASSERT_EQUAL(t->state, FKS_STATE_IDLE);
	CU_ASSERT_EQUAL(t->euid, 0);
	t = must_find(tbl, 106);
	CU_ASSERT_EQUAL(t->cmdline_len, 26);
	free_table_and_root(tbl);
}

static void
test_hostile_forest(void)
{
	struct fks_table *tbl = read_fixture("hostile-names", FKS_F_STAT, 0, 0);
	const struct fks_task *init = must_find(tbl, 1);
	size_t i;

	/* roots: init (ppid 0) and kthreadd (ppid 0) */
	CU_ASSERT_EQUAL_FATAL(fks_forest_nroots(tbl), 2);
	CU_ASSERT_EQUAL(fks_forest_root(tbl, 0)->tid, 1);
	CU_ASSERT_EQUAL(fks_forest_root(tbl, 1)->tid, 2);
	CU_ASSERT_PTR_NULL(fks_forest_root(tbl, 2));
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(tbl, init), 8);
	for (i = 0; i < 8; i++)
		CU_ASSERT_EQUAL(fks_forest_child(tbl, init, i)->tid,
				(pid_t)(100 + i));
	CU_ASSERT_PTR_NULL(fks_forest_child(tbl, init, 8));
	CU_ASSERT_EQUAL(fks_forest_parent(tbl, must_find(tbl, 3))->tid, 2);
	CU_ASSERT_PTR_NULL(fks_forest_parent(tbl, init));
	free_table_and_root(tbl);
}

static void
test_corrupt(void)
{
	struct fks_table *tbl = read_fixture("corrupt", FKS_F_ALL, 0, 0);
	const struct fks_task *t;
	size_t i, n;
	bool seen[5] = { false };
	const char *m;

	/* 1 200 202 203 204 205 207 read; 201 206 208 209 skipped */
	CU_ASSERT_EQUAL(fks_table_count(tbl), 7);
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, 201));
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, 206));
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, 208));
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, 209));
	CU_ASSERT_EQUAL(fks_table_vanished(tbl), 0);
	n = fks_table_nmessages(tbl);
	for (i = 0; i < n; i++) {
		m = fks_table_message(tbl, i);
		if (strstr(m, "/201/stat: too few fields"))
			seen[0] = true;
		else if (strstr(m, "/202/status: No such file"))
			seen[1] = true;
		else if (strstr(m, "/206/stat: a field is not a number or "
				   "overflows"))
			seen[2] = true;
		else if (strstr(m, "ppid cycle 203 -> 204 -> 203; broken at "
				   "203"))
			seen[3] = true;
		else if (strstr(m, "process 205 is its own parent"))
			seen[4] = true;
	}
	for (i = 0; i < 5; i++)
		CU_ASSERT_TRUE(seen[i]);
	/* 208 (empty stat) and 209 (no stat): one message each more */
	CU_ASSERT_EQUAL(n, 7);

	/* status missing: the task stays, its status fields unknown */
	t = must_find(tbl, 202);
	CU_ASSERT_TRUE(t->known & FKS_K_STAT);
	CU_ASSERT_FALSE(t->known & FKS_K_STATUS);
	CU_ASSERT_FALSE(t->known & FKS_K_OWNER);

	/* roots: init, the orphan of a missing ppid, the cycle cut, 205 */
	CU_ASSERT_EQUAL_FATAL(fks_forest_nroots(tbl), 4);
	CU_ASSERT_EQUAL(fks_forest_root(tbl, 0)->tid, 1);
	CU_ASSERT_EQUAL(fks_forest_root(tbl, 1)->tid, 200);
	CU_ASSERT_EQUAL(fks_forest_root(tbl, 2)->tid, 203);
	CU_ASSERT_EQUAL(fks_forest_root(tbl, 3)->tid, 205);
	t = must_find(tbl, 204);
	CU_ASSERT_EQUAL(fks_forest_parent(tbl, t)->tid, 203);
	CU_ASSERT_EQUAL_FATAL(fks_forest_nchildren(tbl, t), 1);
	CU_ASSERT_EQUAL(fks_forest_child(tbl, t, 0)->tid, 207);
	free_table_and_root(tbl);
}

static void
test_strict(void)
{
	struct fks_table *tbl = read_fixture("corrupt", FKS_F_STAT,
					     FKS_READ_STRICT, -EINVAL);

	CU_ASSERT_TRUE(fks_table_nmessages(tbl) > 0);
	free_table_and_root(tbl);
	/* the clean fixture passes strict mode */
	tbl = read_fixture("hostile-names", FKS_F_ALL, FKS_READ_STRICT, 0);
	free_table_and_root(tbl);
}

/* Collects the walk as "depth:pid:last" words. */
static int
record(const struct fks_walk_node *node, const struct fks_walk_pos *pos,
       void *arg)
{
	const struct fks_task *t = node->task;
	char *out = arg;

	sprintf(out + strlen(out), "%d:%d:%d ", pos->depth, (int)t->tid,
		pos->last);
	if (pos->depth > 0)
		sprintf(out + strlen(out) - 1, "%s ", pos->open[pos->depth] ?
			"o" : "c");
	return t->tid == 207 ? 42 : 0;
}

static void
test_walk(void)
{
	struct fks_table *tbl = read_fixture("corrupt", FKS_F_STAT, 0, 0);
	char out[1024] = "";

	/* the walk stops where fn says so, and returns its value */
	CU_ASSERT_EQUAL(fks_forest_walk(tbl, &(struct fks_walk){
		.visit = record, .arg = out }), 42);
	CU_ASSERT_STRING_EQUAL(out, "0:1:0 1:202:1c 0:200:0 0:203:0 "
			       "1:204:1c 2:207:1c ");
	free_table_and_root(tbl);
}

/* Collects a walk as "depth:tid*count:index:parent" words. */
static int
record_node(const struct fks_walk_node *node, const struct fks_walk_pos *pos,
	    void *arg)
{
	char *out = arg;

	sprintf(out + strlen(out), "%d:%d*%u:%zu:", pos->depth,
		(int)node->task->tid, node->count, pos->index);
	if (pos->parent == FKS_WALK_NONE)
		strcat(out, "- ");
	else
		sprintf(out + strlen(out), "%zu ", pos->parent);
	return 0;
}

/* Threads first, then by descending tid. */
static int
threads_then_down(const struct fks_walk_node *a, const struct fks_walk_node *b,
		  void *arg)
{
	(void)arg;
	if (a->thread != b->thread)
		return a->thread ? -1 : 1;
	return (a->task->tid < b->task->tid) - (a->task->tid > b->task->tid);
}

static bool
same_comm(const struct fks_walk_node *a, const struct fks_walk_node *b,
	  void *arg)
{
	(void)arg;
	return strcmp(a->task->comm, b->task->comm) == 0;
}

/* Threads under their process, a sibling order, identical leaves folded:
 * scn-threads' pid 1 has 12 threads (4 stop-step, 4 tokio-rt-worker) and
 * one child, th-main, with 3 threads. */
static void
test_walk_threads_order_fold(void)
{
	struct fks_table *tbl = read_fixture("scn-threads", FKS_F_STAT,
					     FKS_READ_THREADS, 0);
	char out[1024] = "";
	struct fks_walk w = { .flags = FKS_WALK_THREADS,
			      .cmp = threads_then_down, .same = same_comm,
			      .visit = record_node, .arg = out };

	CU_ASSERT_EQUAL(fks_forest_walk(tbl, &w), 0);
	CU_ASSERT_STRING_EQUAL(out, "0:1*1:0:- 1:78*1:1:0 1:76*4:2:0 "
			       "1:65*1:3:0 1:64*4:4:0 1:60*1:5:0 1:59*1:6:0 "
			       "1:14527*1:7:0 2:14531*1:8:7 2:14530*1:9:7 "
			       "2:14529*1:10:7 ");
	/* flat: every process a root, its threads alone under it */
	out[0] = '\0';
	w = (struct fks_walk){ .flags = FKS_WALK_THREADS | FKS_WALK_FLAT,
			       .visit = record_node, .arg = out };
	CU_ASSERT_EQUAL(fks_forest_walk(tbl, &w), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "1:78*1:12:0 0:14527*1:13:- "
				      "1:14529*1:14:13 "));
	free_table_and_root(tbl);
}

/* Extra nodes (tasks the caller places: forktop's exited processes). */
struct extras {
	struct fks_task t[3];	/* 150 a root, 300 under 203, 301 under 150 */
	char out[512];		/* the walk, as record_extra writes it */
};

static size_t
add_extras(const struct fks_walk_node *parent, struct fks_walk_node *out,
	   void *arg)
{
	struct extras *e = arg;
	size_t n = 0;

	if (!parent)
		out[n++] = (struct fks_walk_node){ &e->t[0], false, 1, 0 };
	else if (parent->extra == 0)
		out[n++] = (struct fks_walk_node){ &e->t[2], false, 1, 2 };
	else if (parent->extra == FKS_WALK_TABLE && parent->task->tid == 203)
		out[n++] = (struct fks_walk_node){ &e->t[1], false, 1, 1 };
	return n;
}

static int
by_tid(const struct fks_walk_node *a, const struct fks_walk_node *b,
       void *arg)
{
	(void)arg;
	return (a->task->tid > b->task->tid) - (a->task->tid < b->task->tid);
}

static int
record_extra(const struct fks_walk_node *node, const struct fks_walk_pos *pos,
	     void *arg)
{
	char *out = ((struct extras *)arg)->out;

	sprintf(out + strlen(out), "%d:%d%s ", pos->depth,
		(int)node->task->tid, node->extra == FKS_WALK_TABLE ? "" : "x");
	return 0;
}

/* A visibility test (init hidden: its child 202 is a root), extra nodes
 * at every level, sorted among the table's. */
static void
test_walk_shown_extra(void)
{
	struct fks_table *tbl = read_fixture("corrupt", FKS_F_STAT, 0, 0);
	struct extras x = { .t = { { .tid = 150 }, { .tid = 300 },
				   { .tid = 301 } } };
	bool *shown = calloc(fks_table_count(tbl), sizeof *shown);
	struct fks_walk w = { .shown = shown, .cmp = by_tid,
			      .extra = add_extras, .nextra = 1,
			      .visit = record_extra, .arg = &x };
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(shown);
	for (i = 0; i < fks_table_count(tbl); i++)
		shown[i] = fks_table_at(tbl, i)->tid != 1;
	CU_ASSERT_EQUAL(fks_forest_walk(tbl, &w), 0);
	CU_ASSERT_STRING_EQUAL(x.out, "0:150x 1:301x 0:200 0:202 0:203 "
			       "1:204 2:207 1:300x 0:205 ");
	/* folding needs to know leaves, which extra nodes hide */
	w.same = same_comm;
	CU_ASSERT_EQUAL(fks_forest_walk(tbl, &w), -EINVAL);
	free(shown);
	free_table_and_root(tbl);
}

/*
 * A snapshot is data from elsewhere: a symlink in it must never be
 * followed, whether it stands for a file (100/stat -> /etc/passwd) or a
 * task directory (300 -> /proc/self).
 */
static void
test_symlinks_not_followed(void)
{
	char dir[] = "/tmp/fks-symlinks.XXXXXX", cmd[8300], path[300];
	struct fks_root *root;
	struct fks_table *tbl;
	size_t i;
	bool reported = false;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof cmd, "cp -r '%s/.' '%s'",
		 srcpath("fixtures/hostile-names"), dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	snprintf(path, sizeof path, "%s/100/stat", dir);
	CU_ASSERT_EQUAL_FATAL(unlink(path), 0);
	CU_ASSERT_EQUAL_FATAL(symlink("/etc/passwd", path), 0);
	snprintf(path, sizeof path, "%s/300", dir);
	CU_ASSERT_EQUAL_FATAL(symlink("/proc/self", path), 0);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(dir, &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, 0, &tbl), 0);
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, 100));
	CU_ASSERT_PTR_NULL(fks_table_find(tbl, 300));
	CU_ASSERT_EQUAL(fks_table_count(tbl), 10);
	for (i = 0; i < fks_table_nmessages(tbl); i++)
		if (strstr(fks_table_message(tbl, i), "/100/stat: Too many "
			   "levels of symbolic links"))
			reported = true;
	CU_ASSERT_TRUE(reported);
	CU_ASSERT_EQUAL(fks_table_nmessages(tbl), 1);
	free_table_and_root(tbl);
	CU_ASSERT_EQUAL(remove_tree(dir), 0);
}

static void
test_bad_roots(void)
{
	struct fks_root *root;

	CU_ASSERT_EQUAL(fks_root_open("/nonexistent-forkscope", &root),
			-ENOENT);
	/* a directory that is neither procfs nor a snapshot */
	CU_ASSERT_EQUAL(fks_root_open(srcpath("lib"), &root), -EINVAL);
	CU_ASSERT_EQUAL(fks_root_open(srcpath("lib/forkscope.h"), &root),
			-ENOTDIR);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("table", NULL, NULL);
	ADD_TEST(s, test_root_facts);
	ADD_TEST(s, test_huge_start);
	ADD_TEST(s, test_hostile_names);
	ADD_TEST(s, test_hostile_forest);
	ADD_TEST(s, test_corrupt);
	ADD_TEST(s, test_strict);
	ADD_TEST(s, test_walk);
	ADD_TEST(s, test_walk_threads_order_fold);
	ADD_TEST(s, test_walk_shown_extra);
	ADD_TEST(s, test_symlinks_not_followed);
	ADD_TEST(s, test_bad_roots);
	return run_suites();
}
