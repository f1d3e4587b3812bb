# src/server: the server handshake state machines, and the server's rustls_* entry points.
libpatina_core_la_SOURCES += \
	src/server/server.h \
	src/server/choose.c \
	src/server/choose.h \
	src/server/tls13.c \
	src/server/tls13.h \
	src/server/hello13.c \
	src/server/flight13.c \
	src/server/hello_cb.c \
	src/api/client_hello.c \
	src/api/server_connection.c
