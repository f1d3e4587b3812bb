# src/server: the server handshake state machines.
libpatina_core_la_SOURCES += \
	src/server/server.h
