# tests/unit: base and the static API (programs use the default flags from Makefile.am)
BASE_TESTS = tests/unit/test_reader tests/unit/test_writer tests/unit/test_mem tests/unit/test_err \
	tests/unit/test_refcount tests/unit/test_log tests/unit/test_buf tests/unit/test_api_static
check_PROGRAMS += $(BASE_TESTS)
TESTS += $(BASE_TESTS)
# The refcount test runs threads.
tests_unit_test_refcount_CFLAGS = $(AM_CFLAGS) -pthread
tests_unit_test_refcount_LDFLAGS = $(AM_LDFLAGS) -pthread
