#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pforest-live.sh - pforest on the live /proc against procps ps taken
# around it: ps, pforest, ps again.
#
# A process present in both ps runs with the same ppid had that ppid while
# pforest read it too (a parent can change, but never back), so pforest
# must show it with that ppid.  States are compared only where they are
# stable: the same letter in both ps runs and one of Z, T, t, I (R, S and
# D flip in microseconds).  An idle kernel thread or a traced task can
# still run and stop again between the two ps runs, so a sample with a
# mismatch is taken again (up to 3 times); a real disagreement persists.
# At least 20 pids must be compared.
#
# It also stages a zombie (tests/scenarios/zombie, which holds it until
# its stdin closes) and a stopped sleep, and asserts pforest shows them
# Z <defunct> and T under their parents.  And -u with this machine's
# users: one with processes (0), one without (1), a name that is no user
# (2).  Needs no root; the scenario programs must be built (make check
# builds them).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need ps mkfifo
if ! ps --version 2>/dev/null | grep -q procps; then
	echo "SKIP: ps is not procps' ($(ps --version 2>&1 | head -n 1))"
	exit 77
fi
pforest=$(cd "$top_builddir/cmd" && pwd)/pforest
zombie=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)/zombie
[ -x "$pforest" ] || { echo "no $pforest: build it first"; exit 99; }
[ -x "$zombie" ] || { echo "no $zombie: run make check"; exit 99; }
tmp=$(mktemp -d) || exit 99
export LC_ALL=C TZ=UTC

zpid="" spid=""
cleanup() {
	# closing its stdin takes the scenario down (it reaps its zombie);
	# SIGTERM too, in case it never got to read it
	exec 3>&-
	[ -z "$zpid" ] || kill -TERM "$zpid" 2>/dev/null
	[ -z "$spid" ] || kill -KILL "$spid" 2>/dev/null
	{ wait; } 2>/dev/null
	rm -rf "$tmp"
}
trap "cleanup 2>/dev/null" EXIT
trap 'exit 1' HUP INT TERM

. "$top_srcdir/tests/scenario.sh"

# The state letter of a live pid's stat file, empty when it is gone.
state_of() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1
}

# -- the zombie: its controller prints its line once the child is Z
scenario_start 3 "$zombie"
zpid=$spid
zparent=$(scenario_key parent)
zchild=$(scenario_key zombie)
if [ -z "$zchild" ] || [ "$zparent" != "$zpid" ]; then
	echo "the zombie scenario did not start: '$line'"
	cat "$tmp/zombie.err"
	exit 99
fi

# -- the stopped process
sleep 120 &
spid=$!
kill -STOP "$spid"
i=0
while [ "$(state_of "$spid")" != T ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ "$(state_of "$spid")" != T ]; then
	echo "sleep $spid did not stop: state '$(state_of "$spid")'"
	exit 99
fi

# sample: ps, pforest, ps; the comparisons go to $tmp/why, counts to
# n_ppid and n_state.  pid, ppid and state are pforest's first columns;
# the tree art and the marks sit in the last, comm.
sample() {
	ps -e -o pid=,ppid=,stat= | awk '{ print $1, $2, substr($3, 1, 1) }' |
	    sort -k1,1 >"$tmp/ps1"
	"$pforest" -k --no-headers --style=ascii -o pid,ppid,state,comm \
	    >"$tmp/pf.raw" 2>"$tmp/pf.err"
	pf_rc=$?
	ps -e -o pid=,ppid=,stat= | awk '{ print $1, $2, substr($3, 1, 1) }' |
	    sort -k1,1 >"$tmp/ps2"
	awk '{ print $1, $2, $3 }' "$tmp/pf.raw" | sort -k1,1 >"$tmp/pf"

	: >"$tmp/why"
	[ $pf_rc = 0 ] || {
		echo "pforest exited $pf_rc:"
		cat "$tmp/pf.err"
	} >>"$tmp/why"
	# pid ppid1 state1 ppid2 state2, then pforest's ppid state (or -)
	join -o 0,1.2,1.3,2.2,2.3 "$tmp/ps1" "$tmp/ps2" |
	    join -a 1 -e - -o 0,1.2,1.3,1.4,1.5,2.2,2.3 - "$tmp/pf" \
	    >"$tmp/joined"
	n_ppid=0 n_state=0
	while read -r pid pp1 st1 pp2 st2 pfp pfs; do
		[ "$pp1" = "$pp2" ] || continue
		n_ppid=$((n_ppid + 1))
		if [ "$pfp" != "$pp1" ]; then
			echo "$pid: ppid $pp1 in both ps runs, pforest" \
			    "'$pfp'" >>"$tmp/why"
			continue
		fi
		[ "$st1" = "$st2" ] || continue
		case $st1 in Z | T | t | I) ;; *) continue ;; esac
		n_state=$((n_state + 1))
		[ "$pfs" = "$st1" ] ||
		    echo "$pid: state $st1 in both ps runs, pforest" \
			"'$pfs'" >>"$tmp/why"
	done <"$tmp/joined"
}

