# tests/unit: msgs (other handshake messages, alert, CCS)
MSGS_OTHER_TESTS = tests/unit/test_certificate
check_PROGRAMS += $(MSGS_OTHER_TESTS)
TESTS += $(MSGS_OTHER_TESTS)
MSGS_OTHER_TEST_HDRS = tests/unit/msgs_testutil.h tests/unit/tls12_capture_data.h tests/vectors/rfc8448_data.h
tests_unit_test_certificate_SOURCES = tests/unit/test_certificate.c $(MSGS_OTHER_TEST_HDRS)
