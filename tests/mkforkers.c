/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkforkers.c - writes a record (docs/RECORD.md, with the library's own
 * encoder) of N distinct processes that fork, for the test of forkwatch
 * -S's top forkers (tests/forkwatch-summary.sh).
 *
 * Seeded are init (1) and N parents, each named; then each parent forks
 * once, in pid order; then the first twelve fork again, so that they fork
 * 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2 and 2 times in all.  Those twelve have
 * the highest pids, in reverse (forker k has pid BASE + N - 1 - k and is
 * named top-k), so that among two with as many forks the one seen second
 * has the lower pid and comes first.  The others have pids BASE up and
 * names p-PID.  Forks: N + 42.
 *
 *   mkforkers FILE N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forkscope.h"

#define BASE 10000
#define TOP 12
#define EV(...) ((struct fks_event){ __VA_ARGS__ })

static unsigned char buf[FKS_RECORD_MAX];
static FILE *out;
static const char *path;

static void
put(struct fks_event ev)
{
	size_t len = fks_record_encode(&ev, buf);

	if (fwrite(buf, 1, len, out) != len) {
		perror(path);
		exit(99);
	}
}

static void
task(pid_t pid, const char *comm)
{
	struct fks_event ev = EV(.type = FKS_EV_TASK, .time_ns = 1000,
				 .pid = pid, .tgid = pid, .parent_pid = 1,
				 .parent_tgid = 1, .start_ns = 500,
				 .state = 'S');

	snprintf(ev.comm, sizeof ev.comm, "%s", comm);
	put(ev);
}

/* The pid of parent i: the first TOP the highest, in reverse. */
static pid_t
parent(long i, long n)
{
	return (pid_t)(i < TOP ? BASE + n - 1 - i : BASE + i - TOP);
}

int
main(int argc, char **argv)
{
	uint64_t t = 2000;
	pid_t child;
	char comm[16];
	long n, i, k;

	if (argc != 3 || (n = atol(argv[2])) < TOP || n > 1000000) {
		fprintf(stderr, "usage: mkforkers FILE N (%d to 1000000)\n",
			TOP);
		return 2;
	}
	path = argv[1];
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return 99;
	}
	fprintf(out, "FKSREC 1\nstart_realtime_ns=1700000000000000000\n"
		"start_monotonic_ns=1000\nhost=mkforkers\nsource=hand-made\n\n");
	put(EV(.type = FKS_EV_RESYNC, .time_ns = 1000, .lost = n + 1));
	task(1, "init");
	for (i = 0; i < n; i++) {
		if (i < TOP)
			snprintf(comm, sizeof comm, "top-%ld", i);
		else
			snprintf(comm, sizeof comm, "p-%d", (int)parent(i, n));
		task(parent(i, n), comm);
	}
	/* children's pids above every parent's */
	child = (pid_t)(BASE + n);
	for (i = 0; i < n; i++, child++, t += 1000)
		put(EV(.type = FKS_EV_FORK, .time_ns = t, .pid = child,
		       .tgid = child, .parent_pid = parent(i, n),
		       .parent_tgid = parent(i, n)));
	for (i = 0; i < TOP; i++)
		for (k = 1; k < 7 - i / 2; k++, child++, t += 1000)
			put(EV(.type = FKS_EV_FORK, .time_ns = t, .pid = child,
			       .tgid = child, .parent_pid = parent(i, n),
			       .parent_tgid = parent(i, n)));
	if (fclose(out) != 0) {
		perror(path);
		return 99;
	}
	return 0;
}
