# SPDX-License-Identifier: GPL-2.0-or-later
# tests/scenarios/local.mk - the scenario programs: each stages one classic
# fork experiment, prints one "scenario=NAME key=value ..." line and holds
# the state until stdin reaches EOF (protocol in tests/scenarios/README.md).
# They are check_PROGRAMS: built by make check for the live tests, never
# installed.  Paths are relative to the top: this fragment is included from
# the top-level Makefile.am.
SCENARIOS = \
	tests/scenarios/fork \
	tests/scenarios/orphan \
	tests/scenarios/zombie \
	tests/scenarios/waitpid \
	tests/scenarios/threads \
	tests/scenarios/vfork \
	tests/scenarios/subreaper \
	tests/scenarios/zombie-farm \
	tests/scenarios/zombie-leader \
	tests/scenarios/sigchld-blocked \
	tests/scenarios/lazy-reaper \
	tests/scenarios/eventful \
	tests/scenarios/thread-exec \
	tests/scenarios/burst \
	tests/scenarios/pidns-init \
	tests/scenarios/mlock
check_PROGRAMS += $(SCENARIOS)
EXTRA_DIST += tests/scenarios/README.md

SCENARIO_COMMON = tests/scenarios/common.c tests/scenarios/common.h

tests_scenarios_fork_SOURCES = tests/scenarios/fork.c $(SCENARIO_COMMON)
tests_scenarios_orphan_SOURCES = tests/scenarios/orphan.c $(SCENARIO_COMMON)
tests_scenarios_zombie_SOURCES = tests/scenarios/zombie.c $(SCENARIO_COMMON)
tests_scenarios_pidns_init_SOURCES = tests/scenarios/pidns-init.c \
	$(SCENARIO_COMMON)
tests_scenarios_waitpid_SOURCES = tests/scenarios/waitpid.c \
	$(SCENARIO_COMMON)
tests_scenarios_threads_SOURCES = tests/scenarios/threads.c \
	$(SCENARIO_COMMON)
tests_scenarios_thread_exec_SOURCES = tests/scenarios/thread-exec.c \
	$(SCENARIO_COMMON)
tests_scenarios_thread_exec_LDADD = $(PTHREAD_LIBS)
tests_scenarios_threads_LDADD = $(PTHREAD_LIBS)
tests_scenarios_vfork_SOURCES = tests/scenarios/vfork.c $(SCENARIO_COMMON)
tests_scenarios_subreaper_SOURCES = tests/scenarios/subreaper.c \
	$(SCENARIO_COMMON)
tests_scenarios_zombie_farm_SOURCES = tests/scenarios/zombie-farm.c \
	$(SCENARIO_COMMON)
tests_scenarios_zombie_leader_SOURCES = tests/scenarios/zombie-leader.c \
	$(SCENARIO_COMMON)
tests_scenarios_zombie_leader_LDADD = $(PTHREAD_LIBS)
tests_scenarios_sigchld_blocked_SOURCES = tests/scenarios/sigchld-blocked.c \
	$(SCENARIO_COMMON)
tests_scenarios_lazy_reaper_SOURCES = tests/scenarios/lazy-reaper.c \
	$(SCENARIO_COMMON)
tests_scenarios_eventful_SOURCES = tests/scenarios/eventful.c \
	$(SCENARIO_COMMON)
tests_scenarios_eventful_LDADD = $(PTHREAD_LIBS)
tests_scenarios_burst_SOURCES = tests/scenarios/burst.c $(SCENARIO_COMMON)
tests_scenarios_mlock_SOURCES = tests/scenarios/mlock.c $(SCENARIO_COMMON)
