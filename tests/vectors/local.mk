# tests/vectors: RFC test vectors
