#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-place.sh - forkwatch's --cgroup, --unit and --container on the
# live kernel, and the place in its JSON events.
#
# As root, where the cgroup v2 hierarchy is writable: a test-owned
# directory TOP (fksplacePID.slice) under its mount, with the cgroups
#   TOP/in, TOP/fkstestPID.service, TOP/docker-<64 hex digits>.scope;
# forkwatch watches a command (sh) that, still in the test's own cgroup,
# starts a child that moves itself into TOP/in and execs a program tagged
# "moved-TAG"; runs one tagged "out-TAG"; moves itself into TOP/in and runs
# "in-TAG"; then starts children that move into the service and the
# container cgroups and exec "svc-TAG", "ctr-TAG".  For each
# source that runs (bpf, connector, ptrace), with jq on -j's lines:
# - --cgroup=TOP shows exactly the execs moved, in, svc and ctr, each with
#   its cgroup path, the unit fkstestPID.service for svc, the container
#   docker:<12 digits> (and its scope as the unit) for ctr, null unit and
#   container for in;
#   not the exec out, nor (bpf, ptrace: exact at the fork) the fork of
#   the child that moved after it;
# - --cgroup=TOP/in: moved and in alone; --unit=fkstestPID (no suffix):
#   svc alone; --container=<a prefix of the id>: ctr alone; --unit and
#   --container together select nothing of these;
# - without a filter, the exec out is there, its cgroup the test's own
#   (the 0:: line of /proc/self/cgroup);
# - loop-TAG's 200 short children: 200 forks and 200 exits, each with its
#   cgroup (the connector: its parent's place, kept until its exit);
# - the exit of in-TAG too, with its cgroup (the connector: the place read
#   at its exec, since the task is gone at its exit).
# A record made with -w (bpf or connector) replays with --cgroup=TOP to
# exactly the live run's selected lines.
# As the test user (no cgroup of its own to move into; BPF and the
# connector are root's, so -- COMMAND is traced): --cgroup of its own
# cgroup shows its command's exec with that path; --cgroup of a path that
# does not exist shows nothing, and the command's status comes through.
# Skips the root part, saying why, where cgroup v2 is not mounted or not
# writable.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need jq timeout awk
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
export LC_ALL=C TZ=UTC
tag=fwplace-$$
top=
cleanup() {
	if [ -n "$top" ]; then
		for d in "$top"/*/; do
			[ -d "$d" ] && rmdir "$d" 2>/dev/null
		done
		rmdir "$top" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
# execs FILE: the tagged execs of a run (sh -c 'sleep 0.2; :' WHICH-TAG),
# "WHICH CGROUP UNIT CONTAINER", sorted, each once (the connector may
# read an exec's command line after the next exec of the same process)
execs() {
	jq -r --arg t "$tag" 'select(.event == "exec" and
	    ((.cmdline // [])[-1] // "" | test("^[a-z]+-" + $t + "$"))) |
	    "\(.cmdline[-1] | sub("-.*"; "")) \(.cgroup) \(.unit) \(.container)"' \
	    "$1" | sort -u
}
# own: this shell's cgroup v2 path (the 0:: line)
own=$(sed -n 's/^0:://p' /proc/self/cgroup)

# ---- as root, in cgroups of our own
root_part() {
	mnt=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") {
		if ($(i + 1) == "cgroup2") print $5; break } }' \
	    /proc/self/mountinfo | head -1)
	if [ -z "$mnt" ]; then
		echo "SKIP (root part): no cgroup v2 hierarchy mounted"
		return
	fi
	rel=/fksplace$$.slice
	if ! mkdir "$mnt$rel" 2>"$tmp/mkdir.err"; then
		echo "SKIP (root part): cgroup v2 at $mnt not writable:" \
		    "$(cat "$tmp/mkdir.err")"
		return
	fi
	top=$mnt$rel
	# this run's own id (its pid first: another run's, a parallel checkout's,
	# differs in its first 12 digits, the short id)
	id=$(printf '%08xf%055x' $$ 0)
	short=$(echo "$id" | cut -c1-12)
	svc=fkstest$$.service
	ctr=docker-$id.scope
	mkdir "$top/in" "$top/$svc" "$top/$ctr" || { bad "mkdir in $top"; return; }
	# the command: $1 the tag, $2 the top directory
	# (each tagged program lives 0.2 s, so that the connector, which
	# reads the place and the command line after the event, finds it)
	run2='exec sh -c \"sleep 0.2; :\"'
	script='
	sh -c "echo \$\$ > $2/in/cgroup.procs && '"$run2"' moved-$1"
	sh -c "sleep 0.2; :" out-$1
	echo $$ > "$2/in/cgroup.procs" || exit 9
	sh -c "sleep 0.2; :" in-$1
	sh -c "i=0; while [ \$i -lt 200 ]; do /bin/true; i=\$((i + 1)); done" \
	    loop-$1
	sh -c "echo \$\$ > $2/'"$svc"'/cgroup.procs && '"$run2"' svc-$1"
	sh -c "echo \$\$ > $2/'"$ctr"'/cgroup.procs && '"$run2"' ctr-$1"
	'
	want_top="ctr $rel/$ctr $ctr docker:$short
in $rel/in null null
loop $rel/in null null
moved $rel/in null null
svc $rel/$svc $svc null"
	for src in bpf connector ptrace; do
		if ! timeout 60 "$fw" --source=$src -o - -- /bin/true \
		    >/dev/null 2>"$tmp/trial.err"; then
			echo "note: the $src source cannot run here:" \
			    "$(cat "$tmp/trial.err")"
			continue
		fi
		rec=
		[ $src != ptrace ] && rec="-w $tmp/$src.rec"
		run() {	# run NAME ARGS...: the command watched, into NAME.json
			n=$1
			shift
			timeout 60 "$fw" --source=$src -j -o - "$@" -- \
			    sh -c "$script" sh "$tag" "$top" \
			    >"$tmp/$n.json" 2>"$tmp/$n.err"
			same "$src $n: exit status" $? 0
			same "$src $n: stderr" "$(cat "$tmp/$n.err")" ""
		}
		# shellcheck disable=SC2086
		run top --cgroup="$rel" $rec
		same "$src --cgroup=TOP: the execs selected" \
		    "$(execs "$tmp/top.json")" "$want_top"
		same "$src --cgroup=TOP: every event under it" \
		    "$(jq -r --arg r "$rel" 'select((.cgroup // "") |
		    startswith($r + "/") | not) | .event' "$tmp/top.json")" ""
		# the connector reads the child's place when it handles the
		# fork, maybe after the move: only the others tell exactly
		if [ $src != connector ]; then
			same "$src --cgroup=TOP: no fork of the child moved after it" \
			    "$(jq -r --arg t "moved-$tag" 'select(.event ==
			    "exec" and .cmdline[-1] == $t) | .pid' \
			    "$tmp/top.json" | while read -r p; do jq -r \
			    --argjson p "$p" 'select(.event == "fork" and
			    .pid == $p) | .event' "$tmp/top.json"; done)" ""
		fi
		# 200 short children of loop-TAG: each fork and exit placed
		# (the connector: from their parent's place, remembered
		# until each exit, when the child is gone)
		same "$src: loop-TAG's 200 children, forks and exits" \
		    "$(jq -r --arg t "loop-$tag" 'select(.event == "exec" and
		    .cmdline[-1] == $t) | .pid' "$tmp/top.json" | sort -u |
		    while read -r p; do jq -r --argjson p "$p" \
		    'select((.event == "fork" or .event == "exit") and
		    .ppid == $p) | "\(.event) \(.cgroup)"' "$tmp/top.json"
		    done | sort | uniq -c | sed 's/^ *//')" \
		    "200 exit $rel/in
200 fork $rel/in"
		same "$src: the exit of in-TAG, with its place" \
		    "$(jq -r --arg t "in-$tag" 'select(.event == "exec"
		    and .cmdline[-1] == $t) | .pid' "$tmp/top.json" |
		    while read -r p; do jq -r --argjson p "$p" \
		    'select(.event == "exit" and .pid == $p) | .cgroup' \
		    "$tmp/top.json"; done)" "$rel/in"
		if [ -n "$rec" ]; then
			"$fw" -j -r "$tmp/$src.rec" --cgroup="$rel" \
			    >"$tmp/replay.json" 2>"$tmp/replay.err"
			same "$src replay --cgroup=TOP: exit status" $? 0
			# the live run read names after it, the replay has
			# them from the record: the same lines
			if cmp -s "$tmp/top.json" "$tmp/replay.json"; then
				ok
			else
				bad "$src replay --cgroup=TOP differs from the live run"
				diff "$tmp/top.json" "$tmp/replay.json" | head -5
			fi
		fi
		run in --cgroup="$rel/in/"
		same "$src --cgroup=TOP/in/" "$(execs "$tmp/in.json")" \
		    "in $rel/in null null
