# tests/unit: msgs (hello family)
