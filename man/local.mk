# SPDX-License-Identifier: GPL-2.0-or-later
# man/local.mk - the manual pages, installed and linted by make check.
dist_man_MANS += man/pforest.1 man/procsnap.1 man/reapcheck.1 man/forkwatch.1 \
	man/forktop.1 man/libforkscope.3
