# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fixtures.mk - the scenario fixtures (fixtures/scn-*/, frozen by
# fixtures/capture-scenarios.sh) read back and their facts asserted.
if HAVE_CUNIT
check_PROGRAMS += tests/test-fixtures
TESTS += tests/test-fixtures
tests_test_fixtures_CFLAGS = $(TEST_CFLAGS)
tests_test_fixtures_LDADD = $(TEST_LIBS)
endif
