#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-command.sh - forkwatch -- COMMAND ends as a shell would:
# - a command that cannot run: 127 when it is not found (a path that does
#   not exist, a name not on PATH), 126 when it is found but cannot run (a
#   file without execute permission, a directory); nothing on stdout and
#   one line on stderr naming the command;
# - a command that ran: its own exit status, or 128 + the signal that
#   killed it, also when --count stopped the watch before it ended.
# Whether the exec worked is known before the event source matters, and
# a command that ran lives 1 s, longer than the poll's interval, so the
# test holds where the proc connector is refused and forkwatch polls.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need timeout
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
echo 'echo should not run' >"$tmp/noexec"
chmod 644 "$tmp/noexec"
mkdir "$tmp/dir"

# run WANT_RC ARGS...: forkwatch ARGS, its status WANT_RC
run() {
	want=$1
	shift
	timeout 120 "$fw" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	sed -i 's/^lt-forkwatch:/forkwatch:/' "$tmp/err"
	what="forkwatch $*"
	if [ "$rc" = "$want" ]; then ok; else
		bad "$what: exit status $rc, want $want ($(cat "$tmp/err"))"
	fi
}
# cannot WANT_RC COMMAND WHY: forkwatch -- COMMAND cannot run it
cannot() {
	run "$1" -- "$2"
	if [ -s "$tmp/out" ]; then
		bad "$what: stdout is not empty: $(head -n 3 "$tmp/out")"
	else
		ok
	fi
	line="forkwatch: cannot run '$2': $3"
	if [ "$(cat "$tmp/err")" = "$line" ]; then ok; else
		bad "$what: stderr is not the one line '$line':" \
		    "$(cat "$tmp/err")"
	fi
}
cannot 127 /nonexistent "No such file or directory"
cannot 127 fks-no-such-command "command not found"
cannot 126 "$tmp/noexec" "Permission denied"
cannot 126 "$tmp/dir" "Permission denied"

# what the command itself ended with
run 3 -- /bin/sh -c 'sleep 1; exit 3'
run 0 -- /bin/sh -c 'sleep 1; exit 0'
run 143 -- /bin/sh -c 'sleep 1; kill -TERM $$'
# the watch stopped by --count first: still the command's status
run 5 -n 1 -- /bin/sh -c 'sleep 1; exit 5'

finish forkwatch-command
