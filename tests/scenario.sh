# SPDX-License-Identifier: GPL-2.0-or-later
# scenario.sh - sourced by the shell tests that stage live processes with
# the scenario programs (tests/scenarios/): each holds its state until its
# stdin ends, so it runs with stdin on a fifo that the test keeps open on
# a file descriptor; closing the descriptor takes it down.  Not run on its
# own.  Needs $tmp (scenario_setup makes it).
#
# scenario_start FD PROGRAM ARGS...: runs PROGRAM (its base name is the
#   scenario's name) with stdin on $tmp/NAME.in held open on FD (3 to 7),
#   stdout into $tmp/NAME.out and stderr into $tmp/NAME.err, and waits up
#   to 30 s for its "scenario=NAME ..." line.  Sets $line and $spid, adds
#   $spid to $pids; exits 99 when the scenario does not start.
# scenario_start_as FD PROGRAM ARGS...: the same as the test user
#   ($asuser, from tests/testuser.sh's testuser_init), its files named
#   $tmp/NAME-as-user.*, so that root's and the user's run side by side.
# scenario_setup: what a test that stages scenarios does first: $tmp made
#   (mode 755, so that the test user reaches its files), LC_ALL=C and
#   TZ=UTC, no $pids yet, and the traps that end the scenarios.
# scenario_key KEY: the value of KEY=... in $line.
# scenario_cleanup [PID...]: what the EXIT trap does: closes FDs 3 to 7
#   (their scenarios see EOF and end), sends SIGTERM to $pids and to the
#   PIDs given (in case one never got to read its EOF), waits for them
#   and removes $tmp.
scenario_setup() {
	tmp=$(mktemp -d) || exit 99
	chmod 755 "$tmp"
	export LC_ALL=C TZ=UTC
	pids=""
	trap "scenario_cleanup 2>/dev/null" EXIT
	trap 'exit 1' HUP INT TERM
}
scenario_start() {
	scenario_run "" "" "$@"
}
scenario_start_as() {
	scenario_run "$asuser" "-as-user" "$@"
}
# scenario_run PREFIX SUFFIX FD PROGRAM ARGS...: both of the above
scenario_run() {
	prefix=$1 suffix=$2 fd=$3 prog=$4
	shift 4
	name=${prog##*/}
	f=$tmp/$name$suffix
	mkfifo "$f.in" || exit 99
	: >"$f.out"
	[ -z "$prefix" ] || chmod a+w "$f.out"
	# without the other scenarios' fifos: each must see its own EOF
	$prefix "$prog" "$@" <"$f.in" >"$f.out" \
	    2>"$f.err" 3>&- 4>&- 5>&- 6>&- 7>&- &
	spid=$!
	pids="${pids:-} $spid"
	eval "exec $fd>\"\$f.in\""
	i=0
	while ! grep -q "^scenario=$name " "$f.out" && [ $i -lt 300 ]
	do
		kill -0 "$spid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	line=$(cat "$f.out")
	case $line in
	"scenario=$name "*) ;;
	*)	echo "the $name scenario did not start: '$line'"
		cat "$f.err"
		exit 99 ;;
	esac
}
scenario_key() {
	echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
scenario_cleanup() {
	for fd in 3 4 5 6 7; do
		eval "exec $fd>&-"
	done
	for p in ${pids:-} "$@"; do
		kill -TERM "$p" 2>/dev/null
	done
	{ wait; } 2>/dev/null
	rm -rf "$tmp"
}
