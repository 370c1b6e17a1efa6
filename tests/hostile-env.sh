#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hostile-env.sh - no configuration from the current directory and no
# environment variable sends a command's reads or writes elsewhere.  Each
# command (pforest, reapcheck, procsnap; live and on a fixture) runs under
# strace -f from a directory full of files named like configurations
# (.pforestrc, forkscope.conf, a forkscope-snapshot manifest, a proc/ ...)
# with HOME, XDG_*, TMPDIR, TERMINFO pointing into that scratch tree and
# LC_ALL, LANGUAGE, TERM set to odd values.  Every path it opens, creates,
# renames or removes must be under /proc, the --proc-root given, the
# explicit target (-o FILE, procsnap's DIR), or a system path the C
# library reads (shared libraries wherever the run path has the loader
# look for them, the loader's cache, locale and zoneinfo data,
# /etc/passwd, /etc/group, /etc/nsswitch.conf, the CPU list under /sys;
# the kernel's BTF, /sys/kernel/btf/vmlinux, whose presence the BPF task
# source checks);
# nothing under the scratch tree but the target.  LOCPATH and a TZ
# naming a file are the C library's own redirections (docs/SECURITY.md)
# and are not set here.  Skips without strace or when ptrace is refused.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace"; exit 77; }
build=$(cd "$top_builddir" && pwd)
src=$(cd "$top_srcdir" && pwd)
libtool=$build/libtool
fixture=$src/fixtures/scn-zombie
for c in pforest reapcheck procsnap; do
	[ -x "$build/cmd/$c" ] || { echo "no $build/cmd/$c: build it"; exit 99; }
done
if ! strace -qq -o /dev/null true 2>/dev/null; then
	echo "SKIP: strace cannot trace here (ptrace refused)"
	exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
. "$top_srcdir/tests/tally.sh"

# the hostile tree: a cwd of would-be configurations, a HOME, XDG dirs
hostile=$tmp/hostile
mkdir -p "$hostile/cwd/proc/1" "$hostile/home/.config/forkscope" \
    "$hostile/xdg-config/forkscope" "$hostile/xdg-data" "$hostile/xdg-cache" \
    "$hostile/run" "$hostile/tmpdir" "$hostile/terminfo" "$tmp/out"
for f in .pforestrc .reapcheckrc .forkscoperc forkscope.conf pforest.conf \
    reapcheck.conf procsnap.conf .forkscope forkscope-snapshot users \
    proc/1/stat home/.config/forkscope/config \
    xdg-config/forkscope/config; do
	case $f in
	home/*|xdg-*) echo "proc_root=$hostile/cwd" >"$hostile/$f" ;;
	*) echo "proc_root=$hostile/cwd" >"$hostile/cwd/$f" ;;
	esac
done
cp "$hostile/cwd/.pforestrc" "$hostile/home/.pforestrc"

# run NAME CMD ARGS...: CMD under strace in the hostile environment; its
# syscalls into $tmp/NAME.trace, its exit status into $rc
run() {
	name=$1
	shift
	(cd "$hostile/cwd" && env HOME="$hostile/home" \
	    XDG_CONFIG_HOME="$hostile/xdg-config" \
	    XDG_CONFIG_DIRS="$hostile/xdg-config" \
	    XDG_DATA_HOME="$hostile/xdg-data" \
	    XDG_DATA_DIRS="$hostile/xdg-data" \
	    XDG_CACHE_HOME="$hostile/xdg-cache" \
	    XDG_RUNTIME_DIR="$hostile/run" TMPDIR="$hostile/tmpdir" \
	    TMP="$hostile/tmpdir" TEMP="$hostile/tmpdir" \
	    TERMINFO="$hostile/terminfo" TERMINFO_DIRS="$hostile/terminfo" \
	    TERM="../../$hostile/terminfo/evil" LANGUAGE="../../../$hostile" \
	    LC_ALL="xx_XX.EVIL@$hostile" LANG="$hostile/cwd" COLUMNS=abc \
	    NO_COLOR=1 ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    "$libtool" --mode=execute strace -f -y -qq -o "$tmp/$name.trace" \
	    -e trace=open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat \
	    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err")
	rc=$?
}

# paths NAME: every path the trace names, made absolute through the fd
# strace -y decorates (AT_FDCWD</cwd>, 3</proc>)
paths() {
	awk '{
		s = $0
		while (match(s, /(AT_FDCWD|[0-9]+)<[^>]*>, "[^"]*"|[(]"[^"]*"/)) {
			m = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
			base = ""
			if (m ~ /^[(]/) {
				p = substr(m, 3, length(m) - 3)
			} else {
				base = m
				sub(/^[^<]*</, "", base)
				sub(/>, ".*/, "", base)
				p = m
				sub(/^[^"]*"/, "", p)
				sub(/"$/, "", p)
			}
			if (p !~ /^\//)
				p = base "/" p
			print p
		}
	}' "$tmp/$1.trace" | sort -u
}

