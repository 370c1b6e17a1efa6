# tests/escape.mk
