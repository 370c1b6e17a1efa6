#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pforest-select-live.sh - pforest --flat --match on the live /proc
# selects what pgrep, the anchor tool, selects: the same pid set.
#
# Two sleeps run under a name no other process has (a symlink named
# fks-sel-PID, so their comm is that name), as this user and, when we
# are root, one more as the ordinary test user (tests/testuser.sh).
# Then, run as each user:
#   pforest --flat --match NAME -o pid --no-headers  =  pgrep NAME
#   pforest --flat --full --match 'NAME 60' ...      =  pgrep -f 'NAME 60'
# The second also holds the pattern in pforest's own command line: as
# pgrep, pforest must not list itself.  No ancestor (pid 1) and no tree
# art may appear, or the sets differ.  Then a zombie's and an orphan's
# flat rows against ps's, and -C kthreadd (a kernel thread, without -k)
# against pgrep.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need pgrep
pforest=$(cd "$top_builddir/cmd" && pwd)/pforest
[ -x "$pforest" ] || { echo "no $pforest: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
export LC_ALL=C

pids=""
cleanup() {
	# shellcheck disable=SC2086
	[ -z "$pids" ] || kill $pids 2>/dev/null
	{ wait; } 2>/dev/null
	rm -rf "$tmp"
}
trap "cleanup 2>/dev/null" EXIT
trap 'exit 1' HUP INT TERM

name=fks-sel-$$		# at most 15 bytes: the comm holds all of it
ln -s "$(command -v sleep)" "$tmp/$name" || exit 99
for i in 1 2; do
	"$tmp/$name" 60 &
	pids="$pids $!"
done
users=self
if testuser_init >"$tmp/why" && asuser_can_run "$pforest" &&
    asuser_can_run "$tmp/$name"; then
	# setpriv and env exec the program: $! is its pid
	$asuser "$tmp/$name" 60 &
	pids="$pids $!"
	users="self test"
else
	echo "not as the test user: $(cat "$tmp/why")"
fi
want=$(echo "$pids" | wc -w)

# until every sleep has exec'd (before, its comm is the shell's)
i=0
while [ "$(pgrep -c "$name")" != "$want" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done

# same_pids WHO LABEL PGREP-ARGS -- PFOREST-ARGS: the two pid sets are
# equal
same_pids() {
	who=$1 label=$2
	shift 2
	run=""
	[ "$who" = test ] && run=$asuser
	pg="" pf=""
	while [ "$1" != -- ]; do pg="$pg '$1'"; shift; done
	shift
	for a in "$@"; do pf="$pf '$a'"; done
	eval "$run pgrep $pg" | sort -n >"$tmp/pgrep"
	eval "$run '$pforest' --flat $pf -o pid --no-headers" \
	    >"$tmp/pf.raw" 2>"$tmp/pf.err"
	rc=$?
	sort -n "$tmp/pf.raw" >"$tmp/pforest"
	if [ $rc = 0 ] && [ "$(wc -l <"$tmp/pgrep")" = "$want" ] &&
	    cmp -s "$tmp/pgrep" "$tmp/pforest"; then
		ok
	else
		bad "$label as $who (status $rc): pgrep" \
		    "$(tr '\n' ' ' <"$tmp/pgrep")," \
		    "pforest $(tr '\n' ' ' <"$tmp/pf.raw") $(cat "$tmp/pf.err")"
	fi
}

for who in $users; do
	same_pids "$who" "--match $name" "$name" -- --match "$name"
	same_pids "$who" "--full --match '$name 60'" -f "$name 60" -- \
	    --full --match "$name 60"
done

# and nothing once they are gone: status 1, as pgrep's
# shellcheck disable=SC2086
kill $pids 2>/dev/null
{ wait; } 2>/dev/null
pids=""
"$pforest" --flat --match "$name" -o pid --no-headers >"$tmp/out" 2>&1
rc=$?
[ $rc = 1 ] && [ ! -s "$tmp/out" ] && ok ||
	bad "no $name left: status $rc, '$(cat "$tmp/out")'"

# a zombie and an orphan, flat, as ps -o shows them: <defunct> after
# args alone, no <orphan> (and comm unmarked)
# shellcheck disable=SC2016
sh -c '"$1" 0.1 & exec "$1" 30' zp "$tmp/$name" &
zparent=$!
sh -c '"$1" 30 >/dev/null 2>&1 &' op "$tmp/$name"
pids="$pids $zparent"
i=0
until pgrep -P "$zparent" >/dev/null &&
    [ "$(ps -o stat= -p "$(pgrep -P "$zparent")" | cut -c1)" = Z ] &&
    [ "$(pgrep -c -P 1 "$name")" -ge 1 ] || [ $i -gt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
zombie=$(pgrep -P "$zparent")
orphan=$(pgrep -n -P 1 "$name")
pids="$pids $orphan"
ps -o pid=,comm=,args= -p "$zombie,$orphan" |
    awk '{ $1 = $1; print }' | sort -n >"$tmp/ps.zo"
"$pforest" --flat -o pid,comm,args --no-headers -p "$zombie,$orphan" |
    awk '{ $1 = $1; print }' | sort -n >"$tmp/pf.zo"
if [ "$(wc -l <"$tmp/ps.zo")" = 2 ] && grep -q '<defunct>$' "$tmp/ps.zo" &&
    cmp -s "$tmp/ps.zo" "$tmp/pf.zo"; then
	ok
else
	bad "--flat's zombie and orphan rows are not ps's: ps" \
	    "$(cat "$tmp/ps.zo"), pforest $(cat "$tmp/pf.zo")"
fi

# a kernel thread a selection names shows without -k, as pgrep finds it
for who in $users; do
	run=""
	[ "$who" = test ] && run=$asuser
	k=$($run pgrep -x kthreadd)
	f=$($run "$pforest" --flat -C kthreadd -o pid --no-headers | tr -d ' ')
	[ -n "$k" ] && [ "$k" = "$f" ] && ok ||
	    bad "-C kthreadd as $who: pgrep '$k', pforest '$f'"
done

finish pforest-select-live
