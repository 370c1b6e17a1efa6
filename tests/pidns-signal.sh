#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pidns-signal.sh - a proc root of another pid namespace is read, never
# signalled through.  As root: the zombie scenario runs as pid 1 of a new
# pid namespace with its own procfs (unshare --pid --fork --mount-proc),
# and again two namespaces deep.  Read from outside through
# /proc/PID/root/proc, pforest shows the namespace's own pids (1, its
# zombie 2); reapcheck --signal-parents --yes refuses with the reason and
# sends nothing (before, it sent SIGCHLD to *our* pid 1); forktop's K
# says no before asking; forkwatch refuses it (the kernel's events carry
# this namespace's pids).  Inside the namespace, its own /proc is its
# own: reapcheck signals its pid 1 there.  Skips unless root.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
build=$(cd "$top_builddir" && pwd)
src=$(cd "$top_srcdir" && pwd)
. "$src/tests/tally.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: new pid namespaces need root"; exit 77; }
need unshare nsenter timeout
tmp=$(mktemp -d) || exit 99
zombie=$build/tests/scenarios/zombie
[ -x "$zombie" ] || { echo "no $zombie: make check builds it"; exit 99; }
pids=""
cleanup() {
	exec 3>&- 4>&-
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill $pids 2>/dev/null
	wait
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# start FD NAME UNSHARES: the zombie scenario under UNSHARES nested
# unshares, its stdin a fifo held on FD; sets $inner to its host pid
start() {
	fd=$1 name=$2 depth=$3
	cmd="$zombie" i=0
	while [ $i -lt "$depth" ]; do
		cmd="unshare --pid --fork --mount-proc $cmd"
		i=$((i + 1))
	done
	mkfifo "$tmp/$name.in"
	# shellcheck disable=SC2086
	$cmd <"$tmp/$name.in" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	top=$!
	pids="$pids $top"
	eval "exec $fd>\"\$tmp/\$name.in\""
	i=0
	while ! grep -q '^scenario=zombie ' "$tmp/$name.out" && [ $i -lt 300 ]
	do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q '^scenario=zombie parent=1 zombie=2 ' "$tmp/$name.out" || {
		echo "the scenario did not start as pid 1 of its namespace:" \
		    "$(cat "$tmp/$name.out" "$tmp/$name.err")"
		exit 99
	}
	# this run's zb-parent: down from its unshare, one child a level
	# (another run's zb-parent may be running too)
	inner=$top
	i=0
	while [ "$(cat /proc/"$inner"/comm 2>/dev/null)" != zb-parent ] &&
	    [ $i -le "$depth" ]; do
		inner=$(pgrep -o -P "$inner") || break
		i=$((i + 1))
	done
	[ "$(cat /proc/"$inner"/comm 2>/dev/null)" = zb-parent ] ||
	    { echo "no zb-parent under $top"; exit 99; }
}

# check_ns NAME: what every command does with that namespace's procfs
check_ns() {
	name=$1 inproc=/proc/$inner/root/proc
	out=$("$build/cmd/pforest" --proc-root="$inproc" -o pid,ppid,comm \
	    --no-headers 2>&1)
	echo "$out" | grep -Eq '^ +1 +0 zb-parent$' &&
	    echo "$out" | grep -Eq '^ +2 +1 .*zb-child' && ok ||
	    bad "$name: pforest does not show the namespace's pids: $out"
	timeout 20 "$build/cmd/reapcheck" --proc-root="$inproc" \
	    --signal-parents --yes >"$tmp/rc.out" 2>"$tmp/rc.err"
	rc=$?
	[ $rc = 1 ] && ok || bad "$name: reapcheck --signal-parents --yes" \
	    "through $inproc exited $rc, not 1"
	grep -q "another pid namespace's: signals go only through" \
	    "$tmp/rc.err" && ok || bad "$name: no reason given: $(cat \
	    "$tmp/rc.err")"
	grep -q "sent SIGCHLD" "$tmp/rc.out" && bad "$name: it signalled:" \
	    "$(cat "$tmp/rc.out")" || ok
	# the dry run says no too, not what --yes would refuse
	timeout 20 "$build/cmd/reapcheck" --proc-root="$inproc" \
	    --signal-parents >"$tmp/dry.out" 2>"$tmp/dry.err"
	rc=$?
	[ $rc = 1 ] && grep -q "another pid namespace's" "$tmp/dry.err" &&
	    ! grep -q "would send" "$tmp/dry.out" && ok ||
	    bad "$name: the dry run (exit $rc): $(cat "$tmp/dry.out" \
	    "$tmp/dry.err")"
	# forkwatch: the kernel's events would name other processes
	timeout 20 "$build/cmd/forkwatch" --proc-root="$inproc" -n 1 \
	    >"$tmp/fw.out" 2>"$tmp/fw.err"
	rc=$?
	[ $rc = 1 ] && grep -q "another pid namespace's /proc" "$tmp/fw.err" &&
	    ok || bad "$name: forkwatch on $inproc: exit $rc, $(cat \
	    "$tmp/fw.err")"
	# forktop, headless: select the zombie's parent, K
	printf 'home\nK\n' >"$tmp/keys"
	timeout 20 "$build/cmd/forktop" --proc-root="$inproc" --headless \
	    --keys="$tmp/keys" --dump=- >"$tmp/top.out" 2>&1
	grep -q "another pid namespace's /proc: no signals" "$tmp/top.out" &&
	    ok || bad "$name: forktop's K was not refused: $(tail -3 \
	    "$tmp/top.out")"
}

start 3 one 1
check_ns "one namespace deep"
# inside it, its /proc is its own: the signal goes to its own pid 1
# (zb-parent, which ignores SIGCHLD: nothing changes)
out=$(timeout 20 nsenter --target "$inner" --pid --mount \
    "$build/cmd/reapcheck" --signal-parents --yes 2>&1)
echo "$out" | grep -q "sent SIGCHLD to 1 zb-parent" && ok ||
    bad "inside the namespace, reapcheck did not signal its pid 1: $out"

start 4 two 2
check_ns "two namespaces deep"
finish pidns-signal
