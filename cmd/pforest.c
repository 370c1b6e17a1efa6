/*
 * pforest - the process forest: every process under its parent, like
 * `ps -ef f` or `pstree -p`.
 *
 * This first version prints PID, PPID, STAT and the command with the tree
 * drawn in front of it; the full command (columns, selections, JSON) is
 * its own piece of work.  Options -> library -> output, nothing else.
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

struct opts {
	const char *proc_root;
	bool kernel;		/* -k: show kernel threads */
	enum tree_style style;
	unsigned esc;
};

static void __attribute__((noreturn))
usage(FILE *out, int status)
{
	fprintf(out,
"Usage: pforest [options]\n"
"Print the process forest: each process under its parent.\n"
"\n"
"  -k, --kernel          also show kernel threads (kthreadd's family)\n"
"      --style=STYLE     tree art: ps (default), ascii, unicode\n"
"      --proc-root=DIR   read DIR (a procsnap snapshot) instead of /proc\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"\n"
"Exit status: 0 success, 1 trouble (unreadable root, problems in the\n"
"data, reported on stderr), 2 usage error.\n");
	exit(status);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_STYLE = OPT_FIRST_LOCAL };
	static const struct option longopts[] = {
		{ "kernel", no_argument, NULL, 'k' },
		{ "style", required_argument, NULL, OPT_STYLE },
		{ "proc-root", required_argument, NULL, OPT_PROC_ROOT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":khV", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o->kernel = true;
			break;
		case OPT_STYLE:
			if (strcmp(optarg, "ps") == 0)
				o->style = STYLE_PS;
			else if (strcmp(optarg, "ascii") == 0)
				o->style = STYLE_ASCII;
			else if (strcmp(optarg, "unicode") == 0)
				o->style = STYLE_UNICODE;
			else {
				warnx("--style: unknown style '%s'", optarg);
				usage(stderr, EXIT_USAGE);
			}
			break;
		case OPT_PROC_ROOT:
			o->proc_root = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'V':
			print_version();
		default:
			option_error(c, argv);
			usage(stderr, EXIT_USAGE);
		}
	}
	if (optind < argc) {
		warnx("unexpected argument '%s'", argv[optind]);
		usage(stderr, EXIT_USAGE);
	}
}

/* The command column: argv, or [comm] when there is none (ps's rule). */
static void
print_command(const struct fks_task *t, unsigned esc)
{
	char *e;

	if ((t->known & FKS_K_CMDLINE) && t->cmdline_len > 0 &&
	    !fks_task_is_zombie(t)) {
		e = xescape(t->cmdline, t->cmdline_len, esc | FKS_ESC_ARGV,
			    NULL);
		fputs(e, stdout);
	} else {
		e = xescape(t->comm, t->comm_len, esc, NULL);
		printf("[%s]", e);
	}
	free(e);
	if (fks_task_is_zombie(t))
		fputs(" <defunct>", stdout);
}

static int
print_row(const struct fks_task *t, const struct fks_walk_pos *pos,
	  void *arg)
{
	const struct opts *o = arg;
	char prefix[4096];

	if (t->kthread && !o->kernel)
		return 0;
	tree_prefix(pos, o->style, prefix, sizeof prefix);
	printf("%7d %7d %-4c %s", (int)t->tid, (int)t->ppid,
	       t->state_char ? t->state_char : '?', prefix);
	print_command(t, o->esc);
	putchar('\n');
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { .style = STYLE_PS };
	struct fks_root *root;
	struct fks_table *tbl;
	size_t problems;
	int rc;

	setlocale(LC_ALL, "");
	parse_args(argc, argv, &o);
	o.esc = escape_flags();
	root = open_root(o.proc_root);
	rc = fks_table_read(root, FKS_F_STAT | FKS_F_CMDLINE, 0, &tbl);
	if (rc < 0 && !tbl)
		errx(EXIT_TROUBLE, "%s: %s", fks_root_path(root),
		     strerror(-rc));
	printf("%7s %7s %-4s %s\n", "PID", "PPID", "STAT", "COMMAND");
	if (fks_forest_walk(tbl, print_row, &o) < 0)
		errx(EXIT_TROUBLE, "out of memory");
	problems = warn_messages(tbl);
	fks_table_free(tbl);
	fks_root_free(root);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(EXIT_TROUBLE, "stdout");
	return problems ? EXIT_TROUBLE : EXIT_OK;
}
