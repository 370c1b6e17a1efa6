#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# header-index.sh - lib/forkscope.h is an index that tells the truth: each
# group of declarations names, under its banner ("Defined in lib/dir/x.c,
# ..."), the files that define its functions; every function declared in
# the group is defined (return type on the line before, name at the start
# of the line) in one of them, and every file named defines at least one.
# A function or file moved without its group's line fails here.
: "${top_srcdir:=.}"
. "$top_srcdir/tests/tally.sh"
h=$top_srcdir/lib/forkscope.h
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One line a declared function: "GROUP|FILES|NAME"; and one line a group
# with no "Defined in": "GROUP||".  Comments are not code:
# a name in a comment is no declaration.
awk '
function flush() { if (g != "" && !n) printf "%s|%s|\n", g, files }
/^\/\* ---- / {
	flush()
	g = $0; sub(/^\/\* ---- /, "", g); sub(/ -+ \*\/$/, "", g)
	files = ""; n = 0; want = 1; next
}
want && /^\/\*/ { refs = 1; text = "" }
refs {
	text = text " " $0
	if ($0 !~ /\*\//)
		next
	refs = 0; want = 0
	if (!sub(/.*Defined in /, "", text))
		next
	k = split(text, w, /[ ,]+/)
	for (i = 1; i <= k; i++)
		if (w[i] ~ /^lib\/.*\.c\.?$/) {
			sub(/\.$/, "", w[i])
			files = files (files == "" ? "" : " ") w[i]
		}
	next
}
{ want = 0 }
{
	line = $0; code = ""
	while (line != "") {
		if (incomment) {
			e = index(line, "*/")
			if (!e) { line = ""; break }
			line = substr(line, e + 2); incomment = 0
		} else {
			b = index(line, "/*")
			if (!b) { code = code line; line = ""; break }
			code = code substr(line, 1, b - 1)
			line = substr(line, b + 2); incomment = 1
		}
	}
	while (g != "" && match(code, /fks_[a-z0-9_]+\(/)) {
		printf "%s|%s|%s\n", g, files, \
		    substr(code, RSTART, RLENGTH - 1)
		code = substr(code, RSTART + RLENGTH); n++
	}
}
END { flush() }' "$h" >"$tmp/decls"

[ -s "$tmp/decls" ] && ok || bad "no declaration found in $h"
while IFS='|' read -r group files name; do
	if [ -z "$files" ]; then
		bad "$h: the group '$group' names no file it is defined in"
		continue
	fi
	[ -z "$name" ] && continue
	found=
	for f in $files; do
		grep -q "^$name(" "$top_srcdir/$f" 2>/dev/null && found=$f
	done
	if [ -n "$found" ]; then
		ok
		echo "$group|$found" >>"$tmp/used"
	else
		bad "$name (group '$group') is defined in none of: $files"
	fi
done <"$tmp/decls"

# every file a group names is where one of its functions is
cut -d'|' -f1,2 "$tmp/decls" | sort -u | while IFS='|' read -r group files; do
	for f in $files; do
		if grep -qxF "$group|$f" "$tmp/used" 2>/dev/null; then
			echo ok
		else
			echo "FAIL: the group '$group' names $f, which" \
			    "defines none of its functions"
		fi
	done
done >"$tmp/files"
grep '^FAIL' "$tmp/files"
pass=$((pass + $(grep -c '^ok' "$tmp/files")))
fail=$((fail + $(grep -c '^FAIL' "$tmp/files")))
finish header-index
