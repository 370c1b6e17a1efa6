/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forkwatch - every fork, exec and exit as it happens, with who did it.
 *
 * Options, then the library's event stream (fks_watch_*: BPF where it is
 * permitted, the kernel's proc connector; where a listener is refused,
 * ptrace for a command started here, else a poll of /proc; or a record),
 * then filters and one of three views (forkwatch-print.c).  The library
 * keeps the tasks and their names; this file only decides what to show
 * and when to stop.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "forkwatch-print.h"
#include "forkwatch-slices.h"
#include "place.h"

#define BATCH 256
#define MAX_PIDS 64

struct opts {
	struct common_opts co;		/* --proc-root, -v (its own
					 * --source, of events, is below) */
	const char *record, *replay;
	const char *output;		/* -o FILE ("-": stdout) */
	enum view view;
	unsigned types;			/* FKS_EV_BIT()s to show */
	bool types_given, no_threads, summary;
	pid_t pids[MAX_PIDS];
	size_t npids;
	const char *comm;
	char **units, **containers, **cgroups;	/* --unit, --container,
						 * --cgroup lists */
	size_t nunits, ncontainers, ncgroups;
	bool uid_given;
	uid_t uid;
	double duration;		/* seconds; 0: until stopped */
	unsigned long long count;	/* events shown; 0: no limit */
	enum { SRC_AUTO, SRC_CONNECTOR, SRC_POLL, SRC_PTRACE, SRC_BPF } source;
	unsigned interval_ms;
	char **command;			/* after "--" */
};

/* SIGINT, SIGTERM and SIGHUP: how many came, the last one and who sent it (0:
 * the kernel, for a terminal's Ctrl-C) */
static volatile sig_atomic_t nsignals, last_signal, last_sender;

static void
on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	last_signal = sig;
	last_sender = si && si->si_code <= 0 ? si->si_pid : 0;
	if (nsignals < 3)
		nsignals++;
}

static void __attribute__((noreturn))
usage(void)
{
	printf(
"Usage: forkwatch [options] [-- COMMAND [ARG...]]\n"
"Show every fork, exec and exit as it happens, with who did it.\n"
"\n"
"Views:\n"
"  (default)            a flat, aligned stream of events\n"
"  -t, --tree           each new task indented under its parent\n"
"  -j, --json           JSON lines, one event per line\n"
"  -o, --output FILE    the events to FILE (- for standard output); else\n"
"                       to standard output, or with a COMMAND to standard\n"
"                       error: its own output stays apart\n"
"Filters:\n"
"  -p, --pid PID        that process and all its descendants (repeatable)\n"
"  -- COMMAND [ARG...]  start COMMAND and watch exactly its subtree\n"
"  -c, --comm NAME      tasks named NAME (before or after an exec)\n"
"  -u, --uid USER       tasks whose effective user is USER (name or id)\n"
"      --unit=LIST      tasks of these systemd units (ssh.service, or ssh\n"
"                       for ssh.service; a user's units too)\n"
"      --container=LIST tasks of these containers: an id or its prefix,\n"
"                       or a name\n"
"      --cgroup=LIST    tasks in these cgroup v2 paths or under them\n"
"                       (/system.slice/cron.service)\n"
"                       (each at its event: a task moved after its fork\n"
"                       shows from its exec in the new place)\n"
"  -e, --events LIST    event types, comma-separated: fork,clone,exec,\n"
"                       exit,comm,uid,gid,sid,ptrace,coredump,reparent\n"
"      --no-threads     hide threads (clone, thread exits)\n"
"Stopping:\n"
"  -d, --duration SECS  stop after SECS seconds\n"
"  -n, --count N        stop after N events shown\n"
"  -S, --summary        at the end, a summary on standard error\n"
"Record and replay:\n"
"  -w, --record FILE    also write every event to FILE (replayable)\n"
"  -r, --replay FILE    read the events from FILE instead of the kernel\n"
"Source:\n"
"      --source=auto|bpf|connector|poll|ptrace\n"
"                       BPF where permitted (root), else the proc\n"
"                       connector; where the kernel refuses a listener,\n"
"                       auto traces a COMMAND (ptrace) or else polls /proc\n"
"      --interval MS    the poll source's interval (default 500)\n"
"      --proc-root DIR  the live /proc to read names from\n"
"  -v, --verbose        say on stderr which source runs, and why\n"
"  -h, --help           this help\n"
"  -V, --version        the version\n"
"\n"
"Exit status: 0 ok, 1 trouble (a corrupt record, a lost subscription,\n"
"an -o FILE that is not a regular file or a FIFO),\n"
"2 bad usage, 126 COMMAND cannot run, 127 COMMAND not found; else with\n"
"a COMMAND its own status (128 + N: killed by signal N).\n"
"See forkwatch(1).\n");
	exit(EXIT_OK);
}

