#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-places.sh - reapcheck by where processes run, on copies of the
# containers fixture with cgroup files rewritten:
# - the advice for a parent that does not reap: the docker init (pid 420,
#   two zombies) put in each place a manager gives: a namespace's init in
#   a Kubernetes pod (systemd and cgroupfs drivers), docker, podman, lxc,
#   an nspawn container (machinectl's unit and machined's scope), none;
#   a plain parent (its NSpid made the host's alone) in a system service,
#   a user's service, a session scope and user@UID.service's own
#   init.scope.  The text's "do:" line and the JSON's "hint" must say the
#   same; a hostile cgroup name gives no command and reaches neither raw.
# - where orphans run: two orphans added (a daemon adopted by docker's
#   container init, and a backup job adopted by a user's systemd, its
#   subreaper, in the user's backup.service): said in the text ("in:"
#   under the orphan), the JSON ("unit", "container") and the Prometheus
#   text (forkscope_orphans_by_container and _by_unit, which must count
#   what the JSON says).
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/tally.sh"
need jq
rc_bin=$(cd "$top_builddir/cmd" && pwd)/reapcheck
[ -x "$rc_bin" ] || { echo "no $rc_bin: build it first"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC
snap=$tmp/snap
cp -R "$top_srcdir/fixtures/containers" "$snap" || exit 99
id=d548c5b83fa61d8e3bd86ad42a7ffea9b7c86e3f9d8095c1577d3e1270bb9420
u=/user.slice/user-1000.slice/user@1000.service

# -- advice
# hint INIT CGROUP WANT: the parent, pid 1 of its namespace (INIT yes)
# or not, in CGROUP: the advice is WANT
hint() {
	if [ "$1" = yes ]; then
		nspid="420	1"
	else
		nspid=420
	fi
	sed -i "s/^NSpid:.*/NSpid:	$nspid/" "$snap/420/status"
	printf '0::%s\n' "$2" >"$snap/420/cgroup"
	text=$("$rc_bin" --proc-root "$snap" | sed -n 's/^  do:  //p')
	json=$("$rc_bin" --proc-root "$snap" --json |
	    jq -r '.parents[0].hint')
	if [ "$text" = "$3" ] && [ "$json" = "$3" ]; then
		ok
	else
		bad "$2: got '$text' (JSON '$json'), want '$3'"
	fi
}

pod=kubepods-burstable-pod1a2b3c4d_0000_1111_2222_333344445555.slice
k8s="a Kubernetes pod: shareProcessNamespace: true in its spec (the pause container reaps), or a reaping init (tini) as the entrypoint"
hint yes "/kubepods.slice/kubepods-burstable.slice/$pod/cri-containerd-$id.scope" "$k8s"
hint yes "/kubepods/besteffort/pod1a2b3c4d-0000-1111-2222-333344445555/$id" "$k8s"
hint yes "/kubepods.slice/kubepods-burstable.slice/$pod/crio-$id.scope" "$k8s"
hint yes "/system.slice/docker-$id.scope" \
    "docker run --init, or a reaping init (tini, dumb-init) as the entrypoint"
hint yes "$u/user.slice/libpod-$id.scope/container" \
    "podman run --init, or a reaping init (tini, dumb-init) as the entrypoint"
hint yes "/lxc.payload.web" \
    "an init in the container (lxc.init.cmd: /sbin/init, or lxc-execute, which runs lxc-init)"
hint yes "/machine.slice/systemd-nspawn@web.service/payload" \
    "systemd-nspawn --as-pid2 (its stub init reaps), or boot the container (-b)"
hint yes "/machine.slice/machine-web.scope/payload" \
    "systemd-nspawn --as-pid2 (its stub init reaps), or boot the container (-b)"
hint yes "/system.slice/sandbox.service" \
    "run a reaping init as pid 1 (tini, dumb-init)"
hint no "/system.slice/ssh.service" \
    "fix or restart the parent 420, or its service (systemctl restart ssh.service): its zombies go when it exits"
hint no "$u/app.slice/worker.service" \
    "fix or restart the parent 420, or its service (systemctl --user -M 1000@ restart worker.service): its zombies go when it exits"
# systemd's own escapes shown as systemctl shows them
hint no '/system.slice/my\x2dapp.service' \
    'fix or restart the parent 420, or its service (systemctl restart my\x2dapp.service): its zombies go when it exits'
plain="fix or restart the parent 420: its zombies go when it exits"
hint no "/user.slice/user-1000.slice/session-3.scope" "$plain"
hint no "$u/init.scope" "$plain"
hint no "/system.slice/docker-$id.scope" \
    "fix or restart the parent 420: its zombies then go to the container's pid 1, which reaps them if it is a reaping init (docker run --init, or a reaping init (tini, dumb-init) as the entrypoint)"
hint no "/" "$plain"
# a unit name with an escape sequence is no systemd unit name (those
# hold ASCII letters, digits and ":-_.\\@" alone): no unit, no command
# made of it
esc=$(printf '\033')
hint no "/system.slice/evil${esc}[2J.service" "$plain"
check "no raw ESC on the terminal" sh -c "! '$rc_bin' --proc-root \
    '$snap' | grep -q '$esc'"

# -- orphans, in a copy of their own
osnap=$tmp/orphans
cp -R "$top_srcdir/fixtures/containers" "$osnap" || exit 99
# orphan PID COMM PPID SID FROM CGROUP: a copy of task FROM's files as a
# process in session SID (not its own, not its parent's: an orphan)
orphan() {
	cp -R "$osnap/$5" "$osnap/$1"
	sed -i "s/^$5 ([^)]*) S $(cut -d' ' -f4 "$osnap/$5/stat") [0-9]* [0-9]*/$1 ($2) S $3 $1 $4/" \
	    "$osnap/$1/stat"
	sed -i "s/^Name:.*/Name:	$2/; s/^Pid:.*/Pid:	$1/; s/^Tgid:.*/Tgid:	$1/; s/^PPid:.*/PPid:	$3/; s/^NSpid:.*/NSpid:	$1/" \
	    "$osnap/$1/status"
	printf '%s\n' "$2" >"$osnap/$1/comm"
	printf '0::%s\n' "$6" >"$osnap/$1/cgroup"
}
orphan 424 daemon 420 600 423 "/system.slice/docker-$id.scope"
orphan 630 backup 610 600 620 "$u/app.slice/backup.service"
sed -i 's/^processes=.*/processes=20/' "$osnap/forkscope-snapshot"

"$rc_bin" --proc-root "$osnap" >"$tmp/out" 2>"$tmp/err"
check "reapcheck: no message ($(head -n 1 "$tmp/err"))" test ! -s "$tmp/err"
check "two orphans: $(head -n 1 "$tmp/out")" \
    grep -q '; 2 orphans;' "$tmp/out"
check "the daemon's place: $(grep -A1 ' daemon$' "$tmp/out")" sh -c \
    "grep -A1 ' daemon\$' '$tmp/out' | grep -q '^  in:  container docker:d548c5b83fa6, docker-$id.scope\$'"
check "the backup's place: $(grep -A1 ' backup$' "$tmp/out")" sh -c \
    "grep -A1 ' backup\$' '$tmp/out' | grep -q '^  in:  backup.service\$'"

"$rc_bin" --proc-root "$osnap" --json >"$tmp/json"
got=$(jq -c '[.orphans[] | [.pid, .unit, .container]]' "$tmp/json")
check "JSON orphans' places: $got" test "$got" = \
    "[[424,\"docker-$id.scope\",\"docker:d548c5b83fa6\"],[630,\"backup.service\",null]]"

# the Prometheus series count what the JSON says
"$rc_bin" --proc-root "$osnap" --prometheus >"$tmp/prom"
for key in container unit; do
	want=$(jq -r --arg k "$key" '[.orphans[] | .[$k] | select(. != null)] |
	    group_by(.) | map("forkscope_orphans_by_\($k){\($k)=\"\(.[0])\"} \(length)") |
	    .[]' "$tmp/json" | sort)
	have=$(grep "^forkscope_orphans_by_$key{" "$tmp/prom" | sort)
	check "orphans_by_$key: '$have', want '$want'" test -n "$want" -a \
	    "$have" = "$want"
done
finish reapcheck-places
