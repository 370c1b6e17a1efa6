/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkchain.c - writes a synthetic snapshot of one chain of processes,
 * 1 -> 2 -> ... -> N (process i the child of i - 1), for the tests of
 * listings whose depth is hostile (tests/deep-chain.sh).  Each process has
 * a stat, a status and a command line; the last one is a zombie (its
 * command line empty).
 *
 *   mkchain DIR N
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *dir;

static void
put(const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
}

int
main(int argc, char **argv)
{
	char rel[64], path[4096], text[512];
	long i, n;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) < 1) {
		fprintf(stderr, "usage: mkchain DIR N\n");
		return 2;
	}
	dir = argv[1];
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		perror(dir);
		return 99;
	}
	put("forkscope-snapshot", "format=1\ncaptured=1800000000\n");
	put("stat", "btime 1799990000\n");
	for (i = 1; i <= n; i++) {
		snprintf(path, sizeof path, "%s/%ld", dir, i);
		if (mkdir(path, 0755) < 0) {
			perror(path);
			return 99;
		}
		snprintf(rel, sizeof rel, "%ld/stat", i);
		snprintf(text, sizeof text, "%ld (c%ld) %c %ld %ld 1 0 -1 "
			 "4194560 0 0 0 0 1 1 0 0 20 0 1 0 %ld 1000 50 0\n",
			 i, i, i == n ? 'Z' : 'S', i - 1, i, 100 + i);
		put(rel, text);
		snprintf(rel, sizeof rel, "%ld/cmdline", i);
		put(rel, i == n ? "" : "chain");
		snprintf(rel, sizeof rel, "%ld/status", i);
		snprintf(text, sizeof text, "Name:\tc%ld\nTgid:\t%ld\nPid:\t%ld\n"
			 "PPid:\t%ld\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
			 "Threads:\t1\n", i, i, i, i - 1);
		put(rel, text);
	}
	return 0;
}
