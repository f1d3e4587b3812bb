# exporter: patina_connection_export_keying_material on in-memory pairs (the handshake harness).
EXPORTER_API_TESTS = tests/api/test_exporter
check_PROGRAMS += $(EXPORTER_API_TESTS)
TESTS += $(EXPORTER_API_TESTS)
tests_api_test_exporter_LDADD = $(HS_LIBS)
