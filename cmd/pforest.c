/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pforest - the process forest: every process under its parent, like
 * `ps -ef f` or `pstree -p`, as text or JSON.
 *
 * Options -> the library's table -> a list of rows -> output.  Which
 * processes show (selection) and in what order are decided here, and the
 * library's walk (tree.c) follows them; what a value looks like is the
 * library's (columns.c), and how it reaches the terminal is the shared
 * output layer's (common-output.c).
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "common-output.h"
#include "group.h"
#include "jsonwrt.h"
#include "optval.h"
#include "place.h"

#define MAX_COLS 64
#define MAX_SORT 16
#define SORT_TEXT_MAX 1024	/* bytes of a text compared by --sort */

/* One --sort key: a column, ascending unless desc. */
struct sort_key {
	enum fks_column col;
	bool desc;
};
/* A selection that matched no process: 1, as ps and pgrep give (the same
 * status as trouble). */
#define EXIT_NO_MATCH 1


struct opts {
	struct common_opts co;	/* --proc-root, --source, -v, --color */
	enum fks_column cols[MAX_COLS];
	const char *heads[MAX_COLS];	/* each column's header (name=HEADER) */
	size_t ncols;
	bool headers, kernel, threads, ancestors, compact, wide, json;
	bool zombies, orphans, style_set;
	bool flat;		/* --flat: the selected rows alone, in order */
	enum tree_style style;
	struct sort_key sort[MAX_SORT];	/* --sort, in order */
	size_t nsort;
	int width;		/* --width; 0: the terminal's */
	char **users, **names;	/* -u and -C lists */
	size_t nusers, nnames;
	char **rusers;		/* -U list */
	size_t nrusers;
	char **units, **containers;	/* --unit and --container lists */
	size_t nunits, ncontainers;
	pid_t *pids;		/* PID arguments: subtrees */
	size_t npids;
	pid_t *only;		/* -p list: these processes */
	size_t nonly;
	int by;			/* --by: a column, or -1 */
	bool ns_marks;		/* -S: mark pid namespace changes */
	const char *match;	/* --match: a POSIX extended regex */
	bool full;		/* --full: --match the command line */
	regex_t re;		/* match, compiled */
};

/* One thing a row shows: a process, a thread, or a group of identical
 * leaves folded by --compact. */
struct item {
	const struct fks_task *t;
	bool thread;
	unsigned count;
};

struct row {
	struct item it;
	int depth;
	bool last;		/* the last of its siblings (for the art) */
	char **cells;		/* escaped text, one per column */
	bool zombie, orphan;
	bool new_pidns;		/* -S: in another pid namespace than its
				 * parent (both known) */
};

/* --by: one run of rows whose processes show the same value */
struct group {
	char *value;		/* the --by column's cell */
	const struct fks_task *member;	/* a process of the group */
	size_t first_row;
};

struct view {
	const struct opts *o;
	const struct fks_table *tbl;
	bool *visible;		/* by table index */
	struct row *rows;
	size_t nrows, cap;
	struct group *groups;	/* --by, in the order their first process
				 * is met in the whole forest */
	size_t ngroups;
	unsigned esc;
};

static void __attribute__((noreturn))
usage(void)
{
	printf(
"Usage: pforest [options] [PID...]\n"
"Print the process forest: each process under its parent.  With PIDs,\n"
"only their subtrees.\n"
"\n"
"Selection:\n"
"  -k, --kernel          also show kernel threads (kthreadd's family)\n"
"  -T, --threads         show each process's threads, as {name}\n"
"  -s, --ancestors       with PIDs: also the path from the root to each\n"
"  -p, --pid=LIST        processes with these pids (not their subtrees)\n"
"  -u, --user=LIST       processes of these effective users (names or uids)\n"
"  -U, --real-user=LIST  processes of these real users (names or uids)\n"
"  -C, --command=LIST    processes with these names (comm)\n"
"      --match=REGEX     processes whose name matches REGEX (POSIX\n"
"                        extended, anywhere in the name, as pgrep)\n"
"      --full            --match the whole command line, as pgrep -f\n"
"      --unit=LIST       processes of these systemd units (ssh.service, or\n"
"                        ssh for ssh.service; a user's units too)\n"
"      --container=LIST  processes of these containers: an id or its\n"
"                        prefix, or a name (lxc, machine)\n"
"      --zombies         only branches that hold a zombie\n"
"      --orphans         only branches that hold an orphan\n"
"Output:\n"
"  -o, --format=LIST     columns, comma-separated (--list-columns names\n"
"                        them: pid,ppid,user,stat,start,time,args,...);\n"
"                        NAME=HEADER renames one, as in ps\n"
"      --no-headers      no header line\n"
"      --sort=[+|-]KEY[,...]  siblings (all rows with --flat) by these\n"
"                        columns, as ps --sort: + ascending (the default),\n"
"                        - descending, later keys breaking ties; also name\n"
"                        (comm) and cpu (time, the busiest first)\n"
"      --by=COLUMN       one forest per value of COLUMN (unit, container,\n"
"                        pidns, slice, user, ...), each under a heading\n"
"  -S, --namespaces      mark a process in another pid namespace than its\n"
"                        parent's <pidns>\n"
"      --style=STYLE     tree art: ps, ascii, unicode\n"
"      --compact         fold identical leaves into N*[name]\n"
"      --color=WHEN      auto (default), always, never\n"
"  -w, --wide            never cut lines to the terminal's width\n"
"      --width=N         cut lines to N columns\n"
"      --json            the forest as JSON\n"
"      --flat            only the selected processes, no tree art and no\n"
"                        ancestors, in pid order (as ps -o prints them)\n"
"      --list-columns    the names -o takes, and their headers\n"
"      --proc-root=DIR   read DIR (a procsnap snapshot) instead of /proc\n"
"      --source=SRC      read live tasks from auto (the default: BPF when it\n"
"                        can run, else /proc), proc, or bpf (or fail)\n"
"  -v, --verbose         say on stderr which source ran, and why not BPF\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"\n"
"Selections combine: a process shown matches each one given.\n"
"\n"
"Exit status: 0 success, 1 a selection (PIDs, -p, -u, -U, -C, --match,\n"
"--unit, --container, --zombies, --orphans) that matched no process, or\n"
"trouble (a PID that does not exist, an unreadable root, problems in the\n"
"data, reported on stderr),\n"
"2 usage error (also a -u or -U name that is no user).\n");
	exit(EXIT_OK);
}

