# connection: the rustls_connection_* entry points with NULL arguments (public headers only).
CONNECTION_API_TESTS = tests/api/test_connection_api
check_PROGRAMS += $(CONNECTION_API_TESTS)
TESTS += $(CONNECTION_API_TESTS)
