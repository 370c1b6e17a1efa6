#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-ptrace.sh - forkwatch -- COMMAND through ptrace, as root with
# --source=ptrace and as the test user by default (the kernel refuses it
# a connector listener; -S's loss note says the source):
# - tests/scenarios/eventful: every task of the subtree told, each with
#   its right end: the thread's clone and exit, exits 0 and 3, SIGKILL,
#   SIGSEGV, the exec with its argv read at the exec, the controller's
#   own exec and exit 0 last; every fork's parent is the controller;
# - tests/scenarios/thread-exec: a thread other than the leader execs
#   (the kernel gives it the leader's pid): the thread's clone and exit,
#   the exec by the leader's pid with the new argv, its exit 7, and
#   forkwatch's status 7;
# - the command's own status: exit 5, killed by SIGTERM (143); also when
#   the watch stopped first (-d, -n): the command is detached and runs on
#   to its end, untold (signals: forkwatch-ptrace-signals.sh);
# - a command that stops itself (SIGSTOP, then SIGTSTP) stays stopped
#   until continued from outside, then goes on and ends (the tracer
#   neither resumes it early nor hangs);
# - the same workload under strace -f: the same execs (argv) and the
#   same ends, as strace words them.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need timeout jq
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
scn=$(cd "$top_builddir/tests/scenarios" && pwd)
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
[ -x "$scn/eventful" ] && [ -x "$scn/thread-exec" ] ||
	{ echo "no scenarios in $scn: make check builds them"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
export LC_ALL=C
# A traced command built with AddressSanitizer (the suite's sanitizer
# run) cannot run LeakSanitizer at its exit: that stops its threads with
# ptrace, which a traced process refuses, and it exits 1 instead of with
# its own status.  Leaks are checked in the other tests' runs.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# state PID: its state letter, or nothing once it is gone
state() {
	sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$1/stat" \
	    2>/dev/null
}
# until_true CMD...: CMD succeeds within 20 s
until_true() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge 200 ] && return 1
		sleep 0.1
	done
}
stopped() {
	case $(state "$1") in T|t) return 0 ;; *) return 1 ;; esac
}
# ends JSON: the exits of JSON, one "PID how" a line, as strace words it
ends() {
	jq -r 'select(.event == "exit") | "\(.pid) " + (if .signal_name
	    then "killed by \(.signal_name)" +
	    (if .core_dumped then " (core dumped)" else "" end)
	    else "exited with \(.exit_code)" end)' "$1"
}