/* ---- options ------------------------------------------------------------ */

/* Adds the column name (a -o item) with its header: procps's own, or
 * the one given (name=HEADER, which may be empty). */
static int
add_column(char *name, const char *head, void *arg)
{
	struct opts *o = arg;
	int col = fks_column_lookup(name);

	if (col < 0)
		usage_error("-o: unknown column '%s'", name);
	if (o->ncols >= MAX_COLS)
		usage_error("-o: more than %d columns at '%s'", MAX_COLS, name);
	o->heads[o->ncols] = head ? head : fks_column_header(name);
	o->cols[o->ncols++] = (enum fks_column)col;
	return 0;
}

/* -o's list, as procps takes it (column_list_split). */
static void
parse_columns(struct opts *o, char *list)
{
	if (column_list_split(list, add_column, o) < 0)
		usage_error("-o: an empty column name in '%s'", list);
}

/*
 * --sort's list, as ps --sort takes it: [+|-]KEY items, KEY a column name;
 * a later --sort replaces an earlier one.  pforest's first keys stay:
 * name is comm, cpu is time with the busiest first unless a sign says.
 */
static void
parse_sort(struct opts *o, char *list)
{
	char *rest = list, *item;
	bool desc, sign;
	int col;

	o->nsort = 0;
	while ((item = strsep(&rest, ","))) {
		sign = *item == '+' || *item == '-';
		desc = *item == '-';
		item += sign;
		if (strcmp(item, "name") == 0)
			col = FKS_COL_COMM;
		else if (strcmp(item, "cpu") == 0) {
			col = FKS_COL_TIME;
			desc = sign ? desc : true;
		} else
			col = fks_column_lookup(item);
		if (col < 0)
			usage_error("--sort: unknown key '%s'", item);
		if (o->nsort >= MAX_SORT)
			usage_error("--sort: more than %d keys", MAX_SORT);
		o->sort[o->nsort++] = (struct sort_key){ col, desc };
	}
}

/* -p's list: pids, each checked as a PID argument is. */
static void
parse_pids(char *list, pid_t **v, size_t *n)
{
	char **items = NULL;
	size_t nitems = 0, i;

	list_append_items("-p", list, &items, &nitems);
	*v = realloc(*v, (*n + nitems) * sizeof **v);
	if (!*v)
		err(EXIT_TROUBLE, "realloc");
	for (i = 0; i < nitems; i++)
		(*v)[(*n)++] = parse_pid("-p", items[i]);
	free(items);
}

static int
parse_enum(const char *opt, const char *arg, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	usage_error("%s: unknown value '%s'", opt, arg);
}

/* The column names for -o, one per line with its header (completion
 * scripts read them). */
static void __attribute__((noreturn))
list_columns(void)
{
	const struct fks_column_info *ci;
	int col;

	for (col = 0; col < FKS_COL_COUNT; col++)
		if ((ci = fks_column_info((enum fks_column)col)))
			printf("%-10s %s\n", ci->name, ci->header);
	exit(EXIT_OK);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_NO_HEADERS = OPT_FIRST_LOCAL, OPT_SORT, OPT_STYLE,
	       OPT_COMPACT, OPT_WIDTH, OPT_JSON, OPT_ZOMBIES,
	       OPT_ORPHANS, OPT_LIST_COLUMNS, OPT_FLAT, OPT_MATCH,
	       OPT_FULL, OPT_UNIT, OPT_CONTAINER, OPT_BY };
	static const struct option longopts[] = {
		{ "kernel", no_argument, NULL, 'k' },
		{ "threads", no_argument, NULL, 'T' },
		{ "ancestors", no_argument, NULL, 's' },
		{ "pid", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "real-user", required_argument, NULL, 'U' },
		{ "command", required_argument, NULL, 'C' },
		{ "match", required_argument, NULL, OPT_MATCH },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "zombies", no_argument, NULL, OPT_ZOMBIES },
		{ "orphans", no_argument, NULL, OPT_ORPHANS },
		{ "format", required_argument, NULL, 'o' },
		{ "no-headers", no_argument, NULL, OPT_NO_HEADERS },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "by", required_argument, NULL, OPT_BY },
		{ "namespaces", no_argument, NULL, 'S' },
		{ "style", required_argument, NULL, OPT_STYLE },
		{ "compact", no_argument, NULL, OPT_COMPACT },
		{ "wide", no_argument, NULL, 'w' },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "flat", no_argument, NULL, OPT_FLAT },
		{ "list-columns", no_argument, NULL, OPT_LIST_COLUMNS },
		COLOR_LONGOPTS,
		READ_LONGOPTS,
		COMMON_LONGOPTS
	};
	static const char *const styles[] = { "ps", "ascii", "unicode",
					      NULL };
	char *end;
	long n;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":kTsSp:u:U:C:o:wvhV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'k': o->kernel = true; break;
		case 'T': o->threads = true; break;
		case 's': o->ancestors = true; break;
		case 'S': o->ns_marks = true; break;
		case OPT_BY:
			o->by = fks_column_lookup(optarg);
			if (o->by < 0)
				usage_error("--by: unknown column '%s' "
					    "(--list-columns names them)",
					    optarg);
			break;
		case 'p': parse_pids(optarg, &o->only, &o->nonly); break;
		case 'u': list_append_items("-u", optarg, &o->users, &o->nusers);
			break;
		case 'U': list_append_items("-U", optarg, &o->rusers, &o->nrusers);
			break;
		case 'C': list_append_items("-C", optarg, &o->names, &o->nnames);
			break;
		case 'o': parse_columns(o, optarg); break;
		case 'w': o->wide = true; break;
		case OPT_MATCH: o->match = optarg; break;
		case OPT_FULL: o->full = true; break;
		case OPT_UNIT:
			list_append_items("--unit", optarg, &o->units, &o->nunits);
			break;
		case OPT_CONTAINER:
			list_append_items("--container", optarg, &o->containers,
				   &o->ncontainers);
			break;
		case OPT_ZOMBIES: o->zombies = true; break;
		case OPT_ORPHANS: o->orphans = true; break;
		case OPT_NO_HEADERS: o->headers = false; break;
		case OPT_COMPACT: o->compact = true; break;
		case OPT_JSON: o->json = true; break;
		case OPT_FLAT: o->flat = true; break;
		case OPT_SORT: parse_sort(o, optarg); break;
		case OPT_STYLE:
			o->style = parse_enum("--style", optarg, styles);
			o->style_set = true;
			break;
		case OPT_WIDTH:
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || n < 1 || n > 1000000)
				usage_error("--width: '%s' is not a width",
					    optarg);
			o->width = (int)n;
			break;
		case OPT_LIST_COLUMNS: list_columns();
		case 'h': usage();
		default: common_option(c, argv, &o->co);
		}
	}
	if (o->full && !o->match)
		usage_error("--full: only with --match");
	o->npids = (size_t)(argc - optind);
	o->pids = xmalloc(o->npids * sizeof *o->pids);
	for (c = 0; optind < argc; c++)
		o->pids[c] = parse_pid(NULL, argv[optind++]);
}

