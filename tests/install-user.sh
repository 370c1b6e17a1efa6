#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# install-user.sh - an ordinary user builds forkscope from the release's
# files (`make distdir`: what `make dist` packs, unpacked) into prefixes in
# their own home, installs it and runs it, as the README's "Installing"
# says.  As the test user (tests/testuser.sh), one build tree, in turn:
#
# 1. ./setup.sh --prefix=$HOME/.local, make install: every command runs
#    from the prefix (--version; pforest -o pid on the live /proc, where
#    it lists the shell that started it, and on a fixture, as the build
#    tree's pforest does) with the prefix's library; the completions are
#    under the prefix, where bash-completion loads them for this user.
#    (The completions went to the system's directory: as a user, make
#    install failed.)
# 2. that prefix removed, ./configure --prefix=$HOME/other, make, make
#    install: the commands run with the new prefix's library.  (make did
#    not link again, and the commands looked for the library in the first
#    prefix.)
# 3. ./setup.sh --prefix=$HOME/third: the tree is configured for it, and
#    make install puts working commands there.  (setup.sh kept the earlier
#    prefix when the flags were the same.)
#
# Needs root to become the test user; takes one build and two links.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${MAKE:=make}"
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
why=$(testuser_init) || { echo "SKIP: $why"; exit 77; }
testuser_init >/dev/null

work=$(mktemp -d "$testhome/install.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
src=$work/src
home=$work/home
mkdir "$home"
$MAKE -s -C "$top_builddir" distdir distdir="$src" >/dev/null ||
	{ echo "make distdir failed"; exit 99; }
chown -R "$testuid:$testgid" "$work"
ver=$(sed -n 's/^PACKAGE_VERSION = //p' "$top_builddir/Makefile")

# as the user, in the environment of a login: none of make check's (its
# MAKEFLAGS, CFLAGS, CC ...)
u() {
	$asuser env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" \
		USER="$TESTUSER" LC_ALL=C.UTF-8 TZ=UTC "$@"
}
# step N WHAT CMD...: runs CMD as the user in the tree, its output in a
# log shown when it fails
step() {
	n=$1 what=$2
	shift 2
	if u sh -c 'cd "$0" && exec "$@"' "$src" "$@" \
		>"$work/log.$n" 2>&1; then
		ok
		return 0
	fi
	tail -n 30 "$work/log.$n"
	bad "$what"
	return 1
}

cmds="pforest procsnap reapcheck forkwatch"
fixture=$src/fixtures/scn-zombie
"$top_builddir/cmd/pforest" --proc-root "$fixture" -o pid >"$work/want" ||
	{ echo "the build tree's pforest failed"; exit 99; }

# installed PREFIX: the commands installed there run, with its library
installed() {
	prefix=$1 all=$cmds
	[ -e "$src/cmd/forktop" ] && all="$all forktop"
	for c in $all; do
		out=$(u "$prefix/bin/$c" --version 2>&1)
		[ "$out" = "$c (forkscope $ver)" ] && ok ||
			bad "$prefix/bin/$c --version: $out"
	done
	lib=$(u ldd "$prefix/bin/pforest" | awk '/libforkscope/ { print $3 }')
	[ "$lib" = "$prefix/lib/libforkscope.so.0" ] && ok ||
		bad "$prefix/bin/pforest finds libforkscope.so.0 at '$lib'"
	# the live forest holds the shell that runs pforest
	u sh -c 'echo $$; "$0" -o pid' "$prefix/bin/pforest" >"$work/live" 2>&1
	shell=$(head -n 1 "$work/live")
	# (the pid column carries the tree art: `- 123)
	sed 1d "$work/live" | grep -Eq "(^|[ -])$shell\$" && ok ||
		bad "$prefix/bin/pforest -o pid: not its shell $shell:" \
		    "$(cat "$work/live")"
	u "$prefix/bin/pforest" --proc-root "$fixture" -o pid \
		>"$work/got" 2>&1
	cmp -s "$work/want" "$work/got" && ok ||
		bad "$prefix/bin/pforest on $fixture: $(cat "$work/got")"
}

# 1. setup.sh and make install into ~/.local
if step 1 "./setup.sh --prefix=~/.local" ./setup.sh --prefix="$home/.local" &&
   step 1i "make install into ~/.local" make -s install; then
	installed "$home/.local"
	comps=$home/.local/share/bash-completion/completions
	for c in $cmds forktop; do
		cmp -s "$comps/$c" "$top_srcdir/completions/forkscope.bash" &&
			ok || bad "no completion $comps/$c"
	done
	# bash-completion loads it for this user, by the command's name
	got=$(u bash -c '. /usr/share/bash-completion/bash_completion &&
		__load_completion pforest && complete -p pforest' 2>&1)
	[ "$got" = "complete -F _forkscope pforest" ] && ok ||
		bad "bash-completion does not load it: $got"
fi

# 2. configure with another prefix, the first one gone
rm -rf "$home/.local"
if step 2 "./configure --prefix=~/other" ./configure -q \
	--prefix="$home/other" &&
   step 2m "make" make -s &&
   step 2i "make install into ~/other" make -s install; then
	installed "$home/other"
fi
rm -rf "$home/other"

# 3. setup.sh with another prefix
if step 3 "./setup.sh --prefix=~/third" ./setup.sh --prefix="$home/third"
then
	prefix=$(sed -n 's/^prefix = //p' "$src/Makefile")
	[ "$prefix" = "$home/third" ] && ok ||
		bad "./setup.sh --prefix=$home/third configured $prefix"
	step 3i "make install into ~/third" make -s install &&
		installed "$home/third"
fi
finish install-user
