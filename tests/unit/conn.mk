# tests/unit: the connection core (src/conn), driven with a fake role and hand-made records.
CONN_TESTS = tests/unit/test_conn_dispatch tests/unit/test_conn_io tests/unit/test_conn_keys
check_PROGRAMS += $(CONN_TESTS)
TESTS += $(CONN_TESTS)
EXTRA_DIST += tests/unit/conn_testutil.h
