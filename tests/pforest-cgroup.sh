#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pforest-cgroup.sh - where processes run: pforest's pidns, cgroup, unit,
# slice and uunit columns against procps ps on the live /proc, and its
# container column and the --container and --unit selections, as root and
# as the test user.
#
# As root it makes a cgroup named as docker's systemd driver names a
# container's (TEST.slice/docker-ID.scope) in the hierarchy systemd tracks
# tasks by (the unified one; on a v1-only system, name=systemd's), puts a
# sleep in it, and removes both at the end.  ps, pforest, ps: a pid whose
# ps row is the same in both runs held still, and pforest must show it
# the same.  Then a snapshot of that moment must say the same of the
# sleep, and a snapshot taken before procsnap kept cgroup files (the
# fixtures) reads with every such column "-" and no message.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
. "$top_srcdir/tests/cgroupfs.sh"
. "$top_srcdir/tests/psdiff.sh"
need awk
bin=$(cd "$top_builddir/cmd" && pwd)
[ -x "$bin/pforest" ] || { echo "no $bin/pforest: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
export LC_ALL=C TZ=UTC
cols=pid,pidns,cgroup,unit,slice,uunit
pscols=pid,pidns,cgroup:4096,unit:300,slice:300,uunit:300
# this run's own id: its pid first, so that another run's (a parallel
# checkout's) differs in the short id, its first 12 digits
id=$(printf '%08xc%055x' $$ 0)

cg="" sp=""
cleanup() {
	[ -z "$sp" ] || kill -KILL "$sp" 2>/dev/null
	{ wait; } 2>/dev/null
	[ -z "$cg" ] || rmdir "$cg/docker-$id.scope" "$cg" 2>/dev/null
	rm -rf "$tmp"
}
trap "cleanup" EXIT
trap 'exit 1' HUP INT TERM

# compare LABEL PREFIX...: ps, pforest, ps (each run under PREFIX), and
# every pid whose ps rows agree must have that row in pforest's output.
compare() {
	label=$1
	shift
	"$@" ps -ww -e -o "$pscols" --no-headers 2>/dev/null |
	    awk '{ $1 = $1; print }' | sort >"$tmp/ps1"
	"$@" "$bin/pforest" -w -k --flat --no-headers -o "$cols" \
	    >"$tmp/pf.raw" 2>"$tmp/pf.err"
	rc=$?
	"$@" ps -ww -e -o "$pscols" --no-headers 2>/dev/null |
	    awk '{ $1 = $1; print }' | sort >"$tmp/ps2"
	[ $rc = 0 ] && [ ! -s "$tmp/pf.err" ] ||
	    bad "$label: pforest exited $rc: $(head -n 2 "$tmp/pf.err")"
	awk '{ $1 = $1; print }' "$tmp/pf.raw" | sort >"$tmp/pf"
	agree "$label" "$tmp/ps1" "$tmp/pf" "$tmp/ps2"
}

# -- a process in a container-like cgroup (root, where one can be made)
mnt=$(tracking_mount)
if [ "$(id -u)" = 0 ] && [ -n "$mnt" ] &&
    mkdir "$mnt/fks-test-$$.slice" 2>/dev/null; then
	cg=$mnt/fks-test-$$.slice
	mkdir "$cg/docker-$id.scope" || bad "mkdir $cg/docker-$id.scope"
	sleep 300 &
	sp=$!
	echo "$sp" >"$cg/docker-$id.scope/cgroup.procs" ||
	    bad "moving $sp into $cg/docker-$id.scope"
	row=$("$bin/pforest" -w --flat --no-headers -p "$sp" \
	    -o pid,unit,slice,container | awk '{ $1 = $1; print }')
	short=$(echo "$id" | cut -c1-12)
	want="$sp docker-$id.scope fks-test-$$.slice docker:$short"
	check "the sleep in its scope: '$row', want '$want'" \
	    test "$row" = "$want"
	# selected by its container: a short id, the whole id, the unit
	for sel in "--container $short" "--container $id" \
	    "--unit docker-$id.scope"; do
		# shellcheck disable=SC2086
		got=$("$bin/pforest" --flat --no-headers -o pid $sel |
		    tr -d ' ')
		check "pforest $sel: '$got', want $sp" test "$got" = "$sp"
	done
	# ps names the same unit and slice
	prow=$(ps -ww -o pid=,unit:300=,slice:300= -p "$sp" |
	    awk '{ $1 = $1; print }')
	check "ps of the sleep: '$prow'" \
	    test "$prow" = "$sp docker-$id.scope fks-test-$$.slice"
	# frozen: the snapshot says the same
	"$bin/procsnap" -q "$tmp/snap" 2>"$tmp/snap.err" ||
	    bad "procsnap: $(head -n 1 "$tmp/snap.err")"
	srow=$("$bin/pforest" --proc-root "$tmp/snap" -w --flat --no-headers \
	    -p "$sp" -o pid,unit,slice,container | awk '{ $1 = $1; print }')
	check "the sleep in the snapshot: '$srow'" test "$srow" = "$want"
	check "the snapshot keeps the link's text" \
	    test "$(cat "$tmp/snap/$sp/ns/pid")" = "$(readlink /proc/$sp/ns/pid)"
elif [ "$(id -u)" != 0 ]; then
	echo "no container-like cgroup: not root"
elif [ -z "$mnt" ]; then
	echo "no container-like cgroup: no cgroup hierarchy systemd would use"
else
	echo "no container-like cgroup: cannot mkdir in $mnt"
fi

compare root
if testuser_init >"$tmp/why"; then
	if asuser_can_run "$bin/pforest"; then
		compare "as $TESTUSER" $asuser
	else
		echo "as $TESTUSER: skipped, $bin is not open to others"
	fi
else
	echo "as a test user: skipped, $(cat "$tmp/why")"
fi

# -- a snapshot from before procsnap kept cgroup and ns/pid
for f in "$top_srcdir"/fixtures/scn-zombie; do
	out=$("$bin/pforest" --proc-root "$f" --flat --no-headers \
	    -o pidns,cgroup,unit,slice,container 2>"$tmp/old.err" | sort -u |
	    awk '{ $1 = $1; print }')
	check "$f: every place unknown ('$out')" test "$out" = "- - - - -"
	check "$f: no message ($(head -n 1 "$tmp/old.err"))" \
	    test ! -s "$tmp/old.err"
done

# -- systemd's escapes in a unit's name, shown as ps shows them
f=$top_srcdir/fixtures/scn-zombie
pid=$(sed -n 's/.* parent=\([0-9]*\).*/\1/p' "$f/SCENARIO")
cp -R "$f" "$tmp/escaped" || exit 99
printf '0::/system.slice/my\\x2dapp.service\n' >"$tmp/escaped/$pid/cgroup"
row=$("$bin/pforest" --proc-root "$tmp/escaped" --flat --no-headers -p "$pid" \
    -o unit,cgroup)
check "my\\x2dapp.service as ps shows it: '$row'" test "$row" = \
    'my\x2dapp.service 0::/system.slice/my\x2dapp.service'

# -- hostile: a FIFO in place of cgroup, a device in place of ns/pid
f=$top_srcdir/fixtures/scn-zombie
pid=$(sed -n 's/.* parent=\([0-9]*\).*/\1/p' "$f/SCENARIO")
cp -R "$f" "$tmp/hostile" && mkfifo "$tmp/hostile/$pid/cgroup" &&
    mkdir "$tmp/hostile/$pid/ns" || exit 99
if [ "$(id -u)" = 0 ]; then
	mknod "$tmp/hostile/$pid/ns/pid" c 1 5 || exit 99
else
	mkfifo "$tmp/hostile/$pid/ns/pid" || exit 99
fi
timeout 20 "$bin/pforest" --proc-root "$tmp/hostile" -o pid,pidns,cgroup \
    >/dev/null 2>"$tmp/h.err" </dev/null
rc=$?
check "a FIFO as cgroup: ended ($rc)" test $rc != 124
for rel in "$pid/cgroup" "$pid/ns/pid"; do
	check "named: $rel as not a regular file ($(cat "$tmp/h.err"))" \
	    grep -q "$rel: not a regular file" "$tmp/h.err"
done
timeout 20 "$bin/procsnap" -q --proc-root "$tmp/hostile" "$tmp/hcopy" \
    2>/dev/null </dev/null
rc=$?
check "procsnap of it: exit 1 ($rc), its problems counted" \
    test $rc = 1 -a -n "$(grep '^source_problems=[1-9]' \
    "$tmp/hcopy/forkscope-snapshot" 2>/dev/null)"

finish pforest-cgroup
