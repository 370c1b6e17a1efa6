#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-summary.sh - forkwatch -S's counts and top forkers over a
# record of 100,000 distinct forking processes (written at test time by
# tests/mkforkers, whose head says what it holds): every fork counted,
# the ten top forkers with their counts, in order (more forks first, then
# the lower pid) and named.  The time it takes is not measured here (see
# docs/BENCHMARKS.md): a hang is bounded by timeout.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need timeout
build=$(cd "$top_builddir" && pwd)
[ -x "$build/tests/mkforkers" ] || { echo "no tests/mkforkers: run make check"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
n=100000

"$build/tests/mkforkers" "$tmp/forkers.rec" $n || exit 99
timeout 300 "$build/cmd/forkwatch" -r "$tmp/forkers.rec" -S >/dev/null \
    2>"$tmp/err"
rc=$?
if [ $rc = 0 ]; then ok; else bad "forkwatch -r -S: exit status $rc"; fi
got=$(sed -n '/^events:/p; /^top forkers:/,/^process lifetimes/p' \
    "$tmp/err" | sed '$d')
# mkforkers: the twelve top forkers have pids 109999 down to 109988
want=$(cat <<END
events: fork $((n + 42)) ($((n + 42)) in all)
top forkers:
     FORKS     PID  COMMAND
         7  109998  top-1
         7  109999  top-0
         6  109996  top-3
         6  109997  top-2
         5  109994  top-5
         5  109995  top-4
         4  109992  top-7
         4  109993  top-6
         3  109990  top-9
         3  109991  top-8
END
)
if [ "$got" = "$want" ]; then ok; else
	bad "the summary differs:"
	printf '%s\n' "$want" >"$tmp/want"
	printf '%s\n' "$got" >"$tmp/got"
	diff -u "$tmp/want" "$tmp/got"
fi

finish forkwatch-summary
