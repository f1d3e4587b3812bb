#!/bin/sh
# make-pki.sh - regenerate patina's test PKI in tests/data (see tests/data/README).
#
# The generated files are committed, so tests never run this script; run it by hand only when
# the PKI has to change, then commit everything it wrote.  Keys (and so signatures) differ on
# every run; the set of files, their names, subjects, extensions, serials and dates do not.
#
# Needs the OpenSSL 3.0 command line tool ($OPENSSL, default `openssl`).  Validity dates are
# set with `openssl ca -startdate/-enddate` because 3.0's `openssl x509` has no -not_after.
#
# Hierarchy: root CA and intermediate CA are ECDSA P-256 (signatures ecdsa-with-SHA256); every
# leaf and both CRLs are issued by the intermediate, except other-ca.pem, an unrelated root.
set -eu

OPENSSL=${OPENSSL:-openssl}
cd "$(dirname "$0")"
OUT=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# Dates (UTCTime before 2050, GeneralizedTime from 2050 on, as RFC 5280 section 4.1.2.5 says).
CA_START=20240101000000Z
CA_END=21001231235959Z
LEAF_START=20240101000000Z
LEAF_END=20991231235959Z      # before the CAs' end, so a `now` in 2100 expires only the leaf
EXPIRED_START=20000101000000Z
EXPIRED_END=20010101000000Z
NOTYET_START=20900101000000Z
NOTYET_END=20991231235959Z
CRL_LAST=20240101000000Z
CRL_NEXT=20900101000000Z      # before the leaves' end: lets tests reach an expired CRL
OLDCRL_LAST=20000101000000Z
OLDCRL_NEXT=20010101000000Z

# ---------------------------------------------------------------- openssl ca configuration
mkdir -p "$T/root" "$T/inter" "$T/other" "$T/weak" "$T/p224"
for d in root inter other weak p224; do
    : > "$T/$d/index.txt"
    echo "unique_subject = no" > "$T/$d/index.txt.attr"
done
echo 1000 > "$T/root/serial"
echo 2000 > "$T/inter/serial"
echo 3000 > "$T/other/serial"
echo 4000 > "$T/weak/serial"
echo 5000 > "$T/p224/serial"
echo 01 > "$T/root/crlnumber"
echo 01 > "$T/inter/crlnumber"

cat > "$T/ca.cnf" <<EOF
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

[ root_ca ]
dir = $T/root
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir
certificate = $OUT/ca.pem
private_key = $OUT/ca.key.pk8.pem
default_md = sha256
policy = policy_any
copy_extensions = none
crl_extensions = crl_ext

[ inter_ca ]
dir = $T/inter
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir
certificate = $OUT/inter.pem
private_key = $OUT/inter.key.pk8.pem
default_md = sha256
policy = policy_any
copy_extensions = none
crl_extensions = crl_ext

[ other_ca ]
dir = $T/other
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $OUT/other-ca.pem
private_key = $T/other-ca.key.pem
default_md = sha256
policy = policy_any
copy_extensions = none

[ policy_any ]
commonName = supplied
organizationName = optional

[ root_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ inter_ext ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ server_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:testserver.com, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ client_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:client.testserver.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ clientonly_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:localhost, DNS:testserver.com, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ wildcard_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.wild.testserver.com, DNS:b*z.testserver.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ nosan_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ ipsan_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ dnsip_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ caleaf_ext ]
basicConstraints = critical, CA:TRUE
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:testserver.com, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ p224_ca ]
dir = $T/p224
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $OUT/p224-ca.pem
private_key = $T/p224-ca.key.pem
default_md = sha256
policy = policy_any
copy_extensions = none

[ weak_ca ]
dir = $T/weak
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $OUT/weak-rsa1024-ca.pem
private_key = $OUT/rsa1024.key.pk8.pem
default_md = sha256
policy = policy_any
copy_extensions = none

[ crl_ext ]
authorityKeyIdentifier = keyid
EOF

