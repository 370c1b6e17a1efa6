#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-live.sh - forkwatch on the live kernel, against a known tree of
# events (tests/scenarios/eventful) and an orphan (tests/scenarios/orphan).
# Asserts, with jq on -j's lines:
# (-o -: with a command, the events go to stdout only when asked, and
# stdout is where this test reads them.)
# - eventful under `forkwatch --source=connector -j -w REC -- eventful`:
#   exactly the pids it reports, and for each exactly its events in
#   order: the controller
#   fork,exec,comm,exit; its thread clone,comm,exit (tgid the controller,
#   thread true); children fork,comm,exit with exit codes 0 and 3, SIGKILL,
#   SIGSEGV with core_dumped false (after a coredump event), a sid event,
#   a second comm event "ev-renamed", an exec with comm "eventful" and the
#   exact cmdline; every child's ppid the controller; per pid, time_ns
#   never goes back; lifetime_ns = exit - fork; the controller's exit last;
# - orphan: the middle's exit with orphans 1, then a reparent event for
#   the orphan naming the new parent the scenario saw (init or a
#   subreaper) and orphan_of the middle;
# - replay: `-r REC -p CONTROLLER` prints the same lines as the live run;
# - a corrupt record (a byte of a record's body flipped) and a truncated
#   one: "record N (byte M)" on stderr, exit 1, and exactly the lines a
#   file cut cleanly before record N gives, a prefix of the good replay;
# - unprivileged (as nobody when root): the connector, or the poll with a
#   notice; `--source=poll --interval 100` sees a child that lives 1 s
#   (fork and exit, approximate); in a new network namespace (root) the
#   connector refuses and forkwatch, without BPF's capabilities, polls
#   with a notice;
# - `forkwatch | head -1` ends quietly; SIGINT ends it with status 0 and
#   -S's summary; --duration and --count stop it.
# Skips where the proc connector is unavailable (a trial run decides).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need jq mkfifo timeout od
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
for s in eventful orphan; do
	[ -x "$scn/$s" ] || { echo "no $scn/$s: run make check"; exit 99; }
done
tmp=$(mktemp -d) || exit 99
export LC_ALL=C TZ=UTC
# every wait is bounded by this many tenths of a second (a loaded machine
# is slow, a hang must still fail)
LIMIT=600

bgpids=""
. "$top_srcdir/tests/scenario.sh"	# for scenario_cleanup
trap 'scenario_cleanup $bgpids 2>/dev/null' EXIT
trap 'exit 1' HUP INT TERM

