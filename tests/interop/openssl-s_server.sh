#!/bin/sh
# openssl-s_server.sh - patina's tlsclient against `openssl s_server -tls1_3` on 127.0.0.1:
# every TLS 1.3 suite (chosen with tlsclient --suite, and again with s_server -ciphersuites) with
# every server key type (RSA-2048, ECDSA P-256, ECDSA P-384, Ed25519), with SNI and ALPN; each key
# exchange group (X25519, P-256 and P-384, both with a HelloRetryRequest); stdin mode; client
# authentication; refusals (a wrong SNI name, an unknown root, no client certificate); and the
# keying material exporter (tlsclient --export against s_server -keymatexport).
#
# What is checked, on both sides:
#  - tlsclient exits 0 and prints s_server's -www status page, which is s_server's own account of
#    the connection ("New, TLSv1.3, Cipher is TLS_...");
#  - tlsclient --print-session shows TLS 1.3, the suite (rustls name), the group, ALPN http/1.1,
#    and a HelloRetryRequest exactly when s_server accepts only a group other than X25519 (the
#    client's first key share, RFC 8446 section 4.1.4);
#  - s_server saw the SNI name: with -servername it logs `Hostname in TLS extension: "NAME"` for
#    each ClientHello.  The name given to -servername is one no client sends, so s_server never
#    switches to its -cert2 context (which would lose -alpn); a last check with
#    -servername_fatal shows that s_server really compares the name (unrecognized_name alert).
. "${top_srcdir:-.}/tests/interop/lib.sh"
need "$TLSCLIENT"

# start_s_server NAME NACCEPT KEYTYPE [s_server options...]: s_server in the background on an
# ephemeral port ($PORT), exiting after NACCEPT connections (so its log is complete).
start_s_server() {
    _name=$1 _n=$2 _kt=$3
    shift 3
    bg "$TMP/$_name.log" "$OPENSSL" s_server -accept 127.0.0.1:0 -naccept "$_n" -tls1_3 -www \
        -cert "$DATA/$_kt.pem" -cert_chain "$DATA/inter.pem" -key "$DATA/$_kt.key.pk8.pem" \
        -servername sni-probe.invalid -cert2 "$DATA/$_kt.pem" -key2 "$DATA/$_kt.key.pk8.pem" "$@"
    SERVER_PID=$BG_PID
    wait_port "$SERVER_PID" "$TMP/$_name.log" 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p'
}

# client NAME [tlsclient options...]: tlsclient --http to localhost:$PORT; output in NAME.out/.err.
client() {
    _name=$1
    shift
    tmo 10 "$TLSCLIENT" --http --cafile "$DATA/ca.pem" --proto http/1.1 --print-session -p "$PORT" "$@" localhost \
        </dev/null >"$TMP/$_name.out" 2>"$TMP/$_name.err"
}

