/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common.h - what the forkscope commands share (common.c): allocation
 * that exits, errors and exit statuses, opening the proc root from
 * --proc-root, escaping hostile task data.  The output layer (tree art,
 * colour, the terminal's width) is common-output.h's, option values
 * optval.h's.
 */
#ifndef FKS_COMMON_H
#define FKS_COMMON_H

#include <stdio.h>
#include "forkscope.h"

/* Exit statuses shared by every command (listed in each man page). */
enum {
	EXIT_OK = 0,
	EXIT_TROUBLE = 1,	/* a runtime error, or problems in the data */
	EXIT_USAGE = 2,		/* a bad option or argument */
};

/* Options every command takes; the long-option values start here. */
enum {
	OPT_PROC_ROOT = 0x100,
	OPT_READ_SOURCE,		/* --source=auto|proc|bpf */
	OPT_COLOR,			/* --color=auto|always|never */
	OPT_FIRST_LOCAL		/* the first value a command may use */
};

/*
 * The long options the commands share, written once: a command's table
 * ends with COMMON_LONGOPTS (which holds its terminator); one that reads
 * a table of tasks (pforest, reapcheck, forktop) puts READ_LONGOPTS
 * before it, one with a -v of its own (forkwatch, whose --source is of
 * events) VERBOSE_LONGOPT, one that colours (pforest, reapcheck)
 * COLOR_LONGOPTS.  common_option() handles their values, but for -h:
 * each command's help is its own.
 */
#define VERBOSE_LONGOPT { "verbose", no_argument, NULL, 'v' }
#define READ_LONGOPTS \
	{ "source", required_argument, NULL, OPT_READ_SOURCE }, \
	VERBOSE_LONGOPT
#define COLOR_LONGOPTS \
	{ "color", required_argument, NULL, OPT_COLOR }, \
	{ "colour", required_argument, NULL, OPT_COLOR }
#define COMMON_LONGOPTS \
	{ "proc-root", required_argument, NULL, OPT_PROC_ROOT }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ NULL, 0, NULL, 0 }

/* What the shared options set; all zero is every default. */
struct common_opts {
	const char *proc_root;		/* --proc-root; NULL: /proc */
	enum fks_source source;		/* --source; FKS_SOURCE_AUTO */
	bool verbose;			/* -v */
	int color;			/* --color: enum color_mode
					 * (common-output.h); COLOR_AUTO */
};
/*
 * Handles getopt_long()'s value c for a shared option, from a command's
 * default case: --proc-root, --source, -v and --color set *co (a bad
 * value is a usage error), -V prints the version and exits; anything
 * else is option_error()'s (so c is '?' or ':' there).
 */
void common_option(int c, char *const argv[], struct common_opts *co)
	__attribute__((nonnull));

void *xmalloc(size_t n);
char *xstrdup(const char *s);
/*
 * The next item of a comma-separated option value, cut in place from
 * *rest, or NULL when none is left (start with *rest at the value).  An
 * empty item (an empty variable in a script, "a,,b", "a,") is a usage
 * error naming opt and whole (the value as given), as ps refuses it:
 * never a selection of everything or of nothing.
 */
char *list_item(char **rest, const char *opt, const char *whole);
/* Adds the items of list (cut in place; list_item()'s rules) to *v,
 * growing it. */
void list_append_items(const char *opt, char *list, char ***v,
		       size_t *n);
char *xescape(const char *s, size_t len, unsigned flags, size_t *width);

/* Opens --proc-root (NULL: /proc), or exits with a clear message. */
struct fks_root *open_root(const char *path);
/*
 * Says on stderr, as a note that changes no exit status, when a live root
 * is a procfs mounted with hidepid and this user is not root: other
 * users' processes are then hidden (2, 4) or unreadable (1).
 */
void note_hidden(struct fks_root *root);
/* --source's value (auto, proc, bpf), or a usage error. */
enum fks_source parse_source(const char *s);
/*
 * After fks_table_read(root) returned rc with --source=src: when src is
 * bpf and BPF could not run, exits (status trouble) saying why; with
 * verbose, says on stderr which source ran and, when not BPF, why.
 */
void check_source(struct fks_root *root, enum fks_source src, int rc,
		  bool verbose, int trouble);
/*
 * -v: says on stderr which source of events runs (the stream's "source"
 * header: a record's is the one it was made with) and, where auto passed
 * over BPF or the connector, why (the library's notice, so only right
 * after the open, before fks_watch_next); chosen: the user named it.
 * w NULL: no events at all, for the reason why_none.
 */
