# SPDX-License-Identifier: GPL-2.0-or-later
# tests/live.mk - live tests: the library against the running kernel, on
# processes the scenario programs (tests/scenarios/) hold for them.  They
# need no root.  The scenario programs are check_PROGRAMS too, so make
# check builds them before any test runs.
if HAVE_CUNIT
check_PROGRAMS += tests/live-scenarios
TESTS += tests/live-scenarios
tests_live_scenarios_SOURCES = tests/live-scenarios.c
tests_live_scenarios_CFLAGS = $(TEST_CFLAGS)
tests_live_scenarios_LDADD = $(TEST_LIBS)
# live-cmdline: a process with megabytes of argv; at most FKS_CMDLINE_MAX
# kept, the real length reported, memory bounded
check_PROGRAMS += tests/live-cmdline
TESTS += tests/live-cmdline
tests_live_cmdline_CFLAGS = $(TEST_CFLAGS)
tests_live_cmdline_LDADD = $(TEST_LIBS)
endif
# live-cmdcache: kept command lines (FKS_READ_KEEP_CMDLINE) against an
# exec and an argv rewritten in place, and against uncached reads
check_PROGRAMS += tests/live-cmdcache
TESTS += tests/live-cmdcache
tests_live_cmdcache_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/lib
tests_live_cmdcache_LDADD = lib/libforkscope.la
