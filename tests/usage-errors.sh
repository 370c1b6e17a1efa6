#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage-errors.sh - every command reports a usage error the same way, as
# coreutils and procps do: nothing on stdout, on stderr one line naming
# what was wrong ("CMD: ..." holding the bad option or value), then
# "Try 'CMD --help' for more information.", and exit status 2; never the
# whole help.  Bad options, missing values, bad values and arguments, and
# options that do not go together, for each of the five commands.
# What was typed is quoted escaped, as process names are, but for a
# backslash, which stays one (a regular expression reads as typed).
# reapcheck as a monitoring plugin (-w, -c, --plugin ...) ends a usage
# error as UNKNOWN, status 3: that branch is its own (reapcheck(1)).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
bindir=$(cd "$top_builddir/cmd" && pwd)
. "$top_srcdir/tests/tally.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top_srcdir" || exit 99
fix=fixtures/scn-zombie

# CMD|WORD|ARGS: CMD ARGS is a usage error whose line holds WORD
cases="
pforest|--bogus|--bogus
pforest|-x|-x
pforest|--proc-root|--proc-root
pforest|bogus|-o pid,bogus
pforest|fancy|--style=fancy
pforest|--width|--width=0
pforest|nosuch|--source=nosuch
pforest|notapid|--proc-root $fix notapid
pforest|empty|-u root,
pforest|empty|-C ,
pforest|empty|-o pid,,comm
pforest|empty|-p 1,,2
pforest|empty|-U ,
pforest|-p: 'notapid' is not a PID|-p notapid
pforest|--match|--match (
pforest|--full|--full
procsnap|--bogus|--bogus
procsnap|-x|-x
procsnap|target|
procsnap|notapid|$tmp/snap notapid
reapcheck|--bogus|--bogus
reapcheck|-x|-x
reapcheck|--yes|--yes
reapcheck|--max-age|--max-age 5
reapcheck|sometimes|--color=sometimes
reapcheck|extra|--proc-root $fix extra
reapcheck|empty|--signal-parents -p 1,,
reapcheck|--output|--watch --output $tmp/out
forkwatch|--bogus|--bogus
forkwatch|-x|-x
forkwatch|nosuch|-e nosuch
forkwatch|empty|-e fork,
forkwatch|no command|--
forkwatch|no command|-j --
forkwatch|fks-no-such-user|-u fks-no-such-user
forkwatch|-1|-d -1
forkwatch|--count|-n 1.5
forkwatch|nosuch|--source=nosuch
forkwatch|ptrace|--source=ptrace
forkwatch|ptrace|--source=ptrace -p 1
forkwatch|--interval|--interval 9999999
forkwatch|-p: '0' is not a PID|-p 0
forkwatch|--replay|--replay x -- true
forkwatch|'true'|true
forkwatch|'true'|-c -- true
forkwatch|'relative'|--cgroup=relative
forkwatch|'/a/../b'|--cgroup=/a/../b
forkwatch|'/a//b'|--cgroup=/,/a//b
forkwatch|--cgroup|--cgroup=
forkwatch|--unit|--unit=ssh,,cron
forkwatch|--container|--container=abc,
forktop|--bogus|--bogus
forktop|-x|-x
forktop|-d|-d 0
forktop|-c|-c deep
forktop|--size|--size 1x1
forktop|extra|--proc-root $fix extra
forktop|--headless|--headless --proc-root $fix
"
echo "$cases" | while IFS='|' read -r cmd word args; do
	[ -n "$cmd" ] || continue
	[ -x "$bindir/$cmd" ] || continue	# forktop needs ncurses
	# shellcheck disable=SC2086
	"$bindir/$cmd" $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# libtool's wrapper may run the program as lt-CMD
	sed -i "s/lt-$cmd/$cmd/g" "$tmp/err"
	first=$(head -n 1 "$tmp/err")
	try=$(sed -n 2p "$tmp/err")
	what="$cmd $args"
	if [ $rc = 2 ] && [ ! -s "$tmp/out" ] &&
	   [ "$(wc -l <"$tmp/err")" = 2 ] &&
	   [ "${first#"$cmd: "}" != "$first" ] &&
	   [ "${first#*"$word"}" != "$first" ] &&
	   [ "$try" = "Try '$cmd --help' for more information." ]; then
		echo "ok: $what: $first"
	else
		echo "FAIL: $what: status $rc, stdout $(wc -c <"$tmp/out")" \
		     "bytes, stderr:"
		head -n 5 "$tmp/err"
	fi
done >"$tmp/results"
cat "$tmp/results"
pass=$(grep -c '^ok:' "$tmp/results")
fail=$(grep -c '^FAIL:' "$tmp/results")

# reapcheck as a plugin: UNKNOWN (3), its own way, after the same line
"$bindir/reapcheck" -w many >"$tmp/out" 2>"$tmp/err"
rc=$?
sed -i "s/lt-reapcheck/reapcheck/g" "$tmp/err"
[ $rc = 3 ] && grep -q "^reapcheck: -w: 'many'" "$tmp/err" && ok ||
	bad "reapcheck -w many: status $rc, $(head -n 1 "$tmp/err")"
"$bindir/reapcheck" --plugin --bogus >"$tmp/out" 2>"$tmp/err"
rc=$?
sed -i "s/lt-reapcheck/reapcheck/g" "$tmp/err"
[ $rc = 3 ] && grep -q "^reapcheck: unknown option '--bogus'" \
	"$tmp/err" && ok ||
	bad "reapcheck --plugin --bogus: status $rc, $(head -n 1 "$tmp/err")"
# what was typed is quoted escaped: no control byte reaches the terminal
bad_arg=$(printf -- '--x\033]0;pwned\007\033[2J')
for cmd in pforest procsnap reapcheck forkwatch forktop; do
	[ -x "$bindir/$cmd" ] || continue
	"$bindir/$cmd" "$bad_arg" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 2 ] && grep -q 'x\\e]0;pwned\\x07\\e\[2J' "$tmp/err" &&
	    ! LC_ALL=C grep -q "$(printf '[\001-\010\016-\037\177]')" \
	    "$tmp/err"; then ok; else
		bad "$cmd with a control byte in an option: status $rc," \
		    "$(od -c "$tmp/err" | head -n 3)"
	fi
