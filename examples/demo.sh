#!/bin/sh
# demo.sh - the README's Quick start: patina's tlsserver and tlsclient talk TLS 1.3 on
# 127.0.0.1 with the test PKI, and the client shows what was negotiated.
#
# Usage: examples/demo.sh [BUILDDIR [SRCDIR]]   (default: $top_builddir/$top_srcdir, else .)
# `make demo` runs it; `make check` runs it as a test too.  Exit status 0 only when every step
# worked; the server is always killed, and no step can hang (each has a time limit).

builddir=${1:-${top_builddir:-.}}
srcdir=${2:-${top_srcdir:-.}}
server=$builddir/examples/tlsserver
client=$builddir/examples/tlsclient
data=$srcdir/tests/data

tmp=$(mktemp -d "${TMPDIR:-/tmp}/patina-demo.XXXXXX") || exit 1
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

if command -v timeout >/dev/null 2>&1; then
    with_timeout() { timeout "$@"; }
else
    with_timeout() { shift; "$@"; }
fi

die() {
    echo "demo: FAILED: $*" >&2
    for f in server.out server.err client.out client.err; do
        if [ -s "$tmp/$f" ]; then
            echo "--- $f" >&2
            cat "$tmp/$f" >&2
        fi
    done
    exit 1
}

for prog in "$server" "$client"; do
    [ -x "$prog" ] || die "$prog is not built (run make first)"
done

echo "== tlsserver: ECDSA P-256 certificate for localhost, ALPN http/1.1, an ephemeral port on 127.0.0.1"
"$server" --port 0 --certs "$data/ecdsa-p256.chain.pem" --key "$data/ecdsa-p256.key.pk8.pem" \
    --proto http/1.1 --print-sni --once http >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!

# The first line on the server's stdout is "listening on 127.0.0.1:PORT"; wait up to 10 s for it.
port=
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$tmp/server.out" 2>/dev/null)
    if [ -z "$port" ]; then
        kill -0 "$server_pid" 2>/dev/null || die "tlsserver exited before listening"
        sleep 0.1
    fi
    i=$((i + 1))
done
[ -n "$port" ] || die "tlsserver did not say where it listens"
echo "   $(cat "$tmp/server.out")"

echo "== tlsclient --http --cafile tests/data/ca.pem --proto http/1.1 --print-session -p $port localhost"
with_timeout 10 "$client" --http --cafile "$data/ca.pem" --proto http/1.1 --print-session -p "$port" localhost \
    >"$tmp/client.out" 2>"$tmp/client.err"
status=$?
[ $status -eq 0 ] || die "tlsclient exited with status $status"

echo "-- negotiated (tlsclient --print-session, on stderr):"
sed 's/^/   /' "$tmp/client.err"
echo "-- HTTP response (tlsclient's stdout):"
sed 's/^/   /' "$tmp/client.out"

# --once: the server exits after this connection; give it up to 5 s.
i=0
while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
if kill -0 "$server_pid" 2>/dev/null; then
    die "tlsserver did not finish the connection"
fi
wait "$server_pid"
server_status=$?
server_pid=
echo "-- the server saw (tlsserver --print-sni, on stderr):"
grep -e '^SNI: ' -e '^ALPN protocol: ' "$tmp/server.err" | sed 's/^/   /'

[ $server_status -eq 0 ] || die "tlsserver exited with status $server_status"
grep -q '^protocol version: TLSv1\.3$' "$tmp/client.err" || die "not TLS 1.3"
grep -q '^cipher suite: TLS13_' "$tmp/client.err" || die "no TLS 1.3 cipher suite"
grep -q '^key exchange group: .' "$tmp/client.err" || die "no key exchange group"
grep -q '^ALPN protocol: http/1\.1$' "$tmp/client.err" || die "ALPN did not agree on http/1.1"
grep -q '^HTTP/1\.0 200 OK' "$tmp/client.out" || die "no HTTP response"
grep -q 'Hello world from patina tlsserver' "$tmp/client.out" || die "wrong HTTP body"
grep -q '^SNI: localhost$' "$tmp/server.err" || die "the server did not see SNI localhost"
echo "== demo: OK"
