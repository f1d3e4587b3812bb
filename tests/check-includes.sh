#!/bin/sh
# Only src/provider/boringssl/ may include OpenSSL-style headers (DESIGN.md section 1): every
# other file reaches cryptography through src/provider/provider.h.
set -eu
cd "${top_srcdir:-.}"
bad=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]openssl/' src include examples 2>/dev/null |
      grep -v '^src/provider/boringssl/' || true)
if [ -n "$bad" ]; then
    echo "FAIL: these files include <openssl/...> outside src/provider/boringssl/:"
    echo "$bad"
    exit 1
fi
n=$(grep -rlE '#[[:space:]]*include[[:space:]]*<openssl/' src/provider/boringssl | wc -l)
echo "ok: only src/provider/boringssl/ includes <openssl/...> ($n files there)"
