# SPDX-License-Identifier: GPL-2.0-or-later
# tests/security.mk - what a privileged run may be made to touch.
#
# hostile-env.sh: every command under strace, from a directory of files
# named like configurations, with HOME, XDG_*, TMPDIR, TERMINFO pointing
# into it and odd LC_ALL, LANGUAGE, TERM: no path opened, created or
# renamed outside /proc, the proc root, the explicit target and the C
# library's system files (skips without strace).
#
# hostile-snapshot.sh: FIFOs and devices in place of a snapshot's files
# (stat, status, cmdline, users, the manifest): every command ends at
# once and names the file; procsnap leaves no temporary directory; as
# root and as the suite's ordinary test user.
#
# pidns-signal.sh: another pid namespace's procfs (one and two deep) is
# read but never signalled through (reapcheck --signal-parents --yes,
# forktop's K); inside the namespace its own /proc is (as root).
#
# proc-root.sh: --proc-root takes the root of a procfs only: /proc, and
# (as root, in a mount namespace) a procfs mounted elsewhere, also with
# subset=pid; /proc/sys, /proc/self, /proc/1, a task's directory and a
# bind mount of /proc/sys are refused by every command, in one line.
TESTS += tests/hostile-env.sh tests/hostile-snapshot.sh tests/pidns-signal.sh \
	tests/proc-root.sh
EXTRA_DIST += tests/hostile-env.sh tests/hostile-snapshot.sh \
	tests/pidns-signal.sh tests/proc-root.sh
