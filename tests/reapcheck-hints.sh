#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# reapcheck-hints.sh - what reapcheck advises for a parent that does not
# reap, by where it runs: the containers fixture's docker init (pid 420,
# two zombies) is put, by rewriting its cgroup file in a copy, in each
# place a manager gives: a namespace's init in a Kubernetes pod (systemd
# and cgroupfs drivers), docker, podman, lxc; a plain parent (its NSpid
# made the host's alone) in a system service, a user's service, a session
# scope and user@UID.service's own init.scope.  The text's "do:" line and
# the JSON's "hint" must say the same; a hostile cgroup name gives no
# command and reaches neither raw.
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
    "run a reaping init as pid 1 (tini, dumb-init, docker run --init)"
hint no "/system.slice/ssh.service" \
    "fix or restart the parent 420, or its service (systemctl restart ssh.service): its zombies go when it exits"
hint no "$u/app.slice/worker.service" \
    "fix or restart the parent 420, or its service (systemctl --user restart worker.service): its zombies go when it exits"
plain="fix or restart the parent 420: its zombies go when it exits"
hint no "/user.slice/user-1000.slice/session-3.scope" "$plain"
hint no "$u/init.scope" "$plain"
hint no "/system.slice/docker-$id.scope" "$plain"
hint no "/" "$plain"
# a unit name with an escape sequence is no systemd unit name (those
# hold ASCII letters, digits and ":-_.\\@" alone): no unit, no command
# made of it
esc=$(printf '\033')
hint no "/system.slice/evil${esc}[2J.service" "$plain"
check "no raw ESC on the terminal" sh -c "! '$rc_bin' --proc-root \
    '$snap' | grep -q '$esc'"
finish reapcheck-hints