void say_watch_source(const struct fks_watch *w, bool chosen,
		      const char *why_none);
/* Prints the table's messages as warnings; returns how many. */
size_t warn_messages(const struct fks_table *tbl);
/*
 * A usage error, the one way every command reports one: says what was
 * wrong on one line, after the command's name as warnx() does (fmt is
 * printf's), then "Try 'NAME --help' for more information." and exits
 * with EXIT_USAGE, as coreutils and procps do: the whole help is for
 * --help.  Where error_end is set, it is called with the line instead.
 */
void usage_error(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
/*
 * A runtime error that ends the command: says it on one line, after the
 * command's name as warnx() does, and exits with status.  Where
 * error_end is set, it is called with the line instead.
 */
void die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
/*
 * Where a command's errors end when it must say them its own way
 * (reapcheck as a monitoring plugin: one UNKNOWN line on stdout, status
 * 3, whatever the error); must not return.
 */
extern void (*error_end)(const char *msg);
/*
 * The usage error of what getopt_long() (run with opterr = 0 and an
 * optstring that starts with ':') found wrong: c is '?' (an unknown
 * option) or ':' (a missing value).  getopt's own message would name the
 * binary's path, not the command.
 */
void option_error(int c, char *const argv[]) __attribute__((noreturn));
/*
 * -o FILE's rule (reapcheck, forkwatch): output goes to a regular file or
 * a new one, never through a symlink (to /dev/stdout, say) nor into a
 * device (reapcheck's rename once replaced a machine's /dev/full); into a
 * FIFO only where fifo_ok (forkwatch's stream, which a reader takes as it
 * comes).  check_output_path() looks at what path is now (lstat: nothing
 * there is fine), check_output_mode() at what was opened (fstat's
 * st_mode).  Anything else ends the command with one line naming path,
 * with status trouble.  "-o -", standard output, is the caller's.
 */
void check_output_path(const char *path, bool fifo_ok, int trouble);
void check_output_mode(const char *path, mode_t mode, bool fifo_ok,
		       int trouble);
/* The PID in s, or a usage error naming opt (NULL: an argument). */
pid_t parse_pid(const char *opt, const char *s);
/* Prints "NAME (forkscope VERSION)" and exits. */
void print_version(void) __attribute__((noreturn));

/*
 * Sends sig to process pid of the live root only if it is still the one
 * that started at start_ticks: the pidfd is opened before the start time
 * is checked, so a pid recycled meanwhile never gets the signal.  Returns
 * 0, -ESRCH when the process is gone or its pid now names another,
 * -EXDEV when root is not this pid namespace's live procfs (a snapshot,
 * a container's /proc: its numbers name other processes here; see
 * FOREIGN_PIDS), or another negative errno (-EPERM ...).
 */
/* Why signal_task() refuses a root (-EXDEV), for a message. */
#define FOREIGN_PIDS "its pids are a snapshot's or another pid " \
	"namespace's: signals go only through this namespace's /proc"
int signal_task(struct fks_root *root, pid_t pid,
		unsigned long long start_ticks, int sig);

/* The orders of siblings that pforest --sort and forktop's s key offer. */
enum task_order { ORDER_PID, ORDER_START, ORDER_NAME, ORDER_CPU, ORDER_RSS };
/* <0, 0 or >0 as x comes before, with or after y in that order (the
 * busiest first for CPU and RSS); ties go by tid. */
int task_cmp(const struct fks_task *x, const struct fks_task *y,
	     enum task_order by);

/* CLOCK_MONOTONIC now, in ns: the clock of the kernel's event times. */
uint64_t mono_ns(void);

/* A wait status in words: "exit 3", "killed by SIGKILL",
 * "killed by SIGSEGV (core dumped)". */
void wait_status_text(int st, char *buf, size_t size);

/*
 * Is name (a -u or -U value) a user of the data's machine: this machine's
 * user database for a live root, the snapshot's own users file for a
 * snapshot (fks_root_user_name's names of its processes' owners).  A uid
 * is always one.
 */
bool user_known(const struct fks_table *tbl, const char *name);
/* A usage error naming opt and the first of users[0, n) that is no user
 * (user_known), as pforest -u and forktop -u refuse one. */
void check_users(const struct fks_table *tbl, const char *opt,
		 char *const *users, size_t n);

/* Escaping flags suited to stdout: UTF-8 kept only in a UTF-8 locale. */
unsigned escape_flags(void);

#endif
