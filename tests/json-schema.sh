#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# json-schema.sh - reapcheck --json's members and their types (schema 1)
# on every snapshot under fixtures/, with jq; and pforest's exit statuses
# for an empty selection (1) and a -u or -U name that is no user (2) in
# every output mode: the tree, --flat, --json and --flat --json.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need jq
pforest=$(cd "$top_builddir/cmd" && pwd)/pforest
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
[ -x "$pforest" ] && [ -x "$reapcheck" ] || {
	echo "no pforest or reapcheck: build them first"
	exit 99
}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
export LC_ALL=C TZ=UTC
cd "$top_srcdir" || exit 99

# every task object's facts, as pforest(1) and reapcheck(1) name them
TYPES='
def num: type == "number";
def task: (.pid | num) and (.ppid | num or . == null) and
	  (.comm | type == "string" or . == null) and
	  (.state | . == null or (type == "string" and length == 1)) and
	  (.start | num or . == null) and
	  (.start_iso | type == "string" or . == null) and
	  (if .start != null then (.start | todate) == .start_iso
	   else .start_iso == null end);
(if .schema != 1 then "schema \(.schema)" else empty end),
(if (.time | num) and (.processes | num) and (.zombies | num) then empty
 else "header badly typed" end),
(.parents[] | select(task | not) | "parent \(.pid) badly typed"),
(.parents[].zombies[] |
 select((task and .state == "Z" and (.age_max | num)) | not) |
 "zombie \(.pid) badly typed"),
(.orphans[] | select((task and (.new_parent_comm | type == "string")) |
 not) | "orphan \(.pid) badly typed")'

for f in fixtures/*/; do
	f=${f%/}
	[ -e "$f/forkscope-snapshot" ] || continue
	"$reapcheck" --proc-root "$f" --json >"$tmp/out" 2>/dev/null
	if jq -r "$TYPES" "$tmp/out" >"$tmp/why" 2>&1 && ! [ -s "$tmp/why" ]
	then
		ok
	else
		bad "reapcheck --json on $f:"
		head -n 5 "$tmp/why"
	fi
done

# status WANT ARGS...: pforest exits WANT in each mode
status() {
	want=$1
	shift
	for mode in "" --flat --json "--flat --json"; do
		# shellcheck disable=SC2086
		"$pforest" --proc-root fixtures/scn-zombie $mode "$@" \
		    >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $rc = "$want" ]; then
			ok
		else
			bad "pforest $mode $*: exit $rc, not $want"
		fi
		# an empty JSON selection is still one document
		case $mode in *--json*)
			[ "$want" = 2 ] || jq -e '.schema == 1' "$tmp/out" \
			    >/dev/null 2>&1 || bad "pforest $mode $*: no JSON"
		esac
	done
}
status 0 -C zb-child
status 1 -C no-such-name
status 1 -p 99999
status 1 --match '^nothing$'
status 1 -u 4242
status 2 -u no-such-user-here
status 2 -U no-such-user-here

finish json-schema
