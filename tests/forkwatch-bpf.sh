#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-bpf.sh - forkwatch's BPF source on the live kernel, through
# the command's views.  As root:
# - 200 short execs of /bin/true, each tagged with this run's tag and its
#   number: all 200 shown named "true" with exactly that argv and the
#   file name, none unnamed in -S's summary;
# - the eventful scenario (tests/scenarios/eventful): each task's events
#   in order (no sid or coredump event: BPF does not tell them), exit
#   codes 0 and 3, SIGKILL, SIGSEGV without a core, the thread against
#   its process (group_dead false, then true at the controller's exit), a
#   rename, an exec with its argv; its record replays to the same lines;
# - -v says "events: the bpf source";
# - threads made before the watch (the threads scenario: /proc's threads
#   are not read at the start) are still named at their exits.
# As the test user (tests/testuser.sh): --source=bpf is refused in one
# line (exit 1), and auto falls back, saying why under -v.
# Skips where BPF cannot run even as root, saying why.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need jq timeout
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
[ -x "$scn/eventful" ] || { echo "no $scn/eventful: run make check"; exit 99; }
[ -x "$scn/threads" ] || { echo "no $scn/threads: run make check"; exit 99; }
[ "$(id -u)" = 0 ] || { echo "SKIP: the BPF source needs root"; exit 77; }
. "$top_srcdir/tests/scenario.sh"
scenario_setup

if ! timeout 60 "$fw" --source=bpf -j -- /bin/true 2>"$tmp/trial.err" \
    >/dev/null; then
	echo "SKIP: the BPF source cannot run here: $(cat "$tmp/trial.err")"
	exit 77
fi

# -- 200 execs, each named at the moment of its exec
tag=fwbpf-$$
timeout 120 "$fw" -v -S -j -o - -- /bin/sh -c \
    'i=0; while [ $i -lt 200 ]; do i=$((i + 1)); /bin/true "$0" $i; done' \
    "$tag" >"$tmp/loop.json" 2>"$tmp/loop.err"
same "the loop: exit status" $? 0
same "the loop: -v" "$(sed -n 1p "$tmp/loop.err")" \
    "forkwatch: events: the bpf source"
same "the loop: execs named true with their argv" "$(jq -r --arg t "$tag" \
    'select(.event == "exec" and .cmdline[1] == $t) |
    "\(.comm) \(.filename) \(.cmdline | length) \(.cmdline[0])"' \
    "$tmp/loop.json" | sort | uniq -c | sed 's/^ *//')" \
    "200 true /bin/true 3 /bin/true"
same "the loop: every number once" "$(jq -r --arg t "$tag" \
    'select(.event == "exec" and .cmdline[1] == $t) | .cmdline[2]' \
    "$tmp/loop.json" | sort -n | uniq | wc -l | tr -d ' ')" 200
same "the loop: unnamed" "$(sed -n 's/^unnamed: \([0-9]*\) .*/\1/p' \
    "$tmp/loop.err")" 0

# -- eventful: the known tree, recorded
mkfifo "$tmp/ev.in" || exit 99
timeout 120 "$fw" -j -o - -w "$tmp/ev.rec" -- "$scn/eventful" \
    --report "$tmp/ev.line" <"$tmp/ev.in" >"$tmp/ev.json" \
    2>"$tmp/ev.err" &
fwpid=$!
exec 3>"$tmp/ev.in"
i=0
until grep -q '^scenario=eventful ' "$tmp/ev.line" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "eventful did not start"; exit 99; }
	sleep 0.1
done
exec 3>&-	# with BPF, the exec'd child's name needs no wait: let it end
wait $fwpid
same "eventful: exit status" $? 0
same "eventful: stderr" "$(cat "$tmp/ev.err")" ""
line=$(cat "$tmp/ev.line")
key() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
events() {	# events PID: its event types in line order
	jq -r -s --argjson p "$1" \
	    '[.[] | select(.pid == $p) | .event] | join(",")' "$tmp/ev.json"
}
facts() {	# facts PID EVENT JQ
	jq -r -s --argjson p "$1" --arg e "$2" \
	    ".[] | select(.pid == \$p and .event == \$e) | $3" "$tmp/ev.json"
}
ctl=$(key controller) thread=$(key thread)
same "controller" "$(events "$ctl")" "fork,exec,comm,exit"
same "controller: exec" "$(facts "$ctl" exec \
    '"\(.comm) \(.name_read) \(.filename) \(.cmdline | join(" "))"')" \
    "eventful true $scn/eventful $scn/eventful --report $tmp/ev.line"
