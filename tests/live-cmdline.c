/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-cmdline.c - a command line of megabytes stays bounded.  A child
 * raises its stack limit (the kernel allows argv up to a quarter of it,
 * at most 6 MiB) and execs /bin/sh with dozens of 128 KiB arguments, each
 * of its own letter; sh then waits on stdin.  The library must keep
 * exactly FKS_CMDLINE_MAX bytes of it, equal to the first bytes of the
 * file, report the real length (cmdline_full, against a plain read of
 * /proc/PID/cmdline here), and not hold the whole text: the peak RSS of
 * this process grows by less than half the command line's size.  The time
 * taken is printed, with a generous bound (30 s) only to catch a read that
 * never ends.  Needs no root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"
#include "testutil.h"

#define ARG_LEN (128 * 1024 - 1)	/* MAX_ARG_STRLEN with its NUL */
#define NARGS 44			/* about 5.5 MiB */

static pid_t child = -1;
static int hold = -1;		/* the write end of the child's stdin */

/* In the child: exec sh with nargs huge arguments, fewer if refused. */
static void __attribute__((noreturn))
exec_huge(int ready)
{
	static char *argv[NARGS + 6];
	char *envp[] = { "PATH=/usr/bin:/bin", NULL };
	struct rlimit rl;
	int i, n;

	if (getrlimit(RLIMIT_STACK, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
			      rl.rlim_max > 64 << 20 ? 64 << 20 : rl.rlim_max;
		setrlimit(RLIMIT_STACK, &rl);
	}
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = "echo ready >&3; exec 3>&-; read x";
	argv[3] = "sh";
	for (i = 0; i < NARGS; i++) {
		argv[4 + i] = malloc(ARG_LEN + 1);
		if (!argv[4 + i])
			_exit(90);
		memset(argv[4 + i], 'A' + i % 26, ARG_LEN);
		argv[4 + i][ARG_LEN] = '\0';
	}
	if (dup2(ready, 3) < 0)
		_exit(91);
	for (n = NARGS; n > 0; n /= 2) {	/* E2BIG: a lower limit */
		argv[4 + n] = NULL;
		execve(argv[0], argv, envp);
		if (errno != E2BIG)
			break;
	}
	_exit(92);
}

/* The whole of /proc/PID/cmdline, read plainly: the oracle. */
static char *
slurp_cmdline(pid_t pid, size_t *len)
{
	size_t cap = 8 << 20, got = 0;
	char path[64], *buf = malloc(cap);
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (!buf || fd < 0) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + got, cap - got)) > 0)
		got += (size_t)n;
	close(fd);
	*len = got;
	return buf;
}

static long
maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_huge_cmdline(void)
{
	int in[2], ready[2];
	struct fks_root *root;
	struct fks_table *tbl;
	const struct fks_task *t;
	size_t full = 0, len, rfull;
	char *oracle, *buf, line[16] = "";
	long rss0, rss1;
	double t0, took;

	CU_ASSERT_FATAL(pipe(in) == 0 && pipe(ready) == 0);
	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0) {
		dup2(in[0], 0);
		close(in[1]);
		close(ready[0]);
		exec_huge(ready[1]);
	}
	close(in[0]);
	close(ready[1]);
	hold = in[1];
	/* "ready" once sh runs: its cmdline is the huge one by then */
	CU_ASSERT_FATAL(read(ready[0], line, sizeof line - 1) > 0);
	close(ready[0]);
	CU_ASSERT_STRING_EQUAL_FATAL(line, "ready\n");
	oracle = slurp_cmdline(child, &full);
	CU_ASSERT_PTR_NOT_NULL_FATAL(oracle);
	printf("\n  pid %d: a command line of %zu bytes\n", (int)child, full);
	/* the kernel took at least 8 times what is kept, or this tests
	 * nothing */
	CU_ASSERT_FATAL(full >= 8 * (size_t)FKS_CMDLINE_MAX);

	CU_ASSERT_EQUAL_FATAL(fks_root_open(NULL, &root), 0);
	/* a first read allocates what any read does (arenas, the index) */
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_STAT, 0, &tbl), 0);
	fks_table_free(tbl);
	rss0 = maxrss_kib();
	t0 = seconds();
	CU_ASSERT_EQUAL_FATAL(fks_table_read(root, FKS_F_ALL, 0, &tbl), 0);
	took = seconds() - t0;
	rss1 = maxrss_kib();
	printf("  table read with command lines in %.3f s; peak RSS "
	       "%ld -> %ld KiB\n", took, rss0, rss1);
	t = fks_table_find(tbl, child);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_TRUE(t->known & FKS_K_CMDLINE);
	CU_ASSERT_EQUAL(t->cmdline_len, FKS_CMDLINE_MAX);
	CU_ASSERT_EQUAL(t->cmdline_full, full);
	CU_ASSERT_EQUAL(memcmp(t->cmdline, oracle, FKS_CMDLINE_MAX), 0);
	CU_ASSERT_EQUAL(t->cmdline[FKS_CMDLINE_MAX], '\0');
	CU_ASSERT_EQUAL(fks_cmdline_argc(t->cmdline, t->cmdline_len), 5);
	CU_ASSERT((size_t)(rss1 - rss0) * 1024 < full / 2);
	CU_ASSERT(took < 30.0);
	fks_table_free(tbl);

	/* the file API: as little as asked, the real length still */
	snprintf(line, sizeof line, "%d/cmdline", (int)child);
	CU_ASSERT_EQUAL_FATAL(fks_root_read_file(root, line, 4096, &buf, &len,
						 &rfull), 0);
	CU_ASSERT_EQUAL(len, 4096);
	CU_ASSERT_EQUAL(rfull, full);
	CU_ASSERT_EQUAL(memcmp(buf, oracle, 4096), 0);
	free(buf);
	free(oracle);
	fks_root_free(root);
}

static int
cleanup(void)
{
	int status;

	if (hold >= 0)
		close(hold);	/* sh's read ends: it exits */
	if (child > 0 && waitpid(child, &status, 0) != child)
		return 1;
	return 0;
}

int
main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("live-cmdline", NULL, cleanup);
	ADD_TEST(s, test_huge_cmdline);
	return run_suites();
}
