#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/pforest.sh - pforest against the tools a user would pick instead,
# on the same machine in the same run: with bench/spawn's 5,000 processes
# (every 50th with 4 threads) held, hyperfine times
#   pforest -k -o pid,ppid,stat,comm   vs  ps -e -o pid,ppid,stat,comm
#                                      and the floor scanner (bench/floor)
#   pforest -k -o pid,pcpu,pmem,etime,vsz,rss,args
#                                      vs  ps -e -o (the same columns)
#   pforest (the default view)         vs  ps -ef f  and  pstree -p
# with output to /dev/null, and /usr/bin/time -v gives each one's peak RSS.
# Targets (the pforest issue): the first <= 0.33x ps and <= 1.5x the
# floor; the wide columns <= 0.5x ps (issue #19); the default view
# <= 0.5x ps -ef f and below pstree -p; peak
# memory not above ps's.  When the build has bench/scols-pforest (with
# libsmartcols-dev), the same listing drawn by libsmartcols is timed
# against pforest too, as a table (--flat), a tree and JSON, on the
# load and on chains 1,000 and 4,000 deep (issue #21: pforest keeps
# whichever is measured better).  Never part of make check.
#
# With -b OTHER (another build directory, e.g. of the last release or of
# main) both pforests also run in the same hyperfine groups, each through
# env(1) to find its own library, and the report adds this build's time
# over the other's: a change is measured side by side.
#
#   bench/pforest.sh [-p procs] [-r runs] [-b OTHER] [BUILDDIR]
set -eu

procs=5000 runs=20 other=
while getopts p:r:b: opt; do
	case $opt in
	p) procs=$OPTARG ;;
	r) runs=$OPTARG ;;
	b) other=$(cd "$OPTARG" && pwd) ;;
	*) echo "usage: $0 [-p procs] [-r runs] [-b OTHER] [BUILDDIR]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
build=$(cd "${1:-.}" && pwd)
pforest=$build/cmd/.libs/pforest
[ -x "$pforest" ] || pforest=$build/cmd/pforest
# -b: both builds' pforests, each with its own library (env is in both)
if [ -n "$other" ]; then
	[ -x "$other/cmd/.libs/pforest" ] ||
		{ echo "pforest.sh: no $other/cmd/.libs/pforest" >&2; exit 1; }
	mine="env LD_LIBRARY_PATH=$build/lib/.libs $pforest"
	theirs="env LD_LIBRARY_PATH=$other/lib/.libs $other/cmd/.libs/pforest"
fi
for x in hyperfine ps pstree /usr/bin/time; do
	command -v "$x" >/dev/null || { echo "pforest.sh: needs $x" >&2; exit 1; }
done
# the libtool wrapper would time a shell too: run the real binary
export LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

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
echo "# loadavg before: $(cat /proc/loadavg)"

# ps's columns that read more than stat's first fields (ps: status too)
wide=pid,pcpu,pmem,etime,vsz,rss,args
if [ -n "$other" ]; then
	hf narrow "$pforest -k -o pid,ppid,stat,comm" \
		"ps -e -o pid,ppid,stat,comm" \
		"$build/bench/floor -n 1 -w 0 -q" \
		"$pforest -k -o $wide" "ps -e -o $wide" \
		"$mine -k -o pid,ppid,stat,comm" \
		"$theirs -k -o pid,ppid,stat,comm" \
		"$mine -k -o $wide" "$theirs -k -o $wide"
	hf tree "$pforest" "ps -ef f" "pstree -p" "$mine" "$theirs"
else
	hf narrow "$pforest -k -o pid,ppid,stat,comm" \
		"ps -e -o pid,ppid,stat,comm" "$build/bench/floor -n 1 -w 0 -q" \
		"$pforest -k -o $wide" "ps -e -o $wide"
	hf tree "$pforest" "ps -ef f" "pstree -p"
fi

