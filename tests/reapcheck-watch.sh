#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-watch.sh - reapcheck --watch on the live system against staged
# zombies and orphans (tests/scenarios/).  One watch runs with --max-age 1
# --json while the scenarios start; asserts, with jq:
# - a zombie present before the watch (sigchld-blocked) is reported at the
#   start ("zombie", exact false, its parent, "exit 5", why
#   sigchld_blocked), never alerted, and "reaped" (died null) once its
#   parent is stopped;
# - a child reaped at once (waitpid) gets no alert, although its exit came
#   before the zombie's below and the exits are looked up in order;
# - the zombie scenario: exactly one alert for its zombie, with its parent
#   pid and name, wait status 1792 ("exit 7"), why no_handler, an age of
#   1 s or more and under the duration, "died" between the moments just
#   before the scenario started and just after it said so, and time - died
#   = age; after the parent is stopped, "reaped" for it;
# - lazy-reaper: an alert, then after a SIGCHLD sent by this test (never
#   by reapcheck) a "reaped" line whose age_min is 1 s or more (skipped
#   when another test's SIGCHLD had it reaped before its alert);
# - subreaper: an orphan line for the grandchild, orphan_of the middle
#   (sr-middle), new parent the subreaper (sr-reaper), exact, at a time
#   between the scenario's start and its line; orphan: the same with the
#   reaper the scenario names (init here, or a subreaper above the test);
# - SIGINT ends the watch with status 0 and an "end" line that counts the
#   alerts; every line is one JSON object.
# Then: --duration 1 ends by itself (status 0, start and end lines), and
# the text form ends on SIGTERM with timestamped start and end lines.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need jq mkfifo
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)
[ -x "$reapcheck" ] || { echo "no $reapcheck: build it first"; exit 99; }
for s in zombie waitpid lazy-reaper subreaper orphan sigchld-blocked; do
	[ -x "$scn/$s" ] || { echo "no $scn/$s: run make check"; exit 99; }
done
tmp=$(mktemp -d) || exit 99
export LC_ALL=C TZ=UTC
N=600		# the watch's --duration: longer than the test ever takes
WAIT=600	# tenths of a second to wait for a line (the machine is busy)

pids="" wpid=""
. "$top_srcdir/tests/scenario.sh"
trap 'scenario_cleanup $wpid 2>/dev/null' EXIT
trap 'exit 1' HUP INT TERM


stop() {	# stop FD PID: closes the scenario's stdin and waits for it
	eval "exec $1>&-"
	wait "$2" 2>/dev/null
}
now() {
	date +%s.%N
}
# lines FILTER: the watch's lines that FILTER selects, compact (a line
# being written is skipped)
lines() {
	jq -c -R "fromjson? | select($1)" "$tmp/w.json"
}
# wait_for WHAT FILTER: waits until a line matches; sets $got
wait_for() {
	i=0
	while got=$(lines "$2") && [ -z "$got" ] && [ $i -lt $WAIT ]; do
		kill -0 "$wpid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$got" ] || { bad "no $1 in $(wc -l <"$tmp/w.json") lines:"; \
	    sed 's/^/    /' "$tmp/w.json" "$tmp/w.err"; }
}
is() {	# is WHAT [JQ-OPTIONS] JQ-EXPR: $got satisfies JQ-EXPR
	what=$1
	shift
	check "$what: $got" [ "$(echo "$got" | jq "$@")" = true ]
}

# -- a zombie before the watch starts
scenario_start 3 "$scn/sigchld-blocked"
sb=$(scenario_key parent) sbz=$(scenario_key zombie)
sbpid=$spid

# -- the watch
"$reapcheck" --watch --max-age 1 --json --duration $N >"$tmp/w.json" \
    2>"$tmp/w.err" 3>&- &
wpid=$!
wait_for "start line" '.event == "start"'
is "start" '.max_age == 1 and .zombies >= 1 and .processes > 1'
wait_for "zombie $sbz at the start" ".event == \"zombie\" and .pid == $sbz"
is "present zombie" --argjson p "$sb" '.ppid == $p and .parent_comm ==
    "sb-parent" and .exit == "exit 5" and .wait_status == 1280 and
    .exact == false and .age_max >= 0 and
    any(.why[]; . == "sigchld_blocked")'

# -- reaped at once: looked up, never alerted
line=$("$scn/waitpid" </dev/null 2>&1)
wpc=$(scenario_key child)
[ -n "$wpc" ] || { echo "waitpid: '$line'"; exit 99; }

# -- the zombie
t0=$(now)
scenario_start 4 "$scn/zombie"
t1=$(now)
zp=$(scenario_key parent) zz=$(scenario_key zombie)
zpid=$spid
wait_for "alert for zombie $zz" ".event == \"alert\" and .pid == $zz"
is "zombie alert" --argjson p "$zp" '.ppid == $p and .parent_comm ==
    "zb-parent" and .parent_state == "S" and .wait_status == 1792 and
    .exit == "exit 7" and .exact == true and .max_age == 1 and
    .why == ["no_handler"] and .comm == "zb-child"'
is "zombie age >= 1 and < $N" --argjson n $N '.age >= 1 and .age < $n'
is "zombie died within [$t0, $t1]" --argjson a "$t0" --argjson b "$t1" \
    '.died >= $a - 0.05 and .died <= $b + 0.05'
is "time - died = age" '(.time - .died) - .age |
    (if . < 0 then -. else . end) < 0.01'

