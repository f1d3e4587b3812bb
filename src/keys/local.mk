# src/keys: transcript hash, TLS 1.3 key schedule, TLS 1.2 PRF / EMS.
libpatina_core_la_SOURCES += \
	src/keys/transcript.h src/keys/transcript.c \
	src/keys/hkdf_label.h src/keys/hkdf_label.c \
	src/keys/tls13_schedule.h src/keys/tls13_schedule.c \
	src/keys/tls12_prf.h src/keys/tls12_prf.c