/* The default columns, as ps -ef f shows them. */
static void
default_columns(struct opts *o)
{
	static const enum fks_column dflt[] = {
		FKS_COL_PID, FKS_COL_PPID, FKS_COL_USER, FKS_COL_STAT,
		FKS_COL_START, FKS_COL_TIME, FKS_COL_ARGS,
	};

	size_t i;

	memcpy(o->cols, dflt, sizeof dflt);
	o->ncols = sizeof dflt / sizeof *dflt;
	for (i = 0; i < o->ncols; i++)
		o->heads[i] = fks_column_info(dflt[i])->header;
}

/* The files the columns and selections need. */
static unsigned
needed_fields(const struct opts *o)
{
	unsigned f = FKS_F_STAT;
	size_t i;

	for (i = 0; i < o->ncols; i++)
		f |= fks_column_info(o->cols[i])->fields;
	for (i = 0; i < o->nsort; i++)
		f |= fks_column_info(o->sort[i].col)->fields;
	if (o->nusers)
		f |= FKS_F_OWNER;
	if (o->nrusers)		/* the real uid is in status (or BPF's) */
		f |= FKS_F_STATUS | FKS_F_OWNER;
	if ((o->match && o->full) || o->json)	/* JSON: args always */
		f |= FKS_F_CMDLINE;
	if (o->nunits || o->ncontainers)
		f |= FKS_F_CGROUP;
	if (o->by >= 0)
		f |= fks_column_info((enum fks_column)o->by)->fields;
	if (o->ns_marks)
		f |= FKS_F_PIDNS;
	return f;
}

/* ---- selection ---------------------------------------------------------- */

static bool
in_list(const char *s, size_t len, char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
			return true;
	return false;
}

/* Is uid, as a number or by its name, in the list? */
static bool
user_in_list(const struct view *v, uid_t uid, char **list, size_t n)
{
	const char *name = fks_root_user_name(fks_table_root(v->tbl), uid);
	char num[16];

	snprintf(num, sizeof num, "%u", (unsigned)uid);
	return in_list(num, strlen(num), list, n) ||
	       (name && in_list(name, strlen(name), list, n));
}

/* Is t one of -p's pids? */
static bool
pid_listed(const struct opts *o, const struct fks_task *t)
{
	size_t i;

	for (i = 0; i < o->nonly; i++)
		if (o->only[i] == t->tid)
			return true;
	return false;
}

/* Does any filter apply (so an empty result is a failure)? */
static bool
filtering(const struct opts *o)
{
	return o->nusers || o->nrusers || o->nnames || o->nonly ||
	       o->nunits || o->ncontainers || o->match || o->zombies ||
	       o->orphans;
}

static char *join(const char *a, const char *b, const char *c,
		  const char *d);

/* Compiles --match in the locale (so '.' is a character, as in pgrep);
 * a bad pattern is a usage error, said in one line. */
static void
compile_match(struct opts *o)
{
	char msg[128];
	int rc;

	if (!o->match)
		return;
	rc = regcomp(&o->re, o->match, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &o->re, msg, sizeof msg);
		usage_error("--match '%s': not a regular expression: %s",
			    o->match, msg);
	}
}

/*
 * Does t match --match?  On the raw name, or with --full on the command
 * line with its arguments joined by spaces, as pgrep -f sees it: a task
 * with none (a kernel thread, a zombie, one not readable) as [name].  The
 * bytes are matched as they are; only printing escapes them.  Never this
 * process itself (live): with --full its own command line holds the
 * pattern, and a script's kill $(...) would name a pid gone by then.
 */
static bool
regex_matches(const struct view *v, const struct fks_task *t)
{
	const struct opts *o = v->o;
	size_t len, i;
	char *s;
	bool hit;

	if (!fks_root_is_snapshot(fks_table_root(v->tbl)) &&
	    t->tgid == getpid())
		return false;
	if (!o->full)
		return regexec(&o->re, t->comm, 0, NULL, 0) == 0;
	if ((t->known & FKS_K_CMDLINE) && t->cmdline_len > 0) {
		len = t->cmdline_len;
		if (t->cmdline[len - 1] == '\0')
			len--;
		s = xmalloc(len + 1);
		for (i = 0; i < len; i++)
			s[i] = t->cmdline[i] ? t->cmdline[i] : ' ';
		s[len] = '\0';
	} else {
		s = join("[", t->comm, "]", "");
	}
	hit = regexec(&o->re, s, 0, NULL, 0) == 0;
	free(s);
	return hit;
}

/* Does t pass every filter given (-p, -u, -U, -C, --unit, --container,
 * --zombies, --orphans)?  A value that could not be read matches
 * nothing. */
