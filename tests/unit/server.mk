# server: the server handshake (src/server/) and the provider op it added (cert_matches_name).
SERVER_TESTS = tests/unit/test_x509_name tests/unit/test_server_choose tests/unit/test_server_tls13 tests/unit/test_server13_smoke
check_PROGRAMS += $(SERVER_TESTS)
TESTS += $(SERVER_TESTS)
EXTRA_DIST += tests/unit/server_testutil.h
