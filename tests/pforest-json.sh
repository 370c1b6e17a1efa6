#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pforest-json.sh - pforest --json on every snapshot under fixtures/,
# parsed by a real JSON parser (jq) and checked against the text output
# and the snapshot's own files.
#
# For each fixture and each of four runs (the default columns; -T -k; every
# column; every column with -T -k) it checks: the exit status agrees with
# stderr; the document parses; the header; the nesting (a process's
# children name it as their ppid, a thread's tgid is its process's pid,
# threads come first and have no children, no empty "children"); siblings
# in pid order; unique pids; a root's ppid names no shown process unless
# pforest said why (a ppid cycle, its own parent); the number of processes
# and every (pid, ppid) pair equal pforest's text output with the same
# selection; no control character, raw or decoded, in any string; with
# every column, exactly those members with their types (schema 1, pforest(1)
# JSON: numbers in plain units, start also as ISO 8601, comm always a
# string), and pid, ppid and
# state equal the snapshot's stat files; for a snapshot read without a
# message, as many processes and threads as it has directories.  The
# scn-zombie* fixtures' facts (pids from their SCENARIO files) are checked
# as JSON shows them.
#
# It does not judge the text output itself: tests/golden.sh does.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
if ! command -v jq >/dev/null 2>&1; then
	echo "SKIP: jq not installed (setup.sh installs it)"
	exit 77
fi
pforest=$(cd "$top_builddir/cmd" && pwd)/pforest
[ -x "$pforest" ] || { echo "no $pforest: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
export LC_ALL=C.UTF-8 TZ=UTC
cd "$top_srcdir" || exit 99

ALL=pid,ppid,tgid,tid,user,uid,stat,state,start,time,nlwp,pgid,sid,tty,rss
ALL=$ALL,tracer,comm,args,pidns,nspid,cgroup,unit,slice,uunit,container
ALL=$ALL,ruser,ruid,group,gid,ni,pri,rtprio,psr,pcpu,pmem,vsz,etime,etimes
ALL=$ALL,lstart,wchan
pass=0 fail=0

# result LABEL: passes when $tmp/why (what a check found wrong) is empty.
result() {
	if [ -s "$tmp/why" ]; then
		echo "FAIL: $1"
		sed 's/^/    /' "$tmp/why" | head -n 20
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# jq's start-up is most of this test's time, so every jq check of a run
# goes into one program: each check's output lines are tagged "NAME\t"
# ($tmp/jq.out), and checked() takes a check's lines back out.
tag() {
	printf '((%s) | "%s\\t\\(.)"),\n' "$2" "$1"
}

# tagged NAME: the lines check NAME printed.
tagged() {
	sed -n "s/^$1	//p" "$tmp/jq.out"
}

# checked NAME LABEL: the check passes when it printed nothing, jq ran
# and the program reached its end (the count of processes, always there,
# comes after the checks: no silent pass from a program that stopped).
checked() {
	tagged "$1" >"$tmp/why"
	cat "$tmp/jq.err" >>"$tmp/why"
	[ -n "$(tagged nproc)" ] ||
	    echo "(the jq program printed no count)" >>"$tmp/why"
	result "$2"
}

# The value of key $1 in the scenario line of fixture $f.
scn() {
	tr ' ' '\n' <"$f/SCENARIO" | sed -n "s/^$1=//p"
}

# The runs: pforest's options, and which text output (the selection
# without or with -T -k) they are compared with.
run_opts() {
	case $1 in
	1) echo "--json" ;;
	2) echo "-T -k --json" ;;
	3) echo "-o $ALL --json" ;;
	4) echo "-T -k -o $ALL --json" ;;
	esac
}
run_key() {
	case $1 in
	2 | 4) echo tk ;;
	*) echo plain ;;
	esac
}

