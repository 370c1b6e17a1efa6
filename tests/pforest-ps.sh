#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pforest-ps.sh - pforest and procps ps must agree on every scn-* snapshot:
# the same processes, each with the same ppid, state letter and comm.
#
# ps only reads /proc, so it is shown a snapshot there: in a new mount and
# pid namespace (unshare -m -p -f, so the bind mount is private and gone
# when the namespace ends) the snapshot is bind-mounted over /proc.  ps
# also wants /proc/self, which a snapshot has not, so the test works on a
# copy with a `self` link to one of its pids; pforest reads that same copy
# (and must ignore the link).  Needs root for the namespaces; skips
# without them.
#
# It compares pid, ppid, the state letter and comm only (the whole STAT
# is pforest-ps-columns.sh's): ps's marks are not pforest's (ps calls a
# zombie leader <defunct>; pforest does not, as it lives).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root (a mount namespace to show ps a snapshot)"
	exit 77
fi
. "$top_srcdir/tests/tally.sh"
need ps unshare mount
if ! ps --version 2>/dev/null | grep -q procps; then
	echo "SKIP: ps is not procps' ($(ps --version 2>&1 | head -n 1))"
	exit 77
fi
if ! unshare -m -p -f true 2>/dev/null; then
	echo "SKIP: unshare -m -p -f is not permitted here"
	exit 77
fi
pforest=$(cd "$top_builddir/cmd" && pwd)/pforest
[ -x "$pforest" ] || { echo "no $pforest: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
export LC_ALL=C TZ=UTC
cd "$top_srcdir" || exit 99

pass=0 fail=0

# The state letter of a stat file: after the last ") " (comm may hold one).
stat_state() {
	tr '\n' ' ' <"$1" | sed 's/.*) //' | cut -d' ' -f1
}

# The state letter of a status file's State: line.
status_state() {
	sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "$1"
}

nfix=0
for f in fixtures/scn-*/; do
	f=${f%/}
	[ -e "$f/forkscope-snapshot" ] || continue
	nfix=$((nfix + 1))
	snap=$tmp/snap
	rm -rf "$snap"
	cp -R "$f" "$snap" || exit 99
	self=$(cd "$snap" && ls -d [0-9]* | sort -n | head -n 1)
	ln -s "$self" "$snap/self"

	# ps on the snapshot: "pid ppid S comm"
	unshare -m -p -f sh -c \
	    'mount --bind "$1" /proc && exec ps -e -o pid=,ppid=,stat=,comm=' \
	    sh "$snap" >"$tmp/ps.raw" 2>"$tmp/ps.err"
	rc=$?
	if [ $rc != 0 ] || [ -s "$tmp/ps.err" ]; then
		echo "FAIL: $f: ps exited $rc"
		cat "$tmp/ps.err"
		fail=$((fail + 1))
		continue
	fi
	awk '{ print $1, $2, substr($3, 1, 1), $4 }' "$tmp/ps.raw" |
	    sort -k1,1 >"$tmp/ps"

	# pforest: pid, ppid and state come before the tree column (comm,
	# the last); the ascii art in front of comm and a mark after it
	# are stripped
	"$pforest" --proc-root "$snap" -k --no-headers --style=ascii \
	    -o pid,ppid,state,comm >"$tmp/pf.raw" 2>"$tmp/pf.err"
	rc=$?
	if [ $rc != 0 ] || [ -s "$tmp/pf.err" ]; then
		echo "FAIL: $f: pforest exited $rc"
		cat "$tmp/pf.err"
		fail=$((fail + 1))
		continue
	fi
	sed 's/^ *[0-9]*  *[0-9-]*  *[^ ]  *//
	     s/^[| ]*[|`]- //
	     s/ <defunct>$//
	     s/ <orphan>$//' "$tmp/pf.raw" >"$tmp/pf.comm"
	awk '{ print $1, $2, $3 }' "$tmp/pf.raw" |
	    paste -d' ' - "$tmp/pf.comm" | sort -k1,1 >"$tmp/pf"

	# Row by row (join wants both sorted as text on the pid).  ps may
	# take the state from status rather than stat (procps reads both,
	# and which wins has changed between versions); on a live system
	# the two agree, but a snapshot froze them a moment apart, so a
	# different letter is accepted only when ps's is status's State:
	# and pforest's is stat's.
	: >"$tmp/why"
	join -a 1 -a 2 -e MISSING -o 0,1.2,1.3,1.4,2.2,2.3,2.4 \
	    "$tmp/pf" "$tmp/ps" >"$tmp/joined"
	n=0
	while read -r pid pp ps_ pc qp qs qc; do
		n=$((n + 1))
		row="$pid: pforest '$pp $ps_ $pc', ps '$qp $qs $qc'"
		if [ "$pp" != "$qp" ] || [ "$pc" != "$qc" ]; then
			echo "$row" >>"$tmp/why"
		elif [ "$ps_" != "$qs" ]; then
			if [ "$qs" = "$(status_state "$snap/$pid/status")" ] &&
			    [ "$ps_" = "$(stat_state "$snap/$pid/stat")" ]
			then
				echo "$row: accepted (ps read status)"
			else
				echo "$row" >>"$tmp/why"
			fi
		fi
	done <"$tmp/joined"
	# every process directory of the snapshot, on both sides
	nd=$(cd "$snap" && ls -d [0-9]* | wc -l)
	[ $n = "$nd" ] ||
	    echo "$n rows compared, $nd process directories" >>"$tmp/why"
	if [ -s "$tmp/why" ]; then
		echo "FAIL: $f"
		cat "$tmp/why"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done

echo "pforest-ps: $nfix fixtures; $pass passed, $fail failed"
[ $nfix -gt 0 ] && [ $pass -gt 0 ] && [ $fail = 0 ]
