# src/record: deframer, record protection, handshake joiner, fragmenter.
libpatina_core_la_SOURCES += \
	src/record/record.h \
	src/record/deframer.h src/record/deframer.c \
	src/record/protect.h src/record/protect.c \
	src/record/joiner.h src/record/joiner.c \
	src/record/fragmenter.h src/record/fragmenter.c
