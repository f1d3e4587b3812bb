# tests/unit: the TLS 1.3 client handshake against scripted server messages, and the
# rustls_client_connection_* entry points.
CLIENT_TESTS = tests/unit/test_client13 tests/unit/test_client_connection tests/unit/test_client13_smoke
check_PROGRAMS += $(CLIENT_TESTS)
TESTS += $(CLIENT_TESTS)
