#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-ptrace-signals.sh - forkwatch -- COMMAND through ptrace ends
# as time(1) or strace(1) would, as root (--source=ptrace) and as the test
# user (its default), without and with a terminal (script(1)'s pty):
# - a command that cannot run: 127 (not found, also past a directory on
#   PATH it may not search) or 126 (not executable), one line naming it,
#   nothing on stdout;
# - SIGTERM or SIGINT sent to forkwatch alone is passed on to the command;
#   the watch goes on and tells the command's end (killed by it), and
#   forkwatch exits with 128 + N;
# - a command that takes the first SIGINT and goes on: its later execs
#   are told; a second SIGINT ends the watch (the command is let go,
#   untraced, and runs to its end), forkwatch still gives its status;
# - SIGHUP likewise: a command that ignores it lives on, watched to its
#   end;
# - SIGINT ignored when forkwatch starts stays ignored for the command;
# - SIGKILL to forkwatch kills the traced command too (PTRACE_O_EXITKILL);
# - a vfork child (tests/scenarios/vfork): its fork from the suspended
#   parent and its exit, then the parent's;
# - on a terminal: the command's status through script -e, its line on
#   the terminal whole among the events (stderr), alone with -o FILE;
#   Ctrl-C reaches the command from the terminal (not twice): the sleep's
#   end is told (killed by SIGINT), the shell that traps it goes on, and
#   forkwatch exits with the shell's 0;
# - Ctrl-Z in an interactive bash (tmux): the job stops, the command
#   with it until fg, then ends with its status.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need timeout jq pgrep
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
scn=$(cd "$top_builddir/tests/scenarios" && pwd)
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
[ -x "$scn/vfork" ] || { echo "no $scn/vfork: make check builds it"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir -m 700 "$tmp/locked"
export LC_ALL=C
# A traced command built with AddressSanitizer (the suite's sanitizer
# run) cannot run LeakSanitizer at its exit: that stops its threads with
# ptrace, which a traced process refuses, and it exits 1 instead of with
# its own status.  Leaks are checked in the other tests' runs.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
have_script=false
command -v script >/dev/null 2>&1 && have_script=true
have_tmux=false
command -v tmux >/dev/null 2>&1 && have_tmux=true
sock=fks-ptrace-signals-$$

# until_true CMD...: CMD succeeds within 20 s
until_true() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -ge 200 ] && return 1
		sleep 0.1
	done
}
# pid_of_exec FILE WORDS: the pid of the first exec of WORDS in FILE
pid_of_exec() {
	sed -n "s/^[^ ]* *[^ ]* *exec *\([0-9]*\) .* $2\$/\1/p" "$1" \
	    2>/dev/null | head -n 1
}
has() {	# has FILE REGEX
	grep -qs -- "$2" "$1"
}
traced() {	# traced PID: it has a tracer
	[ "$(sed -n 's/^TracerPid:[^0-9]*//p' "/proc/$1/status" 2>/dev/null)" \
	    != 0 ]
}
gone() {
	! kill -0 "$1" 2>/dev/null
}

