# SPDX-License-Identifier: GPL-2.0-or-later
# tests/cgroupfs.sh - sourced by the tests that make cgroups of their own.

# The mount point of the hierarchy systemd tracks tasks by (libsystemd's
# choice, which ps follows): the unified one where it is mounted (a v2 or
# hybrid system), else name=systemd's; nothing when there is neither.
tracking_mount() {
	awk '$9 == "cgroup2" { print $5; found = 1; exit }
	     END { if (!found) exit 1 }' /proc/self/mountinfo ||
	awk '$9 == "cgroup" && $NF ~ /name=systemd/ { print $5; exit }' \
	    /proc/self/mountinfo
}