# Nesting: children under their parent, threads first and childless.
TREE='
(.processes[] | select(.thread) | "root \(.pid) is a thread"),
(.. | objects | select(has("children")) | . as $p |
  (if ($p.children | length) == 0 then "\($p.pid): empty children"
   else empty end),
  (if $p.thread then "thread \($p.pid) has children" else empty end),
  ([$p.children[].thread] | select(. != (sort | reverse)) |
   "\($p.pid): threads not first among its children"),
  ($p.children[] |
    if .thread then
      (if has("tgid") and .tgid != $p.pid then
        "thread \(.pid): tgid \(.tgid), under process \($p.pid)"
       else empty end),
      (if has("ppid") and ($p | has("ppid")) and .ppid != $p.ppid then
        "thread \(.pid): ppid \(.ppid), its process ppid \($p.ppid)"
       else empty end)
    else
      (if .ppid != $p.pid then
        "process \(.pid): ppid \(.ppid), under \($p.pid)"
       else empty end)
    end))'

# Siblings (roots too) in pid order, the default --sort.
ORDER='
(.processes, (.. | objects | select(has("children")) | .children)) |
[.[] | select(.thread | not) | .pid] | select(. != sort) |
"siblings out of pid order: \(.)"'

UNIQUE='
[.. | objects | select(has("thread")) | .pid] | group_by(.) |
.[] | select(length > 1) | "pid \(.[0]) appears \(length) times"'

NPROC='[.. | objects | select(has("thread") and (.thread | not))] | length'
NTHREAD='[.. | objects | select(has("thread") and .thread)] | length'
PAIRS='.. | objects | select(has("thread")) | "\(.pid) \(.ppid // "-")"'

# Roots whose ppid is a shown process: only a broken cycle or a process
# that is its own parent may be one.
ROOTS='
[.. | objects | select(has("thread") and (.thread | not)) | .pid] as $all |
.processes[] | .ppid as $pp | select(any($all[]; . == $pp)) | .pid'

HEADER='
(if (.forkscope | type) != "string" then "forkscope: \(.forkscope)"
 else empty end),
(if .schema != 1 then "schema: \(.schema)" else empty end),
(if .source != "snapshot" then "source: \(.source)" else empty end),
(if (.time | type) != "number" then "time: \(.time)" else empty end),
(if (.processes | type) != "array" then "processes is no array"
 else empty end),
(keys - ["forkscope", "schema", "source", "time", "processes"] |
 select(length > 0) | "unexpected members \(.)")'

# No control character (C0, DEL, C1) nor bidirectional or invisible
# formatting character in any decoded string: JSON escapes such as
# \u001b would be as bad as raw bytes once a consumer prints the value.
DECODED='
.. | strings | select([explode[] | select(. < 32 or
  (. >= 127 and . < 160) or (. >= 8203 and . <= 8207) or
  (. >= 8234 and . <= 8238) or (. >= 8294 and . <= 8297) or
  . == 65279)] | length > 0) | "control character in \(@json)"'

# With every column: exactly those members, typed as the manual says.
DEFS='
def num: type == "number" or type == "null";
def str: type == "string" or type == "null";'
COLUMNS='
["args", "cgroup", "comm", "container", "etime", "etimes", "gid", "group",
 "lstart", "ni", "nlwp", "nspid", "orphan", "pcpu", "pgid", "pid", "pidns",
 "pmem", "ppid", "pri", "psr", "rss", "rtprio", "ruid", "ruser", "sid",
 "slice", "start", "start_iso", "stat", "state", "tgid", "thread", "tid",
 "time", "tracer", "tty", "uid", "unit", "user", "uunit", "vsz", "wchan",
 "zombie"] as $want |
.. | objects | select(has("thread")) |
(select((keys - ["children"]) != $want) |
 "\(.pid): members \(keys - ["children"])"),
(select((.pid | type) != "number" or (.thread | type) != "boolean" or
        (.zombie | type) != "boolean" or (.orphan | type) != "boolean") |
 "\(.pid): pid, thread, zombie or orphan badly typed"),
