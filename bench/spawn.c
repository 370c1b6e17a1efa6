/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn.c - the benchmark's load: N sleeping processes (default 5000),
 * every Eth of them with T threads (default every 50th, 4 threads), for
 * the readers to scan.
 *
 * It prints "ready ..." once every process and thread exists, then holds
 * until its stdin reaches EOF or it gets SIGINT, SIGTERM or SIGHUP, and
 * then lets the sleepers go and reaps them.  The sleepers block in read()
 * on a pipe whose only write end the controller holds (the "life pipe"):
 * when the controller closes it or dies, even by SIGKILL, the read returns
 * 0 and they exit, so no sleeper outlives a benchmark.
 *
 * It does not measure anything, and it refuses a load that would run the
 * system out of pids rather than fail half-way.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* Room left for the rest of the system when checking pid_max. */
#define PID_MARGIN 1000
/* Sleeping threads need little stack; 8 MiB each would be address space
 * (and page tables) for nothing. */
#define THREAD_STACK (64 * 1024)

static int life[2], ready[2], devnull = -1;
static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void * __attribute__((noreturn))
sleeper_thread(void *arg)
{
	char c;

	(void)arg;
	/* EOF on the life pipe: leave, and take the whole process along. */
	while (read(life[0], &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

/* The body of one sleeper; never returns. */
static void __attribute__((noreturn))
sleeper(int nthreads)
{
	pthread_attr_t attr;
	pthread_t th;
	char c = 'r';
	int i;

	close(life[1]);
	close(ready[0]);
	/* Off the controller's stdin and stdout, so whoever reads our
	 * output sees EOF when the controller goes, not when we do. */
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
	}
	prctl(PR_SET_NAME, nthreads > 1 ? "fks-sleeper-mt" : "fks-sleeper");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (i = 1; i < nthreads; i++)
		/* Exiting without the ready byte: the controller sees. */
		if (pthread_create(&th, &attr, sleeper_thread, NULL) != 0)
			_exit(1);
	if (write(ready[1], &c, 1) != 1)
		_exit(1);
	close(ready[1]);
	sleeper_thread(NULL);
}

static long
read_long(const char *path)
{
	long v = -1;
	FILE *f;

	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Tasks alive now: the second number of /proc/loadavg's "r/total". */
static long
tasks_now(void)
{
	long running, total = -1;
	double l1, l5, l15;
	FILE *f;

	f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf %lf %lf %ld/%ld", &l1, &l5, &l15, &running,
			   &total) != 5)
			total = -1;
		fclose(f);
	}
	return total;
}

/*
 * Refuses a load the system cannot hold: pid_max and threads-max bound all
 * tasks; RLIMIT_NPROC bounds ours (root is exempt from it).
 */
static void
check_limits(long ntasks)
{
	long pid_max = read_long("/proc/sys/kernel/pid_max");
	long threads_max = read_long("/proc/sys/kernel/threads-max");
	long have = tasks_now();
	struct rlimit rl;

	if (have < 0)
		have = 0;
	if (pid_max > 0 && have + ntasks + PID_MARGIN > pid_max)
		errx(1, "%ld tasks + %ld running + %d spare > pid_max %ld",
		     ntasks, have, PID_MARGIN, pid_max);
	if (threads_max > 0 && have + ntasks + PID_MARGIN > threads_max)
		errx(1, "%ld tasks > kernel.threads-max %ld", ntasks,
		     threads_max);
	if (geteuid() == 0 || getrlimit(RLIMIT_NPROC, &rl) < 0 ||
	    rl.rlim_cur == RLIM_INFINITY ||
	    (rlim_t)(have + ntasks) <= rl.rlim_cur)
		return;
	if (rl.rlim_max != RLIM_INFINITY && (rlim_t)(have + ntasks) >
	    rl.rlim_max)
		errx(1, "%ld tasks > ulimit -u %llu", ntasks,
		     (unsigned long long)rl.rlim_max);
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NPROC, &rl) < 0)
		err(1, "raising ulimit -u");
}

static int
number(const char *s, int min)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (end == s || *end || v < min || v > 1000000)
		errx(2, "bad number: %s", s);
	return (int)v;
}

/* Holds until stdin ends or a signal arrives. */
static void
hold(void)
{
	char buf[256];
	ssize_t n;

	while (!stop) {
		n = read(STDIN_FILENO, buf, sizeof buf);
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
}

/* Forks the sleepers; returns how many forked. */
static int
spawn(int nprocs, int every, int nthreads)
{
	pid_t pid;
	int i;

	for (i = 0; i < nprocs; i++) {
		pid = fork();
		if (pid < 0) {
			warn("fork #%d", i);
			return i;
		}
		if (pid == 0)
			sleeper(every > 0 && i % every == every - 1 ?
				nthreads : 1);
	}
	return i;
}

int
main(int argc, char **argv)
{
	int nprocs = 5000, every = 50, nthreads = 4, forked, got = 0, c;
	struct sigaction sa = { .sa_handler = on_signal };
	long ntasks;
	char buf[512];
	ssize_t n;

	while ((c = getopt(argc, argv, "n:e:t:")) != -1) {
		switch (c) {
		case 'n': nprocs = number(optarg, 1); break;
		case 'e': every = number(optarg, 0); break;
		case 't': nthreads = number(optarg, 1); break;
		default:
			fprintf(stderr, "usage: spawn [-n procs] [-e every] "
				"[-t threads]\n");
			return 2;
		}
	}
	ntasks = nprocs + (every ? (long)(nprocs / every) * (nthreads - 1) : 0);
	check_limits(ntasks);

	/* No SA_RESTART: the signal must interrupt the read of stdin. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (pipe2(life, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0)
		err(1, "pipe");
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	fflush(stdout);

	forked = spawn(nprocs, every, nthreads);
	/* Our copy of the write end closed, a sleeper that dies before its
	 * byte shows as EOF instead of a hang. */
	close(ready[1]);
	while (got < forked && (n = read(ready[0], buf, sizeof buf)) != 0) {
		if (n < 0 && errno != EINTR)
			err(1, "ready pipe");
		if (n > 0)
			got += (int)n;
	}
	if (got == nprocs) {
		printf("ready procs %d tasks %ld pid %d\n", nprocs, ntasks,
		       (int)getpid());
		fflush(stdout);
		hold();
	} else {
		warnx("only %d of %d sleepers came up", got, nprocs);
	}
	close(life[1]);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return got == nprocs ? 0 : 1;
}