# as WHO SRC: every case, as WHO ("" or $asuser) with SRC (--source=...
# or nothing), in a directory WHO owns
as() {
	who=$1 src=$2
	dir=$tmp/root
	[ -n "$who" ] && dir=$tmp/user
	mkdir -p "$dir"
	[ -n "$who" ] && chown "$testuid" "$dir"
	tag="${who:+[$TESTUSER] }${src:-auto}"

	# the scenario of every kind of event
	(cd "$dir" && timeout 120 $who "$fw" $src -S -j -o ev.json -- \
	    "$scn/eventful" --report rep </dev/null >out 2>err)
	same "$tag eventful: exit status" $? 0
	check "$tag eventful: -S does not say ptrace: $(cat "$dir/err")" \
	    grep -q '^lost events: 0 (none: every traced task' "$dir/err"
	check "$tag eventful: ev.json does not parse" jq -e . "$dir/ev.json" \
	    >/dev/null
	line=$(cat "$dir/rep")
	get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	ctl=$(get controller)
	for k in thread exit0 exit3 kill segv setsid rename exec; do
		eval "$k=\$(get $k)"
	done
	# what JSON tells of PID: its events and ends, in order
	of() {
		jq -r -s --argjson p "$1" '[.[] | select(.pid == $p) |
		    .event + (if .event == "exit" then " " + (.signal_name //
		    (.exit_code | tostring)) else "" end)] | join(",")' \
		    "$dir/ev.json"
	}
	same "$tag eventful: the controller" "$(of "$ctl")" "fork,exec,exit 0"
	same "$tag eventful: the thread" "$(of "$thread")" "clone,exit 0"
	same "$tag eventful: exit0" "$(of "$exit0")" "fork,exit 0"
	same "$tag eventful: exit3" "$(of "$exit3")" "fork,exit 3"
	same "$tag eventful: kill" "$(of "$kill")" "fork,exit SIGKILL"
	same "$tag eventful: segv" "$(of "$segv")" "fork,exit SIGSEGV"
	same "$tag eventful: setsid" "$(of "$setsid")" "fork,exit 0"
	same "$tag eventful: rename" "$(of "$rename")" "fork,exit 0"
	same "$tag eventful: exec" "$(of "$exec")" "fork,exec,exit 0"
	same "$tag eventful: the exec's argv" "$(jq -r -s --argjson p "$exec" \
	    '.[] | select(.pid == $p and .event == "exec") |
	    .cmdline | join(" ")' "$dir/ev.json")" "$(get exec_path) --exec-hold"
	same "$tag eventful: the forks' parent" "$(jq -r -s --argjson p "$ctl" \
	    '[.[] | select(.event == "fork" and .pid != $p) | .ppid] | unique |
	    map(tostring) | join(",")' "$dir/ev.json")" "$ctl"
	same "$tag eventful: the last event" "$(tail -n 1 "$dir/ev.json" |
	    jq -r '"\(.event) \(.pid) \(.exit_code)"')" "exit $ctl 0"
	same "$tag eventful: the tasks told" "$(jq -r -s '[.[].pid] | unique |
	    length' "$dir/ev.json")" 9

	# exec by a thread other than the leader
	(cd "$dir" && timeout 120 $who "$fw" $src -j -o te.json -- \
	    "$scn/thread-exec" --report te </dev/null >out 2>err)
	same "$tag thread-exec: exit status" $? 7
	line=$(cat "$dir/te")
	ctl=$(get controller) thread=$(get thread)
	dir_json=$dir/te.json
	same "$tag thread-exec: the leader" "$(jq -r -s --argjson p "$ctl" \
	    '[.[] | select(.pid == $p) | .event + " " + (.cmdline // [] |
	    join("|")) + (.exit_code // "" | tostring)] | join(",")' \
	    "$dir_json")" "fork ,exec $scn/thread-exec|--report|te,exec thread-exec|--after|two words|7,exit 7"
	same "$tag thread-exec: the thread" "$(jq -r -s --argjson p "$thread" \
	    '[.[] | select(.pid == $p) | "\(.event) \(.tgid)"] | join(",")' \
	    "$dir_json")" "clone $ctl,exit $ctl"

	# the command's own end
	(cd "$dir" && timeout 60 $who "$fw" $src -- sh -c 'exit 5' \
	    >out 2>err)
	same "$tag exit 5: status" $? 5
	(cd "$dir" && timeout 60 $who "$fw" $src -- sh -c 'kill -TERM $$' \
	    >out 2>err)
	same "$tag killed by SIGTERM: status" $? 143
	check "$tag killed by SIGTERM: not told" grep -q \
	    ' exit .* killed by SIGTERM after' "$dir/err"

	# the watch stopped first (-d, -n): the command is let go, runs to
	# its end, and gives its status
	for stop in "-d 0.3" "-n 2"; do
		rm -f "$dir/early.txt"
		(cd "$dir" && exec timeout 60 $who "$fw" $src \
		    $stop -o early.txt -- sh -c 'sleep 1; /bin/true;
		    echo done; exit 6' >early.out 2>early.err) &
		bg=$!
		wait $bg
		same "$tag stopped by $stop: status" $? 6
		same "$tag stopped by $stop: the command ended" \
		    "$(cat "$dir/early.out")" done
		check "$tag stopped by $stop: /bin/true told" \
		    sh -c "! grep -q ' exec .* true' '$dir/early.txt'"
	done

	# a command that stops itself twice, continued from here each time
	rm -f "$dir/stop.txt"
	(cd "$dir" && exec timeout 60 $who "$fw" $src -o stop.txt -- sh -c \
	    'kill -STOP $$; echo one; kill -TSTP $$; echo two; exit 4' \
	    >stop.out 2>stop.err) &
	bg=$!
	pid=
	find_sh() {
		pid=$(sed -n 's/.* fork *\([0-9]*\) .*/\1/p' "$dir/stop.txt" \
		    2>/dev/null | head -n 1)
		[ -n "$pid" ] && stopped "$pid"
	}
	check "$tag stop: the command never stopped" until_true find_sh
	for want in one two; do
		sleep 0.3
		check "$tag stop: it did not stay stopped" stopped "$pid"
		check "$tag stop: it went on before SIGCONT" \
		    sh -c "! grep -q $want '$dir/stop.out'"
		kill -CONT "$pid"
		[ $want = one ] && until_true stopped "$pid"
	done
	wait $bg
	same "$tag stop: status" $? 4
	same "$tag stop: its output" "$(cat "$dir/stop.out")" "one
two"
	check "$tag stop: its exit not told" grep -q ' exit .* exit 4 after' \
	    "$dir/stop.txt"

	# the same as strace -f on the eventful scenario
	if command -v strace >/dev/null 2>&1; then
		(cd "$dir" && timeout 120 $who strace -f -q -s 4096 \
		    -o st.txt -e trace=execve "$scn/eventful" --report \
		    rep2 </dev/null >/dev/null 2>&1)
		# "execve(PATH, [ARGS...], ...) = 0": the args, space-joined
		same "$tag vs strace: the execs" "$(jq -r 'select(.event ==
		    "exec") | .cmdline | join(" ")' "$dir/ev.json" | sort)" \
		    "$(sed -n 's/^[0-9]* *execve("[^"]*", \[\(.*\)\], .*) = 0$/\1/p' \
		    "$dir/st.txt" | sed 's/", "/ /g; s/^"//; s/"$//' |
		    sed "s| rep2\$| rep|" | sort)"
		same "$tag vs strace: the ends" "$(ends "$dir/ev.json" |
		    cut -d' ' -f2- | sort)" "$(sed -n \
		    's/^[0-9]* *+++ \(.*\) +++$/\1/p' "$dir/st.txt" | sort)"
	else
		echo "note: no strace: not compared"
	fi
}

as "" --source=ptrace
if testuser_init >"$tmp/why" && asuser_can_run "$fw" &&
    asuser_can_run "$scn/eventful"; then
	as "$asuser" ""
else
	echo "as the test user: skipped ($(cat "$tmp/why"))"
fi

finish forkwatch-ptrace