static bool
matches(const struct view *v, const struct fks_task *t)
{
	const struct opts *o = v->o;

	if (o->nonly && !pid_listed(o, t))
		return false;
	if (o->nusers && (!(t->known & FKS_K_OWNER) ||
			  !user_in_list(v, t->euid, o->users, o->nusers)))
		return false;
	if (o->nrusers && (!(t->known & FKS_K_RUID) ||
			   !user_in_list(v, t->ruid, o->rusers, o->nrusers)))
		return false;
	if (o->nnames && !in_list(t->comm, t->comm_len, o->names, o->nnames))
		return false;
	if (o->match && !regex_matches(v, t))
		return false;
	if (o->nunits || o->ncontainers) {
		struct fks_place p;

		if (fks_task_place(t, &p) < 0 ||
		    (o->nunits &&
		     !place_unit_listed(&p, o->units, o->nunits)) ||
		    (o->ncontainers &&
		     !place_container_listed(&p, o->containers,
					     o->ncontainers)))
			return false;
	}
	if (o->zombies && !fks_task_is_zombie(t))
		return false;
	if (o->orphans && !fks_task_is_orphan(v->tbl, t))
		return false;
	return true;
}

/* What in_scope() needs: the subtrees' tops marked in scope, and whether
 * each node the walk visited, by its index, is in scope. */
struct scope_walk {
	const struct fks_table *tbl;
	bool *scope;		/* by table index */
	bool *in;		/* by the walk's index */
};

/* A process is in scope when it is a top or its parent is; the walk
 * visits a parent first. */
static int
in_scope(const struct fks_walk_node *n, const struct fks_walk_pos *pos,
	 void *arg)
{
	struct scope_walk *s = arg;
	size_t i = fks_table_index(s->tbl, n->task);

	if (pos->parent != FKS_WALK_NONE && s->in[pos->parent])
		s->scope[i] = true;
	s->in[pos->index] = s->scope[i];
	return 0;
}

/* Adds the subtrees of the processes marked in scope to it: one walk
 * over the whole forest. */
static void
mark_subtrees(const struct fks_table *tbl, bool *scope)
{
	struct scope_walk s = { tbl, scope,
		xmalloc((fks_table_count(tbl) + 1) * sizeof *s.in) };
	struct fks_walk w = { .visit = in_scope, .arg = &s };
	int rc = fks_forest_walk(tbl, &w);

	if (rc < 0)
		errx(EXIT_TROUBLE, "walking the forest: %s", strerror(-rc));
	free(s.in);
}

static void
mark_ancestors(const struct fks_table *tbl, const struct fks_task *t,
	       bool *mark)
{
	for (t = fks_forest_parent(tbl, t); t; t = fks_forest_parent(tbl, t)) {
		if (mark[fks_table_index(tbl, t)])
			break;
		mark[fks_table_index(tbl, t)] = true;
	}
}

/* Returns the number of PIDs that do not exist (reported). */
static size_t
select_processes(struct view *v)
{
	const struct opts *o = v->o;
	const struct fks_table *tbl = v->tbl;
	size_t i, n = fks_table_count(tbl), missing = 0;
	bool *scope = NULL, *keep = NULL, filters;
	const struct fks_task *t;

	filters = filtering(o);
	if (o->npids) {
		scope = calloc(n + 1, sizeof *scope);
		if (!scope)
			err(EXIT_TROUBLE, "calloc");
		for (i = 0; i < o->npids; i++) {
			t = fks_table_find(tbl, o->pids[i]);
			if (!t || t->is_thread) {
				warnx("no process %d", (int)o->pids[i]);
				missing++;
				continue;
			}
			scope[fks_table_index(tbl, t)] = true;
		}
		mark_subtrees(tbl, scope);
		/* after the subtrees: an ancestor marked first would take
		 * its whole subtree in */
		for (i = 0; o->ancestors && i < o->npids; i++) {
			t = fks_table_find(tbl, o->pids[i]);
			if (t && !t->is_thread)
				mark_ancestors(tbl, t, scope);
		}
	}
	if (filters) {
		keep = calloc(n + 1, sizeof *keep);
		if (!keep)
			err(EXIT_TROUBLE, "calloc");
		for (i = 0; i < n; i++) {
			t = fks_table_at(tbl, i);
			if (t->is_thread || (scope && !scope[i]) ||
			    !matches(v, t))
				continue;
			keep[i] = true;
			/* the path to a match is context in a tree; a flat
			 * list holds the matches alone (kill $(...) must not
			 * reach pid 1), and so does a group (--by), which
			 * would show the path in groups of its own */
			if (!o->flat && o->by < 0)
				mark_ancestors(tbl, t, keep);
		}
	}
	for (i = 0; i < n; i++) {
		t = fks_table_at(tbl, i);
		/* a kernel thread a selection names (-p, -C, --match, -u:
		 * as ps and pgrep select) shows without -k */
		v->visible[i] = !t->is_thread &&
				(!t->kthread || o->kernel ||
				 (scope && scope[i] && !o->ancestors) ||
				 (keep && keep[i])) &&
				(!scope || scope[i]) && (!keep || keep[i]);
	}
	free(scope);
	free(keep);
	return missing;
}

/* ---- the walk: rows in display order ------------------------------------ */

/*
 * What ps sorts by where a column shows a value cut short: the start in
 * ticks (start, lstart, and etime and etimes reversed: ps sorts the
 * elapsed time in fractions of a second), the resident set (pmem).
 * Other columns: their value.
 */
static void
sort_value(const struct view *v, const struct fks_task *t,
	   enum fks_column col, struct fks_value *val)
{
	fks_column_value(v->tbl, t, col, val);
	if (val->type == FKS_VAL_NONE)
		return;
	switch (col) {
	case FKS_COL_START: case FKS_COL_STARTED: case FKS_COL_LSTART:
	case FKS_COL_ETIME: case FKS_COL_ETIMES:
		val->type = FKS_VAL_REAL;
		val->r = (double)t->start_ticks;
		if (col == FKS_COL_ETIME || col == FKS_COL_ETIMES)
			val->r = -val->r;
		break;
	case FKS_COL_PMEM:
		fks_column_value(v->tbl, t, FKS_COL_RSS, val);
		break;
	default:
		break;
	}
}

/* x against y by one column's values: an unknown value first, numbers
 * by value, text by its bytes. */
