/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reapcheck - zombies and orphans, for people, scripts and monitoring.
 *
 * Reads the table once (stat, status and cmdline), groups the zombies by
 * the parent that holds them, asks the library why that parent does not
 * reap (audit.c), finds the orphans, and reports in one of four forms: a
 * table, JSON, Prometheus text for node_exporter's textfile collector, or
 * a monitoring-plugin status line with Nagios exit codes.  With
 * --signal-parents it can send SIGCHLD to the parents, and only that.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "common-output.h"
#include "optval.h"
#include "reapcheck-common.h"
#include "reapcheck-watch.h"

/* Nagios plugin exit statuses (check_procs uses the same). */
enum { PLUGIN_OK, PLUGIN_WARNING, PLUGIN_CRITICAL, PLUGIN_UNKNOWN };

enum mode { MODE_TABLE, MODE_JSON, MODE_PROMETHEUS, MODE_PLUGIN };

/* A threshold: a range (common.h) and its text, for the perfdata. */
struct threshold {
	struct range r;
	const char *text;	/* NULL when not given */
	const char *opt;	/* the option that gave it */
};

struct limits {
	struct threshold zombies, age, orphans;
};

struct opts {
	struct common_opts co;	/* --proc-root, --source, -v, --color */
	const char *output;
	enum mode mode;
	struct limits warn, crit;
	bool signal_parents, yes;
	pid_t *only;		/* -p: the parents to signal (NULL: all) */
	size_t nonly;
	long long min_age;
	size_t max_labels;
	bool watch;
	long long max_age, duration;	/* --watch; -1: not given */
};

static bool plugin_args;	/* usage errors are UNKNOWN in plugin mode */

static void __attribute__((noreturn))
usage(FILE *out, int status)
{
	fprintf(out,
"Usage: reapcheck [options]\n"
"       reapcheck --watch [--max-age=SEC] [--json] [--duration=SEC]\n"
"Find zombies (grouped by the parent that does not reap them, with why)\n"
"and orphans (processes reparented after their parent died).\n"
"\n"
"Output (one of):\n"
"      --json              JSON\n"
"      --prometheus        Prometheus text (node_exporter textfile)\n"
"      --plugin            one monitoring-plugin line, Nagios exit codes\n"
"  -o, --output=FILE       write to FILE atomically (temp file + rename);\n"
"                          only a regular file is replaced; - is stdout\n"
"Plugin thresholds (ranges as check_procs takes them: N alerts above N,\n"
"N: below N, ~:N above N, N:M outside N..M, @N:M inside; any of them\n"
"implies --plugin):\n"
"  -w, --warning=N         zombies          -c, --critical=N\n"
"      --warning-age=SEC   oldest zombie        --critical-age=SEC\n"
"      --warning-orphans=N orphans              --critical-orphans=N\n"
"Remediation (opt-in):\n"
"      --signal-parents    send SIGCHLD to the parents of zombies; without\n"
"                          --yes only show what would be done\n"
"      --min-age=SEC       only zombies at least this old (upper bound)\n"
"  -p, --pid=PID,...       only these parents (default: every parent this\n"
"                          user may signal)\n"
"      --yes               really send the signals\n"
"Watch (a continuous audit on the kernel's process events):\n"
"      --watch             report orphans as their parent exits, and\n"
"                          zombies left unreaped, as it happens\n"
"      --max-age=SEC       alert on a zombie dead this long (default 60)\n"
"      --duration=SEC      stop after SEC seconds (default: at a signal)\n"
"Other:\n"
"      --max-labels=N      Prometheus: parents named, the rest \"other\"\n"
"                          (default 10)\n"
"      --color=WHEN        auto (default), always, never\n"
"      --proc-root=DIR     read DIR (a procsnap snapshot) instead of /proc\n"
"      --source=SRC        read live tasks from auto (the default: BPF when\n"
"                          it can run, else /proc), proc, or bpf (or fail)\n"
"  -v, --verbose           say on stderr which source ran, and why not BPF;\n"
"                          with --watch, the events' source too\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Exit status: 0 success (whatever was found), 1 trouble, 2 usage error;\n"
"with --plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n");
	exit(status);
}

/* ---- options ------------------------------------------------------------ */

/*
 * An error in plugin mode, of usage or at run time (error_end, for
 * usage_error() and die()): a monitoring system shows stdout and the
 * status, so the message becomes one UNKNOWN line there, and stays on
 * stderr for a person.
 */
static void __attribute__((noreturn))
plugin_error(const char *msg)
{
	printf("REAPCHECK UNKNOWN - %s\n", msg);
	fflush(stdout);
	warnx("%s", msg);
	exit(PLUGIN_UNKNOWN);
}

