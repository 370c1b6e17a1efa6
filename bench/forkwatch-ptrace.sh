#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/forkwatch-ptrace.sh - the ptrace source of forkwatch -- COMMAND
# against strace -f -e trace=process, the tool a user would pick instead
# (targets of the forkwatch issue: its overhead at most strace's, and 100%
# of 200 short execs named).  Two fork-heavy commands, each run bare,
# under forkwatch --source=ptrace (its events to stderr, sent to
# /dev/null: -o takes no device), under strace -f -e trace=process -o
# /dev/null, and under the same with --seccomp-bpf (strace's fastest: no
# stop at the system calls it does not trace), side by side in one hyperfine run (or, without hyperfine,
# interleaved and timed with date):
#   loop  sh -c: N fork+exec of /bin/true (default 2,000)
#   make  make -j2 of a generated tree of F small C files (default 24)
# Then the naming: forkwatch --source=ptrace -j over 200 execs of
# /bin/true with an argument (each exec's comm and argv as read at the
# exec), and over the make, whose execs are counted against strace -f -e
# trace=execve's successful ones.
# Never part of make check: timings are not tests.  Runs as any user who
# may trace his own processes (root here).
#
#   bench/forkwatch-ptrace.sh [-n loop-execs] [-f files] [-r runs] [BUILDDIR]
#   BENCH_QUICK=1: 3 runs instead of 5
set -eu

n=2000 files=24 runs=5
[ -n "${BENCH_QUICK:-}" ] && runs=3
while getopts n:f:r: opt; do
	case $opt in
	n) n=$OPTARG ;;
	f) files=$OPTARG ;;
	r) runs=$OPTARG ;;
	*) echo "usage: $0 [-n loop-execs] [-f files] [-r runs] [BUILDDIR]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
build=$(cd "${1:-.}" && pwd)
fw=$build/cmd/.libs/forkwatch
[ -x "$fw" ] || fw=$build/cmd/forkwatch
[ -x "$fw" ] || { echo "forkwatch-ptrace.sh: no $fw; run make" >&2; exit 1; }
for t in strace jq make cc; do
	command -v $t >/dev/null ||
	    { echo "forkwatch-ptrace.sh: needs $t" >&2; exit 1; }
done
if grep -q 'fsanitize' "$build/Makefile" 2>/dev/null; then
	echo "forkwatch-ptrace.sh: warning: sanitizer build; timings are" \
	    "meaningless" >&2
fi
# the libtool wrapper would be a shell: run the real binary
export LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the generated tree: F files of one small function each, and main
mkdir "$tmp/tree"
i=0
objs=
while [ $i -lt "$files" ]; do
	printf 'int f%d(int x) { return x * %d + 1; }\n' $i $i \
	    >"$tmp/tree/f$i.c"
	objs="$objs f$i.o"
	i=$((i + 1))
done
echo 'int main(void) { return 0; }' >"$tmp/tree/main.c"
printf 'prog: main.o%s\n\tcc -o $@ $^\n%%.o: %%.c\n\tcc -O0 -c $<\nclean:\n\trm -f prog *.o\n' \
    "$objs" >"$tmp/tree/Makefile"

loop="sh -c 'i=0; while [ \$i -lt $n ]; do /bin/true; i=\$((i + 1)); done'"
mk="make -s -j2 -C $tmp/tree"

echo "# machine: $(nproc) CPUs, Linux $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# forkwatch: $fw; $(strace -V | head -n 1)"
echo "# loadavg before: $(cat /proc/loadavg)"

