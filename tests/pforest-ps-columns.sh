#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pforest-ps-columns.sh - every ps column pforest has, value for value
# against procps ps: on each scn-* snapshot and on the live /proc, as root
# and as the test user.
#
# Snapshots: ps is shown the snapshot as /proc (a mount and pid namespace,
# as in pforest-ps.sh), with a meminfo added where the snapshot has none
# (older ones), so %MEM has a base, and this machine's cpuinfo (which ps
# reads with stat for its boot time); every row must be equal, the columns
# that move with time too (both read the snapshot's uptime).  User and
# group names are left out there: ps names them from this machine,
# pforest from the snapshot.
#
# --sort=KEYS on the snapshots gives the pids in ps --sort's order.
#
# rss, pmem and stat are among them, as everywhere: both read status's
# VmRSS and VmLck (STAT's L).  A process with a page locked (the mlock
# scenario, started by root and by the test user) must show L in both,
# live, seen by root and by the test user.
#
# Live: ps, pforest, ps again.  A value the same in both ps runs must be
# pforest's (a pid whose row differs in 3 samples running fails); a column that moves with time must lie between the two ps
# runs: etimes and etime within [first run - 1, second run + 1] (each run
# cuts to whole seconds), and, for a process 10 seconds old or more (a
# younger one's share swings by whole per cents between runs), pcpu
# within 0.15 of the two runs' range (each cuts to tenths).
#
# ps cuts a user or group name longer than its column ("fks-tes+") and a
# wchan to 6 characters in any column but the last; pforest shows them
# whole (pforest(1)), so its rows are cut so before the comparison.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/psdiff.sh"
need awk join
pforest=$(cd "$top_builddir/cmd" && pwd)/pforest
[ -x "$pforest" ] || { echo "no $pforest: build it first"; exit 99; }
locker=$(cd "$top_builddir/tests/scenarios" && pwd)/mlock
[ -x "$locker" ] || { echo "no $locker: build it first"; exit 99; }
. "$top_srcdir/tests/scenario.sh"
scenario_setup
cd "$top_srcdir" || exit 99

# the columns compared exactly (pid first: the join key)
snapcols=pid,ppid,pgid,sid,tgid,nlwp,tty,ruid,euid,gid,ni,pri,rtprio,psr
snapcols=$snapcols,vsz,rss,pmem,stat,time,etime,etimes,pcpu,lstart,wchan
livecols=pid,ppid,ni,pri,rtprio,vsz,ruser,ruid,euser,euid,group,gid,rss,pmem
livecols=$livecols,stat,lstart
# (start and stime live alone: ps judges "within a day" from its own
# now, pforest from the data's moment, a snapshot's capture)
livecols=$livecols,start,stime,start_time,wchan

# -- snapshots (root: the namespaces) --------------------------------------
if [ "$(id -u)" = 0 ] && unshare -m -p -f true 2>/dev/null; then
	for f in fixtures/scn-*/; do
		f=${f%/}
		[ -e "$f/forkscope-snapshot" ] || continue
		snap=$tmp/snap
		rm -rf "$snap"
		cp -R "$f" "$snap" || exit 99
		ln -s "$(cd "$snap" && ls -d [0-9]* | sort -n | head -n 1)" \
		    "$snap/self"
		[ -e "$snap/meminfo" ] ||
		    printf 'MemTotal:        2000000 kB\n' >"$snap/meminfo"
		# ps's boot time comes through procps_stat_new(), which
		# wants cpuinfo beside stat (only its CPU topology)
		cat /proc/cpuinfo >"$snap/cpuinfo"
		unshare -m -p -f sh -c 'mount --bind "$1" /proc &&
		    exec ps -e -o "$2" --no-headers' sh "$snap" "$snapcols" \
		    >"$tmp/ps.raw" 2>"$tmp/ps.err" || {
			bad "$f: ps failed: $(cat "$tmp/ps.err")"
			continue
		}
		"$pforest" --proc-root "$snap" -k --flat --no-headers -w \
		    -o "$snapcols" >"$tmp/pf.raw" 2>"$tmp/pf.err" || {
			bad "$f: pforest failed: $(cat "$tmp/pf.err")"
			continue
		}
		for w in ps pf; do
			awk '{ $1 = $1; print }' "$tmp/$w.raw" | sort >"$tmp/$w"
		done
		n=$(wc -l <"$tmp/pf")
		if [ "$n" -gt 0 ] && cmp -s "$tmp/ps" "$tmp/pf"; then
			ok
		else
			bad "$f: $snapcols differ (< ps, > pforest):"
			diff "$tmp/ps" "$tmp/pf"
		fi
		# --sort as ps --sort: the same pids in the same order
		for keys in -vsz,pid +ni,-etimes,-pid comm,pid -time,-pid \
		    -pcpu,+ppid,pid tgid; do
			unshare -m -p -f sh -c 'mount --bind "$1" /proc &&
			    exec ps -e --sort="$2" -o pid=' sh "$snap" "$keys" |
			    awk '{ print $1 }' >"$tmp/ps.sort"
			"$pforest" --proc-root "$snap" -k --flat --no-headers \
			    --sort="$keys" -o pid | awk '{ print $1 }' \
			    >"$tmp/pf.sort"
			if [ -s "$tmp/pf.sort" ] &&
			    cmp -s "$tmp/ps.sort" "$tmp/pf.sort"; then
				ok
			else
				bad "$f: --sort=$keys: not ps's order" \
				    "(< ps, > pforest):"
				diff "$tmp/ps.sort" "$tmp/pf.sort"
			fi
		done
	done