static long long
number(const char *opt, const char *s)
{
	long long v;

	if (parse_count(s, &v) < 0)
		usage_error("%s: '%s' is not a number of 0 or more", opt, s);
	return v;
}

static void
threshold(const char *opt, const char *s, struct threshold *t)
{
	int rc = parse_range(s, &t->r);

	if (rc == -EDOM)
		usage_error("%s: '%s': the start of the range is above its "
			    "end", opt, s);
	if (rc < 0)
		usage_error("%s: '%s' is not a threshold range (N, N:, ~:N, "
			    "N:M, @N:M)", opt, s);
	t->text = s;
	t->opt = opt;
}

/* Refuses a warning that every value it alerts on makes critical. */
static void
check_pair(const struct threshold *w, const struct threshold *c)
{
	if (!w->text || !c->text || range_warning_reachable(&w->r, &c->r) ||
	    memcmp(&w->r, &c->r, sizeof w->r) == 0)	/* the same: no warning
							 * meant */
		return;
	usage_error("%s %s with %s %s: the warning is never reached "
		    "(critical first)", w->opt, w->text, c->opt, c->text);
}

/* -p PID,...: appended to o->only (the option may be given again). */
static void
pid_list(char *arg, struct opts *o)
{
	char *s, *rest = arg, *whole = xstrdup(arg);
	pid_t pid;

	while ((s = list_item(&rest, "--pid", whole))) {
		pid = parse_pid("--pid", s);
		o->only = realloc(o->only, (o->nonly + 1) * sizeof *o->only);
		if (!o->only)
			err(EXIT_TROUBLE, "realloc");
		o->only[o->nonly++] = pid;
	}
	free(whole);
}

/* A whole number of 1 or more (seconds). */
static long long
positive(const char *opt, const char *s)
{
	long long v;

	if (parse_count(s, &v) < 0 || v < 1 || v > 100000000)
		usage_error("%s: '%s' is not a whole number of seconds "
			    "from 1 to 100000000", opt, s);
	return v;
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_JSON = OPT_FIRST_LOCAL, OPT_PROM, OPT_PLUGIN, OPT_WAGE,
	       OPT_CAGE, OPT_WORPH, OPT_CORPH, OPT_SIGNAL, OPT_MINAGE,
	       OPT_YES, OPT_LABELS, OPT_WATCH, OPT_MAXAGE,
	       OPT_DURATION };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "prometheus", no_argument, NULL, OPT_PROM },
		{ "plugin", no_argument, NULL, OPT_PLUGIN },
		{ "output", required_argument, NULL, 'o' },
		{ "warning", required_argument, NULL, 'w' },
		{ "critical", required_argument, NULL, 'c' },
		{ "warning-age", required_argument, NULL, OPT_WAGE },
		{ "critical-age", required_argument, NULL, OPT_CAGE },
		{ "warning-orphans", required_argument, NULL, OPT_WORPH },
		{ "critical-orphans", required_argument, NULL, OPT_CORPH },
		{ "signal-parents", no_argument, NULL, OPT_SIGNAL },
		{ "min-age", required_argument, NULL, OPT_MINAGE },
		{ "pid", required_argument, NULL, 'p' },
		{ "yes", no_argument, NULL, OPT_YES },
		{ "max-labels", required_argument, NULL, OPT_LABELS },
		{ "watch", no_argument, NULL, OPT_WATCH },
		{ "max-age", required_argument, NULL, OPT_MAXAGE },
		{ "duration", required_argument, NULL, OPT_DURATION },
		COLOR_LONGOPTS,
		READ_LONGOPTS,
		COMMON_LONGOPTS
	};
	bool plugin = false;
	int c, i;

	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "-w", 2) == 0 ||
		    strncmp(argv[i], "-c", 2) == 0 ||
		    strncmp(argv[i], "--warning", 9) == 0 ||
		    strncmp(argv[i], "--critical", 10) == 0 ||
		    strcmp(argv[i], "--plugin") == 0)
			plugin_args = true;
	if (plugin_args)
		error_end = plugin_error;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:w:c:p:vhV", longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_JSON: o->mode = MODE_JSON; break;
		case OPT_PROM: o->mode = MODE_PROMETHEUS; break;
		case OPT_PLUGIN: plugin = true; break;
		case 'o': o->output = optarg; break;
		case 'w': threshold("-w", optarg, &o->warn.zombies); break;
		case 'c': threshold("-c", optarg, &o->crit.zombies); break;
		case OPT_WAGE:
			threshold("--warning-age", optarg, &o->warn.age);
			break;
		case OPT_CAGE:
			threshold("--critical-age", optarg, &o->crit.age);
			break;
		case OPT_WORPH:
			threshold("--warning-orphans", optarg,
				  &o->warn.orphans);
			break;
		case OPT_CORPH:
			threshold("--critical-orphans", optarg,
				  &o->crit.orphans);
			break;
		case OPT_SIGNAL: o->signal_parents = true; break;
		case OPT_MINAGE: o->min_age = number("--min-age", optarg);
			break;
		case OPT_YES: o->yes = true; break;
		case 'p': pid_list(optarg, o); break;
		case OPT_LABELS:
			o->max_labels = (size_t)number("--max-labels", optarg);
			break;
		case OPT_WATCH: o->watch = true; break;
		case OPT_MAXAGE:
			o->max_age = positive("--max-age", optarg);
			break;
		case OPT_DURATION:
			o->duration = positive("--duration", optarg);
			break;
		case 'h': usage(stdout, EXIT_OK);
		default: common_option(c, argv, &o->co);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (plugin_args)
		plugin = true;
	check_pair(&o->warn.zombies, &o->crit.zombies);
	check_pair(&o->warn.age, &o->crit.age);
	check_pair(&o->warn.orphans, &o->crit.orphans);
	if (plugin && o->mode != MODE_TABLE)
		usage_error("plugin mode (--plugin, or a threshold such as "
			    "-w or -c) goes with no other output form");
	if (plugin && o->watch)
		usage_error("--watch goes with no plugin option");
	if (plugin)
		o->mode = MODE_PLUGIN;
	if (o->yes && !o->signal_parents)
		usage_error("--yes goes with --signal-parents");
	if (o->nonly && !o->signal_parents)
		usage_error("--pid goes with --signal-parents");
	if (!o->watch && (o->max_age >= 0 || o->duration >= 0))
		usage_error("--max-age and --duration go with --watch");
	if (o->watch && (o->mode == MODE_PROMETHEUS || o->output ||
			 o->signal_parents))
		usage_error("--watch writes lines to standard output: no "
			    "--prometheus, --output or --signal-parents "
			    "with it");
}