# overhead WORKLOAD COMMAND PREPARE: bare, forkwatch, strace side by side
overhead() {
	name=$1 cmd=$2 prep=$3
	echo
	echo "## $name: $cmd"
	if command -v hyperfine >/dev/null; then
		hyperfine --style basic -w 1 -r "$runs" -p "$prep" \
		    --export-json "$tmp/$name.json" \
		    -n bare "$cmd" \
		    -n forkwatch "$fw --source=ptrace -- $cmd 2>/dev/null" \
		    -n strace "strace -f -e trace=process -o /dev/null $cmd" \
		    -n strace-bpf "strace -f --seccomp-bpf -e trace=process \
		    -o /dev/null $cmd"
		jq -r '.results[] | "\(.command) \(.mean) \(.stddev) \(.user + .system)"' \
		    "$tmp/$name.json" >"$tmp/$name.means"
	else
		: >"$tmp/$name.t"
		r=0
		while [ $r -lt "$runs" ]; do
			for w in bare forkwatch strace strace-bpf; do
				case $w in
				bare) c=$cmd ;;
				forkwatch) c="$fw --source=ptrace -- $cmd 2>/dev/null" ;;
				strace) c="strace -f -e trace=process -o /dev/null $cmd" ;;
				strace-bpf) c="strace -f --seccomp-bpf -e trace=process -o /dev/null $cmd" ;;
				esac
				sh -c "$prep"
				t0=$(date +%s%N)
				sh -c "$c" >/dev/null
				t1=$(date +%s%N)
				echo "$w $(((t1 - t0) / 1000))" >>"$tmp/$name.t"
			done
			r=$((r + 1))
		done
		awk '{ s[$1] += $2 / 1e6; q[$1] += ($2 / 1e6) ^ 2; c[$1]++ }
		    END { for (w in s) { m = s[w] / c[w];
		    printf "%s %f %f -\n", w, m, sqrt(q[w] / c[w] - m * m) } }' \
		    "$tmp/$name.t" >"$tmp/$name.means"
	fi
	# wall time, and CPU time (user + system, the command's and the
	# tracer's: hyperfine counts children), less hostage to the load
	awk -v name="$name" '{ mean[$1] = $2; sd[$1] = $3; cpu[$1] = $4 }
	    END {
		printf "%-8s %-10s %9s %7s %7s %9s %7s\n", "workload", "run",
		    "wall (s)", "sd", "x bare", "CPU (s)", "x bare"
		split("bare forkwatch strace strace-bpf", o, " ")
		for (i = 1; i <= 4; i++) {
			printf "%-8s %-10s %9.3f %7.3f %7.2f", name, o[i],
			    mean[o[i]], sd[o[i]], mean[o[i]] / mean["bare"]
			if (cpu[o[i]] != "-")
				printf " %9.3f %7.2f", cpu[o[i]],
				    cpu[o[i]] / cpu["bare"]
			printf "\n"
		}
		printf "%s: forkwatch/strace wall %.2f", name,
		    mean["forkwatch"] / mean["strace"]
		if (cpu["bare"] != "-")
			printf ", CPU %.2f", cpu["forkwatch"] / cpu["strace"]
		printf " (target <= 1.00); against strace --seccomp-bpf:"
		printf " wall %.2f", mean["forkwatch"] / mean["strace-bpf"]
		if (cpu["bare"] != "-")
			printf ", CPU %.2f", cpu["forkwatch"] / cpu["strace-bpf"]
		printf "\n"
	    }' "$tmp/$name.means"
}

overhead loop "$loop" true
overhead make "$mk" "make -s -C $tmp/tree clean"

echo
echo "## naming"
# 200 short execs, each with its own argument
"$fw" --source=ptrace -j -o "$tmp/n200.json" -- sh -c \
    'i=0; while [ $i -lt 200 ]; do /bin/true "$i"; i=$((i + 1)); done'
named=$(jq -s '[.[] | select(.event == "exec" and .comm == "true" and
    .name_read and .cmdline[0] == "/bin/true" and
    (.cmdline[1] | test("^[0-9]+$")))] | map(.cmdline[1]) | unique |
    length' "$tmp/n200.json")
echo "200 execs of /bin/true: $named named with their comm and argv" \
    "($((named / 2))%; target 100%)"
# the make: execs told, named, against strace's successful execve
make -s -C "$tmp/tree" clean
"$fw" --source=ptrace -j -o "$tmp/make.json" -- $mk
make -s -C "$tmp/tree" clean
strace -f -q -e trace=execve -o "$tmp/make.strace" $mk
fw_execs=$(jq -s '[.[] | select(.event == "exec")] | length' \
    "$tmp/make.json")
fw_named=$(jq -s '[.[] | select(.event == "exec" and .name_read and
    (.cmdline | length) > 0)] | length' "$tmp/make.json")
# (an execve cut by another process's line ends "<... execve resumed>")
st_execs=$(grep -c 'execve.* = 0$' "$tmp/make.strace" || true)
echo "make -j2 of $files files: $fw_execs execs told, $fw_named named" \
    "with their argv; strace: $st_execs successful execve"
echo "# loadavg after: $(cat /proc/loadavg)"
