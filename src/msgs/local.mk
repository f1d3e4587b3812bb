# src/msgs: one codec per handshake message or extension family (bytes only, no connection).
libpatina_core_la_SOURCES += \
	src/msgs/msgs.h
include src/msgs/hello.mk
include src/msgs/other.mk
