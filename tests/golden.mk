# SPDX-License-Identifier: GPL-2.0-or-later
# tests/golden.mk - golden outputs of the commands on fixtures, the lint
# of the manual pages, and every command's usage errors (one line and a
# pointer to --help: usage-errors.sh).
TESTS += tests/golden.sh tests/man-lint.sh tests/usage-errors.sh
EXTRA_DIST += tests/golden.sh tests/man-lint.sh tests/golden \
	tests/usage-errors.sh

# `make check-valgrind`: every command over every fixture under valgrind.
EXTRA_DIST += tests/valgrind.sh
.PHONY: check-valgrind
check-valgrind: all
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
		$(SHELL) $(top_srcdir)/tests/valgrind.sh

# tests/golden (a directory) sits beside tests/golden.sh: with .sh among
# the suffixes (TEST_EXTENSIONS), make's built-in ".sh:" rule would "make"
# the directory from the script whenever the script is newer (make
# distdir then fails).  A rule of its own, which does nothing, stops that.
tests/golden: ; @:
