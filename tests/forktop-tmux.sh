#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forktop-tmux.sh - forktop end to end in a real terminal: tmux (80x24,
# TERM pinned) runs it on a snapshot fixture and on the live system; keys
# are sent and the captured screen is polled for what must show.  q must
# give the shell its screen back (the text printed before forktop shows
# again), and so must SIGTERM.  Skips without tmux.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
bin=$(cd "$top_builddir/cmd" && pwd)/forktop
[ -x "$bin" ] || { echo "SKIP: forktop not built (no ncursesw)"; exit 77; }
. "$top_srcdir/tests/tmuxpanes.sh"
cd "$top_srcdir" || exit 99
sock=forktop-test-$$
trap stop_panes EXIT
fail=0

# Waits up to 10 s for the pane to hold text (a fixed string).
expect() {
	i=0
	while [ $i -lt 100 ]; do
		if t capture-pane -p -t ft | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: no '$1' on the screen; it holds:"
	t capture-pane -p -t ft
	fail=1
	return 1
}

start() {	# start CMD [COLUMNS]
	t kill-session -t ft 2>/dev/null
	t new-session -d -s ft -x "${2:-80}" -y 24 \
		"env TERM=xterm LC_ALL=C.UTF-8 TZ=UTC sh -c 'echo BEFORE-FORKTOP; $1; echo EXIT=\$?; sleep 60'"
}

# a snapshot: the tree, a fold with its totals, the details, q; with
# the columns of -o (ps's names), for the totals to fit in 80 columns
start "$bin -o pid,user,stat,rsz --proc-root fixtures/scn-zombie-farm"
expect "  PID USER     STAT    RSS  COMMAND" &&
expect "15901 root     Ss    1456K" &&
expect "zf-child <defunct>"
t send-keys -t ft j Enter
expect "+zf-parent [21 tasks, 21 thr, 20 zombies]"
t send-keys -t ft d
expect "Path     1 process_api > 15901 zf-parent"
# a key forktop does not use is input all the same, not the end of it
t send-keys -t ft F12
t send-keys -t ft K
expect "a snapshot: no signals"
t send-keys -t ft q
expect "EXIT=0" && expect "BEFORE-FORKTOP"

# the live system: pid 1, forktop's own row through the filter, its
# details with the status fields (read only for the pane), then SIGTERM restores the terminal and ends it by the signal (143 from the
# shell).  Its pid is the pane shell's child: never look it up by name,
# other forktops (the golden tests) may run meanwhile.
start "$bin -d 0.2"
expect ">      1 "
sh_pid=$(t display-message -p -t ft '#{pane_pid}')
pid=$(pgrep -P "$sh_pid" | head -n 1)
if [ -z "$pid" ]; then
	echo "FAIL: no forktop under the pane's shell $sh_pid"
	fail=1
else
	t send-keys -t ft '\'
	t send-keys -t ft -l -- '-d 0.2'
	t send-keys -t ft Enter
	expect "filtered" && expect " $pid root "
	# status is read for the details pane alone, when it opens
	t send-keys -t ft d
	expect "Uid      0 real, 0 effective" && expect "SigCgt"
	kill -TERM "$pid"
	expect "EXIT=143" && expect "BEFORE-FORKTOP"
fi

# gone PID WHAT: PID must exit within 5 s (its terminal is gone)
gone() {
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "FAIL: $2: forktop $1 still runs 5 s after; killed"
		kill -KILL "$1"
		fail=1
	else
		echo "ok: $2: forktop exited"
	fi
}

# hangup: the pane (or the whole session) closed under a running forktop,
# as root and as an ordinary user (tests/testuser.sh), must end it at
# once, never leave it polling a dead terminal.  A snapshot: no refresh
# wakes it, only the terminal can.
hup_run() {	# hup_run WHAT KILL-COMMAND [PREFIX]
	start "${3:-} $bin --proc-root fixtures/scn-zombie-farm"
	expect "15901 root     S     -    -  0:00  1456K" || return
	sh_pid=$(t display-message -p -t ft '#{pane_pid}')
	pid=$(pgrep -P "$sh_pid" | head -n 1)
	[ -n "$pid" ] || { echo "FAIL: $1: no forktop"; fail=1; return; }
	t $2
	gone "$pid" "$1"
}
hup_run "kill-pane" "kill-pane -t ft"
hup_run "kill-session" "kill-session -t ft"
. "$top_srcdir/tests/testuser.sh"
if testuser_init >/dev/null && asuser_can_run "$bin"; then
	hup_run "kill-pane, as $TESTUSER" "kill-pane -t ft" "$asuser"
