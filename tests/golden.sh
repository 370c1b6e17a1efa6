#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# golden.sh - runs every golden case of every command and diffs it.
#
# A case is tests/golden/<command>/<case>.args: one line of arguments (split
# by the shell, so quote as in a shell).  The command runs in the source
# directory (so paths in messages read "fixtures/..."), with LC_ALL, TZ and
# COLUMNS pinned, and its stdout, stderr and exit status must equal
# <case>.out, <case>.err and <case>.rc.  A case may have <case>.env, lines
# NAME=VALUE (no spaces) set in its environment alone (NO_COLOR is unset
# for the others).  UPDATE_GOLDEN=1 rewrites those
# files after a deliberate change: review the diff before committing it.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
bindir=$(cd "$top_builddir/cmd" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC COLUMNS=80
unset NO_COLOR
cd "$top_srcdir" || exit 99
pass=0 fail=0
for args in tests/golden/*/*.args; do
	[ -e "$args" ] || continue
	cmd=$(basename "$(dirname "$args")")
	case=${args%.args}
	eval "set -- $(cat "$args")"
	envs=
	[ -e "$case.env" ] && envs=$(cat "$case.env")
	# shellcheck disable=SC2086
	env $envs "$bindir/$cmd" "$@" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/rc"
	# messages carry the program name as libtool may have renamed it
	sed -i "s/^lt-$cmd:/$cmd:/" "$tmp/err"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		for x in out err rc; do
			cp "$tmp/$x" "$case.$x"
		done
	fi
	ok=1
	# hostile names: no control byte and no UTF-8 C1 control may reach
	# the terminal, whatever the expected files say
	# (a case that asks for colour may hold SGR colour sequences only)
	if tr -d '\n' <"$tmp/out" | sed 's/\x1b\[[0-9;]*m//g' |
		LC_ALL=C grep -qP '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]'
	then
		echo "$case: a raw control character in the output"
		ok=0
	fi
	for x in out err rc; do
		if ! diff -u "$case.$x" "$tmp/$x"; then
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: $case"
		fail=$((fail + 1))
	fi
done
echo "golden: $pass passed, $fail failed"
[ $pass -gt 0 ] && [ $fail = 0 ]
