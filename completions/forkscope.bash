# SPDX-License-Identifier: GPL-2.0-or-later
# forkscope.bash - bash completion for pforest, procsnap, reapcheck and
# forkwatch (and forktop).  Installed once per command name, as
# bash-completion loads a file by the name of the command completed.
# Options come from each command's --help, so they never drift from it.

# The column names pforest -o takes, from the command itself.
_forkscope_columns()
{
	"$1" --list-columns 2>/dev/null | while read -r name _; do
		printf '%s\n' "$name"
	done
}

_forkscope()
{
	local cur prev words cword split
	_init_completion -s || return

	# the same letter means different things to different commands
	case "$1 $prev" in
	*" --proc-root" | "forkwatch -w" | "forkwatch --record" | \
	    "forkwatch -r" | "forkwatch --replay" | "forkwatch -o" | \
	    "forkwatch --output" | "reapcheck -o" | \
	    "reapcheck --output")
		_filedir
		return
		;;
	*" -p" | *" --pid")
		_pids
		return
		;;
	"pforest -u" | "pforest -U" | *" --user" | *" --real-user" | \
	    "forkwatch -u" | *" --uid")
		_allowed_users
		return
		;;
	"pforest -C" | *" --command" | "forkwatch -c" | *" --comm")
		_pnames
		return
		;;
	*" --color" | *" --colour")
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return
		;;
	*" --style")
		COMPREPLY=($(compgen -W 'ps ascii unicode' -- "$cur"))
		return
		;;
	*" --sort")
		COMPREPLY=($(compgen -W 'pid start name cpu rss' -- "$cur"))
		return
		;;
	"forkwatch --source")	# where events come from
		COMPREPLY=($(compgen -W 'auto bpf connector poll ptrace' -- "$cur"))
		return
		;;
	*" --source")		# where the task table comes from
		COMPREPLY=($(compgen -W 'auto proc bpf' -- "$cur"))
		return
		;;
	"forkwatch -e" | "forkwatch --events")
		# a comma-separated list: complete its last item
		local prefix=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$prefix" -W 'fork clone exec exit
		    comm uid gid sid ptrace coredump reparent' -- "${cur##*,}"))
		compopt -o nospace
		return
		;;
	"pforest -o" | "pforest --format")
		local prefix=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$prefix" \
		    -W "$(_forkscope_columns "$1")" -- "${cur##*,}"))
		compopt -o nospace
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '$(_parse_help "$1")' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	case $1 in
	pforest | procsnap | forktop) _pids ;;
	esac
} &&
	complete -F _forkscope pforest procsnap reapcheck forkwatch forktop