static int
cmp_column(const struct view *v, const struct fks_task *x,
	   const struct fks_task *y, enum fks_column col)
{
	char bx[SORT_TEXT_MAX], by[SORT_TEXT_MAX];
	struct fks_value a, b;

	sort_value(v, x, col, &a);
	sort_value(v, y, col, &b);
	if (a.type != b.type)
		return (a.type != FKS_VAL_NONE) - (b.type != FKS_VAL_NONE);
	switch (a.type) {
	case FKS_VAL_INT:
		return (a.i > b.i) - (a.i < b.i);
	case FKS_VAL_REAL:
		return (a.r > b.r) - (a.r < b.r);
	case FKS_VAL_TEXT:
		fks_column_format(v->tbl, x, col, bx, sizeof bx);
		fks_column_format(v->tbl, y, col, by, sizeof by);
		return strcmp(bx, by);
	default:
		return 0;
	}
}

/* Siblings (--sort): threads first, then by each key, then by tid. */
static int
cmp_items(const struct fks_walk_node *x, const struct fks_walk_node *y,
	  void *arg)
{
	const struct view *v = arg;
	size_t i;
	int r;

	if (x->thread != y->thread)
		return x->thread ? -1 : 1;
	for (i = 0; i < v->o->nsort; i++) {
		r = cmp_column(v, x->task, y->task, v->o->sort[i].col);
		if (r)
			return v->o->sort[i].desc ? -r : r;
	}
	return (x->task->tid > y->task->tid) - (x->task->tid < y->task->tid);
}

/* Two leaves that --compact folds together: the same name (and the same
 * command line, when it is shown). */
static bool
same_leaf(const struct fks_walk_node *a, const struct fks_walk_node *b,
	  void *arg)
{
	const struct fks_task *x = a->task, *y = b->task;

	(void)arg;
	if (a->thread != b->thread || x->comm_len != y->comm_len ||
	    memcmp(x->comm, y->comm, x->comm_len) != 0 ||
	    fks_task_is_zombie(x) != fks_task_is_zombie(y))
		return false;
	if (a->thread || !(x->known & FKS_K_CMDLINE))
		return true;
	return x->cmdline_len == y->cmdline_len &&
	       memcmp(x->cmdline, y->cmdline, x->cmdline_len) == 0;
}

static void add_row(struct view *v, const struct item *it, int depth,
		    bool last);

static int
visit_row(const struct fks_walk_node *n, const struct fks_walk_pos *pos,
	  void *arg)
{
	struct view *v = arg;
	struct item it = { n->task, n->thread, n->count };

	/* flat: a process's threads follow it at depth 0 too, so no art is
	 * drawn and JSON nests nothing */
	add_row(v, &it, v->o->flat ? 0 : pos->depth, pos->last);
	return 0;
}

/* The rows of the processes shown: the library's walk (with --flat each
 * one a root), threads first under their process (-T), siblings sorted,
 * identical leaves folded (--compact, in text). */
static void
walk_shown(struct view *v, const bool *shown)
{
	const struct opts *o = v->o;
	struct fks_walk w = {
		.flags = (o->threads ? FKS_WALK_THREADS : 0) |
			 (o->flat ? FKS_WALK_FLAT : 0),
		.shown = shown,
		.cmp = cmp_items,
		.same = o->compact && !o->json && !o->flat ? same_leaf : NULL,
		.visit = visit_row,
		.arg = v,
	};
	int rc = fks_forest_walk(v->tbl, &w);

	if (rc < 0)
		errx(EXIT_TROUBLE, "walking the forest: %s", strerror(-rc));
}

/* --by: each visible process's value (its cell in the --by column) and
 * the place the whole forest's walk meets it, by table index */
struct by_walk {
	const struct view *v;
	char **value;
	size_t *seen, nseen;
};

static char *cell(const struct view *v, const struct item *it,
		  enum fks_column col);

static int
visit_value(const struct fks_walk_node *n, const struct fks_walk_pos *pos,
	    void *arg)
{
	struct by_walk *b = arg;
	struct item it = { n->task, false, 1 };
	size_t i = fks_table_index(b->v->tbl, n->task);

	(void)pos;
	b->value[i] = cell(b->v, &it, (enum fks_column)b->v->o->by);
	b->seen[i] = b->nseen++;
	return 0;
}

/*
 * --by: the visible processes in groups of one value (group.c), each group
 * a forest of its own (a process whose parent is in another group is a
 * root in its own), the groups in the order the whole forest meets them
 * (the host's first, under pid 1); each group is one walk.
 */
static void
walk_groups(struct view *v)
{
	size_t n = fks_table_count(v->tbl), i, j, k;
	struct by_walk b = { v, calloc(n + 1, sizeof *b.value),
			     xmalloc((n + 1) * sizeof *b.seen), 0 };
	struct fks_walk w = { .shown = v->visible, .visit = visit_value,
			      .arg = &b };
	bool *shown = xmalloc((n + 1) * sizeof *shown);
	struct groups g;
	int rc;

	if (!b.value)
		err(EXIT_TROUBLE, "calloc");
	rc = fks_forest_walk(v->tbl, &w);
	if (rc < 0)
		errx(EXIT_TROUBLE, "walking the forest: %s", strerror(-rc));
	groups_make(b.value, b.seen, n, &g);
	v->ngroups = g.n;
	v->groups = xmalloc((g.n + 1) * sizeof *v->groups);
	for (k = 0; k < g.n; k++) {
		v->groups[k].value = xstrdup(g.value[k]);
		v->groups[k].member = fks_table_at(v->tbl, g.first[k]);
		v->groups[k].first_row = v->nrows;
		for (j = 0; j < n; j++)
			shown[j] = g.of[j] == k;
		walk_shown(v, shown);
	}
	groups_free(&g);
	for (i = 0; i < n; i++)
		free(b.value[i]);
	free(b.value);
	free(b.seen);
	free(shown);
}

static void
walk(struct view *v)
{
	if (v->o->by >= 0)
		walk_groups(v);
	else
		walk_shown(v, v->visible);
}

/* ---- cells -------------------------------------------------------------- */

/* a, b, c and d joined in one allocation (a row's cells are made for
 * every process: no printf, no growing) */
