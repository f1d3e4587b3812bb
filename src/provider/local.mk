# src/provider: the provider interface and its BoringSSL implementation.  Only files under
# src/provider/boringssl/ may include <openssl/...> (tests/check-includes.sh enforces it).
libpatina_core_la_SOURCES += \
	src/provider/provider.h \
	src/provider/hash_util.c \
	src/provider/suites.h \
	src/provider/suites.c \
	src/provider/boringssl/bssl.h \
	src/provider/boringssl/aead.c \
	src/provider/boringssl/hash.c \
	src/provider/boringssl/kx.c \
	src/provider/boringssl/rand.c
include src/provider/boringssl/pki.mk
