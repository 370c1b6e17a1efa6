#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# watch-source.sh - -v says which source of events ran, and why not the
# one auto tries first: forkwatch and reapcheck --watch, as root and as
# the test user.
# - root: the default's line names the source that a record made in the
#   same way says it was made with (whichever that is); --source=connector
#   and --source=poll are named as chosen;
# - the test user (here the kernel refuses it a connector listener):
#   --source=connector fails in one line with the refusal, status 1; the
#   default polls, and -v says so in one line with the refusal (not a
#   notice too);
# - reapcheck --watch -v names its events' source beside its tasks' one.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need timeout
build=$(cd "$top_builddir" && pwd)
fw=$build/cmd/forkwatch
rc=$build/cmd/reapcheck
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
export LC_ALL=C
events() {	# events FILE: its -v line, "events: ..." (of forkwatch)
	sed -n 's/^forkwatch: events: //p' "$1"
}

cd "$tmp" || exit 99
chmod 755 "$tmp"
# ---- root ----
if [ "$(id -u)" = 0 ] &&
    timeout 60 "$fw" --source=connector -d 0.1 >/dev/null 2>&1; then
	timeout 60 "$fw" -v -d 0.3 -w "$tmp/auto.rec" >/dev/null \
	    2>"$tmp/auto.err"
	same "root, auto: exit status" $? 0
	made=$(timeout 60 "$fw" -v -r "$tmp/auto.rec" 2>&1 >/dev/null |
	    sed -n 's/^forkwatch: events: a record, made with the \(.*\) source$/\1/p')
	check "root, auto: no source in the record's -v line" [ -n "$made" ]
	same "root, auto: -v" "$(cat "$tmp/auto.err")" \
	    "forkwatch: events: the $made source"
	for src in connector poll; do
		timeout 60 "$fw" -v --source=$src -d 0.1 >/dev/null \
		    2>"$tmp/$src.err"
		same "root, --source=$src: exit status" $? 0
		# (the connector's line on its slices follows: see
		# forkwatch-slice.sh)
		same "root, --source=$src: -v" "$(head -n 1 "$tmp/$src.err")" \
		    "forkwatch: events: the $src source, as chosen"
	done
	# --foreground: timeout sends the INT alone.  Without it, it sends a
	# SIGCONT to the process group after the INT, which can cancel the
	# SIGSTOP of LeakSanitizer's ptrace at exit under ASan (reapcheck
	# then spins for ever: 1 run in 12 to 20 here; 0 in 30 with it).
	timeout --foreground -s INT 2 "$rc" --watch -v >/dev/null \
	    2>"$tmp/rc.err"
	check "root, reapcheck --watch -v: no events line: $(cat "$tmp/rc.err")" \
	    grep -q "^reapcheck: events: the $made source$" "$tmp/rc.err"
	check "root, reapcheck --watch -v: no tasks line: $(cat "$tmp/rc.err")" \
	    grep -q '^reapcheck: source: ' "$tmp/rc.err"
else
	echo "note: not root, or no connector here: root's sources not tried"
fi

# ---- the test user ----
. "$top_srcdir/tests/testuser.sh"
if testuser_init >"$tmp/why" && asuser_can_run "$fw"; then
	if timeout 60 $asuser "$fw" --source=connector -d 0.1 >/dev/null \
	    2>"$tmp/uc.err"; then
		echo "note: the kernel lets the test user listen: its refusal" \
		    "is not tried"
		ok
	else
		same "user, --source=connector: stderr" "$(cat "$tmp/uc.err")" \
		    "forkwatch: cannot listen to the kernel's process events: Operation not permitted"
		timeout 60 $asuser "$fw" -v -d 0.1 >/dev/null 2>"$tmp/ua.err"
		same "user, auto: exit status" $? 0
		same "user, auto: lines on stderr" \
		    "$(wc -l <"$tmp/ua.err")" 1
		case $(events "$tmp/ua.err") in
		"the poll source ("*"refused a listener (Operation not permitted)"*)
			ok ;;
		*)	bad "user, auto: -v: $(cat "$tmp/ua.err")" ;;
		esac
		timeout --foreground -s INT 2 $asuser "$rc" --watch -v \
		    >/dev/null \
		    2>"$tmp/urc.err"
		check "user, reapcheck --watch -v: $(cat "$tmp/urc.err")" \
		    grep -q '^reapcheck: events: the poll source (.*refused a listener' \
		    "$tmp/urc.err"
	fi
else
	echo "note: not run as the test user: $(cat "$tmp/why")"
fi
finish watch-source
