#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/forkwatch.sh - forkwatch against forkstat on one fork storm: five
# watchers start together, each watching the whole system (forkstat has no
# subtree filter, so none of them gets one), then bench/storm forks N
# children in bursts (default 100,000 in bursts of 1,000, by vfork: the
# fastest way this machine has to make a process that exits at once) and
# reaps each burst.  The watchers:
#   fw-null   forkwatch -S >/dev/null      (these three: --source=connector)
#   fw-rec    forkwatch -S --record FILE >/dev/null
#   fw-json   forkwatch -S -j >FILE     (the file the storm's events are
#                                        counted in, as in forkstat's)
#   fw-bpf    forkwatch --source=bpf -S -j >FILE  (as fw-json; its CPU per
#             event against fw-json's: target <= 1)
#   forkstat  forkstat >FILE            (its default view: fork,exec,exit)
# and, only when asked for with -w, the cost of a place filter (each
# event's cgroup learnt), on and off, in the text view to /dev/null:
#   fw-null-place  forkwatch --source=connector -S --cgroup=/ >/dev/null
#                  (fw-null with PID/cgroup read per event)
#   fw-bpf-null    forkwatch --source=bpf -S >/dev/null
#   fw-bpf-place   forkwatch --source=bpf -S --cgroup=/ >/dev/null
#                  (the events' cgroup ids looked up)
#   (--cgroup=/ selects every event whose place is known; one not known,
#   a task gone before the connector's read, is not shown)
# For each: the storm's events seen against 2N (a fork and an exit per
# child), CPU time per storm event (what the kernel says the process ran
# from the go to the end, /proc/PID/schedstat), the events lost (forkwatch
# -S's own count; for every connector watcher the kernel's drop counter
# of its socket, /proc/net/netlink), and the share of the storm's exits whose
# process name is unknown.  Targets (the forkwatch issue): 0 lost events,
# forkwatch <= 0.5x forkstat's CPU time per event, < 0.1% unnamed exits.
# Never part of make check: timings are not tests.  Needs root (the proc
# connector); installs forkstat (Debian package) if it is missing.
#
#   bench/forkwatch.sh [-n children] [-b burst] [-m fork|vfork|vm]
#                      [-r repetitions] [-w "watcher..."] [BUILDDIR]
#   bench/forkwatch.sh -x [-r repetitions] [-l loads] [-B BASEDIR] [BUILDDIR]
#   -w picks some of the five (default all, together on each storm)
#   -x measures names instead of a storm (see exec_bench below); with -l
#      N, beside N "builds" (loops of two parallel compiles); with -B, a
#      fifth watcher: BASEDIR's build of forkwatch (fw-base, as fw-conn)
#   BENCH_QUICK=1: 10,000 children, one repetition
#
# How each count is made:
#   fw-json   (and fw-bpf) fork and exit events with ppid = the storm's
#             pid; unnamed:
#             such an exit without a comm, or an empty one
#   fw-rec    the record replayed afterwards (forkwatch -r FILE -j, not
#             timed) and counted as fw-json
#   fw-null   forks: the storm's line of -S's top forkers; its exits
#             cannot be told from the system's without output, so the
#             summary's counts for the whole system are shown instead
#   forkstat  forks: its "parent" lines with the storm's pid; exits: exit
#             lines whose pid the storm forked (bench/storm -p lists them;
#             pids are reused, so each counts as often as it was forked)
#             and whose name is the storm's or "<unknown>"; unnamed: those
#             named "<unknown>"
set -eu

n=100000 burst=1000 mode=vfork reps=3 baseline=5
if [ -n "${BENCH_QUICK:-}" ]; then
	n=10000 reps=1
fi
watchers="fw-null fw-rec fw-json fw-bpf forkstat"
names=no loads=0 base=''
while getopts n:b:m:r:w:xl:B: opt; do
	case $opt in
	x) names=yes ;;
	l) loads=$OPTARG ;;
	B) base=$OPTARG ;;
	w) watchers=$OPTARG ;;
	n) n=$OPTARG ;;
	b) burst=$OPTARG ;;
	m) mode=$OPTARG ;;
	r) reps=$OPTARG ;;
	*) echo "usage: $0 [-n children] [-b burst] [-m fork|vfork|vm]" \
		"[-r repetitions] [-w watchers] [-x [-l loads] [-B BASEDIR]]" \
		"[BUILDDIR]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $loads in
''|*[!0-9]*) echo "forkwatch.sh: -l $loads: not a number" >&2; exit 2 ;;
esac
if [ "$names" = no ] && { [ "$loads" != 0 ] || [ -n "$base" ]; }; then
	echo "forkwatch.sh: -l and -B go with -x" >&2
	exit 2
fi
if [ -n "$base" ]; then
	dir=$base
	base=$(cd "$dir" 2>/dev/null && pwd) ||
	    { echo "forkwatch.sh: -B $dir: no such directory" >&2; exit 2; }
fi
build=$(cd "${1:-.}" && pwd)
fw=$build/cmd/.libs/forkwatch
[ -x "$fw" ] || fw=$build/cmd/forkwatch
storm=$build/bench/storm
[ -x "$storm" ] || { echo "forkwatch.sh: no $storm; run make" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then
	echo "forkwatch.sh: needs root (the proc connector)" >&2
	exit 1
fi
if ! command -v forkstat >/dev/null; then
	echo "forkwatch.sh: installing forkstat" >&2
	apt-get install -y forkstat >/dev/null ||
	    { echo "forkwatch.sh: cannot install forkstat" >&2; exit 1; }
fi
if grep -q 'fsanitize' "$build/Makefile" 2>/dev/null; then
	echo "forkwatch.sh: warning: sanitizer build; timings are meaningless" >&2
fi
# the libtool wrapper would be a shell: run the real binary
export LD_LIBRARY_PATH="$build/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fks-fw.XXXXXX")
pids=''
cleanup() {
	exec 3>&- 2>/dev/null || true
	for p in $pids; do
		kill -INT "$p" 2>/dev/null || true
		# a background job ignores SIGINT (-x's loop and build)
		kill -TERM "$p" 2>/dev/null || true
	done
	[ -z "${loadpid:-}" ] || kill -TERM "-$loadpid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
	[ -z "${tracefs_mounted:-}" ] || umount "$tracefs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

hz=$(getconf CLK_TCK)
# cpu PID: nanoseconds on a CPU so far (schedstat, else utime + stime)
cpu() {
	if [ -r "/proc/$1/schedstat" ]; then
		cut -d' ' -f1 "/proc/$1/schedstat"
	else
		awk -v hz="$hz" '{ sub(/.*\) /, ""); printf "%.0f\n",
		    ($12 + $13) * 1e9 / hz }' "/proc/$1/stat"
	fi
}
# ustime PID: "utime stime" in ticks
ustime() {
	sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f12,13
}
# sock PID: the inode of its netlink connector socket, empty if none yet
sock() {
	for f in /proc/"$1"/fd/*; do
		l=$(readlink "$f" 2>/dev/null) || continue
		case $l in socket:*) ;; *) continue ;; esac
		i=${l#socket:[}
		i=${i%]}
		if awk -v i="$i" '$2 == 11 && $4 != "00000000" && $10 == i \
		    { f = 1 } END { exit !f }' /proc/net/netlink; then
			echo "$i"
			return
		fi
	done
}
# nl INODE FIELD: a field of the socket's /proc/net/netlink line
# (5: Rmem, bytes queued; 9: Drops, datagrams the kernel dropped)
nl() {
	awk -v i="$1" -v f="$2" '$10 == i { print $f }' /proc/net/netlink
}
# drained: waits until no watcher has anything queued (at most 120 s)
drained() {
	t=0
	while [ $t -lt 6000 ]; do
		busy=0
		for w in $watchers; do
			eval "s=\$sock_$w p=\$pid_$w"
			if [ -z "$s" ]; then
				# no socket (BPF): it runs less than half of
				# 50 ms (a backlog keeps it on a CPU; the
				# rest of the system's events never stop)
				c=$(cpu "$p")
				sleep 0.05
				[ $(($(cpu "$p") - c)) -lt 25000000 ] ||
				    { busy=1; break; }
			else
				[ "$(nl "$s" 5)" = 0 ] || { busy=1; break; }
			fi
		done
		[ $busy = 1 ] || return 0
		sleep 0.02
		t=$((t + 1))
	done
	echo "forkwatch.sh: the watchers did not drain" >&2
}
now() { date +%s%N; }
# snap TAG: every watcher's CPU ns, utime and stime and socket drops
snap() {
	for w in $watchers; do
		eval "p=\$pid_$w s=\$sock_$w"
		eval "cpu$1_$w=$(cpu "$p") drop$1_$w=$([ -z "$s" ] && echo 0 ||
		    nl "$s" 9)"
		eval "ust$1_$w=\"$(ustime "$p")\""
	done
}

# ---- -x: the names of exec'd programs ----
#
# Four watchers start together, each watching the whole system, and see
# three phases in turn:
#   idle   10 s of whatever the machine does (CPU time only)
#   loop   bash runs /bin/true TAG 200 times, one after the other
#   make   make -j2 compiles a tree of 16 small C files (gcc -c each:
#          cc1, then as, each a short-lived exec)
# The watchers:
#   fw-bpf    forkwatch --source=bpf -j -S
#   fw-conn   forkwatch --source=connector -j -S
#   forkstat  forkstat (its default view)
#   bpftrace  the BPF anchor, the one-liner
#             tracepoint:sched:sched_process_exec { printf("%s\n", comm); }
#             with a filter to this run's loop (the parent) and make (the
#             grandparent of as), both started before it, waiting on a
#             FIFO; tracefs is mounted for it when absent (and unmounted
#             after), and `ulimit -l` raised as far as allowed
# TAG is unique to the run (the directory's name), so the counts are of
# this run's execs alone, whatever else runs.  An exec counts as named
# when the watcher showed the exec'd program with its arguments:
# forkwatch's JSON exec event with comm "true" (or "as") and a cmdline
# holding TAG; forkstat's exec line reading "/bin/true TAG" (or "as ...
# TAG"); bpftrace's line "true" (or "as"): its one-liner shows no
# arguments.  forkwatch's execs named without their arguments (the
# connector's, read as zombies, whose cmdline is empty) are shown apart.
# The known counts: 200 trues, 16 as.  CPU: each watcher's schedstat over
# each phase (bpftrace's programs run in the traced tasks, uncounted).
# -l N: N loops beside, each compiling lib/source/proc-source.c twice at
# once, again and again (in a process group of their own, ended with the
# script).  -B BASEDIR: fw-base, BASEDIR's forkwatch run as fw-conn.
exec_bench() {
	nsrc=16
	ws="fwb fwc fs bt"
	if [ -n "$base" ]; then
		fwbase=$base/cmd/.libs/forkwatch
		[ -x "$fwbase" ] || fwbase=$base/cmd/forkwatch
		ws="$ws fwo"
	fi
	if [ "$loads" -gt 0 ]; then
		src=$(cd "$(dirname "$0")/.." && pwd)
		setsid sh -c 'i=0; while [ $i -lt "$1" ]; do
		    (while :; do
			for k in 1 2; do
			    gcc -O2 -I"$2" -I"$3/lib" -c -o "$4/load$i$k.o" \
				"$3/lib/source/proc-source.c" &
			done
			wait
		    done) &
		    i=$((i + 1)); done; wait' load "$loads" "$build" "$src" \
		    "$tmp" >/dev/null 2>&1 &
		loadpid=$!
		sleep 20	# for the load average to show it
	fi
	tracefs=/sys/kernel/tracing
	if ! mountpoint -q "$tracefs"; then
		mount -t tracefs nodev "$tracefs" && tracefs_mounted=yes
	fi
	if ! command -v bpftrace >/dev/null; then
		echo "forkwatch.sh: installing bpftrace" >&2
		apt-get install -y bpftrace >/dev/null ||
		    { echo "forkwatch.sh: cannot install bpftrace" >&2; exit 1; }
	fi
	printf '# %s; %s\n' "$(forkstat -h 2>&1 | head -1 | tr -s ' ')" \
	    "$(bpftrace --version)"
	echo "# machine: $(nproc) CPUs, Linux $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "# $reps repetitions; per run: idle 10 s, 200 execs of /bin/true," \
	    "make -j2 of $nsrc C files; $loads builds beside${base:+; fw-base: $base}"
	printf '\n%-3s %-9s %10s %10s %10s %10s %10s %8s %8s %8s\n' run \
	    watcher idle-ms/s loop-ms make-ms true-named true-noargs \
	    as-named as-noargs loadavg
	rep=1
	while [ "$rep" -le "$reps" ]; do
		d=$tmp/x$rep
		tag=$(basename "$d")-$$
		tree=$d/tree-$tag
		mkdir -p "$tree"
		i=1
		while [ $i -le $nsrc ]; do
			printf 'int f%d(int x) { return x * %d + 1; }\n' $i $i \
			    >"$tree/f$i.c"
			i=$((i + 1))
		done
		# the object's absolute path is in as's arguments: the tag
		printf 'OBJS = %s\nall: $(OBJS)\n%%.o: %%.c\n\tgcc -O2 -c -o $(CURDIR)/$@ $<\n' \
		    "$(cd "$tree" && ls ./*.c | sed 's/\.c$/.o/; s|^\./||' |
		      tr '\n' ' ')" >"$tree/Makefile"
		# the loop and the build wait for their turn on a FIFO each
		mkfifo "$d/loop.go" "$d/make.go"
		bash -c 'read -r x <"$2"; i=0; while [ $i -lt 200 ]; do
		    /bin/true "$1"; i=$((i + 1)); done' loop "$tag" \
		    "$d/loop.go" &
		lp=$!
		sh -c 'read -r x <"$1"; exec make -s -j2 -C "$2" >/dev/null' \
		    make "$d/make.go" "$tree" &
		mp=$!
		pids="$lp $mp"
		"$fw" --source=bpf -v -j -S >"$d/fwb.json" 2>"$d/fwb.err" &
		pid_fwb=$!
		"$fw" --source=connector -j -S >"$d/fwc.json" 2>"$d/fwc.err" &
		pid_fwc=$!
		pid_fwo=''
		if [ -n "$base" ]; then
			LD_LIBRARY_PATH="$base/lib/.libs" "$fwbase" \
			    --source=connector -j -S >"$d/fwo.json" \
			    2>"$d/fwo.err" &
			pid_fwo=$!
		fi
		forkstat >"$d/forkstat.out" 2>"$d/forkstat.err" &
		pid_fs=$!
		(ulimit -l unlimited 2>/dev/null || ulimit -l "$(ulimit -Hl)"
		 exec bpftrace -e 'tracepoint:sched:sched_process_exec
		    /(comm == "true" && curtask->real_parent->tgid == $1) ||
		     (comm == "as" &&
		      curtask->real_parent->real_parent->tgid == $2)/
		    { printf("%s\n", comm); }' "$lp" "$mp") \
		    >"$d/bpftrace.out" 2>"$d/bpftrace.err" &
		pid_bt=$!
		pids="$pids $pid_fwb $pid_fwc $pid_fs $pid_bt $pid_fwo"
		t=0
		# ready: a listener (connector), -v's line (BPF), the probe
		until [ -n "$(sock "$pid_fwc")" ] && [ -n "$(sock "$pid_fs")" ] &&
		    { [ -z "$pid_fwo" ] || [ -n "$(sock "$pid_fwo")" ]; } &&
		    grep -q '^forkwatch: events: the bpf source' "$d/fwb.err" &&
		    grep -q '^Attaching 1 probe' "$d/bpftrace.out"; do
			for p in $pid_fwb $pid_fwc $pid_fs $pid_bt $pid_fwo; do
				kill -0 "$p" 2>/dev/null ||
				    { echo "forkwatch.sh: a watcher failed" >&2
				      cat "$d"/*.err >&2; exit 1; }
			done
			[ $t -lt 600 ] ||
			    { echo "forkwatch.sh: a watcher never started" >&2
			      exit 1; }
			sleep 0.1
			t=$((t + 1))
		done
		sleep 2
		load=$(cut -d' ' -f1 /proc/loadavg)
		for w in $ws; do
			eval "c0_$w=\$(cpu \$pid_$w)"
		done
		t0=$(now)
		sleep 10
		for w in $ws; do
			eval "c1_$w=\$(cpu \$pid_$w)"
		done
		t1=$(now)
		echo go >"$d/loop.go"
		wait $lp
		sleep 1
		for w in $ws; do
			eval "c2_$w=\$(cpu \$pid_$w)"
		done
		echo go >"$d/make.go"
		wait $mp
		sleep 1
		for w in $ws; do
			eval "c3_$w=\$(cpu \$pid_$w)"
		done
		kill -INT "$pid_fwb" "$pid_fwc" "$pid_bt" $pid_fwo
		# forkstat ends on SIGTERM (a background job ignores SIGINT)
		kill -TERM "$pid_fs"
		for p in $pid_fwb $pid_fwc $pid_fs $pid_bt $pid_fwo; do
			wait "$p" || true
		done
		pids=''
		# forkwatch: "named noargs" for program $2 in file $1
		fwc() {
			jq -r --arg t "$tag" --arg p "$2" '
			    select(.event == "exec" and .comm == $p) |
			    if ((.cmdline // []) | join(" ") | contains($t))
			    then "a" else "n" end' "$1" |
			awk '$1 == "a" { a++ } $1 == "n" { n++ }
			    END { printf "%d %d\n", a, n }'
		}
		# a named exec with no arguments may be anyone's: only the
		# loop's (ppid = its bash) are counted for "true", none for as
		fwnoargs() {
			jq -r --argjson l "$lp" --arg t "$tag" '
			    select(.event == "exec" and .comm == "true" and
				   .ppid == $l and
				   ((.cmdline // []) | join(" ") | contains($t) |
				    not)) | .pid' "$1" | wc -l
		}
		ms() { echo "$1 $2" | awk '{ printf "%.1f", ($2 - $1) / 1e6 }'; }
		idle() {
			echo "$1 $2 $t0 $t1" |
			    awk '{ printf "%.2f", ($2 - $1) / 1e6 / (($4 - $3) / 1e9) }'
		}
		row() {	# row NAME KEY true-named true-noargs as-named
			eval "a=\$c0_$2 b=\$c1_$2 c=\$c2_$2 e=\$c3_$2"
			printf '%-3s %-9s %10s %10s %10s %10s %10s %8s %8s %8s\n' \
			    "$rep" "$1" "$(idle "$a" "$b")" "$(ms "$b" "$c")" \
			    "$(ms "$c" "$e")" "$3" "$4" "$5" - "$load"
		}
		for w in fwb fwc ${pid_fwo:+fwo}; do
			set -- $(fwc "$d/$w.json" true) $(fwc "$d/$w.json" as)
			case $w in
			fwb) label=fw-bpf ;;
			fwc) label=fw-conn ;;
			*) label=fw-base ;;
			esac
			row "$label" $w \
			    "$1" "$(fwnoargs "$d/$w.json")" "$3"
		done
		row forkstat fs \
		    "$(grep -c "^[^ ]* exec .*/bin/true $tag" "$d/forkstat.out" ||
		       true)" - \
		    "$(grep -c "^[^ ]* exec .* as .*$tag" "$d/forkstat.out" ||
		       true)"
		row bpftrace bt "$(grep -c '^true$' "$d/bpftrace.out" || true)" \
		    - "$(grep -c '^as$' "$d/bpftrace.out" || true)"
		for w in fwb fwc ${pid_fwo:+fwo}; do
			grep -E '^(lost events|unnamed|process exits)' "$d/$w.err" |
			    sed "s/^/#   $w: /"
		done
		rep=$((rep + 1))
	done
	echo "# of 200 trues and $nsrc as; loadavg at the end:" \
	    "$(cut -d' ' -f1-3 /proc/loadavg)"
}
if [ "$names" = yes ]; then
	exec_bench
	exit 0
