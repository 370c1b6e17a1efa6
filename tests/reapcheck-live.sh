#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-live.sh - reapcheck on the live /proc against staged zombies
# and orphans (tests/scenarios/, which hold their state until stdin
# closes).  Asserts, with jq on --json:
# - zombie-farm -n 1000: exactly those 1,000 pids under the farm's parent,
#   each ppid the parent, "exit 0", and why ["no_handler"];
# - --plugin -w 100 -c 500 with them: exit 2 and a CRITICAL line;
# - orphan: listed with its new parent's pid and comm (when that parent is
#   in another session; a subreaper of the same session is invisible);
# - subreaper: the adopted grandchild is NOT listed, the documented blind
#   spot of the session rule (reapcheck(1), Orphans), though its ppid is
#   the subreaper;
# - sigchld-blocked: why includes "sigchld_blocked", the zombie "exit 5";
# - lazy-reaper: why includes "sigchld_caught"; --signal-parents (a dry
#   run) says "would send" and leaves the zombie; --signal-parents --yes
#   --min-age=0 prints "sent SIGCHLD to PID" and the zombie is gone from
#   /proc within 5 seconds.  The parent is ours, so this works without
#   root; other users' parents may refuse (exit 1), which is not failed
#   as long as ours was signalled.
# Note: --yes sends SIGCHLD to every zombie parent on the machine, as
# reapcheck documents; SIGCHLD is ignored by default and only prompts a
# reaping handler, so it is run after the other scenarios are stopped.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need jq mkfifo
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
scn=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)
[ -x "$reapcheck" ] || { echo "no $reapcheck: build it first"; exit 99; }
for s in zombie-farm orphan subreaper sigchld-blocked lazy-reaper; do
	[ -x "$scn/$s" ] || { echo "no $scn/$s: run make check"; exit 99; }
done
. "$top_srcdir/tests/scenario.sh"
scenario_setup

start() {	# start FD NAME ARGS...: scenario_start with $scn/NAME
	fd=$1 sname=$2
	shift 2
	scenario_start "$fd" "$scn/$sname" "$@"
}
# stop FD PID: closes the scenario's stdin and waits for it
stop() {
	eval "exec $1>&-"
	wait "$2" 2>/dev/null
}
key() {	# key NAME: a value from $line
	scenario_key "$1"
}
state_of() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1
}
json() {	# one --json run into $tmp/r.json
	"$reapcheck" --json >"$tmp/r.json" 2>"$tmp/r.err"
	jrc=$?
	# exit 1 only for "problems in the data", e.g. a task that vanished
	[ $jrc = 0 ] || [ $jrc = 1 ] || bad "--json exited $jrc"
	jq -e . "$tmp/r.json" >/dev/null || bad "--json does not parse"
}
group() {	# group PID: the parents[] entry of PID, compact
	jq -c --argjson p "$1" '.parents[] | select(.pid == $p)' \
	    "$tmp/r.json"
}

# -- all the scenarios at once
start 3 zombie-farm -n 1000
farm=$(key parent) farm_line=$line
start 4 orphan
orctl=$spid
orphan=$(key orphan) reaper=$(key reaper)
start 5 subreaper
subreaper=$(key subreaper) grandchild=$(key grandchild)
start 6 sigchld-blocked
sb=$(key parent) sbz=$(key zombie)
start 7 lazy-reaper
lr=$(key parent) lrz=$(key zombie)
json

# the farm: exactly its 1,000 children, nothing else
line=$farm_line
key children | tr ',' '\n' | sort -n >"$tmp/farm.want"
g=$(group "$farm")
echo "$g" | jq -r '.zombies[].pid' | sort -n >"$tmp/farm.got"
check "farm: $(wc -l <"$tmp/farm.got") zombies under $farm, not the 1000 it made" \
    cmp -s "$tmp/farm.want" "$tmp/farm.got"
check "farm: 1000 children listed" [ "$(wc -l <"$tmp/farm.want")" = 1000 ]
check "farm: why $(echo "$g" | jq -c .why), not [\"no_handler\"]" \
    [ "$(echo "$g" | jq -c .why)" = '["no_handler"]' ]
check "farm: comm/ppid/exit of the zombies" [ "$(echo "$g" | jq --argjson \
    p "$farm" '[.zombies[] | select(.ppid == $p and .comm == "zf-child"
    and .exit == "exit 0" and .wait_status == 0)] | length')" = 1000 ]
check "farm: parent zf-parent S" [ "$(echo "$g" | jq -r '"\(.comm) \(.state)"')" = "zf-parent S" ]
# parents are ordered by their number of zombies, largest first
check "parents not ordered by their number of zombies" [ "$(jq -c \
    '[.parents[].zombies | length] | . == (sort | reverse)' \
    "$tmp/r.json")" = true ]
check "farm: the total counts it" [ "$(jq '.zombies' "$tmp/r.json")" -ge 1002 ]

