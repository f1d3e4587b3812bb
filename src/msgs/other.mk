# src/msgs: other handshake messages (everything but the hello family), plus alert and CCS
libpatina_core_la_SOURCES += \
	src/msgs/alert.c src/msgs/alert.h \
	src/msgs/certificate.c src/msgs/certificate.h \
	src/msgs/certificate_request.c src/msgs/certificate_request.h \
	src/msgs/certificate_status.c src/msgs/certificate_status.h \
	src/msgs/certificate_verify.c src/msgs/certificate_verify.h \
	src/msgs/change_cipher_spec.c src/msgs/change_cipher_spec.h \
	src/msgs/end_of_early_data.c src/msgs/end_of_early_data.h \
	src/msgs/finished.c src/msgs/finished.h \
	src/msgs/key_update.c src/msgs/key_update.h \
	src/msgs/new_session_ticket.c src/msgs/new_session_ticket.h \
	src/msgs/tls12_key_exchange.c src/msgs/tls12_key_exchange.h