ca() {
    # ca SECTION EXTENSIONS CSR CERT START END [extra args]
    sect=$1 ext=$2 csr=$3 cert=$4 start=$5 end=$6
    shift 6
    "$OPENSSL" ca -batch -config "$T/ca.cnf" -name "$sect" -extensions "$ext" -in "$csr" -out "$T/cert.pem" \
        -startdate "$start" -enddate "$end" -notext "$@" 2>"$T/ca.log" || { cat "$T/ca.log" >&2; exit 1; }
    # Keep only the PEM block (openssl ca may prepend nothing with -notext, but be sure).
    "$OPENSSL" x509 -in "$T/cert.pem" -out "$cert"
}

csr() {
    # csr KEY CN OUT
    "$OPENSSL" req -new -config "$T/ca.cnf" -key "$1" -subj "/O=patina tests/CN=$2" -out "$3"
}

genkey() {
    # genkey ALG-ARGS... ; writes PKCS#8 PEM to $KEYOUT
    "$OPENSSL" genpkey -quiet "$@" -out "$KEYOUT"
}

ec_p256() { KEYOUT=$1 genkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve; }

# ---------------------------------------------------------------- CAs
ec_p256 ca.key.pk8.pem
csr ca.key.pk8.pem "patina test root CA" "$T/ca.csr"
ca root_ca root_ext "$T/ca.csr" ca.pem "$CA_START" "$CA_END" -selfsign -keyfile ca.key.pk8.pem
"$OPENSSL" x509 -in ca.pem -outform DER -out ca.der

ec_p256 inter.key.pk8.pem
csr inter.key.pk8.pem "patina test intermediate CA" "$T/inter.csr"
ca root_ca inter_ext "$T/inter.csr" inter.pem "$CA_START" "$CA_END"

ec_p256 "$T/other-ca.key.pem"
csr "$T/other-ca.key.pem" "patina unrelated root CA" "$T/other.csr"
ca other_ca root_ext "$T/other.csr" other-ca.pem "$CA_START" "$CA_END" -selfsign -keyfile "$T/other-ca.key.pem"

# ---------------------------------------------------------------- leaves
leaf() {
    # leaf NAME EXT START END  (key NAME.key.pk8.pem must exist)
    csr "$1.key.pk8.pem" "$1.testserver.com" "$T/$1.csr"
    ca inter_ca "$2" "$T/$1.csr" "$1.pem" "$3" "$4"
    cat "$1.pem" inter.pem > "$1.chain.pem"
}

KEYOUT=rsa2048.key.pk8.pem genkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048
"$OPENSSL" pkey -in rsa2048.key.pk8.pem -traditional -out rsa2048.key.pkcs1.pem
"$OPENSSL" pkey -in rsa2048.key.pk8.pem -outform DER -out rsa2048.key.pk8.der
# `openssl pkey -traditional` only affects PEM; `openssl rsa`/`openssl ec` write the
# type-specific DER structures (PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey).
"$OPENSSL" rsa -in rsa2048.key.pk8.pem -outform DER -out rsa2048.key.pkcs1.der 2>/dev/null
leaf rsa2048 server_ext "$LEAF_START" "$LEAF_END"

ec_p256 ecdsa-p256.key.pk8.pem
"$OPENSSL" pkey -in ecdsa-p256.key.pk8.pem -traditional -out ecdsa-p256.key.sec1.pem
"$OPENSSL" ec -in ecdsa-p256.key.pk8.pem -outform DER -out ecdsa-p256.key.sec1.der 2>/dev/null
leaf ecdsa-p256 server_ext "$LEAF_START" "$LEAF_END"

KEYOUT=ecdsa-p384.key.pk8.pem genkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve
"$OPENSSL" pkey -in ecdsa-p384.key.pk8.pem -traditional -out ecdsa-p384.key.sec1.pem
leaf ecdsa-p384 server_ext "$LEAF_START" "$LEAF_END"

KEYOUT=ed25519.key.pk8.pem genkey -algorithm ED25519
"$OPENSSL" pkey -in ed25519.key.pk8.pem -outform DER -out ed25519.key.pk8.der
leaf ed25519 server_ext "$LEAF_START" "$LEAF_END"

ec_p256 client.key.pk8.pem
leaf client client_ext "$LEAF_START" "$LEAF_END"

