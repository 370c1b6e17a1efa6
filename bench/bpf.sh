#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/bpf.sh - pforest's BPF task source against what a user would run
# instead, in one hyperfine run with bench/spawn's 5,000 processes held:
#   pforest --source=bpf  -k -o pid,ppid,stat,comm
#   pforest --source=proc -k -o pid,ppid,stat,comm  (the same, from /proc)
#   the floor scanner (bench/floor: open+read+close of each PID/stat)
#   ps -e -o pid,ppid,stat,comm
# Targets (issue 9): BPF >= 5x faster than the floor and >= 20x faster
# than ps.  A one-shot pforest pays for loading the BPF program every run
# (the kernel runs the light skeleton's loader, which relocates the
# program, and verifies it); that is in its figure.  Then, as a
# long-running tool (forktop, reapcheck --watch) reads: the medians of
# repeated reads in one process, the program loaded once -- bench/read-fks
# with BENCH_SOURCE=bpf and with /proc, against the floor's own repeated
# rounds.  Needs root and a build with the BPF source; never part of make
# check.
#
# With -c BASE (another build directory, e.g. of main; repeatable, paths
# without blanks), the one-shot BPF command of the builds is timed side
# by side as well, in turns, each run through the dynamic loader with
# its own library directory (the same way for all, so none pays for a
# wrapper another does not), and this/base is printed: how a change
# moves the whole command.
#
#   bench/bpf.sh [-p procs] [-r runs] [-c BASE] [BUILDDIR]
set -eu

procs=5000 runs=30 bases=
while getopts p:r:c: opt; do
	case $opt in
	p) procs=$OPTARG ;;
	r) runs=$OPTARG ;;
	c) bases="$bases $(cd "$OPTARG" && pwd)" ;;
	*) echo "usage: $0 [-p procs] [-r runs] [-c BASE] [BUILDDIR]" >&2
		exit 2 ;;
	esac
done
shift $((OPTIND - 1))
build=$(cd "${1:-.}" && pwd)
pforest=$build/cmd/.libs/pforest
[ -x "$pforest" ] || pforest=$build/cmd/pforest
for x in hyperfine ps jq; do
	command -v "$x" >/dev/null || { echo "bpf.sh: needs $x" >&2; exit 1; }
done
# the libtool wrapper would time a shell too: run the real binary
export LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if ! "$pforest" --source=bpf -o pid >/dev/null; then
	echo "bpf.sh: the BPF source cannot run here (above)" >&2
	exit 1
fi

tmp=$(mktemp -d)
. "$(dirname "$0")/hold.sh"
cleanup() {
	spawn_release
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
spawn_hold "$build/bench/spawn" "$procs"
machine_header
echo "# tasks now: $(ls /proc | grep -c '^[0-9]') processes," \
    "$("$pforest" --source=bpf -k -T -o pid --no-headers | wc -l) tasks"
echo "# loadavg before: $(cat /proc/loadavg)"

hf bpf "$pforest --source=bpf -k -o pid,ppid,stat,comm" \
	"$pforest --source=proc -k -o pid,ppid,stat,comm" \
	"$build/bench/floor -n 1 -w 0 -q" "ps -e -o pid,ppid,stat,comm"
b=$(median bpf 0) p=$(median bpf 1) f=$(median bpf 2) s=$(median bpf 3)
awk -v b="$b" -v p="$p" -v f="$f" -v s="$s" 'BEGIN {
	printf "\n%-46s %10s\n", "command (median of runs)", "ms"
	printf "%-46s %10.2f\n", "pforest --source=bpf -k -o pid,ppid,stat,comm", b
	printf "%-46s %10.2f\n", "pforest --source=proc (same columns)", p
	printf "%-46s %10.2f\n", "floor (one round, own process)", f
	printf "%-46s %10.2f\n", "ps -e -o pid,ppid,stat,comm", s
	rf = f / b; rs = s / b; rp = p / b
	printf "\nfloor/bpf = %.1fx  target >= 5: %s\n", rf,
	    (rf >= 5 ? "met" : "MISSED")
	printf "ps/bpf    = %.1fx  target >= 20: %s\n", rs,
	    (rs >= 20 ? "met" : "MISSED")
	printf "proc/bpf  = %.1fx\n", rp
}'

rounds() {	# rounds CMD...: the median of its rounds, ms
	"$@" -n "$runs" -w 2 -q | awk '/summary/ {
		for (i = 1; i < NF; i++) if ($i == "median_ns")
			printf "%.2f", $(i + 1) / 1e6 }'
}
rb=$(BENCH_SOURCE=bpf rounds "$build/bench/read-fks")
rp=$(rounds "$build/bench/read-fks")
rf=$(rounds "$build/bench/floor")
awk -v b="$rb" -v p="$rp" -v f="$rf" 'BEGIN {
	x = f / b; y = p / b
	printf "\nrepeated reads in one process (median ms): bpf %.2f, " \
	    "/proc %.2f, floor %.2f; floor/bpf = %.1fx, proc/bpf = %.1fx\n",
	    b, p, f, x, y
}'

if [ -n "$bases" ]; then
	# the program interpreter every binary asks for
	ldso=$(readelf -l "$pforest" |
	    sed -n 's/.*program interpreter: \(.*\)]$/\1/p')
	one() {	# one DIR: the one-shot command of the build in DIR
		echo "$ldso --library-path $1/lib/.libs $1/cmd/.libs/pforest" \
		    "--source=bpf -k -o pid,ppid,stat,comm"
	}
	# hyperfine times all runs of one command, then the next's: on a
	# busy machine the load moves in between.  So rounds of 5 runs
	# each, the commands taking turns at going first; the medians of
	# all the runs.
	set -- "$build" $bases
	k=$#
	i=0
	while [ $((i * 5)) -lt "$runs" ]; do
		order= j=0
		for d in "$build" $bases "$build" $bases; do
			# k of them, from the (i mod k)th on
			[ $j -ge $((i % k)) ] && [ $j -lt $((i % k + k)) ] &&
			    order="$order $d"
			j=$((j + 1))
		done
		set --
		for d in $order; do set -- "$@" "$(one "$d")"; done
		hyperfine -N -w 1 -r 5 --export-json "$tmp/side$i.json" \
			"$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	side() {	# side CMD: the median of its runs in every round, ms
		cat "$tmp"/side*.json | jq --arg c "$1" \
		    '.results[] | select(.command == $c) | .times[]' |
		sort -g | awk '{ t[NR] = $1 } END {
			m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			printf "%.2f", m * 1000 }'
	}
	t=$(side "$(one "$build")")
	printf '\none-shot pforest --source=bpf, side by side, %d runs each' \
	    $((i * 5))
	printf ' in turns (median ms): this %.2f\n' "$t"
	for d in $bases; do
		awk -v t="$t" -v o="$(side "$(one "$d")")" -v d="$d" 'BEGIN {
			printf "  %s %.2f: this/base = %.3f (%+.2f ms)\n",
			    d, o, t / o, t - o }'
	done
fi
echo "# loadavg after: $(cat /proc/loadavg)"
