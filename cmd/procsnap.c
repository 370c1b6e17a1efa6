/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procsnap - freeze a live /proc (or a snapshot) into a snapshot directory
 * that every forkscope command reads with --proc-root.
 *
 * Options -> fks_snap_write() -> one line on stdout.  All the work, and the
 * guarantee that no half-written snapshot is left behind, is in
 * lib/snapshot/snap.c.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static void __attribute__((noreturn))
usage(void)
{
	printf(
"Usage: procsnap [options] DIR [PID...]\n"
"Freeze /proc into the new directory DIR: all processes, or the given\n"
"PIDs with their subtrees and the ancestors that root them.\n"
"\n"
"  -r, --redact          keep argv[0] only (command lines can hold secrets)\n"
"      --partial         exit 0 even when this user could not read every\n"
"                        process (hidepid): the manifest counts them\n"
"      --proc-root=DIR   read DIR instead of /proc\n"
"  -q, --quiet           print nothing on success\n"
"  -h, --help            show this help and exit\n"
"  -V, --version         show the version and exit\n"
"\n"
"Exit status: 0 success, 1 the snapshot could not be written (nothing is\n"
"left at DIR) or, without --partial, holds less than /proc has (processes\n"
"this user may not read or see; the snapshot is kept), 2 usage error.\n");
	exit(EXIT_OK);
}

/*
 * Says on stderr what the snapshot at target, taken from source, lacks
 * because this user may not read or see it, as its manifest records;
 * returns true when nothing.
 */
static bool
say_what_is_missing(const char *target, const char *source)
{
	struct fks_root *snap;
	const char *n, *hp, *bad;
	bool whole;

	if (fks_root_open(target, &snap) < 0)
		return true;	/* written a moment ago: cannot be */
	n = fks_root_manifest(snap, "unreadable_processes");
	hp = fks_root_manifest(snap, "hidepid");
	bad = fks_root_manifest(snap, "source_problems");
	if (bad)
		warnx("%s: %s of the source's tasks or files could not be "
		      "taken (malformed, or no regular file; source_problems "
		      "in its manifest)", target, bad);
	if (n)
		warnx("%s: processes that could not be read were left out: %s "
		      "(unreadable_processes in its manifest)", target, n);
	if (hp)
		warnx("%s: %s is mounted hidepid=%s: other users' processes "
		      "are hidden from this user, and not in the snapshot",
		      target, source, hp);
	whole = !n && !hp && !bad;
	fks_root_free(snap);
	return whole;
}

int
main(int argc, char **argv)
{
	enum { OPT_PARTIAL = OPT_FIRST_LOCAL };
	static const struct option longopts[] = {
		{ "redact", no_argument, NULL, 'r' },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		{ "quiet", no_argument, NULL, 'q' },
		COMMON_LONGOPTS
	};
	struct common_opts co = { 0 };	/* --proc-root */
	const char *target;
	unsigned flags = 0;
	bool quiet = false, partial = false, whole;
	struct fks_root *root;
	char errbuf[4096];
	pid_t *pids;
	int c, i, npids, rc;

	setlocale(LC_ALL, "");
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":rqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			flags |= FKS_SNAP_REDACT;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_PARTIAL:
			partial = true;
			break;
		case 'h':
			usage();
		default:
			common_option(c, argv, &co);
		}
	}
	if (optind >= argc)
		usage_error("no target directory given");
	target = argv[optind++];
	npids = argc - optind;
	pids = xmalloc((size_t)npids * sizeof *pids);
	for (i = 0; i < npids; i++)
		pids[i] = parse_pid(NULL, argv[optind + i]);
	root = open_root(co.proc_root);
	rc = fks_snap_write(root, target, pids, (size_t)npids, flags, errbuf,
			    sizeof errbuf);
	free(pids);
	if (rc < 0)
		errx(EXIT_TROUBLE, "%s", errbuf);
	whole = say_what_is_missing(target, fks_root_path(root));
	fks_root_free(root);
	if (!quiet)
		printf("%s\n", target);
	return whole || partial ? EXIT_OK : EXIT_TROUBLE;
}
