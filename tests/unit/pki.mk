# tests/unit: signatures and X.509
