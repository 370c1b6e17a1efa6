#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# watch-bpf.sh - the BPF source of the event stream (tests/live-watch-bpf):
# as root, the events of children it makes, each asserted (renames, a
# thread, an exec with its argv, exit codes and signals, a group exit);
# then, with --refused, as the test user and as root with every
# capability dropped: the BPF source refused as not permitted, and the
# automatic choice another source, saying why not BPF.  Skips (77) where
# BPF cannot run even as root, saying why.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
prog=$(cd "$top_builddir/tests" && pwd)/live-watch-bpf
[ -x "$prog" ] || { echo "no $prog: run make check"; exit 99; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root"; exit 77; }

"$prog"
rc=$?
[ $rc -eq 77 ] && exit 77
check "live-watch-bpf as root: exit status $rc" [ $rc -eq 0 ]

if testuser_init >/dev/null && asuser_can_run "$prog"; then
	$asuser "$prog" --refused
	check "as $TESTUSER: refused" [ $? -eq 0 ]
else
	echo "note: no test user can run $prog: that part not run"
fi
setpriv --bounding-set=-all --inh-caps=-all "$prog" --refused
check "root without capabilities: refused" [ $? -eq 0 ]
finish watch-bpf
