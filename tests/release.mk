# SPDX-License-Identifier: GPL-2.0-or-later
# tests/release.mk - what a release promises beyond the code: the bash
# completions complete what the commands take, one version everywhere,
# docs/fork-walkthrough.md's commands do what it says, and the exported
# symbols are the ones the header and the Debian symbols file list, the
# header's groups name the files that define them (header-index.sh), and
# every source file names its licence (licence.sh).
TESTS += tests/completion.sh tests/version.sh tests/walkthrough.sh \
	tests/licence.sh \
	tests/symbols.sh tests/header-index.sh
EXTRA_DIST += tests/completion.sh tests/version.sh tests/walkthrough.sh \
	tests/licence.sh \
	tests/symbols.sh tests/header-index.sh \
	docs/fork-walkthrough.md