loop $rel/in null null
moved $rel/in null null"
		run unit --unit="fkstest$$"
		same "$src --unit" "$(execs "$tmp/unit.json")" \
		    "svc $rel/$svc $svc null"
		run ctr --container="$(echo "$short" | cut -c1-7)"
		same "$src --container" "$(execs "$tmp/ctr.json")" \
		    "ctr $rel/$ctr $ctr docker:$short"
		run both --unit="fkstest$$" --container="$short"
		same "$src --unit and --container" "$(execs "$tmp/both.json")" ""
		run all
		if [ -n "$own" ] && [ "$own" != / ]; then
			same "$src: out-TAG where the test runs" \
			    "$(execs "$tmp/all.json" | grep '^out ' |
			    cut -d' ' -f2)" "$own"
		else
			same "$src: out-TAG shown without a filter" \
			    "$(execs "$tmp/all.json" | grep -c '^out ')" 1
		fi
	done
}
if [ "$(id -u)" = 0 ]; then
	root_part
else
	echo "SKIP (root part): not root"
fi

# ---- as the test user
if [ "$(id -u)" != 0 ]; then
	:
elif ! testuser_init >"$tmp/why"; then
	echo "SKIP (test user): $(cat "$tmp/why")"
elif ! asuser_can_run "$fw"; then
	echo "SKIP (test user): cannot run $fw"
else
	chmod 755 "$tmp"
	$asuser timeout 60 "$fw" -j -o - --cgroup="${own:-/}" -- \
	    sh -c 'sleep 0.2; :' "user-$tag" >"$tmp/user.json" \
	    2>"$tmp/user.err"
	same "user --cgroup=own: exit status" $? 0
	same "user --cgroup=own: its exec, where it runs" \
	    "$(execs "$tmp/user.json")" \
	    "user ${own:-/} null null"
	$asuser timeout 60 "$fw" -j -o - --cgroup="/fks-none-$$" -- \
	    /bin/sh -c 'exit 3' >"$tmp/none.json" 2>"$tmp/none.err"
	same "user --cgroup=none: the command's status" $? 3
	same "user --cgroup=none: nothing shown" "$(cat "$tmp/none.json")" ""
fi
finish forkwatch-place
