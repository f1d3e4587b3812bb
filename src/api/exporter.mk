# exporter: patina_connection_export_keying_material (patina.h "Exporters", RFC 8446 section 7.5).
libpatina_core_la_SOURCES += src/api/exporter.c
