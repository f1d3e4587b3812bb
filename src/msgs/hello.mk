# src/msgs: hello family (extension blocks and codecs, ClientHello, ServerHello/HRR, EncryptedExtensions)
libpatina_core_la_SOURCES += \
	src/msgs/extensions.h src/msgs/extensions.c \
	src/msgs/client_hello.h src/msgs/client_hello.c \
	src/msgs/server_hello.h src/msgs/server_hello.c \
	src/msgs/encrypted_extensions.h src/msgs/encrypted_extensions.c
