#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-slice.sh - the connector source asks the scheduler for short
# slices (sched_attr.sched_runtime 0.1 ms, Linux 6.12 and later), so that
# it reads an exec'd program's name before the program exits; nothing
# else of its scheduling changes.  Each check reads /proc/PID/sched from
# inside `forkwatch -- sh -c ...` (its parent is forkwatch, hinted before
# the command is let run):
# - as root, with --source=connector: forkwatch's se.slice is 100000; the
#   command's is the default (a shell's outside forkwatch); -v says so;
#   under `nice -n 7` the nice value stays 7; under `chrt -f 1` the policy
#   stays SCHED_FIFO (with no fair slice), under `chrt -b 0` SCHED_BATCH
#   with the default slice; on a terminal (script(1)'s
#   pty) the same; during a storm of forks and exits
#   (tests/scenarios/burst) the slice goes back to the default, and
#   execs after it make it short again;
# - --source=poll and --source=ptrace leave the slice at the default;
# - as the test user: the same with the connector where the kernel lets
#   the user listen (Linux 6.6 to 6.17; refused from 6.18: said, skipped),
#   and the default with the ptrace source.
# Skips where /proc/PID/sched has no se.slice line (before Linux 6.14),
# where forkwatch -v says the kernel did not honour the request, or where
# the connector is unavailable to root.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
need timeout
fw=$(cd "$top_builddir/cmd" && pwd)/forkwatch
burst=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)/burst
[ -x "$fw" ] || { echo "no $fw: build it first"; exit 99; }
[ -x "$burst" ] || { echo "no $burst: run make check"; exit 99; }
tmp=$(mktemp -d) || exit 99
bg=''
trap 'kill $bg 2>/dev/null; wait; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
export LC_ALL=C

SHORT=100000
default=$(sh -c 'sed -n "s/^se\.slice *: *//p" /proc/$$/sched' 2>/dev/null)
if [ -z "$default" ]; then
	echo "SKIP: /proc/PID/sched has no se.slice line (Linux 6.14 and" \
	    "later show it)"
	exit 77
fi

# the probe, run as forkwatch's command: its parent's (forkwatch's)
# slice, policy and nice, then its own slice
probe='s() { v=$(sed -n "s/^$1 *: *//p" /proc/$2/sched); echo "${v:--}"; }
echo "fw $(s se.slice $PPID) $(s policy $PPID) $(cut -d" " -f19 /proc/$PPID/stat)"
echo "cmd $(s se.slice $$)"'

# watch [PREFIX...] -- FORKWATCH-ARGS: the probe's two lines in $out,
# forkwatch's stderr in $tmp/err
watch() {
	pre=''
	while [ "$1" != -- ]; do pre="$pre $1"; shift; done
	shift
	out=$(timeout 60 $pre "$fw" "$@" -o "$tmp/ev" -- sh -c "$probe" \
	    2>"$tmp/err")
}
field() {	# field LINE N
	echo "$out" | awk -v l="$1" -v n="$2" '$1 == l { print $n }'
}

