/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pidns-init.c - scenario "pidns-init": the init of a new pid namespace
 * (a container's entrypoint that is no init) never reaps: two of its
 * children have exited with status 5 and stay zombies.
 *
 * The controller ("pn-ctl") makes a pid namespace for its children
 * (unshare(CLONE_NEWPID); where that is refused, as for an ordinary user,
 * together with a new user namespace, as rootless containers do) and
 * forks its init ("pn-init", pid 1 inside).  The init forks two children
 * ("pn-zombie", pids 2 and 3 inside), which _exit(5), and holds without
 * waiting.  The line is printed once /proc shows both as Z.  At the end
 * the init exits, and the kernel reaps what its namespace held.
 *
 * Prints: scenario=pidns-init init=PID zombies=PID,PID status=5
 * (pids as the caller's namespace numbers them).  Exits 77, saying why on
 * stderr, when no pid namespace can be made here.
 */
#include "common.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZOMBIE_STATUS 5
#define NZOMBIES 2

/* Makes the next child pid 1 of a new pid namespace; 77 when refused. */
static void
new_pid_namespace(void)
{
	if (unshare(CLONE_NEWPID) == 0)
		return;
	if (errno == EPERM && unshare(CLONE_NEWUSER | CLONE_NEWPID) == 0)
		return;
	fprintf(stderr, "pidns-init: no pid namespace can be made here: %s\n",
		strerror(errno));
	exit(77);
}

/* The init's children, as the caller's namespace numbers them: from
 * /proc/INIT/task/INIT/children, once it lists n of them. */
static void
children_of(pid_t init, pid_t *kids, size_t n)
{
	char path[64];
	size_t got = 0;
	FILE *f;
	int i;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)init,
		 (int)init);
	for (i = 0; i < SCN_TIMEOUT_MS && got < n; i++) {
		int pid;

		got = 0;
		f = fopen(path, "r");
		if (!f)
			scn_die("%s", path);
		while (got < n && fscanf(f, "%d", &pid) == 1)
			kids[got++] = pid;
		fclose(f);
		if (got < n)
			usleep(1000);
	}
	if (got < n)
		scn_diex("%s: %zu of %zu children after %d ms", path, got, n,
			 SCN_TIMEOUT_MS);
}

int
main(int argc, char **argv)
{
	pid_t init, kids[NZOMBIES];
	char *list;
	size_t i;

	scn_init("pidns-init", "pn-ctl");
	scn_noargs(argc, argv);
	new_pid_namespace();

	init = scn_fork("pn-init");
	if (init == 0) {
		for (i = 0; i < NZOMBIES; i++)
			if (scn_fork("pn-zombie") == 0)
				_exit(ZOMBIE_STATUS);
		scn_hold();	/* never waits: the zombies stay */
		_exit(0);
	}
	children_of(init, kids, NZOMBIES);
	for (i = 0; i < NZOMBIES; i++)
		scn_wait_state(kids[i], "Z");
	list = scn_join((int *)kids, NZOMBIES);
	scn_print("init=%d zombies=%s status=%d", (int)init, list,
		  ZOMBIE_STATUS);
	free(list);

	scn_wait_stop();
	scn_stop();
	scn_reap_all();
	return 0;
}
