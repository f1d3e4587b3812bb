# tests/interop: patina against openssl s_client/s_server on 127.0.0.1.
