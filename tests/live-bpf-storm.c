/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-bpf-storm.c - the BPF task source under fork storms: no process
 * alive the whole time of a read may be missing from it.  Two storm
 * children fork bursts of children that exit at once and reap each burst
 * (as bench/storm does), so the kernel's count of tasks swings by
 * hundreds while the iterator runs; NLONG long-lived children sleep.
 *
 * Then READS BPF reads in a row, each between two listings of /proc:
 * every process in both listings (alive before the read and after it)
 * must be in the read, pid 1 among them.  Half the reads are a fresh
 * root's first read (what a one-shot pforest does), half are reads of
 * one kept root (what forktop does), alternating.  Prints the misses
 * and their count; fails on any.  Needs root and the BPF source; skips
 * (77) saying why otherwise.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "forkscope.h"

#define READS 1000
#define NLONG 50
#define NSTORM 2
#define BURST 400
#define REPORT_MAX 20	/* misses printed; all are counted */

static pid_t longs[NLONG], storms[NSTORM], test_pid;
static int life[2];

/* Forks bursts of children that exit at once, reaping each burst, until
 * the test ends (its parent changes) or kills it. */
static void __attribute__((noreturn))
storm(void)
{
	int i, n;
	pid_t p;

	close(life[0]);
	close(life[1]);
	for (;;) {
		for (n = 0, i = 0; i < BURST; i++) {
			p = fork();
			if (p == 0)
				_exit(0);
			n += p > 0;
		}
		while (n > 0 && wait(NULL) > 0)
			n--;
		if (getppid() != test_pid)
			_exit(0);
	}
}

static pid_t
spawn(void (*body)(void))
{
	pid_t p = fork();

	if (p < 0) {
		perror("fork");
		exit(99);
	}
	if (p == 0)
		body();
	return p;
}

/* A long-lived child: holds until the test's end closes the pipe. */
static void __attribute__((noreturn))
hold(void)
{
	char c;

	close(life[1]);
	while (read(life[0], &c, 1) > 0)
		;
	_exit(0);
}

static void
stop_all(void)
{
	int i;

	for (i = 0; i < NSTORM; i++)
		if (storms[i] > 0)
			kill(storms[i], SIGKILL);
	close(life[1]);
	while (wait(NULL) > 0)
		;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* The processes /proc lists now, sorted; *n of them. */
static pid_t *
list_proc(size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	size_t cap = 1024;
	pid_t *pids = malloc(cap * sizeof *pids);
	char *end;
	long v;

	if (!d || !pids) {
		perror("/proc");
		stop_all();
		exit(99);
	}
	*n = 0;
	while ((e = readdir(d))) {
		v = strtol(e->d_name, &end, 10);
		if (*end || v <= 0)
			continue;
		if (*n == cap) {
			cap *= 2;
			pids = realloc(pids, cap * sizeof *pids);
			if (!pids) {
				stop_all();
				exit(99);
			}
		}
		pids[(*n)++] = (pid_t)v;
	}
	closedir(d);
	qsort(pids, *n, sizeof *pids, pid_cmp);
	return pids;
}

static struct fks_root *
bpf_root(void)
{
	struct fks_root *root;
	int rc = fks_root_open("/proc", &root);

	if (rc < 0) {
		printf("opening /proc: %s\n", strerror(-rc));
		stop_all();
		exit(1);
	}
	fks_root_set_source(root, FKS_SOURCE_BPF);
	return root;
}

/* One read of root; skips the whole test (77) where BPF cannot run. */
static struct fks_table *
read_bpf(struct fks_root *root)
{
	struct fks_table *tbl;
	int rc = fks_table_read(root, FKS_F_STAT, 0, &tbl);

	if (rc == -EINVAL)	/* a table with messages: still a read */
		return tbl;
	if (rc < 0) {
		printf("SKIP: the BPF source cannot run here: %s\n",
		       fks_root_source_why(root) ?
		       fks_root_source_why(root) : strerror(-rc));
		stop_all();
		exit(77);
	}
	return tbl;
}

int
main(void)
{
	struct fks_root *kept, *root;
	struct fks_table *tbl;
	pid_t *before, *after;
	size_t nb, na, i, j, misses = 0, missed_reads = 0, no_init = 0;
	size_t checked = 0, listed_missed = 0;
	bool missed;
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		printf("SKIP: the BPF source needs root\n");
		return 77;
	}
	/* can it run at all?  (skips before anything is started) */
	kept = bpf_root();
	fks_table_free(read_bpf(kept));
	test_pid = getpid();
	if (pipe(life) != 0) {
		perror("pipe");
		return 99;
	}
	for (i = 0; i < NLONG; i++)
		longs[i] = spawn(hold);
	for (i = 0; i < NSTORM; i++)
		storms[i] = spawn(storm);
	close(life[0]);
	usleep(200000);		/* the storms under way */

	for (r = 0; r < READS; r++) {
		/* odd reads: a fresh root's first read, as a one-shot
		 * command makes; even ones: the kept root read again */
		root = r % 2 ? bpf_root() : kept;
		before = list_proc(&nb);
		tbl = read_bpf(root);
		after = list_proc(&na);
		listed_missed += fks_root_bpf_missed(root);
		missed = false;
		if (!fks_table_find(tbl, 1)) {
			no_init++;
			missed = true;
		}
		for (i = 0, j = 0; i < nb && j < na;) {
			if (before[i] < after[j]) {
				i++;
			} else if (before[i] > after[j]) {
				j++;
			} else {
				checked++;
				if (!fks_table_find(tbl, before[i])) {
					if (misses < REPORT_MAX)
						printf("read %d (%s root): pid "
						       "%d alive before and "
						       "after, missing\n", r,
						       r % 2 ? "a fresh" :
						       "the kept",
						       (int)before[i]);
					misses++;
					missed = true;
				}
				i++;
				j++;
			}
		}
		missed_reads += missed;
		fks_table_free(tbl);
		if (root != kept)
			fks_root_free(root);
		free(before);
		free(after);
	}
	fks_root_free(kept);
	stop_all();
	printf("%d BPF reads under %d storms: %zu processes checked, "
	       "%zu missing in %zu reads (pid 1 missing in %zu); %zu read "
	       "from /proc by the library\n", READS, NSTORM, checked, misses,
	       missed_reads, no_init, listed_missed);
	return misses || no_init ? 1 : 0;
}
