/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-cmdcache.c - kept command lines (FKS_READ_KEEP_CMDLINE) on the
 * live system, through /proc and, where it can run (root), the BPF
 * source.  Two children are staged: one execs /bin/sh again with another
 * argv (the same comm), one rewrites its argv in place as setproctitle
 * does.  Between two reads with the flag, both change; then:
 *
 * - the one that exec'd has its new command line, not a kept one: the
 *   argument area moved;
 * - the one that rewrote its argv in place keeps the old one, marked
 *   FKS_K_CMDLINE_KEPT (the documented limit), until
 *   fks_table_read_cmdline() reads the new one; a later read takes that;
 * - every other process that held still (the same start time, comm,
 *   argument area and command line in uncached reads before and after)
 *   has, in the second read, exactly the uncached read's command line,
 *   and some were kept (as root, nearly all).
 *
 * A reused pid is in tests/test-cmdcache (it cannot be made here without
 * privilege).  Needs no root; the BPF pass says why when it is skipped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "forkscope.h"

#define FIELDS (FKS_F_STAT | FKS_F_OWNER | FKS_F_CMDLINE)

static int failures;
static char **our_argv;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("FAIL %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
			failures++;					\
		}							\
	} while (0)

/* exec'd by the first child, then by it again (longer, so that the
 * argument area moves even without address randomisation) */
#define FIRST "read x; exec /bin/sh -c 'read y' second-argv-longer-than-first"
static const char first[] = "/bin/sh\0-c\0" FIRST;
static const char second[] = "/bin/sh\0-c\0read y\0second-argv-longer-than-first";

/* /proc/PID/cmdline read plainly: the oracle.  Returns its length. */
static size_t
oracle(pid_t pid, char *buf, size_t cap)
{
	char path[64];
	ssize_t n;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (len < cap && (n = read(fd, buf + len, cap - len)) > 0)
		len += (size_t)n;
	close(fd);
	return len;
}

/* Waits (up to 10 s) for pid's command line to be want[0..len). */
static bool
await_cmdline(pid_t pid, const char *want, size_t len)
{
	char buf[4096];
	int i;

	for (i = 0; i < 1000; i++) {
		if (oracle(pid, buf, sizeof buf) == len &&
		    memcmp(buf, want, len) == 0)
			return true;
		usleep(10000);
	}
	return false;
}

struct staged {
	pid_t exec_pid, title_pid;
	int exec_in, title_in;	/* write ends: a line makes them change */
	char title[4096];	/* the rewritten command line */
	size_t title_len, argv_len;
	char argv[4096];	/* ours, which the title child starts with */
};

