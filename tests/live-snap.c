/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-snap.c - procsnap's library side on the live system: a snapshot of
 * this machine, read back, yields the same forest as the live reads around
 * it; a snapshot of given PIDs holds exactly their subtrees and ancestors;
 * --redact keeps argv[0] only; an existing target is refused and nothing
 * is left behind; and (as root) procps ps reads the snapshot through a bind
 * mount and agrees with us on every process.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

static char workdir[] = "/tmp/fks-live-snap.XXXXXX";

static struct fks_table *
read_root(const char *path, unsigned flags)
{
	struct fks_root *root;
	struct fks_table *tbl;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(path, &root), 0);
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, flags, &tbl), 0);
	return tbl;
}

static const char *
snap_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof path, "%s/%s", workdir, name);
	return path;
}

static int
write_snap(const char *name, const pid_t *pids, size_t n, unsigned flags)
{
	struct fks_root *live;
	char errbuf[512];
	int rc;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(NULL, &live), 0);
	rc = fks_snap_write(live, snap_path(name), pids, n, flags, errbuf,
			    sizeof errbuf);
	if (rc < 0)
		printf("\n  fks_snap_write: %s\n", errbuf);
	fks_root_free(live);
	return rc;
}

/* Now, in the clock ticks since boot that stat's start time counts. */
static unsigned long long
boot_ticks(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ((unsigned long long)ts.tv_sec * 1000000000ULL +
		(unsigned long long)ts.tv_nsec) /
	       (1000000000ULL / (unsigned long long)sysconf(_SC_CLK_TCK));
}

/* The same process in two reads: same pid and same start. */
static const struct fks_task *
same(const struct fks_table *tbl, const struct fks_task *t)
{
	const struct fks_task *u = fks_table_find(tbl, t->tid);

	return u && u->start_ticks == t->start_ticks ? u : NULL;
}

/* The snapshot's meminfo is the machine's: MemTotal, which does not
 * move, equal to the live one. */
static void
check_meminfo(const char *path)
{
	struct fks_meminfo live_mi, snap_mi;
	struct fks_root *live, *snap;
	const char *why;

	CU_ASSERT_EQUAL_FATAL(fks_root_open(NULL, &live), 0);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(path, &snap), 0);
	CU_ASSERT_EQUAL(fks_root_meminfo(live, &live_mi, &why), 0);
	CU_ASSERT_EQUAL(fks_root_meminfo(snap, &snap_mi, &why), 0);
	CU_ASSERT_TRUE(live_mi.total > 0);
	CU_ASSERT_EQUAL(snap_mi.total, live_mi.total);
	fks_root_free(live);
	fks_root_free(snap);
}

static void
test_round_trip(void)
{
	struct fks_table *before, *snap, *after;
	const struct fks_task *t, *a, *b, *s, *pa, *ps;
	unsigned long long t0 = boot_ticks();
	size_t i, compared = 0;

	before = read_root(NULL, FKS_READ_THREADS);
	CU_ASSERT_EQUAL_FATAL(write_snap("all", NULL, 0, 0), 0);
	after = read_root(NULL, FKS_READ_THREADS);
	snap = read_root(snap_path("all"), FKS_READ_THREADS);
	CU_ASSERT_EQUAL(fks_table_nmessages(snap), 0);

	/* every snapshot task was alive just before or just after, or was
	 * born after the first read began (and gone before the last) */
	for (i = 0; i < fks_table_count(snap); i++) {
		t = fks_table_at(snap, i);
		if (!same(before, t) && !same(after, t) && t->start_ticks < t0)
			printf("  tid %d (start %llu, before the reads at "
			       "%llu) is in the snapshot only\n", (int)t->tid,
			       t->start_ticks, t0);
		CU_ASSERT_TRUE(same(before, t) || same(after, t) ||
			       t->start_ticks >= t0);
	}
	/* every task alive on both sides is in the snapshot, unchanged */
	for (i = 0; i < fks_table_count(before); i++) {
		b = fks_table_at(before, i);
		a = same(after, b);
		/* changed in between (a kworker's name follows its work) */
		if (!a || a->ppid != b->ppid || a->comm_len != b->comm_len ||
		    memcmp(a->comm, b->comm, b->comm_len) != 0)
			continue;
		s = same(snap, b);
		CU_ASSERT_PTR_NOT_NULL(s);
		if (!s)
			continue;
		CU_ASSERT_EQUAL(s->tgid, b->tgid);
		CU_ASSERT_EQUAL(s->ppid, b->ppid);
		CU_ASSERT_EQUAL(s->is_thread, b->is_thread);
		CU_ASSERT_EQUAL(s->euid, b->euid);
		/* a kworker's name follows its current work, and can come
		 * back to the same between the two live reads */
		if (!b->kthread) {
			CU_ASSERT_EQUAL(s->comm_len, b->comm_len);
			CU_ASSERT_EQUAL(memcmp(s->comm, b->comm, b->comm_len),
					0);
		}
		if (!b->is_thread) {
			/* the forest: the same parent node */
			pa = fks_forest_parent(before, b);
			ps = fks_forest_parent(snap, s);
			CU_ASSERT_EQUAL(pa ? pa->tid : 0, ps ? ps->tid : 0);
		}
		compared++;
	}
	printf("\n  %zu tasks compared, %zu in the snapshot\n", compared,
	       fks_table_count(snap));
	CU_ASSERT_TRUE(compared >= 10);
	check_meminfo(snap_path("all"));
	free_table_and_root(before);
	free_table_and_root(after);
	free_table_and_root(snap);
}