/* The types a user may ask for with -e. */
#define SHOWABLE (FKS_EV_BIT(FKS_EV_FORK) | FKS_EV_BIT(FKS_EV_CLONE) | \
	FKS_EV_BIT(FKS_EV_EXEC) | FKS_EV_BIT(FKS_EV_EXIT) |                \
	FKS_EV_BIT(FKS_EV_UID) | FKS_EV_BIT(FKS_EV_GID) |                  \
	FKS_EV_BIT(FKS_EV_SID) | FKS_EV_BIT(FKS_EV_PTRACE) |               \
	FKS_EV_BIT(FKS_EV_COMM) | FKS_EV_BIT(FKS_EV_COREDUMP) |            \
	FKS_EV_BIT(FKS_EV_REPARENT))

/* Parses -e: a comma-separated list of type names; a usage error when one
 * is bad. */
static unsigned
parse_types(const char *list)
{
	char *copy = xstrdup(list), *tok, *rest = copy;
	unsigned types = 0, t, found;

	while ((tok = list_item(&rest, "-e", list))) {
		found = 0;
		for (t = 0; t < FKS_EV_NTYPES; t++)
			if (SHOWABLE & FKS_EV_BIT(t) &&
			    strcmp(tok, event_name(t)) == 0)
				found = FKS_EV_BIT(t);
		if (!found)
			usage_error("'%s' is not an event type (-e)", tok);
		types |= found;
	}
	free(copy);	/* every item named a type: types holds one */
	return types;
}

/* -u: a uid, or a user's name; a usage error when it is neither. */
static uid_t
parse_uid(const char *s)
{
	struct passwd *pw;
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!errno && end != s && !*end && v >= 0 && v < (long)UINT_MAX)
		return (uid_t)v;
	pw = getpwnam(s);
	if (!pw)
		usage_error("-u: no user '%s'", s);
	return pw->pw_uid;
}

/* A number above 0 and up to 1e9; a usage error for anything else. */
static double
parse_number(const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 1e9)
		usage_error("'%s' is not a positive number (%s)", s, what);
	return v;
}

enum {
	OPT_NO_THREADS = OPT_FIRST_LOCAL,
	OPT_SOURCE,
	OPT_INTERVAL,
	OPT_UNIT,
	OPT_CONTAINER,
	OPT_CGROUP,
};

static void
parse_args(int argc, char *argv[], struct opts *o)
{
	static const struct option longopts[] = {
		{ "tree", no_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, 'c' },
		{ "uid", required_argument, NULL, 'u' },
		{ "events", required_argument, NULL, 'e' },
		{ "no-threads", no_argument, NULL, OPT_NO_THREADS },
		{ "duration", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "summary", no_argument, NULL, 'S' },
		{ "record", required_argument, NULL, 'w' },
		{ "replay", required_argument, NULL, 'r' },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		VERBOSE_LONGOPT,
		COMMON_LONGOPTS
	};
	double v;
	int c, before = optind;
	size_t i;

	opterr = 0;
	/* "+": options stop at the first argument that is not one; the
	 * command must come after "--", which getopt steps over */
	while ((c = getopt_long(argc, argv, "+:tjo:p:c:u:e:d:n:Sw:r:vhV",
				longopts, NULL)) != -1) {
		before = optind;
		switch (c) {
		case 't': o->view = VIEW_TREE; break;
		case 'j': o->view = VIEW_JSON; break;
		case 'o': o->output = optarg; break;
		case 'p':
			if (o->npids == MAX_PIDS)
				usage_error("at most %d --pid", MAX_PIDS);
			o->pids[o->npids++] = parse_pid("-p", optarg);
			break;
		case 'c':
			if (!*optarg)
				usage_error("-c: an empty name");
			o->comm = optarg;
			break;
		case 'u':
			o->uid = parse_uid(optarg);
			o->uid_given = true;
			break;
		case 'e':
			o->types = parse_types(optarg);
			o->types_given = true;
			break;
		case OPT_NO_THREADS: o->no_threads = true; break;
		case 'd':
			o->duration = parse_number(optarg, "--duration");
			break;
		case 'n':
			v = parse_number(optarg, "--count");
			if (v != (double)(unsigned long long)v)
				usage_error("--count needs a whole number");
			o->count = (unsigned long long)v;
			break;
		case 'S': o->summary = true; break;
		case 'w': o->record = optarg; break;
		case 'r': o->replay = optarg; break;
		case OPT_SOURCE:
			if (strcmp(optarg, "auto") == 0)
				o->source = SRC_AUTO;
			else if (strcmp(optarg, "connector") == 0)
				o->source = SRC_CONNECTOR;
			else if (strcmp(optarg, "poll") == 0)
				o->source = SRC_POLL;
			else if (strcmp(optarg, "ptrace") == 0)
				o->source = SRC_PTRACE;
			else if (strcmp(optarg, "bpf") == 0)
				o->source = SRC_BPF;
			else
				usage_error("'%s' is not a source (auto, bpf, "
					    "connector, poll, ptrace)", optarg);
			break;
		case OPT_INTERVAL:
			v = parse_number(optarg, "--interval");
			if (v > 3600000)
				usage_error("--interval: '%s' is more than an "
					    "hour (3600000 ms)", optarg);
			o->interval_ms = (unsigned)v;
			break;
		case OPT_UNIT:
			list_append_items("--unit", optarg, &o->units, &o->nunits);
			break;
		case OPT_CONTAINER:
			list_append_items("--container", optarg, &o->containers,
				 &o->ncontainers);
			break;
		case OPT_CGROUP:
			i = o->ncgroups;
			list_append_items("--cgroup", optarg, &o->cgroups, &o->ncgroups);
			for (; i < o->ncgroups; i++)
				cgroup_arg_check(o->cgroups[i]);
			break;
		case 'h': usage();
		default: common_option(c, argv, &o->co);
		}
	}
	/* the last call moved optind only if it stepped over "--" (a "--"
	 * taken as an option's value does not count) */
	if (optind < argc && optind == before)
		usage_error("unexpected argument '%s' (a command goes after "
			    "--)", argv[optind]);
	if (optind < argc)
		o->command = argv + optind;
	/* "--" and nothing after it: a command left out (an empty "$@"),
	 * not a wish to watch the whole system */
	if (optind == argc && optind != before)
		usage_error("no command after --");
	if (!o->types_given)
		o->types = SHOWABLE;
	if (o->replay && (o->command || o->record || o->source != SRC_AUTO))
		usage_error("--replay reads a record: no command, --record or "
			    "--source with it");
	if (o->command && o->npids)
		usage_error("either --pid or a command, not both");
	if (o->source == SRC_PTRACE && !o->command)
		usage_error("--source=ptrace traces a command: -- COMMAND");
}

