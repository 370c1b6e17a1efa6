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
 * Prints: scenario=mlock pid=PID locked=KIB errno=N (KIB: status's VmLck;
 * N 0 when locked)
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* VmLck of /proc/self/status in KiB: what the kernel says is locked */
static long
locked_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		scn_die("/proc/self/status");
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmLck: %ld", &kib) == 1)
			break;
	fclose(f);
	if (kib < 0)
		scn_diex("no VmLck in /proc/self/status");
	return kib;
}

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
	/* the system call, not mlock(): a sanitizer build's mlock() does
	 * nothing */
	if (syscall(SYS_mlock, p, (size_t)page) < 0)
		err = errno;
	scn_print("pid=%d locked=%ld errno=%d", (int)getpid(), locked_kib(),
	    err);

	scn_wait_stop();
	scn_stop();
	free(p);
	return 0;
}
