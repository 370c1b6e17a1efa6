# tests/reapcheck.mk - reapcheck's live and Prometheus tests (being written)
