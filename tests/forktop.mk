# SPDX-License-Identifier: GPL-2.0-or-later
# tests/forktop.mk - forktop's tests.
#
# test-forktop-model: the view model (forktop-src/forktop-model.c) on fixtures,
#   with CUnit and no terminal: rows, folds and totals, moves and scroll,
#   selection across refreshes where tasks vanish and appear, search,
#   filter (typed: Esc puts the old one back), toggles, follow, and the
#   highlights of a refresh (fixtures/refresh-1 then refresh-2: births,
#   ghosts of exits, a reused pid, marks that age out); groups (by unit,
#   container, pidns on fixtures/containers: each process under the
#   header of its own value, each value once, headers counting their
#   processes; a header folded and kept selected across a rebuild, search
#   and Left through it, filter and zombies in groups; ghosts in the group
#   of their own value).
if HAVE_CUNIT
check_PROGRAMS += tests/test-forktop-model
TESTS += tests/test-forktop-model
tests_test_forktop_model_SOURCES = tests/test-forktop-model.c \
	cmd/forktop-src/forktop-model.c cmd/forktop-src/forktop-model.h
tests_test_forktop_model_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/cmd \
	-I$(top_srcdir)/cmd/forktop-src
tests_test_forktop_model_LDADD = cmd/libcommon.la $(TEST_LIBS)
endif
#
# Golden screens (tests/golden/forktop/, run by tests/golden.sh): forktop
# --headless reads CASE.keys, one key a line, draws each step with the real
# drawing code into a curses screen on /dev/null and dumps its text to
# stdout; the selected row carries '>'.  Cases: navigate, collapse-totals,
# collapse-depth (-c), search, search-nomatch (the cursor stays where the
# search began, "no match"), filter, zombies-only, orphans, details,
# help, hostile-names (escaped names, layout intact, the 128 KiB command
# line wrapped), narrow (40x12, then resized), threads, signal-snapshot,
# filter-typing, keys-more (mouse, wheel, the keys' other names),
# highlights (next-root: refresh-1, then refresh-2 as a refresh),
# follow-exit (the followed 102 exits at next-root: follow ends, said),
# columns (-o with library and forktop names, the c key, a bad name kept
# out), columns-rename (-o NAME=HEADER as pforest -o reads it, through
# the same code; in the c key too; an empty item refused), user (u by
# name, by uid, a uid with no process, a name that is no user: the filter
# stays), sort (s, P, M), bad-column and no-column (-o errors, status 2),
# bad-user (-u naming no user of the snapshot: status 2, one line),
# groups-cycle (b: unit, container, pidns, none on fixtures/containers),
# groups-keys (--by container: a header folded, K f d on a header, fold
# and unfold all, search and filter in groups, sort, threads),
# groups-hostile (fixtures/hostile-units: group values escaped),
# groups-collapse (-c 1 under headers), groups-highlights (new and
# exited tasks in their groups at next-root), bad-by (status 2), the
# colours* cases (--dump-attrs: zombies, orphans, selection, matches,
# highlights; TERM linux and vt100, which has no colour), no-color
# (NO_COLOR=1 on xterm: no colour letter; no-color-empty: NO_COLOR= is as
# unset; both set in their CASE.env), refresh
# (selection and folds kept across a re-read), unknown-term (--term that
# curses does not know: one line, status 1; LeakSanitizer in the
# sanitizer build, valgrind in check-valgrind), and usage errors.
#
# forktop-tmux.sh: end to end in tmux at 80x24 on a snapshot fixture
#   (tree, fold with totals, details, no signal on a snapshot) and on the
#   live system (its own row found by filter; the fork scenario marked
#   <new>, then signalled after a confirmation naming it, then <exited>),
#   polling the captured screen; q and SIGTERM must give the shell its
#   screen back; closing the pane or the session (as root, as an
#   ordinary user, and on a terminal that is not forktop's controlling
#   one, so no SIGHUP comes) must end it within 5 s.
#
# forktop-noterm.sh: without a terminal on stdin or stdout forktop exits
#   1 at once with one "no terminal" line, as root and as an ordinary
#   user (tests/testuser.sh), each run under timeout.
#
# forktop-term.sh: a terminal type curses does not know, as TERM on a pty
#   (script(1)) and as --term under valgrind: one line of forktop's own,
#   status 1, no leak.
#
# forktop-pcpu.sh: %CPU live: a busy loop's mean over 6 refreshes within
#   15 points (headless; 20 in tmux, whose captures are not the refreshes)
#   of its own ticks' share over the same seconds (about 100 % on an idle
#   machine; this one is shared), none above 102; a sleeper
#   0.0 at each; headless and in tmux, as root and as the test user; then
#   in tmux the user filter (u) and the c key.
#
# forktop-summary.sh: the summary lines on a procsnap snapshot taken
#   while a zombie farm runs equal what the snapshot's stat, loadavg and
#   meminfo say; live, headless, as root and as the test user: the farm's
#   zombies counted, counts that add up.
#
# forktop-group.sh: groups live in tmux, as root and as the test user:
#   this run's processes started in two services and a docker-like scope
#   of a test-owned slice (root, where the hierarchy is writable) show,
#   filtered on their names, each under its own unit's header with its
#   count and nothing else; b to containers, pid namespaces, none.  Then
#   -u naming no user (status 2, one line), -o NAME=HEADER, and the u key
#   given no user (the filter stays, said).
TESTS += tests/forktop-tmux.sh tests/forktop-noterm.sh tests/forktop-term.sh \
	tests/forktop-pcpu.sh tests/forktop-summary.sh tests/forktop-group.sh
EXTRA_DIST += tests/forktop-tmux.sh tests/forktop-noterm.sh \
	tests/forktop-term.sh tests/forktop-pcpu.sh tests/forktop-summary.sh \
	tests/forktop-group.sh
