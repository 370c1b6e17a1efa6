#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forktop-group.sh - forktop live in tmux, as root and as the test user:
# - groups: root makes a test-owned slice in the cgroup hierarchy systemd
#   tracks (as pforest-cgroup.sh does) holding two services and a scope
#   named as docker's systemd driver names a container's, and starts this
#   run's processes in them (copies of sh and sleep, named by the run: a
#   shell and its child in one service, one process in the other, one in
#   the scope).  forktop --by unit, filtered on the run's names, must show
#   each one under the header of its own unit, with the header's count,
#   and nothing else under it; b then groups by container (the scope's
#   process alone under docker:ID12, the others under -), by pid
#   namespace (all four under this namespace's inode; "-" as the test
#   user, who may not read root's ns/pid links, as ps shows them), then
#   not at all.  As the test user, who only reads the processes, the same.  Without
#   root or a writable hierarchy the groups part is skipped, saying why.
# - -u naming no user: status 2 and one line naming it; the u key given
#   such a name keeps the filter and says so.
# - -o NAME=HEADER: the headers given head the columns.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/testuser.sh"
. "$top_srcdir/tests/cgroupfs.sh"
need tmux
bin=$(cd "$top_builddir/cmd" && pwd)/forktop
[ -x "$bin" ] || { echo "SKIP: forktop not built (no ncursesw)"; exit 77; }
. "$top_srcdir/tests/tmuxpanes.sh"
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"
sock=fgt-sock-$$
# this run's names: a tag no other command line holds (the filter is
# case-insensitive and matches command lines too)
tag=zqx$(($$ % 10000))
nouser=fks-no-such-user-$$
cg=
pids=
cleanup() {
	stop_panes
	# the shell's child first, and the shell left to reap it (it goes
	# on to ":" and exits): orphaned, the child would be pid 1's, which
	# need not reap it
	if [ -n "$a0" ]; then
		pkill -KILL -P "$a0" 2>/dev/null
		i=0
		while kill -0 "$a0" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
	# shellcheck disable=SC2086
	[ -z "$pids" ] || kill -KILL $pids 2>/dev/null
	{ wait; } 2>/dev/null
	if [ -n "$cg" ]; then
		for d in "$cg"/*/; do rmdir "$d" 2>/dev/null; done
		rmdir "$cg" 2>/dev/null
	fi
	rm -rf "$tmp"
}
a0=
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# Waits up to 10 s for the pane to hold text (a fixed string).
expect() {
	i=0
	while [ $i -lt 100 ]; do
		t capture-pane -p -t "$ft" | grep -qF -- "$1" && { ok; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	bad "no '$1' on the screen ($2); it holds:"
	t capture-pane -p -t "$ft"
	return 1
}

# Each run in a session of its own, the one before killed only then: the
# server, left with no session, would exit under the next one's start.
n=0
ft=
start() {	# start PREFIX CMD: CMD (run by PREFIX) in a 200x24 pane
	n=$((n + 1))
	t new-session -d -s "ft$n" -x 200 -y 24 \
		"$1 env TERM=xterm LC_ALL=C.UTF-8 TZ=UTC sh -c 'echo BEFORE-FORKTOP; $2; echo EXIT=\$?; sleep 60'"
	[ -z "$ft" ] || t kill-session -t "$ft" 2>/dev/null
	ft=ft$n
}

# What the pane shows of this run's processes: "VALUE COUNT NAME" for
# each, under the header above it ("- 0" when there is none), sorted.
groups_seen() {
	t capture-pane -p -t "$ft" | sed -n \
	    -e 's/^[> ]*+\{0,1\}\(unit\|container\|pidns\): \(.*\) (\([0-9]*\) process\(es\)\{0,1\})$/H \2 \3/p' \
	    -e "s/.*[^a-z0-9]\($tag[a-z0-9]*\) .*/P \1/p" |
	    awk 'BEGIN { g = "- 0" }
		 $1 == "H" { g = $2 " " $3; next }
		 { print g, $2 }' | sort
}