fi

for w in $watchers; do
	case $w in
	fw-null|fw-rec|fw-json|fw-bpf|forkstat) ;;
	fw-null-place|fw-bpf-null|fw-bpf-place) ;;
	*) echo "forkwatch.sh: no watcher $w (-w)" >&2; exit 2 ;;
	esac
done
watchers=$(echo "$watchers" | tr - _)

echo "# machine: $(nproc) CPUs, Linux $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# $(forkstat -h 2>&1 | head -1 | tr -s ' ')"
echo "# storm: $n children, bursts of $burst, by $mode; $reps repetitions"
echo "# watchers, together on each storm: $watchers" | tr _ -

: >"$tmp/results"
rep=1
while [ $rep -le "$reps" ]; do
	d=$tmp/$rep
	mkdir "$d"
	mkfifo "$d/go"
	"$storm" -n "$n" -b "$burst" -m "$mode" -p "$d/storm.pids" \
		<"$d/go" >"$d/storm.out" &
	storm_pid=$!
	pids="$storm_pid"
	exec 3>"$d/go"
	for w in $watchers; do
		case $w in
		fw_null) "$fw" --source=connector -S >/dev/null \
			2>"$d/$w.err" 3>&- & ;;
		fw_rec) "$fw" --source=connector -S --record "$d/fw.rec" \
			>/dev/null 2>"$d/$w.err" 3>&- & ;;
		fw_json) "$fw" --source=connector -S -j >"$d/fw.json" \
			2>"$d/$w.err" 3>&- & ;;
		fw_bpf) "$fw" --source=bpf -v -S -j >"$d/fwb.json" \
			2>"$d/$w.err" 3>&- & ;;
		forkstat) forkstat >"$d/forkstat.out" 2>"$d/$w.err" 3>&- & ;;
		fw_null_place) "$fw" --source=connector -S --cgroup=/ \
			>/dev/null 2>"$d/$w.err" 3>&- & ;;
		fw_bpf_null) "$fw" --source=bpf -v -S >/dev/null \
			2>"$d/$w.err" 3>&- & ;;
		fw_bpf_place) "$fw" --source=bpf -v -S --cgroup=/ >/dev/null \
			2>"$d/$w.err" 3>&- & ;;
		esac
		eval "pid_$w=$!"
		pids="$pids $!"
	done
	# each subscribed (a bound connector socket; BPF: -v's line), then
	# idle
	t=0
	for w in $watchers; do
		eval "p=\$pid_$w"
		s=
		while [ -z "$s" ]; do
			if [ "${w#fw_bpf}" != "$w" ] && grep -q \
			    '^forkwatch: events: the bpf source' "$d/$w.err"
			then
				break
			fi
			kill -0 "$p" 2>/dev/null ||
			    { echo "forkwatch.sh: $w failed:" >&2
			      cat "$d/$w.err" >&2; exit 1; }
			[ $t -lt 600 ] ||
			    { echo "forkwatch.sh: $w never listened" >&2
			      exit 1; }
			s=$(sock "$p")
			[ -n "$s" ] || { sleep 0.1; t=$((t + 1)); }
		done
		eval "sock_$w=$s"
	done
	until grep -q '^storm pid' "$d/storm.out"; do sleep 0.1; done
	spid=$(awk '{ print $3; exit }' "$d/storm.out")
	# forkwatch reads /proc once at its start: let that pass, then
	# measure what the rest of the system costs each watcher meanwhile
	# (other jobs fork too), to take it off the storm's figures
	sleep 2
	drained
	snap b
	tb=$(now)
	sleep "$baseline"
	drained
	snap 0
	t0=$(now)
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	echo go >&3
	exec 3>&-
	wait "$storm_pid"
	drained
	sleep 0.1
	snap 1
	t1=$(now)
	load1=$(cut -d' ' -f1-3 /proc/loadavg)
	for w in $watchers; do
		eval "kill -INT \$pid_$w"
	done
	for w in $watchers; do
		eval "wait \$pid_$w" || true
	done
	pids=''
	echo "# run $rep: $(sed -n 2p "$d/storm.out"); loadavg $load0 -> $load1"

	# The storm's events in a JSON stream of forkwatch's:
	# "forks exits unnamed_exits lost"
	json_count() {
		jq -r --argjson s "$spid" '
		    select(.ppid == $s or .event == "lost") |
		    [.event, (.comm // ""), (.lost // 0)] | @tsv' |
		awk -F'\t' '$1 == "fork" { f++ }
		    $1 == "exit" { e++; if ($2 == "") u++ }
		    $1 == "lost" { l += $3 }
		    END { printf "%d %d %d %d\n", f, e, u, l }'
	}
	# the summary's "lost events: N", "process exits: X"; its
	# "unnamed" counts every event, not exits: "-"
	summ() {	# summ FILE: "lost exits - storm_forks"
		awk -v s="$spid" '/^lost events:/ { l = $3 }
		    /^process exits:/ { x = $3 }
		    $2 == s && $1 ~ /^[0-9]+$/ { f = $1 }
		    END { printf "%d %d - %d\n", l, x, f }' "$1"
	}
	fw_json='' fw_rec='' fw_bpf='' forkstat=''
	if [ -f "$d/fw.json" ]; then
		set -- $(json_count <"$d/fw.json")
		fw_json="$1 $2 $3"
	fi
	if [ -f "$d/fwb.json" ]; then
		set -- $(json_count <"$d/fwb.json")
		fw_bpf="$1 $2 $3"
	fi
	if [ -f "$d/fw.rec" ]; then
		set -- $("$fw" -r "$d/fw.rec" -j 2>/dev/null | json_count)
		fw_rec="$1 $2 $3"
	fi
	[ -f "$d/forkstat.out" ] || : >"$d/forkstat.out"
	set -- $(awk -v s="$spid" '
	    FNR == NR { left[$1]++; next }
	    $2 == "fork" && $4 == "parent" && $3 == s { f++ }
	    $2 == "fork" && $4 == "child" && $3 in left && /<unknown>/ { fu++ }
	    $2 == "exit" && left[$3] > 0 && /storm|<unknown>/ {
		left[$3]--; e++; if (/<unknown>/) u++ }
	    END { printf "%d %d %d %d\n", f, e, u, fu }' \
	    "$d/storm.pids" "$d/forkstat.out")
	forkstat="$1 $2 $3"
	[ ! -s "$d/forkstat.out" ] ||
	    echo "#   forkstat: $4 of the storm's fork (child) lines named" \
		"<unknown>"
	for w in $watchers; do
		eval "c=\$((cpu1_$w - cpu0_$w)) dr=\$((drop1_$w - drop0_$w))"
		# the background's CPU over the storm's window, at the rate
		# of the baseline window before it
		eval "bg=\$(((cpu0_$w - cpub_$w) * (t1 - t0) / (t0 - tb)))"
		eval "set -- \$ust0_$w \$ust1_$w"
		us="$(($3 - $1)) $(($4 - $2))"
		case $w in
		forkstat)
			lost=- ; set -- $forkstat
			sx="$1 $2 $3" ;;
		fw_null|fw_null_place|fw_bpf_null|fw_bpf_place)
			set -- $(summ "$d/$w.err")
			lost=$1
			# exits unattributable: the system's counts, marked
			sx="$4 ~$2 $3" ;;
		*)
			set -- $(summ "$d/$w.err")
			lost=$1
			eval "sx=\$$w" ;;
		esac
		echo "$rep $w $c $bg $us $dr $lost $sx" >>"$tmp/results"
	done
	for f in $watchers; do
		[ "$f" != forkstat ] || continue
		grep -q '^lost events: 0 ' "$d/$f.err" ||
		    { echo "#   $f: $(grep '^lost' "$d/$f.err")"; }
	done
	rep=$((rep + 1))
