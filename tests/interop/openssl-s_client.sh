#!/bin/sh
# openssl-s_client.sh - `openssl s_client -tls1_3` against patina's tlsserver (http mode) on
# 127.0.0.1: every TLS 1.3 suite with every server key type (RSA-2048, ECDSA P-256, ECDSA P-384,
# Ed25519), with SNI and ALPN; then each key exchange group, a HelloRetryRequest, a client that
# sends no SNI, tlsserver --suite, an ALPN refusal, echo mode, client authentication (with and
# without a client certificate), and the keying material exporter (tlsserver --export against
# s_client -keymatexport).
#
# What is checked, on both sides:
#  - s_client verifies the chain to tests/data/ca.pem for the SNI name (-verify_return_error,
#    -verify_hostname), agrees on ALPN http/1.1, reports the suite it asked for, and receives
#    tlsserver's HTTP response;
#  - tlsserver --print-session logs, for that connection, the SNI name s_client sent, the suite
#    (rustls name), the group and the handshake kind.
. "${top_srcdir:-.}/tests/interop/lib.sh"
need "$TLSSERVER"

# start_server NAME KEYTYPE [tlsserver options...]: tlsserver (http mode unless the options end
# with another mode) in the background on an ephemeral port ($PORT).
start_server() {
    _name=$1 _kt=$2
    shift 2
    [ $# -gt 0 ] || set -- http
    bg "$TMP/$_name.log" "$TLSSERVER" --port 0 --certs "$DATA/$_kt.chain.pem" --key "$DATA/$_kt.key.pk8.pem" \
        --proto http/1.1 --print-session "$@"
    SERVER_PID=$BG_PID
    wait_port "$SERVER_PID" "$TMP/$_name.log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p'
}

# s_client NAME SNI [s_client options...]: one HTTP request; output in NAME.out.  SNI "none"
# sends no server_name and checks the certificate for localhost.
s_client() {
    _name=$1 _sni=$2
    shift 2
    if [ "$_sni" = none ]; then
        set -- -noservername -verify_hostname localhost "$@"
    else
        set -- -servername "$_sni" -verify_hostname "$_sni" "$@"
    fi
    printf 'GET / HTTP/1.0\r\n\r\n' |
        tmo 10 "$OPENSSL" s_client -connect "127.0.0.1:$PORT" -tls1_3 -alpn http/1.1 -CAfile "$DATA/ca.pem" \
            -verify_return_error -ign_eof "$@" >"$TMP/$_name.out" 2>&1
}

# last LOG KEY: the value of the last "KEY: value" line tlsserver logged.
last() {
    sed -n "s/^$2: //p" "$1" | tail -n 1
}

# check_server LOG WHAT SNI SUITE GROUP KIND: tlsserver's account of the last connection.
check_server() {
    _ok=0
    for _kv in "SNI|$3" "protocol version|TLSv1.3" "cipher suite|$4" "key exchange group|$5" \
        "ALPN protocol|http/1.1" "handshake kind|$6"; do
        _k=${_kv%%|*} _v=${_kv#*|}
        _got=$(last "$1" "$_k")
        if [ "$_got" != "$_v" ]; then
            echo "  tlsserver logged '$_k: $_got', expected '$_v' ($2)"
            _ok=1
        fi
    done
    return $_ok
}

for kt in $KEYTYPES; do
    if ! start_server "tlsserver-$kt" "$kt"; then
        fail "tlsserver with $kt did not start"
        show "$TMP/tlsserver-$kt.log"
        continue
    fi
    sni=localhost
    for s in $SUITES; do
        rs=TLS13_${s#TLS_}
        name="$kt-$s"
        s_client "$name" "$sni" -ciphersuites "$s"
        st=$?
        if [ $st -eq 0 ] &&
            expect "$TMP/$name.out" "^New, TLSv1.3, Cipher is $s\$" "suite" &&
            expect "$TMP/$name.out" '^ALPN protocol: http/1.1$' "ALPN" &&
            expect "$TMP/$name.out" '^Verify return code: 0 (ok)$' "chain verified" &&
            expect "$TMP/$name.out" 'Hello world from patina tlsserver' "HTTP response" &&
            check_server "$TMP/tlsserver-$kt.log" "$name" "$sni" "$rs" X25519 full; then
            pass "s_client -> tlsserver, $kt, $s, SNI $sni"
        else
            fail "s_client -> tlsserver, $kt, $s, SNI $sni (s_client status $st)"
            show "$TMP/$name.out" "$TMP/tlsserver-$kt.log"
        fi
        # Both names are in every test leaf; alternate them so each SNI check sees a change.
        if [ $sni = localhost ]; then sni=testserver.com; else sni=localhost; fi
    done
    kill "$SERVER_PID" 2>/dev/null
done

# Groups, HelloRetryRequest, no SNI: one server.  s_client sends a key share for the first group
# of its -groups list only; X448 is one tlsserver does not support, so X448:P-256 makes it ask
# for P-256 with a HelloRetryRequest (RFC 8446 section 4.1.4).
if start_server tlsserver-groups ecdsa-p256; then
    for g in X25519:X25519:full:'X25519' P-256:secp256r1:full:'ECDH, prime256v1' \
        P-384:secp384r1:full:'ECDH, secp384r1' \
        X448:P-256:secp256r1:'full with hello retry request':'ECDH, prime256v1'; do
        case $g in
        X448:*) og=X448:P-256 rest=${g#X448:P-256:} ;;
        *) og=${g%%:*} rest=${g#*:} ;;
        esac
        rg=${rest%%:*} rest=${rest#*:}
        kind=${rest%%:*} tempkey=${rest#*:}
        name="group-$og"
        s_client "$name" localhost -groups "$og"
        st=$?
        # X448:P-256 is the one that needs a HelloRetryRequest.
        bug=none
        case $og in X448:*) bug=hrr-ccs ;; esac
        if [ $st -eq 0 ] &&
            expect "$TMP/$name.out" "^Server Temp Key: $tempkey" "s_client's view of the group" &&
            expect "$TMP/$name.out" 'Hello world from patina tlsserver' "HTTP response" &&
            check_server "$TMP/tlsserver-groups.log" "$name" localhost TLS13_AES_256_GCM_SHA384 "$rg" "$kind"; then
            pass_bug $bug "s_client -groups $og -> tlsserver: $rg, $kind"
        else
            fail_bug $bug "s_client -groups $og -> tlsserver (s_client status $st)"
            known $bug || show "$TMP/$name.out" "$TMP/tlsserver-groups.log"
        fi
    done

    s_client no-sni none
    st=$?
    if [ $st -eq 0 ] && expect "$TMP/no-sni.out" 'Hello world from patina tlsserver' "HTTP response" &&
        [ "$(last "$TMP/tlsserver-groups.log" SNI)" = none ]; then
        pass "s_client -noservername -> tlsserver: no SNI"
    else
        fail "s_client -noservername -> tlsserver (s_client status $st, SNI '$(last "$TMP/tlsserver-groups.log" SNI)')"
        show "$TMP/no-sni.out" "$TMP/tlsserver-groups.log"
    fi
    kill "$SERVER_PID" 2>/dev/null
else
    fail "tlsserver for the group checks did not start"
    show "$TMP/tlsserver-groups.log"
fi

# tlsserver --suite: only that suite, whatever s_client prefers (TLS_AES_256_GCM_SHA384 first).
if start_server tlsserver-suite ecdsa-p256 --suite TLS13_CHACHA20_POLY1305_SHA256 http; then
    s_client suite localhost
    st=$?
    got=$(last "$TMP/tlsserver-suite.log" "cipher suite")
    if [ $st -eq 0 ] && expect "$TMP/suite.out" "^New, TLSv1.3, Cipher is TLS_${got#TLS13_}\$" "the suite tlsserver chose"; then
        pass "tlsserver --suite <- s_client: handshake, both sides report ${got:-nothing}"
    else
        fail "tlsserver --suite (s_client status $st)"
        show "$TMP/suite.out" "$TMP/tlsserver-suite.log"
    fi
    if [ "$got" = TLS13_CHACHA20_POLY1305_SHA256 ]; then
        pass_bug server-suite "tlsserver --suite TLS13_CHACHA20_POLY1305_SHA256 is the suite chosen"
    else
        fail_bug server-suite "tlsserver --suite TLS13_CHACHA20_POLY1305_SHA256, but it chose ${got:-nothing}"
    fi
    kill "$SERVER_PID" 2>/dev/null
else
    fail "tlsserver --suite did not start"
fi

# ALPN: a client offering only protocols tlsserver does not accept gets no_application_protocol
# (RFC 7301 section 3.2).  Echo mode: what s_client sends comes back.
if start_server tlsserver-echo ed25519 echo; then
    s_client alpn-h2 localhost -alpn h2
    st=$?
    if [ $st -ne 0 ] && expect "$TMP/alpn-h2.out" 'alert no application protocol' "the alert"; then
        pass "tlsserver refuses ALPN h2 with no_application_protocol"
    else
        fail "ALPN h2: s_client status $st"
        show "$TMP/alpn-h2.out" "$TMP/tlsserver-echo.log"
    fi
    # Without -ign_eof s_client stops at the end of its input: keep it open long enough for the echo.
    (printf 'echo from s_client\n'; sleep 1) |
        tmo 10 "$OPENSSL" s_client -connect "127.0.0.1:$PORT" -tls1_3 -alpn http/1.1 -servername localhost \
            -CAfile "$DATA/ca.pem" -verify_return_error >"$TMP/echo.out" 2>&1
    st=$?
    if [ $st -eq 0 ] && expect "$TMP/echo.out" '^echo from s_client$' "the echo"; then
        pass "tlsserver echo <- s_client"
    else
        fail "echo: s_client status $st"
        show "$TMP/echo.out" "$TMP/tlsserver-echo.log"
    fi
    kill "$SERVER_PID" 2>/dev/null
else
    fail "tlsserver echo did not start"
fi

# Client authentication: --auth ca.pem --require-auth.  s_client with client.pem gets through;
# without a certificate tlsserver refuses it with certificate_required (RFC 8446 4.4.2.4).
if start_server tlsserver-auth ecdsa-p384 --auth "$DATA/ca.pem" --require-auth http; then
    s_client auth-yes localhost -cert "$DATA/client.pem" -cert_chain "$DATA/inter.pem" \
        -key "$DATA/client.key.pk8.pem"
    st=$?
    if [ $st -eq 0 ] && expect "$TMP/auth-yes.out" 'Hello world from patina tlsserver' "HTTP response"; then
        pass "s_client with a client certificate -> tlsserver --auth --require-auth"
    else
        fail "client auth: s_client status $st"
        show "$TMP/auth-yes.out" "$TMP/tlsserver-auth.log"
    fi
    s_client auth-no localhost
    if expect "$TMP/auth-no.out" 'alert certificate required' "the alert" &&
        ! grep -q 'Hello world from patina tlsserver' "$TMP/auth-no.out"; then
        pass "tlsserver --require-auth refuses s_client without a certificate"
    else
        fail "no client certificate: tlsserver did not refuse it"
        show "$TMP/auth-no.out" "$TMP/tlsserver-auth.log"
    fi
    kill "$SERVER_PID" 2>/dev/null
else
    fail "tlsserver --auth did not start"
fi

# Exporter (patina.h patina_connection_export_keying_material, RFC 8446 section 7.5): for the same
# connection, s_client -keymatexport and tlsserver --export with the same label and length must
# print the same bytes.  OpenSSL's TLS-Exporter is the independent reference; each suite (SHA-256
# and SHA-384 key schedules), then an empty label (RFC 5705 sets no lower bound).
# keymat FILE: the hex OpenSSL printed ("    Keying material: HEX").
keymat() {
    sed -n 's/^ *Keying material: \([0-9A-F]*\)$/\1/p' "$1" | tail -n 1
}
for spec in EXPERIMENTAL-patina-interop:64 :32; do
    label=${spec%:*} len=${spec##*:}
    if ! start_server "tlsserver-export$len" ecdsa-p256 --export "$spec" http; then
        fail "tlsserver --export $spec did not start"
        continue
    fi
    case $spec in :*) suites=TLS_AES_128_GCM_SHA256 ;; *) suites=$SUITES ;; esac
    for s in $suites; do
        name="export$len-$s"
        s_client "$name" localhost -ciphersuites "$s" -keymatexport "$label" -keymatexportlen "$len"
        st=$?
        theirs=$(keymat "$TMP/$name.out")
        ours=$(last "$TMP/tlsserver-export$len.log" "keying material")
        if [ $st -eq 0 ] && [ ${#theirs} -eq $((2 * len)) ] && [ "$ours" = "$theirs" ] &&
            expect "$TMP/$name.out" "^New, TLSv1.3, Cipher is $s\$" "suite"; then
            pass "tlsserver --export '$label':$len equals s_client -keymatexport, $s"
        else
            fail "exporter '$label':$len, $s: s_client status $st, s_client '$theirs', tlsserver '$ours'"
            show "$TMP/$name.out" "$TMP/tlsserver-export$len.log"
        fi
    done
    kill "$SERVER_PID" 2>/dev/null
done

finish
