/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common.c - the machinery every scenario program shares (see common.h).
 *
 * Two pipes tie a scenario together.  The life pipe: every descendant keeps
 * its read end and the controller holds the only write end, so when the
 * controller closes it or dies, even by SIGKILL, every blocked read()
 * returns 0 and the descendants exit; no signal has to reach them.  The
 * report pipe carries small fixed-size messages (pids) from descendants up
 * to the controller; writes of at most PIPE_BUF bytes are atomic, so
 * reports never interleave.
 *
 * This file does not decide what a scenario looks like or what it prints
 * beyond the "scenario=NAME" prefix.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *scn_name = "scenario";
static pid_t controller;
static int life[2] = { -1, -1 };
static int report[2] = { -1, -1 };
static int sigfd = -1;
static sigset_t old_mask;

static void __attribute__((noreturn))
vdie(int errnum, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, "%s: %s: %s\n", scn_name, msg,
		    strerror(errnum));
	else
		fprintf(stderr, "%s: %s\n", scn_name, msg);
	/* A forked child shares the controller's unflushed stdio buffers
	 * and atexit handlers; only the controller may run them. */
	if (getpid() != controller) {
		fflush(stderr);
		_exit(1);
	}
	exit(1);
}

void
scn_die(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vdie(errnum, fmt, ap);
}

void
scn_diex(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(0, fmt, ap);
}

void
scn_noargs(int argc, char **argv)
{
	if (argc > 1)
		scn_diex("usage: %s (no arguments; stop with EOF on stdin)",
		    argv[0]);
}

/*
 * SCN_COMM_SUFFIX (a few characters) is appended to every name: a test
 * that acts on its scenario's processes by name (forktop's search, then a
 * signal) tells them from another test's run of the same scenario.
 */
void
scn_set_comm(const char *comm)
{
	const char *suffix = getenv("SCN_COMM_SUFFIX");
	char name[16];

	snprintf(name, sizeof name, "%s%s", comm, suffix ? suffix : "");
	if (prctl(PR_SET_NAME, name, 0, 0, 0) != 0)
		scn_die("prctl(PR_SET_NAME, %s)", name);
}

void
scn_init(const char *name, const char *comm)
{
	struct sigaction sa;
	sigset_t mask;

	scn_name = name;
	controller = getpid();
	scn_set_comm(comm);

	/* An ignored SIGCHLD would make the kernel reap our zombies; an
	 * ignored SIGINT (a shell's background job) would follow the
	 * children, which should die of ^C like any program. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) != 0 ||
	    sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGINT, &sa, NULL) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0)
		scn_die("sigaction");

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	/* Blocked before any thread or child exists, so every thread of the
	 * controller leaves them to the signalfd. */
	if (sigprocmask(SIG_BLOCK, &mask, &old_mask) != 0)
		scn_die("sigprocmask");
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sigfd < 0)
		scn_die("signalfd");

	if (pipe2(life, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0)
		scn_die("pipe2");
}

pid_t
scn_fork(const char *comm)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		scn_die("fork");
	if (pid > 0)
		return pid;

	if (life[1] >= 0)
		close(life[1]);
	life[1] = -1;
	close(report[0]);
	close(sigfd);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	scn_set_comm(comm);
	return 0;
}

void
scn_hold(void)
{
	char c;
	ssize_t n;

	do
		n = read(life[0], &c, 1);
	while (n < 0 && errno == EINTR);
}

void
scn_report(const int *v, size_t n)
{
	ssize_t w;

	do
		w = write(report[1], v, n * sizeof *v);
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)(n * sizeof *v))
		_exit(1);
}

int
scn_life_fd(void)
{
	return life[0];
}

int
scn_report_fd(void)
{
	return report[1];
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void
scn_collect(int *v, size_t n)
{
	long long deadline = now_ms() + SCN_TIMEOUT_MS;
	char *p = (char *)v;
	size_t want = n * sizeof *v, got = 0;
	struct pollfd pfd = { .fd = report[0], .events = POLLIN };
	long long left;
	ssize_t r;

	while (got < want) {
		left = deadline - now_ms();
		if (left <= 0)
			scn_diex("no report from a child in %d ms",
			    SCN_TIMEOUT_MS);
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			scn_die("poll");
		}
		if (pfd.revents == 0)
			continue;
		r = read(report[0], p + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			scn_die("read report");
		got += r;
	}
}

char
scn_state(pid_t pid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold ')' and spaces: the state follows the last ')'. */
	p = strrchr(buf, ')');
	if (p == NULL || p[1] != ' ' || p[2] == '\0')
		return 0;
	return p[2];
}

char
scn_wait_state(pid_t pid, const char *states)
{
	long long deadline = now_ms() + SCN_TIMEOUT_MS;
	struct timespec tick = { 0, 1000000 };
	int negate = states[0] == '!';
	const char *set = states + negate;
	char c;

	for (;;) {
		c = scn_state(pid);
		if (c == 0)
			scn_diex("pid %d vanished", (int)pid);
		if ((strchr(set, c) != NULL) != negate)
			return c;
		if (now_ms() > deadline)
			scn_diex("pid %d still in state %c after %d ms",
			    (int)pid, c, SCN_TIMEOUT_MS);
		nanosleep(&tick, NULL);
	}
}

void
scn_print(const char *fmt, ...)
{
	va_list ap;

	printf("scenario=%s ", scn_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout))
		scn_die("stdout");
}

char *
scn_join(const int *v, size_t n)
{
	/* "-2147483648," is 12 bytes. */
	char *s = malloc(n * 12 + 1), *p;
	size_t i;

	if (s == NULL)
		scn_die("malloc");
	p = s;
	*p = '\0';
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%d", i ? "," : "", v[i]);
	return s;
}

void
scn_wait_stop(void)
{
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = sigfd, .events = POLLIN },
	};
	char buf[512];
	ssize_t n;

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			scn_die("poll");
		}
		if (pfd[1].revents != 0)
			return;
		if (pfd[0].revents & POLLNVAL)
			return;
		if (pfd[0].revents == 0)
			continue;
		/* Whatever is written to stdin is ignored; only EOF (or a
		 * read error: nothing more will come) means stop. */
		n = read(STDIN_FILENO, buf, sizeof buf);
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
			return;
	}
}

void
scn_stop(void)
{
	if (life[1] >= 0)
		close(life[1]);
	life[1] = -1;
}

int
scn_reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			scn_die("waitpid(%d)", (int)pid);
	}
	return status;
}

void
scn_reap_all(void)
{
	int status;

	for (;;) {
		if (waitpid(-1, &status, 0) >= 0)
			continue;
		if (errno == EINTR)
			continue;
		if (errno == ECHILD)
			return;
		scn_die("waitpid");
	}
}

void
scn_orphan_middle(const char *comm)
{
	pid_t self = getpid();
	struct timespec tick = { 0, 1000000 };
	int msg[2];

	if (scn_fork(comm) != 0)
		_exit(0);
	while (getppid() == self)
		nanosleep(&tick, NULL);
	msg[0] = getpid();
	msg[1] = getppid();
	scn_report(msg, 2);
	scn_hold();
	_exit(0);
}
