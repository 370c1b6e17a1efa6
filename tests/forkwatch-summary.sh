#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-summary.sh - forkwatch -S's counts and top forkers over a
# record of 100,000 distinct forking processes (written at test time by
# tests/mkforkers, whose head says what it holds): every fork counted,
# the ten top forkers with their counts, in order (more forks first, then
# the lower pid) and named.  The time it takes is not measured here (see
# docs/BENCHMARKS.md): a hang is bounded by timeout.
# Then -S's unnamed count: every event whose name was not read from the
# kernel or /proc ("*" in the text view, "name_read":false or no comm in
# JSON), in a replay of fixtures/records/shell.rec (its 6 forks: names
# inherited) and live, as root and as the test user, against the JSON of
# the same run; as root with the connector, an exec whose process is gone
# before the watcher reads it (the watcher is stopped meanwhile) is
# counted, with its exit.
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

# ---- unnamed ----
fw=$build/cmd/forkwatch
need jq
unread() {	# unread JSON: its events with a name not read
	jq -r 'select(.event != "lost" and
	    (.name_read == false or .comm == null)) | .pid' "$1" | wc -l
}
unnamed() {	# unnamed ERR: -S's count
	sed -n 's/^unnamed: \([0-9]*\) (names not read from the kernel or \/proc)$/\1/p' "$1"
}
timeout 60 "$fw" -S -j -r "$top_srcdir/fixtures/records/shell.rec" \
    >"$tmp/shell.json" 2>"$tmp/shell.err"
same "shell.rec: the JSON's unread names" "$(unread "$tmp/shell.json")" 6
same "shell.rec: -S's unnamed" "$(unnamed "$tmp/shell.err")" 6

# live: a loop of short execs, as root and as the test user (each in its
# default source), -S against the JSON
live() {	# live WHO PREFIX...
	who=$1
	shift
	timeout 120 "$@" "$fw" -S -j -o "$tmp/$who.json" -- /bin/sh -c \
	    'i=0; while [ $i -lt 50 ]; do /bin/true $i; i=$((i + 1)); done' \
	    2>"$tmp/$who.err"
	same "$who: exit status" $? 0
	n=$(unread "$tmp/$who.json")
	same "$who: -S's unnamed against the JSON's $n" \
	    "$(unnamed "$tmp/$who.err")" "$n"
}
live root
. "$top_srcdir/tests/testuser.sh"
if testuser_init >"$tmp/why" && asuser_can_run "$fw"; then
	chmod 777 "$tmp"
	live user $asuser
else
	echo "note: not run as the test user: $(cat "$tmp/why")"
fi

# gone before its name could be read: the command stops forkwatch, runs
# /bin/true (exec, exit and reaped while nothing reads), then lets it go
if [ "$(id -u)" = 0 ] &&
    timeout 60 "$fw" --source=connector -- /bin/true >/dev/null 2>&1; then
	timeout 120 "$fw" --source=connector -S -j -o "$tmp/gone.json" -- \
	    /bin/sh -c 'kill -STOP $PPID; /bin/true gone; kill -CONT $PPID' \
	    2>"$tmp/gone.err"
	same "gone: exit status" $? 0
	sh=$(jq -s '.[0].pid' "$tmp/gone.json")
	same "gone: the exec and exit of true, names not read" "$(jq -r -s \
	    --argjson p "$sh" '[.[] | select(.ppid == $p and
	    (.event == "exec" or .event == "exit")) |
	    "\(.event) \(.comm) \(.name_read) \(.cmdline)"] | join(",")' \
	    "$tmp/gone.json")" "exec sh false null,exit sh false null"
	n=$(unread "$tmp/gone.json")
	same "gone: -S's unnamed against the JSON's $n" \
	    "$(unnamed "$tmp/gone.err")" "$n"
else
	echo "note: no connector here: the gone exec is not tried"
fi

finish forkwatch-summary