/* ---- what to show ---- */

static bool
name_is(const struct fks_wtask *t, const char *comm)
{
	return t && strcmp(t->comm, comm) == 0;
}

/* Whether a place filter (--unit, --container, --cgroup) is given. */
static bool
place_filtered(const struct opts *o)
{
	return o->nunits || o->ncontainers || o->ncgroups;
}

/*
 * Does the cgroup of it's task at its event pass every place filter given?
 * Each list selects by any of its items, and every option given must
 * select; a task whose cgroup is unknown (gone before it was read, an old
 * record) matches none.
 */
static bool
in_place(const struct opts *o, const struct fks_watch_item *it)
{
	struct fks_place p;
	size_t i;

	if (!it->ev.cgroup)
		return false;
	if (o->ncgroups) {
		for (i = 0; i < o->ncgroups; i++)
			if (cgroup_under(it->ev.cgroup, it->ev.cgroup_len,
					 o->cgroups[i]))
				break;
		if (i == o->ncgroups)
			return false;
	}
	if (!o->nunits && !o->ncontainers)
		return true;
	fks_place_from_path(it->ev.cgroup, it->ev.cgroup_len, &p);
	return (!o->nunits || place_unit_listed(&p, o->units, o->nunits)) &&
	       (!o->ncontainers ||
		place_container_listed(&p, o->containers, o->ncontainers));
}

static bool
shown(const struct opts *o, const struct fks_watch_item *it,
      const struct fks_watch_item *name)
{
	const struct fks_wtask *t = it->known ? &it->task : NULL;

	if (it->ev.type == FKS_EV_LOST)
		return true;	/* never hidden */
	if (!(o->types & FKS_EV_BIT(it->ev.type)))
		return false;
	if (o->no_threads && (it->ev.type == FKS_EV_CLONE ||
			      (t && t->flags & FKS_WT_THREAD)))
		return false;
	if ((o->npids || o->command) && !(t && t->marks & MARK_WATCHED))
		return false;
	if (o->uid_given && !(t && t->euid == o->uid))
		return false;
	if (place_filtered(o) && !in_place(o, it))
		return false;
	if (o->comm && !name_is(t, o->comm) &&
	    !(name && strcmp(name->ev.comm, o->comm) == 0))
		return false;
	return true;
}

/* ---- the command to watch ---- */

/* The signals forkwatch catches or ignores; the command gets them as
 * forkwatch found them (a background job's SIGINT stays ignored). */
static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

