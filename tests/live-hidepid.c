/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-hidepid.c - permission errors leave fields unknown, never a task
 * missing.  A procfs mounted with hidepid=1 (in this test's own mount
 * namespace) lists every pid directory but refuses other users' files; an
 * unprivileged reader must still see every process, with the stat fields
 * of others unknown, its own known, owners known, and no message (on a live
 * root a refusal is expected, not a fault in the data).
 *
 * With hidepid=2 (invisible) other users' directories are not listed at
 * all: the unprivileged reader must get a table of its own processes only
 * (every one owned by it, itself with its stat, pid 1 absent), no message,
 * and fks_root_hidepid() must say 2 (1 on the first mount).  pforest and
 * reapcheck run as that user on it must exit 0, show only that user's
 * processes and say on stderr that other users' processes are hidden (on
 * hidepid=1: listed but not readable); run as root they say nothing and
 * show pid 1.  Needs root to mount; skips elsewhere.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

#define NOBODY 65534

static char mnt[] = "/tmp/fks-hidepid.XXXXXX";
static char mnt2[] = "/tmp/fks-hidepid2.XXXXXX";

/* What the unprivileged child saw, sent back through a pipe. */
struct seen {
	int rc, hidepid;
	size_t tasks, messages, self_stat, pid1_present, pid1_stat,
	       pid1_owner, pid1_euid, not_own;
};

static void
child_read(const char *where, int fd)
{
	struct seen s = { 0 };
	struct fks_root *root;
	struct fks_table *tbl;
	const struct fks_task *t;
	size_t i;

	if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
		_exit(90);
	s.rc = fks_root_open(where, &root);
	if (s.rc == 0) {
		s.hidepid = fks_root_hidepid(root);
		s.rc = fks_table_read(root, FKS_F_STAT | FKS_F_OWNER, 0, &tbl);
	}
	if (s.rc == 0) {
		s.tasks = fks_table_count(tbl);
		for (i = 0; i < s.tasks; i++) {
			t = fks_table_at(tbl, i);
			s.not_own += !(t->known & FKS_K_OWNER) ||
				     t->euid != NOBODY;
		}
		s.messages = fks_table_nmessages(tbl);
		t = fks_table_find(tbl, getpid());
		s.self_stat = t && (t->known & FKS_K_STAT) && t->ppid == getppid();
		t = fks_table_find(tbl, 1);
		s.pid1_present = t != NULL;
		s.pid1_stat = t && (t->known & FKS_K_STAT);
		s.pid1_owner = t && (t->known & FKS_K_OWNER);
		s.pid1_euid = t ? t->euid : 12345;
		fks_table_free(tbl);
		fks_root_free(root);
	}
	_exit(write(fd, &s, sizeof s) == sizeof s ? 0 : 91);
}

/* Pid directories in the mount, as root sees them. */
static size_t
count_pids(void)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(mnt);

	if (!d)
		return 0;
	while ((de = readdir(d)))
		n += de->d_name[0] >= '1' && de->d_name[0] <= '9';
	closedir(d);
	return n;
}

/*
 * Runs cmd/NAME --proc-root WHERE as uid (pforest: -o pid,user; reapcheck:
 * --json) with stdout and stderr into out and err.  Returns the wait
 * status.
 */
/* Reads fd to its end, keeping the first size - 1 bytes in buf. */
static void
drain(int fd, char *buf, size_t size)
{
	char sink[4096];
	size_t got = 0;
	ssize_t n;

	while ((n = read(fd, got + 1 < size ? buf + got : sink,
			 got + 1 < size ? size - 1 - got : sizeof sink)) > 0)
		if (got + 1 < size)
			got += (size_t)n;
	buf[got] = '\0';
}

static int
run_as(const char *where, const char *name, uid_t uid, char *out,
       size_t outsz, char *err, size_t errsz)
{
	char path[4096], root_opt[128];
	int po[2], pe[2], status;
	pid_t pid;

	snprintf(path, sizeof path, "%s", buildpath("cmd/"));
	strncat(path, name, sizeof path - strlen(path) - 1);
	snprintf(root_opt, sizeof root_opt, "--proc-root=%s", where);
	if (pipe(po) < 0 || pipe(pe) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0)
			_exit(126);
		if (uid && (setgid(uid) < 0 || setuid(uid) < 0))
			_exit(126);
		if (strcmp(name, "pforest") == 0)
			execl(path, name, root_opt, "--no-headers", "-o",
			      "pid,user", (char *)NULL);
		else
			execl(path, name, root_opt, "--json", (char *)NULL);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	/* drain to the end: a command blocked on a full pipe would never
	 * exit (many processes give more output than out holds) */
	drain(po[0], out, outsz);
	drain(pe[0], err, errsz);
	close(po[0]);
	close(pe[0]);
	waitpid(pid, &status, 0);
	return status;
}

/*
 * The command run as uid on a hidepid=mode mount: exit 0; as nobody, the
 * note for the mode and (pforest) only nobody's processes, or with mode 1
 * pid 1 too; as root, no note and pid 1 shown.
 */
