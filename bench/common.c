/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * common.c - the timed loop and the output format of the bench readers
 * (see common.h).
 *
 * Time is CLOCK_MONOTONIC around each round only: opening /proc, creating
 * a libproc2 context, loading shared libraries are setup, paid once by a
 * real tool and not what the benchmark compares.  It does not compute
 * ratios: bench/run.sh does, over the rounds of all readers together.
 */
#include "config.h"

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static void __attribute__((noreturn))
usage(const char *name)
{
	fprintf(stderr, "usage: %s [-tqm] [-n rounds] [-w warmup] [-j jobs]\n"
		"  -n  timed rounds (default 10; 0: setup only)\n"
		"  -w  untimed warm-up rounds (default 1)\n"
		"  -j  reading threads (floor only; default 1)\n"
		"  -t  read threads too\n"
		"  -q  print the summary line only\n"
		"  -m  minimal item set (read-proc2: no PIDS_ID_TGID)\n",
		name);
	exit(2);
}

static int
number(const char *name, const char *s)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (end == s || *end || v < 0 || v > 1000000)
		usage(name);
	return (int)v;
}

void
bench_parse(int argc, char **argv, struct bench_opts *o)
{
	int c;

	o->rounds = 10;
	o->warmup = 1;
	o->jobs = 1;
	while ((c = getopt(argc, argv, "n:w:j:tqm")) != -1) {
		switch (c) {
		case 'n': o->rounds = number(o->name, optarg); break;
		case 'w': o->warmup = number(o->name, optarg); break;
		case 'j':
			o->jobs = number(o->name, optarg);
			if (o->jobs < 1 || o->jobs > 256 ||
			    (o->jobs > 1 && !o->jobs_ok))
				usage(o->name);
			break;
		case 't': o->threads = true; break;
		case 'q': o->quiet = true; break;
		case 'm': o->minimal = true; break;
		default: usage(o->name);
		}
	}
	if (optind != argc)
		usage(o->name);
}

static uint64_t
clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t
now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* CPU time of the whole process, every thread: a parallel reader is
 * shown paying for its speed. */
static uint64_t
cpu_ns(void)
{
	return clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

int
bench_run(const struct bench_opts *o, bench_round_fn fn, void *ctx)
{
	unsigned long sum = 0;
	struct rusage ru;
	uint64_t *ns, t0, c0, cpu, med = 0;
	long tasks = 0;
	int i;

	ns = calloc((size_t)o->rounds + 1, sizeof *ns);
	if (!ns)
		err(1, "calloc");
	for (i = -o->warmup; i < o->rounds; i++) {
		t0 = now_ns();
		c0 = cpu_ns();
		tasks = fn(ctx, o->threads, &sum);
		if (tasks < 0) {
			free(ns);
			return 1;
		}
		if (i < 0)
			continue;
		ns[i] = now_ns() - t0;
		cpu = cpu_ns() - c0;
		if (!o->quiet)
			printf("%s round %d ns %llu tasks %ld cpu_ns %llu\n",
			       o->name, i, (unsigned long long)ns[i], tasks,
			       (unsigned long long)cpu);
	}
	if (o->rounds > 0) {
		qsort(ns, (size_t)o->rounds, sizeof *ns, cmp_u64);
		/* The lower median: an even count needs no averaging. */
		med = ns[(o->rounds - 1) / 2];
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%s summary rounds %d median_ns %llu min_ns %llu tasks %ld "
	       "checksum %lu maxrss_kb %ld\n", o->name, o->rounds,
	       (unsigned long long)med, (unsigned long long)ns[0], tasks,
	       sum, ru.ru_maxrss);
	free(ns);
	return 0;
}
