# tests/interop: patina against openssl s_client/s_server on 127.0.0.1.
# The scripts source lib.sh and use examples/tlsclient and examples/tlsserver; without an
# openssl command line tool they are skipped (exit 77).
INTEROP_TESTS = tests/interop/openssl-s_server.sh tests/interop/openssl-s_client.sh
TESTS += $(INTEROP_TESTS)
dist_noinst_SCRIPTS += $(INTEROP_TESTS) tests/interop/lib.sh
