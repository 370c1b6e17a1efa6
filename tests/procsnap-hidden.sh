#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# procsnap-hidden.sh - procsnap never drops processes silently.  As the
# suite's ordinary test user, on a procfs mounted hidepid=1 in a mount
# namespace of this test (other users' processes listed, their files
# refused), procsnap leaves them out, counts them in the manifest
# (unreadable_processes) and on stderr, and exits 1 (0 with --partial);
# with hidepid=2 (not even listed) the manifest says hidepid=2.  On an
# ordinary /proc it exits 0 with neither key.  Needs root (mount
# namespaces, the test user); skips elsewhere.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
build=$(cd "$top_builddir" && pwd)
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: mounting procfs needs root"; exit 77; }
need unshare
testuser_init >/tmp/why.$$ || { echo "SKIP: $(cat /tmp/why.$$)"
	rm -f /tmp/why.$$; exit 77; }
rm -f /tmp/why.$$
asuser_can_run "$build/cmd/procsnap" || {
	echo "SKIP: $TESTUSER cannot run $build/cmd/procsnap"; exit 77; }
tmp=$(mktemp -d) || exit 99
chmod 777 "$tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# a process of root's, so another user's surely exists
sleep 300 &
sleeper=$!

# snap NAME MOUNTOPTS ARGS...: procsnap as the test user on a procfs
# mounted with MOUNTOPTS (none: this one); sets $rc, $err
snap() {
	name=$1 opts=$2
	shift 2
	if [ -n "$opts" ]; then
		unshare -m sh -c "mount -t proc -o $opts proc /proc &&
		    exec $asuser \"\$@\"" sh "$build/cmd/procsnap" "$@" \
		    "$tmp/$name" >"$tmp/$name.out" 2>"$tmp/$name.err"
	else
		$asuser "$build/cmd/procsnap" "$@" "$tmp/$name" \
		    >"$tmp/$name.out" 2>"$tmp/$name.err"
	fi
	rc=$? err=$(cat "$tmp/$name.err")
}
key() {	# key NAME KEY: the manifest's value of KEY
	sed -n "s/^$2=//p" "$tmp/$1/forkscope-snapshot"
}

snap plain ""
[ $rc = 0 ] && [ -z "$err" ] && ok || bad "plain /proc: exit $rc, '$err'"
[ -z "$(key plain unreadable_processes)$(key plain hidepid)" ] && ok ||
    bad "plain /proc: the manifest says something is missing"
[ -d "$tmp/plain/$sleeper" ] && ok || bad "plain /proc: root's $sleeper missing"

snap hp1 hidepid=1
n=$(key hp1 unreadable_processes)
[ $rc = 1 ] && ok || bad "hidepid=1: exit $rc, not 1"
[ "${n:-0}" -gt 0 ] && ok || bad "hidepid=1: no unreadable_processes"
echo "$err" | grep -q "processes that could not be read were left out: $n" &&
    ok || bad "hidepid=1: stderr says '$err'"
[ ! -e "$tmp/hp1/$sleeper" ] && ok ||
    bad "hidepid=1: root's $sleeper kept without its files"
[ "$(cat "$tmp/hp1.out")" = "$tmp/hp1" ] && ok ||
    bad "hidepid=1: the snapshot's name not on stdout"
# what it holds reads cleanly: no task without its stat
"$build/cmd/pforest" --proc-root="$tmp/hp1" >/dev/null 2>"$tmp/read.err" &&
    [ ! -s "$tmp/read.err" ] && ok ||
    bad "hidepid=1: the snapshot reads with: $(cat "$tmp/read.err")"

snap hp1p hidepid=1 --partial
[ $rc = 0 ] && ok || bad "hidepid=1 --partial: exit $rc, not 0"
[ -n "$(key hp1p unreadable_processes)" ] && [ -n "$err" ] && ok ||
    bad "hidepid=1 --partial: nothing said of what is missing"

snap hp2 hidepid=2
[ $rc = 1 ] && [ "$(key hp2 hidepid)" = 2 ] && ok ||
    bad "hidepid=2: exit $rc, hidepid='$(key hp2 hidepid)'"
echo "$err" | grep -q "hidepid=2: other users' processes are hidden" &&
    ok || bad "hidepid=2: stderr says '$err'"
# the same through --proc-root: the message names that procfs
mkdir -m 755 "$tmp/hproc"
unshare -m sh -c "mount -t proc -o hidepid=2 proc '$tmp/hproc' &&
    exec $asuser \"\$@\"" sh "$build/cmd/procsnap" --proc-root "$tmp/hproc" \
    "$tmp/hp2r" >/dev/null 2>"$tmp/hp2r.err"
grep -q "^[^ ]*: $tmp/hp2r: $tmp/hproc is mounted hidepid=2:" \
    "$tmp/hp2r.err" && ok ||
    bad "--proc-root hidepid=2: stderr says '$(cat "$tmp/hp2r.err")'"
kill "$sleeper"
wait 2>/dev/null
finish procsnap-hidden
