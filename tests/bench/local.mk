# tests/bench/: `make bench`, patina side by side with BoringSSL's and OpenSSL's libssl.
#
# One program per implementation, all from the same workloads (bench.h):
#   bench-patina     the public API, linked against libpatina.la as a user's program is
#   bench-floor      the provider's raw primitives (internal API: libpatina-core.la)
#   bench-boringssl  tests/bench/bench_libssl.c on BoringSSL's libssl (Debian android-libboringssl)
#   bench-openssl    the same file on OpenSSL 3's libssl (libssl-dev)
# The two libssl builds export the same symbols, hence separate programs.  run.sh runs them all
# and prints one table (and bench.json).  The programs are check_PROGRAMS so that `make check`
# builds them and smoke.sh runs every row once, untimed: the benchmark cannot rot unnoticed.
BENCH_DATA_CPPFLAGS = -I$(top_builddir) -I$(top_srcdir)/tests/bench \
	-DBENCH_DATA_DIR='"$(abs_top_srcdir)/tests/bench/data"'
BENCH_COMMON = tests/bench/bench.h tests/bench/bench_common.c tests/bench/bench_mem.c
BENCH_BINS = tests/bench/bench-patina$(EXEEXT) tests/bench/bench-floor$(EXEEXT)

check_PROGRAMS += tests/bench/bench-patina tests/bench/bench-floor
tests_bench_bench_patina_SOURCES = tests/bench/bench_patina.c $(BENCH_COMMON)
tests_bench_bench_patina_CPPFLAGS = -I$(top_srcdir)/include $(BENCH_DATA_CPPFLAGS)
tests_bench_bench_patina_LDADD = libpatina.la

tests_bench_bench_floor_SOURCES = tests/bench/bench_floor.c $(BENCH_COMMON)
tests_bench_bench_floor_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/src $(BORINGSSL_CPPFLAGS) \
	$(BENCH_DATA_CPPFLAGS)
tests_bench_bench_floor_LDADD = libpatina-core.la $(BORINGSSL_LIBS)

if HAVE_BORINGSSL_LIBSSL
check_PROGRAMS += tests/bench/bench-boringssl
BENCH_BINS += tests/bench/bench-boringssl$(EXEEXT)
tests_bench_bench_boringssl_SOURCES = tests/bench/bench_libssl.c $(BENCH_COMMON)
tests_bench_bench_boringssl_CPPFLAGS = $(BORINGSSL_CPPFLAGS) $(BENCH_DATA_CPPFLAGS)
tests_bench_bench_boringssl_LDFLAGS = $(SAN_CFLAGS) $(BORINGSSL_SSL_LDFLAGS) $(BORINGSSL_LDFLAGS)
tests_bench_bench_boringssl_LDADD = -lssl $(BORINGSSL_LIBS)
endif

if HAVE_OPENSSL_LIBSSL
check_PROGRAMS += tests/bench/bench-openssl
BENCH_BINS += tests/bench/bench-openssl$(EXEEXT)
tests_bench_bench_openssl_SOURCES = tests/bench/bench_libssl.c $(BENCH_COMMON)
tests_bench_bench_openssl_CPPFLAGS = $(OPENSSL_CFLAGS) $(BENCH_DATA_CPPFLAGS)
# Per-target LDFLAGS: AM_LDFLAGS would put BoringSSL's library directory first.
tests_bench_bench_openssl_LDFLAGS = $(SAN_CFLAGS)
tests_bench_bench_openssl_LDADD = $(OPENSSL_LIBS)
endif

TESTS += tests/bench/smoke.sh
dist_noinst_SCRIPTS += tests/bench/run.sh tests/bench/smoke.sh tests/bench/make-pki.sh
EXTRA_DIST += tests/bench/data

# make bench [BENCH_ARGS=...]: the timed table (BENCH_ARGS=--callgrind: instruction counts).
# Writes bench.txt and bench.json in the build directory.
bench: $(BENCH_BINS)
	$(SHELL) $(srcdir)/tests/bench/run.sh --builddir $(top_builddir) --json bench.json $(BENCH_ARGS) \
		| tee bench.txt
.PHONY: bench
CLEANFILES += bench.txt bench.json
