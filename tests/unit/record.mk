# tests/unit: record
RECORD_TESTS = tests/unit/test_protect
check_PROGRAMS += $(RECORD_TESTS)
TESTS += $(RECORD_TESTS)
