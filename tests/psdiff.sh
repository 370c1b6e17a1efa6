# SPDX-License-Identifier: GPL-2.0-or-later
# psdiff.sh - sourced by the live differentials against procps ps (after
# tally.sh): ps, then forkscope, then ps again; a pid whose ps row is the
# same in both runs held still, and forkscope must show that row.
# Sourcing it skips the test (77) where ps is not procps'.  Every column
# is compared exactly, rss, pmem and stat too: ps 4 and forkscope both
# take them from status (VmRSS, VmLck).
#
# agree LABEL PS1 OURS PS2: the three outputs as sorted "PID VALUE..."
# lines; passes when every stable row (at least 10) is in OURS.
agree() {
	comm -12 "$2" "$4" >"$2.stable"
	n=$(wc -l <"$2.stable")
	missing=$(comm -23 "$2.stable" "$3")
	if [ -n "$missing" ]; then
		echo "$missing" | head -n 5 | while read -r pid rest; do
			echo "  ps:        $pid $rest"
			echo "  forkscope: $(grep "^$pid " "$3")"
		done
		bad "$1: $(echo "$missing" | wc -l) of $n stable rows differ"
	elif [ "$n" -lt 10 ]; then
		bad "$1: only $n stable rows to compare"
	else
		ok
	fi
}

need ps
if ! ps --version 2>/dev/null | grep -q procps; then
	echo "SKIP: ps is not procps' ($(ps --version 2>&1 | head -n 1))"
	exit 77
fi
