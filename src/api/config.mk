# config: client and server configs, key log, callback lists, HPKE (issue 3).
libpatina_core_la_SOURCES += \
	src/api/client_config.c \
	src/api/config_common.c \
	src/api/config_common.h \
	src/api/hpke.c \
	src/api/server_config.c \
	src/api/slices.c \
	src/api/slices.h \
	src/conn/config.c \
	src/conn/keylog.c
