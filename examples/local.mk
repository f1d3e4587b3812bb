# examples/: programs that use only the public API, linked against the installed-style
# libpatina.la (not the convenience library), exactly as a user's program would be.
EXAMPLE_CPPFLAGS = -I$(top_srcdir)/include
EXAMPLE_LDADD = libpatina.la

noinst_PROGRAMS += examples/selftest
examples_selftest_SOURCES = examples/selftest.c
examples_selftest_CPPFLAGS = $(EXAMPLE_CPPFLAGS)
examples_selftest_LDADD = $(EXAMPLE_LDADD)

# tlsclient and tlsserver: C ports of rustls's tlsclient-mio and tlsserver-mio examples (public
# API only: they include nothing but rustls.h, and link the shared library as a user's program).
TLS_EXAMPLE_LDADD = $(EXAMPLE_LDADD)
noinst_PROGRAMS += examples/tlsclient examples/tlsserver
examples_tlsclient_SOURCES = examples/tlsclient.c examples/common.c examples/common.h
examples_tlsclient_CPPFLAGS = $(EXAMPLE_CPPFLAGS)
examples_tlsclient_LDADD = $(TLS_EXAMPLE_LDADD)
examples_tlsserver_SOURCES = examples/tlsserver.c examples/common.c examples/common.h
examples_tlsserver_CPPFLAGS = $(EXAMPLE_CPPFLAGS)
examples_tlsserver_LDADD = $(TLS_EXAMPLE_LDADD)

# The README's Quick start demo: the self-test, then tlsserver and tlsclient on 127.0.0.1
# (examples/demo.sh; it fails if any step does).
demo: examples/selftest$(EXEEXT) examples/tlsclient$(EXEEXT) examples/tlsserver$(EXEEXT)
	$(top_builddir)/examples/selftest -q
	$(SHELL) $(srcdir)/examples/demo.sh $(top_builddir) $(top_srcdir)
.PHONY: demo

# The demo doubles as a test: the self-test must pass through the public API of the shared
# library, and so must the TLS demo.
TESTS += examples/selftest examples/demo.sh
dist_noinst_SCRIPTS += examples/demo.sh

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
