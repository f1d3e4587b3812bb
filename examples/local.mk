# examples/: programs that use only the public API, linked against the installed-style
# libpatina.la (not the convenience library), exactly as a user's program would be.
EXAMPLE_CPPFLAGS = -I$(top_srcdir)/include
EXAMPLE_LDADD = libpatina.la

noinst_PROGRAMS += examples/selftest
examples_selftest_SOURCES = examples/selftest.c
examples_selftest_CPPFLAGS = $(EXAMPLE_CPPFLAGS)
examples_selftest_LDADD = $(EXAMPLE_LDADD)

# The README's Quick start demo.
demo: examples/selftest$(EXEEXT)
	$(top_builddir)/examples/selftest
.PHONY: demo

# The demo doubles as a test: the self-test must pass through the public API of the shared library.
TESTS += examples/selftest

# installcheck: build the demo against the installed headers and library through pkg-config,
# exactly as a user's program would (`#include <rustls.h>`, `pkg-config --cflags --libs patina`),
# and run it.  distcheck runs this after its test install.
installcheck-local:
	@set -e; pc="$(DESTDIR)$(pkgconfigdir)"; \
	cflags=`PKG_CONFIG_PATH="$$pc" $(PKG_CONFIG) --define-variable=prefix="$(DESTDIR)$(prefix)" --cflags patina`; \
	libs=`PKG_CONFIG_PATH="$$pc" $(PKG_CONFIG) --define-variable=prefix="$(DESTDIR)$(prefix)" --libs patina`; \
	echo "installcheck: cc $$cflags selftest.c $$libs"; \
	$(CC) -std=c11 $(SAN_CFLAGS) $$cflags $(srcdir)/examples/selftest.c -o installcheck-selftest$(EXEEXT) \
		$$libs -Wl,-rpath,"$(DESTDIR)$(libdir)"; \
	./installcheck-selftest$(EXEEXT) -q; rm -f installcheck-selftest$(EXEEXT)
