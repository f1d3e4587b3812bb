#!/bin/sh
# Only src/provider/boringssl/ may include OpenSSL-style headers (DESIGN.md section 1): every
# other file reaches cryptography through src/provider/provider.h.  Tests follow the same rule,
# except the BoringSSL provider's own tests listed here, which read libcrypto's error queue to
# prove that a failure (a forged record, a bad key share) leaves nothing behind for the next
# caller, and tests/bench/bench_libssl.c, the benchmark of libssl itself (BoringSSL's and OpenSSL's),
# which is a program on that API and no part of patina.
set -eu
cd "${top_srcdir:-.}"
allowed_tests='tests/unit/test_aead.c tests/unit/test_kx.c tests/bench/bench_libssl.c'
bad=""
for f in $(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]openssl/' src include examples tests 2>/dev/null); do
    case "$f" in
        src/provider/boringssl/*) continue ;;
    esac
    case " $allowed_tests " in
        *" $f "*) continue ;;
    esac
    bad="$bad $f"
done
if [ -n "$bad" ]; then
    echo "FAIL: these files include <openssl/...> outside src/provider/boringssl/:"
    printf '  %s\n' $bad
    exit 1
fi
n=$(grep -rlE '#[[:space:]]*include[[:space:]]*<openssl/' src/provider/boringssl | wc -l)
echo "ok: only src/provider/boringssl/ ($n files) and the provider's error-queue tests include <openssl/...>"
