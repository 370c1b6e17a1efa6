# SPDX-License-Identifier: GPL-2.0-or-later
# tmuxpanes.sh - sourced by the tests that run forktop on a terminal
# under a tmux server of their own (socket name $sock, set before
# sourcing).  Not run on its own.
#
# t ARGS...: tmux on that server.
# stop_panes: kills what is left in the panes, then the server: a forktop
#   that does not exit must not outlive the test (one stuck in
#   LeakSanitizer's exit-time check once spun at 100% for the rest of a
#   CI run).  Each pane is a session of its own: its process group holds
#   its processes.
t() { tmux -L "$sock" "$@"; }
stop_panes() {
	for p in $(t list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		kill -KILL -- "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
	done
	t kill-server 2>/dev/null
}
