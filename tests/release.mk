# tests/release.mk - what a release promises beyond the code: the bash
# completions complete what the commands take, one version everywhere,
# docs/fork-walkthrough.md's commands do what it says, and the exported
# symbols are the ones the header and the Debian symbols file list.
TESTS += tests/completion.sh tests/version.sh tests/walkthrough.sh \
	tests/symbols.sh
EXTRA_DIST += tests/completion.sh tests/version.sh tests/walkthrough.sh \
	tests/symbols.sh \
	docs/fork-walkthrough.md
