#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# forkwatch-bpf-burst.sh - forkwatch-burst.sh with the BPF source and
# 100,000 forks (FORKWATCH_BURST_N; fewer under AddressSanitizer, and
# fewer when the burst's 60 s of forking end first): every fork and exit
# of the burst shown, or counted as lost from the BPF program's failed
# reservations.  As root; skips where BPF cannot run.  It runs after the
# other live BPF tests, never beside them (tests/bpf.mk).
: "${top_srcdir:=.}"
[ "$(id -u)" = 0 ] || { echo "SKIP: the BPF source needs root"; exit 77; }
case "${CFLAGS:-}" in
*-fsanitize=address*) ;;
*) FORKWATCH_BURST_N=${FORKWATCH_BURST_N:-100000} ;;
esac
FORKWATCH_BURST_SOURCE=bpf
FORKWATCH_BURST_SECONDS=${FORKWATCH_BURST_SECONDS:-60}
export FORKWATCH_BURST_N FORKWATCH_BURST_SOURCE FORKWATCH_BURST_SECONDS
exec sh "$top_srcdir/tests/forkwatch-burst.sh"