# Waits up to 10 s for groups_seen to be WANT (lines).
groups_are() {	# groups_are WHAT WANT
	i=0
	while [ $i -lt 100 ]; do
		[ "$(groups_seen)" = "$2" ] && { ok; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	bad "$1: the groups seen are not the groups made"
	echo "seen:"; groups_seen; echo "want:"; echo "$2"
	t capture-pane -p -t "$ft"
	return 1
}

# inunit DIR CMD...: CMD, in the background, in the cgroup DIR from its
# first instruction (the shell moves itself, then execs it)
inunit() {
	# shellcheck disable=SC2016
	sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$@" &
}

# -- the groups
id=$(printf 'forktop-group-%s' "$$" | sha256sum | cut -c1-64)
short=$(echo "$id" | cut -c1-12)
mnt=$(tracking_mount)
why=
if [ "$(id -u)" != 0 ]; then
	why="not root: no cgroup of the test's own"
elif [ -z "$mnt" ]; then
	why="no cgroup hierarchy systemd would use"
elif ! mkdir "$mnt/fks-ftg-$$.slice" 2>/dev/null; then
	why="cannot mkdir in $mnt"
fi
if [ -z "$why" ]; then
	cg=$mnt/fks-ftg-$$.slice
	ua=fks-ftg-a-$$.service
	ub=fks-ftg-b-$$.service
	uc=docker-$id.scope
	for u in "$ua" "$ub" "$uc"; do
		mkdir "$cg/$u" || bad "mkdir $cg/$u"
	done
	cp /bin/sh "$tmp/${tag}a0" && cp /bin/sleep "$tmp/${tag}a1" &&
	    cp /bin/sleep "$tmp/${tag}b1" && cp /bin/sleep "$tmp/${tag}c1" ||
	    exit 99
	# "; :" keeps the shell from exec'ing its last command: a parent
	# (its "Killed" when the child is, at the end, is no news)
	inunit "$cg/$ua" "$tmp/${tag}a0" -c "\"$tmp/${tag}a1\" 600; :" \
	    2>/dev/null
	a0=$!
	inunit "$cg/$ub" "$tmp/${tag}b1" 600
	pids="$a0 $!"
	inunit "$cg/$uc" "$tmp/${tag}c1" 600
	pids="$pids $!"
	want_unit=$(printf '%s\n' "$ua 2 ${tag}a0" "$ua 2 ${tag}a1" \
	    "$ub 1 ${tag}b1" "$uc 1 ${tag}c1" | sort)
	want_container=$(printf '%s\n' "- 3 ${tag}a0" "- 3 ${tag}a1" \
	    "- 3 ${tag}b1" "docker:$short 1 ${tag}c1" | sort)
fi

# want_pidns [PREFIX]: all four in this namespace, as PREFIX can read
# it: another user's ns/pid link is not readable (ps shows "-" too)
want_pidns() {
	ns=$(${1:-} readlink "/proc/$a0/ns/pid" 2>/dev/null | tr -dc 0-9)
	[ -n "$ns" ] || ns=-
	printf '%s\n' "$ns 4 ${tag}a0" "$ns 4 ${tag}a1" "$ns 4 ${tag}b1" \
	    "$ns 4 ${tag}c1" | sort
}

groups_run() {	# groups_run WHO [PREFIX]
	start "${2:-}" "$bin -d 0.3 --by unit -o pid"
	expect "groups unit" "$1: the title" || return
	t send-keys -t "$ft" '\'
	t send-keys -t "$ft" -l -- "$tag"
	t send-keys -t "$ft" Enter
	groups_are "$1, by unit" "$want_unit"
	# the shell's child is under it, in the same group
	expect "$tag""a0 -c" "$1: the shell" &&
	    expect "└─ $tag""a1 " "$1: its child under it"
	t send-keys -t "$ft" b
	expect "groups container" "$1: b to containers" &&
	    groups_are "$1, by container" "$want_container"
	t send-keys -t "$ft" b
	expect "groups pidns" "$1: b to pid namespaces" &&
	    groups_are "$1, by pidns" "$(want_pidns "${2:-}")"
	t send-keys -t "$ft" b
	expect "no groups" "$1: b to none" &&
	    groups_are "$1, no groups" "$(printf '%s\n' "- 0 ${tag}a0" \
	    "- 0 ${tag}a1" "- 0 ${tag}b1" "- 0 ${tag}c1" | sort)"
	t send-keys -t "$ft" q
	expect "EXIT=0" "$1: q"
}

user_ok=
if testuser_init >"$tmp/why"; then
	if asuser_can_run "$bin"; then
		user_ok=1
	else
		echo "as $TESTUSER: skipped, $bin is not open to others"
	fi
else
	echo "as a test user: skipped, $(cat "$tmp/why")"
fi

if [ -z "$why" ]; then
	groups_run root
	[ -z "$user_ok" ] || groups_run "$TESTUSER" "$asuser"
else
	echo "groups live: skipped, $why"
fi

# -- -u naming no user, -o NAME=HEADER, the u key
options_run() {	# options_run WHO [PREFIX]
	start "${2:-}" "$bin -u $nouser"
	expect "forktop: -u: no user '$nouser'" "$1: -u" &&
	    expect "EXIT=2" "$1: -u's status"
	check "$1: -u: one line, then the pointer to --help" \
	    test "$(t capture-pane -p -t "$ft" | grep -c "^forktop: ")" = 1
	start "${2:-}" "$bin -d 0.3 -o pid=TASKID,user=OWNER,stat"
	expect "  TASKID OWNER    STAT  COMMAND" "$1: -o NAME=HEADER"
	t send-keys -t "$ft" u
	t send-keys -t "$ft" -l -- "$nouser"
	t send-keys -t "$ft" Enter
	expect "no user '$nouser': the filter stays" "$1: the u key"
	# the tree is still there, unfiltered
	expect ">      1 " "$1: the tree after u"
	t send-keys -t "$ft" q
	expect "EXIT=0" "$1: q"
}
options_run root
[ -z "$user_ok" ] || options_run "$TESTUSER" "$asuser"

finish forktop-group