# -- root, the connector
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: not root (the connector's checks run as root)"
	exit 77
fi
rm -f "$tmp/ev"
if ! timeout 60 "$fw" --source=connector -o "$tmp/ev" -- true \
    2>"$tmp/err"; then
	echo "SKIP: the proc connector is unavailable: $(cat "$tmp/err")"
	exit 77
fi

watch -- --source=connector -v
if grep -q 'slices not shortened' "$tmp/err"; then
	echo "SKIP: $(grep 'slices not shortened' "$tmp/err")"
	exit 77
fi
same "connector: forkwatch's slice" "$(field fw 2)" "$SHORT"
same "connector: forkwatch's policy" "$(field fw 3)" 0
same "connector: the command's slice" "$(field cmd 2)" "$default"
check "connector -v: no line on the slices ($(cat "$tmp/err"))" \
    grep -q '^forkwatch: events: scheduler slices of 0\.1 ms' "$tmp/err"

watch nice -n 7 -- --source=connector
same "under nice 7: forkwatch's slice" "$(field fw 2)" "$SHORT"
same "under nice 7: forkwatch's nice" "$(field fw 4)" 7

# other policies are left as they are: real-time (where allowed) and
# batch
if ! command -v chrt >/dev/null 2>&1; then
	echo "note: no chrt: the other policies are not checked"
elif ! chrt -f 1 true 2>/dev/null; then
	echo "note: real-time refused here: that case is not checked"
else
	watch chrt -f 1 -- --source=connector
	same "under chrt -f 1: forkwatch's policy" "$(field fw 3)" 1
	# (a real-time task has no fair slice to show: its line is absent)
	same "under chrt -f 1: forkwatch's slice" "$(field fw 2)" -
fi
if command -v chrt >/dev/null 2>&1; then
	watch chrt -b 0 -- --source=connector
	same "under chrt -b 0: forkwatch's policy" "$(field fw 3)" 3
	same "under chrt -b 0: forkwatch's slice" "$(field fw 2)" "$default"
fi

# a storm of forks and exits gives the default back; execs ask again
slice_of() { sed -n 's/^se\.slice *: *//p' "/proc/$1/sched" 2>/dev/null; }
# until_slice PID WANT WHILE-CMD...: polls PID's slice every 0.05 s, for
# as long as WHILE-CMD succeeds (and 30 s at most), until it is WANT
until_slice() {
	pid=$1 want=$2
	shift 2
	i=0
	while [ "$(slice_of "$pid")" != "$want" ]; do
		"$@" && [ $i -lt 600 ] || return 1
		sleep 0.05
		i=$((i + 1))
	done
}
alive() { kill -0 "$1" 2>/dev/null; }
# (-d: a bound, should the test be cut short; the slice is asked for
# before -v's line, and a parallel test's storm may give it back at once)
"$fw" --source=connector -v -d 300 -o "$tmp/storm.ev" 2>"$tmp/storm.err" &
fwpid=$!
bg="$bg $fwpid"
asked() { grep -q 'slices of 0\.1 ms asked for' "$tmp/storm.err"; }
i=0
while ! asked && alive $fwpid && [ $i -lt 600 ]; do
	sleep 0.05
	i=$((i + 1))
done
if asked; then
	ok
	# (a storm here is 10,000 forks a second and more: far past the
	# 1,000 events a second that make one)
	"$burst" -n 1000000 -t 10 >"$tmp/burst.out" &
	bpid=$!
	bg="$bg $bpid"
	told=no
	until_slice $fwpid "$default" alive $bpid && told=yes
	kill $bpid 2>/dev/null
	wait $bpid
	# the share of execs among the events so far: the rest of the
	# system (a parallel test) can exec more than one in 100, and then
	# there is no storm to tell
	share=$(awk 'NR > 1 { n++; e += $3 == "exec" }
	    END { print (n && e * 100 < n) ? "low" : e " of " n }' \
	    "$tmp/storm.ev")
	if [ $told = yes ]; then ok
	elif [ "$share" != low ]; then
		echo "note: a fork storm not told: the rest of the system" \
		    "exec'd too ($share events were execs): not checked"
	else
		bad "a fork storm: forkwatch's slice never went back to" \
		    "the default while it ran: $(slice_of $fwpid)"
	fi
	if until_slice $fwpid $SHORT /bin/true; then ok; else
		bad "execs after the storm: forkwatch's slice not short" \
		    "again: $(slice_of $fwpid)"
	fi
else
	bad "forkwatch -v never said it asked for short slices:" \
	    "$(cat "$tmp/storm.err")"
fi
kill -INT $fwpid
wait $fwpid

for src in poll ptrace; do
	watch -- --source=$src
	same "$src: forkwatch's slice" "$(field fw 2)" "$default"
done

# on a terminal: the same request (script's pty as stdin, stdout, stderr)
if command -v script >/dev/null 2>&1; then
	printf '%s\n' "$probe" >"$tmp/probe.sh"
	timeout 60 script -q -e -c "'$fw' --source=connector -o '$tmp/ev' \
	    -- sh '$tmp/probe.sh'" /dev/null </dev/null >"$tmp/tty.out" 2>&1
	out=$(tr -d '\r' <"$tmp/tty.out")
	same "on a terminal: forkwatch's slice" "$(field fw 2)" "$SHORT"
	same "on a terminal: the command's slice" "$(field cmd 2)" "$default"
else
	echo "note: no script(1): the terminal case is not checked"
fi

# -- the test user
if testuser_init >"$tmp/why"; then
	if asuser_can_run "$fw"; then
		user_watch() {
			out=$(cd / && timeout 60 $asuser "$fw" "$@" -- sh -c \
			    "$probe" 2>"$tmp/err")
		}
		user_watch --source=connector
		if [ -n "$(field fw 2)" ]; then
			same "test user, connector: forkwatch's slice" \
			    "$(field fw 2)" "$SHORT"
			same "test user, connector: the command's slice" \
			    "$(field cmd 2)" "$default"
		else
			echo "note: the kernel refuses the test user a" \
			    "connector listener: $(head -n 1 "$tmp/err")"
		fi
		user_watch --source=ptrace
		same "test user, ptrace: forkwatch's slice" "$(field fw 2)" \
		    "$default"
	else
		echo "note: the test user cannot run $fw (a build under a" \
		    "private directory): its checks are skipped"
	fi
else
	echo "note: no test user: $(cat "$tmp/why")"
fi
finish forkwatch-slice
