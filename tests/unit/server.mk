# server: the server handshake (src/server/) and the provider op it added (cert_matches_name).
SERVER_TESTS = tests/unit/test_x509_name
check_PROGRAMS += $(SERVER_TESTS)
TESTS += $(SERVER_TESTS)
