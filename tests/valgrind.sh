#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# valgrind.sh - every command over every fixture under valgrind (forktop
# through its golden key scripts, forkwatch over every record and live): no
# error, no leak (definite or indirect).  `make check-valgrind` runs it; it is not
# part of make check (a few minutes).  Prints "N passed, N failed".
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
build=$(cd "$top_builddir" && pwd)
cd "$top_srcdir" || exit 99
export LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
run() {	# run NAME ARGS...: the real binary, not libtool's wrapper
	name=$1
	shift
	if valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		"$build/cmd/.libs/$name" "$@" >/dev/null 2>"$tmp/err"; then
		st=0
	else
		st=$?
	fi
	# the commands' own statuses (1: problems in a corrupt fixture) are
	# fine; 99 is valgrind's
	if [ $st = 99 ]; then
		echo "FAIL: $name $*"
		cat "$tmp/err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}
for f in fixtures/*/; do
	f=${f%/}
	[ -f "$f/forkscope-snapshot" ] || continue
	run pforest --proc-root "$f" -k
	run pforest --proc-root "$f" -k -T --compact --json \
		-o pid,ppid,tgid,tid,user,uid,stat,state,start,time,nlwp,pgid,sid,tty,rss,tracer,comm,args
	run pforest --proc-root "$f" --zombies --orphans -s 1
	run reapcheck --proc-root "$f"
	run reapcheck --proc-root "$f" --json --signal-parents
	run reapcheck --proc-root "$f" --prometheus
	run reapcheck --proc-root "$f" -w 1 -c 2
	run procsnap -q --proc-root "$f" "$tmp/snap-$(basename "$f")"
done
# forktop: every golden key script, on its snapshot, drawn headless
for keys in tests/golden/forktop/*.keys; do
	args=${keys%.keys}.args
	[ -f "$args" ] || continue
	eval "set -- $(cat "$args")"
	run forktop "$@"
done
# forkwatch: every record replayed in each view, with the summary
for rec in fixtures/records/*.rec; do
	run forkwatch -r "$rec" -S
	run forkwatch -r "$rec" -t -p 1
	run forkwatch -r "$rec" -j -e exec,exit --no-threads
done
run pforest -k -T
run reapcheck
run forkwatch -S -d 1
run forkwatch -j -- /bin/sh -c 'sleep 0.1 & wait'
echo "valgrind: $pass passed, $fail failed"
[ $fail = 0 ]
