# tests/unit: msgs (other handshake messages)