static void
check_command(const char *where, const char *name, uid_t uid, int mode)
{
	static char out[1 << 20], err[4096];
	char note[256], *line;
	size_t rows = 0, others = 0;
	bool pid1 = false, pid1_root = false;
	int status;

	status = run_as(where, name, uid, out, sizeof out, err, sizeof err);
	snprintf(note, sizeof note, "%s: note: %s is mounted hidepid=%d: "
		 "other users' processes are %s\n", name, where, mode,
		 mode == 1 ? "listed but not readable" : "hidden");
	printf("  %s as uid %d: status %#x, stderr: %s", name, (int)uid,
	       status, err[0] ? err : "(nothing)\n");
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (uid) {
		CU_ASSERT_STRING_EQUAL(err, note);
	} else {
		CU_ASSERT_STRING_EQUAL(err, "");
	}
	if (strcmp(name, "pforest") != 0) {
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"processes\": "));
		return;
	}
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		int pid;
		char user[64];

		if (sscanf(line, "%d %63s", &pid, user) != 2)
			continue;
		rows++;
		pid1 |= pid == 1;
		/* the owner of a refused process is still known (the
		 * directory's owner), so USER is never '-' for it */
		pid1_root |= pid == 1 && strcmp(user, "root") == 0;
		if (strcmp(user, "nobody") != 0) {
			others++;
			if (uid && mode >= 2)	/* say which, when it fails */
				printf("  not nobody's: %s\n", line);
		}
	}
	CU_ASSERT_TRUE(rows >= 1);
	if (uid && mode >= 2) {
		CU_ASSERT_EQUAL(others, 0);
		CU_ASSERT_FALSE(pid1);
	} else {
		CU_ASSERT_TRUE(pid1);
		CU_ASSERT_TRUE(pid1_root);
	}
}

static void
test_hidepid(void)
{
	struct seen s;
	int fds[2], status;
	size_t before, after;
	pid_t pid;

	if (geteuid() != 0) {
		printf("\n  SKIP: needs root (mounts a procfs with hidepid=1)\n");
		return;
	}
	CU_ASSERT_FATAL(mkdtemp(mnt) != NULL);
	CU_ASSERT_EQUAL_FATAL(unshare(CLONE_NEWNS), 0);
	CU_ASSERT_EQUAL_FATAL(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE,
				    NULL), 0);
	CU_ASSERT_EQUAL_FATAL(mount("proc", mnt, "proc", 0, "hidepid=1"), 0);
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	before = count_pids();
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		child_read(mnt, fds[1]);
	/* a child that dies without writing must give EOF, not a hang */
	close(fds[1]);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	after = count_pids();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("\n  the unprivileged reader ended with status %#x\n",
		       status);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL_FATAL(read(fds[0], &s, sizeof s), (ssize_t)sizeof s);
	printf("\n  nobody read %zu tasks (root listed %zu..%zu)\n", s.tasks,
	       before, after);
	CU_ASSERT_EQUAL(s.rc, 0);
	CU_ASSERT_EQUAL(s.hidepid, 1);
	CU_ASSERT_EQUAL(s.messages, 0);
	/* every process, although most files were refused (other tasks may
	 * come and go meanwhile: the tolerance is the churn root saw) */
	CU_ASSERT_TRUE(s.tasks + 16 >= (before < after ? before : after));
	CU_ASSERT_TRUE(s.self_stat);
	CU_ASSERT_TRUE(s.pid1_present);
	CU_ASSERT_FALSE(s.pid1_stat);
	CU_ASSERT_TRUE(s.pid1_owner);
	CU_ASSERT_EQUAL(s.pid1_euid, 0);
	/* the commands, as nobody: a note, every process still listed */
	check_command(mnt, "pforest", NOBODY, 1);
	umount(mnt);
	rmdir(mnt);
}

static void
test_hidepid2(void)
{
	struct fks_root *root;
	struct seen s;
	int fds[2], status;
	pid_t pid;

	if (geteuid() != 0) {
		printf("\n  SKIP: needs root (mounts a procfs with hidepid=2)\n");
		return;
	}
	CU_ASSERT_FATAL(mkdtemp(mnt2) != NULL);
	/* the mount namespace test_hidepid made private, or a new one */
	if (unshare(CLONE_NEWNS) == 0)
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	CU_ASSERT_EQUAL_FATAL(mount("proc", mnt2, "proc", 0, "hidepid=2"), 0);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(mnt2, &root), 0);
	CU_ASSERT_EQUAL(fks_root_hidepid(root), 2);
	fks_root_free(root);
	CU_ASSERT_EQUAL_FATAL(fks_root_open(NULL, &root), 0);
	CU_ASSERT_EQUAL(fks_root_hidepid(root), 0);	/* the real /proc */
	fks_root_free(root);
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		child_read(mnt2, fds[1]);
	close(fds[1]);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL_FATAL(read(fds[0], &s, sizeof s), (ssize_t)sizeof s);
	close(fds[0]);
	printf("\n  nobody read %zu tasks under hidepid=2\n", s.tasks);
	CU_ASSERT_EQUAL(s.rc, 0);
	CU_ASSERT_EQUAL(s.hidepid, 2);
	CU_ASSERT_EQUAL(s.messages, 0);
	CU_ASSERT_TRUE(s.tasks >= 1);
	CU_ASSERT_EQUAL(s.not_own, 0);	/* only nobody's processes */
	CU_ASSERT_TRUE(s.self_stat);
	CU_ASSERT_FALSE(s.pid1_present);
	check_command(mnt2, "pforest", NOBODY, 2);
	check_command(mnt2, "reapcheck", NOBODY, 2);
	check_command(mnt2, "pforest", 0, 2);
	check_command(mnt2, "reapcheck", 0, 2);
	umount(mnt2);
	rmdir(mnt2);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-hidepid", NULL, NULL);
	ADD_TEST(s, test_hidepid);
	ADD_TEST(s, test_hidepid2);
	return run_suites();
}
