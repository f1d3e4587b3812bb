# src/conn: the connection core (record I/O, dispatch, alerts, key update, plaintext queues).
libpatina_core_la_SOURCES += \
	src/conn/configs.h \
	src/conn/conn.c \
	src/conn/conn.h \
	src/conn/conn_impl.h \
	src/conn/dispatch.c \
	src/conn/io.c \
	src/conn/keylog.h \
	src/conn/post_handshake.c
