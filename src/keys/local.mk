# src/keys: transcript hash, TLS 1.3 key schedule, TLS 1.2 PRF / EMS.
