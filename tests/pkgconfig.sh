#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pkgconfig.sh - installs forkscope into a scratch DESTDIR, then builds
# outside programs with `pkg-config --cflags --libs forkscope` (strict C99)
# and runs them: tests/pkgconfig-user.c, and examples/children.c on the
# threads scenario and on this shell with a child.
set -eu
: "${top_srcdir:=.}" "${top_builddir:=.}" "${MAKE:=make}"
tmp=$(mktemp -d)
dest=$tmp/dest
pids=""
trap 'exec 3>&- 2>/dev/null; kill $pids 2>/dev/null; rm -rf "$tmp"' EXIT
$MAKE -s -C "$top_builddir" install-libLTLIBRARIES install-includeHEADERS \
	install-pkgconfigDATA DESTDIR="$dest" >/dev/null
libdir=$(find "$dest" -name 'libforkscope.so.*' -printf '%h\n' | head -n 1)
pcdir=$(find "$dest" -name forkscope.pc -printf '%h\n')
flags=$(PKG_CONFIG_LIBDIR="$pcdir" PKG_CONFIG_SYSROOT_DIR="$dest" \
	pkg-config --cflags --libs forkscope)
echo "pkg-config: $flags"
# the sanitizer build's CFLAGS must reach these programs too
for prog in tests/pkgconfig-user examples/children; do
	# shellcheck disable=SC2086
	${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror ${CFLAGS:-} \
		-o "$tmp/${prog##*/}" "$top_srcdir/$prog.c" $flags
done
LD_LIBRARY_PATH="$libdir" "$tmp/pkgconfig-user"

# children on the threads scenario: its three workers are threads (tid
# beside the same tgid), and it has no child
. "$top_srcdir/tests/scenario.sh"
scenario_start 3 "$top_builddir/tests/scenarios/threads"
tpid=$(scenario_key pid)
LD_LIBRARY_PATH="$libdir" "$tmp/children" "$tpid" >"$tmp/threads.out"
cat "$tmp/threads.out"
grep -qx "process *$tpid *$tpid  th-main" "$tmp/threads.out"
for tid in $(scenario_key tids | tr , ' '); do
	grep -Eqx "thread *$tid *$tpid  worker-[0-9]+" "$tmp/threads.out"
done
[ "$(grep -c '^child' "$tmp/threads.out")" = 0 ]
# and on this shell: a child it started is listed as a child
sleep 30 &
child=$!
pids="$pids $child"
LD_LIBRARY_PATH="$libdir" "$tmp/children" $$ >"$tmp/shell.out"
grep -qx "child *$child *$child  sleep" "$tmp/shell.out"
echo "pkgconfig: the example lists threads and children"