# -- the lazy reaper: an alert, then reaped on our SIGCHLD.  Another test
# running beside this one (reapcheck-live.sh's --signal-parents --yes) may
# send its parent a SIGCHLD first: then it may be reaped before the alert.
scenario_start 5 "$scn/lazy-reaper"
lr=$(scenario_key parent) lrz=$(scenario_key zombie)
lrpid=$spid
i=0
while got=$(lines ".event == \"alert\" and .pid == $lrz") && [ -z "$got" ] &&
    [ $i -lt $WAIT ] && kill -0 "$wpid" 2>/dev/null &&
    [ "$(sed 's/.*) //' "/proc/$lrz/stat" 2>/dev/null | cut -c1)" = Z ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$got" ] && [ ! -e "/proc/$lrz" ]; then
	echo "note: lazy-reaper's zombie $lrz was reaped before its alert" \
	    "(a SIGCHLD from another test)"
	ok
else
	wait_for "alert for lazy-reaper's $lrz" \
	    ".event == \"alert\" and .pid == $lrz"
	is "lazy-reaper alert" --argjson p "$lr" '.ppid == $p and
	    .why == ["sigchld_caught"] and .exit == "exit 4" and .age >= 1'
	died=$(echo "$got" | jq .died)
	kill -CHLD "$lr"
	wait_for "reaped $lrz" ".event == \"reaped\" and .pid == $lrz"
	is "lazy-reaper reaped" --argjson d "$died" --argjson p "$lr" \
	    '.died == $d and .ppid == $p and .age_min >= 1 and
	    .age_max >= .age_min'
fi

# -- orphans, to a subreaper and to whoever the orphan scenario names
t0=$(now)
scenario_start 6 "$scn/subreaper"
t1=$(now)
sr=$(scenario_key subreaper) srm=$(scenario_key middle)
srg=$(scenario_key grandchild)
srpid=$spid
wait_for "orphan $srg" ".event == \"orphan\" and .pid == $srg"
is "subreaper orphan" --argjson m "$srm" --argjson r "$sr" \
    '.orphan_of == $m and .orphan_of_comm == "sr-middle" and .ppid == $r
    and .new_parent_comm == "sr-reaper" and .exact == true'
is "orphaned within [$t0, $t1]" --argjson a "$t0" --argjson b "$t1" \
    '.time >= $a - 0.05 and .time <= $b + 0.05'
scenario_start 7 "$scn/orphan"
om=$(scenario_key middle) oo=$(scenario_key orphan) orr=$(scenario_key reaper)
opid=$spid
wait_for "orphan $oo" ".event == \"orphan\" and .pid == $oo"
is "orphan" --argjson m "$om" --argjson r "$orr" \
    '.orphan_of == $m and .ppid == $r and .exact == true'

# -- parents that reap when they stop
stop 4 "$zpid"
wait_for "reaped $zz" ".event == \"reaped\" and .pid == $zz"
is "zombie reaped" --argjson p "$zp" '.ppid == $p and .age_min >= 1'
stop 3 "$sbpid"
wait_for "reaped $sbz" ".event == \"reaped\" and .pid == $sbz"
is "present zombie reaped" '.died == null and .age_min == null and
    .age_max >= 0'
stop 5 "$lrpid"
stop 6 "$srpid"
stop 7 "$opid"

# -- the end
kill -INT "$wpid"
i=0
while kill -0 "$wpid" 2>/dev/null && [ $i -lt $WAIT ]; do
	sleep 0.1
	i=$((i + 1))
done
wait "$wpid"
wrc=$?
wpid=""
check "SIGINT: exit $wrc, not 0 ($(cat "$tmp/w.err"))" [ $wrc = 0 ]
got=$(tail -n 1 "$tmp/w.json")
is "end line" '.event == "end" and .alerts >= 1 and .orphans >= 2 and
    .reaped >= 2'
check "every line one JSON object" [ "$(jq -c -R 'fromjson? | objects' \
    "$tmp/w.json" | wc -l)" = "$(wc -l <"$tmp/w.json")" ]
check "one alert for $zz, not $(lines ".event == \"alert\" and .pid == $zz" |
    wc -l)" [ "$(lines ".event == \"alert\" and .pid == $zz" | wc -l)" = 1 ]
check "an alert for $wpc, reaped at once: $(lines ".pid == $wpc")" \
    [ -z "$(lines ".event == \"alert\" and .pid == $wpc")" ]
check "an alert for $sbz, a zombie before the watch" \
    [ -z "$(lines ".event == \"alert\" and .pid == $sbz")" ]

# -- --duration ends it
"$reapcheck" --watch --json --duration 1 >"$tmp/d.json" 2>"$tmp/d.err" \
    3>&- 4>&- 5>&- 6>&- 7>&-
drc=$?
check "--duration 1: exit $drc ($(cat "$tmp/d.err"))" [ $drc = 0 ]
check "--duration 1: start and end" [ "$(jq -s -c \
    '[first.event, last.event, (last.time - first.time >= 1)]' \
    "$tmp/d.json")" = '["start","end",true]' ]

# -- text, ended by SIGTERM
"$reapcheck" --watch --duration $N --color=never >"$tmp/t.out" \
    2>"$tmp/t.err" 3>&- 4>&- 5>&- 6>&- 7>&- &
tpid=$!
i=0
while ! grep -q ' start ' "$tmp/t.out" && [ $i -lt $WAIT ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$tpid"
wait "$tpid"
trc=$?
check "SIGTERM: exit $trc, not 0" [ $trc = 0 ]
stamp='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}'
check "text: '$(cat "$tmp/t.out")'" grep -Eq "^$stamp start  watching \
\((kernel events|polling /proc)\); alert on zombies dead 60s; now [0-9]+ \
zombies?, " "$tmp/t.out"
check "text: no end line" grep -Eq "^$stamp end    [0-9]+ alerts?, " \
    "$tmp/t.out"

finish reapcheck-watch
