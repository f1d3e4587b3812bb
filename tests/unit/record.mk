# tests/unit: record
RECORD_TESTS = tests/unit/test_deframer tests/unit/test_protect tests/unit/test_joiner tests/unit/test_fragmenter
check_PROGRAMS += $(RECORD_TESTS)
TESTS += $(RECORD_TESTS)
