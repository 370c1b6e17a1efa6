# SPDX-License-Identifier: GPL-2.0-or-later
# tests/unit.mk - one CUnit program per library unit, on fixtures only.
if HAVE_CUNIT
UNIT_TESTS = tests/test-parse-stat tests/test-parse-status \
	tests/test-parse-meminfo tests/test-table \
	tests/test-large tests/test-columns tests/test-snap tests/test-audit \
	tests/test-reapaudit tests/test-reapwatch
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
tests_test_parse_stat_CFLAGS = $(TEST_CFLAGS)
tests_test_parse_stat_LDADD = $(TEST_LIBS)
# (with its source: statm_resident() is not exported)
tests_test_parse_status_SOURCES = tests/test-parse-status.c \
	lib/parse/parse-status.c
tests_test_parse_status_CFLAGS = $(TEST_CFLAGS)
tests_test_parse_status_LDADD = $(TEST_LIBS)
tests_test_parse_meminfo_CFLAGS = $(TEST_CFLAGS)
tests_test_parse_meminfo_LDADD = $(TEST_LIBS)
tests_test_table_CFLAGS = $(TEST_CFLAGS)
tests_test_table_LDADD = $(TEST_LIBS)
tests_test_large_CFLAGS = $(TEST_CFLAGS)
tests_test_large_LDADD = $(TEST_LIBS)
# the same source at 200,000 processes (its own program, so that its
# time shows apart in the log)
check_PROGRAMS += tests/test-large-200k
TESTS += tests/test-large-200k
tests_test_large_200k_SOURCES = tests/test-large.c
tests_test_large_200k_CFLAGS = $(TEST_CFLAGS) -DNPROC=200000
tests_test_large_200k_LDADD = $(TEST_LIBS)
tests_test_columns_CFLAGS = $(TEST_CFLAGS)
tests_test_columns_LDADD = $(TEST_LIBS)
tests_test_snap_CFLAGS = $(TEST_CFLAGS)
tests_test_snap_LDADD = $(TEST_LIBS)
tests_test_audit_CFLAGS = $(TEST_CFLAGS)
tests_test_audit_LDADD = $(TEST_LIBS)
tests_test_reapaudit_CFLAGS = $(TEST_CFLAGS)
tests_test_reapaudit_LDADD = $(TEST_LIBS)
tests_test_reapwatch_CFLAGS = $(TEST_CFLAGS)
tests_test_reapwatch_LDADD = $(TEST_LIBS)
# the manifest parser is internal (not exported): built into its test
check_PROGRAMS += tests/test-manifest
TESTS += tests/test-manifest
tests_test_manifest_SOURCES = tests/test-manifest.c lib/parse/manifest.c
tests_test_manifest_CFLAGS = $(TEST_CFLAGS)
tests_test_manifest_LDADD = $(TEST_LIBS)
# the commands' JSON writer (cmd/jsonwrt.c), built into its test
check_PROGRAMS += tests/test-jsonwrt
TESTS += tests/test-jsonwrt
tests_test_jsonwrt_SOURCES = tests/test-jsonwrt.c cmd/jsonwrt.c cmd/jsonwrt.h
tests_test_jsonwrt_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/cmd
tests_test_jsonwrt_LDADD = $(TEST_LIBS)
# the users parser too; fks_root_user_name() then comes from users.c here
check_PROGRAMS += tests/test-users
TESTS += tests/test-users
tests_test_users_SOURCES = tests/test-users.c lib/source/users.c
tests_test_users_CFLAGS = $(TEST_CFLAGS)
tests_test_users_LDADD = $(TEST_LIBS)
# the cgroup path reader too
check_PROGRAMS += tests/test-cgroup
TESTS += tests/test-cgroup
tests_test_cgroup_SOURCES = tests/test-cgroup.c lib/parse/cgroup.c
tests_test_cgroup_CFLAGS = $(TEST_CFLAGS)
tests_test_cgroup_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/test-mountinfo
TESTS += tests/test-mountinfo
tests_test_mountinfo_SOURCES = tests/test-mountinfo.c lib/source/mountinfo.c
tests_test_mountinfo_CFLAGS = $(TEST_CFLAGS)
tests_test_mountinfo_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/test-bpf-decode
TESTS += tests/test-bpf-decode
tests_test_bpf_decode_SOURCES = tests/test-bpf-decode.c \
	lib/source/bpf-decode.c lib/model/arena.c
tests_test_bpf_decode_CFLAGS = $(TEST_CFLAGS)
tests_test_bpf_decode_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/test-wptrace
TESTS += tests/test-wptrace
tests_test_wptrace_SOURCES = tests/test-wptrace.c lib/events/wptrace-decode.c
tests_test_wptrace_CFLAGS = $(TEST_CFLAGS)
tests_test_wptrace_LDADD = $(TEST_LIBS)
# the BPF event program's records, on hand-made ones and a capture
check_PROGRAMS += tests/test-bpf-events
TESTS += tests/test-bpf-events
tests_test_bpf_events_SOURCES = tests/test-bpf-events.c lib/events/bpf-events.c
tests_test_bpf_events_CFLAGS = $(TEST_CFLAGS)
tests_test_bpf_events_LDADD = $(TEST_LIBS)
# the kept command lines and the table's arena are internal as well
check_PROGRAMS += tests/test-cmdcache
TESTS += tests/test-cmdcache
tests_test_cmdcache_SOURCES = tests/test-cmdcache.c lib/source/cmdcache.c \
	lib/model/arena.c lib/model/table.c lib/model/tree.c
tests_test_cmdcache_CFLAGS = $(TEST_CFLAGS)
tests_test_cmdcache_LDADD = $(TEST_LIBS)
endif
