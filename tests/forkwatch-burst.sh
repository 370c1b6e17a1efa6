#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-burst.sh - a fork burst under `forkwatch -S -j --` with the
# connector source (FORKWATCH_BURST_SOURCE: another; forkwatch-bpf-burst.sh
# runs it with BPF): the burst
# scenario forks N children as fast as it can (each exits 0 at once, at
# most 64 alive), and every fork and exit of them must be shown or counted
# as lost:
# - with no loss, exactly N forks and N exits whose ppid is the burst's
#   controller (seen = 2N), every exit 0;
# - with a loss (the kernel's buffer overflowed; lost events are counted
#   for the whole system, not only this subtree), seen <= 2N <= seen + lost;
# - -S's summary counts the subtree: process exits N + 1 (no loss); not
#   one exit of a child without a name, and the summary's unnamed count
#   is the JSON's events with a name not read (the children's names are
#   inherited at fork with the connector: "name_read":false).
# N is 20000 (5000 under AddressSanitizer, told by CFLAGS), or
# FORKWATCH_BURST_N; the burst stops forking after FORKWATCH_BURST_SECONDS
# (20) of it, so a loaded machine tests fewer forks in bounded time: the
# counts are then exact for the forks it made (its line says how many).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need jq timeout
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
burst=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)/burst
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
[ -x "$burst" ] || { echo "no $burst: run make check"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
export LC_ALL=C TZ=UTC

n=${FORKWATCH_BURST_N:-20000}
case "${CFLAGS:-}" in
*-fsanitize=address*)
	n=${FORKWATCH_BURST_N:-5000}
	echo "note: AddressSanitizer build: N = $n" ;;
esac
secs=${FORKWATCH_BURST_SECONDS:-20}
src=${FORKWATCH_BURST_SOURCE:-connector}

# the source, or skip (a trial run decides)
if ! timeout 60 "$fw" --source=$src -j -- /bin/true >/dev/null \
    2>"$tmp/trial.err"; then
	echo "SKIP: the $src source is unavailable here:" \
	    "$(cat "$tmp/trial.err")"
	exit 77
fi

t0=$(date +%s)
# the burst's line goes to a file of its own, not among the events (-o -)
timeout 600 "$fw" --source=$src -S -j -o - -- \
    /bin/sh -c 'exec "$0" -n "$1" -t "$2" >"$3"' \
    "$burst" "$n" "$secs" "$tmp/line" >"$tmp/b.json" 2>"$tmp/b.err"
rc=$?
t1=$(date +%s)
same "forkwatch: exit status" $rc 0
line=$(cat "$tmp/line")
case $line in
"scenario=burst "*) ;;
*)	echo "the burst did not run: '$line'"
	cat "$tmp/b.err"
	exit 99 ;;
esac
key() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
ctl=$(key controller) forked=$(key forked)
echo "note: $src: $forked forks in $(key seconds) s; forkwatch ran" \
    "$((t1 - t0)) s"

jq -r --argjson c "$ctl" 'select(.ppid == $c and .pid != $c) |
    "\(.event) \(.exit_code)"' "$tmp/b.json" | sort | uniq -c |
    awk '{ print $2, $3, $1 }' >"$tmp/counts"
forks=$(awk '$1 == "fork" { s += $3 } END { print s + 0 }' "$tmp/counts")
exits=$(awk '$1 == "exit" { s += $3 } END { print s + 0 }' "$tmp/counts")
others=$(awk '$1 != "fork" && !($1 == "exit" && $2 == 0) { print }' \
    "$tmp/counts")
lost=$(sed -n 's/^lost events: \([0-9]*\) .*/\1/p' "$tmp/b.err")
unnamed=$(sed -n 's/^unnamed: \([0-9]*\) .*/\1/p' "$tmp/b.err")
pexits=$(sed -n 's/^process exits: \([0-9]*\)$/\1/p' "$tmp/b.err")
nameless=$(jq -r --argjson c "$ctl" 'select(.ppid == $c and .pid != $c and
    .event == "exit" and (.comm // "") == "") | .pid' "$tmp/b.json" | wc -l)
unread=$(jq -r 'select(.event != "lost" and
    (.name_read == false or .comm == null)) | .pid' "$tmp/b.json" | wc -l)
same "no summary line of lost events in: $(cat "$tmp/b.err")" \
    "${lost:+yes}" yes
lost=${lost:-0}
echo "note: seen $forks forks and $exits exits of $forked children;" \
    "lost $lost"
same "events of the children other than fork and exit 0" "$others" ""
same "children's exits without a name" "$nameless" 0
same "unnamed in the summary, against the JSON" "$unnamed" "$unread"
if [ "$lost" = 0 ]; then
	same "forks seen, no loss" "$forks" "$forked"
	same "exits seen, no loss" "$exits" "$forked"
	same "process exits in the summary" "$pexits" $((forked + 1))
else
	seen=$((forks + exits))
	if [ $seen -le $((2 * forked)) ] &&
	    [ $((seen + lost)) -ge $((2 * forked)) ]; then
		ok
	else
		bad "seen $seen + lost $lost does not cover 2 x $forked"
	fi
fi
finish "forkwatch-burst ($src)"
