#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forktop-noterm.sh - forktop with no terminal on its standard input or
# output must not start: it exits 1 at once with one line on stderr,
# "forktop: no terminal ...", as root and as an ordinary user
# (tests/testuser.sh; skipped as that user when it cannot be made).
# It once polled a stdin of /dev/null, always readable and never a key,
# at 100% of a core for ever: every run is bounded by timeout, so such
# a regression fails here (as 124, or too slow) instead of hanging the
# suite.  Its CPU use is not measured: that it exits is.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
bin=$(cd "$top_builddir/cmd" && pwd)/forktop
[ -x "$bin" ] || { echo "SKIP: forktop not built (no ncursesw)"; exit 77; }
cd "$top_srcdir" || exit 99
. "$top_srcdir/tests/testuser.sh"
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# check WHO NAME [PREFIX]: forktop as PREFIX (empty: as we are), with
# stdin and stdout as NAME says; TERM is set, so only the missing
# terminal can stop it
check() {
	who=$1 name=$2 prefix=${3:-}
	start=$(now_ms)
	case $name in
	"stdin and stdout /dev/null")
		timeout 10 $prefix env TERM=xterm "$bin" -d 0.1 \
			</dev/null >/dev/null 2>"$tmp/err" ;;
	"stdout a file")
		# stdin may be a terminal where the suite is run by hand
		timeout 10 $prefix env TERM=xterm "$bin" -d 0.1 \
			</dev/null >"$tmp/out" 2>"$tmp/err" ;;
	"stdin a pipe at EOF")
		: | timeout 10 $prefix env TERM=xterm "$bin" -d 0.1 \
			>/dev/null 2>"$tmp/err" ;;
	esac
	rc=$?
	took=$(($(now_ms) - start))
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" != 1 ]; then
		echo "FAIL: $who, $name: exit status $rc, not 1"
		fail=1
	elif [ "$lines" != 1 ] ||
	    ! grep -q '^forktop: no terminal' "$tmp/err"; then
		echo "FAIL: $who, $name: stderr is not one 'no terminal' line:"
		cat "$tmp/err"
		fail=1
	elif [ "$took" -gt 5000 ]; then
		echo "FAIL: $who, $name: took $took ms to exit"
		fail=1
	else
		echo "ok: $who, $name: exit 1 after $took ms: $(cat "$tmp/err")"
	fi
}

for name in "stdin and stdout /dev/null" "stdout a file" \
    "stdin a pipe at EOF"; do
	check "$(id -un)" "$name"
done
if testuser_init >"$tmp/why"; then
	if asuser_can_run "$bin"; then
		for name in "stdin and stdout /dev/null" "stdin a pipe at EOF"; do
			check "$TESTUSER" "$name" "$asuser"
		done
	else
		echo "note: $TESTUSER cannot run $bin: not run as that user"
	fi
else
	echo "note: $(cat "$tmp/why"): not run as an ordinary user"
fi
exit $fail
