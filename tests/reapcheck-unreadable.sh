#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-unreadable.sh - exit codes a reader may not see.  The kernel
# shows a zombie's wait status (stat field 52) only to a reader that may
# ptrace it; others read 0.  With a zombie of root's that exited 7
# (tests/scenarios/zombie) and one of the test user's own:
# - root: "exit 7" and "wait_status": 1792 for both;
# - the test user (tests/testuser.sh): root's zombie "exit ?", JSON
#   wait_status and exit null with exit_unknown; its own zombie "exit 7";
# - procsnap as the test user: the manifest says unreadable=exit_code and
#   unreadable-exit-code lists root's zombie, not the user's; reapcheck
#   (as root) on that snapshot keeps root's zombie unknown and the user's
#   7; procsnap as root lists neither (root may still be refused others,
#   e.g. an init in another user namespace: those are not checked).
# Skips (77) when not root or the test user cannot be made or run the
# build.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need jq mkfifo
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
procsnap=$(cd "$top_builddir/cmd" && pwd)/procsnap
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)
[ -x "$scn/zombie" ] || { echo "no $scn/zombie: run make check"; exit 99; }
if ! why=$(testuser_init); then
	echo "SKIP: $why"
	exit 77
fi
testuser_init >/dev/null
asuser_can_run "$reapcheck" || {
	echo "SKIP: $TESTUSER cannot run $reapcheck (a directory is closed)"
	exit 77
}
. "$top_srcdir/tests/scenario.sh"
scenario_setup

# root's zombie
scenario_start 3 "$scn/zombie"
rz=$(scenario_key zombie)
# the test user's own: the same program under setpriv, stdin on a fifo
scenario_start_as 4 "$scn/zombie"
uz=$(scenario_key zombie)

zombie() {	# zombie FILE PID: the zombie's JSON entry, compact
	jq -c --argjson p "$2" '.parents[].zombies[] | select(.pid == $p)' \
	    "$1"
}
row() {		# row FILE PID: the table's row of the zombie
	awk -v p="$2" '$1 == p' "$1"
}
expect_known() {	# expect_known WHO FILE.json FILE.txt PID
	j=$(zombie "$2" "$4")
	case $j in
	*'"wait_status":1792,"exit":"exit 7"'*) ok ;;
	*) bad "$1: zombie $4 should show exit 7: $j" ;;
	esac
	case $(row "$3" "$4") in
	*" exit 7 "*) ok ;;
	*) bad "$1: table row of $4: $(row "$3" "$4")" ;;
	esac
}
expect_unknown() {	# expect_unknown WHO FILE.json FILE.txt PID
	j=$(zombie "$2" "$4")
	case $j in
	*'"wait_status":null,"exit":null,"exit_unknown":"hidden'*) ok ;;
	*) bad "$1: zombie $4 should be unknown: $j" ;;
	esac
	case $(row "$3" "$4") in
	*" exit ? "*) ok ;;
	*) bad "$1: table row of $4 should say exit ?: $(row "$3" "$4")" ;;
	esac
	# and the table says why, once
	[ "$(grep -c '^exit ?: hidden from this user' "$3")" = 1 ] && ok ||
	    bad "$1: the table does not say why exit ?: $(tail -n 3 "$3")"
}
run() {		# run NAME [PREFIX...]: --json and the table into $tmp/NAME.*
	n=$1
	shift
	"$@" "$reapcheck" --json >"$tmp/$n.json" 2>/dev/null
	"$@" "$reapcheck" >"$tmp/$n.txt" 2>/dev/null
	jq -e . "$tmp/$n.json" >/dev/null || bad "$n: --json does not parse"
}

# -- live
run root
expect_known root "$tmp/root.json" "$tmp/root.txt" "$rz"
expect_known root "$tmp/root.json" "$tmp/root.txt" "$uz"
run user $asuser
expect_unknown user "$tmp/user.json" "$tmp/user.txt" "$rz"
expect_known user "$tmp/user.json" "$tmp/user.txt" "$uz"

# -- snapshots, read back as root
mkdir "$tmp/u" && chown "$testuid" "$tmp/u" || exit 99
$asuser "$procsnap" -q "$tmp/u/snap-user" || bad "procsnap as $TESTUSER failed"
grep -qx 'unreadable=exit_code' "$tmp/u/snap-user/forkscope-snapshot" ||
	bad "user's snapshot: no unreadable=exit_code in the manifest"
grep -qx "$rz" "$tmp/u/snap-user/unreadable-exit-code" ||
	bad "user's snapshot: root's zombie $rz not in unreadable-exit-code"
grep -qx "$uz" "$tmp/u/snap-user/unreadable-exit-code" &&
	bad "user's snapshot: its own zombie $uz in unreadable-exit-code"
"$reapcheck" --proc-root "$tmp/u/snap-user" --json >"$tmp/su.json"
"$reapcheck" --proc-root "$tmp/u/snap-user" >"$tmp/su.txt"
expect_unknown snap-user "$tmp/su.json" "$tmp/su.txt" "$rz"
expect_known snap-user "$tmp/su.json" "$tmp/su.txt" "$uz"
"$procsnap" -q "$tmp/snap-root" || bad "procsnap as root failed"
grep -qsx -e "$rz" -e "$uz" "$tmp/snap-root/unreadable-exit-code" &&
	bad "root's snapshot lists a zombie as unreadable"
"$reapcheck" --proc-root "$tmp/snap-root" --json >"$tmp/sr.json"
"$reapcheck" --proc-root "$tmp/snap-root" >"$tmp/sr.txt"
expect_known snap-root "$tmp/sr.json" "$tmp/sr.txt" "$rz"
expect_known snap-root "$tmp/sr.json" "$tmp/sr.txt" "$uz"

finish reapcheck-unreadable