# polled_sleep WHAT GOT: the events a poll shows of the command's sleep.
# A poll can land inside its exec, after the new name and before the new
# command line is set up (load_elf_binary): it then also reports the exec.
polled_sleep() {
	case $2 in
	"fork sleep true,exit sleep true") ok ;;
	"fork sleep true,exec sleep true,exit sleep true")
		echo "note: $1: a poll landed inside the exec"
		ok ;;
	*) bad "$1: got '$2', want 'fork sleep true,exit sleep true'" ;;
	esac
}
# until_true CMD...: runs CMD every 0.1 s until it succeeds (1) or LIMIT
until_true() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -lt $LIMIT ] || return 1
		sleep 0.1
	done
}
alive() { kill -0 "$1" 2>/dev/null; }
differ() { ! cmp -s "$1" "$2"; }
gone() { ! kill -0 "$1" 2>/dev/null; }
key() {	# key NAME: a value from $line
	echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
# has_event FILE EVENT PID: a complete line of that event and pid
has_event() {
	grep -q "^{\"event\":\"$2\",[^}]*\"pid\":$3,.*}\$" "$1"
}

# -- is the connector there?  A trial run decides.
timeout 60 "$fw" --source=connector -j -o - -- /bin/true >"$tmp/trial.json" \
    2>"$tmp/trial.err"
trc=$?
if [ $trc = 124 ]; then
	echo "SKIP: the proc connector delivers no event here (60 s)"
	exit 77
elif [ $trc != 0 ]; then
	echo "SKIP: the proc connector is unavailable: $(cat "$tmp/trial.err")"
	exit 77
fi

# -- eventful: the known tree, recorded
mkfifo "$tmp/ev.in" || exit 99
# (the connector: the BPF source, auto's choice as root, tells no sid or
# coredump event; tests/forkwatch-bpf.sh runs eventful with it)
"$fw" --source=connector -j -o - -w "$tmp/ev.rec" -- "$scn/eventful" \
    --report "$tmp/ev.line" \
    <"$tmp/ev.in" >"$tmp/ev.json" 2>"$tmp/ev.err" &
fwpid=$!
bgpids="$bgpids $fwpid"
exec 3>"$tmp/ev.in"
if ! until_true grep -q '^scenario=eventful ' "$tmp/ev.line" 2>/dev/null
then
	echo "eventful did not start: $(cat "$tmp/ev.err")"
	exit 99
fi
line=$(cat "$tmp/ev.line")
ctl=$(key controller) thread=$(key thread) exec=$(key exec)
exec_path=$(key exec_path)
# its exec'd child holds until stdin's EOF: once forkwatch showed its new
# name, let it all end
check "no exec event for $exec in 60 s" until_true has_event "$tmp/ev.json" \
    exec "$exec"
exec 3>&-
check "forkwatch still runs 60 s after its command ended" until_true \
    gone "$fwpid"
wait "$fwpid"
same "forkwatch -- eventful: exit status" $? 0
same "forkwatch -- eventful: stderr" "$(cat "$tmp/ev.err")" ""
jq -e . "$tmp/ev.json" >/dev/null || bad "the JSON lines do not parse"

# events PID: the event types of pid, in line order
events() {
	jq -r -s --argjson p "$1" \
	    '[.[] | select(.pid == $p) | .event] | join(",")' "$tmp/ev.json"
}
# facts PID EVENT JQ: JQ on that pid's events of that type, one per line
facts() {
	jq -r -s --argjson p "$1" --arg e "$2" \
	    ".[] | select(.pid == \$p and .event == \$e) | $3" "$tmp/ev.json"
}
all="$ctl $thread"
for role in exit0 exit3 kill segv setsid rename exec; do
	all="$all $(key $role)"
done
same "the pids shown" "$(jq -s -c '[.[].pid] | unique' "$tmp/ev.json")" \
    "$(echo $all | tr ' ' '\n' | sort -n | jq -s -c .)"

# the controller, started by forkwatch
same "controller $ctl" "$(events "$ctl")" "fork,exec,comm,exit"
same "controller: ppids" "$(jq -s -c --argjson p "$ctl" \
    '[.[] | select(.pid == $p) | .ppid] | unique' "$tmp/ev.json")" "[$fwpid]"
# the name after an exec is read from /proc when forkwatch gets to it: a
# busy forkwatch may read the name the controller gave itself right after
same "controller: exec" "$(facts "$ctl" exec \
    '"\(.comm | sub("^ev-ctl$"; "eventful")) \(.name_read) \(.cmdline | join(" "))"')" \
    "eventful true $scn/eventful --report $tmp/ev.line"
same "controller: comm" "$(facts "$ctl" comm .comm)" "ev-ctl"
same "controller: exit" "$(facts "$ctl" exit \
    '"\(.comm) \(.exit_code) \(.orphans)"')" "ev-ctl 0 0"
same "the last line" "$(tail -n 1 "$tmp/ev.json" | jq -r '"\(.event) \(.pid)"')" \
    "exit $ctl"

# the thread
same "thread $thread" "$(events "$thread")" "clone,comm,exit"
same "thread: tgid, thread, ppid" "$(jq -s -c --argjson p "$thread" \
    '[.[] | select(.pid == $p) | "\(.tgid) \(.thread) \(.ppid)"] | unique' \
    "$tmp/ev.json")" "[\"$ctl true $fwpid\"]"
same "thread: its name" "$(facts "$thread" comm .comm)" "ev-thread"

# the children: types, then what each did
child() {	# child ROLE TYPES
	p=$(key "$1")
	same "$1 $p" "$(events "$p")" "$2"
	same "$1: ppids" "$(jq -s -c --argjson p "$p" \
	    '[.[] | select(.pid == $p) | .ppid] | unique' "$tmp/ev.json")" \
	    "[$ctl]"
	same "$1: fork" "$(facts "$p" fork '"\(.comm) \(.parent_comm)"')" \
	    "ev-ctl ev-ctl"
}
child exit0 fork,comm,exit
child exit3 fork,comm,exit
child kill fork,comm,exit
child segv fork,comm,coredump,exit
child setsid fork,comm,sid,exit
child rename fork,comm,comm,exit
child exec fork,comm,exec,exit
exit_of() {	# exit_of ROLE: what its exit event says
	facts "$(key "$1")" exit '"\(.comm) \(.wait_status) \(.exit_code) \(.signal_name) \(.core_dumped) \(.orphans)"'
}
same "exit0: exit" "$(exit_of exit0)" "ev-exit0 0 0 null null 0"
same "exit3: exit" "$(exit_of exit3)" "ev-exit3 768 3 null null 0"
same "kill: exit" "$(exit_of kill)" "ev-kill 9 null SIGKILL false 0"
same "segv: exit" "$(exit_of segv)" "ev-segv 11 null SIGSEGV false 0"
same "setsid: exit" "$(exit_of setsid)" "ev-setsid 0 0 null null 0"
same "rename: exit" "$(exit_of rename)" "ev-renamed 0 0 null null 0"
same "exec: exit" "$(exit_of exec)" "eventful 0 0 null null 0"
same "rename: names" "$(facts "$(key rename)" comm .comm | tr '\n' ' ')" \
    "ev-rename ev-renamed "
same "exec: exec" "$(facts "$exec" exec \
    '"\(.comm) \(.name_read) \(.cmdline | tojson)"')" \
    "eventful true $(jq -n -c --arg p "$exec_path" '[$p, "--exec-hold"]')"
# per pid: line order is time order, and a lifetime is exit - fork
for p in $all; do
	same "pid $p: time_ns in line order" "$(jq -s --argjson p "$p" \
	    '[.[] | select(.pid == $p) | .time_ns] | . == sort' \
	    "$tmp/ev.json")" true
	same "pid $p: lifetime_ns" "$(jq -s --argjson p "$p" \
	    '[.[] | select(.pid == $p)] | (last.time_ns - first.time_ns) ==
	    last.lifetime_ns and last.lifetime_exact' "$tmp/ev.json")" true
done

# -- replay: the same lines from the record
timeout 120 "$fw" -r "$tmp/ev.rec" -j -p "$ctl" >"$tmp/replay.json" \
    2>"$tmp/replay.err"
same "replay -p $ctl: exit status" $? 0
check "replay -p $ctl differs from the live run: $(diff "$tmp/ev.json" \
    "$tmp/replay.json" | head -n 5)" cmp -s "$tmp/ev.json" "$tmp/replay.json"
timeout 120 "$fw" -r "$tmp/ev.rec" -j >"$tmp/good.json" 2>"$tmp/good.err"
same "replay of everything: exit status" $? 0
same "replay of everything: stderr" "$(cat "$tmp/good.err")" ""

# -- a corrupt record.  The records (docs/RECORD.md): after the header's
# empty line, each is a 4-byte little-endian length, the body (its first
# byte the type), a 4-byte checksum.  List "number offset type".
od -An -v -tu1 "$tmp/ev.rec" | tr -s ' ' '\n' | sed '/^$/d' | awk '
	{ b[n++] = $1 }
	END {
		for (i = 1; i < n && !(b[i] == 10 && b[i - 1] == 10); i++)
			;
		k = 0
		for (i++; i + 8 <= n; i += 8 + len) {
			len = b[i + 3] * 256 + b[i + 2]
			len = (len * 256 + b[i + 1]) * 256 + b[i]
			print ++k, i, b[i + 4]
		}
	}' >"$tmp/records"
# the middle one of the forks (1), execs (3) and exits (4): so there are
# lines before it, and it is not the name read after an exec
set -- $(awk '$3 == 1 || $3 == 3 || $3 == 4' "$tmp/records" | awk '
	{ r[NR] = $0 } END { print r[int((NR + 1) / 2)] }')
if [ $# != 3 ]; then
	bad "no fork, exec or exit record in $tmp/ev.rec"
else
	k=$1 at=$2
	head -c "$at" "$tmp/ev.rec" >"$tmp/cut.rec"
	timeout 120 "$fw" -r "$tmp/cut.rec" -j >"$tmp/cut.json" 2>&1
	same "a record cut cleanly before record $k: exit status" $? 0
	nlines=$(wc -l <"$tmp/cut.json")
	check "no line before record $k" [ "$nlines" -gt 0 ]
	head -n "$nlines" "$tmp/good.json" >"$tmp/head.json"
	check "records before $k: not a prefix of the good replay" \
	    cmp -s "$tmp/cut.json" "$tmp/head.json"
	check "the good replay ends before record $k" \
	    [ "$(wc -l <"$tmp/good.json")" -gt "$nlines" ]
	# flip a byte of its body (its time): the checksum fails
	cp "$tmp/ev.rec" "$tmp/bad.rec"
	pos=$((at + 6))
	byte=$(od -An -tu1 -j "$pos" -N 1 "$tmp/ev.rec" | tr -d ' ')
	printf "\\$(printf %03o $(((byte + 1) % 256)))" |
	    dd of="$tmp/bad.rec" bs=1 seek="$pos" conv=notrunc 2>/dev/null
	check "the byte at $pos did not change" differ "$tmp/ev.rec" \
	    "$tmp/bad.rec"
	for how in bad trunc; do
		[ $how = trunc ] && head -c "$pos" "$tmp/ev.rec" >"$tmp/trunc.rec"
		timeout 120 "$fw" -r "$tmp/$how.rec" -j >"$tmp/$how.json" \
		    2>"$tmp/$how.err"
		same "$how record: exit status" $? 1
		check "$how record: '$(cat "$tmp/$how.err")' names no record $k (byte $at)" \
		    grep -qF "record $k (byte $at)" "$tmp/$how.err"
		check "$how record: the lines before it differ: $(diff \
		    "$tmp/cut.json" "$tmp/$how.json" | head -n 5)" \
		    cmp -s "$tmp/cut.json" "$tmp/$how.json"
	done
	check "truncated: '$(cat "$tmp/trunc.err")'" grep -q "truncated" \
	    "$tmp/trunc.err"
fi

# -- orphan: its stdout goes to a file of its own, through sh -c 'exec'
mkfifo "$tmp/or.in" || exit 99
"$fw" -j -o - -- /bin/sh -c 'exec "$0" >"$1"' "$scn/orphan" "$tmp/or.line" \
    <"$tmp/or.in" >"$tmp/or.json" 2>"$tmp/or.err" &
orpid=$!
bgpids="$bgpids $orpid"
exec 4>"$tmp/or.in"
if ! until_true grep -q '^scenario=orphan ' "$tmp/or.line" 2>/dev/null; then
	echo "orphan did not start: $(cat "$tmp/or.err")"
	exit 99
fi
line=$(cat "$tmp/or.line")
octl=$(key controller) middle=$(key middle) orphan=$(key orphan)
reaper=$(key reaper)
reaper_comm=$(cat "/proc/$reaper/comm" 2>/dev/null)
check "no reparent event for $orphan in 60 s" until_true has_event \
    "$tmp/or.json" reparent "$orphan"
exec 4>&-
check "forkwatch -- orphan still runs 60 s after it ended" until_true \
    gone "$orpid"
wait "$orpid"
same "forkwatch -- orphan: exit status" $? 0
same "the middle's exit" "$(jq -r -s --argjson p "$middle" '.[] |
    select(.pid == $p and .event == "exit") |
    "\(.ppid) \(.comm) \(.exit_code) \(.orphans)"' "$tmp/or.json")" \
    "$octl or-middle 0 1"
same "the orphan's fork" "$(jq -r -s --argjson p "$orphan" '.[] |
    select(.pid == $p and .event == "fork") | .ppid' "$tmp/or.json")" \
    "$middle"
same "the orphan's reparent" "$(jq -r -s --argjson p "$orphan" '.[] |
    select(.pid == $p and .event == "reparent") |
    "\(.ppid) \(.orphan_of) \(.parent_comm // "'"$reaper_comm"'")"' \
    "$tmp/or.json")" "$reaper $middle $reaper_comm"
same "the middle's exit, then the reparent" "$(jq -r -s --argjson m \
    "$middle" --argjson o "$orphan" '[.[] | select((.pid == $m and
    .event == "exit") or (.pid == $o and .event == "reparent")) | .event] |
    join(",")' "$tmp/or.json")" "exit,reparent"