static void
stage(struct staged *s)
{
	int pe[2], pt[2];
	char c;

	if (pipe(pe) || pipe(pt)) {
		perror("pipe");
		exit(99);
	}
	s->exec_pid = fork();
	if (s->exec_pid == 0) {
		dup2(pe[0], 0);
		close(pe[1]);
		close(pt[0]);
		close(pt[1]);
		execl("/bin/sh", "/bin/sh", "-c", FIRST, (char *)NULL);
		_exit(98);
	}
	s->title_pid = fork();
	if (s->title_pid == 0) {
		close(pe[0]);
		close(pe[1]);
		close(pt[1]);
		/* setproctitle: argv[0]'s bytes overwritten where they are */
		if (read(pt[0], &c, 1) == 1)
			memset(our_argv[0], 'Z', strlen(our_argv[0]));
		while (read(pt[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(pe[0]);
	close(pt[0]);
	s->exec_in = pe[1];
	s->title_in = pt[1];
	s->argv_len = oracle(getpid(), s->argv, sizeof s->argv);
	memcpy(s->title, s->argv, s->argv_len);
	memset(s->title, 'Z', strlen(our_argv[0]));
	s->title_len = s->argv_len;
	if (!await_cmdline(s->exec_pid, first, sizeof first) ||
	    !await_cmdline(s->title_pid, s->argv, s->argv_len)) {
		printf("the staged children did not start\n");
		exit(99);
	}
}

static void
unstage(struct staged *s)
{
	close(s->exec_in);
	close(s->title_in);
	kill(s->exec_pid, SIGKILL);
	waitpid(s->exec_pid, NULL, 0);
	waitpid(s->title_pid, NULL, 0);
}

/* The change both children make between the two kept reads. */
static void
change(struct staged *s)
{
	if (write(s->exec_in, "\n", 1) != 1 || write(s->title_in, "t", 1) != 1)
		exit(99);
	if (!await_cmdline(s->exec_pid, second, sizeof second) ||
	    !await_cmdline(s->title_pid, s->title, s->title_len)) {
		printf("the staged children did not change\n");
		exit(99);
	}
}

static bool
same_bytes(const struct fks_task *t, const char *want, size_t len)
{
	return t && (t->known & FKS_K_CMDLINE) && t->cmdline_len == len &&
	       memcmp(t->cmdline, want, len) == 0;
}

/* Whether a process held still between the uncached reads a and b. */
static bool
held_still(const struct fks_task *a, const struct fks_task *b)
{
	return a && b && !a->is_thread && a->start_ticks == b->start_ticks &&
	       a->arg_start == b->arg_start && a->arg_end == b->arg_end &&
	       a->comm_len == b->comm_len &&
	       memcmp(a->comm, b->comm, a->comm_len) == 0 &&
	       (a->known & FKS_K_CMDLINE) && (b->known & FKS_K_CMDLINE) &&
	       same_bytes(b, a->cmdline, a->cmdline_len);
}

static struct fks_table *
read_or_die(struct fks_root *root, unsigned flags)
{
	struct fks_table *tbl;
	int rc = fks_table_read(root, FIELDS, flags, &tbl);

	if (rc < 0) {
		printf("read: %s\n", strerror(-rc));
		exit(1);
	}
	return tbl;
}

/* One pass through src; returns false when the source cannot run. */
static bool
pass(enum fks_source src, const char *name)
{
	struct fks_table *u0, *k1, *k2, *k3, *u3;
	const struct fks_task *t, *a, *k;
	size_t i, compared = 0, kept = 0;
	struct fks_root *root;
	struct staged s;
	int rc;

	if (fks_root_open(NULL, &root) < 0)
		exit(99);
	fks_root_set_source(root, src);
	rc = fks_table_read(root, FIELDS, 0, &u0);
	if (rc < 0 && src == FKS_SOURCE_BPF) {
		printf("%s: skipped, the source cannot run here: %s\n", name,
		       fks_root_source_why(root) ? fks_root_source_why(root)
						 : strerror(-rc));
		fks_root_free(root);
		return false;
	}
	fks_table_free(u0);

	stage(&s);
	u0 = read_or_die(root, 0);
	k1 = read_or_die(root, FKS_READ_KEEP_CMDLINE);
	change(&s);
	k2 = read_or_die(root, FKS_READ_KEEP_CMDLINE);
	u3 = read_or_die(root, 0);

	/* the exec: read afresh */
	t = fks_table_find(k2, s.exec_pid);
	CHECK(same_bytes(t, second, sizeof second),
	      "%s: the exec'd child's command line is not its new one", name);
	CHECK(t && !(t->known & FKS_K_CMDLINE_KEPT),
	      "%s: the exec'd child's command line is marked kept", name);
	/* in place: kept, until read again */
	t = fks_table_find(k2, s.title_pid);
	CHECK(same_bytes(t, s.argv, s.argv_len) &&
	      (t->known & FKS_K_CMDLINE_KEPT),
	      "%s: the retitled child's old command line is not kept", name);
	CHECK(t && fks_table_read_cmdline(k2, t) == 0,
	      "%s: fks_table_read_cmdline failed", name);
	CHECK(same_bytes(t, s.title, s.title_len) &&
	      !(t->known & FKS_K_CMDLINE_KEPT),
	      "%s: fks_table_read_cmdline did not read the new title", name);
	/* ... and the root keeps what it read */
	k3 = read_or_die(root, FKS_READ_KEEP_CMDLINE);
	t = fks_table_find(k3, s.title_pid);
	CHECK(same_bytes(t, s.title, s.title_len) &&
	      (t->known & FKS_K_CMDLINE_KEPT),
	      "%s: the next read did not take the title read again", name);

	/* everything that held still: as an uncached read has it */
	for (i = 0; i < fks_table_count(u3); i++) {
		t = fks_table_at(u3, i);
		a = fks_table_find(u0, t->tid);
		k = fks_table_find(k2, t->tid);
		if (t->tid == s.title_pid || !held_still(a, t) || !k ||
		    k->start_ticks != t->start_ticks)
			continue;
		compared++;
		if (k->known & FKS_K_CMDLINE_KEPT)
			kept++;
		CHECK(same_bytes(k, t->cmdline, t->cmdline_len),
		      "%s: pid %d: the kept read's command line differs from "
		      "an uncached read's", name, (int)t->tid);
	}
	printf("%s: %zu processes held still, %zu of them kept\n", name,
	       compared, kept);
	/* without root, only our own processes' argument areas are seen */
	CHECK(compared > 10 && kept > 0,
	      "%s: too few processes compared or kept", name);

	unstage(&s);
	fks_table_free(u0);
	fks_table_free(k1);
	fks_table_free(k2);
	fks_table_free(k3);
	fks_table_free(u3);
	fks_root_free(root);
	return true;
}

int
main(int argc, char **argv)
{
	(void)argc;
	our_argv = argv;
	pass(FKS_SOURCE_PROC, "proc");
	pass(FKS_SOURCE_BPF, "bpf");
	if (failures)
		printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
