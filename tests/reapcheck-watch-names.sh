#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-watch-names.sh - reapcheck --watch names an orphan as it is
# when its parent's exit is read, not by the name it was given at its
# fork.  The watch is stopped (SIGSTOP) while a shell forks a subshell
# and exits, and the subshell, now an orphan, execs "sleep" half a second
# later; then the watch continues (SIGCONT) and reads, in this order, the
# fork, the parent's exit and the exec.  The orphan line must name
# "sleep", read (name_read true in JSON; no "*" after the name in text),
# never the "sh" of the fork.  Its parent, a bash that exited before its
# exec could be read, is named "bash", or by its fork's name (this shell's)
# marked as not read ("sh*"; orphan_of_name_read false).  As root and as the test user
# (tests/testuser.sh), when the kernel lets that user listen to process
# events (not always from 6.6 on): else skipped, with the kernel's answer.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need jq
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
[ -x "$reapcheck" ] || { echo "no $reapcheck: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
export LC_ALL=C TZ=UTC
wpid=""
trap '[ -n "$wpid" ] && kill -CONT $wpid 2>/dev/null &&
	kill -TERM $wpid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# waitline FILE PATTERN: up to 30 s for a line matching PATTERN
waitline() {
	i=0
	until grep -q "$2" "$1" 2>/dev/null || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	grep -q "$2" "$1" 2>/dev/null
}

# one WHO FORM [PREFIX...]: the watch and the orphan, run by PREFIX
one() {
	who=$1 form=$2
	shift 2
	out=$tmp/$who-$form.out
	: >"$out"
	if [ "$form" = json ]; then
		"$@" "$reapcheck" --watch --json --duration 60 >"$out" \
		    2>"$tmp/$who.err" &
	else
		"$@" "$reapcheck" --watch --color=never --duration 60 \
		    >"$out" 2>"$tmp/$who.err" &
	fi
	wpid=$!
	if ! waitline "$out" 'start'; then
		if [ "$who" = user ] && grep -q -i "permi" "$tmp/$who.err"
		then
			echo "SKIP: the test user: $(cat "$tmp/$who.err")"
			return 0
		fi
		bad "$who $form: the watch did not start: $(cat "$tmp/$who.err")"
		return 0
	fi
	# polling, the exec is seen before the new ppid and the name read
	# with it: the order of events tested here is the connector's
	if grep -q "refused a listener" "$tmp/$who.err"; then
		echo "SKIP: $who $form: the kernel refuses this user the" \
		    "process events (the watch polls /proc, which reads the" \
		    "name with the ppid): $(cat "$tmp/$who.err")"
		kill -TERM $wpid
		wait $wpid 2>/dev/null
		wpid=""
		return 0
	fi
	# setpriv and env exec into reapcheck: $wpid is the watch itself
	kill -STOP $wpid
	: >"$tmp/orphan.pid"
	chmod 666 "$tmp/orphan.pid"
	# the parent is a bash forked by this sh: named "sh" at its fork,
	# gone before its exec to bash can be read
	"$@" bash -c '(sleep 0.5; exec sleep 20) & echo $! >"$1"; exit 0' \
	    bash "$tmp/orphan.pid"
	orphan=$(cat "$tmp/orphan.pid")
	sleep 1.5
	kill -CONT $wpid
	if [ "$form" = json ]; then
		waitline "$out" "\"event\": \"orphan\".*\"pid\": $orphan," ||
		    bad "$who json: no orphan line for $orphan"
		got=$(grep "\"pid\": $orphan," "$out" | grep '"orphan"' |
		    jq -c '[.comm, .name_read]')
		check "$who json: orphan $orphan named $got" \
		    [ "$got" = '["sleep",true]' ]
		got=$(grep "\"pid\": $orphan," "$out" | grep '"orphan"' |
		    jq -c '[.orphan_of_comm, .orphan_of_name_read]')
		# its parent: the name it ran under, or its fork's, marked
		# (this script's shell, whose name the fork gives, is sh
		# by hand and bash under make)
		case $got in
		'["bash",true]' | '["'*'",false]') ok ;;
		*) bad "$who json: the exited parent named $got" ;;
		esac
	else
		waitline "$out" "orphan $orphan " ||
		    bad "$who text: no orphan line for $orphan"
		got=$(grep "orphan $orphan " "$out")
		case $got in
		*"orphan $orphan sleep: "*) ok ;;
		*) bad "$who text: $got" ;;
		esac
		case $got in
		*": parent "*" bash exited"* | *": parent "*"* exited"*) ok ;;
		*) bad "$who text: the exited parent: $got" ;;
		esac
	fi
	kill "$(cat "$tmp/orphan.pid")" 2>/dev/null
	kill -TERM $wpid
	wait $wpid 2>/dev/null
	wpid=""
}

one root json
one root text
if why=$(testuser_init); then
	testuser_init >/dev/null
	if asuser_can_run "$reapcheck"; then
		one user json $asuser
		one user text $asuser
	else
		echo "SKIP: the test user cannot run $reapcheck"
	fi
else
	echo "SKIP: the test user: $why"
fi
finish reapcheck-watch-names