struct child {
	struct sigaction found[sizeof caught / sizeof *caught];
				/* each of caught[] at the start */
	pid_t pid;
	int go;			/* closed to let it exec; -1: done */
	int errpipe;		/* the exec's errno, or EOF when it worked */
	int pidfd;		/* readable once it has ended; -1: none */
	bool forked;		/* its fork event came */
	bool exited;		/* its exit event came */
	bool ended;		/* it has ended (a zombie until reaped) */
	int status;		/* exited: the wait status its event told */
};

/*
 * The status a shell gives a command that could not be executed: 127 when
 * it was not found, 126 when it was found but could not run (no execute
 * permission, a directory, a format the kernel does not know).
 */
static int
exec_failure_status(int errnum)
{
	return errnum == ENOENT ? 127 : 126;
}

/*
 * Whether a file `name` is in a directory of PATH.  execvp() fails with
 * EACCES when a directory on PATH could not be searched (root's PATH
 * with /root/bin, run as another user) even when the name is nowhere:
 * a shell says "not found" (127) then, and so do we.
 */
static bool
in_path(const char *name)
{
	const char *path = getenv("PATH"), *end;
	char file[PATH_MAX];
	struct stat st;
	int len;

	for (; path && *path; path = *end ? end + 1 : end) {
		end = strchrnul(path, ':');
		len = snprintf(file, sizeof file, "%.*s/%s",
			       (int)(end - path), end > path ? path : ".",
			       name);
		if (len > 0 && (size_t)len < sizeof file &&
		    stat(file, &st) == 0)
			return true;
	}
	return false;
}

/*
 * Forks the command, which waits (on the `go` pipe) until
 * release_command(): the caller marks its pid, and the ptrace source
 * attaches to it, before it can exec, so nothing it does escapes.
 */
static void
start_command(char **argv, struct child *ch)
{
	int pfd[2], gfd[2], errnum = 0;
	size_t i;
	char c;

	if (pipe2(pfd, O_CLOEXEC) < 0 || pipe2(gfd, O_CLOEXEC) < 0)
		err(EXIT_TROUBLE, "pipe");
	ch->pid = fork();
	if (ch->pid < 0)
		err(EXIT_TROUBLE, "fork");
	if (ch->pid == 0) {
		close(pfd[0]);
		close(gfd[1]);
		for (i = 0; i < sizeof caught / sizeof *caught; i++)
			sigaction(caught[i], &ch->found[i], NULL);
		/* EOF: go (forkwatch gone too: then nothing watches) */
		while (read(gfd[0], &c, 1) < 0 && errno == EINTR)
			;
		execvp(argv[0], argv);
		errnum = errno;
		if (errnum == EACCES && !strchr(argv[0], '/') &&
		    !in_path(argv[0]))
			errnum = ENOENT;
		(void)!write(pfd[1], &errnum, sizeof errnum);
		_exit(exec_failure_status(errnum));
	}
	close(pfd[1]);
	close(gfd[0]);
	ch->errpipe = pfd[0];
	ch->go = gfd[1];
}

/*
 * Lets the command exec.  Whether the exec worked is learnt at once,
 * before any event is shown, from a pipe that the exec closes
 * (O_CLOEXEC) or the child writes its errno to: a command that cannot
 * run ends forkwatch with one line and a shell's status, not with a
 * watch of its failed child.
 */
static void
release_command(char **argv, struct child *ch)
{
	int errnum = 0;
	ssize_t n;

	close(ch->go);
	ch->go = -1;
	do
		n = read(ch->errpipe, &errnum, sizeof errnum);
	while (n < 0 && errno == EINTR);
	close(ch->errpipe);
	if (n != (ssize_t)sizeof errnum) {
		/* the exec closed the pipe: it runs.  Not reaped before
		 * forkwatch ends, its pid names it until then: no race.
		 * Without pidfds (Linux < 5.3), wait_command() asks
		 * waitid() at intervals instead */
		ch->pidfd = (int)syscall(SYS_pidfd_open, ch->pid, 0);
		return;
	}
	(void)waitpid(ch->pid, NULL, 0);
	/* die() escapes the name; "command not found" as a shell says it
	 * of a name looked up in PATH */
	die(exec_failure_status(errnum), "cannot run '%s': %s", argv[0],
	    errnum == ENOENT && !strchr(argv[0], '/') ? "command not found"
						      : strerror(errnum));
}

/* ---- the loop ---- */

/* The connector's refusals after which auto takes another source. */
static bool
refused(int rc)
{
	return rc == -EPERM || rc == -EACCES || rc == -EPROTONOSUPPORT ||
	       rc == -ECONNREFUSED;
}

/*
 * Opens the event source; NULL when the command is to be traced (ptrace),
 * which open_ptrace() does once it is forked.
 */