echo "note: the orphan's new parent: $reaper ($reaper_comm)"

# -- unprivileged
asuser=""
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 &&
	    setpriv --reuid 65534 --regid 65534 --clear-groups \
	    "$fw" --version >/dev/null 2>&1; then
		asuser="setpriv --reuid 65534 --regid 65534 --clear-groups"
	else
		echo "note: nobody cannot run $fw (no setpriv, or a directory" \
		    "on its path is closed to others): the unprivileged" \
		    "runs are made as root"
	fi
fi
# unpriv ARGS...: forkwatch as nobody (or as us, when not root)
unpriv() {
	timeout 120 $asuser "$fw" "$@"
}
unpriv -j -o - -- /bin/sh -c 'sleep 1; exit 0' >"$tmp/nb.json" 2>"$tmp/nb.err"
same "unprivileged: exit status" $? 0
nbsh=$(jq -s '.[0].pid' "$tmp/nb.json")
same "unprivileged: the command's events" "$(jq -r -s --argjson p "$nbsh" \
    '[.[] | select(.pid == $p and (.event == "fork" or .event == "exit")) |
    "\(.event) \(.euid)"] | join(",")' "$tmp/nb.json")" \
    "fork $(id -u ${asuser:+nobody}),exit $(id -u ${asuser:+nobody})"
