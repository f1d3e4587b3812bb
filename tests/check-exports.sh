#!/bin/sh
# The shared library exports only the public API: rustls_*, RUSTLS_* and patina_* symbols.
# Anything else (pt_* internals, BoringSSL symbols) leaking out would be an ABI we never meant
# to promise and could clash with other libraries in the same process.
set -eu
so="${top_builddir:-.}/.libs/libpatina.so"
if [ ! -f "$so" ]; then
    echo "SKIP: $so not built (static-only build)"
    exit 77
fi
nm_cmd="${NM:-nm}"
syms=$($nm_cmd -D --defined-only "$so" | awk 'NF >= 3 { print $3 }')
bad=$(printf '%s\n' "$syms" | grep -vE '^(rustls_|RUSTLS_|patina_)' | grep -v '^$' || true)
if [ -n "$bad" ]; then
    echo "FAIL: libpatina.so exports symbols outside the public API:"
    printf '%s\n' "$bad"
    exit 1
fi
count=$(printf '%s\n' "$syms" | grep -cE '^(rustls_|RUSTLS_|patina_)' || true)
if [ "$count" -lt 1 ]; then
    echo "FAIL: libpatina.so exports no public symbols"
    exit 1
fi
printf '%s\n' "$syms" | grep -qx rustls_version || { echo "FAIL: rustls_version is not exported"; exit 1; }
echo "ok: $count public symbols exported, nothing else"
