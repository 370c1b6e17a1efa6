#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# version.sh - one version everywhere: the package (configure), the
# header's FKS_VERSION, the pkg-config file and every command's --version.
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
want=$(sed -n 's/^PACKAGE_VERSION = //p' "$top_builddir/Makefile")
[ -n "$want" ] && ok || bad "no PACKAGE_VERSION in the Makefile"
hdr=$(sed -n 's/^#define FKS_VERSION "\(.*\)"$/\1/p' \
    "$top_srcdir/lib/forkscope.h")
[ "$hdr" = "$want" ] && ok || bad "FKS_VERSION is '$hdr', the package '$want'"
pc=$(sed -n 's/^Version: //p' "$top_builddir/lib/forkscope.pc")
[ "$pc" = "$want" ] && ok || bad "forkscope.pc says '$pc', the package '$want'"
for cmd in pforest procsnap reapcheck forkwatch forktop; do
	got=$("$top_builddir/cmd/$cmd" --version)
	[ "$got" = "$cmd (forkscope $want)" ] && ok ||
	    bad "$cmd --version says '$got'"
done
finish version
