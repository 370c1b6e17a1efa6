#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bpf-privilege.sh - the BPF task source without privilege: pforest run
# as uid 65534 (setpriv --reuid), and as root with every capability
# dropped (--bounding-set=-all, so none survives the exec), must fail
# with --source=bpf (exit 1, "not permitted" on stderr, nothing on
# stdout), and with --source=auto fall back to /proc (exit 0, the same processes
# listed as --source=proc gives, and -v saying why not BPF); as root the
# default is BPF, for pforest and reapcheck.  Needs root
# to change user, setpriv, and a build whose BPF source runs as root.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need setpriv
pforest=$(cd "$top_builddir/cmd" && pwd)/pforest
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to drop it"; exit 77; }
if ! "$pforest" --source=bpf -o pid >/dev/null 2>&1; then
	echo "SKIP: the BPF source cannot run here even as root:"
	"$pforest" --source=bpf -o pid 2>&1 >/dev/null
	exit 77
fi
holder=
tmp=$(mktemp -d)
trap 'kill "$holder" 2>/dev/null; rm -rf "$tmp"' EXIT

# a long-lived process both runs must list
sleep 30 &
holder=$!

for how in "--reuid=65534 --regid=65534 --clear-groups" \
	   "--bounding-set=-all --inh-caps=-all"; do
	# shellcheck disable=SC2086
	setpriv $how "$pforest" --source=bpf -o pid >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "bpf ($how): exit 1" [ "$rc" -eq 1 ]
	check "bpf ($how): says not permitted" \
		grep -q -- '--source=bpf: .*not permitted' "$tmp/err"
	check "bpf ($how): prints nothing" [ ! -s "$tmp/out" ]
	# shellcheck disable=SC2086
	setpriv $how "$pforest" --source=auto -v -o pid --no-headers \
		>"$tmp/auto" 2>"$tmp/err"
	rc=$?
	check "auto ($how): exit 0" [ "$rc" -eq 0 ]
	check "auto ($how): -v says /proc and why" \
		grep -q 'source: /proc (not bpf: not permitted' "$tmp/err"
	check "auto ($how): lists the holder" \
		grep -qw "$holder" "$tmp/auto"
done
# as root, auto is BPF, and it is the default; --source=proc is /proc
"$pforest" --source=auto -v -o pid >/dev/null 2>"$tmp/err"
check "root: auto ran bpf" grep -q 'source: bpf' "$tmp/err"
"$pforest" -v -o pid >/dev/null 2>"$tmp/err"
check "root: the default is bpf" grep -q '^pforest: source: bpf' "$tmp/err"
"$pforest" --source=proc -v -o pid >/dev/null 2>"$tmp/err"
check "root: --source=proc is /proc" grep -qx 'pforest: source: /proc' \
	"$tmp/err"
"$top_builddir/cmd/reapcheck" -v >/dev/null 2>"$tmp/err"
check "root: reapcheck's default is bpf" \
	grep -q '^reapcheck: source: bpf' "$tmp/err"
kill "$holder"
finish bpf-privilege
