/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * forktop - the process tree, interactive: fold, search, filter, follow a
 * process, see zombies and orphans, signal a process only after a
 * confirmation that names it.
 *
 * This file holds the options, the main loop (refresh, keys, signals to
 * quit) and the headless mode that tests drive.  What a key does is
 * forktop-ui.c's, the rows are forktop-model.c's, the text is
 * forktop-text.c's and the screen forktop-draw.c's.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "forktop-draw.h"
#include "forktop-events.h"
#include "forktop-model.h"
#include "forktop-text.h"
#include "forktop-ui.h"
#include "optval.h"

#define MAX_ROOTS 16

struct opts {
	struct common_opts co;	/* --source, -v; co.proc_root: roots[0] */
	/* --headless: the next-root key shows these in turn */
	const char *roots[MAX_ROOTS];
	size_t nroots;
	long long delay_ms;	/* -d */
	int cdepth;		/* -c, -1: none */
	bool headless;
	bool attrs;		/* --dump-attrs */
	const char *keys, *dump, *term;
	int cols, rows;		/* --size */
	struct columns columns;	/* -o */
	char *user;		/* -u */
	int by;			/* --by, -1: no groups */
};

/* What is shown: the root and the table read from it. */
struct source {
	const char *path;	/* --proc-root, NULL: /proc */
	enum fks_source src;	/* --source */
	struct fks_root *root;
	struct fks_table *tbl;
	char title[256];
	struct tevents *ev;	/* live, where the connector listens */
	char ev_why[256];	/* else why not */
	size_t at;		/* headless: which --proc-root is shown */
	double clock;		/* when tbl was read, seconds; < 0 unknown */
};

/*
 * What each refresh reads: status only for the details pane (a snapshot
 * has it anyway, as the owner's record), which is a third of the files
 * of a live read; the command lines the root kept from the last refresh
 * for the processes that held still (no exec), the rows on screen read
 * again before they are drawn (see read_shown).
 */
#define READ_FIELDS (FKS_F_STAT | FKS_F_OWNER | FKS_F_CMDLINE)
#define READ_FLAGS (FKS_READ_THREADS | FKS_READ_KEEP_CMDLINE)

/* t's command line read now, if the read took it from an earlier one. */
static void
fresh_cmdline(struct fks_table *tbl, const struct fks_task *t)
{
	/* a ghost row's task is the previous table's: nothing to read */
	if (t && (t->known & FKS_K_CMDLINE_KEPT) &&
	    fks_table_find(tbl, t->tid) == t)
		(void)fks_table_read_cmdline(tbl, t);
}

/*
 * What the screen shows that the last read did not read now: the status
 * of the task in the details pane, and the command lines of the rows on
 * screen and of the selected task, so that a process that rewrote its
 * argv in place (setproctitle) is shown as it is wherever it is seen.
 */
static void
read_shown(const struct ui *u, struct source *s)
{
	const struct model *m = u->m;
	const struct fks_task *t = model_selected_task(m);
	size_t i, end = model_top(m) + (size_t)model_height(m);

	if (u->details && t && !(t->known & FKS_K_STATUS) &&
	    fks_table_find(s->tbl, t->tid) == t)
		(void)fks_table_read_status(s->tbl, t);
	fresh_cmdline(s->tbl, t);
	for (i = model_top(m); i < end && i < model_nrows(m); i++)
		fresh_cmdline(s->tbl, model_row(m, i)->t);
}