static char *
join(const char *a, const char *b, const char *c, const char *d)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c), ld = strlen(d);
	char *r = xmalloc(la + lb + lc + ld + 1);

	memcpy(r, a, la);
	memcpy(r + la, b, lb);
	memcpy(r + la + lb, c, lc);
	memcpy(r + la + lb + lc, d, ld);
	r[la + lb + lc + ld] = '\0';
	return r;
}

/* The name as the forest shows it: {thread}, N*[name], name. */
static char *
name_cell(const struct view *v, const struct item *it, bool brackets)
{
	char *e = xescape(it->t->comm, it->t->comm_len, v->esc, NULL);
	char count[32] = "", *s;

	if (it->count > 1)
		snprintf(count, sizeof count, "%u*[", it->count);
	if (it->thread)
		s = join(count, "{", e, "}");
	else if (brackets)
		s = join(count, "[", e, "]");
	else
		s = join(count, e, "", "");
	if (it->count > 1) {
		free(e);
		e = s;
		s = join(e, "]", "", "");
	}
	free(e);
	return s;
}

/* The command line, or [name] when there is none (a kernel thread, a
 * zombie), as ps shows it. */
static char *
args_cell(const struct view *v, const struct item *it)
{
	const struct fks_task *t = it->t;

	if (it->thread || it->count > 1 || fks_task_is_zombie(t) ||
	    !(t->known & FKS_K_CMDLINE) || t->cmdline_len == 0)
		return name_cell(v, it, !it->thread && it->count == 1 &&
				 (t->known & FKS_K_CMDLINE));
	return xescape(t->cmdline, t->cmdline_len, v->esc | FKS_ESC_ARGV,
		       NULL);
}

static char *
cell(const struct view *v, const struct item *it, enum fks_column col)
{
	/* JSON takes text cells alone (json_row), comm and args raw */
	if (col == FKS_COL_COMM)
		return name_cell(v, it, false);
	if (col == FKS_COL_ARGS)
		return args_cell(v, it);
	return column_cell(v->tbl, it->t, col, v->esc);
}

/* Is t in another pid namespace than its parent (both known)? */
static bool
new_pidns(const struct view *v, const struct fks_task *t)
{
	const struct fks_task *p = fks_forest_parent(v->tbl, t);

	return p && (t->known & FKS_K_PIDNS) && (p->known & FKS_K_PIDNS) &&
	       t->pidns != p->pidns;
}

static void
add_row(struct view *v, const struct item *it, int depth, bool last)
{
	struct row *r;
	size_t i;

	if (v->nrows == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1024;
		v->rows = realloc(v->rows, v->cap * sizeof *v->rows);
		if (!v->rows)
			err(EXIT_TROUBLE, "realloc");
	}
	r = &v->rows[v->nrows++];
	r->it = *it;
	r->depth = depth;
	r->last = last;
	r->cells = xmalloc(v->o->ncols * sizeof *r->cells);
	for (i = 0; i < v->o->ncols; i++)
		r->cells[i] = cell(v, it, v->o->cols[i]);
	r->zombie = !it->thread && fks_task_is_zombie(it->t);
	r->orphan = !it->thread && fks_task_is_orphan(v->tbl, it->t);
	r->new_pidns = v->o->ns_marks && !it->thread && new_pidns(v, it->t);
}

static void
free_rows(struct view *v)
{
	size_t i, c;

	for (i = 0; i < v->nrows; i++) {
		for (c = 0; c < v->o->ncols; c++)
			free(v->rows[i].cells[c]);
		free(v->rows[i].cells);
	}
	free(v->rows);
	free(v->visible);
	for (i = 0; i < v->ngroups; i++)
		free(v->groups[i].value);
	free(v->groups);
}

/* ---- text output -------------------------------------------------------- */

/* The column that carries the tree art: the first comm or args, else
 * the last one. */
static size_t
tree_column(const struct opts *o)
{
	size_t i;

	/* flat, the column ps marks a zombie in: args */
	for (i = 0; o->flat && i < o->ncols; i++)
		if (o->cols[i] == FKS_COL_ARGS)
			return i;
	for (i = 0; i < o->ncols; i++)
		if (o->cols[i] == FKS_COL_COMM || o->cols[i] == FKS_COL_ARGS)
			return i;
	return o->ncols - 1;
}

/*
 * What a row shows in the tree column: the tree art, the text and the
 * zombie or orphan mark.  The caller frees it.  (The other columns show
 * their cells as they are.)  The art is made as the rows are shown, in
 * walk order: open[d] holds whether the row's ancestor at depth d has
 * later siblings, as the last row shown at that depth left it, so no row
 * keeps art of its own (a chain of 100,000 would need gigabytes).
 */
static char *
display(const struct view *v, const struct row *r, bool *open, size_t tc)
{
	enum fks_column col = v->o->cols[tc];
	const char *mark = r->zombie ? " <defunct>" :
			   r->orphan ? " <orphan>" : "";
	const char *ns = r->new_pidns ? " <pidns>" : "";
	char art[TREE_PREFIX_MAX];

	/* flat, a row is what ps -o prints: <defunct> after args alone, as
	 * ps puts it, and no mark ps does not make (JSON says orphan) */
	if (v->o->flat) {
		mark = r->zombie && col == FKS_COL_ARGS ? " <defunct>" : "";
		ns = "";
	}
	open[r->depth] = !r->last;
	tree_prefix(r->depth, open, r->last, v->o->style, art, sizeof art);
	return join(art, r->cells[tc], mark, ns);
}

/* Appends text to line, padded to width unless it is the last column. */
static size_t
put_cell(char **line, size_t *cap, size_t len, const char *text,
	 size_t width, bool left, bool lastcol)
{
	size_t w = text_width(text), pad = lastcol || w >= width ? 0 :
					  width - w, n = strlen(text);

	while (len + n + pad + 2 > *cap) {
		*line = realloc(*line, *cap *= 2);
		if (!*line)
			err(EXIT_TROUBLE, "realloc");
	}
	if (len > 0)
		(*line)[len++] = ' ';
	if (!left) {
		memset(*line + len, ' ', pad);
		len += pad;
	}
	memcpy(*line + len, text, n);
	len += n;
	if (left) {
		memset(*line + len, ' ', pad);
		len += pad;
	}
	(*line)[len] = '\0';
	return len;
}

/* --by: "COLUMN: VALUE" (the value escaped as its cell), in bold with
 * colour */
