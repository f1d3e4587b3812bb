# src/client: the client handshake state machines.
libpatina_core_la_SOURCES += \
	src/client/client.h
