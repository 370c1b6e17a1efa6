#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-pidns.sh - a container's init that reaps nothing, live: the
# pidns-init scenario makes a pid namespace whose pid 1 leaves two
# zombies (exit 5).  reapcheck must name that parent as the init of its
# namespace with the init hint, the zombies with exit 5; pforest must show
# the three in one pid namespace that is not ours, numbered 1, 2 and 3
# inside it.  As root, and as the test user (whose scenario makes a user
# namespace too, as rootless containers do).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
. "$top_srcdir/tests/scenario.sh"
need jq unshare
bin=$(cd "$top_builddir/cmd" && pwd)
prog=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)/pidns-init
[ -x "$prog" ] || { echo "no $prog: run make check"; exit 99; }
scenario_setup

# check_init WHO PREFIX...: the scenario's line is in $line
check_init() {
	who=$1
	shift
	init=$(scenario_key init)
	zombies=$(scenario_key zombies)
	"$@" "$bin/reapcheck" --json >"$tmp/r.json" 2>"$tmp/r.err"
	g=$(jq -c ".parents[] | select(.pid == $init)" "$tmp/r.json")
	check "$who: reapcheck names pn-init ($g)" \
	    test "$(echo "$g" | jq -r .comm)" = pn-init
	check "$who: why holds init ($g)" \
	    test "$(echo "$g" | jq '.why | index("init") != null')" = true
	check "$who: the init hint ($g)" \
	    sh -c "echo '$g' | jq -r .hint | grep -q 'reaping init'"
	got=$(echo "$g" | jq -r '[.zombies[] | "\(.pid):\(.exit)"] | join(",")')
	want=$(echo "$zombies" | tr ',' '\n' | sed 's/$/:exit 5/' |
	    paste -sd, -)
	check "$who: zombies '$got', want '$want'" test "$got" = "$want"
	"$@" "$bin/pforest" --flat --no-headers -o pid,pidns,nspid \
	    "$init" >"$tmp/pf" 2>"$tmp/pf.err"
	ours=$(readlink /proc/self/ns/pid | tr -dc 0-9)
	inits=$(awk '{ print $2 }' "$tmp/pf" | sort -u)
	check "$who: one pid namespace for the three, not ours" \
	    test "$(echo "$inits" | wc -l)" = 1 -a "$inits" != "$ours" \
	    -a "$inits" != -
	check "$who: numbered 1, 2, 3 inside ($(tr '\n' ' ' <"$tmp/pf"))" \
	    test "$(awk '{ print $3 }' "$tmp/pf" | paste -sd, -)" = 1,2,3
}

if [ "$(id -u)" != 0 ]; then
	echo "as root: skipped, not root"
elif ! unshare -p -f true 2>/dev/null; then
	echo "as root: skipped, unshare -p refused here"
else
	scenario_start 3 "$prog"
	check_init root
	exec 3>&-
fi
if testuser_init >"$tmp/why"; then
	if ! asuser_can_run "$prog"; then
		echo "as $TESTUSER: skipped, $prog is not open to others"
	elif ! $asuser unshare -U -r -p -f true 2>/dev/null; then
		echo "as $TESTUSER: skipped, no user and pid namespace for it"
	else
		scenario_start_as 4 "$prog"
		check_init "$TESTUSER" $asuser
	fi
else
	echo "as a test user: skipped, $(cat "$tmp/why")"
fi
finish reapcheck-pidns
