# tests/fixtures.mk - filled in by the scenario fixture work
