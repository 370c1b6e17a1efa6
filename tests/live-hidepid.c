/*
 * live-hidepid.c - permission errors leave fields unknown, never a task
 * missing.  A procfs mounted with hidepid=1 (in this test's own mount
 * namespace) lists every pid directory but refuses other users' files; an
 * unprivileged reader must still see every process, with the stat fields
 * of others unknown, its own known, owners known, and no message (on a live
 * root a refusal is expected, not a fault in the data).  Needs root to
 * mount; skips elsewhere.
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

/* What the unprivileged child saw, sent back through a pipe. */
struct seen {
	int rc;
	size_t tasks, messages, self_stat, pid1_present, pid1_stat,
	       pid1_owner, pid1_euid;
};

static void
child_read(int fd)
{
	struct seen s = { 0 };
	struct fks_root *root;
	struct fks_table *tbl;
	const struct fks_task *t;

	if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
		_exit(90);
	s.rc = fks_root_open(mnt, &root);
	if (s.rc == 0)
		s.rc = fks_table_read(root, FKS_F_STAT | FKS_F_OWNER, 0, &tbl);
	if (s.rc == 0) {
		s.tasks = fks_table_count(tbl);
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
		child_read(fds[1]);
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
	CU_ASSERT_EQUAL(s.messages, 0);
	/* every process, although most files were refused (other tasks may
	 * come and go meanwhile: the tolerance is the churn root saw) */
	CU_ASSERT_TRUE(s.tasks + 16 >= (before < after ? before : after));
	CU_ASSERT_TRUE(s.self_stat);
	CU_ASSERT_TRUE(s.pid1_present);
	CU_ASSERT_FALSE(s.pid1_stat);
	CU_ASSERT_TRUE(s.pid1_owner);
	CU_ASSERT_EQUAL(s.pid1_euid, 0);
	umount(mnt);
	rmdir(mnt);
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-hidepid", NULL, NULL);
	ADD_TEST(s, test_hidepid);
	return run_suites();
}
