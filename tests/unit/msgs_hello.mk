# tests/unit: msgs (hello family)
MSGS_HELLO_TESTS = tests/unit/test_extensions tests/unit/test_client_hello tests/unit/test_server_hello \
	tests/unit/test_encrypted_extensions
check_PROGRAMS += $(MSGS_HELLO_TESTS)
TESTS += $(MSGS_HELLO_TESTS)
