# tests/api: the public API objects, exercised as a rustls-ffi program would (public headers
# only), plus *_internal tests for the accessors the handshake will use.
API_TESTS = tests/api/test_certified_key tests/api/test_root_store tests/api/test_api_internal \
	tests/api/test_crypto_provider tests/api/test_crypto_provider_default tests/api/test_verifier \
	tests/api/test_verifier_internal
check_PROGRAMS += $(API_TESTS)
TESTS += $(API_TESTS)
include tests/api/connection.mk
include tests/api/config.mk
include tests/api/exporter.mk
