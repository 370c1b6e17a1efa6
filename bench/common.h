/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common.h - what the three task readers of bench/ share: their options,
 * the timed loop and the lines they print, so that bench/run.sh can read
 * every reader's output the same way.
 *
 * It does not read /proc: each reader (floor.c, read-fks.c, read-proc2.c)
 * brings its own round function, and only that is timed.
 */
#ifndef FKS_BENCH_COMMON_H
#define FKS_BENCH_COMMON_H

#include <stdbool.h>
#include <stddef.h>

struct bench_opts {
	const char *name;	/* printed on every line: "floor", "fks"... */
	int rounds;		/* timed rounds; 0 runs the setup only */
	int warmup;		/* untimed rounds first (dentry cache) */
	bool threads;		/* read every thread too, not only processes */
	bool quiet;		/* no per-round lines */
	bool minimal;		/* reader-specific: fewer items (read-proc2) */
	int jobs;		/* reading threads (floor only) */
	bool jobs_ok;		/* set by a reader that takes -j */
};

/*
 * One round: reads every task once, adds what it read into *sum (so the
 * compiler cannot drop the reads), and returns the number of tasks, or -1
 * after printing why it failed.
 */
typedef long (*bench_round_fn)(void *ctx, bool threads, unsigned long *sum);

/* Parses -n ROUNDS -w WARMUP -j JOBS -t -q -m; exits with a usage message
 * on anything else. */
void bench_parse(int argc, char **argv, struct bench_opts *o);

/*
 * Runs the warm-up rounds, then the timed ones, printing for each timed
 * round "NAME round I ns NS tasks N cpu_ns CPU" (CPU: every thread's) and at the end one "NAME summary ..."
 * line (median, min, tasks, checksum, peak RSS).  Returns the exit status.
 */
int bench_run(const struct bench_opts *o, bench_round_fn fn, void *ctx);

#endif
