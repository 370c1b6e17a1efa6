#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# deb.sh - the Debian packages, end to end: build them with dpkg-buildpackage
# from `make dist`'s tarball unpacked in a scratch directory (with debian/
# copied in, as a distribution would; the tree's own build is untouched),
# lint them, install them with apt-get, run every command from the
# installed package (the golden cases, a live forest, a snapshot, the
# completions, examples/children.c built with the -dev package's
# pkg-config), then purge them and check nothing is left behind.
#
#   sh tests/deb.sh            DEB_BUILD_OPTIONS=nocheck: no test at build
#   sh tests/deb.sh --check    dh_auto_test runs the offline tests too
#
# Run from a configured tree as root (it installs packages); CI's last
# phase, not part of `make check`.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${MAKE:=make}"
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
. "$top_srcdir/tests/tally.sh"
need dpkg-buildpackage dh lintian apt-get pkg-config cc
[ "$(id -u)" = 0 ] || { echo "SKIP: installing packages needs root"; exit 77; }
nocheck=nocheck
[ "${1:-}" = --check ] && nocheck=
t0=$(date +%s)
stage() {	# stage NAME: a heading with the seconds spent so far
	echo "== $* (at $(($(date +%s) - t0))s)"
}

PKGS="forkscope libforkscope-dev libforkscope0"
CMDS="pforest procsnap reapcheck forkwatch forktop"
installed() {	# the packages of ours dpkg has in any state but gone
	dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $PKGS 2>/dev/null |
		grep -v '^un'
}
if [ -n "$(installed)" ]; then
	echo "deb.sh: forkscope packages are installed already; purge them:"
	installed
	exit 99
fi

