# SPDX-License-Identifier: GPL-2.0-or-later
# tests/security.mk - what a privileged run may be made to touch.
#
# hostile-env.sh: every command under strace, from a directory of files
# named like configurations, with HOME, XDG_*, TMPDIR, TERMINFO pointing
# into it and odd LC_ALL, LANGUAGE, TERM: no path opened, created or
# renamed outside /proc, the proc root, the explicit target and the C
# library's system files (skips without strace).
TESTS += tests/hostile-env.sh
EXTRA_DIST += tests/hostile-env.sh
