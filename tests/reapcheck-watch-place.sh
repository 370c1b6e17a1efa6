#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-watch-place.sh - reapcheck --watch says where a zombie's parent
# runs, as the one-shot table's "in:" line does.  As root, where the
# cgroup v2 hierarchy is writable, in cgroups made under a test-owned
# directory TOP: a parent moved into TOP/docker-<64 hex digits>.scope
# before the watch starts, and one moved into TOP/fkstestPID.service after,
# each a sleep that never waits for the child it leaves a zombie.  With
# --max-age 1:
# - --json: the start's "zombie" line for the first, with unit the scope
#   and container docker:<12 digits>; an "alert" for the second, with unit
#   fkstestPID.service and container null;
# - the text form: "; in: container docker:<12 digits>, SCOPE" on the
#   first's line, "; in: fkstestPID.service" on the second's alert.
# Skips, saying why, when not root or where cgroup v2 is not mounted or
# not writable.  (What an ordinary user gets is reapcheck-watch.sh's: the
# same reports; the cgroup files it reads are readable by all.)
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need jq awk timeout
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
[ -x "$reapcheck" ] || { echo "no $reapcheck: build it first"; exit 99; }
[ "$(id -u)" = 0 ] || { echo "SKIP: cgroups of its own need root"; exit 77; }
tmp=$(mktemp -d) || exit 99
export LC_ALL=C TZ=UTC
top= kids=
cleanup() {
	for k in $kids; do kill "$k" 2>/dev/null; done
	wait 2>/dev/null
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
mnt=$(awk '{ for (i = 7; i <= NF; i++) if ($i == "-") {
	if ($(i + 1) == "cgroup2") print $5; break } }' \
    /proc/self/mountinfo | head -1)
[ -n "$mnt" ] || { echo "SKIP: no cgroup v2 hierarchy mounted"; exit 77; }
rel=/fksreap$$.slice
if ! mkdir "$mnt$rel" 2>"$tmp/mkdir.err"; then
	echo "SKIP: cgroup v2 at $mnt not writable: $(cat "$tmp/mkdir.err")"
	exit 77
fi
top=$mnt$rel
# this run's own id (its pid first: another run's, a parallel checkout's,
# differs in its first 12 digits, the short id)
id=$(printf '%08xa%055x' $$ 0)
short=$(echo "$id" | cut -c1-12)
svc=fkstest$$.service
ctr=docker-$id.scope
mkdir "$top/$svc" "$top/$ctr" || { echo "mkdir in $top failed"; exit 99; }

# parent DIR: a sleep in TOP/DIR that leaves its child a zombie; its pid
# in $pp
parent() {
	sh -c 'echo $$ > "$1/cgroup.procs" || exit 9; /bin/true & exec sleep 8' \
	    sh "$top/$1" >/dev/null 2>&1 &
	pp=$!
	kids="$kids $pp"
}
# zombie_of PID: waits until PID has a zombie child; its pid
zombie_of() {
	i=0
	while [ $i -lt 100 ]; do
		for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
			grep -q '^State:.*Z' "/proc/$c/status" 2>/dev/null &&
			    { echo "$c"; return; }
		done
		sleep 0.1
		i=$((i + 1))
	done
}
for form in json text; do
	parent "$ctr"
	p1=$pp
	z1=$(zombie_of "$p1")
	[ -n "$z1" ] || { bad "$form: no zombie under $p1"; continue; }
	opt=
	[ $form = json ] && opt=--json
	timeout 60 "$reapcheck" --watch --max-age 1 --duration 4 $opt \
	    >"$tmp/$form.out" 2>"$tmp/$form.err" &
	w=$!
	sleep 1
	parent "$svc"
	p2=$pp
	z2=$(zombie_of "$p2")
	wait $w
	same "$form: exit status" $? 0
	if [ $form = json ]; then
		same "json: the start's zombie, where its parent runs" \
		    "$(jq -r --argjson z "$z1" 'select(.event == "zombie" and
		    .pid == $z) | "\(.ppid) \(.unit) \(.container)"' \
		    "$tmp/json.out")" "$p1 $ctr docker:$short"
		same "json: the alert, where its parent runs" \
		    "$(jq -r --argjson z "${z2:-0}" 'select(.event == "alert"
		    and .pid == $z) | "\(.ppid) \(.unit) \(.container)"' \
		    "$tmp/json.out")" "$p2 $svc null"
	else
		same "text: the start's zombie" "$(grep -c \
		    " zombie $z1 .*parent $p1 .*; in: container docker:$short, $ctr," \
		    "$tmp/text.out")" 1
		same "text: the alert" "$(grep -c \
		    " zombie ${z2:-0} .*parent $p2 .*; in: $svc;" \
		    "$tmp/text.out")" 1
	fi
	for k in $kids; do kill "$k" 2>/dev/null; done
	wait 2>/dev/null
	kids=
done
finish reapcheck-watch-place