# check NAME ALLOWED-ROOT...: every path under /proc, an allowed root or
# a system path; none under the scratch tree but $tmp/out
check() {
	name=$1
	shift
	paths "$name" >"$tmp/$name.paths"
	n=$(wc -l <"$tmp/$name.paths")
	stray=$(while read -r p; do
		ok_path=no
		case $p in
		/proc|/proc/*|/etc/ld.so.cache|/etc/ld.so.preload|/lib/*|\
		/lib64/*|/usr/lib/*|/usr/lib64/*|/usr/share/locale/*|\
		/usr/share/zoneinfo/*|/etc/localtime|/etc/passwd|/etc/group|\
		/etc/nsswitch.conf|/sys/devices/system/cpu/*|/dev/null|\
		/sys/kernel/btf/vmlinux|\
		"$build"/lib/.libs/*) ok_path=yes ;;
		# the loader's search of the binary's run path (distcheck:
		# the install directory) for a shared library
		*/lib*.so|*/lib*.so.[0-9]*) ok_path=yes ;;
		esac
		for a in "$@"; do
			case $p in "$a"|"$a"/*) ok_path=yes ;; esac
		done
		case $p in
		"$tmp"/out/*) ok_path=yes ;;	# the explicit target
		"$tmp"*) ok_path=no ;;		# the hostile tree
		esac
		[ $ok_path = yes ] || echo "$p"
	done <"$tmp/$name.paths")
	if [ "$n" -lt 3 ]; then
		bad "$name: only $n paths traced (strace did not follow it?)"
	elif [ -n "$stray" ]; then
		bad "$name: opened outside the allowed paths:"
		echo "$stray" | sed -n 's/^/    /; 1,20p'
	else
		ok
	fi
}

# rc_ok NAME WANT...: the exit status is one of WANT
rc_ok() {
	name=$1
	shift
	for w in "$@"; do
		[ "$rc" = "$w" ] && { ok; return; }
	done
	bad "$name: exit $rc"
	sed 's/^/    /' "$tmp/$name.err"
}

run pforest-live "$build/cmd/pforest" -T -o pid,user,start,args
rc_ok pforest-live 0 1
check pforest-live
run pforest-json "$build/cmd/pforest" --json -k
rc_ok pforest-json 0 1
check pforest-json
run pforest-fixture "$build/cmd/pforest" --proc-root "$fixture" \
    -o pid,user,start,args
rc_ok pforest-fixture 0
check pforest-fixture "$fixture"
run reapcheck-live "$build/cmd/reapcheck"
rc_ok reapcheck-live 0 1
check reapcheck-live
run reapcheck-prom "$build/cmd/reapcheck" --prometheus -o "$tmp/out/r.prom"
rc_ok reapcheck-prom 0 1
check reapcheck-prom
[ -s "$tmp/out/r.prom" ] && ok || bad "reapcheck -o: no $tmp/out/r.prom"
run reapcheck-plugin "$build/cmd/reapcheck" --proc-root "$fixture" -w 0
rc_ok reapcheck-plugin 1
check reapcheck-plugin "$fixture"
run procsnap "$build/cmd/procsnap" "$tmp/out/snap"
rc_ok procsnap 0
check procsnap
[ -f "$tmp/out/snap/forkscope-snapshot" ] && ok ||
    bad "procsnap: no snapshot at $tmp/out/snap"
finish hostile-env
