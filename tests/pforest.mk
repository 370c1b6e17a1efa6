# SPDX-License-Identifier: GPL-2.0-or-later
# tests/pforest.mk - pforest's own tests beyond the golden cases.
#
# pforest-json.sh: --json on every fixture, parsed and checked with jq
#   (nesting, counts against the text output, escaping; skips without jq).
# pforest-ps.sh: on every scn-* fixture, the same pid, ppid, state and comm
#   as procps ps shown that snapshot as /proc in a mount namespace (root).
# pforest-live.sh: the live /proc against ps taken before and after, and a
#   staged zombie and stopped process (needs tests/scenarios/zombie).
#
# Golden cases added with these (tests/golden/pforest/):
# - hostile-names-unicode-args: hostile names in both comm (carrying the
#   unicode tree art) and args; tests/golden.sh fails any case whose
#   output holds a control byte or a C1 control, so it proves no escape
#   sequence passes in either column.
# - zombie-leader-compact-threads: --compact -T folds pid 1's identical
#   threads into N*[{name}]; the zombie leader (stat Z, alive) shows as
#   [zl-leader] without <defunct>, its live thread under it.
# - subreaper-orphans: --orphans on scn-subreaper prints only the header,
#   and exits 1 (a selection that matched nothing).
#   The grandchild was reparented to its subreaper grandparent, but the
#   orphan rule (a non-leader in another session than its parent) cannot
#   see adoption by a subreaper of the same session: it is no orphan to
#   pforest.  The case pins that documented limit (pforest(1), Marks).
#
# pforest-select-live.sh: --flat --match (and --full) on the live /proc
#   select the same pids as pgrep (and pgrep -f), as root and as the test
#   user; pforest never lists itself.
#
# deep-chain.sh: a synthetic chain of 100,000 processes (written at test
#   time by tests/mkchain) listed as text, wide and JSON within 1 GiB, the
#   art stopped at 100 levels; reapcheck on it too.
# pforest-cgroup.sh: the pidns, cgroup, unit, slice and uunit columns
#   against ps on the live /proc (root and the test user), the container
#   column of a sleep put in a docker-named scope (root), the same from a
#   snapshot, and an older snapshot without cgroup files read quietly.
# pforest-by.sh: --by pidns and --by unit against ps's columns on the live
#   /proc, and -S's mark on a pid namespace made with unshare, as root and
#   as the test user.
# pforest-ps-columns.sh: every ps column against ps, value for value, on
#   every scn-* snapshot (root) and live (root and the test user; etime,
#   etimes and pcpu within the two ps runs around pforest), rss, pmem and
#   stat too, with a page locked (STAT's L) by root and by the test user;
#   strace shows what each reads per task (--source=proc): -o pid,pcpu,
#   etime stat alone, rss and pmem statm too, stat status too.
# json-schema.sh: reapcheck --json's members and types (schema 1) on every
#   fixture, and pforest's exit statuses (1 empty selection, 2 no such
#   user) in the tree, --flat, --json and --flat --json.
TESTS += tests/pforest-json.sh tests/pforest-ps.sh tests/pforest-live.sh \
	tests/pforest-select-live.sh tests/deep-chain.sh \
	tests/pforest-cgroup.sh tests/pforest-by.sh tests/pforest-ps-columns.sh \
	tests/json-schema.sh
EXTRA_DIST += tests/pforest-json.sh tests/pforest-ps.sh tests/pforest-live.sh \
	tests/pforest-select-live.sh tests/deep-chain.sh \
	tests/pforest-cgroup.sh tests/pforest-by.sh tests/pforest-ps-columns.sh \
	tests/json-schema.sh
check_PROGRAMS += tests/mkchain
