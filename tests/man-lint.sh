#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# man-lint.sh - every manual page must pass mandoc's lint without a warning.
: "${top_srcdir:=.}"
command -v mandoc >/dev/null || { echo "SKIP: mandoc not installed"; exit 77; }
rc=0
for page in "$top_srcdir"/man/*.[0-9]; do
	out=$(mandoc -T lint -W warning "$page" 2>&1) || rc=1
	[ -z "$out" ] || { echo "$out"; rc=1; }
done
exit $rc
