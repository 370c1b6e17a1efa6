#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# deep-chain.sh - a hostile depth: a synthetic snapshot of one chain of
# 100,000 processes (tests/mkchain) listed by pforest as text, wide text
# and JSON, and by reapcheck.  Each must finish with every process, and
# pforest within a memory bound linear in the count (1 GiB of address
# space; before, every row kept 8 bytes of art per level: 10,000 deep
# took 346 MB, 100,000 passed 15 GB).  The art stops at 100 levels: the
# deepest row shows the levels left out as one mark, "[+99899]"; JSON
# nests 50 deep, the rest flat with their depth and parent, and jq reads it.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
build=$(cd "$top_builddir" && pwd)
. "$top_srcdir/tests/tally.sh"
n=${DEEP_CHAIN:-100000}
base=/tmp
[ -w /dev/shm ] && base=/dev/shm	# 300,000 small files: quicker there
tmp=$(mktemp -d "$base/fks-chain.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
"$build/tests/mkchain" "$tmp/snap" "$n" || exit 99
# a sanitizer build maps terabytes of shadow memory: no address limit
limit="ulimit -v 1048576;"
grep -q 'fsanitize=address' "$build/Makefile" && limit=""

run() {	# run NAME ARGS...: pforest, bounded, output in $tmp/NAME
	name=$1
	shift
	sh -c "$limit exec \"\$@\"" sh timeout 300 "$build/cmd/pforest" \
	    --proc-root="$tmp/snap" "$@" >"$tmp/$name" 2>"$tmp/$name.err"
	rc=$?
	[ $rc = 0 ] && ok || bad "pforest $*: exit $rc: $(head -c 300 \
	    "$tmp/$name.err")"
}

run text -o pid,ppid,comm --no-headers
[ "$(wc -l <"$tmp/text")" = "$n" ] && ok ||
    bad "text: $(wc -l <"$tmp/text") rows, not $n"
want="$n $((n - 1)) [+$((n - 101))] \`- c$n <defunct>"
got=$(tail -n 1 "$tmp/text" | tr -s ' ' | sed 's/^ //')
[ "$got" = "$want" ] && ok || bad "text: the deepest row is '$got'"
# the art of row 100 is 99 levels, the last drawn in full
got=$(sed -n 100p "$tmp/text" | tr -s ' ' | sed 's/^ //')
[ "$got" = "100 99 \`- c100" ] && ok || bad "text: row 100 is '$got'"

run wide -w
[ "$(wc -l <"$tmp/wide")" = "$((n + 1))" ] && ok ||
    bad "wide: $(wc -l <"$tmp/wide") lines, not $((n + 1))"

run json --json
[ "$(grep -o '"pid": ' "$tmp/json" | wc -l)" = "$n" ] && ok ||
    bad "json: not $n processes"
# nested 50 deep at most, so that jq (which refuses input nested past 256
# levels) reads it: below that the rows are flat, each with its place
if command -v jq >/dev/null 2>&1; then
	got=$(jq -c '[([.. | objects | select(has("pid"))] | length),
	    ([.. | objects | select(has("depth"))] | length),
	    ([.. | objects | select(has("depth")) |
	    select(.parent != .pid - 1)] | length)]' "$tmp/json")
	[ "$got" = "[$n,$((n - 51)),0]" ] && ok ||
	    bad "json: jq reads [processes, flat rows, wrong parents] $got"
fi
# every array and object opened is closed
opened=$(tr -cd '[{' <"$tmp/json" | wc -c)
closed=$(tr -cd ']}' <"$tmp/json" | wc -c)
[ "$opened" = "$closed" ] && [ "$opened" -gt "$n" ] && ok ||
    bad "json: $opened opened, $closed closed"

timeout 300 "$build/cmd/reapcheck" --proc-root="$tmp/snap" >"$tmp/reap" \
    2>&1 && ok || bad "reapcheck: $(head -c 300 "$tmp/reap")"
grep -q "^1 zombie under 1 parent" "$tmp/reap" && ok ||
    bad "reapcheck: $(head -n 1 "$tmp/reap")"
finish deep-chain
