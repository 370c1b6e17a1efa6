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
 * thread: the least a thread reader has to do.  It is not a reference for the values: the differential
 * test (tests/live-libproc2.c) is.
 */
#include "config.h"

#include <dirent.h>
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

struct floor {
	int procfd;
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
 * Reads one stat file into f->buf; returns its length, 0 when the task
 * vanished (a race, not an error).
 */
static ssize_t
read_stat(struct floor *f, const char *rel, unsigned long *sum)
{
	ssize_t n;
	int fd;

	fd = openat(f->procfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, f->buf, sizeof f->buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	*sum += (unsigned long)n + (unsigned char)f->buf[n / 2];
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
static long
read_threads(struct floor *f, const char *pid, unsigned long *sum)
{
	char rel[320], dents[4096];	/* a d_name is at most 255 bytes */
	struct dirent64 *de;
	long n = 0, got, off;
	int fd;

	snprintf(rel, sizeof rel, "%s/task", pid);
	fd = openat(f->procfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while ((got = getdents64(fd, dents, sizeof dents)) > 0) {
		for (off = 0; off < got; off += de->d_reclen) {
			de = (struct dirent64 *)(dents + off);
			if (!numeric(de->d_name) ||
			    strcmp(de->d_name, pid) == 0)
				continue;
			snprintf(rel, sizeof rel, "%s/task/%s/stat", pid,
				 de->d_name);
			n += read_stat(f, rel, sum) > 0;
		}
	}
	close(fd);
	return n;
}

static long
round_floor(void *ctx, bool threads, unsigned long *sum)
{
	struct floor *f = ctx;
	struct dirent *de;
	char rel[64];
	ssize_t got;
	size_t len;
	long n = 0;
	DIR *dir;
	int fd;

	fd = openat(f->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		warn("/proc");
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (!numeric(de->d_name))
			continue;
		/* Hand-made path: snprintf would be the floor's hot spot. */
		len = strlen(de->d_name);
		if (len > 16)
			continue;
		memcpy(rel, de->d_name, len);
		memcpy(rel + len, "/stat", sizeof "/stat");
		got = read_stat(f, rel, sum);
		if (got == 0)
			continue;
		n++;
		if (threads && multithreaded(f->buf, got))
			n += read_threads(f, de->d_name, sum);
	}
	closedir(dir);
	return n;
}

int
main(int argc, char **argv)
{
	struct bench_opts o = { .name = "floor" };
	static struct floor f;

	bench_parse(argc, argv, &o);
	f.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f.procfd < 0)
		err(1, "/proc");
	return bench_run(&o, round_floor, &f);
}
