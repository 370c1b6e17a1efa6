#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forktop-term.sh - a terminal type curses does not know ends forktop at
# once with one line of its own, status 1, and nothing drawn:
# - TERM=fks-no-such-term on a terminal (a pty made by script(1)):
#   "forktop: unknown terminal type '...' (TERM)", not ncurses' own
#   "Error opening terminal" (initscr() printed that and exited);
# - --headless --term=fks-no-such-term under valgrind: no leak (newterm()
#   returned NULL and leaked the screen it began).  Skipped under the
#   sanitizer build, where LeakSanitizer checks the golden case
#   forktop/unknown-term instead, and without valgrind.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need timeout
build=$(cd "$top_builddir" && pwd)
bin=$build/cmd/forktop
[ -x "$bin" ] || { echo "SKIP: forktop not built (no ncursesw)"; exit 77; }
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
want="forktop: unknown terminal type 'fks-no-such-term'"

if command -v script >/dev/null 2>&1; then
	# script's pty carries stdout and stderr both; -e: forktop's status
	TERM=fks-no-such-term timeout 60 script -qec \
	    "'$bin' --proc-root fixtures/scn-zombie-farm" /dev/null \
	    </dev/null >"$tmp/out" 2>&1
	rc=$?
	tr -d '\r' <"$tmp/out" | sed 's/^lt-forktop:/forktop:/' >"$tmp/pty"
	if [ $rc = 1 ] && [ "$(cat "$tmp/pty")" = "$want (TERM)" ]; then
		ok
	else
		bad "TERM=fks-no-such-term on a pty: status $rc, output:" \
		    "$(cat "$tmp/pty")"
	fi
else
	echo "note: no script(1): TERM on a terminal is not tried"
fi

if ! command -v valgrind >/dev/null 2>&1; then
	echo "note: no valgrind: the leak is not looked for"
elif grep -q 'fsanitize' "$build/Makefile"; then
	echo "note: a sanitizer build: LeakSanitizer looks for the leak"
else
	LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
	    timeout 120 valgrind -q --leak-check=full --error-exitcode=99 \
	    --errors-for-leak-kinds=definite,indirect "$build/cmd/.libs/forktop" \
	    --headless --keys=/dev/null --dump=- --term=fks-no-such-term \
	    --proc-root fixtures/scn-zombie-farm >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 1 ] && grep -qxF "$want (--term)" "$tmp/err"; then
		ok
	else
		bad "--term under valgrind: status $rc (99: an error or a" \
		    "leak): $(grep -v 'WARNING: unhandled\|You may be able\|README_MISSING\|Nevertheless we\|valgrind.org/support' "$tmp/err")"
	fi
fi

finish forktop-term