/* ---- the table ---------------------------------------------------------- */

/* "  in:  container RUNTIME:ID, UNIT" under a task, when either is known */
static void
print_place(FILE *out, const struct fks_task *t)
{
	char unit[512], container[512];

	place_of(t, unit, container, sizeof unit);
	if (unit[0] || container[0])
		fprintf(out, "  in:  %s%s%s%s\n",
			container[0] ? "container " : "", container,
			unit[0] && container[0] ? ", " : "", unit);
}

static void
print_table(FILE *out, const struct audit *a, bool color)
{
	char age[32], ex[64], hint[1024], *name, *pname;
	const struct fks_task *t, *p;
	bool hidden = false;
	size_t i, j, k;

	age_text(a->oldest, age, sizeof age);
	fprintf(out, "%zu zombie%s under %zu parent%s", a->nzombies,
		a->nzombies == 1 ? "" : "s", a->ngroups,
		a->ngroups == 1 ? "" : "s");
	if (a->nzombies)
		fprintf(out, ", the oldest dead at most %s", age);
	fprintf(out, "; %zu orphan%s; %zu processes read\n", a->norphans,
		a->norphans == 1 ? "" : "s", a->nprocs);
	for (i = 0; i < a->ngroups; i++) {
		const struct fks_reap_group *g = &a->groups[i];

		pname = g->parent ? name_of(a, g->parent) : NULL;
		fprintf(out, "\n%sparent %d %s", color ? SGR_ZOMBIE : "",
			(int)g->ppid, pname ? pname : "(not in the data)");
		if (g->parent)
			fprintf(out, " (%c)", g->parent->state_char);
		fprintf(out, ": %zu zombie%s%s\n", g->n, g->n == 1 ? "" : "s",
			color ? SGR_RESET : "");
		print_place(out, g->parent);
		for (k = 0; k < nreasons; k++)
			if (g->why & reasons[k].bit)
				fprintf(out, "  why: %s\n", reasons[k].why);
		hint_text(g, hint, sizeof hint);
		fprintf(out, "  do:  %s\n", hint);
		fprintf(out, "  %7s  %-16s %8s  %s\n", "ZOMBIE", "EXIT", "AGE<=",
			"COMMAND");
		for (j = 0; j < g->n; j++) {
			t = g->zombies[j];
			exit_text(t, ex, sizeof ex);
			age_text(fks_zombie_age_max(a->tbl, t), age,
				 sizeof age);
			name = name_of(a, t);
			fprintf(out, "  %7d  %-16s %8s  %s\n", (int)t->tid, ex,
				age, name);
			free(name);
			hidden |= (t->known & FKS_K_EXIT_HIDDEN) != 0;
		}
		free(pname);
	}
	if (hidden)	/* the JSON's exit_unknown, in words */
		fprintf(out, "\nexit ?: hidden from this user: the kernel shows "
			"an exit status only to a reader that may ptrace the "
			"process (its owner, or root)\n");
	if (a->norphans)
		fprintf(out, "\n%sorphans%s (not session leaders, in another "
			"session than their parent)\n  %7s %7s  %-16s %s\n",
			color ? SGR_ORPHAN : "", color ? SGR_RESET : "",
			"PID", "PPID", "NEW PARENT", "COMMAND");
	for (i = 0; i < a->norphans; i++) {
		t = a->orphans[i];
		p = fks_forest_parent(a->tbl, t);
		pname = name_of(a, p);
		name = name_of(a, t);
		fprintf(out, "  %7d %7d  %-16s %s\n", (int)t->tid, (int)t->ppid,
			pname, name);
		print_place(out, t);
		free(name);
		free(pname);
	}
}

