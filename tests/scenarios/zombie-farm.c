/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * zombie-farm.c - scenario "zombie-farm": one parent with N unreaped
 * children (300 by default, -n N to change).
 *
 * The parent (comm "zf-parent") is the controller; each child ("zf-child")
 * calls _exit(0) at once.  The line is printed once every child shows Z.
 * The count is bounded by RLIMIT_NPROC and pid_max, so a big N may fail
 * fork() with EAGAIN; the program then says so and exits 1.
 *
 * Prints: scenario=zombie-farm parent=PID n=N children=PID,PID,...
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define DEFAULT_N 300
#define MAX_N 100000

static int
parse_n(const char *s)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 1 || n > MAX_N)
		scn_diex("-n: expected 1 to %d, not \"%s\"", MAX_N, s);
	return (int)n;
}

int
main(int argc, char **argv)
{
	int n = DEFAULT_N, i, opt;
	int *kids;
	char *list;

	scn_init("zombie-farm", "zf-parent");
	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt == 'n')
			n = parse_n(optarg);
		else
			scn_diex("usage: %s [-n N]", argv[0]);
	}
	if (optind != argc)
		scn_diex("usage: %s [-n N]", argv[0]);

	kids = calloc(n, sizeof *kids);
	if (kids == NULL)
		scn_die("calloc");
	for (i = 0; i < n; i++) {
		kids[i] = scn_fork("zf-child");
		if (kids[i] == 0)
			_exit(0);
	}
	for (i = 0; i < n; i++)
		scn_wait_state(kids[i], "Z");
	list = scn_join(kids, n);
	scn_print("parent=%d n=%d children=%s", (int)getpid(), n, list);
	free(list);
	free(kids);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
