# tests/unit: keys