static struct fks_watch *
open_stream(const struct opts *o, struct fks_root **root)
{
	struct fks_watch *w = NULL;
	unsigned mask;
	int rc;

	if (o->replay) {
		rc = fks_watch_open_replay(o->replay, &w);
		if (rc < 0)
			errx(EXIT_TROUBLE, "%s", w && fks_watch_error(w) ?
			     fks_watch_error(w) : strerror(-rc));
		return w;
	}
	*root = open_root(o->co.proc_root);
	/* the kernel's events carry this pid namespace's numbers: named
	 * from another namespace's /proc they would name other processes
	 * (polling that /proc alone is consistent) */
	if (!fks_root_is_snapshot(*root) && !fks_root_pids_are_ours(*root) &&
	    o->source != SRC_POLL)
		die(EXIT_TROUBLE, "%s: another pid namespace's /proc: the "
		    "kernel's events would not match its pids (watch from "
		    "inside that namespace, or --source=poll)",
		    fks_root_path(*root));
	/* the kernel filters only when asked for fewer types; the watcher
	 * always needs forks, execs, exits and renames to name tasks */
	mask = o->types_given ? o->types | FKS_EV_BIT(FKS_EV_FORK) |
		FKS_EV_BIT(FKS_EV_CLONE) | FKS_EV_BIT(FKS_EV_EXEC) |
		FKS_EV_BIT(FKS_EV_EXIT) | FKS_EV_BIT(FKS_EV_COMM) : 0;
	if (o->source == SRC_PTRACE)
		return NULL;
	if (o->source == SRC_AUTO)
		rc = fks_watch_open_live(*root, mask, 0, !o->command, &w);
	else
		rc = fks_watch_open_source(*root, o->source == SRC_BPF ?
					   FKS_WS_BPF : o->source == SRC_POLL ?
					   FKS_WS_POLL : FKS_WS_CONNECTOR,
					   mask, o->interval_ms, &w);
	/* no listener for an ordinary user: the command is traced */
	if (rc < 0 && o->source == SRC_AUTO && o->command && refused(rc)) {
		if (o->co.verbose && w && fks_watch_why_not(w, FKS_WS_BPF))
			warnx("events: not bpf: %s",
			      fks_watch_why_not(w, FKS_WS_BPF));
		if (o->co.verbose)
			warnx("events: no connector (%s): the command is traced",
			      w && fks_watch_error(w) ? fks_watch_error(w)
						     : strerror(-rc));
		fks_watch_free(w);
		return NULL;
	}
	if (rc < 0)
		errx(EXIT_TROUBLE, "%s", w && fks_watch_error(w) ?
		     fks_watch_error(w) : strerror(-rc));
	/* (-v says it in its own line) */
	if (fks_watch_source(w) == FKS_WS_POLL && fks_watch_error(w) &&
	    !o->co.verbose)
		warnx("notice: %s", fks_watch_error(w));
	return w;
}

/*
 * The ptrace source for the command just forked (not yet exec'd).  Where
 * tracing is refused, --source=ptrace fails; auto polls /proc instead
 * (the command is already in it: marked, not marked as the next).
 */
static struct fks_watch *
open_ptrace(const struct opts *o, struct fks_root *root, pid_t pid,
	    bool *next)
{
	struct fks_watch *w = NULL;
	char why[256];
	int rc;

	*next = true;
	rc = fks_watch_open_ptrace(root, pid, &w);
	if (rc == 0)
		return w;
	snprintf(why, sizeof why, "%s", w && fks_watch_error(w) ?
		 fks_watch_error(w) : strerror(-rc));
	fks_watch_free(w);
	if (o->source == SRC_PTRACE) {
		kill(pid, SIGKILL);
		errx(EXIT_TROUBLE, "%s", why);
	}
	rc = fks_watch_open_live(root, 0, o->interval_ms ? o->interval_ms
							 : 500, true, &w);
	if (rc < 0) {
		kill(pid, SIGKILL);
		errx(EXIT_TROUBLE, "%s", w && fks_watch_error(w) ?
		     fks_watch_error(w) : strerror(-rc));
	}
	warnx("notice: the kernel refused a listener, and tracing (%s): "
	      "polling /proc instead, which misses processes shorter than "
	      "its interval", why);
	*next = false;
	return w;
}

/*
 * An existing regular file written with events loses its group's and
 * others' permissions before anything is written (a warning where that
 * is refused: another user's file, which stays theirs).  A device or a
 * pipe keeps its mode.
 */
static void
make_private(int fd, const struct stat *st, const char *path)
{
	if (S_ISREG(st->st_mode) && st->st_mode & (S_IRWXG | S_IRWXO) &&
	    fchmod(fd, st->st_mode & ~(mode_t)(S_IRWXG | S_IRWXO) &
			   07777) < 0)
		warn("%s: others keep their permissions on it: chmod", path);
}