(select((.comm | type) != "string") | "\(.pid): comm \(.comm)"),
(select([.ppid, .tgid, .tid, .uid, .nlwp, .pgid, .sid, .rss, .tracer,
         .start, .time, .pidns, .nspid, .ruid, .gid, .ni, .pri, .rtprio,
         .psr, .pcpu, .pmem, .vsz, .etime, .etimes, .lstart] |
        all(num) | not) | "\(.pid): a numeric column is not a number"),
(select([.user, .stat, .state, .tty, .args, .start_iso, .cgroup, .unit,
         .slice, .uunit, .container, .ruser, .group, .wchan] |
        all(str) | not) | "\(.pid): a text column is not a string"),
(select(.state != null and (.state | length) != 1) |
 "\(.pid): state \(.state) is not one letter"),
(select(.start != null and .lstart != .start) |
 "\(.pid): start \(.start), lstart \(.lstart)"),
(select(.start != null and (.start | todate) != .start_iso) |
 "\(.pid): start \(.start) is not start_iso \(.start_iso)"),
(select(.start == null and .start_iso != null) |
 "\(.pid): start_iso without start"),
(select(.rss != null and .rss % 1024 != 0) |
 "\(.pid): rss \(.rss) is no whole KiB in bytes"),
(select(.zombie and (.args != "" and .args != null)) |
 "\(.pid): a zombie with args \(.args)"),
(select(.tid != null and .tid != .pid) | "\(.pid): tid \(.tid)"),
(select(.thread | not) | select(.tgid != null and .tgid != .pid) |
 "process \(.pid): tgid \(.tgid)"),
(select(.stat != null and .state != null and .stat[0:1] != .state) |
 "\(.pid): stat \(.stat) but state \(.state)")'

# pid, ppid and state as JSON shows them, for every process and thread.
TRIPLES='
.. | objects | select(has("thread")) |
"\(.pid) \(.ppid // "-") \(.state // "-") \(.tgid // "-")"'

# "state ppid" of a stat file, comm skipped: the lines joined (a comm may
# hold a newline), then split at the last ") " (it may hold ") " too).
stat_state_ppid() {
	LC_ALL=C sed -n 'H;${x;s/.*) //;s/^\([^ ]*\) \([^ ]*\) .*/\1 \2/p;}' \
	    "$1"
}

# The scn-zombie* fixtures' facts, pids from SCENARIO ($z, $p, $t, $kids):
# the zombie is shown once, marked, stat Z, its parent's only child.
ZOMBIE='
[.. | objects | select(has("thread"))] as $all |
($all | map(select(.pid == $z))) as $zs |
if ($zs | length) != 1 then "zombie \($z) shown \($zs | length) times"
else $zs[0] |
  (select(.zombie != true) | "zombie \($z): zombie \(.zombie)"),
  (select(.stat != "Z") | "zombie \($z): stat \(.stat)"),
  (select(has("state") and .state != "Z") | "zombie \($z): state \(.state)"),
  (select(.ppid != $p) | "zombie \($z): ppid \(.ppid)")
end,
($all[] | select(.pid == $p) | select([.children[]? | .pid] != [$z]) |
 "parent \($p): children \([.children[]? | .pid])"),
($all[] | select(.zombie and .pid != $z) | "\(.pid) is marked a zombie too")'

# Twenty zombie children under a parent that is none.
FARM='
.. | objects | select(has("thread") and .pid == $p) |
(select(.zombie) | "parent \($p) marked a zombie"),
([.children[]? | select(.thread | not)] |
 (select(map(.pid) != $kids) | "children \(map(.pid)), want \($kids)"),
 (.[] | select(.zombie != true or .stat != "Z") |
  "child \(.pid): zombie \(.zombie), stat \(.stat)"))'

