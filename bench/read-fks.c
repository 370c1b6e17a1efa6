/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read-fks.c - the libforkscope reader of the benchmark: each round reads
 * a table of every process (with -t every thread too) with FKS_F_STAT
 * only, touches tid, ppid, tgid, state and comm of each task, and frees
 * the table.  With -m ("fks-serial") the library is held to one thread
 * (FKS_READ_SERIAL); by default a /proc this large is read by one thread
 * per CPU.
 *
 * The root is opened once, outside the timed rounds, as a long-running
 * tool would.  It reads /proc; with BENCH_SOURCE=bpf in the environment
 * ("fks-bpf") the BPF task source instead, loaded in the warm-up round.  It checks nothing about the values (tests/live-libproc2.c
 * does).
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "forkscope.h"

static unsigned read_flags;

static long
round_fks(void *ctx, bool threads, unsigned long *sum)
{
	struct fks_root *root = ctx;
	const struct fks_task *t;
	struct fks_table *tbl;
	size_t i, n;
	int rc;

	rc = fks_table_read(root, FKS_F_STAT,
			    read_flags | (threads ? FKS_READ_THREADS : 0), &tbl);
	if (rc < 0) {
		warnx("fks_table_read: %s", strerror(-rc));
		fks_table_free(tbl);
		return -1;
	}
	n = fks_table_count(tbl);
	for (i = 0; i < n; i++) {
		t = fks_table_at(tbl, i);
		*sum += (unsigned long)t->tid + (unsigned long)t->ppid * 3 +
			(unsigned long)t->tgid * 7 +
			(unsigned char)t->state_char +
			(unsigned char)t->comm[0] + t->comm_len;
	}
	fks_table_free(tbl);
	return (long)n;
}

int
main(int argc, char **argv)
{
	struct bench_opts o = { .name = "fks" };
	struct fks_root *root;
	const char *src = getenv("BENCH_SOURCE");
	bool bpf = src && strcmp(src, "bpf") == 0;
	int rc;

	bench_parse(argc, argv, &o);
	if (o.minimal) {
		o.name = "fks-serial";
		read_flags = FKS_READ_SERIAL;
	}
	if (bpf)
		o.name = "fks-bpf";
	rc = fks_root_open(NULL, &root);
	if (rc < 0)
		errx(1, "fks_root_open: %s", strerror(-rc));
	fks_root_set_source(root, bpf ? FKS_SOURCE_BPF : FKS_SOURCE_PROC);
	rc = bench_run(&o, round_fks, root);
	fks_root_free(root);
	return rc;
}
