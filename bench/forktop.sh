#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/forktop.sh - what forktop costs, against htop in tree mode, in one
# run (the forktop issue's targets: one refresh of >= 10,000 tasks under
# 20 ms of CPU; idle at the default 1 s interval under 1% of one core on a
# live system of >= 5,000 processes).  Never part of make check.
#
# 1. One refresh: bench/spawn holds -P processes (default 10,000, every
#    50th with 4 threads); procsnap freezes /proc into a snapshot on
#    tmpfs.  forktop --headless runs keys files of N "refresh" lines (read
#    the tasks again, rebuild the rows, redraw), N "home" lines (a redraw
#    only) and none (start-up: one read and one draw); perf stat's
#    task-clock (CPU of every thread) of each, less the empty run's, over
#    N is the cost of one refresh (one redraw).  Once on the snapshot,
#    once on the live /proc holding the same load.  Medians of -r runs.
# 2. Idle: spawn holds -p processes (default 5,000); forktop (default
#    interval) and htop -t -d 10 (tree mode, the same 1 s interval, a fresh
#    HOME so no saved htoprc) run side by side in tmux at 120x40; after a
#    5 s settle, utime+stime from /proc/PID/stat over -s seconds (default
#    60), -w windows one after another (default 3); VmHWM is the peak RSS.
#    Without htop its column says so.
#
#   bench/forktop.sh [-p procs] [-P procs] [-n refreshes] [-r runs]
#                    [-s seconds] [-w windows] [BUILDDIR]
set -eu

procs=5000 big=10000 nref=20 runs=5 secs=60 windows=3
usage() {
	echo "usage: $0 [-p procs] [-P procs] [-n refreshes] [-r runs]" \
	    "[-s seconds] [-w windows] [BUILDDIR]" >&2
	exit 2
}
while getopts p:P:n:r:s:w: opt; do
	case $opt in
	p) procs=$OPTARG ;;
	P) big=$OPTARG ;;
	n) nref=$OPTARG ;;
	r) runs=$OPTARG ;;
	s) secs=$OPTARG ;;
	w) windows=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
build=$(cd "${1:-.}" && pwd)
bin() {	# the real binary, not libtool's wrapper script
	if [ -x "$build/cmd/.libs/$1" ]; then echo "$build/cmd/.libs/$1"
	else echo "$build/cmd/$1"; fi
}
forktop=$(bin forktop) procsnap=$(bin procsnap)
for x in perf tmux; do
	command -v "$x" >/dev/null || { echo "forktop.sh: needs $x" >&2; exit 1; }
done
htop=$(command -v htop || true)
export LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LC_ALL=C.UTF-8 TERM=xterm
if grep -q 'fsanitize' "$build/Makefile" 2>/dev/null; then
	echo "forktop.sh: a --sanitize build: these timings mean nothing" >&2
fi

