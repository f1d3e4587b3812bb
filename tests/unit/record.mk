# tests/unit: record