/*
 * Opens -w's file.  A record holds the command line of every process on
 * the system, which may carry secrets: like script(1)'s typescript it is
 * its owner's alone, created 0600 (a umask can take more away, never
 * give), and an existing regular file is made private (make_private);
 * a device or a pipe (/dev/null, /dev/stdout) is taken as it is.  Exits
 * when it cannot open.
 */
static int
open_record(const char *path)
{
	struct stat st;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		  S_IRUSR | S_IWUSR);
	if (fd < 0)
		err(EXIT_TROUBLE, "%s", path);
	if (fstat(fd, &st) < 0)
		err(EXIT_TROUBLE, "%s", path);
	make_private(fd, &st, path);
	return fd;
}

/*
 * Opens -o's file for the events.  They stream, so they are written to
 * the file itself as they come, not to a temporary renamed at the end as
 * reapcheck's one report is: a reader may follow the file (tail -f).
 * The file is a regular one, emptied (only once the open proved it is
 * one), or a new one; like -w's record it is 0600, since events hold
 * every user's command lines.  A FIFO is a stream's natural target and
 * is taken, but only with a reader already there: opened without
 * waiting, so that no reader is an error and not a hang.  A symlink, a
 * device or anything else is refused (check_output_path), before and
 * after the open.  "-" is standard output.  Exits when it cannot open.
 */
static FILE *
open_output(const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	if (strcmp(path, "-") == 0)
		return stdout;
	check_output_path(path, true, EXIT_TROUBLE);
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
		  O_NOCTTY | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (fd < 0 && errno == ENXIO)
		die(EXIT_TROUBLE, "%s: a FIFO with no reader (-o)", path);
	if (fd < 0 && errno == ELOOP)	/* a symlink made since */
		check_output_path(path, true, EXIT_TROUBLE);
	if (fd < 0 || fstat(fd, &st) < 0)
		die(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
	check_output_mode(path, st.st_mode, true, EXIT_TROUBLE);
	if (S_ISREG(st.st_mode)) {
		if (ftruncate(fd, 0) < 0)
			die(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
		make_private(fd, &st, path);
	}
	/* a reader that is slow makes us wait, as on a pipe */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0 ||
	    !(f = fdopen(fd, "w")))
		die(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
	return f;
}

/*
 * SIGHUP is caught as SIGINT and SIGTERM are (left to kill forkwatch, it
 * would take the traced tasks along, PTRACE_O_EXITKILL, also a command
 * that ignores it), unless it was ignored at the start (nohup).
 */
static void
install_signals(void)
{
	struct sigaction sa, hup;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_signal;	/* no SA_RESTART: poll() returns */
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
	/* forkwatch | head: a write fails with EPIPE, and we end quietly */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * The first SIGINT, SIGTERM or SIGHUP while the command runs does not end the
 * watch: it is the command's, as with time(1) and strace(1), and the
 * watch shows how the command takes it.  From a terminal (Ctrl-C, sent
 * by the kernel to the foreground process group) the command had it
 * already; one a process sent is passed on to the command, as strace
 * does (twice for the command, then, when it went to a whole group).
 */
static void
pass_signal(const struct child *ch)
{
	if (last_sender > 0)
		(void)kill(ch->pid, (int)last_signal);
}

/* Notes the end of the started command: the watch ends with it (not
 * with the exit of an earlier task that had its pid). */
static void
note_exit(struct child *ch, const struct fks_watch_item *it)
{
	if (ch->pid <= 0 || it->ev.pid != ch->pid)
		return;
	if (it->ev.type == FKS_EV_FORK)
		ch->forked = true;
	if (it->ev.type == FKS_EV_EXIT && ch->forked) {
		ch->exited = true;
		ch->status = it->ev.exit_code;
	}
}

/*
 * While the command runs, forkwatch waits here, not in fks_watch_next: on
 * the stream's fd (the connector) or until the poll source's next read
 * (fks_watch_due_ms), and on the command's pidfd, so that its end is seen
 * at once whatever the source.  The poll source sees nothing between two
 * reads, and a command reaped before a read was never seen at all: the
 * command is not reaped here (waitid's WNOWAIT), and the read is made due
 * now, so that it finds the zombie and tells its exit with its status.
 * Never a nap before the wait: a name is read after its exec only once
 * the exec is read, and a short-lived program does not wait for us.
 * Returns the timeout for fks_watch_next: 0, the waiting is done.
 */
static int
wait_command(struct fks_watch *w, struct child *ch, int timeout)
{
	struct pollfd pfd[2];
	nfds_t n = 0;
	siginfo_t si;
	int due;

	if (ch->ended)
		return 0;	/* the rest of the stream, no waiting */
	due = fks_watch_due_ms(w);
	if (due >= 0 && (timeout < 0 || due < timeout))
		timeout = due;
	/* without a pidfd, waitid() is asked every 100 ms */
	if (ch->pidfd < 0 && (timeout < 0 || timeout > 100))
		timeout = 100;
	if (ch->pidfd >= 0)
		pfd[n++] = (struct pollfd){ ch->pidfd, POLLIN, 0 };
	if (fks_watch_fd(w) >= 0)
		pfd[n++] = (struct pollfd){ fks_watch_fd(w), POLLIN, 0 };
	/* EINTR: the caller looks at the signal */
	(void)poll(pfd, n, timeout);
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)ch->pid, &si, WEXITED | WNOHANG | WNOWAIT)
	    == 0 && si.si_pid == ch->pid) {
		ch->ended = true;
		fks_watch_poll_now(w);
	}
	return 0;
}

