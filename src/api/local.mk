# src/api: rustls_* and patina_* entry points (NULL checks, conversions, refcounts).
libpatina_core_la_SOURCES += \
	src/api/certified_key.c \
	src/api/certified_key.h \
	src/api/ciphersuite.c \
	src/api/crypto_provider.c \
	src/api/crypto_provider.h \
	src/api/root_store.c \
	src/api/root_store.h \
	src/api/selftest.c \
	src/api/verifier.c \
	src/api/verifier.h \
	src/api/version.c
include src/api/connection.mk
include src/api/config.mk
include src/api/exporter.mk