# the plugin
"$reapcheck" -w 100 -c 500 >"$tmp/plugin.out" 2>&1
prc=$?
check "plugin -w 100 -c 500: exit $prc, not 2" [ $prc = 2 ]
check "plugin: '$(cat "$tmp/plugin.out")'" grep -q \
    '^REAPCHECK CRITICAL - [0-9]* zombies.*|.*zombies=[0-9]*;100;500;0' \
    "$tmp/plugin.out"
check "plugin: one line" [ "$(wc -l <"$tmp/plugin.out")" = 1 ]

# the orphan, and its new parent
o=$(jq -c --argjson p "$orphan" '.orphans[] | select(.pid == $p)' \
    "$tmp/r.json")
sid_of() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f4
}
if [ "$(sid_of "$reaper")" != "$(sid_of "$orphan")" ]; then
	rcomm=$(cat "/proc/$reaper/comm")
	check "orphan $orphan: listed as '$o', want ppid $reaper ($rcomm)" [ \
	    "$(echo "$o" | jq -r '"\(.ppid) \(.comm) \(.new_parent_comm)"')" \
	    = "$reaper or-child $rcomm" ]
else
	echo "note: the orphan's reaper $reaper is in its own session" \
	    "(a subreaper above us): the session rule cannot see it"
	check "orphan in the reaper's session listed: '$o'" [ -z "$o" ]
fi

# the subreaper's grandchild: reparented, but in its session: not listed
check "subreaper: grandchild's ppid is not $subreaper" [ \
    "$(sed 's/.*) //' "/proc/$grandchild/stat" | cut -d' ' -f2)" = \
    "$subreaper" ]
check "subreaper: the grandchild $grandchild is listed as an orphan (the documented blind spot says it cannot be)" \
    [ "$(jq --argjson p \
    "$grandchild" '[.orphans[] | select(.pid == $p)] | length' \
    "$tmp/r.json")" = 0 ]

# the parent that blocks SIGCHLD
g=$(group "$sb")
check "sigchld-blocked: why $(echo "$g" | jq -c .why)" [ "$(echo "$g" |
    jq 'any(.why[]; . == "sigchld_blocked")')" = true ]
check "sigchld-blocked: zombies $(echo "$g" | jq -c .zombies)" [ \
    "$(echo "$g" | jq -r '.zombies | map("\(.pid) \(.exit) \(.wait_status)") |
    join(",")')" = "$sbz exit 5 1280" ]
"$reapcheck" >"$tmp/table.out" 2>/dev/null
check "table: no 'exit 5' for $sbz" grep -Eq "^ +$sbz +exit 5 " \
    "$tmp/table.out"

# the lazy reaper: caught, and left alone by a dry run
g=$(group "$lr")
check "lazy-reaper: why $(echo "$g" | jq -c .why)" [ "$(echo "$g" |
    jq 'any(.why[]; . == "sigchld_caught")')" = true ]
check "lazy-reaper: zombie $(echo "$g" | jq -c '[.zombies[].pid]')" [ \
    "$(echo "$g" | jq -c '[.zombies[].pid]')" = "[$lrz]" ]
"$reapcheck" --signal-parents >"$tmp/dry.out" 2>&1
drc=$?
check "dry run: exit $drc" [ $drc = 0 ]
check "dry run: no 'would send SIGCHLD to $lr lr-parent (1 zombie)'" \
    grep -q "^would send SIGCHLD to $lr lr-parent (1 zombie)\$" "$tmp/dry.out"
check "dry run: something sent" eval "! grep -q '^sent' '$tmp/dry.out'"
sleep 0.5
check "dry run: zombie $lrz is '$(state_of "$lrz")', not Z" \
    [ "$(state_of "$lrz")" = Z ]

# the rest go first, so --yes signals as few parents as can be
stop 3 "$farm"
stop 4 "$orctl"
stop 5 "$subreaper"
stop 6 "$sb"
"$reapcheck" --signal-parents --yes --min-age=0 >"$tmp/yes.out" \
    2>"$tmp/yes.err"
yrc=$?
check "--yes: no 'sent SIGCHLD to $lr' in: $(cat "$tmp/yes.out")" \
    grep -q "^sent SIGCHLD to $lr lr-parent (1 zombie)\$" "$tmp/yes.out"
if grep -q "SIGCHLD to $lr " "$tmp/yes.err"; then
	bad "--yes: $(cat "$tmp/yes.err")"
elif [ $yrc != 0 ]; then
	echo "note: --yes exited $yrc for parents not ours:"
	sed 's/^/    /' "$tmp/yes.err"
	ok
else
	ok
fi
i=0
while [ -n "$(state_of "$lrz")" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "--yes: zombie $lrz still there ('$(state_of "$lrz")') after 5 s" \
    [ -z "$(state_of "$lrz")" ]
check "lazy-reaper: the parent $lr died" kill -0 "$lr"

finish reapcheck-live