same "controller: exit" "$(facts "$ctl" exit \
    '"\(.comm) \(.exit_code) \(.group_dead)"')" "ev-ctl 0 true"
same "thread" "$(events "$thread")" "clone,comm,exit"
same "thread: exit" "$(facts "$thread" exit \
    '"\(.tgid) \(.thread) \(.comm) \(.group_dead)"')" \
    "$ctl true ev-thread false"
for c in "exit0 fork,comm,exit ev-exit0 0 0 null" \
    "exit3 fork,comm,exit ev-exit3 768 3 null" \
    "kill fork,comm,exit ev-kill 9 null SIGKILL" \
    "segv fork,comm,exit ev-segv 11 null SIGSEGV" \
    "setsid fork,comm,exit ev-setsid 0 0 null" \
    "rename fork,comm,comm,exit ev-renamed 0 0 null"; do
	set -- $c
	p=$(key $1)
	same "$1" "$(events "$p")" "$2"
	same "$1: exit" "$(facts "$p" exit '"\(.comm) \(.wait_status) \(.exit_code) \(.signal_name) \(.ppid)"')" \
	    "$3 $4 $5 $6 $ctl"
done
same "segv: no core" "$(facts "$(key segv)" exit .core_dumped)" false
p=$(key exec)
same "exec" "$(events "$p")" "fork,comm,exec,exit"
same "exec: its argv" "$(facts "$p" exec '.cmdline | tojson')" \
    "$(jq -n -c --arg p "$(key exec_path)" '[$p, "--exec-hold"]')"
"$fw" -j -r "$tmp/ev.rec" -p "$ctl" >"$tmp/replay.json" 2>"$tmp/replay.err"
same "replay: exit status" $? 0
same "replay: the same lines" "$(jq -c 'del(.wall_ns)' "$tmp/replay.json")" \
    "$(jq -c 'del(.wall_ns)' "$tmp/ev.json")"

# -- threads older than the watch, named at their exits
scenario_start 4 "$scn/threads"
tids=$(scenario_key tids)
timeout 120 "$fw" --source=bpf -v -j -o - >"$tmp/th.json" 2>"$tmp/th.err" 4>&- &
fwpid=$!
i=0
until grep -q '^forkwatch: events: the bpf source' "$tmp/th.err"; do
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "forkwatch did not start"; exit 99; }
	sleep 0.1
done
exec 4>&-
i=0
until grep -q "\"event\":\"exit\",[^}]*\"pid\":$spid,.*}\$" "$tmp/th.json"
do
	i=$((i + 1))
	[ $i -lt 600 ] || break
	sleep 0.1
done
kill -INT $fwpid
wait $fwpid
same "threads: forkwatch's exit status" $? 0
n=0
for t in $(echo "$tids" | tr , ' '); do
	n=$((n + 1))
	same "threads: worker $t's exit" "$(jq -r --argjson p "$t" \
	    'select(.event == "exit" and .pid == $p) |
	    "\(.tgid) \(.comm) \(.group_dead)"' "$tmp/th.json")" \
	    "$spid worker-$n false"
done
same "threads: the process's exit" "$(jq -r --argjson p "$spid" \
    'select(.event == "exit" and .pid == $p) | "\(.comm) \(.group_dead)"' \
    "$tmp/th.json")" "th-main true"

# -- as the test user: refused, and auto says why
if testuser_init >/dev/null && asuser_can_run "$fw"; then
	$asuser "$fw" --source=bpf -- /bin/true >"$tmp/u.out" 2>"$tmp/u.err"
	same "as $TESTUSER, --source=bpf: exit status" $? 1
	same "as $TESTUSER, --source=bpf: stderr" "$(cat "$tmp/u.err")" \
	    "forkwatch: cannot use the BPF source: not permitted: needs root or CAP_BPF and CAP_PERFMON"
	$asuser "$fw" -v -j -o - -- /bin/true >"$tmp/u.json" 2>"$tmp/u.err"
	same "as $TESTUSER, auto: exit status" $? 0
	check "as $TESTUSER, auto: no reason: $(cat "$tmp/u.err")" grep -q \
	    '^forkwatch: events: .*not bpf: not permitted: needs root or CAP_BPF and CAP_PERFMON' \
	    "$tmp/u.err"
else
	echo "note: no test user can run $fw: the refusal is not tried"
fi
finish forkwatch-bpf
