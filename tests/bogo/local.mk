# tests/bogo/: `make bogo`, BoringSSL's BoGo protocol test suite against patina.
#
# The runner (Go, from Debian's android-platform-external-boringssl source package) plays
# thousands of correct, broken and hostile peers against tests/bogo/shim, a program on the public
# API only.  fetch-runner.sh downloads and builds the runner into $(BOGO_CACHE) once per package
# version; run.sh runs it and prints `N passed, N failed, N skipped`.  The shim is a check program
# so that `make check` compiles it (it cannot rot unnoticed) but runs nothing: the suite needs the
# network once and takes minutes, so it is `make bogo`, not part of TESTS.
check_PROGRAMS += tests/bogo/shim
tests_bogo_shim_SOURCES = tests/bogo/shim.c
tests_bogo_shim_CPPFLAGS = -I$(top_srcdir)/include
tests_bogo_shim_LDADD = libpatina.la
# A real executable, not a libtool wrapper script: the runner starts it thousands of times, two
# at a time, and a wrapper would relink it on first use.
tests_bogo_shim_LDFLAGS = $(AM_LDFLAGS) -no-install

dist_noinst_SCRIPTS += tests/bogo/fetch-runner.sh tests/bogo/run.sh
EXTRA_DIST += tests/bogo/config.json

# make bogo [BOGO_CACHE=DIR] [BOGO_TEST='pattern;pattern'] [BOGO_WORKERS=N]
# BOGO_CACHE (make variable or environment) is where the runner is built and kept; CI keeps it.
bogo: tests/bogo/shim$(EXEEXT)
	cache=$${BOGO_CACHE:-$(abs_top_builddir)/tests/bogo/cache}; \
	$(SHELL) $(srcdir)/tests/bogo/fetch-runner.sh "$$cache" && \
	$(SHELL) $(srcdir)/tests/bogo/run.sh --builddir $(top_builddir) --cache "$$cache"
.PHONY: bogo
CLEANFILES += tests/bogo/results.json tests/bogo/runner.log tests/bogo/census.json \
	tests/bogo/census.log tests/bogo/census-shim.sh

# The runner cache survives `make clean` (it is a download); distclean removes it.
distclean-local: distclean-bogo
distclean-bogo:
	-rm -rf $(top_builddir)/tests/bogo/cache
.PHONY: distclean-bogo