static bool
in_subtree(const struct fks_table *tbl, const struct fks_task *t, pid_t top)
{
	for (; t; t = fks_forest_parent(tbl, t))
		if (t->tid == top)
			return true;
	return false;
}

static void
test_selected_pids(void)
{
	struct fks_table *live, *snap;
	const struct fks_task *t, *self;
	pid_t child, me = getpid();
	size_t i;

	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	CU_ASSERT_EQUAL_FATAL(write_snap("mine", &me, 1, 0), 0);
	live = read_root(NULL, 0);
	snap = read_root(snap_path("mine"), 0);
	self = fks_table_find(live, me);
	CU_ASSERT_PTR_NOT_NULL_FATAL(self);
	/* exactly: me, my subtree (the child) and my ancestors */
	CU_ASSERT_PTR_NOT_NULL(fks_table_find(snap, child));
	for (t = self; t; t = fks_forest_parent(live, t))
		CU_ASSERT_PTR_NOT_NULL(fks_table_find(snap, t->tid));
	for (i = 0; i < fks_table_count(snap); i++) {
		t = fks_table_find(live, fks_table_at(snap, i)->tid);
		if (!t)
			continue;
		CU_ASSERT_TRUE(in_subtree(live, self, t->tid) ||
			       in_subtree(live, t, me));
	}
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(fks_table_root(snap),
						 "redacted"), "0");
	free_table_and_root(live);
	free_table_and_root(snap);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static void
test_redact(void)
{
	struct fks_table *snap;
	const struct fks_task *t;
	pid_t me = getpid();
	char *argv0;
	FILE *f;
	size_t n = 0;

	CU_ASSERT_EQUAL_FATAL(write_snap("redacted", &me, 1, FKS_SNAP_REDACT),
			      0);
	snap = read_root(snap_path("redacted"), 0);
	t = fks_table_find(snap, me);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	/* our own argv[0], and nothing after it */
	f = fopen("/proc/self/cmdline", "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	argv0 = NULL;
	CU_ASSERT(getdelim(&argv0, &n, '\0', f) > 0);
	fclose(f);
	CU_ASSERT_EQUAL(t->cmdline_len, strlen(argv0) + 1);
	CU_ASSERT_STRING_EQUAL(t->cmdline, argv0);
	CU_ASSERT_STRING_EQUAL(fks_root_manifest(fks_table_root(snap),
						 "redacted"), "1");
	free(argv0);
	free_table_and_root(snap);
}

static void
test_target_exists(void)
{
	struct dirent *de;
	DIR *d;

	pid_t nobody = 0x3ffffff0;

	CU_ASSERT_EQUAL(write_snap("all", NULL, 0, 0), -EEXIST);
	/* a PID that does not exist: refused, nothing left */
	CU_ASSERT_EQUAL(write_snap("ghost", &nobody, 1, 0), -ESRCH);
	d = opendir(workdir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((de = readdir(d)))
		CU_ASSERT_PTR_NULL(strstr(de->d_name, ".tmp.") ?:
				   strstr(de->d_name, "ghost"));
	closedir(d);
}

/* Nothing of a failed snapshot may be left in dir. */
static void
assert_empty(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	CU_ASSERT_EQUAL(n, 0);
}

/*
 * A full disk and a read-only one: the error names the file, and nothing
 * is left behind.  Needs root for a private tmpfs mount (in this test
 * process's own mount namespace, so nothing outside sees it).
 */
static void
test_no_space(void)
{
	struct fks_root *live;
	char errbuf[512], target[300];
	const char *mnt = snap_path("small");

	if (geteuid() != 0) {
		printf("\n  SKIP: needs root (private tmpfs mounts)\n");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(unshare(CLONE_NEWNS), 0);
	CU_ASSERT_EQUAL_FATAL(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE,
				    NULL), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(mnt, 0755), 0);
	CU_ASSERT_EQUAL_FATAL(mount("fks", mnt, "tmpfs", 0, "size=32k"), 0);
	snprintf(target, sizeof target, "%s/snap", mnt);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(NULL, &live), 0);
	CU_ASSERT_EQUAL(fks_snap_write(live, target, NULL, 0, 0, errbuf,
				       sizeof errbuf), -ENOSPC);
	printf("\n  full: %s", errbuf);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, "No space left on device"));
	assert_empty(mnt);
	CU_ASSERT_EQUAL(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL),
			0);
	CU_ASSERT_EQUAL(fks_snap_write(live, target, NULL, 0, 0, errbuf,
				       sizeof errbuf), -EROFS);
	printf("\n  read-only: %s\n", errbuf);
	CU_ASSERT_PTR_NOT_NULL(strstr(errbuf, target));
	assert_empty(mnt);
	fks_root_free(live);
	umount(mnt);
}

