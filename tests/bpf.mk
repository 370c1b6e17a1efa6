# SPDX-License-Identifier: GPL-2.0-or-later
# tests/bpf.mk - the BPF task source on the live system: the differential
# test against /proc, the same under fork storms (no process alive the
# whole time of a read missing from it), and what --source=bpf does
# without privilege; the BPF source of the event stream (watch-bpf.sh
# runs live-watch-bpf as root, as the test user and without
# capabilities; forkwatch-bpf.sh: 200 execs named, the eventful scenario,
# replay, the test user's fallback; forkwatch-bpf-burst.sh: 100,000
# forks seen or counted lost).  They need root and skip with the reason
# where BPF cannot run.
check_PROGRAMS += tests/live-bpf tests/live-bpf-storm
TESTS += tests/live-bpf tests/live-bpf-storm tests/bpf-privilege.sh \
	tests/forkwatch-bpf.sh tests/forkwatch-bpf-burst.sh
EXTRA_DIST += tests/bpf-privilege.sh tests/forkwatch-bpf.sh \
	tests/forkwatch-bpf-burst.sh
tests_live_bpf_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/lib
tests_live_bpf_LDADD = lib/libforkscope.la $(PTHREAD_LIBS)
tests_live_bpf_storm_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/lib
tests_live_bpf_storm_LDADD = lib/libforkscope.la
# the storms churn the whole system: live-bpf, which needs most tasks to
# hold still between its reads, runs before them, never beside them
# (named through a variable: automake takes a literal one for an
# override of its own rule)
storm_log = tests/live-bpf-storm.log
$(storm_log): tests/live-bpf.log
# the 100,000-fork burst fills the machine's process table and the BPF
# ring: it runs after the other live BPF tests and the connector's
# burst, never beside them
bpf_burst_log = tests/forkwatch-bpf-burst.log
bpf_burst_after = tests/live-bpf.log tests/live-bpf-storm.log \
	tests/bpf-privilege.log tests/forkwatch-bpf.log \
	tests/forkwatch-burst.log
if HAVE_CUNIT
check_PROGRAMS += tests/live-watch-bpf
TESTS += tests/watch-bpf.sh
tests_live_watch_bpf_CFLAGS = $(TEST_CFLAGS)
tests_live_watch_bpf_LDADD = $(TEST_LIBS) $(PTHREAD_LIBS)
bpf_burst_after += tests/watch-bpf.log
endif
EXTRA_DIST += tests/watch-bpf.sh
$(bpf_burst_log): $(bpf_burst_after)
