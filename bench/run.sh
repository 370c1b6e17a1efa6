#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh - the task-reading benchmark: starts bench/spawn (5,000
# sleeping processes, some with threads), then in this one run times the
# floor scanner, libforkscope and libproc2 in interleaved batches, prints
# the medians and ratios, the syscalls per task (strace -c) and the peak
# RSS of each reader.  Reference rows without a target: libproc2 without
# PIDS_ID_TGID, the floor on one thread per CPU and the floor batched
# through io_uring.
#
# It builds nothing: run `make` first (`make bench` does both) and pass the
# build directory.  It is never part of `make check`: timings are not
# tests.  See docs/BENCHMARKS.md for the figures and how to read them.
#
#   bench/run.sh [-p procs] [-b batches] [-r rounds] [-T] [BUILDDIR]
#     -p  sleeping processes to spawn (default 5000)
#     -b  interleaved batches (default 5)
#     -r  timed rounds per reader per batch (default 3); each reader thus
#         gets b*r timed rounds, after one untimed warm-up per batch
#     -T  skip the thread-reading (-t) table
set -eu

procs=5000 batches=5 rounds=3 threads=yes
while getopts p:b:r:T opt; do
	case $opt in
	p) procs=$OPTARG ;;
	b) batches=$OPTARG ;;
	r) rounds=$OPTARG ;;
	T) threads=no ;;
	*) echo "usage: $0 [-p procs] [-b batches] [-r rounds] [-T]" \
		"[BUILDDIR]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
build=${1:-.}
bin=$build/bench

for p in spawn floor read-fks; do
	[ -x "$bin/$p" ] || { echo "run.sh: no $bin/$p; run make" >&2; exit 1; }
done
readers="floor read-fks"
# libproc2 is optional at configure time (HAVE_PROC2).
if [ -x "$bin/read-proc2" ]; then
	readers="$readers read-proc2"
else
	echo "run.sh: no $bin/read-proc2 (libproc2 missing): no ratio" >&2
fi
if grep -q 'fsanitize' "$build/Makefile" 2>/dev/null; then
	echo "run.sh: warning: sanitizer build; timings are meaningless" >&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fks-bench.XXXXXX")
