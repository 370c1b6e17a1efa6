#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# proc-root.sh - what --proc-root takes as a live procfs: the root of a
# procfs mount only.  /proc is, and (as root, in a mount namespace of its
# own) a procfs mounted elsewhere, also with subset=pid where the kernel
# has it.  Directories inside a procfs are not, though their filesystem is
# procfs too: /proc/sys, /proc/self, /proc/1, a task's directory, and a
# bind mount of /proc/sys: each is refused by every command, status 1, in
# one line "...: neither a procfs nor a forkscope snapshot ...".
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need timeout
build=$(cd "$top_builddir" && pwd)
if [ "${1:-}" = --mount-ns ]; then
	tmp=$TMPDIR	# the outer run's, removed by it
else
	tmp=$(mktemp -d) || exit 99
	trap 'rm -rf "$tmp"' EXIT
fi
export LC_ALL=C

# cmd_of NAME DIR: the command line that reads DIR as NAME's proc root
cmd_of() {
	case $1 in
	pforest) echo "$build/cmd/pforest --proc-root=$2 -o pid" ;;
	reapcheck) echo "$build/cmd/reapcheck --proc-root=$2" ;;
	procsnap) echo "$build/cmd/procsnap --proc-root=$2 $tmp/snap" ;;
	forkwatch) echo "$build/cmd/forkwatch --proc-root=$2 -d 0.1" ;;
	forktop) echo "$build/cmd/forktop --proc-root=$2 --headless" \
	    "--keys=/dev/null --dump=-" ;;
	esac
}
# refused NAME DIR: NAME --proc-root DIR ends with status 1 and one line
refused() {
	[ -x "$build/cmd/$1" ] || return 0	# forktop needs ncurses
	rm -rf "$tmp/snap"
	# shellcheck disable=SC2046
	timeout 60 $(cmd_of "$1" "$2") >/dev/null 2>"$tmp/err"
	rc=$?
	sed -i "s/^lt-$1:/$1:/" "$tmp/err"
	if [ $rc = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
	    grep -q "^$1: $2: neither a procfs nor a forkscope snapshot" \
	    "$tmp/err"; then
		ok
	else
		bad "$1 --proc-root $2: status $rc, stderr: $(cat "$tmp/err")"
	fi
}
# taken DIR: pforest lists its own process from DIR as a proc root
taken() {
	if timeout 60 "$build/cmd/pforest" --proc-root="$1" -o pid \
	    --no-headers >"$tmp/out" 2>"$tmp/err" &&
	    grep -q "^ *1\$" "$tmp/out"; then
		ok
	else
		bad "pforest --proc-root $1 refused: $(cat "$tmp/err")"
	fi
}

# procfs mounted elsewhere, and a bind mount of one of its directories:
# this script again, in a mount namespace of its own
if [ "${1:-}" = --mount-ns ]; then
	mkdir "$tmp/p" "$tmp/s" "$tmp/b" || exit 99
	mount -t proc proc "$tmp/p" || exit 99
	mount --bind /proc/sys "$tmp/b" || exit 99
	if mount -t proc -o subset=pid proc "$tmp/s" 2>/dev/null; then
		taken "$tmp/s"
	else
		echo "note: no procfs subset=pid here"
	fi
	taken "$tmp/p"
	refused pforest "$tmp/b"
	refused pforest "$tmp/p/sys"
	echo "$pass $fail" >"$tmp/tally"
	exit 0
fi
taken /proc
for c in pforest reapcheck procsnap forkwatch forktop; do
	refused $c /proc/sys
	refused $c /proc/self
done
refused pforest /proc/1
refused pforest "/proc/$$/task/$$"
refused pforest /proc/sys/kernel

if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	TMPDIR=$tmp unshare -m --propagation private sh "$0" --mount-ns
	if [ -s "$tmp/tally" ]; then
		read -r p f <"$tmp/tally"
		pass=$((pass + p)) fail=$((fail + f))
	else
		bad "the checks in a mount namespace did not run"
	fi
else
	echo "note: not root or no unshare -m: procfs mounted elsewhere" \
	    "and a bind mount are not tried"
fi

finish proc-root
