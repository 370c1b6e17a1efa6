#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# licence.sh - the licence as README and debian/copyright state it: every
# source file of the tree (code, scripts, build files, man pages) opens
# with an SPDX-License-Identifier line, LGPL-2.1-or-later for the library
# (lib/ and libforkscope(3)) and GPL-2.0-or-later for everything else;
# the licence texts are there; the pkg-config file and the BPF program say
# theirs.  Walks the source directory, so in a tarball it checks what ships.
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
cd "$top_srcdir" || exit 99
for f in COPYING COPYING.LIB; do
	[ -s "$f" ] && ok || bad "$f is missing"
done
grep -q 'GNU GENERAL PUBLIC LICENSE' COPYING && grep -q 'Version 2,' COPYING &&
    ok || bad "COPYING is not the GPL, version 2"
grep -q 'GNU LESSER GENERAL PUBLIC LICENSE' COPYING.LIB &&
    grep -q 'Version 2.1,' COPYING.LIB && ok ||
    bad "COPYING.LIB is not the LGPL, version 2.1"
n=0
# what git tracks in a checkout; in an unpacked tarball, what ships
# (make distcheck builds and installs under the unpacked tarball: _build/
# and _inst/ hold what it made, not what ships)
if [ -d .git ] && command -v git >/dev/null 2>&1; then
	files=$(git ls-files)
else
	files=$(find . -path ./_build -prune -o -path ./_inst -prune -o \
	    -type f -print | sed 's|^\./||')
fi
for f in $files
do
	[ -f "$f" ] || continue
	case $f in	# source files only; goldens, fixtures, records are data
	*.[ch] | *.sh | *.mk | *.am | *.ac | *.in | *.py | *.[13] | *.bash) ;;
	*) continue ;;
	esac
	case $f in	# what autotools and the build make from the source
	tests/golden/* | configure | config.* | Makefile.in | aclocal.m4 | \
	build-aux/* | m4/* | autom4te.cache/* | lib/bpf/*.lskel.h | fuzz/*/*)
		continue ;;
	fixtures/*/*)
		case $f in *.py | *.sh | *.c) ;; *) continue ;; esac ;;
	esac
	case $f in
	lib/* | man/libforkscope.3) want=LGPL-2.1-or-later ;;
	*) want=GPL-2.0-or-later ;;
	esac
	got=$(head -n 3 "$f" | sed -n \
	    's/.*SPDX-License-Identifier: \([A-Za-z0-9.+-]*\).*/\1/p')
	n=$((n + 1))
	[ "$got" = "$want" ] && ok ||
	    bad "$f: SPDX-License-Identifier '${got:-none}', not $want"
done
[ $n -gt 150 ] && ok || bad "only $n source files found under $top_srcdir"
grep -qx 'License: LGPL-2.1-or-later' lib/forkscope.pc.in && ok ||
    bad "lib/forkscope.pc.in names no licence"
for f in lib/bpf/tasks.bpf.c lib/bpf/events.bpf.c; do
	grep -q '^char LICENSE\[\] SEC("license") = "GPL";' "$f" &&
	    ok || bad "$f: the BPF program's licence string is not GPL"
done
finish licence