else
	echo "note: not root or no namespaces: snapshots not compared"
fi

# -- live --------------------------------------------------------------------

# seconds of an etime [[DD-]HH:]MM:SS
secs='function secs(s,  d, n, a, i, v) {
	d = 0
	if (index(s, "-")) { d = substr(s, 1, index(s, "-") - 1)
			     s = substr(s, index(s, "-") + 1) }
	n = split(s, a, ":"); v = 0
	for (i = 1; i <= n; i++) v = v * 60 + a[i]
	return d * 86400 + v
}'

# live RUN...: one comparison with RUN as the prefix of each command
live() {
	who=$1
	shift
	# a row ps showed the same twice but pforest not: a disagreement
	# only when it persists in 3 samples (a wchan may change and change
	# back between the runs)
	tries=0
	while :; do
		"$@" ps -e -o "$livecols" --no-headers >"$tmp/a1" 2>&1
		"$@" "$pforest" -k --flat --no-headers -w -o "$livecols" \
		    >"$tmp/pf" 2>&1
		"$@" ps -e -o "$livecols" --no-headers >"$tmp/a2" 2>&1
		for w in a1 a2; do
			awk '{ $1 = $1; print }' "$tmp/$w" | sort >"$tmp/$w.s"
		done
		# ruser, euser, group: fields 7, 9, 11 (wchan is last)
		awk '{ $1 = $1; for (i = 7; i <= 11; i += 2)
			if (length($i) > 8) $i = substr($i, 1, 7) "+"
		       print }' "$tmp/pf" |
		    sort >"$tmp/pf.s"
		comm -12 "$tmp/a1.s" "$tmp/a2.s" >"$tmp/stable"
		comm -23 "$tmp/stable" "$tmp/pf.s" >"$tmp/missing"
		n=$(wc -l <"$tmp/stable")
		awk '{ print $1 }' "$tmp/missing" | sort >"$tmp/miss.$tries"
		if [ $tries = 0 ]; then
			cp "$tmp/miss.0" "$tmp/persist"
		else
			comm -12 "$tmp/persist" "$tmp/miss.$tries" \
			    >"$tmp/persist.new"
			mv "$tmp/persist.new" "$tmp/persist"
		fi
		[ -s "$tmp/persist" ] || break
		tries=$((tries + 1))
		[ $tries -lt 3 ] || break
	done
	if [ "$n" -ge 20 ] && ! [ -s "$tmp/persist" ]; then
		ok
	else
		bad "$who: $n stable rows; ps's, not pforest's, 3 times:"
		head -n 5 "$tmp/missing"
	fi

	# the columns that move with time, within the two ps runs
	tcols=pid,etimes,etime,pcpu
	"$@" ps -e -o $tcols --no-headers >"$tmp/t1"
	"$@" "$pforest" -k --flat --no-headers -o $tcols >"$tmp/tp"
	"$@" ps -e -o $tcols --no-headers >"$tmp/t2"
	for w in t1 t2 tp; do
		awk '{ $1 = $1; print }' "$tmp/$w" | sort -k1,1 >"$tmp/$w.s"
	done
	join "$tmp/t1.s" "$tmp/t2.s" | join - "$tmp/tp.s" |
	    awk "$secs"'
	    # ps wraps the elapsed time of a process born after it read the
	    # uptime (an unsigned difference: 4123168608 s); such a row,
	    # older in the first run than in the second, is no measure
	    $2 > $5 { next }
	    { n++
	      if ($8 < $2 - 1 || $8 > $5 + 1) { print "etimes", $0; bad++ }
	      if (secs($9) < secs($3) - 1 || secs($9) > secs($6) + 1) {
		      print "etime", $0; bad++ }
	      lo = $4 < $7 ? $4 : $7; hi = $4 < $7 ? $7 : $4
	      if ($2 >= 10 && ($10 < lo - 0.15 || $10 > hi + 0.15)) {
		      print "pcpu", $0; bad++ } }
	    END { if (n < 20) print "only", n, "rows"; exit (bad || n < 20) }' \
	    >"$tmp/why"
	if [ $? = 0 ]; then
		ok
	else
		bad "$who: etimes, etime, pcpu out of bounds" \
		    "(ps, ps again, pforest):"
		head -n 5 "$tmp/why"
	fi
}