static void __attribute__((noreturn))
usage(void)
{
	printf(
"Usage: forktop [options]\n"
"The process tree, interactive: fold, search, filter, follow, signal.\n"
"\n"
"  -d, --delay=SECS      refresh every SECS seconds (default 1; 0.1 and up)\n"
"  -c, --collapse=DEPTH  start with nodes at DEPTH and deeper folded\n"
"  -o, --format=LIST     the columns before the tree (default\n"
"                        pid,user,s,%%cpu,%%mem,time,rss; ? in forktop\n"
"                        lists them; %%cpu is over the refresh interval);\n"
"                        NAME=HEADER renames one, as in ps\n"
"  -u, --user=USER       only branches holding a process of USER (name\n"
"                        or uid; the key u changes it)\n"
"      --by=COLUMN       one forest per value of COLUMN (unit, container,\n"
"                        pidns ... as pforest --by; the key b changes it)\n"
"      --proc-root=DIR   show DIR (a procsnap snapshot), read-only: no\n"
"                        refresh, no signals\n"
"      --source=SRC      read live tasks from auto (BPF when it can run,\n"
"                        else /proc), proc, or bpf (or fail)\n"
"  -v, --verbose         say on stderr at the end which source ran, and\n"
"                        why not BPF; and the events' source\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"For tests, without a terminal:\n"
"      --headless        draw into a screen of --size on /dev/null\n"
"      --keys=FILE       keys to press, one a line (see forktop(1))\n"
"      --dump=DIR        write the screen after each key to\n"
"                        DIR/step-NNN.txt ('-': all to stdout)\n"
"      --size=COLSxROWS  the headless screen (default 80x24)\n"
"      --term=TYPE       its terminal type (default xterm)\n"
"      --dump-attrs      each line as '| TEXT', then ': CODES' for how its\n"
"                        cells are drawn (colours as letters, forktop(1))\n"
"      --proc-root given again: the key next-root shows the next one as\n"
"                        a refresh would (new and exited tasks marked)\n"
"\n"
"Keys: ? in forktop, or forktop(1).  Exit status: 0 success, 1 trouble\n"
"(an unreadable root, no terminal), 2 usage error.\n");
	exit(EXIT_OK);
}

/* ---- options ------------------------------------------------------------ */

static long long
parse_delay(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.1 && v <= 86400))
		usage_error("-d: '%s' is not a delay (0.1 to 86400 seconds)",
			    s);
	return (long long)(v * 1000);
}

static void
parse_size(const char *s, struct opts *o)
{
	if (sscanf(s, "%dx%d", &o->cols, &o->rows) != 2 || o->cols < 20 ||
	    o->rows < 5 || o->cols > 1000 || o->rows > 1000)
		usage_error("--size: '%s' is not COLSxROWS (20x5 and up)", s);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_HEADLESS = OPT_FIRST_LOCAL, OPT_KEYS, OPT_DUMP, OPT_SIZE,
	       OPT_TERM, OPT_ATTRS, OPT_BY };
	static const struct option longopts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "collapse", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'o' },
		{ "user", required_argument, NULL, 'u' },
		{ "by", required_argument, NULL, OPT_BY },
		{ "headless", no_argument, NULL, OPT_HEADLESS },
		{ "keys", required_argument, NULL, OPT_KEYS },
		{ "dump", required_argument, NULL, OPT_DUMP },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "term", required_argument, NULL, OPT_TERM },
		{ "dump-attrs", no_argument, NULL, OPT_ATTRS },
		READ_LONGOPTS,
		COMMON_LONGOPTS
	};
	char why[192];
	long long n;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:c:o:u:vhV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'd': o->delay_ms = parse_delay(optarg); break;
		case 'c':
			if (parse_count(optarg, &n) < 0 || n > 100000)
				usage_error("-c: '%s' is not a depth", optarg);
			o->cdepth = (int)n;
			break;
		case 'o':
			if (text_columns_parse(optarg, &o->columns, why,
					       sizeof why) < 0)
				usage_error("-o: %s", why);
			if (o->columns.n == 0)
				usage_error("-o: no column before the tree");
			break;
		case 'u': o->user = optarg; break;
		case OPT_BY:
			o->by = fks_column_lookup(optarg);
			if (o->by < 0)
				usage_error("--by: unknown column '%s' (? in "
					    "forktop lists them)", optarg);
			break;
		case OPT_PROC_ROOT:
			if (o->nroots == MAX_ROOTS)
				usage_error("--proc-root: too many");
			o->roots[o->nroots++] = optarg;
			o->co.proc_root = o->roots[0];
			break;
		case OPT_HEADLESS: o->headless = true; break;
		case OPT_KEYS: o->keys = optarg; break;
		case OPT_DUMP: o->dump = optarg; break;
		case OPT_SIZE: parse_size(optarg, o); break;
		case OPT_TERM: o->term = optarg; break;
		case OPT_ATTRS: o->attrs = true; break;
		case 'h': usage();
		default: common_option(c, argv, &o->co);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (o->headless && (!o->keys || !o->dump))
		usage_error("--headless needs --keys and --dump");
	if (!o->headless && (o->keys || o->dump || o->attrs))
		usage_error("--keys, --dump and --dump-attrs go with "
			    "--headless");
	if (!o->headless && o->nroots > 1)
		usage_error("--proc-root once (more with --headless only)");
}

