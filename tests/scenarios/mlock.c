/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mlock.c - scenario "mlock": a process with one page locked in memory,
 * which ps marks L in STAT (status's VmLck is not 0).
 *
 * The controller ("ml-locker") touches a page and mlock()s it.  An
 * unprivileged user may lock up to RLIMIT_MEMLOCK bytes; where that is
 * less than a page the lock is refused, and the line says so (locked=0
 * and the errno) instead of failing, so that a test can say why it
 * skipped.
 *
 * Prints: scenario=mlock pid=PID locked=KIB errno=N (N 0 when locked)
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	int err = 0;
	char *p;

	scn_init("mlock", "ml-locker");
	scn_noargs(argc, argv);

	p = aligned_alloc((size_t)page, (size_t)page);
	if (!p)
		scn_die("aligned_alloc");
	memset(p, 1, (size_t)page);
	if (mlock(p, (size_t)page) < 0)
		err = errno;
	scn_print("pid=%d locked=%ld errno=%d", (int)getpid(),
	    err ? 0 : page / 1024, err);

	scn_wait_stop();
	scn_stop();
	free(p);
	return 0;
}
