#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completion.sh - the bash completions complete what the commands take:
# options from each --help, pforest's -o column names (comma lists),
# forkwatch's -e types, fixed option values and PIDs.
: "${top_srcdir:=.}" "${top_builddir:=.}"
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || { echo "SKIP: bash-completion is not installed"; exit 77; }
. "$top_srcdir/tests/tally.sh"
# shellcheck disable=SC1090
. "$bc"
# shellcheck disable=SC1091
. "$top_srcdir/completions/forkscope.bash"
PATH="$top_builddir/cmd:$PATH"
# outside a real completion, compopt only complains
compopt() { :; }

# complete WORDS...: completes the last word as bash would, into COMPREPLY
complete_line() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_forkscope "$1" "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}"
}
has() {	# has WHAT WORDS...: the completion of WORDS offers WHAT
	want=$1
	shift
	complete_line "$@"
	for r in "${COMPREPLY[@]}"; do
		[ "$r" = "$want" ] && { ok; return; }
	done
	bad "'$*' does not offer '$want' (got: ${COMPREPLY[*]})"
}
hasnt() {	# hasnt WHAT WORDS...
	want=$1
	shift
	complete_line "$@"
	for r in "${COMPREPLY[@]}"; do
		[ "$r" = "$want" ] && { bad "'$*' offers '$want'"; return; }
	done
	ok
}

has --json pforest --js
has --list-columns pforest --list
has --zombies pforest --z
has --prometheus reapcheck --prom
has --signal-parents reapcheck --sig
has --redact procsnap --red
has --tree forkwatch --tr
has --no-threads forkwatch --no-t
hasnt --json procsnap --js		# procsnap has no --json
has --headless forktop --head
# pforest -o: the names from the command, the list completed item by item
has pid pforest -o pi
has ppid pforest -o pp
has pid,ppid pforest -o pid,pp
has pid,args pforest --format pid,ar
hasnt comm pforest -o pi
# forkwatch -e: event types in a comma list
has fork,exec forkwatch -e fork,ex
has fork,exit forkwatch -e fork,ex
has reparent forkwatch --events rep
# values
has connector forkwatch --source co
has bpf pforest --source b
hasnt connector reapcheck --source co
has --source= forktop --sou
has unicode pforest --style un
has never reapcheck --color ne
# PIDs where a command takes them: this shell's is one
has "$$" pforest ''
has "$$" forkwatch -p ''
# the same letter, different meanings: reapcheck -c is a threshold, not a
# process name
complete_line reapcheck -c ''
[ ${#COMPREPLY[@]} = 0 ] && ok || bad "reapcheck -c offered: ${COMPREPLY[*]}"
finish completion