. "$(dirname "$0")/hold.sh"
cleanup() {
	spawn_release
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

spawn_hold "$bin/spawn" "$procs"
machine_header
echo "# loadavg before: $(cat /proc/loadavg)"
echo "# $batches interleaved batches x $rounds rounds per reader"

# Batches alternate the readers, so a drift of the machine (another job,
# cache state, CPU frequency) hits every reader alike.
timed() {	# timed FLAG...: all readers, b batches, rounds appended
	b=1
	while [ $b -le "$batches" ]; do
		for r in $readers; do
			"$bin/$r" -n "$rounds" -w 1 "$@" >>"$tmp/rounds"
		done
		b=$((b + 1))
	done
}

# Medians over every round of a reader; then the ratios.
table() {	# table TITLE...
	awk -v title="$*" '
	$2 == "round" && !($1 in n) { order[++nr] = $1 }
	$2 == "round" { ns[$1, ++n[$1]] = $5; tasks[$1] = $7
			cpu[$1, n[$1]] = $9 }
	$2 == "summary" { rss[$1] = $14 }
	function median(name, cpus,    i, j, k, a, t) {
		k = n[name]
		for (i = 1; i <= k; i++) a[i] = cpus ? cpu[name, i] : ns[name, i]
		for (i = 2; i <= k; i++)	# insertion sort: k is small
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		lo[name] = a[1]
		return a[int((k + 1) / 2)]
	}
	END {
		printf "\n%s\n", title
		printf "%-10s %6s %6s %11s %9s %8s %8s %9s\n", "reader",
		    "rounds", "tasks", "median(ms)", "min(ms)", "cpu(ms)",
		    "us/task", "rss(KiB)"
		for (o = 1; o <= nr; o++) {
			r = order[o]
			c[r] = median(r, 1)	# CPU of every thread, median
			m[r] = median(r, 0)	# sets lo[r] last: wall min
			printf "%-10s %6d %6d %11.2f %9.2f %8.2f %8.2f %9d\n",
			    r, n[r], tasks[r], m[r] / 1e6, lo[r] / 1e6,
			    c[r] / 1e6, m[r] / 1e3 / tasks[r], rss[r]
		}
		# Medians are the figures; the ratios of the minima are less
		# moved by other jobs on the machine, so both are shown.
		if (("fks" in m) && ("proc2" in m))
			printf "proc2/fks   = %.2f (min %.2f)  " \
			    "target >= 3: %s\n",
			    m["proc2"] / m["fks"], lo["proc2"] / lo["fks"],
			    (m["proc2"] >= 3 * m["fks"] ? "met" : "MISSED")
		if (("fks" in m) && ("floor" in m))
			printf "fks/floor   = %.2f (min %.2f)  " \
			    "target <= 1.5: %s\n",
			    m["fks"] / m["floor"], lo["fks"] / lo["floor"],
			    (m["fks"] <= 1.5 * m["floor"] ? "met" : "MISSED")
		if (("proc2" in m) && ("floor" in m))
			printf "proc2/floor = %.2f (min %.2f)\n",
			    m["proc2"] / m["floor"], lo["proc2"] / lo["floor"]
		if (("fks-serial" in m) && ("proc2" in m))
			printf "one thread: proc2/fks-serial = %.2f, " \
			    "fks-serial/floor = %.2f\n",
			    m["proc2"] / m["fks-serial"],
			    m["fks-serial"] / m["floor"]
		if (("fks" in c) && ("proc2" in c))
			printf "CPU: fks %.2f ms vs proc2 %.2f ms (%.2fx)\n",
			    c["fks"] / 1e6, c["proc2"] / 1e6,
			    c["proc2"] / c["fks"]
	}' "$tmp/rounds"
}

: >"$tmp/rounds"
timed
# For reference, no target: libproc2 without PIDS_ID_TGID; the floor read
# by one thread per CPU, and batched through io_uring (what reading in
# parallel, or without a syscall per file, could buy).
jobs=$(nproc)
b=1
while [ $b -le "$batches" ]; do
	if [ -x "$bin/read-proc2" ]; then
		"$bin/read-proc2" -m -n "$rounds" -w 1 >>"$tmp/rounds"
	fi
	"$bin/read-fks" -m -n "$rounds" -w 1 >>"$tmp/rounds"
	if [ "$jobs" -gt 1 ]; then
		"$bin/floor" -j "$jobs" -n "$rounds" -w 1 >>"$tmp/rounds"
	fi
	# io_uring may be missing or disabled: then the row is missing.
	if [ -x "$bin/floor-uring" ]; then
		"$bin/floor-uring" -n "$rounds" -w 1 >>"$tmp/rounds" \
			2>/dev/null || true
	fi
	b=$((b + 1))
done
table "processes only (FKS_F_STAT, PIDS_FETCH_TASKS_ONLY):"
if [ $threads = yes ]; then
	: >"$tmp/rounds"
	timed -t
	table "processes and threads" \
	    "(FKS_READ_THREADS, PIDS_FETCH_THREADS_TOO):"
fi

echo "# loadavg after the timed runs: $(cat /proc/loadavg)"

# Syscalls per task: one round under strace minus a setup-only run
# (-n 0: loader, /proc opened, libproc2 context), over the tasks read.
syscalls() {	# syscalls READER FLAG...
	r=$1
	shift
	strace -f -c -o "$tmp/sc0" "$bin/$r" -n 0 -w 0 -q "$@" >/dev/null
	strace -f -c -o "$tmp/sc1" "$bin/$r" -n 1 -w 0 -q "$@" >"$tmp/out1"
	awk -v reader="$r $*" '
	FNR == 1 { file++ }
	/^[ 0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+/ {
		c[file, $NF] = $4; names[$NF] = 1
	}
	$2 == "summary" { tasks = $10 }
	END {
		line = ""
		# Calls per task, those of at least 0.01, in a fixed order.
		k = split("openat read close newfstatat getdents64 fcntl",
		    known, " ")
		for (i = 1; i <= k; i++) seen[known[i]] = 1
		for (s in names)
			if (!(s in seen) && s != "total") known[++k] = s
		for (i = 1; i <= k; i++) {
			s = known[i]
			d = (c[2, s] - c[1, s]) / tasks
			if (d >= 0.005) line = line sprintf(" %s=%.2f", s, d)
		}
		printf "%-14s tasks %5d  total %.2f/task:%s\n", reader, tasks,
		    (c[2, "total"] - c[1, "total"]) / tasks, line
	}' "$tmp/sc0" "$tmp/sc1" "$tmp/out1"
}

if command -v strace >/dev/null; then
	echo
	echo "syscalls per task (strace -f -c, one round minus setup):"
	for r in $readers; do
		syscalls "$r"
	done | tee "$tmp/sc.txt"
	if [ $threads = yes ]; then
		for r in $readers; do
			syscalls "$r" -t
		done
	fi
	awk '$1 == "read-fks" { printf "fks: %.2f syscalls per task, target " \
	    "<= 4: %s\n", $5, ($5 + 0 <= 4 ? "met" : "MISSED") }' \
	    "$tmp/sc.txt"
else
	echo "run.sh: no strace: no syscall counts" >&2
fi

# Peak RSS of one round with nothing else: GNU time if installed, else
# the readers' own getrusage (the rss column above).
if [ -x /usr/bin/time ]; then
	echo
	echo "peak RSS of one round (/usr/bin/time -v):"
	for r in $readers; do
		/usr/bin/time -v "$bin/$r" -n 1 -w 0 -q 2>"$tmp/time" >/dev/null
		printf '%-10s %s KiB\n' "$r" "$(awk -F': ' \
		    '/Maximum resident/ { print $2 }' "$tmp/time")"
	done
fi
