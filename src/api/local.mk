# src/api: rustls_* and patina_* entry points (NULL checks, conversions, refcounts).
libpatina_core_la_SOURCES += \
	src/api/ciphersuite.c \
	src/api/selftest.c \
	src/api/version.c
