#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-prom.sh - reapcheck --prometheus against the text exposition
# format, on every fixture, on made-up snapshots with hostile parent
# names, and on the live /proc; and -o FILE's atomic write.
#
# Format: promtool check metrics when installed (Debian: prometheus), and
# always a strict awk reader: every sample is `name value` or
# `name{label="value",...} value` with a valid metric and label name, a
# label value quoted with only \\ \" \n escapes, a plain number and no
# timestamp; HELP (with only \\ \n escapes) and TYPE once per family,
# before its first sample; families not interleaved; no duplicate series.
# Content: forkscope_zombies, _orphans, _zombie_oldest_age_seconds,
# _zombie_parents and _processes always present and equal to what
# --json says (jq); the _by_parent series sum to their totals, name the
# same parents with the same counts, and stay within --max-labels + 1.
# Live, a value is compared only when two --json runs around the
# Prometheus run agree on it (other processes come and go).
# -o FILE: only a regular file is replaced (a symlink, FIFO or device
# is refused and left as it was); -o - is stdout.
# -o FILE: the file is complete (equal to stdout), mode 0644 whatever the
# umask, replaces an old one, leaves no temp file; a write that cannot
# happen (no such directory, /proc/self, a directory as the target, a
# read-only directory when not root) exits 1 and leaves no file.
# Needs jq; the live part starts tests/scenarios/zombie (make check).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
if ! command -v jq >/dev/null 2>&1; then
	echo "SKIP: no jq"
	exit 77