/* ---- reading ------------------------------------------------------------ */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A snapshot's time: its uptime file (centiseconds), -1 unknown. */
static double
snapshot_clock(struct fks_root *root)
{
	char *buf, *end;
	size_t len;
	double v;

	if (fks_root_read_file(root, "uptime", 256, &buf, &len, NULL) < 0)
		return -1;
	errno = 0;
	v = strtod(buf, &end);
	if (errno || end == buf || !(v >= 0))
		v = -1;
	free(buf);
	return v;
}

/* The summary's load and memory, from the root's files. */
static void
read_summary(struct fks_root *root, struct summary *sum)
{
	const char *why;
	char *buf;
	size_t len;

	sum->have_load = fks_root_read_file(root, "loadavg", 256, &buf, &len,
					    NULL) == 0;
	if (sum->have_load) {
		sum->have_load = text_parse_loadavg(buf, sum->load) == 0;
		free(buf);
	}
	sum->have_mem = fks_root_meminfo(root, &sum->mem, &why) == 0;
}

/*
 * Reads the tasks again (with the fields u's columns need); refresh:
 * compared with those shown, for the highlights and the %CPU.  Counts
 * the summary's tasks and reads its load and memory.
 */
static void
source_read(struct source *s, struct ui *u, bool refresh)
{
	struct fks_table *old = s->tbl;
	struct fks_root *root;
	unsigned fields = READ_FIELDS | text_columns_fields(&u->cols);
	int by = model_by(u->m);
	double t0, clock;
	char when[64];
	struct tm tm;

	if (by >= 0)
		fields |= fks_column_info((enum fks_column)by)->fields;
	time_t t;
	char *e;
	int rc;

	/* one live root for the whole run: its time moves with each read,
	 * and the BPF task source stays loaded; a snapshot is opened anew
	 * when its path changed (headless next-root) */
	root = (!s->root || (fks_root_is_snapshot(s->root) &&
			     strcmp(fks_root_path(s->root),
				    s->path ? s->path : "/proc")))
	     ? open_root(s->path) : s->root;
	fks_root_set_source(root, s->src);
	t0 = now_s();
	rc = fks_table_read(root, fields, READ_FLAGS, &s->tbl);
	if (rc < 0 && rc != -EINVAL) {
		draw_end();
		check_source(root, s->src, rc, false, EXIT_TROUBLE);
		errx(EXIT_TROUBLE, "%s: %s", fks_root_path(root),
		     strerror(-rc));
	}
	/* a read takes a while: its tasks were read about half-way */
	clock = fks_root_is_snapshot(root) ? snapshot_clock(root)
					   : (t0 + now_s()) / 2;
	if (refresh)
		model_refresh(u->m, s->tbl, clock >= 0 && s->clock >= 0
					    ? clock - s->clock : 0);
	else
		model_set_table(u->m, s->tbl);
	s->clock = clock;
	text_count(s->tbl, &u->sum);
	read_summary(root, &u->sum);
	if (old)
		fks_table_free(old);
	if (s->root && s->root != root)
		fks_root_free(s->root);
	s->root = root;
	t = (time_t)fks_root_now(root);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	/* a path is bytes from the command line: escape it as any name */
	e = xescape(fks_root_path(root), strlen(fks_root_path(root)),
		    escape_flags(), NULL);
	snprintf(s->title, sizeof s->title, "%s%s %s", e,
		 fks_root_is_snapshot(root) ? " snapshot of" : "", when);
	free(e);
}