# as WHO SRC: every case, as WHO ("" or $asuser) with SRC
as() {
	who=$1 src=$2
	dir=$tmp/root
	[ -n "$who" ] && dir=$tmp/user
	mkdir -p "$dir"
	[ -n "$who" ] && chown "$testuid" "$dir"
	tag="${who:+[$TESTUSER] }${src:-auto}"

	# a command that cannot run
	printf 'echo should not run\n' >"$dir/noexec"
	chmod 644 "$dir/noexec"
	for c in "127 fks-no-such-command command not found" \
	    "126 $dir/noexec Permission denied"; do
		set -- $c
		want=$1 name=$2
		shift 2
		# (a directory the user may not search on PATH: execvp's
		# EACCES, yet the name is not found)
		(cd "$dir" && timeout 60 $who env PATH="$tmp/locked:$PATH" \
		    "$fw" $src -- "$name" >out 2>err)
		same "$tag cannot run $name: status" $? "$want"
		sed -i 's/^lt-forkwatch:/forkwatch:/' "$dir/err"
		same "$tag cannot run $name: stderr" "$(cat "$dir/err")" \
		    "forkwatch: cannot run '$name': $*"
		same "$tag cannot run $name: stdout" "$(cat "$dir/out")" ""
	done

	# a signal sent to forkwatch alone: the command's
	for sig in TERM:143 INT:130; do
		want=${sig#*:} sig=${sig%:*}
		rm -f "$dir/ev.txt"
		(cd "$dir" && exec timeout 60 $who "$fw" $src -o ev.txt -- \
		    sh -c 'sleep 30 & wait; echo after' >out 2>err) &
		bg=$!
		check "$tag SIG$sig: no sleep told" until_true has \
		    "$dir/ev.txt" ' exec .* sleep 30$'
		sh_pid=$(sed -n 's/^[^ ]* *[^ ]* *exec *\([0-9]*\) .* sh -c .*/\1/p' \
		    "$dir/ev.txt")
		sleep_pid=$(pid_of_exec "$dir/ev.txt" "sleep 30")
		kill -$sig $(pgrep -P $bg)
		wait $bg
		same "$tag SIG$sig: status" $? "$want"
		check "$tag SIG$sig: the command's end not told" has \
		    "$dir/ev.txt" " exit *$sh_pid .* killed by SIG$sig after"
		same "$tag SIG$sig: the command went on" "$(cat "$dir/out")" ""
		check "$tag SIG$sig: forkwatch said something: $(cat \
		    "$dir/err")" test ! -s "$dir/err"
		# the sleep, not signalled, is let go and runs on untraced
		check "$tag SIG$sig: the sleep was signalled or is traced" \
		    until_true eval "! traced $sleep_pid && ! gone $sleep_pid"
		kill "$sleep_pid" 2>/dev/null
	done

	# a command that takes the first SIGINT and goes on
	rm -f "$dir/ev.txt" "$dir/one" "$dir/two"
	(cd "$dir" && exec timeout 60 $who "$fw" $src -o ev.txt -- sh -c \
	    'trap "echo got INT" INT
	    until [ -e one ]; do sleep 0.05; done; /bin/echo one-seen
	    until [ -e two ]; do sleep 0.05; done; /bin/echo two-seen
	    exit 3' >out 2>err) &
	bg=$!
	check "$tag trapped INT: no sleep told" until_true has "$dir/ev.txt" \
	    ' exec .* sleep 0.05$'
	fwpid=$(pgrep -P $bg)
	sh_pid=$(sed -n 's/^[^ ]* *[^ ]* *exec *\([0-9]*\) .* sh -c .*/\1/p' \
	    "$dir/ev.txt")
	kill -INT "$fwpid"
	check "$tag trapped INT: the command did not get it" until_true has \
	    "$dir/out" '^got INT$'
	touch "$dir/one"
	check "$tag trapped INT: the watch did not go on" until_true has \
	    "$dir/ev.txt" ' exec .* /bin/echo one-seen$'
	kill -INT "$fwpid"
	check "$tag trapped INT: still traced after a second SIGINT" \
	    until_true eval "! traced $sh_pid"
	touch "$dir/two"
	wait $bg
	same "$tag trapped INT: status" $? 3
	same "$tag trapped INT: its output" "$(cat "$dir/out")" "got INT
one-seen
two-seen"
	check "$tag trapped INT: told after the watch ended" \
	    sh -c "! grep -q ' exec .* /bin/echo two-seen\$' '$dir/ev.txt'"

	# SIGHUP to forkwatch (a shell's hangup) is passed on too: a command
	# that ignores it lives on, traced to its end (killed with forkwatch,
	# it would have taken the command along)
	rm -f "$dir/ev.txt" "$dir/go"
	(cd "$dir" && exec timeout 60 $who "$fw" $src -o ev.txt -- sh -c \
	    'trap "" HUP; until [ -e go ]; do sleep 0.1; done; echo survived
	    exit 4' >out 2>err) &
	bg=$!
	check "$tag SIGHUP: no sleep told" until_true has "$dir/ev.txt" \
	    ' exec .* sleep 0.1$'
	sh_pid=$(sed -n 's/^[^ ]* *[^ ]* *exec *\([0-9]*\) .* sh -c .*/\1/p' \
	    "$dir/ev.txt")
	kill -HUP $(pgrep -P $bg)
	sleep 0.3
	touch "$dir/go"
	wait $bg
	same "$tag SIGHUP: status" $? 4
	same "$tag SIGHUP: the command" "$(cat "$dir/out")" survived
	check "$tag SIGHUP: its end not told" has "$dir/ev.txt" \
	    " exit *$sh_pid .* exit 4 after"

	# a signal forkwatch found ignored (a background job's SIGINT) stays
	# ignored for the command, as without forkwatch
	(cd "$dir" && timeout 60 $who sh -c 'trap "" INT; exec "$@"' sh \
	    "$fw" $src -- sh -c 'kill -INT $$; echo survived' >out 2>err)
	same "$tag ignored SIGINT: status" $? 0
	same "$tag ignored SIGINT: the command" "$(cat "$dir/out")" survived

	# SIGKILL to forkwatch: the traced command dies with it
	rm -f "$dir/ev.txt"
	(cd "$dir" && exec timeout 60 $who "$fw" $src -o ev.txt -- sh -c \
	    'sleep 30; echo after' >out 2>err) &
	bg=$!
	check "$tag SIGKILL: no sleep told" until_true has "$dir/ev.txt" \
	    ' exec .* sleep 30$'
	sleep_pid=$(pid_of_exec "$dir/ev.txt" "sleep 30")
	kill -KILL $(pgrep -P $bg)
	wait $bg
	same "$tag SIGKILL: status" $? 137
	check "$tag SIGKILL: the traced sleep lives on" until_true gone \
	    "$sleep_pid"
	same "$tag SIGKILL: the command went on" "$(cat "$dir/out")" ""

	# a vfork child
	(cd "$dir" && timeout 60 $who "$fw" $src -j -o vf.json -- \
	    "$scn/vfork" </dev/null >vf.out 2>err)
	same "$tag vfork: status" $? 0
	line=$(cat "$dir/vf.out")
	get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	ctl=$(get controller) par=$(get parent) child=$(get child)
	f=$(head -n 1 "$dir/vf.json" | jq .ppid)	# forkwatch
	same "$tag vfork: the events" "$(jq -r -s '[.[] |
	    "\(.event) \(.pid) \(.ppid) \(.exit_code // "")"] |
	    join(",")' "$dir/vf.json")" \
	    "fork $ctl $f ,exec $ctl $f ,fork $par $ctl ,fork $child $par ,exit $child $par 0,exit $par $ctl 0,exit $ctl $f 0"

	if ! $have_script; then
		echo "note: no script(1): the terminal cases not run"
		return
	fi
	# on a terminal: the status, the command's line whole on it.  script
	# runs forkwatch through $SHELL -c, which is told to exec it: a shell
	# left waiting (dash, for one) would be killed by the Ctrl-C below,
	# and script would give the shell's 130 for forkwatch's status
	(cd "$dir" && timeout 60 script -qec "exec $who $fw $src -- sh -c \
	    'echo a line of its own; exit 3'" /dev/null </dev/null >tty.out \
	    2>&1)
	same "$tag tty: status" $? 3
	check "$tag tty: the command's line is not whole: $(cat \
	    "$dir/tty.out")" grep -q '^a line of its own.$' "$dir/tty.out"
	check "$tag tty: no events on the terminal" grep -q \
	    ' exit .* exit 3 after' "$dir/tty.out"
	(cd "$dir" && timeout 60 script -qec "exec $who $fw $src -o ev.txt -- sh \
	    -c 'echo a line of its own; exit 3'" /dev/null </dev/null \
	    >tty.out 2>&1)
	same "$tag tty -o: status" $? 3
	same "$tag tty -o: the terminal" "$(tr -d '\r' <"$dir/tty.out")" \
	    "a line of its own"
	check "$tag tty -o: the exit not in the file" has "$dir/ev.txt" \
	    ' exit .* exit 3 after'

	# Ctrl-C on the terminal
	rm -f "$dir/ev.txt" "$dir/in" "$dir/rc"
	mkfifo "$dir/in"
	(cd "$dir" && timeout 60 script -qec "exec $who $fw $src -o ev.txt -- sh \
	    -c 'trap \"echo got INT\" INT; sleep 30; echo after'" /dev/null \
	    <in >tty.out 2>&1; echo $? >rc) &
	bg=$!
	exec 4>"$dir/in"
	check "$tag tty Ctrl-C: no sleep told" until_true has "$dir/ev.txt" \
	    ' exec .* sleep 30$'
	sleep_pid=$(pid_of_exec "$dir/ev.txt" "sleep 30")
	printf '\003' >&4
	check "$tag tty Ctrl-C: the sleep's end not told" until_true has \
	    "$dir/ev.txt" " exit *$sleep_pid .* killed by SIGINT after"
	# the shell took it once, from the terminal: it goes on and ends
	exec 4>&-
	wait $bg
	same "$tag tty Ctrl-C: status" "$(cat "$dir/rc")" 0
	same "$tag tty Ctrl-C: the terminal" "$(tr -d '\r' <"$dir/tty.out" |
	    sed 's/\^C//g; /^$/d')" "got INT
after"

	# Ctrl-Z and fg in an interactive shell (tmux): the command stops
	# with forkwatch, stays stopped, and goes on after fg
	if ! $have_tmux; then
		echo "note: no tmux: Ctrl-Z not tried"
		return
	fi
	rm -f "$dir/tz.txt" "$dir/go"
	tmux -L "$sock" new-session -d -x 200 -y 50 \
	    "$who env PS1='$ ' bash --norc --noprofile -i"
	tmux -L "$sock" send-keys "cd $dir && $fw $src -o tz.txt -- sh -c \
'until [ -e go ]; do sleep 0.1; done; echo went; exit 5'" Enter
	check "$tag Ctrl-Z: no sleep told" until_true has "$dir/tz.txt" \
	    ' exec .* sleep 0.1$'
	sh_pid=$(sed -n 's/^[^ ]* *[^ ]* *exec *\([0-9]*\) .* sh -c .*/\1/p' \
	    "$dir/tz.txt")
	tmux -L "$sock" send-keys C-z
	pane() { tmux -L "$sock" capture-pane -p | grep -q "$1"; }
	check "$tag Ctrl-Z: the shell did not get the job back" until_true \
	    pane Stopped
	touch "$dir/go"
	sleep 0.5
	check "$tag Ctrl-Z: the command went on while stopped" \
	    eval "! pane '^went'"
	# (fg gives the job's status)
	tmux -L "$sock" send-keys 'fg; echo rc=$?' Enter
	check "$tag Ctrl-Z: fg did not finish it" until_true pane '^rc=5'
	check "$tag Ctrl-Z: the command did not go on after fg" pane '^went'
	check "$tag Ctrl-Z: its end not told" has "$dir/tz.txt" \
	    " exit *$sh_pid .* exit 5 after"
	tmux -L "$sock" kill-server 2>/dev/null
}

as "" --source=ptrace
if testuser_init >"$tmp/why" && asuser_can_run "$fw" &&
    asuser_can_run "$scn/vfork"; then
	as "$asuser" ""
else
	echo "as the test user: skipped ($(cat "$tmp/why"))"
fi

finish forkwatch-ptrace-signals
