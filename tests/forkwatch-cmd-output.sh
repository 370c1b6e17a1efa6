#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-cmd-output.sh - forkwatch -- COMMAND keeps out of the
# command's way, as time(1) and strace(1) do, and ends with it:
# - the events go to stderr, or to -o FILE; stdout is the command's alone
#   (--json -o FILE: FILE is JSON lines, stdout exactly the command's);
#   -o - puts them on stdout;
# - a command of a few milliseconds ends forkwatch at once (well within
#   5 s; a poll interval of a minute is not waited for), with its status,
#   in the default source, the poll source and the ptrace source, as root
#   (the default: the connector) and as the test user (the default:
#   ptrace; the poll source once never saw a command that was not reaped
#   during the watch: it waited for ever);
# - -o FILE: a new file and an existing 0644 one end 0600; a symlink, a
#   device (/dev/null) or a FIFO without a reader is refused with one
#   line naming it, status 1, before the command runs; a FIFO with a
#   reader gets the events.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need timeout jq stat date mkfifo
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
export LC_ALL=C

# run WHO WANT_RC ARGS...: forkwatch ARGS as WHO ("" or $asuser), under
# a timeout, from $dir; its status WANT_RC, within 5 s (desc: what ran)
run() {
	who=$1 want=$2
	shift 2
	desc="${who:+[$TESTUSER] }forkwatch $*"
	t0=$(date +%s%N)
	(cd "$dir" && timeout 60 $who "$fw" "$@" >"$dir/out" 2>"$dir/err")
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	sed -i 's/^lt-forkwatch:/forkwatch:/' "$dir/err"
	if [ "$rc" = "$want" ]; then ok; else
		bad "$desc: exit status $rc, want $want ($(head -n 5 \
		    "$dir/err"))"
	fi
	if [ "$ms" -lt 5000 ]; then ok; else
		bad "$desc: took $ms ms"
	fi
}
# one_line FILE: stderr is one line naming FILE
one_line() {
	if [ "$(wc -l <"$dir/err")" = 1 ] && grep -qF "$1" "$dir/err"; then
		ok
	else
		bad "$desc: stderr is not one line naming $1: $(cat "$dir/err")"
	fi
}

# as WHO: the command's output and end, as root or the test user
as() {
	who=$1
	dir=$tmp/root
	if [ -n "$who" ]; then
		dir=$tmp/user
		mkdir -p "$dir" && chown "$testuid" "$dir"
	fi
	mkdir -p "$dir"

	run "$who" 3 --json -o events.json -- sh -c 'echo hello; exit 3'
	check "$desc: stdout is not exactly hello" \
	    [ "$(cat "$dir/out")" = hello ]
	check "$desc: events.json is not JSON lines with the command's exit" \
	    jq -e -s 'length >= 2 and
		(map(select(.event == "exit" and .exit_code == 3)) |
		 length == 1)' "$dir/events.json" >/dev/null
	check "$desc: events.json is not mode 0600" \
	    [ "$(stat -c %a "$dir/events.json")" = 600 ]
	check "$desc: an event on stderr" \
	    sh -c "! grep -q '\"event\"' '$dir/err'"

	for src in auto poll ptrace; do
		# a minute between polls: only the command's end ends it
		run "$who" 3 --source=$src --interval 60000 -- sh -c 'exit 3'
		check "$desc: its exit is not on stderr" \
		    grep -q ' exit .* exit 3 after' "$dir/err"
		check "$desc: stdout is not empty" [ ! -s "$dir/out" ]
		run "$who" 0 --source=$src -- /bin/true
	done
	run "$who" 0 -- /bin/true
	run "$who" 3 -- sh -c 'exit 3'

	# -o -: the events on stdout, with the command's own output
	run "$who" 3 -o - -- sh -c 'echo hello; exit 3'
	check "$desc: no hello on stdout" grep -qx hello "$dir/out"
	check "$desc: no exit event on stdout" \
	    grep -q ' exit .* exit 3 after' "$dir/out"
}

as ""
if testuser_init >"$tmp/why" && asuser_can_run "$fw"; then
	as "$asuser"
else
	echo "as the test user: skipped ($(cat "$tmp/why"))"
fi

# -o FILE: what it writes to and what it refuses
dir=$tmp/root
mask=$(umask)
umask 000
run "" 0 -o new.txt -- /bin/true
umask "$mask"
check "-o new.txt under umask 000: not mode 0600" \
    [ "$(stat -c %a "$dir/new.txt")" = 600 ]
printf 'old\nold\nold\nold\nold\nold\nold\nold\n' >"$dir/old.txt"
chmod 644 "$dir/old.txt"
run "" 0 -o old.txt -- /bin/true
check "-o old.txt: not mode 0600" [ "$(stat -c %a "$dir/old.txt")" = 600 ]
check "-o old.txt: its old lines kept" \
    sh -c "! grep -q '^old' '$dir/old.txt'"
check "-o old.txt: no event in it" grep -q ' exit ' "$dir/old.txt"

echo keep >"$dir/target"
ln -s target "$dir/link"
run "" 1 -o link -- touch ran
one_line link
check "-o link: the command ran" [ ! -e "$dir/ran" ]
check "-o link: its target changed" [ "$(cat "$dir/target")" = keep ]
before=$(stat -c %a:%t:%T /dev/null)
run "" 1 -o /dev/null -- touch ran
one_line /dev/null
check "-o /dev/null: the command ran" [ ! -e "$dir/ran" ]
check "-o /dev/null: changed" [ "$(stat -c %a:%t:%T /dev/null)" = "$before" ]
mkfifo "$dir/fifo"
run "" 1 -o fifo -- touch ran
one_line fifo
check "-o fifo (no reader): the command ran" [ ! -e "$dir/ran" ]
timeout 60 cat "$dir/fifo" >"$dir/fifo.out" &
reader=$!
# the reader opens the FIFO soon: forkwatch refuses it until then
i=0
while [ $i -lt 50 ]; do
	(cd "$dir" && timeout 60 "$fw" -o fifo -- sh -c 'exit 4' \
	    >/dev/null 2>&1)
	rc=$?
	[ $rc = 1 ] || break
	sleep 0.1
	i=$((i + 1))
done
wait $reader
check "-o fifo (a reader): exit status $rc, want 4" [ $rc = 4 ]
check "-o fifo (a reader): the command's exit not read from it" \
    grep -q ' exit .* exit 4 after' "$dir/fifo.out"

finish forkwatch-cmd-output
