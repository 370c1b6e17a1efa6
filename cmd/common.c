/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common.c - the helpers every forkscope command shares (see common.h).
 * Commands are thin: options, then the library, then the output layer
 * (common-output.c); nothing here knows about any one command.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include <unistd.h>

#include "common.h"
#include "common-output.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		err(EXIT_TROUBLE, "malloc");
	return p;
}

char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		err(EXIT_TROUBLE, "strdup");
	return d;
}

char *
list_item(char **rest, const char *opt, const char *whole)
{
	char *item = *rest, *comma;

	if (!item)
		return NULL;
	comma = strchr(item, ',');
	if (comma)
		*comma++ = '\0';
	*rest = comma;
	if (!*item)
		usage_error("%s: an empty item in '%s'", opt, whole);
	return item;
}

void
list_append_items(const char *opt, char *list, char ***v, size_t *n)
{
	char *item, *rest = list, *whole = xstrdup(list);

	while ((item = list_item(&rest, opt, whole))) {
		*v = realloc(*v, (*n + 1) * sizeof **v);
		if (!*v)
			err(EXIT_TROUBLE, "realloc");
		(*v)[(*n)++] = item;
	}
	free(whole);
}

char *
xescape(const char *s, size_t len, unsigned flags, size_t *width)
{
	char *e = fks_escape(s, len, flags, width);

	if (!e)
		err(EXIT_TROUBLE, "escape");
	return e;
}

struct fks_root *
open_root(const char *path)
{
	struct fks_root *root;
	int rc;

	rc = fks_root_open(path, &root);
	if (rc < 0 && path)	/* said below: what was typed, escaped */
		path = xescape(path, strlen(path), escape_flags(), NULL);
	if (rc == -EINVAL)
		errx(EXIT_TROUBLE, "%s: neither a procfs nor a forkscope "
		     "snapshot (no forkscope-snapshot manifest that is a "
		     "regular file)", path ? path : "/proc");
	if (rc < 0)
		errx(EXIT_TROUBLE, "%s: %s", path ? path : "/proc",
		     fks_strerror(rc));
	return root;
}

enum fks_source
parse_source(const char *s)
{
	if (strcmp(s, "auto") == 0)
		return FKS_SOURCE_AUTO;
	if (strcmp(s, "proc") == 0)
		return FKS_SOURCE_PROC;
	if (strcmp(s, "bpf") == 0)
		return FKS_SOURCE_BPF;
	usage_error("--source: '%s' is not auto, proc or bpf", s);
}

void
check_source(struct fks_root *root, enum fks_source src, int rc,
	     bool verbose, int trouble)
{
	const char *why = fks_root_source_why(root);
	size_t missed;

	if (rc < 0 && rc != -EINVAL && src == FKS_SOURCE_BPF &&
	    !fks_root_is_snapshot(root))
		die(trouble, "--source=bpf: the BPF task source cannot run: "
		    "%s", why ? why : fks_strerror(rc));
	if (!verbose || rc < 0)
		return;
	if (fks_root_is_snapshot(root)) {
		warnx("source: snapshot files");
	} else if (fks_root_source_used(root) == FKS_SOURCE_BPF) {
		missed = fks_root_bpf_missed(root);
		if (missed)
			warnx("source: bpf (task iterator); %zu processes "
			      "only /proc listed (hidden from BPF, or born "
			      "since) read from /proc", missed);
		else
			warnx("source: bpf (task iterator)");
	} else if (why) {
		warnx("source: /proc (not bpf: %s)", why);
	} else {
		warnx("source: /proc");
	}
}

void
say_watch_source(const struct fks_watch *w, bool chosen,
		 const char *why_none)
{
	const char *why, *nobpf;
	char *src;

	if (!w) {
		warnx("events: none (%s)", why_none);
		return;
	}
	why = fks_watch_header(w, "source");
	/* a record's header is the file's: escaped */
	src = xescape(why ? why : "unknown", strlen(why ? why : "unknown"),
		      escape_flags(), NULL);
	why = fks_watch_error(w);
	nobpf = fks_watch_why_not(w, FKS_WS_BPF);
	if (fks_watch_source(w) == FKS_WS_REPLAY)
		warnx("events: a record, made with the %s source", src);
	else if (why && nobpf)
		warnx("events: the %s source (not bpf: %s; %s)", src, nobpf,
		      why);
	else if (why || nobpf)
		warnx("events: the %s source (%s%s)", src,
		      why ? "" : "not bpf: ", why ? why : nobpf);
	else
		warnx("events: the %s source%s", src,
		      chosen ? ", as chosen" : "");
	free(src);
}