/* ---- JSON --------------------------------------------------------------- */

/* Opens a task's object with its pid, ppid, name, state and start. */
static void
json_task_head(struct jsonwrt *w, const struct audit *a,
	       const struct fks_task *t)
{
	char *name = name_of(a, t);

	jw_object_open(w, NULL, 0, NULL);
	jw_int(w, "pid", (int)t->tid);
	jw_int(w, "ppid", (int)t->ppid);
	jw_string(w, "comm", name);
	free(name);
	/* as pforest --json names them */
	jw_string(w, "state", (char[]){ t->state_char, '\0' });
	json_start(w, a->tbl, t);
}

/*
 * A zombie's wait status, or null and why not: the kernel shows it only to
 * a reader that may ptrace the zombie (stat field 52 reads 0 for others).
 */
static void
json_exit(struct jsonwrt *w, const struct fks_task *z)
{
	char ex[64];

	if (z->known & FKS_K_EXIT_CODE) {
		exit_text(z, ex, sizeof ex);
		jw_int(w, "wait_status", z->exit_code);
		jw_string(w, "exit", ex);
		return;
	}
	jw_null(w, "wait_status");
	jw_null(w, "exit");
	jw_string(w, "exit_unknown", z->known & FKS_K_EXIT_HIDDEN ?
		  "hidden: this user may not ptrace it" : "not in the data");
}

static void
print_json(FILE *out, const struct audit *a)
{
	const struct fks_reap_group *g;
	struct jsonwrt w;
	char *pn;
	size_t i, j;

	jw_init(&w, out, JW_SPACED);
	jw_object_open(&w, NULL, 0, NULL);
	jw_string(&w, "forkscope", FKS_VERSION);
	jw_int(&w, "schema", JSON_SCHEMA);
	jw_string(&w, "source", fks_root_is_snapshot(fks_table_root(a->tbl)) ?
		  "snapshot" : "live");
	jw_int(&w, "time", fks_root_now(fks_table_root(a->tbl)));
	jw_uint(&w, "processes", a->nprocs);
	jw_uint(&w, "zombies", a->nzombies);
	jw_int(&w, "oldest_zombie_age_max", a->oldest);
	/* a parent or an orphan a line */
	jw_array_open(&w, "parents", JW_BREAK_VALUES | JW_BREAK_END, "  ");
	for (i = 0; i < a->ngroups; i++) {
		g = &a->groups[i];
		if (g->parent) {
			json_task_head(&w, a, g->parent);
			json_place(&w, g->parent);
		} else {
			jw_object_open(&w, NULL, 0, NULL);
			jw_int(&w, "pid", (int)g->ppid);
			jw_null(&w, "ppid");
			jw_null(&w, "comm");
			jw_null(&w, "state");
			jw_null(&w, "start");
			jw_null(&w, "start_iso");
			json_place(&w, NULL);
		}
		json_why(&w, g);
		jw_int(&w, "oldest_age_max", g->oldest);
		jw_array_open(&w, "zombies", 0, NULL);
		for (j = 0; j < g->n; j++) {
			json_task_head(&w, a, g->zombies[j]);
			json_exit(&w, g->zombies[j]);
			jw_int(&w, "age_max",
			       fks_zombie_age_max(a->tbl, g->zombies[j]));
			jw_close(&w);
		}
		jw_close(&w);		/* zombies */
		jw_close(&w);		/* the parent */
	}
	jw_close(&w);
	jw_array_open(&w, "orphans", JW_BREAK_VALUES | JW_BREAK_END, "  ");
	for (i = 0; i < a->norphans; i++) {
		json_task_head(&w, a, a->orphans[i]);
		pn = name_of(a, fks_forest_parent(a->tbl, a->orphans[i]));
		jw_string(&w, "new_parent_comm", pn);
		free(pn);
		json_place(&w, a->orphans[i]);
		jw_close(&w);
	}
	jw_close(&w);
	jw_close(&w);
}