# The leader's stat says Z, yet the process lives: no zombie mark; with -T
# its one thread under it.
LEADER='
[.. | objects | select(has("thread"))] as $all |
($all[] | select(.pid == $p) |
 (select(.zombie or .thread) | "\($p): zombie \(.zombie), thread \(.thread)"),
 (select(.stat[0:1] != "Z") | "\($p): stat \(.stat)"),
 (select($threads and ([.children[]? | select(.thread) | .pid] != [$t])) |
  "\($p): threads \([.children[]? | .pid])")),
($all[] | select(.pid == $t) |
 (select(.thread != true or .zombie) |
  "\($t): thread \(.thread), zombie \(.zombie)"),
 (select(has("tgid") and .tgid != $p) | "\($t): tgid \(.tgid)")),
(select($threads and ([$all[] | select(.pid == $t)] | length) != 1) |
 "thread \($t) not shown once")'

nfix=0
for f in fixtures/*/; do
	f=${f%/}
	[ -e "$f/forkscope-snapshot" ] || continue
	nfix=$((nfix + 1))
	z=0 p=0 t=0 kids=[] facts=""
	case ${f##*/} in
	scn-zombie)
		z=$(scn zombie) p=$(scn parent)
		facts=$(tag zombie "$ZOMBIE")
		;;
	scn-zombie-farm)
		p=$(scn parent) kids="[$(scn children)]"
		facts=$(tag zombie "$FARM")
		;;
	scn-zombie-leader)
		p=$(scn pid) t=$(scn thread)
		facts=$(tag zombie "$LEADER")
		;;
	esac
	# the text output the runs are compared with: the processes shown
	# without and with -k, and "pid ppid" of every row without and with
	# -T -k (pid and ppid come before the tree column, comm)
	"$pforest" --proc-root "$f" --no-headers -o pid 2>/dev/null |
	    wc -l >"$tmp/n.plain"
	"$pforest" --proc-root "$f" -k --no-headers -o pid 2>/dev/null |
	    wc -l >"$tmp/n.tk"
	"$pforest" --proc-root "$f" --no-headers -o pid,ppid,comm \
	    2>/dev/null | awk '{ print $1, $2 }' | sort >"$tmp/pairs.plain"
	"$pforest" --proc-root "$f" -T -k --no-headers -o pid,ppid,comm \
	    2>/dev/null | awk '{ print $1, $2 }' | sort >"$tmp/pairs.tk"
	for r in 1 2 3 4; do
		opts=$(run_opts $r)
		key=$(run_key $r)
		case $key in tk) threads=true ;; *) threads=false ;; esac
		case $r in 3 | 4) allcols=true ;; *) allcols=false ;; esac
		label="$f $opts"
		# shellcheck disable=SC2086
		"$pforest" --proc-root "$f" $opts >"$tmp/json" 2>"$tmp/err"
		rc=$?

		# exit 1 exactly when there is a problem to report
		: >"$tmp/why"
		if [ $rc = 0 ] && [ -s "$tmp/err" ]; then
			echo "exit 0 with messages:" >"$tmp/why"
			cat "$tmp/err" >>"$tmp/why"
		elif [ $rc = 1 ] && ! [ -s "$tmp/err" ]; then
			echo "exit 1 without a message" >"$tmp/why"
		elif [ $rc != 0 ] && [ $rc != 1 ]; then
			echo "exit $rc" >"$tmp/why"
			cat "$tmp/err" >>"$tmp/why"
		fi
		result "$label: exit status"

		# one object, nothing after it (jq 1.6 -e passes empty input)
		if ! jq -s -e 'length == 1 and (.[0] | type) == "object"' \
		    "$tmp/json" >/dev/null 2>"$tmp/why"; then
			[ -s "$tmp/why" ] ||
			    echo "not one JSON object" >"$tmp/why"
			result "$label: a valid JSON document"
			continue
		fi
		result "$label: a valid JSON document"

		# every jq check and the facts the shell compares, at once
		jq -r --argjson z "$z" --argjson p "$p" --argjson t "$t" \
		    --argjson kids "$kids" --argjson threads "$threads" \
		    --argjson allcols "$allcols" "$DEFS
		$(tag header "$HEADER")
		$(tag tree "$TREE")
		$(tag order "$ORDER")
		$(tag unique "$UNIQUE")
		$(tag decoded "$DECODED")
		$(tag columns "if \$allcols then $COLUMNS else empty end")
		$(tag nproc "$NPROC")
		$(tag nthread "$NTHREAD")
		$(tag pair "$PAIRS")
		$(tag root "$ROOTS")
		$(tag triple "$TRIPLES")
		$facts
		empty" "$tmp/json" >"$tmp/jq.out" 2>"$tmp/jq.err" ||
		    echo "(jq failed)" >>"$tmp/jq.err"

		checked header "$label: header"
		checked tree "$label: children under their parent"
		checked order "$label: siblings in pid order"
		checked unique "$label: pids unique"
		checked decoded "$label: no control character in a value"
		[ -z "$facts" ] ||
		    checked zombie "$label: the scenario's zombie"

		: >"$tmp/why"
		tagged root | while read -r pid; do
			grep -Eq \
			    "(process $pid is its own parent|broken at $pid,)" \
			    "$tmp/err" || echo "root $pid has a shown parent"
		done >"$tmp/why"
		result "$label: roots"

		# the same processes as the text output with the same
		# selection
		n_text=$(cat "$tmp/n.$key")
		n_json=$(tagged nproc)
		: >"$tmp/why"
		[ "$n_json" = "$n_text" ] ||
		    echo "$n_json processes, text shows $n_text" >"$tmp/why"
		result "$label: number of processes"

		tagged pair | sort >"$tmp/pairs"
		diff "$tmp/pairs.$key" "$tmp/pairs" >"$tmp/why"
		result "$label: pid and ppid as in the text output"

		# raw bytes: as tests/golden.sh checks terminal output
		: >"$tmp/why"
		if tr -d '\n' <"$tmp/json" |
		    LC_ALL=C grep -aqP '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]'; then
			echo "a raw control byte in the document" >"$tmp/why"
		fi
		result "$label: no raw control byte"

		$allcols &&
		    checked columns "$label: the columns' members and types"
		# pid, ppid, state against the snapshot's stat files: every
		# task is in run 4 (run 3's are a subset)
		if [ $r = 4 ]; then
			tagged triple | while read -r pid ppid state tgid; do
				s=$f/$tgid/task/$pid/stat
				[ -e "$s" ] || s=$f/$pid/stat
				want=$(stat_state_ppid "$s")
				[ "$state $ppid" = "$want" ] ||
				    echo "$pid: state ppid '$state $ppid'," \
					"$s says '$want'"
			done >"$tmp/why"
			result "$label: pid, ppid, state as the stat files say"
		fi

		# a snapshot read without a message: every process directory
		# is a process, every other task/ entry a thread
		if $threads && ! [ -s "$tmp/err" ]; then
			nd=0 nt=0
			for d in "$f"/[0-9]*/; do
				nd=$((nd + 1))
				[ -d "$d/task" ] || continue
				nt=$((nt + $(ls "$d/task" | wc -l) - 1))
			done
			: >"$tmp/why"
			[ "$(tagged nproc)" = $nd ] ||
			    echo "$(tagged nproc) processes," \
				"$nd directories" >"$tmp/why"
			[ "$(tagged nthread)" = $nt ] ||
			    echo "$(tagged nthread) threads," \
				"$nt task/ entries" >>"$tmp/why"
			result "$label: every directory read"
		fi
	done
done

echo "pforest-json: $nfix fixtures; $pass passed, $fail failed"
[ $nfix -gt 0 ] && [ $pass -gt 0 ] && [ $fail = 0 ]