attempt=1
while :; do
	sample
	if ! [ -s "$tmp/why" ] || [ $attempt = 3 ]; then
		break
	fi
	echo "sample $attempt disagrees (retried):"
	sed 's/^/    /' "$tmp/why"
	attempt=$((attempt + 1))
done
if [ -s "$tmp/why" ]; then
	bad "pforest and ps disagree in every sample:"
	sed 's/^/    /' "$tmp/why"
else
	ok
fi
echo "compared $n_ppid ppids and $n_state stable states"
if [ "$n_ppid" -ge 20 ]; then ok; else bad "only $n_ppid pids compared"; fi
if [ "$n_state" -ge 2 ]; then ok; else bad "only $n_state states compared"; fi

# our own zombie and stopped process, in the last sample
row() {
	awk -v p="$1" '$1 == p' "$tmp/pf.raw"
}
z=$(row "$zchild")
case $z in
*" $zparent Z "*"<defunct>") ok ;;
*) bad "zombie $zchild (parent $zparent): pforest shows '$z'" ;;
esac
s=$(row "$spid")
case $s in
*" $$ T "*) ok ;;
*) bad "stopped $spid (parent $$): pforest shows '$s'" ;;
esac
case $s in
*"<defunct>"* | *"<orphan>"*) bad "stopped $spid marked: '$s'" ;;
*) ok ;;
esac

# -u on the live /proc: this machine's users.  One that owns processes
# (this shell's) selects them, status 0; one that exists and owns none
# selects nothing, 1 (as ps); a name that is no user is a usage error, 2,
# said on one line.
"$pforest" -u "$(id -un)" -o pid >"$tmp/u.out" 2>&1
rc=$?
[ $rc = 0 ] && grep -Eq "(^|[ -])$$\$" "$tmp/u.out" && ok ||
	bad "pforest -u $(id -un): status $rc, not this shell $$"
owners=" $(ps -e -o uid= | sort -un | tr '\n' ' ') "
idle=$(getent passwd | while IFS=: read -r name _ uid _; do
	case $owners in *" $uid "*) ;; *) echo "$name"; break ;; esac
done)
if [ -n "$idle" ]; then
	"$pforest" -u "$idle" >"$tmp/u.out" 2>&1
	rc=$?
	[ $rc = 1 ] && [ "$(wc -l <"$tmp/u.out")" = 1 ] && ok ||
		bad "pforest -u $idle (no process): status $rc:" \
		    "$(cat "$tmp/u.out")"
fi
"$pforest" -u fks-no-such-user >"$tmp/u.out" 2>"$tmp/u.err"
rc=$?
[ $rc = 2 ] && [ ! -s "$tmp/u.out" ] &&
	grep -q "no user 'fks-no-such-user'" "$tmp/u.err" && ok ||
	bad "pforest -u fks-no-such-user: status $rc: $(cat "$tmp/u.err")"

finish pforest-live