/* Without write permission on the target's directory. */
static void
test_no_permission(void)
{
	struct fks_root *live;
	char errbuf[512];
	int status, rc;
	pid_t pid;

	/* root writes anywhere: try as nobody in a child, in our 0700 dir */
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(90);
		if (fks_root_open(NULL, &live) < 0)
			_exit(91);
		rc = fks_snap_write(live, geteuid() == 65534 ?
				    snap_path("denied") : "/fks-denied", NULL,
				    0, 0, errbuf, sizeof errbuf);
		printf("\n  denied: %s\n", errbuf);
		fks_root_free(live);
		_exit(rc == -EACCES && strstr(errbuf, "denied") ? 0 : 92);
	}
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The State: letter of the "all" snapshot's PID/status, or 0. */
static char
status_state(int pid)
{
	char path[300], line[256], state = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%d/status", snap_path("all"), pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "State: %c", &state) == 1)
			break;
	fclose(f);
	return state;
}

/*
 * procps ps reads the snapshot bind-mounted over /proc in a private mount
 * and pid namespace, and must see what we see.  ps also wants /proc/self,
 * so the test adds that link to its own copy.
 */
static void
test_ps_reads_snapshot(void)
{
	struct fks_table *snap;
	const struct fks_task *t;
	char cmd[1024], comm[256], stat[16], link[300];
	int pid, ppid, rows = 0, checked = 0;
	FILE *p;

	if (geteuid() != 0) {
		printf("\n  SKIP: needs root (mount and pid namespaces)\n");
		return;
	}
	snap = read_root(snap_path("all"), 0);
	snprintf(link, sizeof link, "%s/self", snap_path("all"));
	CU_ASSERT_EQUAL_FATAL(symlink("1", link), 0);
	snprintf(cmd, sizeof cmd, "unshare -m -p -f sh -c 'mount --bind %s "
		 "/proc && exec ps -e -o pid=,ppid=,stat=,comm='",
		 snap_path("all"));
	p = popen(cmd, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	while (fscanf(p, "%d %d %15s %255[^\n]", &pid, &ppid, stat,
		      comm) == 4) {
		rows++;
		t = fks_table_find(snap, pid);
		CU_ASSERT_PTR_NOT_NULL(t);
		if (!t)
			continue;
		CU_ASSERT_EQUAL(t->ppid, ppid);
		/* ps may take the state from status, copied a moment after
		 * stat: either letter is the truth of the capture */
		CU_ASSERT_TRUE(t->state_char == stat[0] ||
			       status_state(pid) == stat[0]);
		/* ps shows unprintable bytes as '?': compare plain names */
		if (strspn(t->comm, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:+ ") ==
		    t->comm_len) {
			CU_ASSERT_STRING_EQUAL(t->comm, comm);
			checked++;
		}
	}
	CU_ASSERT_EQUAL(pclose(p), 0);
	printf("\n  ps listed %d processes, %d names compared, we have %zu\n",
	       rows, checked, fks_table_count(snap));
	CU_ASSERT_EQUAL((size_t)rows, fks_table_count(snap));
	unlink(link);
	free_table_and_root(snap);
}

static int
cleanup(void)
{
	return remove_tree(workdir);
}

int
main(void)
{
	CU_pSuite s;

	if (!mkdtemp(workdir)) {
		perror("mkdtemp");
		return 99;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-snap", NULL, cleanup);
	ADD_TEST(s, test_round_trip);
	ADD_TEST(s, test_selected_pids);
	ADD_TEST(s, test_redact);
	ADD_TEST(s, test_target_exists);
	ADD_TEST(s, test_no_permission);
	ADD_TEST(s, test_no_space);
	ADD_TEST(s, test_ps_reads_snapshot);
	return run_suites();
}
