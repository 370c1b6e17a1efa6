#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-plugin.sh - reapcheck as a monitoring plugin, live.
# - Ranges against check_procs (monitoring-plugins-basic, when installed):
#   a farm of 20 zombies (tests/scenarios/zombie-farm) frozen by procsnap,
#   reapcheck -w/-c RANGE on the snapshot and check_procs --ppid=FARM -s Z
#   with the same ranges must give the same exit status, for each form of
#   the guidelines (N, N:, ~:N, N:M, @N:M).
# - What this user cannot see is said in the status line (a note; the
#   status is the thresholds'): as the test user (tests/testuser.sh),
#   root's zombie adds "the exit status of N zombie(s) hidden"; the user's
#   own zombie alone does not; on a procfs mounted hidepid=2 (in a mount
#   namespace of this test) the line names hidepid=2 for the test user
#   and not for root.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need mkfifo
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
procsnap=$(cd "$top_builddir/cmd" && pwd)/procsnap
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)
for s in zombie zombie-farm; do
	[ -x "$scn/$s" ] || { echo "no $scn/$s: run make check"; exit 99; }
done
. "$top_srcdir/tests/scenario.sh"
scenario_setup

# -- ranges, against check_procs
check_procs=/usr/lib/nagios/plugins/check_procs
scenario_start 3 "$scn/zombie-farm" -n 20
farm=$(scenario_key parent)
"$procsnap" -q "$tmp/farm" "$farm" || bad "procsnap of the farm failed"
if [ -x "$check_procs" ]; then
	for wc in "-w 10" "-w 20" "-w 21:" "-w 20:" "-w ~:19" "-w 15:25" \
	    "-w @15:25" "-w @0:19" "-w 10 -c 30" "-w 10 -c 19" \
	    "-w 5:25 -c 1:" "-c @20:20" "-w 0:30 -c 21:"; do
		# shellcheck disable=SC2086
		"$reapcheck" --proc-root "$tmp/farm" $wc >"$tmp/r.out" 2>&1
		rrc=$?
		# shellcheck disable=SC2086
		"$check_procs" --ppid="$farm" -s Z $wc >"$tmp/c.out" 2>&1
		crc=$?
		if [ $rrc = $crc ]; then
			ok
		else
			bad "$wc: reapcheck exit $rrc ($(cat "$tmp/r.out")), " \
			    "check_procs $crc ($(cat "$tmp/c.out"))"
		fi
	done
	grep -q '^PROCS .*: 20 processes' "$tmp/c.out" ||
		bad "check_procs did not count the 20 zombies: $(cat "$tmp/c.out")"
else
	echo "note: no $check_procs (monitoring-plugins-basic): ranges" \
	    "checked by the golden cases only"
fi
eval "exec 3>&-"

# -- what the reader cannot see
if ! why=$(testuser_init); then
	echo "SKIP: the test user part: $why"
	finish reapcheck-plugin
	exit
fi
testuser_init >/dev/null
asuser_can_run "$reapcheck" || {
	echo "SKIP: $TESTUSER cannot run $reapcheck"
	finish reapcheck-plugin
	exit
}
scenario_start_as 4 "$scn/zombie"
uz=$(scenario_key zombie)
"$procsnap" -q "$tmp/own" "$uz" || bad "procsnap of the user's zombie"
# the user's own zombie, alone: nothing hidden (its ancestors, root's,
# are no zombies)
$asuser "$reapcheck" --proc-root "$tmp/own" -w 5 >"$tmp/own.out" 2>&1
case $(cat "$tmp/own.out") in
*"not all visible"*) bad "own zombie: $(cat "$tmp/own.out")" ;;
"REAPCHECK OK - 1 zombie"*) ok ;;
*) bad "own zombie: $(cat "$tmp/own.out")" ;;
esac
scenario_start 5 "$scn/zombie"
# (a threshold no machine reaches: tests run beside this one stage farms
# of a thousand zombies)
$asuser "$reapcheck" -w 1000000 >"$tmp/user.out" 2>&1
case $(cat "$tmp/user.out") in
"REAPCHECK OK - "*"; not all visible: the exit status of "*" hidden |"*)
	ok ;;
*) bad "root's zombie as the test user: $(cat "$tmp/user.out")" ;;
esac
"$reapcheck" -w 1000000 >"$tmp/root.out" 2>&1
case $(cat "$tmp/root.out") in
*"zombie"*" hidden"*) bad "as root, a zombie's exit status hidden:" \
	"$(cat "$tmp/root.out")" ;;
"REAPCHECK OK - "*) ok ;;
*) bad "as root: $(cat "$tmp/root.out")" ;;
esac

if command -v unshare >/dev/null 2>&1 &&
    unshare -m true 2>/dev/null; then
	mkdir "$tmp/proc"
	unshare -m sh -c "mount -t proc -o hidepid=2 proc '$tmp/proc' &&
	    $asuser '$reapcheck' --proc-root '$tmp/proc' -w 1000000 \
	    >'$tmp/hp-user.out' 2>&1;
	    '$reapcheck' --proc-root '$tmp/proc' -w 1000000 \
	    >'$tmp/hp-root.out' 2>&1"
	case $(cat "$tmp/hp-user.out") in
	*"; not all visible: $tmp/proc is mounted hidepid=2, other users'"*)
		ok ;;
	*) bad "hidepid=2 as the test user: $(cat "$tmp/hp-user.out")" ;;
	esac
	case $(cat "$tmp/hp-root.out") in
	*hidepid*) bad "hidepid=2 as root: $(cat "$tmp/hp-root.out")" ;;
	REAPCHECK*) ok ;;
	*) bad "hidepid=2 as root: $(cat "$tmp/hp-root.out")" ;;
	esac
else
	echo "note: no mount namespace here: hidepid not checked"
fi
finish reapcheck-plugin