if [ -s "$tmp/nb.err" ]; then
	check "unprivileged: no notice of a fallback: $(cat "$tmp/nb.err")" \
	    grep -q '^forkwatch: notice: .*polling' "$tmp/nb.err"
	echo "note: unprivileged, forkwatch polls: $(cat "$tmp/nb.err")"
else
	same "unprivileged, with the connector or ptrace: the sleep" "$(jq -r -s \
	    --argjson p "$nbsh" '[.[] | select(.ppid == $p) |
	    "\(.event) \(.exit_code)"] | join(",")' "$tmp/nb.json")" \
	    "fork null,exec null,exit 0"
fi
unpriv --source=poll --interval 100 -j -o - -- /bin/sh -c 'sleep 1; exit 0' \
    >"$tmp/poll.json" 2>"$tmp/poll.err"
same "poll: exit status" $? 0
psh=$(jq -s '.[0].pid' "$tmp/poll.json")
polled_sleep "poll: the sleep, a child of $psh" "$(jq -r -s --argjson p \
    "$psh" '[.[] | select(.ppid == $p) |
    "\(.event) \(.comm) \(.approximate)"] | join(",")' "$tmp/poll.json")"
same "poll: every event approximate" "$(jq -s \
    'all(.approximate == true)' "$tmp/poll.json")" true