fi
reapcheck=$(cd "$top_builddir/cmd" && pwd)/reapcheck
fixtures=$(cd "$top_srcdir/fixtures" && pwd)
zombie=$(cd "$top_builddir/tests/scenarios" 2>/dev/null && pwd)/zombie
[ -x "$reapcheck" ] || { echo "no $reapcheck: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
export LC_ALL=C TZ=UTC

zpid=""
cleanup() {
	exec 3>&-
	[ -z "$zpid" ] || kill -TERM "$zpid" 2>/dev/null
	{ wait; } 2>/dev/null
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap "cleanup 2>/dev/null" EXIT
trap 'exit 1' HUP INT TERM

. "$top_srcdir/tests/tally.sh"
. "$top_srcdir/tests/scenario.sh"

if command -v promtool >/dev/null 2>&1; then
	promtool=promtool
else
	promtool=""
	echo "note: no promtool (Debian: apt-get install prometheus);" \
	    "the awk reader only"
fi

# The strict reader.  Prints "ERR line: why" for each problem, then
# "VAL name value" for each unlabelled sample and
# "SER name<TAB>label value, unescaped<TAB>value" for each labelled one.
cat >"$tmp/check.awk" <<'EOF'
function err(why) { print "ERR line " NR ": " why ": " $0; bad = 1 }
function family_of(n) {
	# histogram/summary suffixes are not used here: a family is its name
	return n
}
function start_family(f) {
	if (f != cur) {
		if (f in done)
			err("family " f " interleaved with another")
		if (cur != "")
			done[cur] = 1
		cur = f
	}
}
BEGIN { cur = ""; metric_re = "^[a-zA-Z_:][a-zA-Z0-9_:]*"
	label_re = "^[a-zA-Z_][a-zA-Z0-9_]*"
	num_re = "^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$" }
/^$/ { err("empty line"); next }
/^#/ {
	if ($0 ~ /^# (HELP|TYPE) /) {
		kw = $2
		rest = substr($0, length("# " kw " ") + 1)
		if (!match(rest, metric_re)) { err("bad metric name"); next }
		name = substr(rest, 1, RLENGTH)
		text = substr(rest, RLENGTH + 1)
		if (text != "" && substr(text, 1, 1) != " ") {
			err("bad metric name"); next
		}
		text = substr(text, 2)
		if (name in sampled)
			err(kw " after a sample of " name)
		start_family(name)
		if (kw == "HELP") {
			if (name in help) err("second HELP for " name)
			help[name] = 1
			t = text
			while ((i = index(t, "\\")) > 0) {
				c = substr(t, i + 1, 1)
				if (c != "\\" && c != "n")
					err("bad escape \\" c " in HELP")
				t = substr(t, i + 2)
			}
		} else {
			if (name in type) err("second TYPE for " name)
			if (text !~ /^(counter|gauge|histogram|summary|untyped)$/)
				err("bad TYPE '" text "'")
			type[name] = text
		}
	}
	next
}
{
	line = $0
	if (!match(line, metric_re)) { err("bad metric name"); next }
	name = substr(line, 1, RLENGTH)
	line = substr(line, RLENGTH + 1)
	f = family_of(name)
	start_family(f)
	if (!(f in help)) err("no HELP before the first sample of " name)
	if (!(f in type)) err("no TYPE before the first sample of " name)
	sampled[f] = 1
	key = name; raw = ""; nl = 0
	split("", seen)
	if (substr(line, 1, 1) == "{") {
		line = substr(line, 2)
		for (;;) {
			if (substr(line, 1, 1) == "}") { line = substr(line, 2); break }
			if (!match(line, label_re)) { err("bad label name"); next }
			ln = substr(line, 1, RLENGTH)
			if (ln ~ /^__/) err("reserved label name " ln)
			if (ln in seen) err("label " ln " twice")
			seen[ln] = 1
			line = substr(line, RLENGTH + 1)
			if (substr(line, 1, 2) != "=\"") { err("label " ln " not =\"...\""); next }
			line = substr(line, 3)
			v = ""
			for (;;) {
				c = substr(line, 1, 1)
				if (c == "") { err("unterminated label value"); next }
				line = substr(line, 2)
				if (c == "\"") break
				if (c == "\\") {
					c = substr(line, 1, 1)
					line = substr(line, 2)
					if (c == "n") c = "\n"
					else if (c != "\\" && c != "\"") {
						err("bad escape \\" c " in a label value")
						next
					}
				}
				v = v c
			}
			nl++
			lab[nl] = ln "=" v
			if (ln == "parent_comm" || ln == "container" ||
			    ln == "unit") raw = v
			c = substr(line, 1, 1)
			if (c == ",") line = substr(line, 2)
			else if (c != "}") { err("junk after a label value"); next }
		}
		# the series key: labels in name order
		for (i = 2; i <= nl; i++)
			for (j = i; j > 1 && lab[j - 1] > lab[j]; j--) {
				t = lab[j]; lab[j] = lab[j - 1]; lab[j - 1] = t
			}
		for (i = 1; i <= nl; i++) key = key SUBSEP lab[i]
	}
	if (substr(line, 1, 1) != " ") { err("no single space before the value"); next }
	value = substr(line, 2)
	if (value ~ / /) { err("more than a value (a timestamp?)"); next }
	if (value !~ num_re && value !~ /^(NaN|[-+]Inf)$/) {
		err("bad value '" value "'"); next
	}
	if (key in series) err("duplicate series")
	series[key] = 1
	if (nl == 0) print "VAL", name, value
	else print "SER " name "\t" raw "\t" value
}
END { if (cur != "") done[cur] = 1 }
EOF

# check_prom NAME FILE: promtool and the awk reader; leaves the reader's
# output in $tmp/NAME.read.  0 when the format is right.
check_prom() {
	rc=0
	if [ -n "$promtool" ] && ! promtool check metrics <"$2" \
	    >"$tmp/$1.promtool" 2>&1; then
		echo "    $1: promtool check metrics:"
		sed 's/^/    /' "$tmp/$1.promtool"
		rc=1
	fi
	awk -f "$tmp/check.awk" "$2" >"$tmp/$1.read"
	if grep -q '^ERR ' "$tmp/$1.read"; then
		grep '^ERR ' "$tmp/$1.read" | sed "s/^/    $1: /" | head -n 20
		rc=1
	fi
	return $rc
}

val() {	# val NAME METRIC: an unlabelled value from the reader's output
	awk -v m="$2" '$1 == "VAL" && $2 == m { print $3 }' "$tmp/$1.read"
}

# Counts from one --json file: "metric value" lines, and per parent name,
# container and unit "SER metric<TAB>name<TAB>count" lines (names as
# reapcheck prints them, a missing parent as "(pid N)").
json_vals() {
	jq -r '"forkscope_zombies \(.zombies)",
	    "forkscope_orphans \(.orphans | length)",
	    "forkscope_zombie_parents \(.parents | length)",
	    "forkscope_zombie_oldest_age_seconds \([.oldest_zombie_age_max, 0] | max)",
	    "forkscope_processes \(.processes)"' "$1"
}
json_series() {
	jq -r '.parents as $parents |
	    (.parents | map({k: (.comm // "(pid \(.pid))"),
	    n: (.zombies | length)}) | group_by(.k)[] |
	    "SER forkscope_zombies_by_parent\t\(.[0].k)\t\(map(.n) | add)"),
	    (["container", "unit"][] as $p | $parents |
	    map(select(.[$p] != null) | {k: .[$p], n: (.zombies | length)}) |
	    group_by(.k)[] |
	    "SER forkscope_zombies_by_\($p)\t\(.[0].k)\t\(map(.n) | add)"),
	    (.orphans | map(.new_parent_comm) | group_by(.)[] |
	    "SER forkscope_orphans_by_parent\t\(.[0])\t\(length)")' "$1"
}

# prom_case NAME MAXLABELS ARGS...: format, then content against --json
# run with the same ARGS (a snapshot, so both see the same data).
prom_case() {
	name=$1 max=$2
	shift 2
	"$reapcheck" --prometheus --max-labels="$max" "$@" \
	    >"$tmp/$name.prom" 2>"$tmp/$name.err"
	prc=$?
	# exit 1 is "problems in the data", which the corrupt fixture has,
	# the users fixture (a malformed line in its users file) and
	# huge-values (numbers that overflow once added or multiplied)
	case $prc:$name in
	0:* | 1:corrupt* | 1:users* | 1:huge-values*) ;;
	*)	bad "$name: --prometheus exited $prc: $(cat "$tmp/$name.err")"
		return ;;
	esac
	if check_prom "$name" "$tmp/$name.prom"; then ok; else
		bad "$name: not valid exposition text"
		return
	fi
	"$reapcheck" --json "$@" >"$tmp/$name.json" 2>/dev/null
	json_vals "$tmp/$name.json" >"$tmp/$name.want" || {
		bad "$name: --json does not parse"
		return
	}
	miss=""
	while read -r m want; do
		got=$(val "$name" "$m")
		[ "$got" = "$want" ] || miss="$miss $m=${got:-absent}(json $want)"
	done <"$tmp/$name.want"
	if [ -z "$miss" ]; then ok; else bad "$name: values:$miss"; fi
	for fam in zombies orphans; do
		total=$(val "$name" "forkscope_$fam")
		awk -F '\t' -v m="SER forkscope_${fam}_by_parent" -v t="$total" \
		    -v max="$max" '$1 == m { s += $3; n++ }
		    END { exit !(s == t && n <= max + 1) }' "$tmp/$name.read" ||
		    bad "$name: forkscope_${fam}_by_parent does not sum to" \
			"$total in at most $max + 1 series"
	done
	if [ "$max" -ge 1000 ]; then
		json_series "$tmp/$name.json" | sort >"$tmp/$name.jser"
		grep '^SER ' "$tmp/$name.read" | sort >"$tmp/$name.pser"
		if cmp -s "$tmp/$name.jser" "$tmp/$name.pser"; then ok; else
			bad "$name: per-parent series differ from --json:"
			diff "$tmp/$name.jser" "$tmp/$name.pser" | sed 's/^/    /'
		fi
	fi
}