done

# One line per run and watcher, then medians over the runs and the ratios.
# us/event: CPU over the storm's 2N events; "net" after taking off the
# background (the baseline window's rate over the storm's window).
awk -v n="$n" -v hz="$hz" '
function median(w, k,    i, j, t, a, m) {
	m = runs[w]
	for (i = 1; i <= m; i++) a[i] = v[w, k, i]
	for (i = 2; i <= m; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
function label(w,    s) { s = w; gsub(/_/, "-", s); return s }
{
	# rep watcher cpu_ns bg_ns utime stime drops lost forks exits unnamed
	w = $2; r = ++runs[w]
	if (!(w in seen)) { seen[w] = 1; order[++nw] = w }
	ex = $10; sub(/~/, "", ex); un = $11; sub(/~/, "", un)
	v[w, "raw", r] = $3 / 1e3 / (2 * n)
	v[w, "net", r] = ($3 - $4) / 1e3 / (2 * n)
	v[w, "seen", r] = (substr($10, 1, 1) == "~") ? -1 : $9 + $10
	# fw-null: exits of the storm are not told apart; with every loss
	# counted, it handled 2N less what it lost
	sn = v[w, "seen", r] < 0 ? 2 * n - $8 : v[w, "seen", r]
	v[w, "pseen", r] = sn > 0 ? ($3 - $4) / 1e3 / sn : 0
	v[w, "unn", r] = ex > 0 ? 100 * un / ex : 0
	if (NR == 1)
		printf "\n%-3s %-13s %8s %7s %6s %6s %6s %5s %6s %8s %7s %7s %7s\n",
		    "run", "watcher", "cpu(ms)", "bg(ms)", "user", "sys",
		    "drops", "lost", "forks", "exits", "unnamed", "us/ev",
		    "net"
	printf "%-3s %-13s %8.1f %7.1f %6.0f %6.0f %6d %5s %6d %8s %7s %7.2f %7.2f\n",
	    $1, label(w), $3 / 1e6, $4 / 1e6, $5 * 1000 / hz, $6 * 1000 / hz,
	    $7, $8, $9, $10, $11, v[w, "raw", r], v[w, "net", r]
	if ($7 > 0 || ($8 != "-" && $8 > 0)) lossy[w] = 1
}
END {
	printf "\nmedians over %d runs, %d storm events each (2N):\n",
	    runs[order[1]], 2 * n
	printf "%-13s %9s %9s %9s %12s %10s\n", "watcher", "us/event", "net",
	    "net/seen", "seen/2N", "unnamed%"
	for (o = 1; o <= nw; o++) {
		w = order[o]
		raw[w] = median(w, "raw")
		net[w] = median(w, "net")
		s = median(w, "seen")
		ps[w] = median(w, "pseen")
		printf "%-13s %9.3f %9.3f %9.3f %12s %10.3f\n", label(w),
		    raw[w], net[w], ps[w],
		    s < 0 ? "forks only" : sprintf("%.5f", s / (2 * n)),
		    median(w, "unn")
	}
	printf "\nCPU per storm event against forkstat, net (raw; per event" \
	    " seen); target <= 0.5:\n"
	for (o = 1; o <= nw; o++) {
		w = order[o]
		if (w == "forkstat" || !net["forkstat"] || !raw["forkstat"])
			continue
		printf "  %-8s/forkstat = %.3f (%.3f; %.3f)  %s\n", label(w),
		    net[w] / net["forkstat"], raw[w] / raw["forkstat"],
		    ps["forkstat"] ? ps[w] / ps["forkstat"] : 0,
		    net[w] <= 0.5 * net["forkstat"] ? "met" : "MISSED"
	}
	if (net["fw_bpf"] && net["fw_json"])
		printf "CPU per storm event, BPF against the connector, both" \
		    " -j to a file, net (raw): fw-bpf/fw-json = %.3f (%.3f);" \
		    " target <= 1: %s\n", net["fw_bpf"] / net["fw_json"],
		    raw["fw_bpf"] / raw["fw_json"],
		    net["fw_bpf"] <= net["fw_json"] ? "met" : "MISSED"
	if (net["fw_null_place"] && net["fw_null"])
		printf "CPU per storm event, a place filter on against off," \
		    " the connector, net (raw): fw-null-place/fw-null =" \
		    " %.3f (%.3f)\n", net["fw_null_place"] / net["fw_null"],
		    raw["fw_null_place"] / raw["fw_null"]
	if (net["fw_bpf_place"] && net["fw_bpf_null"])
		printf "CPU per storm event, a place filter on against off," \
		    " BPF, net (raw): fw-bpf-place/fw-bpf-null = %.3f" \
		    " (%.3f)\n", net["fw_bpf_place"] / net["fw_bpf_null"],
		    raw["fw_bpf_place"] / raw["fw_bpf_null"]
	printf "lost events (target 0):"
	for (o = 1; o <= nw; o++) {
		w = order[o]
		printf " %s %s", label(w), (w in lossy) ? "SOME" : "none"
	}
	printf "\n"
}' "$tmp/results"
echo "# loadavg at the end: $(cat /proc/loadavg)"
