# SPDX-License-Identifier: GPL-2.0-or-later
# tally.sh - sourced by the shell tests: count checks (ok, bad, check,
# same) and end with the "N passed, N failed" line the harness and CI
# read; skip a test whose tools are missing.  Not run on its own.
pass=0 fail=0
ok() {
	pass=$((pass + 1))
}
bad() {	# bad WHY...
	echo "FAIL: $*"
	fail=$((fail + 1))
}
finish() {	# finish NAME: the closing line; fails on a failure or none run
	echo "$1: $pass passed, $fail failed"
	[ $pass -gt 0 ] && [ $fail = 0 ]
}
same() {	# same WHAT GOT WANT
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}
check() {	# check WHAT CMD...: ok when CMD succeeds
	what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}
need() {	# need CMD...: skip the test (status 77) when one is missing
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "SKIP: no $c"
			exit 77
		fi
	done
}