# locked RUN...: each locker's STAT has L in ps's, and pforest's is the
# same, through each source
locked() {
	who=$1
	shift
	for p in $lockers; do
		want=$("$@" ps -o stat= -p "$p" | tr -d ' ')
		case $want in
		*L*) ;;
		*)	bad "$who: ps shows no L for the locker $p: '$want'"
			continue ;;
		esac
		for src in auto proc; do
			got=$("$@" "$pforest" --source=$src --flat --no-headers \
			    -o stat -p "$p" | tr -d ' ')
			if [ "$got" = "$want" ]; then
				ok
			else
				bad "$who, --source=$src: the locker $p:" \
				    "ps '$want', pforest '$got'"
			fi
		done
	done
}

# a page locked by root, and by the test user where its RLIMIT_MEMLOCK
# allows one
scenario_start 3 "$locker"
lockers=$(scenario_key pid)
[ "$(scenario_key locked)" -gt 0 ] ||
	bad "root could not lock a page (errno $(scenario_key errno))"
user=
if [ "$(id -u)" = 0 ]; then
	. "$top_srcdir/tests/testuser.sh"
	testuser_init
	if [ -n "${asuser:-}" ] && asuser_can_run "$pforest"; then
		user=yes
		scenario_start_as 4 "$locker"
		if [ "$(scenario_key locked)" -gt 0 ]; then
			lockers="$lockers $(scenario_key pid)"
		else
			# shellcheck disable=SC2086
			echo "note: the test user may not lock a page" \
			    "(RLIMIT_MEMLOCK $($asuser sh -c 'ulimit -l') KiB," \
			    "errno $(scenario_key errno)): its locker not checked"
		fi
	else
		echo "note: no test user, or it cannot run $pforest"
	fi
fi

live "live, as $(id -un)"
locked "live, as $(id -un)"
if [ -n "$user" ]; then
	# shellcheck disable=SC2086
	live "live, as the test user" $asuser
	# shellcheck disable=SC2086
	locked "live, as the test user" $asuser
fi

# -- what a column reads per task (--source=proc: the BPF source reads no
# file per task for these): pid,pcpu,etime stat alone (uptime once); rss
# and pmem statm too, stat status (VmLck), but for kernel threads
if command -v strace >/dev/null 2>&1; then
	run=
	[ -x "$top_builddir/libtool" ] &&
	    run="$top_builddir/libtool --mode=execute"
	for c in pid,pcpu,etime:stat pid,rss,pmem:stat,statm \
	    pid,stat:stat,status; do
		cols=${c%%:*}
		# LeakSanitizer cannot run under ptrace (a sanitizer build)
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		    $run strace -f -e trace=openat,openat2,open \
		    -o "$tmp/trace" "$pforest" --source=proc -o "$cols" \
		    --flat >/dev/null
		# the files opened under /proc, pids as N
		sed -n 's|.*"/proc/\([^"]*\)".*|\1|p; s|.*openat([0-9][0-9]*, "\([^"]*\)".*|\1|p' \
		    "$tmp/trace" | sed 's/[0-9][0-9]*/N/g' |
		    sort | uniq -c >"$tmp/opened"
		# a task's files are N/...; self/ is the sanitizer runtime's
		sed -n 's|^ *[0-9]* N/||p' "$tmp/opened" | tr '\n' , |
		    sed 's/,$//' >"$tmp/files"
		if [ "$(cat "$tmp/files")" = "${c#*:}" ]; then
			ok
		else
			bad "-o $cols opened N/$(cat "$tmp/files") per task," \
			    "not ${c#*:}"
		fi
	done
else
	echo "note: no strace: the files read are not checked"
fi

finish pforest-ps-columns