cpu() {		# cpu NAME INDEX: mean user + system CPU of a command, ms
	jq ".results[$2] | (.user + .system) * 1000" "$tmp/$1.json"
}
peak() {	# peak CMD...: maximum resident set, KiB
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
pf_n=$(median narrow 0) ps_n=$(median narrow 1) fl=$(median narrow 2)
pf_t=$(median tree 0) psf=$(median tree 1) pst=$(median tree 2)
pf_w=$(median narrow 3) ps_w=$(median narrow 4)
awk -v a="$pf_n" -v b="$ps_n" -v c="$fl" -v d="$pf_t" -v e="$psf" \
    -v g="$pf_w" -v h="$ps_w" -v w="$wide" \
    -v f="$pst" -v m1="$(peak "$pforest")" -v m2="$(peak ps -ef f)" \
    -v m3="$(peak pstree -p)" -v m4="$(peak "$pforest" -k -o \
    pid,ppid,stat,comm)" -v m5="$(peak ps -e -o pid,ppid,stat,comm)" 'BEGIN {
	printf "\n%-36s %10s\n", "command (median of runs)", "ms"
	printf "%-36s %10.2f\n", "pforest -k -o pid,ppid,stat,comm", a
	printf "%-36s %10.2f\n", "ps -e -o pid,ppid,stat,comm", b
	printf "%-36s %10.2f\n", "floor (one round, own process)", c
	printf "%-36s %10.2f\n", "pforest (default view)", d
	printf "%-36s %10.2f\n", "ps -ef f", e
	printf "%-36s %10.2f\n", "pstree -p", f
	printf "%-36s %10.2f\n", "pforest -k -o " w, g
	printf "%-36s %10.2f\n", "ps -e -o " w, h
	printf "\npforest -o .../ps -o ...  = %.2f  target <= 0.33: %s\n",
	    a / b, a / b <= 0.33 ? "met" : "MISSED"
	printf "pforest -o .../floor     = %.2f  target <= 1.5: %s\n",
	    a / c, a / c <= 1.5 ? "met" : "MISSED"
	printf "pforest/ps -ef f         = %.2f  target <= 0.5: %s\n",
	    d / e, d / e <= 0.5 ? "met" : "MISSED"
	printf "pforest/pstree -p        = %.2f  target < 1: %s\n",
	    d / f, d < f ? "met" : "MISSED"
	printf "pforest -o %s/ps = %.2f  target <= 0.5: %s\n", w,
	    g / h, g / h <= 0.5 ? "met" : "MISSED"
	printf "\npeak RSS (KiB): pforest %d, ps -ef f %d, pstree -p %d;" \
	    " narrow: pforest %d, ps %d\n", m1, m2, m3, m4, m5
}'
if [ -n "$other" ]; then
	awk -v a="$(median narrow 5)" -v b="$(median narrow 6)" \
	    -v c="$(median tree 3)" -v d="$(median tree 4)" -v ps="$ps_n" \
	    -v wa="$(median narrow 7)" -v wb="$(median narrow 8)" \
	    -v psf="$psf" -v pst="$pst" -v o="$other" 'BEGIN {
		printf "\nthis build against %s (both through env):\n", o
		printf "narrow %.2f / %.2f ms = %.3f; default view" \
		    " %.2f / %.2f ms = %.3f\n", a, b, a / b, c, d, c / d
		printf "wide %.2f / %.2f ms = %.3f\n", wa, wb, wa / wb
		printf "ratios, this build: %.3f ps, %.3f ps -ef f, %.3f" \
		    " pstree -p; the other: %.3f, %.3f, %.3f\n", a / ps,
		    c / psf, c / pst, b / ps, d / psf, d / pst
	}'
fi

# chains: a depth any user can make, one chain of processes
# (tests/mkchain's snapshots of 1,000 and 4,000), drawn by pforest and by
# libsmartcols as a tree and as JSON: time (5 runs) and output bytes.
chains() {
	mkchain=$build/tests/mkchain
	if [ ! -x "$mkchain" ]; then
		echo "# no $mkchain (built by make check): no chain rows"
		return
	fi
	printf '\n%-12s %10s %10s %8s %12s %12s\n' "chain" "pforest" \
	    "scols" "ratio" "pforest B" "scols B"
	r=$runs
	runs=5
	for d in 1000 4000; do
		"$mkchain" "$tmp/chain$d" "$d"
		c="--proc-root $tmp/chain$d -k -o pid,ppid,stat,comm"
		hf "chain$d-tree" "$pforest $c" "$scols tree $tmp/chain$d"
		hf "chain$d-json" "$pforest --json $c" \
		    "$scols json $tmp/chain$d"
		# shellcheck disable=SC2086
		awk -v d="$d" -v ta="$(median "chain$d-tree" 0)" \
		    -v tb="$(median "chain$d-tree" 1)" \
		    -v ja="$(median "chain$d-json" 0)" \
		    -v jb="$(median "chain$d-json" 1)" \
		    -v tma="$("$pforest" $c | wc -c)" \
		    -v tmb="$("$scols" tree "$tmp/chain$d" | wc -c)" \
		    -v jma="$("$pforest" --json $c | wc -c)" \
		    -v jmb="$("$scols" json "$tmp/chain$d" | wc -c)" 'BEGIN {
			f = "%-12s %10.2f %10.2f %8.2f %12d %12d\n"
			printf f, d " tree", ta, tb, tb / ta, tma, tmb
			printf f, d " json", ja, jb, jb / ja, jma, jmb
		}'
		if command -v jq >/dev/null; then
			"$scols" json "$tmp/chain$d" | jq empty 2>/dev/null &&
			    j=parses || j=REFUSED
			echo "# jq on libsmartcols' JSON of the $d chain: $j"
		fi
	done
	runs=$r
}

scols=$build/bench/scols-pforest
if [ -x "$scols" ]; then
	n="-k -o pid,ppid,stat,comm"
	hf scols-table "$pforest --flat $n" "$scols table"
	hf scols-tree "$pforest $n" "$scols tree"
	hf scols-json "$pforest --json $n" "$scols json"
	printf '\n# pforest %s and libsmartcols (bench/scols-pforest)\n' "$n"
	printf '%-8s %9s %9s %6s %9s %9s %6s %14s\n' "view" "pforest" \
	    "scols" "ratio" "cpu pf" "cpu scols" "ratio" "peak KiB"
	for v in table tree json; do
		case $v in
		table) o="--flat" ;;
		tree) o="" ;;
		json) o="--json" ;;
		esac
		# shellcheck disable=SC2086
		awk -v v="$v" -v a="$(median scols-$v 0)" \
		    -v b="$(median scols-$v 1)" \
		    -v ca="$(cpu scols-$v 0)" -v cb="$(cpu scols-$v 1)" \
		    -v m1="$(peak "$pforest" $o $n)" \
		    -v m2="$(peak "$scols" "$v")" 'BEGIN {
			printf "%-8s %9.2f %9.2f %6.2f %9.2f %9.2f %6.2f" \
			    " %6d/%-6d\n", v, a, b, b / a, ca, cb, cb / ca,
			    m1, m2
		}'
	done
	echo "(ms: wall median, then CPU (user + system) mean; ratio:" \
	    "libsmartcols / pforest; peak RSS pforest/libsmartcols)"
	chains
else
	echo "# no $scols (libsmartcols-dev missing): no libsmartcols rows"
fi
echo "# loadavg after: $(cat /proc/loadavg)"