static void
print_heading(const struct view *v, const struct group *g, int cut,
	      bool color)
{
	char *line = join(fks_column_info((enum fks_column)v->o->by)->name,
			  ": ", g->value, "");

	if (cut > 0)
		cut_to_width(line, (size_t)cut);
	if (color)
		printf("%s%s%s\n", SGR_HEADING, line, SGR_RESET);
	else
		puts(line);
	free(line);
}

static void
print_text(const struct view *v)
{
	const struct opts *o = v->o;
	size_t i, c, g, w, *width, tc = tree_column(o), len, cap = 4096;
	int cut = o->wide ? 0 : o->width ? o->width : terminal_width();
	bool color = want_color(o->co.color);
	const struct fks_column_info *ci;
	char *line = xmalloc(cap), *disp = NULL;
	const struct row *r;
	bool *open, head = false;
	int maxdepth = 0;

	/* as ps: no header line when every header is empty */
	for (c = 0; o->headers && c < o->ncols; c++)
		head = head || o->heads[c][0];
	for (i = 0; i < v->nrows; i++)
		if (v->rows[i].depth > maxdepth)
			maxdepth = v->rows[i].depth;
	open = xmalloc(((size_t)maxdepth + 1) * sizeof *open);
	/* the widths (the tree column as shown), then the lines */
	width = xmalloc(o->ncols * sizeof *width);
	for (c = 0; c < o->ncols; c++) {
		ci = fks_column_info(o->cols[c]);
		width[c] = head ? text_width(o->heads[c]) : 0;
		if ((size_t)ci->width > width[c])
			width[c] = (size_t)ci->width;
		for (i = 0; i < v->nrows; i++) {
			if (c == tc)
				disp = display(v, &v->rows[i], open, tc);
			w = text_width(c == tc ? disp : v->rows[i].cells[c]);
			if (w > width[c])
				width[c] = w;
			if (c == tc)
				free(disp);
		}
	}
	for (i = 0, g = 0; i < v->nrows + head; i++) {
		r = i < head ? NULL : &v->rows[i - head];
		/* --by: a group's heading before its first row */
		if (r && g < v->ngroups &&
		    v->groups[g].first_row == i - head)
			print_heading(v, &v->groups[g++], cut, color);
		disp = r ? display(v, r, open, tc) : NULL;
		len = 0;
		for (c = 0; c < o->ncols; c++) {
			ci = fks_column_info(o->cols[c]);
			len = put_cell(&line, &cap, len, !r ? o->heads[c] :
				       c == tc ? disp : r->cells[c], width[c],
				       ci->left || c == tc, c + 1 == o->ncols);
		}
		free(disp);
		while (len > 0 && line[len - 1] == ' ')
			len--;
		line[len] = '\0';
		if (cut > 0)
			cut_to_width(line, (size_t)cut);
		if (color && r && (r->zombie || r->orphan))
			printf("%s%s%s\n", r->zombie ? SGR_ZOMBIE : SGR_ORPHAN,
			       line, SGR_RESET);
		else
			puts(line);
	}
	free(open);
	free(line);
	free(width);
}

/* ---- JSON output -------------------------------------------------------- */

/* The fact a column shows: start and start_time show one, the start
 * time, which JSON carries as one member. */
static enum fks_column
json_fact(enum fks_column col)
{
	return col == FKS_COL_STARTED ? FKS_COL_START : col;
}

/* A column asked for twice (or by an alias, or for the same fact) is one
 * JSON member. */
static bool
shown_before(const struct opts *o, size_t c)
{
	size_t i;

	for (i = 0; i < c; i++)
		if (json_fact(o->cols[i]) == json_fact(o->cols[c]))
			return true;
	return false;
}

/* A number as JSON: the shortest text that reads back the same. */
static void
json_real(struct jsonwrt *w, const char *key, double r)
{
	jw_numberf(w, key, "%.10g", r);
}

/* Column col of task t as the JSON member name: its value (numbers in
 * plain units, fks_column_value), its text cell, or null. */
static void
json_value(struct jsonwrt *w, const struct view *v, const struct fks_task *t,
	   enum fks_column col, const char *name, const char *cellv)
{
	struct fks_value val;

	switch (fks_column_value(v->tbl, t, col, &val)) {
	case FKS_VAL_INT:
		jw_int(w, name, val.i);
		break;
	case FKS_VAL_REAL:
		json_real(w, name, val.r);
		break;
	case FKS_VAL_TEXT:
		jw_string(w, name, cellv);
		break;
	default:
		jw_null(w, name);
		break;
	}
}

/*
 * A row as JSON (schema JSON_SCHEMA): pid, thread, zombie, orphan, state,
 * comm and args always; then each column asked for as a value (numbers in
 * plain units, fks_column_value), start as seconds since the epoch and
 * as ISO 8601; null for what could not be read.
 */
static void
json_row(struct jsonwrt *w, const struct view *v, const struct row *r)
{
	const struct fks_task *t = r->it.t;
	const struct fks_column_info *ci;
	char *s;
	size_t c;

	jw_int(w, "pid", (int)t->tid);
	jw_bool(w, "thread", r->it.thread);
	jw_bool(w, "zombie", r->zombie);
	jw_bool(w, "orphan", r->orphan);
	if (t->known & FKS_K_STAT)
		jw_string(w, "state", (char[]){ t->state_char, '\0' });
	else
		jw_null(w, "state");
	s = xescape(t->comm, t->comm_len, v->esc, NULL);
	jw_string(w, "comm", s);
	free(s);
	if (t->known & FKS_K_CMDLINE) {
		s = xescape(t->cmdline, t->cmdline_len, v->esc | FKS_ESC_ARGV,
			    NULL);
		jw_string(w, "args", s);
		free(s);
	} else {
		jw_null(w, "args");
	}
	for (c = 0; c < v->o->ncols; c++) {
		ci = fks_column_info(v->o->cols[c]);
		if (ci->id == FKS_COL_PID || ci->id == FKS_COL_STATE ||
		    ci->id == FKS_COL_COMM || ci->id == FKS_COL_ARGS ||
		    shown_before(v->o, c))
			continue;
		if (ci->id == FKS_COL_START || ci->id == FKS_COL_STARTED)
			json_start(w, v->tbl, t);
		else
			json_value(w, v, t, ci->id, ci->name, r->cells[c]);
	}
	if (v->o->ns_marks && !r->it.thread)
		jw_bool(w, "new_pidns", r->new_pidns);
}

