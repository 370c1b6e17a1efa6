#!/bin/sh
# pkgconfig.sh - installs forkscope into a scratch DESTDIR, then builds an
# outside program with `pkg-config --cflags --libs forkscope` and runs it.
set -eu
: "${top_srcdir:=.}" "${top_builddir:=.}" "${MAKE:=make}"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
$MAKE -s -C "$top_builddir" install-libLTLIBRARIES install-includeHEADERS \
	install-pkgconfigDATA DESTDIR="$dest" >/dev/null
libdir=$(find "$dest" -name 'libforkscope.so.*' -printf '%h\n' | head -n 1)
pcdir=$(find "$dest" -name forkscope.pc -printf '%h\n')
flags=$(PKG_CONFIG_LIBDIR="$pcdir" PKG_CONFIG_SYSROOT_DIR="$dest" \
	pkg-config --cflags --libs forkscope)
echo "pkg-config: $flags"
# the sanitizer build's CFLAGS must reach this program too
# shellcheck disable=SC2086
${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror ${CFLAGS:-} \
	-o "$dest/user" "$top_srcdir/tests/pkgconfig-user.c" $flags
LD_LIBRARY_PATH="$libdir" "$dest/user"
