# SPDX-License-Identifier: GPL-2.0-or-later
# tests/snap.mk - snapshots on the live system, reading without permission
# (hidepid), a large /proc read by several threads and while it churns, and the installed library used from outside through pkg-config.
if HAVE_CUNIT
check_PROGRAMS += tests/live-snap
TESTS += tests/live-snap
tests_live_snap_CFLAGS = $(TEST_CFLAGS)
tests_live_snap_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/live-parallel
TESTS += tests/live-parallel
tests_live_parallel_CFLAGS = $(TEST_CFLAGS)
tests_live_parallel_LDADD = $(TEST_LIBS) $(PTHREAD_LIBS)
check_PROGRAMS += tests/live-churn
TESTS += tests/live-churn
tests_live_churn_CFLAGS = $(TEST_CFLAGS)
tests_live_churn_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/live-hidepid
TESTS += tests/live-hidepid
tests_live_hidepid_CFLAGS = $(TEST_CFLAGS)
tests_live_hidepid_LDADD = $(TEST_LIBS)
endif
# procsnap-hidden.sh: procsnap as an ordinary user under hidepid=1 and 2
# counts what it could not read or see (manifest, stderr, exit 1 without
# --partial).
TESTS += tests/pkgconfig.sh tests/procsnap-hidden.sh
EXTRA_DIST += tests/pkgconfig.sh tests/procsnap-hidden.sh tests/pkgconfig-user.c examples/children.c