static void
check_pids(const struct fks_watch *w, const struct opts *o)
{
	size_t i;

	for (i = 0; i < o->npids; i++)
		if (!fks_watch_find(w, o->pids[i]))
			errx(EXIT_TROUBLE, "no process %d (--pid)",
			     (int)o->pids[i]);
}

/* How the summary's count of lost events was made. */
static const char *
loss_note(const struct fks_watch *w, const struct opts *o)
{
	switch (fks_watch_source(w)) {
	case FKS_WS_POLL:
		return "polling: processes shorter than the interval are "
		       "missed, uncounted";
	case FKS_WS_REPLAY:
		return "as recorded";
	case FKS_WS_PTRACE:
		return "none: every traced task stops at each of its events";
	case FKS_WS_BPF:
		return "exact, the BPF program's failed reservations";
	default:
		return o->types_given ? "a lower bound: with -e the kernel "
			"filters, so only buffer overflows are counted"
			: "exact, from the kernel's per-CPU event numbers";
	}
}

int
main(int argc, char *argv[])
{
	struct opts o = { .view = VIEW_FLAT };
	struct fks_watch_item items[BATCH];
	struct child ch = { .go = -1, .errpipe = -1, .pidfd = -1 };
	struct summary sum = { 0 };
	struct printer pr = { 0 };
	struct slices sl;
	struct fks_root *root = NULL;
	struct fks_watch *w;
	unsigned long long nshown = 0;
	uint64_t deadline = 0, now;
	bool seeded = false, done = false, show;
	const struct fks_watch_item *name;
	const char *out_name = "standard output";
	size_t n = 0, i;
	int rc = 0, fd, status = EXIT_OK, timeout, wst;
	bool next = true, have_wst = false, passed = false;

	setlocale(LC_ALL, "");
	parse_args(argc, argv, &o);
	/* as time(1) and strace(1): the command's output stays its own,
	 * the events go to stderr, a line at a time so that they never
	 * cut into a line of its own there (set before any output) */
	if (o.command && !o.output)
		setvbuf(stderr, NULL, _IOLBF, 0);
	for (i = 0; i < sizeof caught / sizeof *caught; i++)
		sigaction(caught[i], NULL, &ch.found[i]);
	install_signals();
	/* before the command starts: a refused FILE runs nothing */
	pr.out = stdout;
	if (o.output) {
		pr.out = open_output(o.output);
		if (pr.out != stdout)
			out_name = o.output;
	} else if (o.command) {
		pr.out = stderr;
		out_name = "standard error";
	}
	w = open_stream(&o, &root);
	for (i = 0; i < o.npids; i++)
		if (fks_watch_mark(w, o.pids[i], MARK_WATCHED) < 0)
			errx(EXIT_TROUBLE, "out of memory");
	if (o.command) {
		start_command(o.command, &ch);
		if (!w)
			w = open_ptrace(&o, root, ch.pid, &next);
		/* its pid may still name a task whose exit is on its way */
		if ((next ? fks_watch_mark_next : fks_watch_mark)(
			    w, ch.pid, MARK_WATCHED) < 0)
			errx(EXIT_TROUBLE, "out of memory");
	}
	if (o.co.verbose)
		say_watch_source(w, o.source != SRC_AUTO, NULL);
	slices_start(&sl, w, o.co.verbose);
	if (o.command)
		release_command(o.command, &ch);
	/* the place of each event's task: to select by it, to show it (-j)
	 * and to keep it in a record for a replay to select by */
	if ((place_filtered(&o) || o.view == VIEW_JSON || o.record) &&
	    fks_watch_set_fields(w, FKS_F_CGROUP) < 0)
		errx(EXIT_TROUBLE, "out of memory");
	if (o.record) {
		fd = open_record(o.record);
		rc = fks_watch_record(w, fd);
		if (rc < 0)
			errx(EXIT_TROUBLE, "%s: %s", o.record, strerror(-rc));
	}
	pr.view = o.view;
	pr.esc = escape_flags();
	pr.filtered = o.npids || o.command;
	pr.w = w;
	if (o.duration > 0)
		deadline = mono_ns() + (uint64_t)(o.duration * 1e9);
	while (!done && nsignals <= (ch.pid > 0 && !ch.exited)) {
		if (nsignals > 0 && ch.pid > 0 && !passed) {
			pass_signal(&ch);
			passed = true;
		}
		timeout = -1;
		if (deadline) {
			now = mono_ns();
			if (now >= deadline)
				break;
			timeout = (int)((deadline - now) / 1000000) + 1;
		}
		/* (ptrace: the stream itself tells the command's end) */
		if (ch.pid > 0 && fks_watch_source(w) != FKS_WS_PTRACE)
			timeout = wait_command(w, &ch, timeout);
		rc = fks_watch_next(w, items, BATCH, timeout, &n);
		if (rc == -EINTR)
			continue;
		if (rc < 0)
			break;
		slices_note(&sl, items, n);
		/* the command has ended and the stream has nothing more:
		 * its exit, filtered or lost, is not waited for */
		if (ch.ended && n == 0)
			done = true;
		for (i = 0; i < n && !done; i++) {
			note_exit(&ch, &items[i]);
			if (items[i].ev.type == FKS_EV_NAME)
				continue;	/* shown with its exec */
			if (!seeded && items[i].ev.type != FKS_EV_TASK &&
			    items[i].ev.type != FKS_EV_RESYNC) {
				seeded = true;
				if (!o.replay)
					check_pids(w, &o);
			}
			/* the poll source reads a new task's name at once:
			 * its fork is shown with it, as an exec is */
			name = i + 1 < n && (items[i].ev.type == FKS_EV_EXEC ||
					     items[i].ev.type == FKS_EV_FORK) &&
			       items[i + 1].ev.type == FKS_EV_NAME &&
			       items[i + 1].ev.pid == items[i].ev.pid
				       ? &items[i + 1] : NULL;
			show = shown(&o, &items[i], name);
			/* the summary tells what the filters select (a lost
			 * event always is): with -- COMMAND, it counted, and
			 * named as top forkers, every process on the system */
			if (o.summary && show)
				summary_count(&sum, &items[i], name);
			if (items[i].ev.type == FKS_EV_LOST)
				warnx("lost %llu events (the kernel's buffer "
				      "overflowed); tasks read again from /proc",
				      items[i].ev.lost);
			if (show) {
				print_item(&pr, &items[i], name);
				nshown++;
			}
			if (o.count && nshown >= o.count)
				done = true;
		}
		/* the rest of the batch is shown: the exits of the command's
		 * threads come right after its own */
		if (ch.exited)
			done = true;
		if (ferror(pr.out) || fflush(pr.out) == EOF) {
			if (errno == EPIPE)
				break;	/* the reader left: end quietly */
			warn("%s", out_name);
			status = EXIT_TROUBLE;
			break;
		}
	}
	if (rc == -EBADMSG || (rc < 0 && rc != -ENODATA && rc != -EINTR)) {
		warnx("%s", fks_watch_error(w) ? fks_watch_error(w)
					       : strerror(-rc));
		status = EXIT_TROUBLE;
	}
	if (o.summary)
		summary_print(stderr, &sum, pr.esc, loss_note(w, &o));
	summary_free(&sum);
	fks_watch_free(w);
	free(o.units);
	free(o.containers);
	free(o.cgroups);
	if (root)
		fks_root_free(root);
	if (pr.out != stdout && pr.out != stderr && fclose(pr.out) == EOF &&
	    status == EXIT_OK) {
		warn("%s", out_name);
		status = EXIT_TROUBLE;
	}
	/* the command's own status, as a shell reports it, unless the
	 * watch met trouble of its own; the ptrace source reaped it, and
	 * its exit event told the status */
	if (ch.pid > 0 && waitpid(ch.pid, &wst, 0) == ch.pid)
		have_wst = true;
	else if (ch.exited)
		have_wst = (wst = ch.status, true);
	else if (ch.pid > 0 && errno == EINTR && status == EXIT_OK)
		status = 128 + (int)last_signal;	/* left waiting */
	if (have_wst && status == EXIT_OK) {
		if (WIFEXITED(wst))
			status = WEXITSTATUS(wst);
		else if (WIFSIGNALED(wst))
			status = 128 + WTERMSIG(wst);
	}
	fflush(stdout);
	return status;
}
