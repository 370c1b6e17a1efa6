#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hostile-snapshot.sh - snapshots made to hang or flood a reader: a FIFO
# in place of a task's stat, status or cmdline, of the users file or of
# the manifest; a character device (/dev/zero's) in place of cmdline and
# users (as root: mknod).  Every command (pforest, reapcheck, its plugin
# mode, forktop headless, procsnap copying it) must end at once, name the
# file as not a regular file, and procsnap must leave no temporary
# directory behind, and count what it could not copy (source_problems,
# exit 1).  A copy of a redacted snapshot stays redacted.  The FIFO cases run again as an ordinary user (the
# suite's test user, as root), who can make FIFOs but no devices.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
build=$(cd "$top_builddir" && pwd)
src=$(cd "$top_srcdir" && pwd)
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
. "$src/tests/tally.sh"
. "$src/tests/testuser.sh"
fixture=$src/fixtures/scn-zombie
parent=$(sed -n 's/.* parent=\([0-9]*\).*/\1/p' "$fixture/SCENARIO")
[ -n "$parent" ] || { echo "no parent= in $fixture/SCENARIO"; exit 99; }

# one COMMAND ARGS...: runs it as $as with a bound; sets $rc, $err
one() {
	$as timeout 20 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$? err=$(cat "$tmp/err")
}

# hostile KIND REL: a copy of the fixture with REL replaced by a fifo
# (KIND fifo) or /dev/zero's device (KIND dev), then every command on it
hostile() {
	kind=$1 rel=$2 snap=$tmp/snap-$kind-$(echo "$rel" | tr / -)
	cp -R "$fixture" "$snap" && rm -f "$snap/$rel" || exit 99
	case $kind in
	fifo) mkfifo "$snap/$rel" ;;
	dev) mknod "$snap/$rel" c 1 5 ;;
	esac || exit 99
	chmod -R a+rX "$snap"
	# the manifest a FIFO: no snapshot at all (neither procfs nor one)
	case $rel in
	forkscope-snapshot) want="neither a procfs nor a forkscope snapshot" ;;
	*) want="$rel: not a regular file" ;;
	esac
	for cmd in "pforest" "reapcheck" "reapcheck --plugin" \
	    "forktop --headless --keys=/dev/null --dump=-"; do
		# shellcheck disable=SC2086
		one "$build/cmd/${cmd%% *}" --proc-root="$snap" \
		    $(echo "$cmd" | cut -s -d' ' -f2-)
		what="$who: ${cmd%% *} on a $kind as $rel"
		[ $rc != 124 ] && ok || { bad "$what: still blocked after 20 s"
			continue; }
		case $cmd:$rel in
		"reapcheck --plugin":*) ;;	# Nagios reads stdout only
		forktop*:forkscope-snapshot) echo "$err" | grep -Eq "$want" &&
		    ok || bad "$what: no '$want' in: $err" ;;
		forktop*) grep -q "problem.* in the data" "$tmp/out" && ok ||
		    bad "$what: no count of problems in its footer" ;;
		reapcheck:*/cmdline | forktop*:*/cmdline) ;;	# not read
		*) echo "$err" | grep -Eq "$want" && ok ||
		    bad "$what: no '$want' in: $err" ;;
		esac
	done
	out=$tmp/copy-$kind-$(echo "$rel" | tr / -)
	mkdir -p "$out" && chmod 777 "$out"
	one "$build/cmd/procsnap" --proc-root="$snap" "$out/snap"
	[ $rc != 124 ] && ok || bad "$who: procsnap on a $kind as $rel: blocked"
	# what it could not take is said, counted, and fails the copy
	case $rel in
	forkscope-snapshot) ;;
	*)	[ $rc = 1 ] && grep -q '^source_problems=[1-9]' \
		    "$out/snap/forkscope-snapshot" && ok ||
		    bad "$who: procsnap on a $kind as $rel: exit $rc, $(grep \
		    problems "$out/snap/forkscope-snapshot")" ;;
	esac
	[ -z "$(find "$out" -mindepth 1 -maxdepth 1 ! -name snap)" ] && ok ||
	    bad "$who: procsnap on a $kind as $rel left $(ls "$out")"
}

run_all() {
	for rel in "$parent/stat" "$parent/status" "$parent/cmdline" users \
	    forkscope-snapshot; do
		hostile fifo "$rel"
	done
}

as="" who=$(id -un)
# a copy of a redacted snapshot stays redacted (the fixture is one)
"$build/cmd/procsnap" --proc-root="$fixture" "$tmp/copy" >/dev/null &&
    grep -qx 'redacted=1' "$tmp/copy/forkscope-snapshot" && ok ||
    bad "a copy of a redacted snapshot: $(grep redacted \
    "$tmp/copy/forkscope-snapshot")"
run_all
if [ "$(id -u)" = 0 ]; then
	hostile dev "$parent/cmdline"
	hostile dev users
	if testuser_init >"$tmp/why" && asuser_can_run "$build/cmd/pforest"
	then
		as=$asuser who=$TESTUSER
		run_all
	else
		echo "note: no run as an ordinary user: $(cat "$tmp/why")" \
		    "(or it cannot reach $build)"
	fi
else
	echo "note: not root: no device cases (mknod), no second user"
fi
finish hostile-snapshot
