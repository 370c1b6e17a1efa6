#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/reapcheck.sh - reapcheck against the checks a user would run
# instead, on the same machine in the same run: with bench/spawn's 5,000
# processes (every 50th with 4 threads) and tests/scenarios/zombie-farm's
# 1,000 zombies held, one hyperfine run times
#   reapcheck --plugin
#   check_procs -s Z                  (monitoring-plugins-basic)
#   ps -eo stat,ppid,pid,comm | awk '$1 ~ /Z/'   (through sh -c)
# with output to /dev/null.  Target (the reapcheck issue): reapcheck
# <= 0.5x the wall time (median) of the fastest of the others.  Never
# part of make check; tests/scenarios/zombie-farm is built by make check.
#
#   bench/reapcheck.sh [-p procs] [-z zombies] [-r runs] [BUILDDIR]
set -eu

procs=5000 zombies=1000 runs=20
while getopts p:z:r: opt; do
	case $opt in
	p) procs=$OPTARG ;;
	z) zombies=$OPTARG ;;
	r) runs=$OPTARG ;;
	*) echo "usage: $0 [-p procs] [-z zombies] [-r runs] [BUILDDIR]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
build=$(cd "${1:-.}" && pwd)
reapcheck=$build/cmd/.libs/reapcheck
[ -x "$reapcheck" ] || reapcheck=$build/cmd/reapcheck
farm=$build/tests/scenarios/zombie-farm
check_procs=/usr/lib/nagios/plugins/check_procs
for x in hyperfine ps awk jq "$farm"; do
	command -v "$x" >/dev/null ||
	    { echo "reapcheck.sh: needs $x (make check builds the farm)" >&2
	      exit 1; }
done
if ! [ -x "$check_procs" ]; then
	echo "reapcheck.sh: no $check_procs: apt-get install" \
	    "monitoring-plugins-basic; timing without it" >&2
	check_procs=
fi
# the libtool wrapper would time a shell too: run the real binary
export LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

tmp=$(mktemp -d)
. "$(dirname "$0")/hold.sh"
farm_pid=''
cleanup() {
	spawn_release
	exec 4>&- 2>/dev/null || true
	[ -n "$farm_pid" ] && wait "$farm_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
spawn_hold "$build/bench/spawn" "$procs"
mkfifo "$tmp/farm"
"$farm" -n "$zombies" <"$tmp/farm" >"$tmp/farm.out" 3>&- &
farm_pid=$!
exec 4>"$tmp/farm"
until grep -q '^scenario=zombie-farm' "$tmp/farm.out"; do
	kill -0 "$farm_pid" 2>/dev/null || { echo "zombie-farm failed"; exit 1; }
	sleep 0.1
done

machine_header
echo "# zombie-farm: $zombies zombies under $(sed 's/.*parent=\([0-9]*\).*/\1/' \
    "$tmp/farm.out")"
echo "# on the machine: $(ps -e --no-headers | wc -l) processes," \
    "$(ps -eo stat= | grep -c '^Z') zombies"
echo "# loadavg before: $(cat /proc/loadavg)"
echo "# reapcheck --plugin: $("$reapcheck" --plugin)"
[ -z "$check_procs" ] || echo "# check_procs -s Z: $("$check_procs" -s Z)"
echo "# ps | awk: $(ps -eo stat,ppid,pid,comm | awk '$1 ~ /Z/' | wc -l) lines"

set -- "$reapcheck --plugin"
[ -z "$check_procs" ] || set -- "$@" "$check_procs -s Z"
# -N would split the pipe into words: this one runs through sh -c, and
# hyperfine subtracts the shell's own start-up (--shell=sh calibration)
hyperfine -N -w 3 -r "$runs" --export-json "$tmp/direct.json" "$@" \
	>"$tmp/direct.txt" 2>&1
hyperfine --shell=sh -w 3 -r "$runs" --export-json "$tmp/ps.json" \
	"ps -eo stat,ppid,pid,comm | awk '\$1 ~ /Z/'" >"$tmp/ps.txt" 2>&1
sed -n '/^Benchmark/,/Range/p' "$tmp/direct.txt" "$tmp/ps.txt" |
    grep -v '^ *$'

rc=$(median direct 0)
cp=$( [ -z "$check_procs" ] || median direct 1)
pa=$(median ps 0)
awk -v a="$rc" -v b="${cp:--1}" -v c="$pa" 'BEGIN {
	printf "\n%-40s %10s\n", "command (median of runs)", "ms"
	printf "%-40s %10.2f\n", "reapcheck --plugin", a
	if (b >= 0)
		printf "%-40s %10.2f\n", "check_procs -s Z", b
	printf "%-40s %10.2f\n", "ps -eo stat,ppid,pid,comm | awk", c
	best = c; name = "ps | awk"
	if (b >= 0 && b < best) { best = b; name = "check_procs" }
	printf "\nreapcheck/%s (the fastest other) = %.2f  target <= 0.5: %s\n",
	    name, a / best, a / best <= 0.5 ? "met" : "MISSED"
	if (b >= 0)
		printf "reapcheck/check_procs = %.2f, reapcheck/ps | awk = %.2f\n",
		    a / b, a / c
}'
echo "# loadavg after: $(cat /proc/loadavg)"
