# tests/pforest.mk - pforest's JSON, ps-comparison and live tests (being written)
