# src/provider/boringssl: signatures and X.509 (sig.c, x509.c)