for kt in $KEYTYPES; do
    n=0
    for s in $SUITES; do
        n=$((n + 1))
    done
    if ! start_s_server "s_server-$kt" "$n" "$kt" -alpn http/1.1; then
        fail "s_server with $kt did not start"
        show "$TMP/s_server-$kt.log"
        continue
    fi
    for s in $SUITES; do
        rs=TLS13_${s#TLS_}
        name="$kt-$s"
        client "$name" --suite "$rs"
        st=$?
        # s_server's view of the suite, in rustls's spelling, must be what tlsclient reports.
        got=$(sed -n 's/^New, TLSv1.3, Cipher is TLS_\(.*\)$/TLS13_\1/p' "$TMP/$name.out")
        if [ $st -eq 0 ] && [ -n "$got" ] &&
            expect "$TMP/$name.err" '^protocol version: TLSv1\.3$' "version" &&
            expect "$TMP/$name.err" "^cipher suite: $got\$" "the suite s_server chose" &&
            expect "$TMP/$name.err" '^key exchange group: X25519$' "group" &&
            expect "$TMP/$name.err" '^ALPN protocol: http/1\.1$' "ALPN" &&
            expect "$TMP/$name.err" '^handshake kind: full$' "no HRR"; then
            pass "tlsclient -> s_server, $kt, $got"
        else
            fail "tlsclient -> s_server, $kt, --suite $rs (tlsclient status $st)"
            show "$TMP/$name.err" "$TMP/$name.out"
        fi
        if [ "$got" = "$rs" ]; then
            pass "tlsclient --suite $rs is the suite s_server chose"
        else
            fail "tlsclient --suite $rs, but s_server chose ${got:-nothing}"
        fi
    done
    wait_exit "$SERVER_PID" 5
    sni=$(grep -c '^Hostname in TLS extension: "localhost"$' "$TMP/s_server-$kt.log")
    if [ "$sni" -eq "$n" ]; then
        pass "s_server ($kt) saw SNI localhost $n times"
    else
        fail "s_server ($kt) saw SNI localhost $sni times, not $n"
        show "$TMP/s_server-$kt.log"
    fi
done

# Each suite chosen by s_server (-ciphersuites allows only it), whatever tlsclient prefers.
set -- rsa2048 ecdsa-p384 ed25519
for s in $SUITES; do
    kt=$1
    shift
    rs=TLS13_${s#TLS_}
    name="only-$s"
    if ! start_s_server "s_server-$name" 1 "$kt" -alpn http/1.1 -ciphersuites "$s"; then
        fail "s_server -ciphersuites $s did not start"
        continue
    fi
    client "$name"
    st=$?
    if [ $st -eq 0 ] && expect "$TMP/$name.out" "^New, TLSv1.3, Cipher is $s\$" "s_server's view" &&
        expect "$TMP/$name.err" "^cipher suite: $rs\$" "suite" &&
        expect "$TMP/$name.err" '^ALPN protocol: http/1\.1$' "ALPN"; then
        pass "tlsclient -> s_server -ciphersuites $s ($kt)"
    else
        fail "tlsclient -> s_server -ciphersuites $s ($kt) (tlsclient status $st)"
        show "$TMP/$name.err" "$TMP/$name.out"
    fi
    wait_exit "$SERVER_PID" 5
done

# Groups: s_server accepts exactly one.  The client's key share is X25519, so P-256 and P-384
# need a HelloRetryRequest.
for g in X25519:X25519:full P-256:secp256r1:'full with hello retry request' \
    P-384:secp384r1:'full with hello retry request'; do
    og=${g%%:*}
    rest=${g#*:}
    rg=${rest%%:*}
    kind=${rest#*:}
    name="group-$og"
    if ! start_s_server "s_server-$name" 1 ecdsa-p256 -alpn http/1.1 -groups "$og"; then
        fail "s_server with -groups $og did not start"
        show "$TMP/s_server-$name.log"
        continue
    fi
    client "$name"
    st=$?
    if [ $st -eq 0 ] &&
        expect "$TMP/$name.out" '^New, TLSv1.3, Cipher is ' "s_server's view" &&
        expect "$TMP/$name.err" "^key exchange group: $rg\$" "group" &&
        expect "$TMP/$name.err" "^handshake kind: $kind\$" "handshake kind" &&
        expect "$TMP/$name.err" '^ALPN protocol: http/1\.1$' "ALPN"; then
        pass "tlsclient -> s_server -groups $og: $rg, $kind"
    else
        fail "tlsclient -> s_server -groups $og (tlsclient status $st)"
        show "$TMP/$name.err" "$TMP/$name.out"
    fi
    wait_exit "$SERVER_PID" 5
done

# Without --http tlsclient sends its stdin.  s_server -rev answers each line reversed, and a
# line "CLOSE" makes it send close_notify: tlsclient must print the answer and exit 0.
if start_s_server s_server-rev 1 ed25519 -rev; then
    printf 'hello patina\nCLOSE\n' | tmo 10 "$TLSCLIENT" --cafile "$DATA/ca.pem" -p "$PORT" localhost \
        >"$TMP/rev.out" 2>"$TMP/rev.err"
    st=$?
    if [ $st -eq 0 ] && expect "$TMP/rev.out" '^anitap olleh$' "the reversed line"; then
        pass "tlsclient sends stdin to s_server -rev and ends cleanly on its close_notify"
    else
        fail "stdin to s_server -rev: tlsclient status $st"
        show "$TMP/rev.out" "$TMP/rev.err"
    fi
    wait_exit "$SERVER_PID" 5
else
    fail "s_server -rev did not start"
fi

# --max-frag-size 64 (patina_client_config_builder_set_max_fragment_size): every record we send,
# the ClientHello included, carries at most 59 bytes; OpenSSL must reassemble them.
if start_s_server s_server-frag 1 ecdsa-p256 -rev; then
    printf 'a line that does not fit in one small record: 0123456789abcdefghij\nCLOSE\n' |
        tmo 10 "$TLSCLIENT" --max-frag-size 64 --cafile "$DATA/ca.pem" -p "$PORT" localhost \
        >"$TMP/frag.out" 2>"$TMP/frag.err"
    st=$?
    if [ $st -eq 0 ] && expect "$TMP/frag.out" '^jihgfedcba9876543210' "the reversed line"; then
        pass "tlsclient --max-frag-size 64 interoperates (fragmented ClientHello and data)"
    else
        fail "--max-frag-size 64: tlsclient status $st"
        show "$TMP/frag.out" "$TMP/frag.err"
    fi
    wait_exit "$SERVER_PID" 5
else
    fail "s_server -rev (max-frag) did not start"
fi

# Client authentication: s_server -Verify 1 demands a certificate chaining to ca.pem.  With
# --auth-certs/--auth-key its status page shows our client certificate; without them s_server
# refuses the handshake with certificate_required (RFC 8446 section 4.4.2.4).
for with_cert in yes no; do
    if ! start_s_server "s_server-auth-$with_cert" 1 ecdsa-p384 -Verify 1 -CAfile "$DATA/ca.pem" -verify_return_error; then
        fail "s_server -Verify did not start"
        continue
    fi
    if [ $with_cert = yes ]; then
        client auth-yes --auth-certs "$DATA/client.chain.pem" --auth-key "$DATA/client.key.pk8.pem"
        st=$?
        if [ $st -eq 0 ] && expect "$TMP/auth-yes.out" 'Subject: CN *= *client.testserver.com' "our certificate"; then
            pass "tlsclient --auth-certs/--auth-key -> s_server -Verify 1"
        else
            fail "client auth: tlsclient status $st"
            show "$TMP/auth-yes.err" "$TMP/auth-yes.out"
        fi
    else
        client auth-no
        st=$?
        if [ $st -eq 1 ] && expect "$TMP/auth-no.err" 'alert certificate_required' "the alert in the error text"; then
            pass "s_server -Verify 1 refuses tlsclient without a certificate"
        else
            fail "no client certificate: tlsclient status $st"
            show "$TMP/auth-no.err"
        fi
    fi
    wait_exit "$SERVER_PID" 5
done

# A name s_server does not serve: with -servername_fatal it refuses it, and the client must fail
# with that alert before any certificate is sent.  testserver.com is in the certificate, so only
# SNI differs.
if start_s_server s_server-wrong-sni 1 ecdsa-p256 -servername localhost -servername_fatal; then
    tmo 10 "$TLSCLIENT" --http --cafile "$DATA/ca.pem" -p "$PORT" --connect 127.0.0.1 testserver.com </dev/null \
        >"$TMP/wrong-sni.out" 2>"$TMP/wrong-sni.err"
    st=$?
    if [ $st -eq 1 ] && expect "$TMP/wrong-sni.err" 'alert unrecognized_name' "the alert in the error text"; then
        pass "s_server -servername_fatal refuses SNI testserver.com and tlsclient reports it"
    else
        fail "wrong SNI: tlsclient status $st"
        show "$TMP/wrong-sni.err"
    fi
    wait_exit "$SERVER_PID" 5
else
    fail "s_server for the wrong-SNI check did not start"
    show "$TMP/s_server-wrong-sni.log"
fi

# A server whose chain does not lead to the client's roots: tlsclient must refuse it (exit 1,
# rustls_error's text for CERT_UNKNOWN_ISSUER), and s_server must see the alert.
if start_s_server s_server-unknown-ca 1 ecdsa-p256; then
    tmo 10 "$TLSCLIENT" --http --cafile "$DATA/other-ca.pem" -p "$PORT" localhost </dev/null \
        >"$TMP/unknown-ca.out" 2>"$TMP/unknown-ca.err"
    st=$?
    wait_exit "$SERVER_PID" 5
    if [ $st -eq 1 ] && expect "$TMP/unknown-ca.err" 'does not chain to a trusted root' "the error text" &&
        expect "$TMP/s_server-unknown-ca.log" 'alert' "s_server got an alert"; then
        pass "tlsclient refuses a chain to an unknown root"
    else
        fail "unknown root: tlsclient status $st"
        show "$TMP/unknown-ca.err" "$TMP/s_server-unknown-ca.log"
    fi
else
    fail "s_server for the unknown-root check did not start"
fi

# Exporter (patina.h patina_connection_export_keying_material, RFC 8446 section 7.5): for the same
# connection, tlsclient --export and s_server -keymatexport with the same label and length must
# print the same bytes; OpenSSL's TLS-Exporter is the independent reference.  s_server prints
# "Keying material:" only in its default interactive mode (not with -www or -rev), so it reads
# its stdin from a FIFO held open here, and a "Q" line there makes it send close_notify and exit
# once tlsclient has printed its export.  Lengths: 12240 = 255 * 48, HKDF's maximum for SHA-384
# (RFC 5869 section 2.3), and 100 for a SHA-256 suite.
for spec in TLS_AES_256_GCM_SHA384:EXPERIMENTAL-patina-interop:12240 \
    TLS_CHACHA20_POLY1305_SHA256:EXPERIMENTAL-patina-interop:100; do
    s=${spec%%:*} rest=${spec#*:}
    label=${rest%:*} len=${rest##*:}
    name="export-$s"
    rm -f "$TMP/ctl"
    if ! mkfifo "$TMP/ctl"; then
        fail "mkfifo for the exporter check"
        continue
    fi
    "$OPENSSL" s_server -accept 127.0.0.1:0 -naccept 1 -tls1_3 -cert "$DATA/rsa2048.pem" -cert_chain "$DATA/inter.pem" \
        -key "$DATA/rsa2048.key.pk8.pem" -ciphersuites "$s" -keymatexport "$label" -keymatexportlen "$len" \
        <"$TMP/ctl" >"$TMP/s_server-$name.log" 2>&1 &
    SERVER_PID=$!
    BG_PIDS="$BG_PIDS $SERVER_PID"
    exec 3>"$TMP/ctl" # opening the FIFO's write end lets s_server open its read end
    if ! wait_port "$SERVER_PID" "$TMP/s_server-$name.log" 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p'; then
        exec 3>&-
        fail "s_server -keymatexport ($s) did not start"
        show "$TMP/s_server-$name.log"
        continue
    fi
    bg "$TMP/$name.err" tmo 10 "$TLSCLIENT" --cafile "$DATA/ca.pem" -p "$PORT" --print-session --export "$label:$len" \
        localhost
    CLIENT_PID=$BG_PID
    _i=0
    while [ $_i -lt 100 ] && ! grep -q '^keying material: ' "$TMP/$name.err" && kill -0 "$CLIENT_PID" 2>/dev/null; do
        sleep 0.1
        _i=$((_i + 1))
    done
    echo Q >&3
    exec 3>&-
    wait_exit "$CLIENT_PID" 5
    st=$?
    wait_exit "$SERVER_PID" 5
    theirs=$(sed -n 's/^ *Keying material: \([0-9A-F]*\)$/\1/p' "$TMP/s_server-$name.log" | tail -n 1)
    ours=$(sed -n 's/^keying material: //p' "$TMP/$name.err" | tail -n 1)
    if [ $st -eq 0 ] && [ ${#theirs} -eq $((2 * len)) ] && [ "$ours" = "$theirs" ] &&
        expect "$TMP/$name.err" "^cipher suite: TLS13_${s#TLS_}\$" "suite"; then
        pass "tlsclient --export $label:$len equals s_server -keymatexport, $s"
    else
        fail "exporter $label:$len, $s: tlsclient status $st," \
            "s_server '$(printf %.64s "$theirs")...', tlsclient '$(printf %.64s "$ours")...'"
        show "$TMP/$name.err" "$TMP/s_server-$name.log"
    fi
done

finish
