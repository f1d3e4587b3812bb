#!/bin/sh
# Every function include/rustls.h and include/patina.h declare is defined and exported by the
# shared library: a program written for rustls-ffi that compiles against our header must also
# link.  (The header declares only what patina implements; see its top comment.)
set -eu
so="${top_builddir:-.}/.libs/libpatina.so"
if [ ! -f "$so" ]; then
    echo "SKIP: $so not built (static-only build)"
    exit 77
fi
src="${top_srcdir:-.}"
nm_cmd="${NM:-nm}"
exported=$($nm_cmd -D --defined-only "$so" | awk 'NF >= 3 { print $3 }' | sort -u)
# Declarations: identifiers followed by "(" at the start of a prototype, after the return type.
declared=$(sed -e 's|/\*.*\*/||' "$src/include/rustls.h" "$src/include/patina.h" |
    grep -oE '\b(rustls|patina)_[a-z0-9_]+\(' | tr -d '(' | sort -u)
missing=""
for f in $declared; do
    printf '%s\n' "$exported" | grep -qx "$f" || missing="$missing $f"
done
if [ -n "$missing" ]; then
    echo "FAIL: declared in the public headers but not exported:$missing"
    exit 1
fi
echo "ok: all $(printf '%s\n' "$declared" | wc -l) declared functions are exported"
