# connection: the rustls_connection_* entry points (src/conn/ holds their semantics).
libpatina_core_la_SOURCES += src/api/connection.c
