# src/msgs: hello family
