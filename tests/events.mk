# SPDX-License-Identifier: GPL-2.0-or-later
# tests/events.mk - the event stream: the decoder on made-up datagrams, and
# the proc connector on the live kernel (root; skips with a message).
if HAVE_CUNIT
check_PROGRAMS += tests/test-events tests/live-events
TESTS += tests/test-events tests/live-events
tests_test_events_CFLAGS = $(TEST_CFLAGS)
tests_test_events_LDADD = $(TEST_LIBS)
tests_live_events_CFLAGS = $(TEST_CFLAGS)
tests_live_events_LDADD = $(TEST_LIBS) $(PTHREAD_LIBS)
endif
