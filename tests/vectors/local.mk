# tests/vectors: RFC test vectors (programs use the default flags and LDADD from Makefile.am)
VECTOR_TESTS = tests/vectors/test_rfc8448 tests/vectors/test_tls12_prf
check_PROGRAMS += $(VECTOR_TESTS)
TESTS += $(VECTOR_TESTS)
tests_vectors_test_rfc8448_SOURCES = tests/vectors/test_rfc8448.c tests/vectors/rfc8448_data.h
