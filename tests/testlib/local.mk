# tests/testlib: helpers shared by every test program (hex, files, fixtures).
check_LTLIBRARIES += tests/testlib/libpttest.la
tests_testlib_libpttest_la_SOURCES = tests/testlib/pttest.h tests/testlib/pttest.c
