# tests/snap.mk - snapshots on the live system, and the installed library
# used from outside through pkg-config.
if HAVE_CUNIT
check_PROGRAMS += tests/live-snap
TESTS += tests/live-snap
tests_live_snap_CFLAGS = $(TEST_CFLAGS)
tests_live_snap_LDADD = $(TEST_LIBS)
endif
TESTS += tests/pkgconfig.sh
EXTRA_DIST += tests/pkgconfig.sh tests/pkgconfig-user.c
