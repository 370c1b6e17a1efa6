#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# screenshot.sh - regenerates docs/forktop-screen.txt, the forktop screen
# the README shows: the built forktop on the zombie-farm snapshot fixture
# in a real terminal (tmux, 80x24, TERM, LANG and TZ pinned), the cursor
# moved to the farm's parent, captured as text once the screen is drawn;
# and docs/forktop-screen.png, the same capture with its colours, drawn
# by ansilove (Debian package ansilove) when it is installed.
#
#   ./setup.sh && sh docs/screenshot.sh
set -eu
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "screenshot.sh: needs tmux" >&2; exit 1; }
[ -x cmd/forktop ] || { echo "screenshot.sh: build first" >&2; exit 1; }
sock=forkscope-shot-$$
t() { tmux -L "$sock" "$@"; }
tmp=$(mktemp)
trap 't kill-server 2>/dev/null || true; rm -f "$tmp" "$tmp.437"' EXIT

# waits up to 10 s for the pane to show a fixed string
expect() {
	i=0
	until t capture-pane -p -t shot | grep -qF -- "$1"; do
		i=$((i + 1))
		if [ $i -ge 100 ]; then
			echo "screenshot.sh: no '$1' on the screen:" >&2
			t capture-pane -p -t shot >&2
			exit 1
		fi
		sleep 0.1
	done
}

t -f /dev/null new-session -d -s shot -x 80 -y 24 \
	"env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
	cmd/forktop --proc-root fixtures/scn-zombie-farm; sleep 60"
expect ">     1 root"
expect "zf-child <defunct>"
t send-keys -t shot j
expect "> 15901 root"
{
	echo '$ forktop --proc-root fixtures/scn-zombie-farm     # then j'
	t capture-pane -p -t shot
} >docs/forktop-screen.txt
t capture-pane -e -p -t shot >"$tmp"
t send-keys -t shot q
echo "screenshot.sh: wrote docs/forktop-screen.txt (README.md's forktop block" \
	"holds a copy: paste it there)"
command -v ansilove >/dev/null ||
	{ echo "screenshot.sh: no ansilove, no PNG" >&2; exit 0; }
# ansilove reads ANSI art: CP437 bytes, 30-37/40-47 colours (not 39/49,
# the defaults: white on black here), and it wraps a full 80-column line
# before its newline, so each line goes to its row by cursor position
awk '{ gsub(/\033\[39m/, "\033[37m"); gsub(/\033\[49m/, "\033[40m")
	printf "\033[%d;1H%s", NR, $0 }' "$tmp" |
	iconv -f UTF-8 -t CP437 >"$tmp.437"
ansilove -q -c 80 -o docs/forktop-screen.png "$tmp.437"
echo "screenshot.sh: wrote docs/forktop-screen.png"
