# src/record: deframer, record protection, handshake joiner, fragmenter.
