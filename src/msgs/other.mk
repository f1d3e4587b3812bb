# src/msgs: other handshake messages
