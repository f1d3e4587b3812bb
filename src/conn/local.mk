# src/conn: the connection core (record I/O, dispatch, alerts, key update, plaintext queues).
libpatina_core_la_SOURCES += \
	src/conn/config.h \
	src/conn/conn.h \
	src/conn/keylog.h
