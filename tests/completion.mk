# tests/completion.mk - the bash completions, and that make install puts
# them where bash-completion looks.
TESTS += tests/completion.sh
EXTRA_DIST += tests/completion.sh