same "poll: the command's exit last" "$(tail -n 1 "$tmp/poll.json" |
    jq -r '"\(.event) \(.pid) \(.exit_code)"')" "exit $psh 0"
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
	# no connector in a new network namespace: the subscription is
	# refused; auto traces a command (ptrace), and polls without one
	# (once BPF is refused too: without the capabilities it needs,
	# which root has)
	nobpf=-bpf,-perfmon,-sys_admin
	timeout 120 unshare -n setpriv --inh-caps=$nobpf --bounding-set=$nobpf \
	    "$fw" -j -o - -- /bin/sh -c 'sleep 1; exit 0' \
	    >"$tmp/ns.json" 2>"$tmp/ns.err"
	same "netns: exit status" $? 0
	same "netns, a command: traced, no notice" "$(cat "$tmp/ns.err")" ""
	nsh=$(jq -s '.[0].pid' "$tmp/ns.json")
	same "netns: the sleep, a child of $nsh" "$(jq -r -s \
	    --argjson p "$nsh" '[.[] | select(.ppid == $p) |
	    "\(.event) \(.comm) \(.approximate)"] | join(",")' \
	    "$tmp/ns.json")" "fork sh null,exec sleep null,exit sleep null"
	same "netns: the command's exit last" "$(tail -n 1 "$tmp/ns.json" |
	    jq -r '"\(.event) \(.pid) \(.exit_code) \(.approximate)"')" \
	    "exit $nsh 0 null"
	timeout 120 unshare -n setpriv --inh-caps=$nobpf \
	    --bounding-set=$nobpf "$fw" -j -d 0.3 -o "$tmp/ns2.json" \
	    2>"$tmp/ns2.err"
	same "netns, no command: exit status" $? 0
	check "netns, no command: no notice: '$(cat "$tmp/ns2.err")'" grep -q \
	    '^forkwatch: notice: the kernel refused a listener' "$tmp/ns2.err"