/* The title's counts of what the events saw since the last refresh. */
static void
note_events(struct source *s, struct ui *u)
{
	struct tev_counts c;
	int n;

	if (!s->ev)
		return;
	tev_take(s->ev, &c);
	n = snprintf(u->events, sizeof u->events, "  %zu fork%s %zu exit%s",
		     c.forks, c.forks == 1 ? "" : "s", c.exits,
		     c.exits == 1 ? "" : "s");
	if (c.brief && n > 0 && (size_t)n < sizeof u->events)
		n += snprintf(u->events + n, sizeof u->events - (size_t)n,
			      " (%zu unseen)", c.brief);
	if (c.lost && n > 0 && (size_t)n < sizeof u->events)
		snprintf(u->events + n, sizeof u->events - (size_t)n,
			 " %llu lost", c.lost);
}

static void
source_free(struct source *s)
{
	tev_free(s->ev);
	if (s->tbl)
		fks_table_free(s->tbl);
	if (s->root)
		fks_root_free(s->root);
}

/* Sends the confirmed signal; says what happened on the hint bar. */
static void
send_pending(struct ui *u, struct fks_root *root)
{
	const struct pending *p = &u->pending;
	const char *name = ui_signals[p->sig].name;
	int rc;

	rc = signal_task(root, p->id.tid, p->id.start,
			 ui_signals[p->sig].sig);
	if (rc == 0)
		ui_say(u, "sent SIG%s to %d %s", name, (int)p->id.tid,
		       p->name);
	else if (rc == -ESRCH)
		ui_say(u, "SIG%s not sent: %d %s is gone (its pid may name "
		       "another process now)", name, (int)p->id.tid, p->name);
	else if (rc == -EXDEV)
		ui_say(u, "SIG%s not sent: %s", name, FOREIGN_PIDS);
	else
		ui_say(u, "SIG%s to %d %s: %s", name, (int)p->id.tid, p->name,
		       strerror(-rc));
}

/* ---- the terminal ----------------------------------------------------------- */

/* SIGINT, SIGTERM and SIGHUP write to this pipe: the loop ends cleanly
 * (restoring the terminal) instead of curses being left half-way. */
static int quit_pipe[2] = { -1, -1 };

static void
on_quit_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	(void)!write(quit_pipe[1], &c, 1);
	errno = saved;
}

