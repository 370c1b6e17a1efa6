#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz/run.sh - builds the libFuzzer harnesses with clang
# (-fsanitize=fuzzer,address,undefined) against the library's sources
# (and cmd/optval.c, the commands' option-value parsers) and runs each for
# SECONDS (default 10), seeded from fixtures/ and the golden cases' option
# values; NAMEs pick some harnesses (`make fuzz FUZZ_HARNESSES=manifest`).
# A crash, a leak, a timeout or running out of memory stops the run with the
# input saved as fuzz/crash-*, leak-*, timeout-* or oom-*; make it a fixture
# and a fixed bug (docs/SECURITY.md).  Inputs are a few KiB, so no harness
# needs much memory: one allocation over MALLOC_MB (default 256) MiB or an
# RSS over RSS_MB (1024) MiB is a finding, as is a harness's ENOMEM.  `make fuzz FUZZ_SECONDS=600` for a
# long run.  Needs clang and libclang-rt-14-dev.
#
#   fuzz/run.sh [SECONDS] [SRCDIR] [BUILDDIR] [NAME...]
set -eu
seconds=${1:-10}
src=$(cd "${2:-.}" && pwd)
build=$(cd "${3:-.}" && pwd)
shift $(($# < 3 ? $# : 3))
names=${*:-stat status meminfo escape columns events manifest users cgroup options record bpf
bpf-events}
out=$build/fuzz
mkdir -p "$out"
command -v clang >/dev/null || { echo "fuzz: clang is needed" >&2; exit 1; }
l=$src/lib
lib="$l/parse/parse-stat.c $l/parse/parse-status.c $l/parse/parse-cmdline.c
$l/parse/parse-meminfo.c $l/parse/cgroup.c
$l/text/escape.c $l/text/columns.c
$l/model/table.c $l/model/tree.c $l/model/arena.c $l/model/audit.c
$l/source/read.c $l/source/proc-source.c $l/source/root.c
$l/source/users.c $l/source/cmdcache.c $l/source/bpf-source.c $l/source/bpf-decode.c
$l/events/events.c $l/parse/manifest.c $src/cmd/optval.c"
# a build with the BPF source: its light skeleton and libbpf's headers
bpf=
grep -q 'define HAVE_BPF 1' "$build/config.h" && bpf="-I$build/lib"
# fuzz-record replays through the watcher (netlink.c's cn_msg inside a
# struct is a GNU extension clang warns about)
watch="$l/events/netlink.c $l/events/record.c $l/events/tracker.c
$l/events/watch.c $l/events/wbatch.c $l/events/wlive.c $l/events/wproc.c
$l/events/wreplay.c
$l/events/wbpf.c $l/events/bpf-events.c $l/events/wcgroup.c
$l/events/wptrace.c $l/events/wptrace-decode.c
-Wno-gnu-variable-sized-type-not-at-end"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
malloc_mb=${MALLOC_MB:-256}
rss_mb=${RSS_MB:-1024}

seed() {	# seed NAME FILE-NAME...: corpus from the fixtures' files
	dir=$out/corpus-$1
	mkdir -p "$dir"
	shift
	for f in "$@"; do
		# the same name in every task directory: number the copies
		find "$src/fixtures" -name "$f" -type f -size -64k |
		awk '{ printf "%s\t%d\n", $0, NR }' |
		while IFS="	" read -r path n; do
			cp "$path" "$dir/$f.$n"
		done
	done
}

# seed_args: every option value of the golden cases (tests/golden/*/*.args):
# the word after a short option, the text after '=' of a long one
seed_args() {
	dir=$out/corpus-options
	mkdir -p "$dir"
	cat "$src"/tests/golden/*/*.args | tr ' ' '\n' |
	awk 'prev ~ /^-[a-zA-Z]$/ { print }
	     /^--[a-z-]+=/ { sub(/^[^=]*=/, ""); print }
	     { prev = $0 }' | sort -u |
	awk '{ printf "%s\t%d\n", $0, NR }' |
	while IFS="	" read -r v n; do
		printf %s "$v" >"$dir/arg.$n"
	done
}

for name in $names; do
	extra=
	[ "$name" = record ] && extra=$watch
	# the BPF event decoder's events go through the record format too
	[ "$name" = bpf-events ] && extra="$l/events/bpf-events.c $l/events/record.c"
	# shellcheck disable=SC2086
	clang $flags -I"$src/lib" -I"$src/cmd" -I"$build" -DHAVE_CONFIG_H \
		-o "$out/fuzz-$name" "$src/fuzz/fuzz-$name.c" $lib $extra \
		$bpf -lpthread
	case $name in
	stat) seed stat stat ;;
	status) seed status status ;;
	meminfo) seed meminfo meminfo	# and this machine's
		cp /proc/meminfo "$out/corpus-meminfo/live" 2>/dev/null || true ;;
	escape) seed escape comm cmdline ;;
	events) mkdir -p "$out/corpus-events" ;;
	bpf) mkdir -p "$out/corpus-bpf" ;;
	bpf-events) mkdir -p "$out/corpus-bpf-events"	# real records
		cp "$src"/fixtures/bpf-events/*.bin "$out/corpus-bpf-events/" ;;
	manifest) seed manifest forkscope-snapshot ;;
	users) seed users users ;;
	cgroup) seed cgroup cgroup ;;
	options) seed_args ;;
	record) mkdir -p "$out/corpus-record"	# forkwatch -w recordings
		cp "$src"/fixtures/records/*.rec "$out/corpus-record/" ;;
	columns) mkdir -p "$out/corpus-columns"
		for c in pid ppid args comm tty lwp stime; do
			printf %s "$c" >"$out/corpus-columns/$c"
		done ;;
	esac
	echo "fuzz-$name: $seconds s"
	(cd "$out" && "./fuzz-$name" -max_total_time="$seconds" \
		-malloc_limit_mb="$malloc_mb" -rss_limit_mb="$rss_mb" \
		-print_final_stats=1 "corpus-$name" 2>&1 |
		grep -E '^(stat::number_of_executed_units|==|SUMMARY|Done)' ||
		true)
	for kind in crash leak timeout oom; do
		if ls "$out/$kind"-* >/dev/null 2>&1; then
			echo "fuzz-$name: a finding ($kind), saved in $out" >&2
			exit 1
		fi
	done
done
