# SPDX-License-Identifier: GPL-2.0-or-later
# hold.sh - sourced by the benchmarks (run.sh, pforest.sh, reapcheck.sh):
# the load they time against, and hyperfine's medians.  Not run on its
# own.  Needs $tmp.
#
# spawn_hold SPAWN PROCS: starts bench/spawn with PROCS sleeping processes,
#   held until our fd 3 closes (its stdin is a fifo whose write end is fd
#   3), and waits up to 120 s for its "ready" line; sets $spawn_pid.
# spawn_release: closes fd 3 and waits for spawn, which reaps its
#   sleepers (for the caller's cleanup).
# machine_header: the lines every report starts with.
# hf NAME CMD...: hyperfine -N over CMDs ($runs runs), JSON into
#   $tmp/NAME.json.
# median NAME INDEX: the median of command INDEX in $tmp/NAME.json, ms.
spawn_pid=
spawn_hold() {
	mkfifo "$tmp/hold"
	"$1" -n "$2" <"$tmp/hold" >"$tmp/spawn.out" 4>&- &
	spawn_pid=$!
	exec 3>"$tmp/hold"
	waited=0
	until grep -q '^ready' "$tmp/spawn.out"; do
		if ! kill -0 "$spawn_pid" 2>/dev/null || [ $waited -ge 1200 ]
		then
			echo "${0##*/}: spawn did not come up" >&2
			cat "$tmp/spawn.out" >&2
			exit 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
}
spawn_release() {
	exec 3>&- 2>/dev/null || true
	[ -n "$spawn_pid" ] && wait "$spawn_pid" 2>/dev/null || true
}
machine_header() {
	echo "# machine: $(nproc) CPUs, Linux $(uname -r)," \
	    "$(date -u +%Y-%m-%dT%H:%MZ)"
	echo "# spawn: $(cat "$tmp/spawn.out")"
}
hf() {
	name=$1
	shift
	hyperfine -N -w 3 -r "$runs" --export-json "$tmp/$name.json" \
		"$@" >/dev/null 2>&1
}
median() {
	jq ".results[$2].median * 1000" "$tmp/$1.json"
}
