# SPDX-License-Identifier: GPL-2.0-or-later
# bench/local.mk - the task-reading benchmark (see docs/BENCHMARKS.md):
# the load (spawn), the floor scanner and the libforkscope and libproc2
# readers, and `make bench` to run them.  Nothing here is part of `make
# check`: timings are not tests.
#
# The readers are linked -no-install: a real binary with an rpath to
# lib/.libs instead of a libtool wrapper script, so that strace and
# /usr/bin/time in bench/run.sh measure the reader, not a shell.
noinst_PROGRAMS += bench/spawn bench/floor bench/floor-uring bench/read-fks \
	bench/storm
EXTRA_DIST += bench/run.sh bench/pforest.sh bench/reapcheck.sh bench/hold.sh \
	bench/bpf.sh bench/forkwatch.sh bench/forkwatch-ptrace.sh \
	bench/forktop.sh docs/BENCHMARKS.md

BENCH_READER = bench/common.c bench/common.h

bench_spawn_SOURCES = bench/spawn.c
bench_spawn_LDADD = $(PTHREAD_LIBS)

# the fork storm of bench/forkwatch.sh
bench_storm_SOURCES = bench/storm.c

bench_floor_SOURCES = bench/floor.c $(BENCH_READER)
bench_floor_LDADD = $(PTHREAD_LIBS)

bench_floor_uring_SOURCES = bench/floor-uring.c $(BENCH_READER)

bench_read_fks_SOURCES = bench/read-fks.c $(BENCH_READER)
bench_read_fks_CPPFLAGS = -I$(top_srcdir)/lib
bench_read_fks_LDADD = lib/libforkscope.la
bench_read_fks_LDFLAGS = -no-install

if HAVE_PROC2
noinst_PROGRAMS += bench/read-proc2
bench_read_proc2_SOURCES = bench/read-proc2.c $(BENCH_READER)
bench_read_proc2_CFLAGS = $(AM_CFLAGS) $(PROC2_CFLAGS)
bench_read_proc2_LDADD = $(PROC2_LIBS)
endif

# pforest's listing drawn by libsmartcols, for bench/pforest.sh
if HAVE_SCOLS
noinst_PROGRAMS += bench/scols-pforest
bench_scols_pforest_SOURCES = bench/scols-pforest.c
bench_scols_pforest_CPPFLAGS = -I$(top_srcdir)/lib
bench_scols_pforest_CFLAGS = $(AM_CFLAGS) $(SCOLS_CFLAGS)
bench_scols_pforest_LDADD = lib/libforkscope.la $(SCOLS_LIBS)
bench_scols_pforest_LDFLAGS = -no-install
endif

# BENCH_FLAGS passes options to bench/run.sh, e.g. BENCH_FLAGS='-p 2000';
# FORKWATCH_BENCH_FLAGS to bench/forkwatch.sh (forkwatch against forkstat
# on a fork storm), which needs root and is skipped without it;
# BENCH_QUICK=1 makes it a 10,000-child storm run once.
# FORKWATCH_PTRACE_BENCH_FLAGS to bench/forkwatch-ptrace.sh (the ptrace
# source's overhead against strace -f -e trace=process on a fork loop and
# a make -j2, and its naming of 200 short execs).
# FORKTOP_BENCH_FLAGS to bench/forktop.sh (forktop's refresh and idle
# CPU against htop in tree mode; needs perf and tmux, htop if installed).
.PHONY: bench bench-forkwatch bench-forkwatch-ptrace bench-forktop
bench: all
	$(SHELL) $(top_srcdir)/bench/run.sh $(BENCH_FLAGS) $(top_builddir)
	@if [ "$$(id -u)" = 0 ]; then \
		$(SHELL) $(top_srcdir)/bench/forkwatch.sh \
			$(FORKWATCH_BENCH_FLAGS) $(top_builddir); \
	else \
		echo "bench/forkwatch.sh: needs root (the proc connector):" \
			"skipped"; \
	fi
bench-forkwatch: all
	$(SHELL) $(top_srcdir)/bench/forkwatch.sh $(FORKWATCH_BENCH_FLAGS) \
		$(top_builddir)
bench-forkwatch-ptrace: all
	$(SHELL) $(top_srcdir)/bench/forkwatch-ptrace.sh \
		$(FORKWATCH_PTRACE_BENCH_FLAGS) $(top_builddir)
bench-forktop: all
	$(SHELL) $(top_srcdir)/bench/forktop.sh $(FORKTOP_BENCH_FLAGS) \
		$(top_builddir)
