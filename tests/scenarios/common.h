/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common.h - what every scenario program shares: the life pipe that takes
 * all descendants down with the controller, the report pipe that carries
 * pids from descendants up to it, waiting for a /proc state, printing the
 * one protocol line and waiting to be told to stop.
 *
 * It does not stage any scenario itself; each program does that in its own
 * file, and tests/scenarios/README.md describes the protocol.
 */
#ifndef SCN_COMMON_H
#define SCN_COMMON_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stddef.h>
#include <sys/types.h>

/* How long the controller waits for a descendant or a /proc state before
 * it gives up: a broken scenario fails instead of hanging. */
#define SCN_TIMEOUT_MS 10000

/*
 * Makes the calling process the controller of scenario `name`: names it
 * `comm`, resets SIGCHLD, SIGTERM, SIGINT and SIGHUP to SIG_DFL (an
 * inherited SIG_IGN on SIGCHLD would reap the zombies we are here to
 * show), blocks the last three for scn_wait_stop() and opens the life and
 * report pipes.  Call it first, before any thread exists.  Exits 1 on
 * failure.
 */
void	scn_init(const char *name, const char *comm);

/* Exits 1 with a usage message when any argument was given. */
void	scn_noargs(int argc, char **argv);

/*
 * fork() that prepares the child: it is named `comm`, drops the life
 * pipe's write end (so the controller holds the only one) and gets the
 * signal mask the controller started with.  Returns the child's pid in the
 * parent, 0 in the child; exits 1 on failure.
 */
pid_t	scn_fork(const char *comm);

/* Sets the calling thread's comm; exits 1 on failure. */
void	scn_set_comm(const char *comm);

/*
 * Blocks until the controller is gone or calls scn_stop(), i.e. until the
 * life pipe reads EOF.  Only read(2): safe in a vfork() child.
 */
void	scn_hold(void);

/*
 * The body of a middle process that makes an orphan: forks a child named
 * `comm` and exits at once; the child waits until it has been reparented,
 * reports { its pid, its new parent } and holds.  Never returns.  The pid
 * is taken before the fork: once the middle exits, the orphan's getppid()
 * can no longer tell who it was.
 */
void	scn_orphan_middle(const char *comm) __attribute__((noreturn));

/* Sends n ints to the controller in one atomic write(2) (n small).  Only
 * write(2): safe in a vfork() child; _exit(1) on failure. */
void	scn_report(const int *v, size_t n);

/*
 * The read end of the life pipe and the write end of the report pipe, for
 * a child that execs and must keep them (both are close-on-exec: dup2()
 * them first).
 */
int	scn_life_fd(void);
int	scn_report_fd(void);

/* Reads one report of n ints; exits 1 after SCN_TIMEOUT_MS. */
void	scn_collect(int *v, size_t n);

/*
 * Polls /proc/PID/stat until its state letter is one of `states`, or,
 * when `states` starts with '!', until it is none of the rest.  Returns
 * the letter; exits 1 after SCN_TIMEOUT_MS or if the task vanished.
 */
char	scn_wait_state(pid_t pid, const char *states);

/* The state letter of /proc/PID/stat, or 0 when the task is gone. */
char	scn_state(pid_t pid);

/* Prints "scenario=NAME " and the formatted rest as one flushed line on
 * stdout; exits 1 if that fails. */
void	scn_print(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * Appends pids as "a,b,c" to a new string the caller frees; exits 1 on
 * failure.
 */
char	*scn_join(const int *v, size_t n);

/* Blocks until stdin reads EOF (or fails) or SIGTERM/SIGINT/SIGHUP
 * arrives. */
void	scn_wait_stop(void);

/* Closes the life pipe: every descendant holding it returns from
 * scn_hold(). */
void	scn_stop(void);

/* waitpid() that retries on EINTR; returns the wait status; exits 1 on
 * failure. */
int	scn_reap(pid_t pid);

/* Reaps every child until none is left (call after scn_stop()). */
void	scn_reap_all(void);

/* Prints "NAME: message: strerror(errno)" on stderr and exits 1; _exit(1)
 * in a descendant, whose copy of stdio must not be flushed twice. */
void	scn_die(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
/* Same without strerror(). */
void	scn_diex(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
