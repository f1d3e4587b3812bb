# tests/unit: signatures and X.509 (against the committed test PKI in tests/data).
PKI_TESTS = tests/unit/test_sig tests/unit/test_x509
check_PROGRAMS += $(PKI_TESTS)
TESTS += $(PKI_TESTS)
# test_x509 shares one root store between threads.
tests_unit_test_x509_LDADD = $(LDADD) -lpthread
