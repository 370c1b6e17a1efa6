#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# symbols.sh - the library exports exactly the fks_ functions its header
# declares and debian/libforkscope0.symbols lists: a function added to one
# and not the others would break the Debian build (dpkg-gensymbols) or
# hide an export.  (debian/ is not in the release tarball: skipped there.)
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need nm
lib=$top_builddir/lib/.libs/libforkscope.so
[ -f "$lib" ] || { echo "SKIP: no shared library built ($lib)"; exit 77; }
deb=$top_srcdir/debian/libforkscope0.symbols
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$3 ~ /^fks_/ { print $3 }' | sort \
	>"$tmp/exported"
[ -s "$tmp/exported" ] && ok || bad "no fks_ symbol exported by $lib"
for f in $(cat "$tmp/exported"); do
	grep -q "[ *]$f(" "$top_srcdir/lib/forkscope.h" && ok ||
	    bad "$f is exported but not declared in forkscope.h"
done
if [ -f "$deb" ]; then
	sed -n 's/^ \(fks_[a-z0-9_]*\)@Base .*/\1/p' "$deb" | sort >"$tmp/deb"
	if diff "$tmp/exported" "$tmp/deb" >"$tmp/diff"; then
		ok
	else
		bad "exports (<) and $deb (>) differ:"
		cat "$tmp/diff"
	fi
else
	echo "no $deb (a release tarball): the Debian list not compared"
fi
finish symbols