else
	echo "note: no hangup test as an ordinary user (not root, or" \
	    "$TESTUSER cannot run $bin)"
fi
# and without SIGHUP: forktop on a pane's terminal that is not its
# controlling terminal (setsid) gets no signal when the pane dies, only
# a hangup on its input (poll's POLLHUP, then read() returns 0 or EIO);
# it ends as SIGHUP would have ended it (129 from the shell).  setsid
# runs it in place: a background job of this shell leads no group.
t kill-session -t ft 2>/dev/null
ttyf=$(mktemp)
t new-session -d -s ft -x 80 -y 24 "tty >$ttyf; exec sleep 600"
i=0
while [ ! -s "$ttyf" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
pty=$(cat "$ttyf")
rm -f "$ttyf"
setsid sh -c 'exec env TERM=xterm "$0" --proc-root fixtures/scn-zombie-farm \
    <"$1" >"$1" 2>/dev/null' "$bin" "$pty" &
pid=$!
if expect "15901 root     S     -    -  0:00  1456K"; then
	t kill-session -t ft
	gone "$pid" "pane killed, forktop not in its session"
	wait "$pid" 2>/dev/null
	rc=$?
	if [ $rc != 129 ]; then
		echo "FAIL: its exit status after a hangup is $rc, not 129"
		fail=1
	fi
else
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
fi

# highlights on the live system: the fork scenario, started while forktop
# watches with a filter on its names, shows <new>, then <exited> once it
# ends; the marks last two refreshes (2 s at -d 1), the polling sees them.
# The pane is wide: the test runs deep in a tree of shells and makes.
# Where the proc connector delivers events (forkwatch's trial run says),
# the title counts forks and exits too.  Then K on the child: the
# confirmation names it, n sends nothing, y sends SIGTERM.
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)/fork
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
if [ ! -x "$scn" ]; then
	echo "FAIL: no $scn (make check builds it)"
	fail=1
else
	tmp=$(mktemp -d)
	trap 'stop_panes; exec 3>&-; rm -rf "$tmp"' EXIT
	# this run's fork scenario, named apart from any other's (the
	# walkthrough runs the same one beside this test): its processes
	# are found, and signalled, by this name (a letter, so that no
	# other command line, such as tmux's socket name with $$, holds it)
	tag=-Q$(($$ % 1000))
	start "$bin -d 1" 250
	expect ">      1 "
	t send-keys -t ft '\'
	t send-keys -t ft -l -- "$tag"
	t send-keys -t ft Enter
	expect "(no process to show)"
	. "$top_srcdir/tests/scenario.sh"
	export SCN_COMM_SUFFIX="$tag"
	scenario_start 3 "$scn"
	unset SCN_COMM_SUFFIX
	child=$(scenario_key child)
	# the mark first: it shows for two refreshes only, the row stays
	expect "fk-child$tag <new>" && expect "$child root     S"
	if timeout 60 "$fw" --source=connector -j -- /bin/true \
	    >/dev/null 2>&1; then
		expect " exit"	# the title: "N forks M exits"
	else
		echo "note: no proc connector here: no event counts to see"
	fi
	# a signal: the confirmation names the process; n sends nothing, y
	# sends it, and the child, unreaped, becomes a zombie
	t send-keys -t ft /
	t send-keys -t ft -l -- "fk-child$tag"
	t send-keys -t ft Enter
	t send-keys -t ft K
	expect "Send SIGTERM to $child fk-child$tag (started "
	t send-keys -t ft Right
	expect "Send SIGKILL to $child fk-child$tag (started "
	t send-keys -t ft n
	expect "no signal sent"
	kill -0 "$child" || { echo "FAIL: $child got a signal after n"; fail=1; }
	t send-keys -t ft K
	expect "Send SIGTERM to $child fk-child$tag"
	t send-keys -t ft y
	expect "sent SIGTERM to $child fk-child$tag" &&
	expect "fk-child$tag <defunct>"
	exec 3>&-	# the scenario ends with its stdin
	expect "fk-parent$tag <exited>"
	wait
fi

[ $fail = 0 ] && echo "forktop-tmux: ok"
exit $fail
