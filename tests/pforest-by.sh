#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pforest-by.sh - pforest --by and -S on the live /proc, as root and as
# the test user:
# - --by pidns and --by unit put each process in the group of its value
#   as procps ps shows it (ps -o pidns, unit), for every pid whose ps row
#   is the same before and after pforest's run; every group's value is
#   another, and no process shows twice;
# - a pid namespace made with unshare -pf (root; as the user, with a user
#   namespace too, unshare -Upf, where the system lets users make one):
#   its first process is marked <pidns> under its parent, the parent is
#   not, and --by pidns gives it a group of its own with the inode that
#   readlink /proc/PID/ns/pid names.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
. "$top_srcdir/tests/psdiff.sh"
need jq unshare
bin=$(cd "$top_builddir/cmd" && pwd)
[ -x "$bin/pforest" ] || { echo "no $bin/pforest: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
export LC_ALL=C TZ=UTC
nsp=""
trap '[ -z "$nsp" ] || kill -KILL "$nsp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# groups BY PREFIX...: "PID VALUE" for each process pforest --by BY
# --json shows (- for null), sorted
groups() {
	by=$1
	shift
	"$@" "$bin/pforest" -k --by "$by" --json -o pid >"$tmp/pf.json" \
	    2>"$tmp/pf.err"
	rc=$?
	[ $rc = 0 ] && [ ! -s "$tmp/pf.err" ] ||
	    bad "--by $by: pforest exited $rc: $(head -n 2 "$tmp/pf.err")"
	jq -r '.groups[] | (.value // "-") as $v | .processes[] |
	    recurse(.children[]?) | "\(.pid) \($v)"' "$tmp/pf.json" | sort
}

# against BY PSCOL PREFIX...: ps, pforest, ps
against() {
	by=$1 pscol=$2
	shift 2
	"$@" ps -ww -e -o "pid=,$pscol=" | awk '{ $1 = $1; print }' |
	    sort >"$tmp/ps1"
	groups "$by" "$@" >"$tmp/pf"
	"$@" ps -ww -e -o "pid=,$pscol=" | awk '{ $1 = $1; print }' |
	    sort >"$tmp/ps2"
	agree "$tag --by $by" "$tmp/ps1" "$tmp/pf" "$tmp/ps2"
	check "$tag --by $by: a process in two groups" test \
	    "$(cut -d' ' -f1 "$tmp/pf" | uniq -d | head -n 1)" = ""
	check "$tag --by $by: a value in two groups" test \
	    "$(jq -r '.groups[].value' "$tmp/pf.json" | sort | uniq -d |
	    head -n 1)" = ""
}

# marks NSPID PARENT PREFIX...: NSPID, in a pid namespace of its own,
# marked under PARENT, which is not, and alone in its --by pidns group
marks() {
	nsp_=$1 parent=$2
	shift 2
	out=$("$@" "$bin/pforest" -S -o pid,comm "$parent" 2>&1)
	check "$tag -S: the namespace's first process marked: $out" \
	    sh -c "echo '$out' | grep -q '^ *$nsp_ .* <pidns>\$'"
	check "$tag -S: its parent not marked: $out" \
	    sh -c "echo '$out' | grep -q '^ *$parent [^<]*\$'"
	ino=$("$@" readlink "/proc/$nsp_/ns/pid" | tr -dc 0-9)
	got=$("$@" "$bin/pforest" --by pidns --json -o pid |
	    jq -c --argjson ino "$ino" \
	    '[.groups[] | select(.value == $ino) | .processes[] |
	    recurse(.children[]?) | .pid]')
	check "$tag --by pidns: [$nsp_] alone in pidns $ino ($got)" \
	    test "$got" = "[$nsp_]"
}

# a sleep in a new pid namespace under unshare FLAGS, run as $who;
# sets nsp to unshare's pid and ns_child to the sleep's, or fails
start_ns() {
	$who unshare "$1" --kill-child sleep 300 >/dev/null 2>&1 &
	nsp=$!
	i=0
	while [ $i -lt 100 ]; do
		# (with $who a prefix that execs, $! is unshare itself)
		ns_child=$(ps -o pid= --ppid "$nsp" | tr -d ' ')
		[ -n "$ns_child" ] &&
		    [ "$(ps -o comm= -p "$ns_child")" = sleep ] && return 0
		kill -0 "$nsp" 2>/dev/null || return 1
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}

# (unshare -f ignores SIGTERM while it waits; --kill-child then kills
# the sleep with it)
stop_ns() {
	kill -KILL "$nsp" 2>/dev/null
	wait "$nsp" 2>/dev/null
	nsp=""
}

tag=root who=
against pidns pidns
against unit unit:300
if start_ns -pf; then
	marks "$ns_child" "$nsp"
	stop_ns
else
	bad "root: unshare -pf made no namespace"
fi

if testuser_init >"$tmp/why"; then
	if asuser_can_run "$bin/pforest"; then
		tag="as $TESTUSER" who=$asuser
		against pidns pidns $asuser
		against unit unit:300 $asuser
		if start_ns -Upf; then
			marks "$ns_child" "$nsp" $asuser
			stop_ns
		else
			echo "$tag: no pid namespace: unshare -Upf refused" \
			    "(unprivileged user namespaces off?)"
		fi
	else
		echo "as $TESTUSER: skipped, $bin is not open to others"
	fi
else
	echo "as a test user: skipped, $(cat "$tmp/why")"
fi
finish pforest-by
