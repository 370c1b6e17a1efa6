# SPDX-License-Identifier: GPL-2.0-or-later
# tests/forkwatch-live.mk - forkwatch beyond its golden cases: on the live
# kernel (no root needed on Linux >= 6.6; parts run as nobody or in a new
# network namespace when root; live-only parts skip where the proc
# connector is unavailable), and over records written at test time.
#
# forkwatch-live.sh: the known tree of tests/scenarios/eventful event by
#   event (types, parents, exit codes and signals, the thread, setsid, a
#   rename, an exec), the orphan scenario's exit and reparent, replay of
#   the run's record, corrupt and truncated records, the unprivileged and
#   poll sources, and stopping (SIGPIPE, SIGINT with -S, -d, -n).
# forkwatch-burst.sh: tests/scenarios/burst's N forks under -S: seen and
#   lost add up to 2N; no unnamed exit (N smaller under ASan; the burst
#   stops after 20 s of forking on a loaded machine).
# forkwatch-command.sh: -- COMMAND that cannot run ends forkwatch as a
#   shell would (127 not found, 126 not executable), one line naming it;
#   one that ran gives forkwatch its exit status (128 + N for signal N).
# forkwatch-record-mode.sh: -w FILE is its owner's alone: created 0600
#   under umask 000 and 022, an existing 0644 file made 0600, /dev/null
#   left as it is.
# forkwatch-cmd-output.sh: with -- COMMAND the events go to stderr or -o
#   FILE, never among the command's stdout; a command of a few ms ends
#   forkwatch at once in every source (ptrace too), as root and the test
#   user, with its status; -o FILE is 0600, a symlink, device or FIFO
#   without a reader refused in one line.
# forkwatch-summary.sh: -S over a record of 100,000 distinct forkers
#   written by tests/mkforkers: the fork count and the top ten, in order.
# forkwatch-ptrace.sh: -- COMMAND through ptrace, as root (--source=ptrace)
#   and as the test user (by default): the eventful and thread-exec
#   scenarios event by event with their exit statuses, the command's
#   status, a command that stops itself until continued, and the same
#   execs and ends as strace -f.
# forkwatch-ptrace-signals.sh: -- COMMAND through ptrace, as root and the
#   test user, without and with a terminal (script): a command not found
#   (127) or not executable (126), SIGTERM, SIGINT and SIGHUP to
#   forkwatch passed on to the command and its end told, a second SIGINT
#   ending the watch, SIGKILL taking the command along, an ignored SIGINT
#   staying ignored, a vfork child, Ctrl-C on the terminal reaching the
#   command once, Ctrl-Z and fg in an interactive bash under tmux.
TESTS += tests/forkwatch-live.sh tests/forkwatch-burst.sh \
	tests/forkwatch-command.sh tests/forkwatch-record-mode.sh \
	tests/forkwatch-summary.sh tests/forkwatch-cmd-output.sh \
	tests/forkwatch-ptrace.sh tests/forkwatch-ptrace-signals.sh
EXTRA_DIST += tests/forkwatch-live.sh tests/forkwatch-burst.sh \
	tests/forkwatch-command.sh tests/forkwatch-record-mode.sh \
	tests/forkwatch-summary.sh tests/forkwatch-cmd-output.sh \
	tests/forkwatch-ptrace.sh tests/forkwatch-ptrace-signals.sh
check_PROGRAMS += tests/mkforkers
tests_mkforkers_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/lib
tests_mkforkers_LDADD = lib/libforkscope.la
# forkwatch-slice.sh: the connector source's short scheduler slices
#   (/proc/PID/sched's se.slice), as root and the test user, without and
#   with a terminal: asked for by forkwatch alone, not its command; nice
#   and a real-time policy kept; none for the poll and ptrace sources.
TESTS += tests/forkwatch-slice.sh
EXTRA_DIST += tests/forkwatch-slice.sh
# watch-source.sh: -v names the source of events that ran, and why not
#   the one auto tries first: forkwatch and reapcheck --watch, as root
#   and as the test user (whom the kernel refuses a connector listener).
TESTS += tests/watch-source.sh
EXTRA_DIST += tests/watch-source.sh
# forkwatch-place.sh: --cgroup, --unit, --container and the JSON place,
#   as root in cgroups a test makes under the cgroup v2 mount (each source:
#   bpf, connector, ptrace; a record replayed with the filter), and as the
#   test user (skips the root part where cgroup v2 is not writable).
TESTS += tests/forkwatch-place.sh
EXTRA_DIST += tests/forkwatch-place.sh
