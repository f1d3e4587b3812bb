#!/bin/sh
# make-pki.sh - regenerate the benchmark's certificates in tests/bench/data.
#
# The output is committed (benchmarks never run this); rerun by hand only to change the PKI,
# then commit what it wrote.  Keys differ on every run; names, subjects and extensions do not.
#
# Two hierarchies, each three certificates of one key type (root -> intermediate -> leaf), so a
# client verifying the server spends exactly what the issue's bounds count: two chain signatures
# and the CertificateVerify, all of the leaf's type.
#   KEY.ca.pem       the root the client trusts
#   KEY.chain.pem    leaf then intermediate: what the server sends
#   KEY.key.pem      the leaf's PKCS#8 key
# KEY = ecdsa-p256 (ecdsa-with-SHA256) | rsa2048 (sha256WithRSAEncryption).  Leaves carry
# DNS:localhost and IP:127.0.0.1, EKU serverAuth; valid for 100 years from the day of generation.
set -eu
OPENSSL=${OPENSSL:-openssl}
cd "$(dirname "$0")/data"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

cat > "$T/ext.cnf" <<'CNF'
[ ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

genkey() { # type out
    case $1 in
    ecdsa-p256) "$OPENSSL" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" ;;
    rsa2048) "$OPENSSL" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2" ;;
    esac
}

for k in ecdsa-p256 rsa2048; do
    genkey $k "$T/root.key"
    genkey $k "$T/inter.key"
    genkey $k "$k.key.pem"
    "$OPENSSL" req -new -x509 -key "$T/root.key" -subj "/CN=patina bench $k root" -sha256 \
        -days 36500 -set_serial 1 -extensions ca -config "$T/ext.cnf" -out "$k.ca.pem"
    "$OPENSSL" req -new -key "$T/inter.key" -subj "/CN=patina bench $k intermediate" -out "$T/inter.csr"
    "$OPENSSL" x509 -req -in "$T/inter.csr" -CA "$k.ca.pem" -CAkey "$T/root.key" -set_serial 2 \
        -days 36500 -sha256 -extfile "$T/ext.cnf" -extensions ca -out "$T/inter.pem"
    "$OPENSSL" req -new -key "$k.key.pem" -subj "/CN=localhost" -out "$T/leaf.csr"
    "$OPENSSL" x509 -req -in "$T/leaf.csr" -CA "$T/inter.pem" -CAkey "$T/inter.key" -set_serial 3 \
        -days 36500 -sha256 -extfile "$T/ext.cnf" -extensions leaf -out "$T/leaf.pem"
    cat "$T/leaf.pem" "$T/inter.pem" > "$k.chain.pem"
    "$OPENSSL" verify -CAfile "$k.ca.pem" -untrusted "$T/inter.pem" "$T/leaf.pem" >/dev/null
done
