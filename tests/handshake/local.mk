# tests/handshake: in-memory client<->server handshakes through the public API.
# The harness (two connections, pipes, pump, key-log capture, wire decryption) is a small
# check library linked into every program here.
check_LTLIBRARIES += tests/handshake/libhsharness.la
tests_handshake_libhsharness_la_SOURCES = tests/handshake/harness.h tests/handshake/harness.c
HS_LIBS = tests/handshake/libhsharness.la $(LDADD)

HS_TESTS = tests/handshake/test_hs_matrix tests/handshake/test_hs_alpn_sni tests/handshake/test_hs_verify \
	tests/handshake/test_hs_traffic tests/handshake/test_hs_tamper tests/handshake/test_hs_mitm \
	tests/handshake/test_hs_client_auth tests/handshake/test_hs_algs
check_PROGRAMS += $(HS_TESTS)
TESTS += $(HS_TESTS)
tests_handshake_test_hs_matrix_LDADD = $(HS_LIBS)
tests_handshake_test_hs_alpn_sni_LDADD = $(HS_LIBS)
tests_handshake_test_hs_verify_LDADD = $(HS_LIBS)
tests_handshake_test_hs_traffic_LDADD = $(HS_LIBS)
tests_handshake_test_hs_tamper_LDADD = $(HS_LIBS)
tests_handshake_test_hs_mitm_LDADD = $(HS_LIBS)
tests_handshake_test_hs_client_auth_LDADD = $(HS_LIBS)
tests_handshake_test_hs_algs_LDADD = $(HS_LIBS)
