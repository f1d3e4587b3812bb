# tests/unit: msgs (other handshake messages, alert, CCS)
MSGS_OTHER_TESTS = tests/unit/test_certificate tests/unit/test_certificate_verify \
	tests/unit/test_tls12_key_exchange tests/unit/test_certificate_request \
	tests/unit/test_new_session_ticket tests/unit/test_small_msgs
check_PROGRAMS += $(MSGS_OTHER_TESTS)
TESTS += $(MSGS_OTHER_TESTS)
MSGS_OTHER_TEST_HDRS = tests/unit/msgs_testutil.h tests/unit/capture_data.h tests/vectors/rfc8448_data.h
tests_unit_test_certificate_SOURCES = tests/unit/test_certificate.c $(MSGS_OTHER_TEST_HDRS)
tests_unit_test_certificate_verify_SOURCES = tests/unit/test_certificate_verify.c $(MSGS_OTHER_TEST_HDRS)
tests_unit_test_tls12_key_exchange_SOURCES = tests/unit/test_tls12_key_exchange.c $(MSGS_OTHER_TEST_HDRS)
tests_unit_test_certificate_request_SOURCES = tests/unit/test_certificate_request.c $(MSGS_OTHER_TEST_HDRS)
tests_unit_test_new_session_ticket_SOURCES = tests/unit/test_new_session_ticket.c $(MSGS_OTHER_TEST_HDRS)
tests_unit_test_small_msgs_SOURCES = tests/unit/test_small_msgs.c $(MSGS_OTHER_TEST_HDRS)
