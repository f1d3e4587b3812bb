# tests/: repository-level checks that need no Check framework.
TESTS += tests/check-includes.sh tests/check-exports.sh tests/check-api.sh
dist_noinst_SCRIPTS += tests/check-includes.sh tests/check-exports.sh tests/check-api.sh
