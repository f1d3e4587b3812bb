# tests/unit: provider
