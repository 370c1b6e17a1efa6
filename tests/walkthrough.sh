#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# walkthrough.sh - runs docs/fork-walkthrough.md: its ```sh blocks in
# order in one bash, from the top of the build tree, and each
# "<!-- check: COMMAND -->" comment as a check that must succeed.
: "${top_srcdir:=.}" "${top_builddir:=.}"
command -v jq >/dev/null || { echo "SKIP: jq is not installed"; exit 77; }
doc="$top_srcdir/docs/fork-walkthrough.md"
script=$(mktemp)
# the document's scratch files go under a directory of this run's own, so
# that two runs (two checkouts on one machine) never share them
scratch=$(mktemp -d)
trap 'rm -rf "$script" "$scratch"' EXIT
{
	sed -n '/^pass=0/,$p' "$top_srcdir/tests/tally.sh"
	awk '
	/^```sh$/ { code = 1; next }
	/^```$/ && code { code = 0; next }
	code { print; next }
	/^<!-- check: .* -->$/ {
		cmd = $0
		sub(/^<!-- check: /, "", cmd)
		sub(/ -->$/, "", cmd)
		printf "if %s; then ok; else bad \"line %d: %s\"; fi\n",
		    cmd, NR, "check failed"
	}' "$doc"
	echo 'finish walkthrough'
} >"$script"
cd "$top_builddir" && TMPDIR=$scratch bash ${WALKTHROUGH_TRACE:+-x} "$script"
