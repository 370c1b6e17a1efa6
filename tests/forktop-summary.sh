#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forktop-summary.sh - forktop's summary lines against the files they
# come from.  A zombie-farm scenario (25 unreaped children) runs; procsnap
# freezes /proc; forktop --headless on that snapshot must show exactly
# the counts the snapshot's own stat files give (processes by state as
# top counts them: R running, S, D and I sleeping, T and t stopped, Z
# zombie, the rest in the total only; threads the sum of num_threads),
# its loadavg's three loads and its MemTotal.  Then forktop on the live
# /proc, as root and as the test user (tests/testuser.sh), without a
# terminal (headless), must count at least the farm's 25 zombies and a
# consistent total.  Skips without forktop (no ncursesw).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
bin=$(cd "$top_builddir/cmd" && pwd)/forktop
snap=$(cd "$top_builddir/cmd" && pwd)/procsnap
farm=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)/zombie-farm
[ -x "$bin" ] || { echo "SKIP: forktop not built (no ncursesw)"; exit 77; }
[ -x "$farm" ] || { echo "FAIL: no $farm (make check builds it)"; exit 1; }
. "$top_srcdir/tests/scenario.sh"
. "$top_srcdir/tests/testuser.sh"
scenario_setup
fail=0
bad() { echo "FAIL: $*"; fail=1; }

scenario_start 3 "$farm" -n 25
printf 'q\n' >"$tmp/keys"

# The summary lines of a headless start: lines 2 and 3 of the dump.
summary() {	# summary [PREFIX] ARGS...: the Tasks and Load lines
	"$@" --headless --keys "$tmp/keys" --dump - --size 200x30 \
	    2>"$tmp/err" | sed -n '3,4p'
}

# a snapshot: exact
"$snap" "$tmp/snap" >/dev/null 2>"$tmp/snap.err" ||
	{ cat "$tmp/snap.err"; echo "FAIL: procsnap"; exit 1; }
got=$(summary "$bin" --proc-root "$tmp/snap")
want=$(for d in "$tmp"/snap/[0-9]*; do
	[ -f "$d/stat" ] && sed 's/.*) //' "$d/stat"
done | awk '{ n++; th += $18
	if ($1 == "R") r++
	else if ($1 == "S" || $1 == "D" || $1 == "I") s++
	else if ($1 == "T" || $1 == "t") st++; else if ($1 == "Z") z++ }
	END { printf "Tasks %d total, %d running, %d sleeping, %d stopped, " \
	    "%d zombie, %d threads\n", n, r, s, st, z, th }')
tasks=$(printf '%s\n' "$got" | sed -n 1p)
[ "$tasks" = "$want" ] || bad "snapshot: '$tasks', its files say '$want'"
zombies=$(printf '%s\n' "$tasks" | sed 's/.* \([0-9]*\) zombie.*/\1/')
[ "${zombies:-0}" -ge 25 ] || bad "snapshot: $zombies zombies, not 25+"
load=$(awk '{ printf "Load %s %s %s", $1, $2, $3 }' "$tmp/snap/loadavg")
case $(printf '%s\n' "$got" | sed -n 2p) in
"$load  Mem "*) ;;
*) bad "snapshot: load line '$(printf '%s\n' "$got" | sed -n 2p)'," \
    "loadavg says '$load'" ;;
esac
# MemTotal as forktop writes sizes (K below 10000 KiB, then M, then G)
mem=$(awk '/^MemTotal:/ { k = $2
	if (k < 10000) printf "%dK", k
	else if (k < 102400) printf "%.1fM", k / 1024
	else if (k < 10240000) printf "%dM", k / 1024
	else printf "%.1fG", k / 1048576 }' "$tmp/snap/meminfo")
printf '%s\n' "$got" | grep -qF "  Mem $mem total, " ||
	bad "snapshot: no 'Mem $mem total' in '$got'"
[ $fail = 0 ] && echo "ok: snapshot: $tasks; $load; Mem $mem"

# live, without a terminal, as root and as the test user
live() {	# live WHO [PREFIX]
	got=$(summary ${2:-} "$bin")
	tasks=$(printf '%s\n' "$got" | sed -n 1p)
	set -- "$1" $(printf '%s\n' "$tasks" | tr -cs '0-9' ' ')
	# total running sleeping stopped zombie threads
	if [ $# != 7 ]; then
		bad "$1: no counts in '$tasks'"; cat "$tmp/err"; return
	fi
	[ "$6" -ge 25 ] || bad "$1: $6 zombies, the farm alone has 25"
	[ "$2" -ge $(($3 + $4 + $5 + $6)) ] && [ "$7" -ge "$2" ] ||
		bad "$1: the counts do not add up: '$tasks'"
	printf '%s\n' "$got" | grep -q '^Load [0-9.]* [0-9.]* [0-9.]*  Mem ' ||
		bad "$1: '$(printf '%s\n' "$got" | sed -n 2p)'"
	echo "ok: $1: $tasks"
}
live root
if testuser_init >/dev/null && asuser_can_run "$bin"; then
	live "$TESTUSER" "$asuser"
else
	echo "note: not as an ordinary user (not root, or $TESTUSER cannot" \
	    "run $bin)"
fi
[ $fail = 0 ] && echo "forktop-summary: ok"
exit $fail
