#!/bin/sh
# smoke.sh - part of `make check`: every bench program runs every row once, untimed, and prints
# each row it should (tests/bench/run.sh --smoke).  This asserts that `make bench` works, never
# how fast anything is.  Where valgrind is installed (and the build is not sanitized, which
# valgrind cannot run), the deterministic mode is also exercised on one patina handshake.
set -eu
: "${top_srcdir:=.}" "${top_builddir:=.}"
sh "$top_srcdir/tests/bench/run.sh" --builddir "$top_builddir" --smoke
if command -v valgrind >/dev/null 2>&1 && ! grep -q '^SAN_CFLAGS = .*fsanitize' "$top_builddir/Makefile" 2>/dev/null; then
    out=$(mktemp)
    trap 'rm -f "$out" "$out.err"' EXIT
    if ! "$top_builddir/libtool" --mode=execute valgrind --tool=callgrind --collect-atstart=no \
        --callgrind-out-file="$out" "$top_builddir/tests/bench/bench-patina" \
        --only hs.tls13.ecdsa-p256 --callgrind server >/dev/null 2>"$out.err"; then
        if grep -q 'debuginfo reader' "$out.err"; then
            # valgrind 3.19 cannot read clang 14's DWARF 5 and gives up before running anything.
            echo "callgrind: this valgrind cannot read the build's debug info; deterministic mode not checked"
            exit 0
        fi
        cat "$out.err"
        exit 1
    fi
    ir=$(sed -n 's/^\(totals\|summary\): *\([0-9][0-9]*\).*/\2/p' "$out" | head -n 1)
    echo "callgrind: one server handshake = ${ir:-?} instructions"
    # A TLS 1.3 server handshake with an ECDSA signature is a few million instructions: zero
    # would mean the collection toggles never fired, a billion that they never turned off.
    [ -n "$ir" ] && [ "$ir" -gt 100000 ] && [ "$ir" -lt 1000000000 ]
fi
