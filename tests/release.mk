# tests/release.mk - what a release promises beyond the code: the bash
# completions complete what the commands take, and one version everywhere.
TESTS += tests/completion.sh tests/version.sh
EXTRA_DIST += tests/completion.sh tests/version.sh
