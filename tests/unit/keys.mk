# tests/unit: keys (transcript, HKDF-Expand-Label, TLS 1.3 key schedule stages)
KEYS_TESTS = tests/unit/test_transcript tests/unit/test_hkdf_label tests/unit/test_tls13_schedule
check_PROGRAMS += $(KEYS_TESTS)
TESTS += $(KEYS_TESTS)