else
	echo "note: no new network namespace here: the refusal is not tried"
fi

# -- stopping: SIGPIPE, SIGINT, --duration, --count
{
	timeout 120 "$fw" -j -o - -- /bin/sh -c 'i=0; while [ $i -lt 40 ]; do
	    /bin/true; sleep 0.05; i=$((i + 1)); done' 2>"$tmp/pipe.err"
	echo $? >"$tmp/pipe.rc"
} | head -n 1 >"$tmp/pipe.out"
same "| head -1: exit status" "$(cat "$tmp/pipe.rc")" 0
same "| head -1: stderr" "$(cat "$tmp/pipe.err")" ""
same "| head -1: one line" "$(wc -l <"$tmp/pipe.out")" 1

"$fw" -S -j >"$tmp/int.json" 2>"$tmp/int.err" &
ipid=$!
bgpids="$bgpids $ipid"
some_output() {
	/bin/true
	[ -s "$tmp/int.json" ] || ! alive "$ipid"
}
check "forkwatch -S -j showed nothing in 60 s" until_true some_output
kill -INT "$ipid"
check "SIGINT did not stop forkwatch in 60 s" until_true gone "$ipid"
wait "$ipid"
same "SIGINT: exit status" $? 0
check "SIGINT: no summary in '$(cat "$tmp/int.err")'" grep -q \
    '^forkwatch summary' "$tmp/int.err"
check "SIGINT: no lost events line" grep -q '^lost events: [0-9]' \
    "$tmp/int.err"

t0=$(date +%s%N)
timeout 120 "$fw" -j -d 0.5 >/dev/null 2>"$tmp/d.err"
drc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
same "--duration 0.5: exit status" $drc 0
check "--duration 0.5 took ${ms} ms" test $ms -ge 500 -a $ms -lt 60000
timeout 120 "$fw" -j -o - -n 3 -- /bin/sh -c 'for i in 1 2 3 4 5; do /bin/true;
    done' >"$tmp/n.json" 2>"$tmp/n.err"
same "--count 3: exit status" $? 0
same "--count 3: lines" "$(wc -l <"$tmp/n.json")" 3

finish forkwatch-live
