#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# setup.sh - make a fresh Debian 12 checkout of forkscope ready to build:
# install the build dependencies (as root; otherwise print the apt-get line
# and stop), then bootstrap, configure and build.
#
#   ./setup.sh            build with the default flags
#   ./setup.sh --sanitize build with -fsanitize=address,undefined
#
# Extra arguments after --sanitize, or the only ones, go to ./configure
# (./setup.sh --prefix=$HOME/.local, then make install).  It configures
# again whenever they, or the flags, differ from the last time's.
set -eu
cd "$(dirname "$0")"
case ${1:-} in
-h | --help)
	cat <<'EOF'
Usage: ./setup.sh [--sanitize] [CONFIGURE-OPTION...]
Install forkscope's build and test dependencies (as root; otherwise print
the apt-get line to run as root and stop), then configure and build.

  --sanitize           build with AddressSanitizer and
                       UndefinedBehaviorSanitizer
  CONFIGURE-OPTION...  passed to ./configure (./configure --help lists
                       them), e.g. --prefix=$HOME/.local; it configures
                       again whenever they or the flags differ from the
                       last time's

Then: ./cmd/pforest, make check, make install.
EOF
	exit 0 ;;
esac

# Build needs, the test suite's needs (CUnit, libproc2 as the oracle,
# procps/psmisc to compare with, mandoc to lint the pages, jq and promtool
# from prometheus as real parsers of JSON and Prometheus text, unshare,
# bash-completion to test the completions, check_procs from
# monitoring-plugins-basic to compare reapcheck's plugin mode with), and
# for the BPF sources clang, bpftool and libbpf's headers (without
# them the library reads /proc only and the BPF tests skip).
PKGS="build-essential autoconf automake libtool pkg-config libncurses-dev
libcunit1-dev libproc2-dev procps psmisc strace mandoc jq util-linux
prometheus bash-completion clang bpftool libbpf-dev
monitoring-plugins-basic"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup.sh: missing Debian packages; as root run:" >&2
		echo "  apt-get install -y --no-install-recommends$missing" >&2
		exit 1
	fi
	echo "setup.sh: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

cflags="-g -O2"
if [ "${1:-}" = "--sanitize" ]; then
	shift
	cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined"
	cflags="$cflags -fno-sanitize-recover=all"
fi

# m4/ is where libtool puts its macros; git keeps no empty directory
[ -x configure ] || { mkdir -p m4 && autoreconf -fi >/dev/null 2>&1; }
# Configure again when the arguments differ from the last configure's (as
# config.status records them: ./setup.sh --prefix=DIR after ./setup.sh does
# move the prefix), and clean only when the compiler or its flags changed:
# no object depends on them.  Another prefix needs no clean: the Makefile
# links again what holds the library's directory (lib/local.mk).
lines() {	# its arguments, one a line, to compare lists
	for a; do printf '%s\n' "$a"; done
}
compiler() {	# the Makefile's compiler and flags
	grep -E '^(CC|CFLAGS|CPPFLAGS|LDFLAGS|LIBS) = ' Makefile 2>/dev/null || :
}
want=$(lines CFLAGS="$cflags" "$@")
had=""
[ -f Makefile ] && had=$(eval "lines $(./config.status --config)")
if [ ! -f Makefile ] || [ "$had" != "$want" ]; then
	before=$(compiler)
	./configure -q CFLAGS="$cflags" "$@"
	[ "$(compiler)" = "$before" ] || make -s clean >/dev/null 2>&1 || true
fi
make -s -j"$(nproc)" >/dev/null
