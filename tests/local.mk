# SPDX-License-Identifier: GPL-2.0-or-later
# tests/local.mk - the test programs.  Each unit's CUnit suite lives in
# tests/test-<unit>.c; live tests in tests/live-*.c; each group's rules in
# its own fragment.
EXTRA_DIST += tests/testutil.h tests/testuser.sh tests/psdiff.sh \
	tests/cgroupfs.sh tests/tmuxpanes.sh
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)

TEST_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/lib $(CUNIT_CFLAGS)
TEST_LIBS = lib/libforkscope.la $(CUNIT_LIBS)

include tests/unit.mk
include tests/escape.mk
include tests/live.mk
include tests/golden.mk
include tests/live-proc2.mk
include tests/snap.mk
include tests/fixtures.mk
include tests/pforest.mk
include tests/reapcheck.mk
include tests/events.mk
include tests/security.mk
include tests/release.mk
include tests/forktop.mk
include tests/watch.mk
include tests/forkwatch-live.mk
include tests/bpf.mk
include tests/install.mk
