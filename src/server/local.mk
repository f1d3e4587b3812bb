# src/server: the server handshake state machines, and the server's rustls_* entry points.
libpatina_core_la_SOURCES += \
	src/server/server.h \
	src/server/choose.c \
	src/server/choose.h \
	src/api/client_hello.c