ec_p256 expired.key.pk8.pem
leaf expired server_ext "$EXPIRED_START" "$EXPIRED_END"

ec_p256 notyet.key.pk8.pem
leaf notyet server_ext "$NOTYET_START" "$NOTYET_END"

ec_p256 clientonly-eku.key.pk8.pem
leaf clientonly-eku clientonly_ext "$LEAF_START" "$LEAF_END"

ec_p256 revoked.key.pk8.pem
leaf revoked server_ext "$LEAF_START" "$LEAF_END"

ec_p256 wildcard.key.pk8.pem
leaf wildcard wildcard_ext "$LEAF_START" "$LEAF_END"

# Names only in the subject CN, which rustls never uses: no SAN at all, and an iPAddress SAN only
# (libcrypto falls back to the CN when no dNSName SAN is present unless told not to).
ec_p256 nosan.key.pk8.pem
leaf nosan nosan_ext "$LEAF_START" "$LEAF_END"
ec_p256 ipsan.key.pk8.pem
leaf ipsan ipsan_ext "$LEAF_START" "$LEAF_END"

# Signed with ecdsa-with-SHA1, which webpki does not accept (no SHA-1 algorithm in rustls's lists).
ec_p256 sha1.key.pk8.pem
csr sha1.key.pk8.pem "sha1.testserver.com" "$T/sha1.csr"
ca inter_ca server_ext "$T/sha1.csr" sha1.pem "$LEAF_START" "$LEAF_END" -md sha1
cat sha1.pem inter.pem > sha1.chain.pem
# An IP address only as a dNSName SAN: an IP literal must never match it.
ec_p256 dnsip.key.pk8.pem
leaf dnsip dnsip_ext "$LEAF_START" "$LEAF_END"
# A CA certificate (CA:TRUE, no keyUsage) with server SANs and EKU: webpki refuses it as an end
# entity (CaUsedAsEndEntity); libcrypto alone would accept it.
ec_p256 ca-leaf.key.pk8.pem
leaf ca-leaf caleaf_ext "$LEAF_START" "$LEAF_END"

# ---------------------------------------------------------------- CRLs
"$OPENSSL" ca -config "$T/ca.cnf" -name inter_ca -revoke revoked.pem -crl_reason keyCompromise 2>"$T/ca.log" \
    || { cat "$T/ca.log" >&2; exit 1; }
"$OPENSSL" ca -batch -config "$T/ca.cnf" -name inter_ca -gencrl -crl_lastupdate "$CRL_LAST" \
    -crl_nextupdate "$CRL_NEXT" -out inter.crl.pem 2>"$T/ca.log" || { cat "$T/ca.log" >&2; exit 1; }
"$OPENSSL" ca -batch -config "$T/ca.cnf" -name inter_ca -gencrl -crl_lastupdate "$OLDCRL_LAST" \
    -crl_nextupdate "$OLDCRL_NEXT" -out inter.expired.crl.pem 2>"$T/ca.log" || { cat "$T/ca.log" >&2; exit 1; }
"$OPENSSL" ca -batch -config "$T/ca.cnf" -name root_ca -gencrl -crl_lastupdate "$CRL_LAST" \
    -crl_nextupdate "$CRL_NEXT" -out ca.crl.pem 2>"$T/ca.log" || { cat "$T/ca.log" >&2; exit 1; }

# ---------------------------------------------------------------- keys that must be refused
KEYOUT=rsa1024.key.pk8.pem genkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024
KEYOUT=ecdsa-p521.key.pk8.pem genkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -pkeyopt ec_param_enc:named_curve
KEYOUT=secp256k1.key.pk8.pem genkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 \
    -pkeyopt ec_param_enc:named_curve
