# tests/unit: provider (BoringSSL symmetric crypto, key exchange, suite tables)
PROVIDER_TESTS = tests/unit/test_aead tests/unit/test_hash tests/unit/test_kx tests/unit/test_rand \
	tests/unit/test_suites
check_PROGRAMS += $(PROVIDER_TESTS)
TESTS += $(PROVIDER_TESTS)
