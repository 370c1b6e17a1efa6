# SPDX-License-Identifier: GPL-2.0-or-later
# tests/live-proc2.mk - the differential test: libforkscope against
# libproc2 (procps-ng 4) on the live /proc, threads included.  Built only
# when configure found both CUnit and libproc2; needs no root.
if HAVE_CUNIT
if HAVE_PROC2
check_PROGRAMS += tests/live-libproc2
TESTS += tests/live-libproc2
tests_live_libproc2_SOURCES = tests/live-libproc2.c
tests_live_libproc2_CFLAGS = $(TEST_CFLAGS) $(PROC2_CFLAGS)
tests_live_libproc2_LDADD = $(TEST_LIBS) $(PROC2_LIBS) $(PTHREAD_LIBS)
endif
endif
