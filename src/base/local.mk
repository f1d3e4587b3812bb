# src/base: cursors, the error type, secret hygiene, byte queues, refcounts, logging.
# Depends on nothing else in patina.
libpatina_core_la_SOURCES += \
	src/base/buf.h src/base/buf.c \
	src/base/compiler.h \
	src/base/err.h src/base/err.c \
	src/base/log.h src/base/log.c \
	src/base/mem.h src/base/mem.c \
	src/base/reader.h src/base/reader.c \
	src/base/refcount.h \
	src/base/slice.h \
	src/base/writer.h src/base/writer.c
