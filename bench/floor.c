/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floor.c - the floor scanner: the least work that still visits every
 * task's stat file, as the yardstick for libforkscope and libproc2.
 *
 * Per process: openat(/proc fd, "PID/stat"), one read(), close() -- three
 * syscalls, plus the getdents64 calls of the /proc listing.  It parses
 * nothing (a checksum of lengths and a few bytes keeps the reads alive)
 * and stores nothing.  With -t it also reads each other thread's
 * task/TID/stat, the files libforkscope reads with FKS_READ_THREADS, but
 * lists PID/task/ only for a process whose stat counts more than one
 * thread: the least a thread reader has to do.  With -j N, N threads share
 * the pid list, to show what reading in parallel could buy.
 *
 * It is not a reference for the values: the differential test
 * (tests/live-libproc2.c) is.
 */
#include "config.h"

#include <dirent.h>
#include <err.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define CHUNK 32		/* pids a worker claims at a time */

struct floor {
	int procfd;
	bool threads;
	char (*pids)[16];	/* this round's pid directory names */
	size_t npids, cap;
	size_t next;		/* next unclaimed index (atomic) */
};

/* One reading thread: its own buffer, its own sums. */
struct worker {
	struct floor *f;
	pthread_t th;
	unsigned long sum;
	long n;
	char buf[4096];		/* a stat line is ~300 bytes; comm <= 64 */
};

/* Digits only: the pid directories of /proc (and tids of task/). */
static bool
numeric(const char *s)
{
	if (*s < '1' || *s > '9')
		return false;
	while (*++s)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * Reads one stat file into w->buf; returns its length, 0 when the task
 * vanished (a race, not an error).
 */
static ssize_t
read_stat(struct worker *w, const char *rel)
{
	ssize_t n;
	int fd;

	fd = openat(w->f->procfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, w->buf, sizeof w->buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	w->sum += (unsigned long)n + (unsigned char)w->buf[n / 2];
	return n;
}

/*
 * Whether the process has other threads: field 20 (num_threads) of its
 * stat, counted past the last ')' since comm may hold spaces.  The one
 * parse the floor does, so that -t lists task/ only where it holds more
 * than the leader, as a thread reader needs to at the least.
 */
static bool
multithreaded(char *buf, ssize_t len)
{
	char *p;
	int field = 2;

	buf[len] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return true;
	while (*p && field < 20)
		if (*p++ == ' ')
			field++;
	return !(p[0] == '1' && p[1] == ' ');
}

/*
 * Reads the stat of every thread of pid but its leader (read already):
 * getdents64 straight on the directory, as fdopendir() would add an
 * fstat and an fcntl per process.
 */
static void
read_threads(struct worker *w, const char *pid)
{
	char rel[320], dents[4096];	/* a d_name is at most 255 bytes */
	struct dirent64 *de;
	long got, off;
	int fd;

	snprintf(rel, sizeof rel, "%s/task", pid);
	fd = openat(w->f->procfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	while ((got = getdents64(fd, dents, sizeof dents)) > 0) {
		for (off = 0; off < got; off += de->d_reclen) {
			de = (struct dirent64 *)(dents + off);
			if (!numeric(de->d_name) ||
			    strcmp(de->d_name, pid) == 0)
				continue;
			snprintf(rel, sizeof rel, "%s/task/%s/stat", pid,
				 de->d_name);
			w->n += read_stat(w, rel) > 0;
		}
	}
	close(fd);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct floor *f = w->f;
	char rel[32];
	size_t i, end, len;
	ssize_t got;

	for (;;) {
		i = __atomic_fetch_add(&f->next, CHUNK, __ATOMIC_RELAXED);
		if (i >= f->npids)
			break;
		end = i + CHUNK < f->npids ? i + CHUNK : f->npids;
		for (; i < end; i++) {
			/* Hand-made path: snprintf would be the hot spot. */
			len = strlen(f->pids[i]);
			memcpy(rel, f->pids[i], len);
			memcpy(rel + len, "/stat", sizeof "/stat");
			got = read_stat(w, rel);
			if (got == 0)
				continue;
			w->n++;
			if (f->threads && multithreaded(w->buf, got))
				read_threads(w, f->pids[i]);
		}
	}
	return NULL;
}

/* Lists the pid directories of /proc into f->pids. */
static int
list_pids(struct floor *f)
{
	struct dirent *de;
	DIR *dir;
	void *grown;
	int fd;

	f->npids = 0;
	fd = openat(f->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		warn("/proc");
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (!numeric(de->d_name) || strlen(de->d_name) >= 16)
			continue;
		if (f->npids == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 1024;
			grown = realloc(f->pids, f->cap * sizeof *f->pids);
			if (!grown)
				err(1, "realloc");
			f->pids = grown;
		}
		strcpy(f->pids[f->npids++], de->d_name);
	}
	closedir(dir);
	return 0;
}

/* The workers of a -j run; [0] is the calling thread. */
static struct worker *workers;
static int nworkers = 1;

static long
round_floor(void *ctx, bool threads, unsigned long *sum)
{
	struct floor *f = ctx;
	long n = 0;
	int i;

	if (list_pids(f) < 0)
		return -1;
	f->threads = threads;
	f->next = 0;
	for (i = 0; i < nworkers; i++) {
		workers[i].f = f;
		workers[i].sum = 0;
		workers[i].n = 0;
	}
	for (i = 1; i < nworkers; i++)
		if (pthread_create(&workers[i].th, NULL, work, &workers[i]))
			errx(1, "pthread_create");
	work(&workers[0]);
	for (i = 0; i < nworkers; i++) {
		if (i > 0)
			pthread_join(workers[i].th, NULL);
		*sum += workers[i].sum;
		n += workers[i].n;
	}
	return n;
}

int
main(int argc, char **argv)
{
	struct bench_opts o = { .name = "floor", .jobs_ok = true };
	static struct floor f;
	static char name[32];

	bench_parse(argc, argv, &o);
	nworkers = o.jobs;
	if (nworkers > 1) {
		snprintf(name, sizeof name, "floor-j%d", nworkers);
		o.name = name;
	}
	workers = calloc((size_t)nworkers, sizeof *workers);
	if (!workers)
		err(1, "calloc");
	f.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f.procfd < 0)
		err(1, "/proc");
	return bench_run(&o, round_floor, &f);
}