/*
 * JSON nests a row in its parent's "children" down to this depth.  Deeper
 * rows (a chain of processes any user can make) are listed flat among the
 * children of their ancestor at this depth, each with its real "depth" and
 * its "parent" pid: jq refuses input nested past 256 levels (a process is
 * two: its object and its children), and no reader should fail on a
 * forest because of its shape.
 */
#define JSON_NEST_MAX 50

static int
json_depth(const struct row *r)
{
	return r->depth < JSON_NEST_MAX ? r->depth : JSON_NEST_MAX;
}

/* The indent of a row at depth: two spaces a level, from none again
 * every 20 levels, so a line starts within 40 columns. */
static const char *
json_indent(int depth)
{
	static const char pad[] = "                                        ";

	return pad + 40 - (depth % 20) * 2;
}

/*
 * The "processes" array of rows from to end.  The rows are in depth-first
 * order with their depth, so the nesting is rebuilt by opening a
 * "children" array when the depth grows and closing arrays when it falls.
 * Each row starts a line, indented by its depth.
 */
static void
json_forest(struct jsonwrt *w, const struct view *v, size_t from,
	    size_t end)
{
	const struct row *r;
	size_t i;
	int d, depth, next;

	jw_array_open(w, "processes", JW_BREAK_VALUES | JW_BREAK_END |
		      JW_BREAK_EMPTY, json_indent(0));
	for (i = from; i < end; i++) {
		r = &v->rows[i];
		depth = json_depth(r);
		jw_object_open(w, NULL, 0, NULL);
		json_row(w, v, r);
		if (r->depth > JSON_NEST_MAX) {	/* where it really is */
			jw_int(w, "depth", r->depth);
			jw_int(w, "parent", r->it.thread ? (int)r->it.t->tgid
							 : (int)r->it.t->ppid);
		}
		next = i + 1 < end ? json_depth(&v->rows[i + 1]) : -1;
		if (next > depth) {
			jw_array_open(w, "children", JW_BREAK_VALUES,
				      json_indent(depth + 1));
			continue;
		}
		jw_close(w);			/* the row */
		for (d = depth; d > next && d > 0; d--) {
			jw_close(w);		/* its parent's children */
			jw_close(w);		/* its parent */
		}
	}
	jw_close(w);				/* processes */
}

/* --by: "by" names the column, and "groups" holds each group's value
 * (typed as the column is, null for "-") and its forest. */
static void
json_groups(struct jsonwrt *w, const struct view *v)
{
	enum fks_column by = (enum fks_column)v->o->by;
	const char *name = fks_column_info(by)->name;
	size_t g, end;

	jw_string(w, "by", name);
	jw_array_open(w, "groups", JW_BREAK_VALUES | JW_BREAK_END |
		      JW_BREAK_EMPTY, json_indent(0));
	for (g = 0; g < v->ngroups; g++) {
		end = g + 1 < v->ngroups ? v->groups[g + 1].first_row :
					   v->nrows;
		jw_object_open(w, NULL, 0, NULL);
		json_value(w, v, v->groups[g].member, by, "value",
			   v->groups[g].value);
		json_forest(w, v, v->groups[g].first_row, end);
		jw_close(w);
	}
	jw_close(w);
}

static void
print_json(const struct view *v)
{
	struct jsonwrt w;

	jw_init(&w, stdout, JW_SPACED);
	jw_object_open(&w, NULL, 0, NULL);
	jw_string(&w, "forkscope", FKS_VERSION);
	jw_int(&w, "schema", JSON_SCHEMA);
	jw_string(&w, "source", fks_root_is_snapshot(fks_table_root(v->tbl)) ?
		  "snapshot" : "live");
	jw_int(&w, "time", fks_root_now(fks_table_root(v->tbl)));
	if (v->o->by >= 0)
		json_groups(&w, v);
	else
		json_forest(&w, v, 0, v->nrows);
	jw_close(&w);
}

/* ---- main --------------------------------------------------------------- */

int
main(int argc, char **argv)
{
	struct opts o = { .headers = true, .by = -1 };
	struct view v = { .o = &o };
	struct fks_root *root;
	struct fks_table *tbl;
	size_t problems;
	int rc;

	parse_args(argc, argv, &o);
	root = open_root(o.co.proc_root);
	fks_root_set_source(root, o.co.source);
	setlocale(LC_ALL, "");
	compile_match(&o);
	if (!o.ncols)
		default_columns(&o);
	if (!o.style_set)
		o.style = default_style();
	v.esc = escape_flags();
	rc = fks_table_read(root, needed_fields(&o),
			    o.threads ? FKS_READ_THREADS : 0, &tbl);
	check_source(root, o.co.source, rc, o.co.verbose, EXIT_TROUBLE);
	if (!tbl)
		errx(EXIT_TROUBLE, "%s: %s", fks_root_path(root),
		     strerror(-rc));
	v.tbl = tbl;
	v.visible = xmalloc((fks_table_count(tbl) + 1) * sizeof *v.visible);
	check_users(tbl, "-u", o.users, o.nusers);
	check_users(tbl, "-U", o.rusers, o.nrusers);
	problems = select_processes(&v);
	walk(&v);
	if (o.json)
		print_json(&v);
	else
		print_text(&v);
	problems += warn_messages(tbl);
	note_hidden(root);
	free_rows(&v);
	fks_table_free(tbl);
	fks_root_free(root);
	free(o.pids);
	free(o.users);
	free(o.names);
	free(o.rusers);
	free(o.units);
	free(o.containers);
	free(o.only);
	if (o.match)
		regfree(&o.re);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(EXIT_TROUBLE, "stdout");
	if (problems)
		return EXIT_TROUBLE;
	/* a selection that shows nothing fails, as in ps and pgrep */
	if ((o.npids || filtering(&o)) && v.nrows == 0)
		return EXIT_NO_MATCH;
	return EXIT_OK;
}
