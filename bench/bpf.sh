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
# (the library walks part of the kernel's BTF, the kernel verifies the
# program); that is in its figure.  Then, as a long-running tool (forktop, reapcheck
# --watch) reads: the medians of repeated reads in one process, the
# program loaded once -- bench/read-fks with BENCH_SOURCE=bpf and with
# /proc, against the floor's own repeated rounds.  Needs root and a build with
# the BPF source; never part of make check.
#
#   bench/bpf.sh [-p procs] [-r runs] [BUILDDIR]
set -eu

procs=5000 runs=30
while getopts p:r: opt; do
	case $opt in
	p) procs=$OPTARG ;;
	r) runs=$OPTARG ;;
	*) echo "usage: $0 [-p procs] [-r runs] [BUILDDIR]" >&2; exit 2 ;;
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
echo "# loadavg after: $(cat /proc/loadavg)"