# -- every fixture, with every name labelled and with at most one
n=0
for dir in "$fixtures"/*/; do
	[ -f "$dir/forkscope-snapshot" ] || continue
	f=$(basename "$dir")
	prom_case "$f" 1000 --proc-root="$dir"
	prom_case "$f-max1" 1 --proc-root="$dir"
	n=$((n + 1))
done
[ $n -ge 10 ] && ok || bad "only $n fixtures found under $fixtures"

# -- made-up snapshots from scn-zombie (parent 13721, zombie 13723)
# set_comm DIR PID NAME: NAME (printf %b) as the comm in PID's stat
set_comm() {
	for s in "$1/$2/stat" "$1/$2/task/$2/stat"; do
		[ -f "$s" ] || continue
		{
			printf '%s (%b) ' "$2" "$3"
			sed 's/.*) //' "$s"
		} >"$s.new" && mv "$s.new" "$s"
	done
}
# a parent name with a quote, a backslash, a newline and an escape byte:
# terminal-escaped first, then \ and " escaped for Prometheus
hostile=$tmp/fx-hostile
cp -R "$fixtures/scn-zombie" "$hostile"
set_comm "$hostile" 13721 'q"u\\o\nt\033'
prom_case hostile 1000 --proc-root="$hostile"
got=$(grep '^forkscope_zombies_by_parent{' "$tmp/hostile.prom")
if [ "$got" = 'forkscope_zombies_by_parent{parent_comm="q\"u\\\\o\\nt\\e"} 1' ]
then ok; else bad "hostile: label line '$got'"; fi

# a second parent named "other" beside one that --max-labels=1 folds
# into "other": two series with the same labels
other=$tmp/fx-other
cp -R "$fixtures/scn-zombie" "$other"
for p in 13731:13721 13733:13723; do
	new=${p%:*} old=${p#*:}
	cp -R "$other/$old" "$other/$new"
	[ -d "$other/$new/task/$old" ] &&
	    mv "$other/$new/task/$old" "$other/$new/task/$new"
	for s in "$other/$new/stat" "$other/$new/task/$new/stat"; do
		[ -f "$s" ] || continue
		sed "s/^$old /$new /; s/) \([A-Z]\) 13721 /) \1 13731 /" "$s" \
		    >"$s.new" && mv "$s.new" "$s"
	done
	for s in "$other/$new/status" "$other/$new/task/$new/status"; do
		[ -f "$s" ] || continue
		sed "s/\t$old\$/\t$new/; s/^PPid:\t13721\$/PPid:\t13731/" \
		    "$s" >"$s.new" && mv "$s.new" "$s"
	done
done
set_comm "$other" 13731 other
"$reapcheck" --prometheus --max-labels=1 --proc-root="$other" \
    >"$tmp/other.prom" 2>/dev/null
# a parent really named "other" joins the folded series: no duplicate
if check_prom other "$tmp/other.prom" >/dev/null; then
	ok
else
	bad "a parent named other beside the folded \"other\" series"
	grep '^forkscope_zombies_by_parent' "$tmp/other.prom" |
	    sed 's/^/    /'
fi
prom_case other-all 1000 --proc-root="$other"

# -- live, with a zombie of our own
if [ -x "$zombie" ] && command -v mkfifo >/dev/null 2>&1; then
	scenario_start 3 "$zombie"
	zpid=$spid
else
	echo "note: no $zombie (make check builds it): live without a zombie"
fi
# /proc moves under the runs: a value the same before and after the
# Prometheus run may still have flickered during it, so try again (at most
# 5 times) until the three runs agree.
attempt=1
while :; do
	"$reapcheck" --json >"$tmp/l1.json" 2>/dev/null
	"$reapcheck" --prometheus --max-labels=1000 >"$tmp/live.prom" \
	    2>"$tmp/live.err"
	lrc=$?
	"$reapcheck" --json >"$tmp/l2.json" 2>/dev/null
	json_vals "$tmp/l1.json" >"$tmp/l1.want"
	json_vals "$tmp/l2.json" >"$tmp/l2.want"
	check_prom live "$tmp/live.prom" >"$tmp/live.check" 2>&1
	prc=$?
	miss="" compared=0
	while read -r m want; do
		grep -qx "$m $want" "$tmp/l2.want" || continue	# changed
		compared=$((compared + 1))
		got=$(val live "$m")
		[ "$got" = "$want" ] ||
		    miss="$miss $m=${got:-absent}(json $want)"
	done <"$tmp/l1.want"
	{ [ -z "$miss" ] && [ "$compared" -gt 0 ]; } || [ $attempt = 5 ] && break
	attempt=$((attempt + 1))
done
if [ $lrc = 0 ] && [ $prc = 0 ]; then ok; else
	bad "live: exit $lrc, or not valid exposition text"
	cat "$tmp/live.err" "$tmp/live.check"
fi
for m in forkscope_zombies forkscope_orphans forkscope_zombie_parents \
    forkscope_zombie_oldest_age_seconds forkscope_processes; do
	[ -n "$(val live $m)" ] || miss="$miss $m absent"
done
if [ -z "$miss" ]; then ok; else bad "live: values:$miss"; fi
echo "live: $compared of 5 values stable around the Prometheus run" \
    "(attempt $attempt)"
if [ -n "$zpid" ]; then
	if grep -q '^SER forkscope_zombies_by_parent	zb-parent	[1-9]' \
	    "$tmp/live.read"; then ok; else
		bad "live: no forkscope_zombies_by_parent{parent_comm=\"zb-parent\"}"
	fi
fi

# -- -o FILE
snap="$fixtures/scn-zombie"
"$reapcheck" --prometheus --proc-root="$snap" >"$tmp/stdout.prom"
mkdir "$tmp/out"
echo "old contents" >"$tmp/out/m.prom"
(umask 077 && "$reapcheck" --prometheus --proc-root="$snap" \
    -o "$tmp/out/m.prom") 2>"$tmp/o.err"
orc=$?
if [ $orc = 0 ] && cmp -s "$tmp/stdout.prom" "$tmp/out/m.prom"; then ok; else
	bad "-o: exit $orc, or the file differs from stdout: $(cat "$tmp/o.err")"
fi
mode=$(stat -c %a "$tmp/out/m.prom" 2>/dev/null)
[ "$mode" = 644 ] && ok || bad "-o under umask 077: mode '$mode', not 644"
left=$(ls -A "$tmp/out")
[ "$left" = m.prom ] && ok || bad "-o: the directory holds '$left'"

# fails_clean WHAT PATH DIR: -o PATH exits 1, DIR unchanged, no output
fails_clean() {
	what=$1 target=$2 dir=$3
	before=$(ls -A "$dir" 2>/dev/null)
	"$reapcheck" --prometheus --proc-root="$snap" -o "$target" \
	    >"$tmp/f.out" 2>"$tmp/f.err"
	frc=$?
	after=$(ls -A "$dir" 2>/dev/null)
	if [ $frc = 1 ] && [ "$before" = "$after" ] && ! [ -s "$tmp/f.out" ] &&
	    [ -s "$tmp/f.err" ]; then ok; else
		bad "-o $what: exit $frc (want 1), '$before' -> '$after'," \
		    "stderr '$(cat "$tmp/f.err")'"
	fi
}
mkdir "$tmp/p"
fails_clean "no such directory" "$tmp/p/nodir/m.prom" "$tmp/p"
[ -e "$tmp/p/nodir" ] && bad "-o: $tmp/p/nodir created" || ok
fails_clean "in /proc/self" /proc/self/m.prom /proc/self
fails_clean "under a file" /proc/self/stat/m.prom /proc/self
[ -e /proc/self/m.prom ] && bad "-o: /proc/self/m.prom exists" || ok
mkdir "$tmp/isdir" "$tmp/isdir/m.prom"
fails_clean "onto a directory" "$tmp/isdir/m.prom" "$tmp/isdir"
# not a regular file: refused, whatever it is stays as it was
mkdir "$tmp/nr"
ln -s /dev/stdout "$tmp/nr/to-stdout"
fails_clean "onto a symlink to /dev/stdout" "$tmp/nr/to-stdout" "$tmp/nr"
[ -L "$tmp/nr/to-stdout" ] && ok || bad "-o: the symlink was replaced"
ln -s "$tmp/out/m.prom" "$tmp/nr/to-file"
fails_clean "onto a symlink to a file" "$tmp/nr/to-file" "$tmp/nr"
[ -L "$tmp/nr/to-file" ] && ok || bad "-o: the symlink was replaced"
mkfifo "$tmp/nr/fifo"
fails_clean "onto a FIFO" "$tmp/nr/fifo" "$tmp/nr"
[ -p "$tmp/nr/fifo" ] && ok || bad "-o: the FIFO was replaced"
if [ "$(id -u)" = 0 ]; then
	mknod "$tmp/nr/full" c 1 7	# /dev/full's numbers
	fails_clean "onto a device" "$tmp/nr/full" "$tmp/nr"
	[ -c "$tmp/nr/full" ] && ok || bad "-o: the device was replaced"
fi
grep -q "not a regular file" "$tmp/f.err" && ok ||
    bad "-o: no reason given: $(cat "$tmp/f.err")"
# -o - is standard output
"$reapcheck" --prometheus --proc-root="$snap" -o - >"$tmp/dash.prom" &&
    cmp -s "$tmp/stdout.prom" "$tmp/dash.prom" && [ ! -e ./- ] && ok ||
    bad "-o -: not standard output"

if [ "$(id -u)" != 0 ]; then
	mkdir "$tmp/ro"
	chmod 555 "$tmp/ro"
	fails_clean "in a read-only directory" "$tmp/ro/m.prom" "$tmp/ro"
else
	echo "note: root writes anywhere: the read-only directory case" \
	    "is covered by /proc/self only"
fi

finish reapcheck-prom
