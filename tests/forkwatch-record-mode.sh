#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-record-mode.sh - a record (forkwatch -w FILE) holds the
# command line of every process on the system, so only its owner may read
# it: a new record is created mode 0600 under any umask (umask 000 and
# 022 tried), and an existing regular file it overwrites loses the group's
# and others' permissions (0644 becomes 0600).  A record written to a
# device (/dev/null) leaves the device's mode alone.  Runs on any event
# source (the poll where the proc connector is refused).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need timeout stat
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

# record UMASK FILE: forkwatch -w FILE for a moment, under UMASK
record() {
	(umask "$1" && timeout 120 "$fw" -d 0.2 -w "$2" >/dev/null \
	    2>"$tmp/err")
	rc=$?
	if [ $rc = 0 ]; then ok; else
		bad "umask $1, -w $2: exit status $rc: $(cat "$tmp/err")"
	fi
}
# mode WHAT FILE WANT: FILE's permissions are WANT (octal, as stat says)
mode() {
	got=$(stat -c %a "$2")
	if [ "$got" = "$3" ]; then ok; else
		bad "$1: $2 is mode $got, want $3"
	fi
}

record 000 "$tmp/new-000.rec"
mode "a new record, umask 000" "$tmp/new-000.rec" 600
record 022 "$tmp/new-022.rec"
mode "a new record, umask 022" "$tmp/new-022.rec" 600
check "the record does not start with its header" \
    grep -q '^FKSREC ' "$tmp/new-022.rec"

: >"$tmp/old.rec"
chmod 644 "$tmp/old.rec"
record 022 "$tmp/old.rec"
mode "an existing 0644 file overwritten" "$tmp/old.rec" 600

before=$(stat -c %a /dev/null)
record 022 /dev/null
mode "/dev/null as the record" /dev/null "$before"

finish forkwatch-record-mode
