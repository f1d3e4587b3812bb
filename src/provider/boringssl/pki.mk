# src/provider/boringssl: signatures and X.509 (sig.c, x509.c), with their shared PEM walker.
libpatina_core_la_SOURCES += \
	src/provider/boringssl/pki.h \
	src/provider/boringssl/pki_internal.h \
	src/provider/boringssl/pem.c \
	src/provider/boringssl/sig.c \
	src/provider/boringssl/x509.c
