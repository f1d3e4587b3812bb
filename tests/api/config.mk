# config: tests of the client and server configs, key log and callback lists (issue 3).
CONFIG_TESTS = tests/api/test_client_config tests/api/test_server_config tests/api/test_config_internal \
	tests/api/test_slices tests/api/test_max_fragment
check_PROGRAMS += $(CONFIG_TESTS)
TESTS += $(CONFIG_TESTS)
EXTRA_DIST += tests/api/config_fixtures.h
# The key log test writes one file from several threads.
tests_api_test_config_internal_CFLAGS = $(AM_CFLAGS) -pthread
tests_api_test_config_internal_LDFLAGS = $(AM_LDFLAGS) -pthread
