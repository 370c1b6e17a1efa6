# tests/release.mk - what a release promises beyond the code: the bash
# completions complete what the commands take, one version everywhere, and
# docs/fork-walkthrough.md's commands do what it says.
TESTS += tests/completion.sh tests/version.sh tests/walkthrough.sh
EXTRA_DIST += tests/completion.sh tests/version.sh tests/walkthrough.sh \
	docs/fork-walkthrough.md