# the snapshot's many small files are quick to write on tmpfs
tmp=$(mktemp -d "$( [ -w /dev/shm ] && echo /dev/shm || echo /tmp)/fks-ftb.XXXXXX")
tmx() { tmux -S "$tmp/tmux" "$@"; }
. "$(dirname "$0")/hold.sh"
cleanup() {
	tmx kill-server 2>/dev/null || true
	spawn_release
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
hold() {	# hold N: a fresh spawn of N processes
	spawn_release
	rm -f "$tmp/hold" "$tmp/spawn.out"
	spawn_hold "$build/bench/spawn" "$1"
}
median() {	# median of the numbers on stdin
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

floor_ms() {	# the floor scanner's CPU per round of every task, ms
	a=$(perf stat -x, -e task-clock -- "$build/bench/floor" -t -n 0 -w 0 \
	    -q 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { print $1 }')
	b=$(perf stat -x, -e task-clock -- "$build/bench/floor" -t -n 10 -w 0 \
	    -q 2>&1 >/dev/null | awk -F, '$3 == "task-clock" { print $1 }')
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f\n", (b - a) / 10 }'
}

# ---- 1. one refresh ----------------------------------------------------
hold "$big"
machine_header
echo "# loadavg before: $(cat /proc/loadavg)"
"$procsnap" -q "$tmp/snap"
: >"$tmp/k0"
i=0
while [ $i -lt "$nref" ]; do
	echo refresh >>"$tmp/kref"
	echo home >>"$tmp/khome"
	i=$((i + 1))
done
cpu() {	# cpu KEYS [ARGS...]: forktop's task-clock, ms
	k=$1
	shift
	perf stat -x, -e task-clock -- "$forktop" --headless --keys "$k" \
	    --dump - --size 120x40 "$@" 2>&1 >/dev/null |
	    awk -F, '$3 == "task-clock" { print $1 }'
}
rows() {	# rows ARGS...: the rows forktop shows (every task, unfolded)
	"$forktop" --headless --keys "$tmp/k0" --dump - "$@" |
	    awk 'NR == 2 { print $2 }'
}
echo "# snapshot: $(rows --proc-root "$tmp/snap") rows;" \
    "live: $(rows) rows; $nref refreshes a run, $runs runs"
r=1
while [ "$r" -le "$runs" ]; do
	for w in snap live; do
		[ $w = snap ] && set -- --proc-root "$tmp/snap" || set --
		c0=$(cpu "$tmp/k0" "$@")
		cr=$(cpu "$tmp/kref" "$@")
		ch=$(cpu "$tmp/khome" "$@")
		awk -v w=$w -v a="$c0" -v b="$cr" -v c="$ch" -v n="$nref" \
		    'BEGIN { printf "%s %.3f %.3f %.3f\n", w, a,
			(b - a) / n, (c - a) / n }' >>"$tmp/refresh"
	done
	floor_ms >>"$tmp/floor1"
	r=$((r + 1))
done
# each run: source, start-up, one refresh, one redraw (ms)
sed 's/^/# run: /' "$tmp/refresh"
printf '\n%-8s %12s %14s %12s\n' "source" "start(ms)" "refresh(ms)" \
    "redraw(ms)"
for w in snap live; do
	printf '%-8s %12.2f %14.2f %12.2f\n' $w \
	    "$(awk -v w=$w '$1 == w { print $2 }' "$tmp/refresh" | median)" \
	    "$(awk -v w=$w '$1 == w { print $3 }' "$tmp/refresh" | median)" \
	    "$(awk -v w=$w '$1 == w { print $4 }' "$tmp/refresh" | median)"
done
printf '%-8s %12s %14.2f %12s\n' floor - "$(median <"$tmp/floor1")" -
# live, as root, the BPF source reads the tasks (auto); a snapshot is a
# file read per task
for w in snap live; do
	awk -v w=$w '$1 == w { print $3 }' "$tmp/refresh" | median |
	    awk -v w=$w '{ printf "one refresh (%s) %.2f ms, target < 20: %s\n",
		w == "snap" ? "snapshot" : "live", $1,
		$1 < 20 ? "met" : "MISSED" }'
done
rm -rf "$tmp/snap"

# ---- 2. idle at the default interval -----------------------------------
hold "$procs"
echo
echo "# spawn: $(cat "$tmp/spawn.out")"
mkdir "$tmp/home"
tmx new-session -d -x 120 -y 40 -s forktop "exec $forktop"
if [ -n "$htop" ]; then
	tmx new-session -d -x 120 -y 40 -s htop \
	    "exec env HOME=$tmp/home $htop -t -d 10"
fi
pid_of() { tmx list-panes -t "$1" -F '#{pane_pid}'; }
ticks() {	# ticks PID: utime + stime, in clock ticks
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
hz=$(getconf CLK_TCK)
sleep 5
tools=forktop
[ -n "$htop" ] && tools="forktop htop"
for t in $tools; do
	# a check that each shows the tree, not an error: spawn's rows
	echo "# $t: pid $(pid_of $t), $(tmx capture-pane -p -t $t |
	    grep -c '[├└]─') tree rows on screen"
done
wn=1
while [ "$wn" -le "$windows" ]; do
	for t in $tools; do
		eval "s_$t=\$(ticks $(pid_of $t))"
	done
	# others' load counts too: the loadavg's runnable/all tasks
	echo "# window $wn: loadavg $(cat /proc/loadavg)"
	w0=$(date +%s.%N)
	sleep "$secs"
	w1=$(date +%s.%N)
	for t in $tools; do
		eval "a=\$s_$t"
		b=$(ticks "$(pid_of $t)")
		awk -v t=$t -v a="$a" -v b="$b" -v hz="$hz" -v w0="$w0" \
		    -v w1="$w1" 'BEGIN { printf "%s %.3f\n", t,
			100 * (b - a) / hz / (w1 - w0) }' >>"$tmp/idle"
	done
	floor_ms >>"$tmp/floor2"
	wn=$((wn + 1))
done
# each window: tool, CPU %
sed 's/^/# window: /' "$tmp/idle"
# CPU ms per second of wall time is about one refresh's cost at 1 s
printf '\n%-8s %8s %14s %12s   (median of %d windows of %s s)\n' "tool" \
    "idle(%)" "CPU ms per s" "peak RSS" "$windows" "$secs"
for t in $tools; do
	p=$(awk -v t=$t '$1 == t { print $2 }' "$tmp/idle" | median)
	m=$(awk '/^VmHWM/ { print $2 }' "/proc/$(pid_of $t)/status")
	eval "rss_$t=$m"
	printf '%-8s %8.2f %14.1f %8d KiB\n' $t "$p" "$(echo "$p" |
	    awk '{ print $1 * 10 }')" "$m"
done
fl=$(median <"$tmp/floor2")
printf '%-8s %8.2f %14.1f %12s   (one round of stat files a second)\n' \
    floor "$(echo "$fl" | awk '{ print $1 / 10 }')" "$fl" -
f=$(awk '$1 == "forktop" { print $2 }' "$tmp/idle" | median)
echo "$f" | awk '{ printf "forktop idle %.2f%% of one core, target < 1: %s\n",
	$1, $1 < 1 ? "met" : "MISSED" }'
if [ -n "$htop" ]; then
	h=$(awk '$1 == "htop" { print $2 }' "$tmp/idle" | median)
	awk -v f="$f" -v h="$h" -v a="$rss_forktop" -v b="$rss_htop" 'BEGIN {
		printf "forktop/htop: idle CPU %.2f, peak RSS %.2f\n",
		    f / h, a / b }'
else
	echo "htop: not installed, no comparison (apt-get install htop)"
fi
echo "# loadavg after: $(cat /proc/loadavg)"