/* ---- Prometheus --------------------------------------------------------- */

/* A label value: terminal-safe first, then Prometheus's \ and " escapes
 * (the escaped name holds no newline). */
static void
prom_label(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void
prom_head(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* Counts per name with a bounded number of labels: the largest
 * max_labels names, the rest summed as "other". */
struct tally {
	char *name;
	size_t n;
};

static int
cmp_tally(const void *x, const void *y)
{
	const struct tally *a = x, *b = y;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->name, b->name);
}

static void
tally_add(struct tally **v, size_t *nv, char *name, size_t n)
{
	size_t i;

	for (i = 0; i < *nv; i++)
		if (strcmp((*v)[i].name, name) == 0) {
			(*v)[i].n += n;
			free(name);
			return;
		}
	*v = realloc(*v, (*nv + 1) * sizeof **v);
	if (!*v)
		err(EXIT_TROUBLE, "realloc");
	(*v)[(*nv)++] = (struct tally){ name, n };
}

static void
prom_series(FILE *out, const char *metric, const char *label,
	    struct tally *v, size_t nv, size_t max)
{
	size_t i, other = 0;

	if (nv > 1)
		qsort(v, nv, sizeof *v, cmp_tally);
	for (i = 0; i < nv; i++) {
		/* a parent really named "other" joins the folded rest: one
		 * series per label value, or the collector refuses the file */
		if (i < max && strcmp(v[i].name, "other") != 0) {
			fprintf(out, "%s{%s=\"", metric, label);
			prom_label(out, v[i].name);
			fprintf(out, "\"} %zu\n", v[i].n);
		} else {
			other += v[i].n;
		}
		free(v[i].name);
	}
	if (other)
		fprintf(out, "%s{%s=\"other\"} %zu\n", metric, label,
			other);
	free(v);
}

/* Zombies by the container and by the unit their parent runs in, each
 * with the same bound on label values; zombies of parents in none are in
 * neither series. */
/* Counts n for task t's container and unit, where known. */
static void
tally_place(const struct fks_task *t, size_t n, struct tally **vc,
	    size_t *nc, struct tally **vu, size_t *nu)
{
	char unit[512], container[512];

	place_of(t, unit, container, sizeof unit);
	if (container[0])
		tally_add(vc, nc, xstrdup(container), n);
	if (unit[0])
		tally_add(vu, nu, xstrdup(unit), n);
}

/* FAMILY_by_container and FAMILY_by_unit: zombies by where their parent
 * runs, orphans by where they run */
static void
prom_by_place(FILE *out, const struct audit *a, bool orphans,
	      size_t max_labels)
{
	const char *family = orphans ? "forkscope_orphans" :
				       "forkscope_zombies";
	const char *what = orphans ? "Orphans by the %s they run in" :
				     "Zombie processes by the %s their "
				     "parent runs in";
	struct tally *vc = NULL, *vu = NULL;
	size_t i, nc = 0, nu = 0;
	char name[64], help[256];

	if (orphans)
		for (i = 0; i < a->norphans; i++)
			tally_place(a->orphans[i], 1, &vc, &nc, &vu, &nu);
	else
		for (i = 0; i < a->ngroups; i++)
			tally_place(a->groups[i].parent, a->groups[i].n, &vc,
				    &nc, &vu, &nu);
	snprintf(name, sizeof name, "%s_by_container", family);
	snprintf(help, sizeof help, what, "container");
	strcat(help, ", as its cgroup names it (the largest named, the rest "
	       "as other).");
	prom_head(out, name, help);
	prom_series(out, name, "container", vc, nc, max_labels);
	snprintf(name, sizeof name, "%s_by_unit", family);
	snprintf(help, sizeof help, what, "systemd unit");
	strcat(help, " (the largest named, the rest as other).");
	prom_head(out, name, help);
	prom_series(out, name, "unit", vu, nu, max_labels);
}

static void
print_prometheus(FILE *out, const struct audit *a, size_t max_labels)
{
	struct tally *v = NULL;
	size_t i, nv = 0;
	char buf[32];

	prom_head(out, "forkscope_zombies", "Zombie processes: exited, not "
		  "yet reaped by their parent.");
	fprintf(out, "forkscope_zombies %zu\n", a->nzombies);
	prom_head(out, "forkscope_zombie_parents", "Processes that hold at "
		  "least one zombie child.");
	fprintf(out, "forkscope_zombie_parents %zu\n", a->ngroups);
	prom_head(out, "forkscope_zombie_oldest_age_seconds", "Upper bound "
		  "of the oldest zombie's age: the time since it started "
		  "(/proc keeps no time of death); 0 without zombies.");
	fprintf(out, "forkscope_zombie_oldest_age_seconds %lld\n",
		a->oldest > 0 ? a->oldest : 0);
	prom_head(out, "forkscope_zombies_by_parent", "Zombie processes by "
		  "the command of the parent holding them (the largest named, "
		  "the rest as other).");
	for (i = 0; i < a->ngroups; i++) {
		snprintf(buf, sizeof buf, "(pid %d)", (int)a->groups[i].ppid);
		tally_add(&v, &nv, a->groups[i].parent ?
			  name_of(a, a->groups[i].parent) : xescape(buf,
			  strlen(buf), 0, NULL), a->groups[i].n);
	}
	prom_series(out, "forkscope_zombies_by_parent", "parent_comm", v, nv,
		    max_labels);
	prom_by_place(out, a, false, max_labels);
	prom_head(out, "forkscope_orphans", "Processes reparented after their "
		  "parent died (not session leaders, in another session than "
		  "their parent).");
	fprintf(out, "forkscope_orphans %zu\n", a->norphans);
	prom_head(out, "forkscope_orphans_by_parent", "Orphans by the command "
		  "of the process that adopted them.");
	v = NULL;
	nv = 0;
	for (i = 0; i < a->norphans; i++)
		tally_add(&v, &nv, name_of(a, fks_forest_parent(a->tbl,
					   a->orphans[i])), 1);
	prom_series(out, "forkscope_orphans_by_parent", "parent_comm", v, nv,
		    max_labels);
	prom_by_place(out, a, true, max_labels);
	prom_head(out, "forkscope_processes", "Processes examined.");
	fprintf(out, "forkscope_processes %zu\n", a->nprocs);
}

/* ---- the plugin --------------------------------------------------------- */

static int
level(long long value, const struct threshold *w, const struct threshold *c)
{
	if (range_alerts(&c->r, value))
		return PLUGIN_CRITICAL;
	if (range_alerts(&w->r, value))
		return PLUGIN_WARNING;
	return PLUGIN_OK;
}

/* Performance data: the thresholds in the range form they were given. */
static void
perf(FILE *out, const char *label, long long v, const char *unit,
     const struct threshold *w, const struct threshold *c)
{
	fprintf(out, " %s=%lld%s;%s;%s;0", label, v, unit,
		w->text ? w->text : "", c->text ? c->text : "");
}

/*
 * What this reader could not see, after "; not all visible: ", or nothing:
 * other users' processes under hidepid (hidepid: the mount's mode when it
 * hides them from us, else 0), and zombies whose exit status the kernel
 * hid.  A note, not UNKNOWN: the counts and ages are what the thresholds
 * judge, and they are right for every process listed.
 */
static void
plugin_visibility(FILE *out, const struct audit *a, int hidepid)
{
	const char *sep = "; not all visible: ";
	size_t i, j, hidden = 0;

	if (hidepid > 0) {
		fprintf(out, "%s%s is mounted hidepid=%d, other users' "
			"processes %s", sep, fks_root_path(fks_table_root(
			a->tbl)), hidepid, hidepid == 1 ?
			"unreadable" : "hidden");
		sep = ", ";
	}
	for (i = 0; i < a->ngroups; i++)
		for (j = 0; j < a->groups[i].n; j++)
			hidden += !!(a->groups[i].zombies[j]->known &
				     FKS_K_EXIT_HIDDEN);
	if (hidden)
		fprintf(out, "%sthe exit status of %zu zombie%s hidden", sep,
			hidden, hidden == 1 ? "" : "s");
}

static int
print_plugin(FILE *out, const struct audit *a, const struct opts *o,
	     int hidepid)
{
	static const char *const words[] = { "OK", "WARNING", "CRITICAL",
					     "UNKNOWN" };
	long long age = a->oldest > 0 ? a->oldest : 0;
	int st = level((long long)a->nzombies, &o->warn.zombies,
		       &o->crit.zombies), s;
	char buf[32];

	if ((s = level(age, &o->warn.age, &o->crit.age)) > st)
		st = s;
	if ((s = level((long long)a->norphans, &o->warn.orphans,
		       &o->crit.orphans)) > st)
		st = s;
	age_text(age, buf, sizeof buf);
	fprintf(out, "REAPCHECK %s - %zu zombie%s", words[st], a->nzombies,
		a->nzombies == 1 ? "" : "s");
	if (a->nzombies)
		fprintf(out, " (oldest at most %s)", buf);
	fprintf(out, ", %zu orphan%s", a->norphans,
		a->norphans == 1 ? "" : "s");
	plugin_visibility(out, a, hidepid);
	fputs(" |", out);
	perf(out, "zombies", (long long)a->nzombies, "", &o->warn.zombies,
	     &o->crit.zombies);
	perf(out, "zombie_age", age, "s", &o->warn.age, &o->crit.age);
	perf(out, "orphans", (long long)a->norphans, "", &o->warn.orphans,
	     &o->crit.orphans);
	fputc('\n', out);
	return st;
}

/* ---- remediation -------------------------------------------------------- */

/*
 * Sends SIGCHLD through a pidfd opened before the parent's start time is
 * checked again, so the signal can only reach the process that was
 * audited, never one that took its pid since.
 */
static int
send_sigchld(struct fks_root *root, const struct fks_task *p)
{
	return signal_task(root, p->tid, p->start_ticks, SIGCHLD);
}

/* Whether SIGCHLD may be sent: 0, -EPERM, or -ESRCH when it is gone. */
static int
send_sigchld_check(struct fks_root *root, const struct fks_task *p)
{
	return signal_task(root, p->tid, p->start_ticks, 0);
}

/* Whether -p names pid (every parent without -p). */
static bool
chosen(const struct opts *o, pid_t pid)
{
	size_t i;

	for (i = 0; i < o->nonly; i++)
		if (o->only[i] == pid)
			return true;
	return !o->nonly;
}

static int
signal_parents(const struct audit *a, const struct opts *o,
	       struct fks_root *root)
{
	/* beside JSON, Prometheus or a plugin line, the report goes apart */
	FILE *say = o->mode == MODE_TABLE ? stdout : stderr;
	const struct fks_reap_group *g;
	int failed = 0, rc;
	size_t i, j, refused = 0;
	char *name;

	/* a snapshot shows what would be sent on its system; another pid
	 * namespace's /proc would be refused with --yes, so is said no to
	 * without it too */
	if ((o->yes || !fks_root_is_snapshot(root)) &&
	    !fks_root_pids_are_ours(root)) {
		warnx("--signal-parents%s: %s: %s", o->yes ? " --yes" : "",
		      fks_root_path(root), FOREIGN_PIDS);
		return 1;
	}
	for (i = 0; i < a->ngroups; i++) {
		g = &a->groups[i];
		/* an unknown age (-1) is old enough only for --min-age=0 */
		if (!g->parent || (o->min_age > 0 && g->oldest < o->min_age) ||
		    !chosen(o, g->ppid))
			continue;
		/*
		 * Without -p, only the parents this user may signal: signal
		 * 0 asks the kernel's own check (kill(2)), on the audited
		 * process only.  Another user's parent is named with -p.
		 */
		rc = fks_root_is_snapshot(root) ? 0 :
		     send_sigchld_check(root, g->parent);
		/* a parent gone since the read took its zombies with it
		 * (init reaps them): nothing to send, nothing to say */
		if (rc == -ESRCH)
			continue;
		if (!o->nonly && rc == -EPERM) {
			refused++;
			continue;
		}
		name = name_of(a, g->parent);
		if (!o->yes && rc < 0) {
			/* what --yes would meet (a parent named with -p) */
			fprintf(say, "would not send SIGCHLD to %d %s: %s\n",
				(int)g->ppid, name, fks_strerror(rc));
			failed = 1;
		} else if (!o->yes) {
			fprintf(say, "would send SIGCHLD to %d %s (%zu "
				"zombie%s)\n", (int)g->ppid, name, g->n,
				g->n == 1 ? "" : "s");
		} else if ((rc = send_sigchld(root, g->parent)) < 0 &&
			   rc != -ESRCH) {
			warnx("SIGCHLD to %d %s: %s", (int)g->ppid, name,
			      fks_strerror(rc));
			failed = 1;
		} else if (rc == 0) {
			fprintf(say, "sent SIGCHLD to %d %s (%zu zombie%s)\n",
				(int)g->ppid, name, g->n,
				g->n == 1 ? "" : "s");
		}
		free(name);
	}
	if (refused)
		fprintf(say, "left %zu parent%s this user may not signal\n",
			refused, refused == 1 ? "" : "s");
	for (j = 0; j < o->nonly; j++) {
		for (i = 0; i < a->ngroups; i++)
			if (a->groups[i].parent && a->groups[i].ppid ==
			    o->only[j])
				break;
		if (i == a->ngroups) {
			warnx("--pid %d: not the parent of a zombie",
			      (int)o->only[j]);
			failed = 1;
		}
	}
	return failed;
}

/* ---- output and main ---------------------------------------------------- */

/* Opens the output: stdout, or a temp file beside FILE renamed at the
 * end, so a reader (node_exporter) never sees half a file. */
static FILE *
open_output(const char *path, char **tmp, int trouble)
{
	int fd;

	*tmp = NULL;
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	check_output_path(path, false, trouble);
	if (asprintf(tmp, "%s.tmp.XXXXXX", path) < 0)
		err(EXIT_TROUBLE, "asprintf");
	fd = mkstemp(*tmp);
	if (fd < 0)	/* the user's path, not our temporary name */
		die(trouble, "%s: cannot write beside it: %s", path,
		    strerror(errno));
	/* the collector runs as another user: readable like any metric */
	(void)fchmod(fd, 0644);
	return fdopen(fd, "w");
}

static void
close_output(FILE *f, const char *path, char *tmp, int trouble)
{
	struct stat st;

	if (!path || strcmp(path, "-") == 0) {
		if (fflush(stdout) != 0 || ferror(stdout))
			die(trouble, "stdout: %s", strerror(errno));
		return;
	}
	/* what FILE is may have changed while the audit ran */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		unlink(tmp);
		check_output_path(path, false, trouble);
	}
	if (!f || fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0 ||
	    fclose(f) != 0 || rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		errno = e;
		die(trouble, "%s: %s", path, strerror(errno));
	}
	free(tmp);
}

