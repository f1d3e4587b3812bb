# tests/handshake: in-memory client<->server handshakes through the public API.