done
"$bindir/reapcheck" -w 1 "$bad_arg" >"$tmp/out" 2>"$tmp/err"
! LC_ALL=C grep -q "$(printf '[\001-\010\016-\037\177]')" "$tmp/out" \
    "$tmp/err" && ok || bad "reapcheck -w 1: a raw control byte: $(od -c \
    "$tmp/out" | head -n 2)"
# a regular expression is quoted as typed (its backslashes single), with
# regcomp's reason after it, on one line
LC_ALL=C "$bindir/pforest" --match '\.(' >"$tmp/out" 2>"$tmp/err"
rc=$?
sed -i "s/lt-pforest/pforest/g" "$tmp/err"
want="pforest: --match '\.(': not a regular expression: Unmatched ( or \("
if [ $rc = 2 ] && [ "$(head -n 1 "$tmp/err")" = "$want" ] &&
    [ "$(wc -l <"$tmp/err")" = 2 ]; then
	ok
else
	bad "pforest --match '\.(': status $rc, $(head -n 1 "$tmp/err")"
fi
# and --help is the whole help, on stdout, status 0
for cmd in pforest procsnap reapcheck forkwatch forktop; do
	[ -x "$bindir/$cmd" ] || continue
	"$bindir/$cmd" --help >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc = 0 ] && [ ! -s "$tmp/err" ] && grep -q "^Usage: $cmd " \
		"$tmp/out" && ok || bad "$cmd --help: status $rc"
done
finish usage-errors