size_t
warn_messages(const struct fks_table *tbl)
{
	size_t i, n = fks_table_nmessages(tbl);
	char *e;

	for (i = 0; i < n; i++) {
		/* messages quote file content: escape them too */
		e = xescape(fks_table_message(tbl, i),
			    strlen(fks_table_message(tbl, i)), escape_flags(),
			    NULL);
		warnx("%s", e);
		free(e);
	}
	return n;
}

void
note_hidden(struct fks_root *root)
{
	int mode;

	/* root (CAP_SYS_PTRACE) sees through hidepid */
	if (geteuid() == 0 || fks_root_is_snapshot(root))
		return;
	mode = fks_root_hidepid(root);
	if (mode > 0)
		warnx("note: %s is mounted hidepid=%d: other users' processes "
		      "are %s", fks_root_path(root), mode, mode == 1 ?
		      "listed but not readable" : "hidden");
}

void (*error_end)(const char *msg);

/*
 * Says an error that ends the command, after its name as warnx() does, or
 * hands it to error_end; the text (it quotes what was typed, which may
 * hold anything) is escaped, but for its backslashes: a person reads it,
 * and a regular expression typed, or libc's words about one ("Unmatched (
 * or \("), should read as typed.  try adds the pointer to --help.
 */
static void __attribute__((noreturn))
fail_with(int status, bool try, const char *fmt, va_list ap)
{
	char raw[1024], *msg;

	vsnprintf(raw, sizeof raw, fmt, ap);
	msg = xescape(raw, strlen(raw), escape_flags() | FKS_ESC_BACKSLASH,
		      NULL);
	if (error_end)
		error_end(msg);
	warnx("%s", msg);
	if (try)
		fprintf(stderr, "Try '%s --help' for more information.\n",
			program_invocation_short_name);
	exit(status);
}

void
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_with(EXIT_USAGE, true, fmt, ap);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_with(status, false, fmt, ap);
}

void
option_error(int c, char *const argv[])
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		usage_error("option '%s' needs a value", arg);
	if (optopt && strncmp(arg, "--", 2) != 0)
		usage_error("unknown option '-%c'", optopt);
	usage_error("unknown option '%s'", arg);
}

void
common_option(int c, char *const argv[], struct common_opts *co)
{
	switch (c) {
	case OPT_PROC_ROOT:
		co->proc_root = optarg;
		break;
	case OPT_READ_SOURCE:
		co->source = parse_source(optarg);
		break;
	case 'v':
		co->verbose = true;
		break;
	case OPT_COLOR:
		if ((co->color = parse_color(optarg)) < 0)
			usage_error("--color: unknown value '%s'", optarg);
		break;
	case 'V':
		print_version();
	default:
		option_error(c, argv);
	}
}

void
check_output_mode(const char *path, mode_t mode, bool fifo_ok, int trouble)
{
	if (S_ISREG(mode) || (fifo_ok && S_ISFIFO(mode)))
		return;
	if (fifo_ok)
		die(trouble, "%s: not a regular file or a FIFO: -o writes "
		    "only to a regular file, a FIFO or a new file (-o - is "
		    "standard output)", path);
	die(trouble, "%s: not a regular file: -o replaces only a regular "
	    "file or makes a new one (-o - is standard output)", path);
}

void
check_output_path(const char *path, bool fifo_ok, int trouble)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		check_output_mode(path, st.st_mode, fifo_ok, trouble);
}

pid_t
parse_pid(const char *opt, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > INT_MAX)
		usage_error("%s%s'%s' is not a PID", opt ? opt : "",
			    opt ? ": " : "", s);
	return (pid_t)v;
}

void
print_version(void)
{
	printf("%s (forkscope %s)\n", program_invocation_short_name,
	       FKS_VERSION);
	exit(EXIT_OK);
}

unsigned
escape_flags(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && strcmp(cs, "UTF-8") == 0 ? FKS_ESC_UTF8 : 0;
}

uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void
wait_status_text(int st, char *buf, size_t size)
{
	const char *name;

	if (WIFEXITED(st)) {
		snprintf(buf, size, "exit %d", WEXITSTATUS(st));
	} else if (WIFSIGNALED(st)) {
		name = sigabbrev_np(WTERMSIG(st));
		if (name)
			snprintf(buf, size, "killed by SIG%s%s", name,
				 WCOREDUMP(st) ? " (core dumped)" : "");
		else
			snprintf(buf, size, "killed by signal %d%s",
				 WTERMSIG(st),
				 WCOREDUMP(st) ? " (core dumped)" : "");
	} else {
		snprintf(buf, size, "status %#x", (unsigned)st);
	}
}

int
signal_task(struct fks_root *root, pid_t pid, unsigned long long start_ticks,
	    int sig)
{
	struct fks_task now = { 0 };
	size_t len, full;
	const char *why;
	char rel[32], *buf;
	int fd, rc;

	/* a snapshot's or another pid namespace's numbers name other
	 * processes here: the start time checked below would be theirs */
	if (!fks_root_pids_are_ours(root))
		return -EXDEV;
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0)
		return -errno;
	snprintf(rel, sizeof rel, "%d/stat", (int)pid);
	rc = fks_root_read_file(root, rel, 4096, &buf, &len, &full);
	if (rc == 0) {
		rc = fks_parse_stat(buf, len, &now, &why) < 0 ||
		     now.start_ticks != start_ticks ? -ESRCH : 0;
		free(buf);
	}
	if (rc == 0 && syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0))
		rc = -errno;
	close(fd);
	return rc;
}

int
task_cmp(const struct fks_task *x, const struct fks_task *y,
	 enum task_order by)
{
	unsigned long long cx, cy;
	int r = 0;

	switch (by) {
	case ORDER_PID:
		break;
	case ORDER_START:
		r = (x->start_ticks > y->start_ticks) -
		    (x->start_ticks < y->start_ticks);
		break;
	case ORDER_NAME:
		r = memcmp(x->comm, y->comm, x->comm_len < y->comm_len ?
			   x->comm_len : y->comm_len);
		if (!r)
			r = (x->comm_len > y->comm_len) -
			    (x->comm_len < y->comm_len);
		break;
	case ORDER_CPU:	/* the busiest first, as top */
		cx = x->utime + x->stime;
		cy = y->utime + y->stime;
		r = (cx < cy) - (cx > cy);
		break;
	case ORDER_RSS:
		r = (x->rss_pages < y->rss_pages) -
		    (x->rss_pages > y->rss_pages);
		break;
	}
	return r ? r : (x->tid > y->tid) - (x->tid < y->tid);
}

/*
 * Is name, given to -u, a user of the data's machine, as fks_root_user_name
 * names them: this machine's for a live root (its user database), the
 * snapshot's own for a snapshot (its users file, which names the owners
 * of the processes in it, and no one else).  A uid is always one.
 */
bool
user_known(const struct fks_table *tbl, const char *name)
{
	struct fks_root *root = fks_table_root(tbl);
	struct passwd pw, *res = NULL;
	const struct fks_task *t;
	const char *owner;
	char buf[4096];
	size_t i;

	if (name[0] && strspn(name, "0123456789") == strlen(name))
		return true;
	if (!fks_root_is_snapshot(root))
		return getpwnam_r(name, &pw, buf, sizeof buf, &res) == 0 &&
		       res;
	for (i = 0; i < fks_table_count(tbl); i++) {
		t = fks_table_at(tbl, i);
		owner = t->known & FKS_K_OWNER ?
			fks_root_user_name(root, t->euid) : NULL;
		if (owner && strcmp(owner, name) == 0)
			return true;
		owner = t->known & FKS_K_RUID ?
			fks_root_user_name(root, t->ruid) : NULL;
		if (owner && strcmp(owner, name) == 0)
			return true;
	}
	return false;
}

/* -u or -U naming no user is a usage error, as in ps (which exits 1 for
 * it): told apart from a user with no process, which selects nothing. */
void
check_users(const struct fks_table *tbl, const char *opt,
	    char *const *users, size_t n)
{
	struct fks_root *root = fks_table_root(tbl);
	size_t i;

	for (i = 0; i < n; i++) {
		if (user_known(tbl, users[i]))
			continue;
		if (fks_root_is_snapshot(root))
			usage_error("%s: no user '%s' in %s", opt, users[i],
				    fks_root_path(root));
		usage_error("%s: no user '%s'", opt, users[i]);
	}
}