int
main(int argc, char **argv)
{
	struct opts o = { .max_labels = 10, .max_age = -1, .duration = -1 };
	struct audit a;
	struct fks_root *root;
	struct fks_table *tbl;
	int status = EXIT_OK, trouble, rc;
	char *tmp;
	FILE *out;

	setlocale(LC_ALL, "");
	parse_args(argc, argv, &o);
	if (o.watch) {
		struct watch_opts wo = {
			.co = o.co,
			.max_age = o.max_age > 0 ? o.max_age : 60,
			.duration = o.duration > 0 ? o.duration : 0,
			.json = o.mode == MODE_JSON,
		};

		return watch_run(&wo);
	}
	trouble = o.mode == MODE_PLUGIN ? PLUGIN_UNKNOWN : EXIT_TROUBLE;
	if (o.mode == MODE_PLUGIN) {
		rc = fks_root_open(o.co.proc_root, &root);
		if (rc < 0) {
			printf("REAPCHECK UNKNOWN - %s: %s\n",
			       o.co.proc_root ? o.co.proc_root : "/proc",
			       rc == -EINVAL ? "not a procfs or a snapshot"
					     : fks_strerror(rc));
			return PLUGIN_UNKNOWN;
		}
	} else {
		root = open_root(o.co.proc_root);
	}
	fks_root_set_source(root, o.co.source);
	rc = fks_table_read(root, FKS_F_STAT, 0, &tbl);
	check_source(root, o.co.source, rc, o.co.verbose, trouble);
	if (!tbl)
		die(trouble, "%s: %s", fks_root_path(root), fks_strerror(rc));
	audit_open(&a, tbl, escape_flags());
	out = open_output(o.output, &tmp, trouble);
	if (!out)
		die(trouble, "%s: %s", o.output, strerror(errno));
	switch (o.mode) {
	case MODE_TABLE:
		print_table(out, &a, !o.output && want_color(o.co.color));
		break;
	case MODE_JSON:
		print_json(out, &a);
		break;
	case MODE_PROMETHEUS:
		print_prometheus(out, &a, o.max_labels);
		break;
	case MODE_PLUGIN:
		/* root (CAP_SYS_PTRACE) sees through hidepid */
		status = print_plugin(out, &a, &o, geteuid() == 0 ||
				      fks_root_is_snapshot(root) ? 0 :
				      fks_root_hidepid(root));
		break;
	}
	close_output(out, o.output, tmp, trouble);
	if (o.signal_parents && signal_parents(&a, &o, root))
		status = o.mode == MODE_PLUGIN ? PLUGIN_UNKNOWN :
			 EXIT_TROUBLE;
	if ((warn_messages(tbl) || a.nunread) && o.mode != MODE_PLUGIN &&
	    status == EXIT_OK)
		status = EXIT_TROUBLE;
	note_hidden(root);
	audit_close(&a);
	fks_table_free(tbl);
	fks_root_free(root);
	free(o.only);
	return status;
}
