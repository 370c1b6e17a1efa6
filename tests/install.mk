# SPDX-License-Identifier: GPL-2.0-or-later
# tests/install.mk - installing: as an ordinary user, the release's files
# built and installed into prefixes in the user's home, and the commands
# run from there (install-user.sh says what it checks; it needs root to
# become that user, and takes about a minute).
TESTS += tests/install-user.sh
EXTRA_DIST += tests/install-user.sh
