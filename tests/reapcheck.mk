# SPDX-License-Identifier: GPL-2.0-or-later
# tests/reapcheck.mk - reapcheck's own tests beyond the golden cases.
#
# reapcheck-prom.sh: --prometheus on every fixture, on made-up snapshots
#   with hostile parent names and on the live /proc, read by promtool
#   (when installed) and a strict awk reader of the exposition format,
#   values against --json (jq); -o FILE's atomic write and its failures.
#   A parent named "other" joins --max-labels' own "other" series (one
#   series per label value).
# reapcheck-live.sh: staged zombies and orphans (tests/scenarios/): a farm
#   of 1,000, the plugin thresholds, an orphan with its new parent, the
#   subreaper blind spot, a parent blocking SIGCHLD, and a parent that lost
#   its SIGCHLD reaping after --signal-parents --yes.
# reapcheck-watch.sh: --watch with scenarios started under it: a zombie
#   present at the start, a child reaped at once (no alert), a zombie's
#   alert (pid, parent, exit status, age, time of death), an alert then a
#   reaped line after a SIGCHLD the test sends, orphans with the parent
#   that exited and the new one; SIGINT, SIGTERM and --duration end it.
# reapcheck-unreadable.sh: exit codes the kernel hides from an ordinary
#   user (root's zombie "exit ?", JSON null with a reason; the user's own
#   zombie "exit 7"), and procsnap's manifest of what its user could not
#   see, read back.  As root and as the test user (tests/testuser.sh).
# reapcheck-plugin.sh: threshold ranges against check_procs on a farm of
#   zombies; the "not all visible" note of the status line as the test
#   user (another user's zombie, hidepid=2 in a mount namespace) and not
#   as root.
# reapcheck-watch-names.sh: --watch names an orphan that exec'd after its
#   fork by its name when its parent's exit is read, not its parent's
#   (the watch stopped while it happens, so the exec lags in the stream).
# reapcheck-signal.sh: --signal-parents with -p (only the parents named)
#   as root, and as the test user by default only its own parents.
# reapcheck-pidns.sh: a pid namespace's init that reaps nothing (the
#   pidns-init scenario) named as such with its hint, its zombies' exit
#   codes, and pforest's pidns and nspid of the three; as root and as the
#   test user in a user namespace of its own.
# reapcheck-places.sh: the advice by where the parent runs (a pod, docker,
#   podman, lxc; a system or user service, a scope), text and JSON; where
#   orphans run, in text, JSON and the Prometheus series.
TESTS += tests/reapcheck-prom.sh tests/reapcheck-live.sh \
	tests/reapcheck-watch.sh tests/reapcheck-unreadable.sh \
	tests/reapcheck-plugin.sh tests/reapcheck-signal.sh \
	tests/reapcheck-watch-names.sh tests/reapcheck-pidns.sh \
	tests/reapcheck-places.sh
# reapcheck-watch-place.sh: --watch names a zombie's parent's unit and
#   container (text "in:", JSON unit and container), its parents in cgroups
#   made under the cgroup v2 mount (root; skipped where not writable).
TESTS += tests/reapcheck-watch-place.sh
EXTRA_DIST += tests/reapcheck-watch-place.sh
EXTRA_DIST += tests/reapcheck-prom.sh tests/reapcheck-live.sh tests/tally.sh \
	tests/reapcheck-watch.sh tests/reapcheck-unreadable.sh \
	tests/reapcheck-plugin.sh tests/reapcheck-signal.sh \
	tests/reapcheck-watch-names.sh tests/scenario.sh \
	tests/reapcheck-pidns.sh \
	tests/reapcheck-places.sh
