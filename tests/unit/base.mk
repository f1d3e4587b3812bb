# tests/unit: base (programs use the default flags from Makefile.am)
BASE_TESTS = tests/unit/test_reader tests/unit/test_writer tests/unit/test_mem tests/unit/test_err
check_PROGRAMS += $(BASE_TESTS)
TESTS += $(BASE_TESTS)
