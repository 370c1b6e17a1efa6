# SPDX-License-Identifier: GPL-2.0-or-later
# tests/watch.mk - the watcher (tracker.c, watch.c, wreplay.c) through
# replays of record files made at test time, and the record codec
# (record.c).
if HAVE_CUNIT
check_PROGRAMS += tests/test-watch
TESTS += tests/test-watch
tests_test_watch_CFLAGS = $(TEST_CFLAGS)
tests_test_watch_LDADD = $(TEST_LIBS)
endif
