# tests/golden.mk - golden outputs of the commands on fixtures, and the
# lint of the manual pages.
TESTS += tests/golden.sh tests/man-lint.sh
EXTRA_DIST += tests/golden.sh tests/man-lint.sh tests/golden
