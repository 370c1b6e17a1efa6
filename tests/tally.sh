# tally.sh - sourced by the shell tests: count checks and end with the
# "N passed, N failed" line the harness and CI read.  Not run on its own.
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
