# src/client: the client handshake state machines (TLS 1.3: hello.c, tls13.c, cert13.c) and the
# rustls_client_connection_* entry points.
libpatina_core_la_SOURCES += \
	src/client/client.h \
	src/client/tls13.h \
	src/client/hello.c \
	src/client/tls13.c \
	src/client/cert13.c \
	src/api/client_connection.c