tmp=$(mktemp -d)
# apt reads the .debs as its sandbox user
chmod 755 "$tmp"
pids=""
cleanup() {
	kill $pids 2>/dev/null
	[ -n "$(installed)" ] && apt-get purge -y -q $PKGS >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# what the file system holds outside dpkg's and apt's own records: the
# same before the install and after the purge
tree_list() {
	find /usr /etc /opt /var/lib -xdev \
		\( -path /var/lib/dpkg -o -path /var/lib/apt \
		   -o -path /var/lib/systemd \) -prune -o -print 2>/dev/null |
		LC_ALL=C sort
}

# 1. the release tarball, unpacked, and debian/ beside it
ver=$(sed -n 's/^PACKAGE_VERSION = //p' "$top_builddir/Makefile")
debver=$(dpkg-parsechangelog -l "$top_srcdir/debian/changelog" -S Version)
if [ "${debver%-*}" != "$ver" ]; then
	bad "debian/changelog is at $debver, the package at $ver: add an entry"
	finish deb
	exit
fi
stage "make dist ($ver)"
$MAKE -s -C "$top_builddir" dist >/dev/null || { bad "make dist"; exit 1; }
cp "$top_builddir/forkscope-$ver.tar.gz" "$tmp/forkscope_$ver.orig.tar.gz"
tar -C "$tmp" -xzf "$tmp/forkscope_$ver.orig.tar.gz"
src=$tmp/forkscope-$ver
cp -R "$top_srcdir/debian" "$src/"

# 2. the build, warning-free with Debian's hardening flags too
stage "dpkg-buildpackage -us -uc" \
	"(DEB_BUILD_OPTIONS=${nocheck:-<tests on>})"
start=$(date +%s)
if (cd "$src" && DEB_BUILD_OPTIONS="$nocheck noautodbgsym parallel=$(nproc)" \
	dpkg-buildpackage -us -uc) >"$tmp/build.log" 2>&1; then
	ok
else
	tail -n 60 "$tmp/build.log"
	bad "dpkg-buildpackage failed"
	finish deb
	exit
fi
echo "built in $(($(date +%s) - start))s"
# (the compiler's file:line:column: warning, and symbols the symbols file
# does not list)
if grep -E '^[^ ]+:[0-9]+:[0-9]+: warning:|dpkg-gensymbols: warning' \
	"$tmp/build.log"; then
	bad "the package build warns (above)"
else
	ok
fi
[ -z "$nocheck" ] && grep -E '^(# )?(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS)' \
	"$tmp/build.log"
arch=$(dpkg --print-architecture)
debs=""
for p in $PKGS; do
	d=$tmp/${p}_${debver}_$arch.deb
	[ -f "$d" ] && ok || bad "no .deb for $p"
	debs="$debs $d"
done
for d in $debs; do	# what each package carries, for the log
	echo "${d##*/}:"
	dpkg-deb -c "$d" 2>&1 | awk '$6 !~ /\/$/ { print "  " $6 }'
done

# 3. lintian: no error (warnings are explained in debian/README.source)
stage "lintian"
lintian --fail-on error --display-info "$tmp"/forkscope_*.changes \
	>"$tmp/lintian.log" 2>&1
lint=$?
cat "$tmp/lintian.log"
[ $lint = 0 ] && ok || bad "lintian reports errors"

# 4. install
before=$tmp/before.list
tree_list >"$before"
stage "apt-get install"
# shellcheck disable=SC2086
if DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $debs >"$tmp/apt.log" 2>&1; then
	ok
else
	cat "$tmp/apt.log"
	bad "apt-get install"
	finish deb
	exit
fi
for p in $PKGS; do
	[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p")" = "ii " ] && ok ||
		bad "$p is not installed"
done
# the files each package should carry
for f in /usr/bin/pforest /usr/bin/procsnap /usr/bin/reapcheck \
	/usr/bin/forkwatch /usr/bin/forktop /usr/share/man/man1/forktop.1.gz \
	/usr/share/bash-completion/completions/forkwatch; do
	dpkg -S "$f" 2>/dev/null | grep -q '^forkscope:' && ok ||
		bad "$f is not in forkscope"
done
for f in /usr/include/forkscope.h /usr/share/man/man3/libforkscope.3.gz; do
	dpkg -S "$f" 2>/dev/null | grep -q '^libforkscope-dev' && ok ||
		bad "$f is not in libforkscope-dev"
done
dpkg -L libforkscope0 | grep -q '/libforkscope\.so\.0$' && ok ||
	bad "libforkscope0 has no libforkscope.so.0"

# 5. the installed commands, from a directory where nothing is built
stage "the installed commands"
cd "$tmp" || exit 99
for c in $CMDS; do
	got=$("/usr/bin/$c" --version)
	[ "$got" = "$c (forkscope $ver)" ] && ok || bad "$c --version: '$got'"
done
[ "$(pkg-config --modversion forkscope)" = "$ver" ] && ok ||
	bad "forkscope.pc is not at $ver"
grep -qx "#define FKS_VERSION \"$ver\"" /usr/include/forkscope.h && ok ||
	bad "the installed header's FKS_VERSION is not $ver"
# every golden case (snapshot fixtures, forktop's headless screens) with
# the installed programs in place of the built ones
mkdir "$tmp/inst" "$tmp/inst/cmd"
for c in $CMDS; do ln -s "/usr/bin/$c" "$tmp/inst/cmd/$c"; done
if top_srcdir=$src top_builddir=$tmp/inst sh "$src/tests/golden.sh" \
	>"$tmp/golden.log" 2>&1; then
	ok
else
	cat "$tmp/golden.log"
	bad "the installed commands fail golden cases"
fi
tail -n 1 "$tmp/golden.log"
# the live system: pid 1 and this shell in the forest, one audit
pforest >"$tmp/live.out" 2>&1 && ok || bad "pforest on /proc fails"
grep -Eq '^ *1 ' "$tmp/live.out" && ok || bad "pforest shows no pid 1"
grep -Eq "^ *$$ " "$tmp/live.out" && ok || bad "pforest shows no $$"
reapcheck >/dev/null 2>&1
[ $? -le 2 ] && ok || bad "reapcheck on /proc: no audit"
# the package is built with the BPF task source, which runs as root here
if pforest --source=bpf -v -o pid,comm >"$tmp/bpf.out" 2>"$tmp/bpf.err"; then
	grep -q 'source: bpf' "$tmp/bpf.err" && grep -Eq '^ *1 ' "$tmp/bpf.out" &&
		ok || bad "pforest --source=bpf: $(cat "$tmp/bpf.err")"
elif grep -q 'built without BPF' "$tmp/bpf.err"; then
	bad "the package was built without the BPF source"
else
	echo "note: the BPF source cannot run here: $(cat "$tmp/bpf.err")"
	ok
fi
# a snapshot of this machine, read back
procsnap "$tmp/snap" >/dev/null 2>&1 && ok || bad "procsnap fails"
grep -q '^tool=forkscope ' "$tmp/snap/forkscope-snapshot" && ok ||
	bad "procsnap wrote no manifest"
pforest --proc-root "$tmp/snap" | grep -Eq '^ *1 ' && ok ||
	bad "pforest cannot read procsnap's snapshot"
# forktop headless on that snapshot: fold everything, one screen
printf '=\n' >"$tmp/keys"
forktop --proc-root="$tmp/snap" --headless --keys="$tmp/keys" --dump=- \
	>"$tmp/top.out" 2>&1 && ok || bad "forktop --headless fails"
grep -q "^forktop " "$tmp/top.out" && ok || bad "forktop drew no screen"
# forkwatch on a command of its own: its exec and its exit
timeout 60 forkwatch -- sh -c 'sleep 0.1' >"$tmp/watch.out" 2>&1 && ok ||
	bad "forkwatch -- COMMAND fails: $(cat "$tmp/watch.out")"
grep -Eq ' exec +[0-9]+ +[0-9]+ +sleep +sleep 0\.1$' "$tmp/watch.out" &&
	ok || bad "forkwatch saw no exec of sleep: $(cat "$tmp/watch.out")"
grep -Eq ' exit +[0-9]+ +[0-9]+ +sleep +exit 0 ' "$tmp/watch.out" && ok ||
	bad "forkwatch saw no exit of sleep: $(cat "$tmp/watch.out")"
# bash-completion finds the installed completion by command name
# shellcheck disable=SC2016
comp=$(bash -c '. /usr/share/bash-completion/bash_completion
	for c in '"$CMDS"'; do _completion_loader $c; complete -p $c; done' \
	2>&1)
for c in $CMDS; do
	echo "$comp" | grep -q " $c\$" && ok || bad "no completion for $c: $comp"
done
# the example, built against the installed -dev package alone
# shellcheck disable=SC2046
if cc -std=c99 -pedantic -Wall -Wextra -Werror -o "$tmp/children" \
	"$src/examples/children.c" $(pkg-config --cflags --libs forkscope)
then
	ok
	sleep 30 &
	child=$!
	pids="$pids $child"
	"$tmp/children" $$ >"$tmp/children.out" 2>&1
	grep -qx "child *$child *$child  sleep" "$tmp/children.out" &&
		ok || bad "children missed its shell's child $child:" \
		"$(cat "$tmp/children.out")"
	kill $child
	ldd "$tmp/children" |
		grep -Eq 'libforkscope\.so\.0 => /(usr/)?lib/' && ok ||
		bad "children is not linked to the installed libforkscope.so.0"
else
	bad "examples/children.c does not build against libforkscope-dev"
fi

# 6. purge: no package state, no file left behind
stage "apt-get purge"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q $PKGS \
	>"$tmp/purge.log" 2>&1 && ok || { cat "$tmp/purge.log"; bad "purge"; }
[ -z "$(installed)" ] && ok || bad "left in dpkg: $(installed)"
tree_list >"$tmp/after.list"
if LC_ALL=C comm -13 "$before" "$tmp/after.list" | grep .; then
	bad "files left behind after the purge (above)"
else
	ok
fi
echo "deb.sh: $(($(date +%s) - t0))s in all"
finish deb
