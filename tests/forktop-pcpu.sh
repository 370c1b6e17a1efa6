#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forktop-pcpu.sh - forktop's %CPU on the live system, in tmux (a
# terminal) and headless (none), as root and as the test user
# (tests/testuser.sh).  A busy loop must show about 100 % on an idle
# machine; on a shared one, other work takes its share, so the check is
# against what the loop really got: its utime+stime ticks in /proc over
# the same seconds, over those seconds.  The mean of forktop's 6 readings
# (-d 1) must be within 15 points of it headless, where the 6 intervals
# are the window; within 20 in the terminal, where the screen is captured
# each second but the refreshes run on their own clock, so the readings'
# intervals lie inside the window (it opens 2 s before the first capture)
# without filling it.  None above 102 (one thread cannot pass 100), and a
# sleeping process must read 0.0 every time.  Then, in the terminal,
# the user filter (u) shows the test user's sleeper alone, and the c key
# changes the columns.  Skips without tmux or forktop.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
bin=$(cd "$top_builddir/cmd" && pwd)/forktop
[ -x "$bin" ] || { echo "SKIP: forktop not built (no ncursesw)"; exit 77; }
. "$top_srcdir/tests/testuser.sh"
. "$top_srcdir/tests/tmuxpanes.sh"
tmp=$(mktemp -d) && chmod 755 "$tmp" || exit 99
sock=forktop-pcpu-$$
# this run's processes, named apart from any other run's by a tag
tag=Qc$$
# (output elsewhere: nothing left behind may hold the test's stdout)
sh -c 'while :; do :; done' "busy-$tag" </dev/null >/dev/null 2>&1 &
busy=$!
sh -c 'sleep 600; : idle' "idle-$tag" </dev/null >/dev/null 2>&1 &
idle=$!
asuser=
if testuser_init >/dev/null && asuser_can_run "$bin"; then :; else
	asuser=; echo "note: not as an ordinary user (not root, or" \
	    "$TESTUSER cannot run $bin)"
fi
uidle=
if [ -n "$asuser" ]; then
	$asuser sh -c 'sleep 600; : idle' "uidle-$tag" </dev/null \
	    >/dev/null 2>&1 &
	uidle=$!
fi
cleanup() {
	stop_panes
	# the sleepers' children first: the shells' pids find them
	pkill -P "$idle" 2>/dev/null
	[ -z "$uidle" ] || pkill -P "$uidle" 2>/dev/null
	kill $busy $idle $uidle 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The %CPU of PID in a screen of "-o pid,pcpu" (a leading '>' marks the
# selection).
pcpu_of() {	# pcpu_of PID FILE
	sed 's/^>/ /' "$2" | awk -v p="$1" '$1 == p { print $2; exit }'
}

# The busy loop's CPU so far, in seconds, and the time now.
mark() {
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, "")
		printf "%.3f ", ($12 + $13) / hz }' "/proc/$busy/stat"
	awk '{ print $1 }' /proc/uptime
}

# Checks 6 readings of the busy loop and the sleeper, one a file,
# against the loop's real share between two marks, within TOL points.
check() {	# check WHO TOL MARK0 MARK1 FILE...
	who=$1 tol=$2 m0=$3 m1=$4
	shift 4
	sum=0 n=0
	for f in "$@"; do
		b=$(pcpu_of "$busy" "$f") i=$(pcpu_of "$idle" "$f")
		case $b in ""|-) continue ;; esac
		n=$((n + 1))
		[ "$i" = 0.0 ] || bad "$who: the sleeper reads '$i' %CPU"
		echo "$b" | awk '{ exit !($1 <= 102) }' ||
			bad "$who: the busy loop reads $b %CPU"
		sum=$(echo "$b $sum" | awk '{ print $1 + $2 }')
	done
	[ $n -ge 4 ] || { bad "$who: $n readings of the busy loop"; return; }
	real=$(echo "$m0 $m1" | awk '{ printf "%.1f", ($3 - $1) * 100 / ($4 - $2) }')
	mean=$(echo "$sum $n" | awk '{ printf "%.1f", $1 / $2 }')
	if echo "$mean $real $tol" |
	    awk '{ d = $1 - $2; exit !(d <= $3 && d >= -$3) }'; then
		echo "ok: $who: busy loop $mean %CPU (/proc: $real), sleeper 0.0"
	else
		bad "$who: the busy loop reads $mean %CPU, /proc says $real"
	fi
}

# headless: no terminal
headless() {	# headless WHO [PREFIX]
	# this run's rows alone (a busy machine's tree passes a screen),
	# then 6 times a second's wait and a refresh
	{ printf '\\%s\n' "$tag"
	  printf 'sleep 1\nrefresh\n%.0s' 1 2 3 4 5 6; } >"$tmp/keys"
	d=$tmp/dump-$$-${2:+user}
	mkdir "$d" && chmod 777 "$d"
	m0=$(mark)
	${2:-} "$bin" --headless --keys "$tmp/keys" --dump "$d" \
	    --size 250x60 -o pid,pcpu -d 1 2>"$tmp/err" ||
		{ bad "$1: forktop --headless failed"; cat "$tmp/err"; }
	m1=$(mark)
	# the steps after each refresh: 3, 5, ... 13 (1 is the filter)
	check "$1, headless" 15 "$m0" "$m1" "$d"/step-00[3579].txt \
	    "$d"/step-01[13].txt
}
headless root
[ -z "$asuser" ] || headless "$TESTUSER" "$asuser"

# a terminal: tmux, captured once a second
term() {	# term WHO [PREFIX]
	t kill-session -t ft 2>/dev/null
	t new-session -d -s ft -x 250 -y 50 \
	    "env TERM=xterm LC_ALL=C.UTF-8 ${2:-} $bin -d 1 -o pid,pcpu; sleep 60"
	sleep 1
	t send-keys -t ft '\'
	t send-keys -t ft -l -- "$tag"
	t send-keys -t ft Enter
	sleep 1.5
	m0=$(mark)
	sleep 1
	for k in 1 2 3 4 5 6; do
		sleep 1
		t capture-pane -p -t ft >"$tmp/cap-$k"
	done
	m1=$(mark)
	check "$1, terminal" 20 "$m0" "$m1" "$tmp"/cap-[1-6]
}
term root
[ -z "$asuser" ] || term "$TESTUSER" "$asuser"

# the user filter and the c key, in the last terminal
expect() {	# expect TEXT: within 10 s
	i=0
	while [ $i -lt 100 ]; do
		t capture-pane -p -t ft | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	bad "no '$1' on the screen"; t capture-pane -p -t ft
	return 1
}
if [ -n "$asuser" ]; then
	t send-keys -t ft u
	t send-keys -t ft -l -- "$TESTUSER"
	t send-keys -t ft Enter
	expect "user $TESTUSER"
	expect "uidle-$tag"
	t capture-pane -p -t ft | grep -qF "busy-$tag" &&
		bad "u $TESTUSER: root's busy loop still shows"
	t send-keys -t ft u C-u Enter
	expect "any user"
	expect "busy-$tag"
fi
t send-keys -t ft c C-u
t send-keys -t ft -l -- "pid,user,nlwp,%mem"
t send-keys -t ft Enter
expect "    PID USER     NLWP %MEM  COMMAND"
t send-keys -t ft q
[ $fail = 0 ] && echo "forktop-pcpu: ok"
exit $fail