# Their public halves, for verification with keys patina must not accept.
"$OPENSSL" pkey -in rsa1024.key.pk8.pem -pubout -outform DER -out rsa1024.spki.der
"$OPENSSL" pkey -in ecdsa-p521.key.pk8.pem -pubout -outform DER -out ecdsa-p521.spki.der
# A root whose key is rsa1024.key.pk8.pem, and a leaf it signs: webpki refuses RSA keys under
# 2048 bits for certificate signatures as well.
csr rsa1024.key.pk8.pem "patina weak RSA-1024 root CA" "$T/weak.csr"
ca weak_ca root_ext "$T/weak.csr" weak-rsa1024-ca.pem "$CA_START" "$CA_END" -selfsign -keyfile rsa1024.key.pk8.pem
ec_p256 weak-issuer.key.pk8.pem
csr weak-issuer.key.pk8.pem "weak-issuer.testserver.com" "$T/weak-issuer.csr"
ca weak_ca server_ext "$T/weak-issuer.csr" weak-issuer.pem "$LEAF_START" "$LEAF_END"
# A root on P-224, a curve libcrypto verifies but webpki has no algorithm for, and a leaf it signs
# (key discarded with the root's).
KEYOUT="$T/p224-ca.key.pem" genkey -algorithm EC -pkeyopt ec_paramgen_curve:P-224 -pkeyopt ec_param_enc:named_curve
csr "$T/p224-ca.key.pem" "patina P-224 root CA" "$T/p224.csr"
ca p224_ca root_ext "$T/p224.csr" p224-ca.pem "$CA_START" "$CA_END" -selfsign -keyfile "$T/p224-ca.key.pem"
ec_p256 "$T/p224-issued.key.pem"
csr "$T/p224-issued.key.pem" "p224-issued.testserver.com" "$T/p224-issued.csr"
ca p224_ca server_ext "$T/p224-issued.csr" p224-issued.pem "$LEAF_START" "$LEAF_END"
# An encrypted PKCS#8 key: patina takes no passwords, so it must be refused, not prompted for.
"$OPENSSL" pkcs8 -topk8 -v2 aes-256-cbc -passout pass:patina -in ecdsa-p256.key.pk8.pem \
    -out ecdsa-p256.key.encrypted.pem

# ---------------------------------------------------------------- known-answer signatures
# Made once here by openssl over kat.msg and checked by test_sig against the leaf certificates'
# public keys: an independent implementation's output that patina must accept.
printf 'patina known-answer signature test message\n' > kat.msg
sig() {
    # sig KEY OUT DIGEST [sigopts...]
    key=$1 out=$2 md=$3
    shift 3
    "$OPENSSL" dgst "-$md" -sign "$key" "$@" -out "$out" kat.msg
}
sig rsa2048.key.pk8.pem kat.rsa-pkcs1-sha256.sig sha256
sig rsa2048.key.pk8.pem kat.rsa-pss-sha384.sig sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
    -sigopt rsa_mgf1_md:sha384
# PSS with the largest salt that fits: valid PSS, but RFC 8446 section 4.2.3 wants salt = hash length.
sig rsa2048.key.pk8.pem kat.rsa-pss-sha256-maxsalt.sig sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:max \
    -sigopt rsa_mgf1_md:sha256
# PSS over SHA-256 with MGF1-SHA-1: valid PSS, but RFC 8446 section 4.2.3 wants MGF1 over the same hash.
sig rsa2048.key.pk8.pem kat.rsa-pss-sha256-mgf1sha1.sig sha256 -sigopt rsa_padding_mode:pss \
    -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha1
sig ecdsa-p256.key.pk8.pem kat.ecdsa-p256-sha256.sig sha256
sig ecdsa-p384.key.pk8.pem kat.ecdsa-p384-sha384.sig sha384
"$OPENSSL" pkeyutl -sign -rawin -inkey ed25519.key.pk8.pem -in kat.msg -out kat.ed25519.sig

# ---------------------------------------------------------------- self-check
"$OPENSSL" verify -CAfile ca.pem -untrusted inter.pem -purpose sslserver rsa2048.pem ecdsa-p256.pem ecdsa-p384.pem \
    ed25519.pem >/dev/null
"$OPENSSL" verify -CAfile ca.pem -untrusted inter.pem -purpose sslclient client.pem >/dev/null
if "$OPENSSL" verify -crl_check -CAfile ca.pem -untrusted inter.pem -CRLfile inter.crl.pem revoked.pem \
    >/dev/null 2>&1; then
    echo "make-pki.sh: revoked.pem is not revoked by inter.crl.pem" >&2
    exit 1
fi
echo "test PKI written to $OUT"
