# SPDX-License-Identifier: GPL-2.0-or-later
# tests/escape.mk - the CUnit suite of lib/text/escape.c (fks_escape on exact
# hostile inputs and 1 MiB of random bytes).
if HAVE_CUNIT
check_PROGRAMS += tests/test-escape
TESTS += tests/test-escape
tests_test_escape_CFLAGS = $(TEST_CFLAGS)
tests_test_escape_LDADD = $(TEST_LIBS)
endif
