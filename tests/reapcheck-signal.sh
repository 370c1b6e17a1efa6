#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-signal.sh - whom --signal-parents signals.  Parents that lost
# their SIGCHLD (tests/scenarios/lazy-reaper: its zombie goes once the
# parent gets another one):
# - as root, two of them, A and B: --signal-parents --yes -p A signals A
#   alone (A's zombie goes, B's stays); -p with a pid that holds no
#   zombie is refused with exit 1; --pid without --signal-parents is a
#   usage error;
# - as the test user (tests/testuser.sh), with root's B and one of its
#   own, U: the dry run would signal U and not B, and says one parent was
#   left; --yes signals U (its zombie goes), not B (no "not permitted"
#   failure, exit 0; B's zombie stays); -p B, named on purpose, is tried
#   and refused by the kernel (exit 1).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need mkfifo
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)
[ -x "$scn/lazy-reaper" ] || { echo "no $scn/lazy-reaper: run make check"
	exit 99; }
. "$top_srcdir/tests/scenario.sh"
scenario_setup

state_of() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1
}
gone_soon() {	# gone_soon PID: true once PID left /proc (5 s at most)
	i=0
	while [ -n "$(state_of "$1")" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -z "$(state_of "$1")" ]
}
# signalled_all RC ERRFILE: no signal failed: exit 0, or 1 for problems
# in the data alone (a task torn down while read), never a SIGCHLD failure
signalled_all() {
	[ "$1" = 0 ] || { [ "$1" = 1 ] && ! grep -q "SIGCHLD to" "$2"; }
}
# start_lr FD [PREFIX...]: a lazy-reaper (run by PREFIX) on fifo FD;
# sets $lr and $lrz
n=0
start_lr() {
	fd=$1
	shift
	n=$((n + 1))
	mkfifo "$tmp/lr$n.in" && : >"$tmp/lr$n.out" || exit 99
	"$@" "$scn/lazy-reaper" <"$tmp/lr$n.in" >"$tmp/lr$n.out" 2>&1 &
	pids="$pids $!"
	eval "exec $fd>\"\$tmp/lr\$n.in\""
	i=0
	until grep -q '^scenario=lazy-reaper ' "$tmp/lr$n.out" ||
	    [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	lr=$(sed -n 's/.* parent=\([0-9]*\).*/\1/p' "$tmp/lr$n.out")
	lrz=$(sed -n 's/.* zombie=\([0-9]*\).*/\1/p' "$tmp/lr$n.out")
	[ -n "$lrz" ] || { echo "lazy-reaper $n did not start"; exit 99; }
}

# -- root, -p
start_lr 3
a=$lr az=$lrz
start_lr 4
b=$lr bz=$lrz
"$reapcheck" --signal-parents --yes --min-age=0 -p "$a" >"$tmp/p.out" \
    2>"$tmp/p.err"
rc=$?
check "-p $a: exit $rc ($(cat "$tmp/p.err"))" signalled_all $rc "$tmp/p.err"
check "-p $a: not 'sent SIGCHLD to $a': $(cat "$tmp/p.out")" \
    grep -q "^sent SIGCHLD to $a lr-parent (1 zombie)\$" "$tmp/p.out"
check "-p $a: more than $a signalled: $(cat "$tmp/p.out")" \
    [ "$(grep -c '^sent' "$tmp/p.out")" = 1 ]
check "-p $a: A's zombie $az stayed" gone_soon "$az"
check "-p $a: B's zombie $bz went ('$(state_of "$bz")')" \
    [ "$(state_of "$bz")" = Z ]
"$reapcheck" --signal-parents -p "$$" >"$tmp/x.out" 2>"$tmp/x.err"
rc=$?
check "-p $$ (no zombies): exit $rc, not 1" [ $rc = 1 ]
check "-p $$: $(cat "$tmp/x.err")" grep -q "not the parent of a zombie" \
    "$tmp/x.err"
"$reapcheck" -p "$a" >/dev/null 2>&1
rc=$?
check "--pid without --signal-parents: exit $rc, not 2" [ $rc = 2 ]
eval "exec 3>&-"

# -- the test user: by default only its own parents
if ! why=$(testuser_init); then
	echo "SKIP: the test user part: $why"
	finish reapcheck-signal
	exit
fi
testuser_init >/dev/null
asuser_can_run "$reapcheck" || {
	echo "SKIP: the test user part: $TESTUSER cannot run $reapcheck"
	finish reapcheck-signal
	exit
}
start_lr 5 $asuser
u=$lr uz=$lrz
$asuser "$reapcheck" --signal-parents --min-age=0 >"$tmp/dry.out" \
    2>"$tmp/dry.err"
check "user dry run: no 'would send SIGCHLD to $u': $(cat "$tmp/dry.out")" \
    grep -q "^would send SIGCHLD to $u lr-parent" "$tmp/dry.out"
check "user dry run: root's $b listed: $(cat "$tmp/dry.out")" \
    eval "! grep -q 'SIGCHLD to $b ' '$tmp/dry.out'"
check "user dry run: no 'left N parents': $(cat "$tmp/dry.out")" \
    grep -q "^left [0-9]* parents* this user may not signal" "$tmp/dry.out"
$asuser "$reapcheck" --signal-parents --yes --min-age=0 >"$tmp/yes.out" \
    2>"$tmp/yes.err"
rc=$?
check "user --yes: exit $rc ($(cat "$tmp/yes.err"))" \
    signalled_all $rc "$tmp/yes.err"
check "user --yes: not 'sent SIGCHLD to $u': $(cat "$tmp/yes.out")" \
    grep -q "^sent SIGCHLD to $u lr-parent (1 zombie)\$" "$tmp/yes.out"
check "user --yes: tried root's $b: $(cat "$tmp/yes.err")" \
    eval "! grep -q 'SIGCHLD to $b ' '$tmp/yes.err'"
check "user --yes: its zombie $uz stayed" gone_soon "$uz"
check "user --yes: root's zombie $bz went" [ "$(state_of "$bz")" = Z ]
# the dry run says what --yes would meet
$asuser "$reapcheck" --signal-parents --min-age=0 -p "$b" \
    >"$tmp/pbd.out" 2>"$tmp/pbd.err"
rc=$?
check "user -p $b, dry run: exit $rc, not 1" [ $rc = 1 ]
check "user -p $b, dry run: $(cat "$tmp/pbd.out")" grep -q \
    "^would not send SIGCHLD to $b lr-parent: Operation not permitted" \
    "$tmp/pbd.out"
$asuser "$reapcheck" --signal-parents --yes --min-age=0 -p "$b" \
    >"$tmp/pb.out" 2>"$tmp/pb.err"
rc=$?
check "user -p $b: exit $rc, not 1" [ $rc = 1 ]
check "user -p $b: $(cat "$tmp/pb.err")" \
    grep -q "SIGCHLD to $b lr-parent: Operation not permitted" "$tmp/pb.err"
check "user -p $b: root's zombie $bz went" [ "$(state_of "$bz")" = Z ]
finish reapcheck-signal