static void
quit_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	if (pipe2(quit_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		err(EXIT_TROUBLE, "pipe");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Handles the input waiting, setting *got when there was any (a key or
 * not); returns false to quit. */
static bool
take_keys(struct ui *u, struct source *s, long long *next, bool *got)
{
	int key;

	*got = false;
	while ((key = draw_key(u)) != K_NONE) {
		*got = true;
		switch (ui_key(u, key)) {
		case UA_QUIT:
			return false;
		case UA_SIGNAL:
			send_pending(u, s->root);
			*next = now_ms() + 200;	/* show what it did */
			break;
		case UA_REFRESH:
			*next = 0;
			/* a snapshot has no refresh: new columns' files */
			if (u->snapshot)
				source_read(s, u, true);
			break;
		default:
			break;
		}
	}
	return true;
}

/*
 * The events only count forks and exits for the title, and the socket
 * holds tens of thousands: on a busy system, waking for each one cost
 * more than the refreshes.  After events were read, the next are read
 * EVENTS_GAP_MS later (or at the refresh, if sooner), not as they come.
 */
#define EVENTS_GAP_MS 250

/*
 * Whether the terminal is gone: poll said its input hung up, or that it
 * was readable while curses read nothing from it (read() returned 0, the
 * end of the input).  A terminal in cbreak mode reports readable only
 * when a byte waits, and curses reads until none is left, so "readable,
 * nothing read" happens at the end of the input only; a mouse event or
 * a key forktop ignores still counts as read (K_OTHER).  Either way
 * nothing will ever come in again: polling on would spin.
 */
static bool
input_gone(const struct pollfd *in, bool got)
{
	if (in->revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	return (in->revents & POLLIN) && !got;
}

/* Returns the signal that ended it (a hangup without one: SIGHUP), or 0
 * after q. */
static int
run_terminal(const struct opts *o, struct ui *u, struct source *s)
{
	long long next = now_ms() + o->delay_ms, wait, ev_at = 0, gap;
	struct pollfd pfd[3];
	const char *term;
	char c = 0;
	nfds_t nfd;
	bool dirty = true, got;
	int rc;

	quit_signals();
	draw_crash_handlers();
	/* as initscr() names it when TERM is not set */
	term = getenv("TERM");
	rc = draw_init(false, 0, 0, term && *term ? term : "unknown");
	if (rc == -ENOENT)
		die(EXIT_TROUBLE, "unknown terminal type '%s' (%s)",
		    term && *term ? term : "unknown",
		    term && *term ? "TERM" : "TERM is not set");
	if (rc == -ENOTTY)
		die(EXIT_TROUBLE, "terminal type '%s' (TERM) cannot place the "
		    "cursor: forktop needs a full-screen terminal (pforest "
		    "lists the tree on any output)", term);
	if (rc < 0)
		errx(EXIT_TROUBLE, "cannot start the terminal");
	/* without the connector, the comparison of refreshes alone marks
	 * what changed; a task that lived between two goes unseen.  The
	 * kernel's events are this pid namespace's: another one's /proc
	 * (u->foreign) gets none, or its title would count the host's */
	if (!u->snapshot && !u->foreign)
		s->ev = tev_open(s->root, s->ev_why, sizeof s->ev_why);
	else
		snprintf(s->ev_why, sizeof s->ev_why, "%s", u->snapshot ?
			 "a snapshot" : "another pid namespace's /proc");
	for (;;) {
		/* events wake the loop often: draw only what changed */
		if (dirty) {
			read_shown(u, s);
			draw_screen(u, s->title);
		}
		dirty = false;
		wait = u->snapshot || u->paused ? -1 : next - now_ms();
		if (wait < 0 && !u->snapshot && !u->paused)
			wait = 0;	/* overdue */
		pfd[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = quit_pipe[0], .events = POLLIN };
		nfd = 2;
		gap = ev_at - now_ms();
		if (s->ev && tev_fd(s->ev) >= 0 && gap <= 0)
			pfd[nfd++] = (struct pollfd){ .fd = tev_fd(s->ev),
						      .events = POLLIN };
		else if (s->ev && tev_fd(s->ev) >= 0 && (wait < 0 || gap < wait))
			wait = gap;	/* then look at the events again */
		if (wait != 0)
			(void)poll(pfd, nfd, wait < 0 ? -1 : (int)wait);
		if (s->ev && tev_drain(s->ev))
			ev_at = now_ms() + EVENTS_GAP_MS;
		if (read(quit_pipe[0], &c, 1) == 1)
			break;
		/* a resize interrupts poll: curses has the KEY_RESIZE */
		if (!take_keys(u, s, &next, &got))
			break;
		dirty = got;
		/* pfd[0] is new at each turn: no event without a poll */
		if (input_gone(&pfd[0], got)) {
			c = SIGHUP;	/* as the hangup's signal would */
			break;
		}
		if (!u->snapshot && !u->paused && now_ms() >= next) {
			source_read(s, u, true);
			ui_refreshed(u);
			note_events(s, u);
			next = now_ms() + o->delay_ms;
			dirty = true;
		}
	}
	draw_end();
	return c;
}

/* ---- headless ---------------------------------------------------------------- */

static const struct { const char *name; int key; } key_names[] = {
	{ "up", K_UP }, { "down", K_DOWN }, { "left", K_LEFT },
	{ "right", K_RIGHT }, { "pgup", K_PGUP }, { "pgdn", K_PGDN },
	{ "home", K_HOME }, { "end", K_END }, { "enter", K_ENTER },
	{ "esc", K_ESC }, { "backspace", K_BACKSPACE }, { "tab", K_TAB },
	{ "f9", K_F9 }, { "space", ' ' }, { "wheel-up", K_WHEEL_UP },
	{ "wheel-down", K_WHEEL_DOWN }, { "ctrl-u", 'U' - '@' },
};

static bool
press(struct ui *u, struct source *s, int key)
{
	switch (ui_key(u, key)) {
	case UA_QUIT:
		return false;
	case UA_REFRESH:
		/* as the terminal: r live, new columns live or not */
		source_read(s, u, true);
		ui_refreshed(u);
		break;
	case UA_SIGNAL:
		/* a test never signals anything */
		ui_say(u, "headless: no signal sent");
		break;
	default:
		break;
	}
	return true;
}

/* Presses the bytes of text, one key each. */
static bool
type(struct ui *u, struct source *s, const char *text)
{
	for (; *text; text++)
		if (!press(u, s, (unsigned char)*text))
			return false;
	return true;
}

/*
 * One line of the keys file: a key's name, one character, "/TEXT" or
 * "\TEXT" (search or filter for TEXT, then Enter), "type TEXT", "click
 * ROW" (a row of the tree, 0 first on screen) or "size COLSxROWS"
 * ("refresh" is run_headless's).
 * Returns 0 to go on, 1 to quit, -1 for a line it does not know.
 */
static int
step(struct ui *u, struct source *s, const char *line)
{
	int cols, rows, row;
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcmp(line, key_names[i].name) == 0)
			return press(u, s, key_names[i].key) ? 0 : 1;
	if (sscanf(line, "size %dx%d", &cols, &rows) == 2 && cols >= 20 &&
	    rows >= 5) {
		draw_resize(cols, rows);
		return 0;
	}
	if (sscanf(line, "click %d", &row) == 1 && row >= 0) {
		u->click_row = model_top(u->m) + (size_t)row;
		return press(u, s, K_CLICK) ? 0 : 1;
	}
	if (strncmp(line, "type ", 5) == 0)
		return type(u, s, line + 5) ? 0 : 1;
	if ((line[0] == '/' || line[0] == '\\') && line[1])
		return type(u, s, line) && press(u, s, K_ENTER) ? 0 : 1;
	if (line[0] && !line[1])
		return press(u, s, (unsigned char)line[0]) ? 0 : 1;
	return -1;
}

/* The headless next-root: the next --proc-root, read as a refresh of
 * the one shown (its highlights from the difference); past the last one,
 * an error. */
static int
next_root(const struct opts *o, struct ui *u, struct source *s)
{
	if (s->at + 1 >= o->nroots) {
		draw_end();
		errx(EXIT_USAGE, "%s: next-root: no --proc-root left", o->keys);
	}
	s->path = o->roots[++s->at];
	source_read(s, u, true);
	ui_refreshed(u);
	return 0;
}

static FILE *
step_file(const char *dump, int n, const char *line)
{
	char path[4096];
	FILE *f;

	if (strcmp(dump, "-") == 0) {
		printf("--- step %03d: %s\n", n, line);
		return stdout;
	}
	snprintf(path, sizeof path, "%s/step-%03d.txt", dump, n);
	f = fopen(path, "w");
	if (!f) {
		int e = errno;	/* curses' teardown may set its own */

		draw_end();
		errno = e;
		err(EXIT_TROUBLE, "%s", path);
	}
	return f;
}

static void
dump_step(const struct opts *o, struct ui *u, struct source *s, int n,
	  const char *line)
{
	FILE *f;

	read_shown(u, s);
	draw_screen(u, s->title);
	f = step_file(o->dump, n, line);
	draw_dump(f, o->attrs);
	if (f != stdout && fclose(f) != 0)
		err(EXIT_TROUBLE, "%s/step-%03d.txt", o->dump, n);
}

static int
run_headless(const struct opts *o, struct ui *u, struct source *s)
{
	FILE *keys = fopen(o->keys, "r");
	const char *term;
	char line[1024];
	int n = 0, rc = 0;
	struct timespec ts;
	double secs;
	size_t len;

	if (!keys)
		err(EXIT_TROUBLE, "%s", o->keys);
	term = o->term ? o->term : "xterm";
	rc = draw_init(true, o->cols, o->rows, term);
	if (rc == -ENOENT)
		die(EXIT_TROUBLE, "unknown terminal type '%s' (--term)", term);
	if (rc == -ENOTTY)
		die(EXIT_TROUBLE, "terminal type '%s' (--term) cannot place the "
		    "cursor", term);
	if (rc < 0)
		errx(EXIT_TROUBLE, "cannot start a screen");
	dump_step(o, u, s, n++, "(start)");
	while (rc == 0 && fgets(line, sizeof line, keys)) {
		len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		/* refresh: what the terminal loop does when the delay is
		 * up; the benchmark times forktop's refresh with many */
		if (strcmp(line, "next-root") == 0) {
			rc = next_root(o, u, s);
		} else if (sscanf(line, "sleep %lf", &secs) == 1 &&
			   secs >= 0 && secs <= 60) {
			/* time for the live tasks to run before a refresh
			 * (the %CPU of a live test) */
			ts.tv_sec = (time_t)secs;
			ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
			rc = 0;
		} else if (strcmp(line, "refresh") == 0) {
			source_read(s, u, true);
			ui_refreshed(u);
			rc = 0;
		} else {
			rc = step(u, s, line);
		}
		if (rc < 0) {
			draw_end();
			errx(EXIT_USAGE, "%s: unknown key '%s'", o->keys, line);
		}
		dump_step(o, u, s, n++, line);
	}
	fclose(keys);
	draw_end();
	if (fflush(stdout) != 0)
		err(EXIT_TROUBLE, "stdout");
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { .delay_ms = 1000, .cdepth = -1, .cols = 80,
			  .rows = 24, .by = -1 };
	struct source s = { 0 };
	struct model *m;
	struct ui u;
	int sig;

	setlocale(LC_ALL, "");
	parse_args(argc, argv, &o);
	/* before anything is read: curses would start on a file or
	 * /dev/null, and a stdin at its end is readable for ever */
	if (!o.headless && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		errx(EXIT_TROUBLE, "no terminal: standard input and output "
		     "must be one");
	s.path = o.co.proc_root;
	s.src = o.co.source;
	m = model_new();
	model_set_collapse_depth(m, o.cdepth);
	if (o.user)
		model_set_user(m, o.user);
	model_set_by(m, o.by);
	ui_init(&u, m, false);
	if (o.columns.n)
		u.cols = o.columns;
	s.clock = -1;
	source_read(&s, &u, false);
	/* a name that is no user is a mistake, not a user with nothing */
	if (o.user)
		check_users(s.tbl, "-u", &o.user, 1);
	u.snapshot = fks_root_is_snapshot(s.root);
	u.foreign = !u.snapshot && !fks_root_pids_are_ours(s.root);
	if (fks_table_nmessages(s.tbl))
		ui_say(&u, "%zu problem%s in the data: pforest lists them",
		       fks_table_nmessages(s.tbl),
		       fks_table_nmessages(s.tbl) == 1 ? "" : "s");
	if (o.headless) {
		run_headless(&o, &u, &s);
		sig = 0;
	} else {
		sig = run_terminal(&o, &u, &s);
	}
	ui_free(&u);
	model_free(m);
	/* the terminal is back: say what the last refresh read */
	check_source(s.root, s.src, 0, o.co.verbose, EXIT_TROUBLE);
	if (o.co.verbose && !o.headless)
		say_watch_source(s.ev ? tev_watch(s.ev) : NULL, false,
				 s.ev_why);
	source_free(&s);
	if (sig) {
		/* die of the signal that asked, as the shell expects */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return EXIT_OK;
}
