/*
 * sig.c - signing keys, public keys and the nine TLS signature schemes, with libcrypto's EVP.
 *
 * Error mapping (provider.h decides; rustls 0.23 / rustls-ffi 0.15 for comparison):
 *   - a signature that does not verify, including one by an RSA key outside 2048..8192 bits:
 *     PT_ERR(DECRYPT_ERROR, CERT_BAD_SIGNATURE).  rustls gets webpki's
 *     InvalidSignatureForPublicKey (ring/aws-lc refuse such RSA keys the same way), turns it into
 *     CertificateError::BadSignature, which rustls-ffi reports as RUSTLS_RESULT_CERT_BAD_SIGNATURE
 *     and rustls's From<CertificateError> for AlertDescription sends as decrypt_error.
 *   - a scheme that does not fit the key (PSS with an EC key, ecdsa_secp384r1_sha384 with a P-256
 *     key, any scheme with a key type we cannot use):
 *     PT_ERR(ILLEGAL_PARAMETER, CERT_UNSUPPORTED_SIGNATURE_ALGORITHM), as provider.h says.  rustls
 *     differs here: webpki reports UnsupportedSignatureAlgorithmForPublicKey, sent as decrypt_error
 *     and (rustls-ffi has no case for the Context variant) returned as CERT_OTHER_ERROR; and for
 *     TLS 1.2 rustls lets an ECDSA scheme's hash go with either curve, where we follow RFC 8446
 *     section 4.2.3 ("ecdsa_secp256r1_sha256" names its curve) in both versions.
 *   - a private key we cannot load or use: PT_ERR_NOALERT(PRIVATE_KEY_PARSE_ERROR), which is what
 *     rustls-ffi's rustls_certified_key_build returns for an unparsable or unsupported key.
 *   - a SubjectPublicKeyInfo libcrypto cannot parse: PT_ERR(BAD_CERTIFICATE, CERT_ENCODING_BAD)
 *     (webpki's BadDer -> CertificateError::BadEncoding -> bad_certificate).
 *
 * Thread safety: keys are immutable after loading; every sign/verify uses its own EVP_MD_CTX,
 * and libcrypto's RSA blinding is internally locked, so one key may sign on many threads.
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include <openssl/bytestring.h>
#include <openssl/digest.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "provider/boringssl/pki.h"
#include "provider/boringssl/pki_internal.h"

/* Signing keys: RSA keys are refused outside these bounds (PT_SIG_MAX bytes hold RSA-4096). */
#define RSA_SIGN_MIN_BITS 2048
#define RSA_SIGN_MAX_BITS 4096
/* Verification keys: the range webpki accepts for its RSA algorithms (RSA_*_2048_8192_*). */
#define RSA_VERIFY_MIN_BITS 2048
#define RSA_VERIFY_MAX_BITS 8192

struct pt_signing_key {
    EVP_PKEY *pkey;
    pt_key_type type;
};

struct pt_pubkey {
    EVP_PKEY *pkey;
    pt_key_type type;
};

/* ---------------------------------------------------------------- schemes */

typedef struct scheme_info {
    uint16_t id;
    pt_key_type key;           /* the only key type the scheme may be used with */
    const EVP_MD *(*md)(void); /* NULL for Ed25519 (PureEdDSA hashes internally) */
    bool pss;
} scheme_info;

static const scheme_info schemes[] = {
    {PT_SIG_ECDSA_SECP384R1_SHA384, PT_KEY_EC_P384, EVP_sha384, false},
    {PT_SIG_ECDSA_SECP256R1_SHA256, PT_KEY_EC_P256, EVP_sha256, false},
    {PT_SIG_ED25519, PT_KEY_ED25519, NULL, false},
    {PT_SIG_RSA_PSS_RSAE_SHA512, PT_KEY_RSA, EVP_sha512, true},
    {PT_SIG_RSA_PSS_RSAE_SHA384, PT_KEY_RSA, EVP_sha384, true},
    {PT_SIG_RSA_PSS_RSAE_SHA256, PT_KEY_RSA, EVP_sha256, true},
    {PT_SIG_RSA_PKCS1_SHA512, PT_KEY_RSA, EVP_sha512, false},
    {PT_SIG_RSA_PKCS1_SHA384, PT_KEY_RSA, EVP_sha384, false},
    {PT_SIG_RSA_PKCS1_SHA256, PT_KEY_RSA, EVP_sha256, false},
};

/* Verification preference: rustls's order (its providers' SUPPORTED_SIG_ALGS mapping). */
static const uint16_t verify_schemes[] = {
    PT_SIG_ECDSA_SECP384R1_SHA384,
    PT_SIG_ECDSA_SECP256R1_SHA256,
    PT_SIG_ED25519,
    PT_SIG_RSA_PSS_RSAE_SHA512,
    PT_SIG_RSA_PSS_RSAE_SHA384,
    PT_SIG_RSA_PSS_RSAE_SHA256,
    PT_SIG_RSA_PKCS1_SHA512,
    PT_SIG_RSA_PKCS1_SHA384,
    PT_SIG_RSA_PKCS1_SHA256,
    0,
};

/* Signing preference per key type (provider.h: RSA offers PSS before PKCS#1). */
static const uint16_t rsa_sign_schemes[] = {
    PT_SIG_RSA_PSS_RSAE_SHA256, PT_SIG_RSA_PSS_RSAE_SHA384, PT_SIG_RSA_PSS_RSAE_SHA512,
    PT_SIG_RSA_PKCS1_SHA256,    PT_SIG_RSA_PKCS1_SHA384,    PT_SIG_RSA_PKCS1_SHA512,
};
static const uint16_t p256_sign_schemes[] = {PT_SIG_ECDSA_SECP256R1_SHA256};
static const uint16_t p384_sign_schemes[] = {PT_SIG_ECDSA_SECP384R1_SHA384};
static const uint16_t ed25519_sign_schemes[] = {PT_SIG_ED25519};

static const scheme_info *find_scheme(uint16_t id)
{
    for (size_t i = 0; i < PT_ARRAY_LEN(schemes); i++) {
        if (schemes[i].id == id) {
            return &schemes[i];
        }
    }
    return NULL;
}

static const uint16_t *sign_schemes_for(pt_key_type type, size_t *n)
{
    switch (type) {
    case PT_KEY_RSA:
        *n = PT_ARRAY_LEN(rsa_sign_schemes);
        return rsa_sign_schemes;
    case PT_KEY_EC_P256:
        *n = PT_ARRAY_LEN(p256_sign_schemes);
        return p256_sign_schemes;
    case PT_KEY_EC_P384:
        *n = PT_ARRAY_LEN(p384_sign_schemes);
        return p384_sign_schemes;
    case PT_KEY_ED25519:
        *n = PT_ARRAY_LEN(ed25519_sign_schemes);
        return ed25519_sign_schemes;
    default:
        *n = 0;
        return NULL;
    }
}

/* The pt_key_type of a libcrypto key: only P-256 and P-384 count as usable EC curves. */
static pt_key_type classify(const EVP_PKEY *pkey)
{
    switch (EVP_PKEY_id(pkey)) {
    case EVP_PKEY_RSA:
        return PT_KEY_RSA;
    case EVP_PKEY_EC: {
        const EC_KEY *ec = EVP_PKEY_get0_EC_KEY(pkey);
        const EC_GROUP *group = ec != NULL ? EC_KEY_get0_group(ec) : NULL;
        int nid = group != NULL ? EC_GROUP_get_curve_name(group) : NID_undef;
        if (nid == NID_X9_62_prime256v1) {
            return PT_KEY_EC_P256;
        }
        if (nid == NID_secp384r1) {
            return PT_KEY_EC_P384;
        }
        return PT_KEY_UNKNOWN;
    }
    case EVP_PKEY_ED25519:
        return PT_KEY_ED25519;
    default:
        return PT_KEY_UNKNOWN;
    }
}

/* Set RSA padding on a sign/verify context: PSS with salt = hash length and MGF1 over the same hash. */
static bool set_padding(EVP_PKEY_CTX *pctx, const scheme_info *s)
{
    if (s->key != PT_KEY_RSA) {
        return true;
    }
    if (!s->pss) {
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    }
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.3
     *# RSASSA-PSS RSAE algorithms:  Indicates a signature algorithm using
     *# RSASSA-PSS [RFC8017] with mask generation function 1.  The digest
     *# used in the mask generation function and the digest being signed are
     *# both the corresponding hash algorithm as defined in [SHS].  The
     *# length of the Salt MUST be equal to the length of the output of the
     *# digest algorithm.
     * (-1 is libcrypto's "salt length = digest length"; on verify it is checked exactly.)
     */
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, -1) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, s->md()) == 1;
}

/* ---------------------------------------------------------------- loading private keys */

#define KEY_PARSE_ERROR PT_ERR_NOALERT(RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR)

typedef enum der_kind {
    DER_PKCS8, /* PrivateKeyInfo, RFC 5208 / RFC 5958 */
    DER_PKCS1, /* RSAPrivateKey, RFC 8017 appendix A.1.2 */
    DER_SEC1,  /* ECPrivateKey, RFC 5915 */
} der_kind;

/* Parse one DER structure of the given kind; the whole input must be consumed. */
static EVP_PKEY *parse_der(pt_slice der, der_kind kind)
{
    CBS cbs;
    CBS_init(&cbs, der.p, der.len);
    EVP_PKEY *pkey = NULL;
    switch (kind) {
    case DER_PKCS8:
        pkey = EVP_parse_private_key(&cbs);
        break;
    case DER_PKCS1: {
        RSA *rsa = RSA_parse_private_key(&cbs);
        if (rsa != NULL && (pkey = EVP_PKEY_new()) != NULL && !EVP_PKEY_assign_RSA(pkey, rsa)) {
            EVP_PKEY_free(pkey);
            pkey = NULL;
        }
        if (pkey == NULL) {
            RSA_free(rsa); /* assign takes ownership only when it succeeds */
        }
        break;
    }
    case DER_SEC1: {
        /* NULL group: the key must name its curve (RFC 5915 section 3 parameters). */
        EC_KEY *ec = EC_KEY_parse_private_key(&cbs, NULL);
        if (ec != NULL && (pkey = EVP_PKEY_new()) != NULL && !EVP_PKEY_assign_EC_KEY(pkey, ec)) {
            EVP_PKEY_free(pkey);
            pkey = NULL;
        }
        if (pkey == NULL) {
            EC_KEY_free(ec);
        }
        break;
    }
    }
    if (pkey != NULL && CBS_len(&cbs) != 0) {
        EVP_PKEY_free(pkey); /* trailing data */
        pkey = NULL;
    }
    return pkey;
}

typedef struct pem_key_search {
    EVP_PKEY *pkey;
    bool found; /* a key block was seen (the first one decides, as rustls-pemfile's private_key) */
} pem_key_search;

static bool pem_key_cb(void *arg, const char *label, pt_slice der)
{
    pem_key_search *s = arg;
    der_kind kind;
    if (strcmp(label, "PRIVATE KEY") == 0) {
        kind = DER_PKCS8;
    } else if (strcmp(label, "RSA PRIVATE KEY") == 0) {
        kind = DER_PKCS1;
    } else if (strcmp(label, "EC PRIVATE KEY") == 0) {
        kind = DER_SEC1;
    } else {
        return true; /* certificates, parameters, encrypted keys, ...: skip */
    }
    s->found = true;
    s->pkey = parse_der(der, kind);
    return false;
}

/* Is the key one we may sign with? */
static bool usable_signing_key(const EVP_PKEY *pkey, pt_key_type type)
{
    if (type == PT_KEY_RSA) {
        unsigned bits = RSA_bits(EVP_PKEY_get0_RSA(pkey));
        return bits >= RSA_SIGN_MIN_BITS && bits <= RSA_SIGN_MAX_BITS;
    }
    return type != PT_KEY_UNKNOWN;
}

static pt_err key_load(pt_slice in, pt_signing_key **out)
{
    pt_err err = KEY_PARSE_ERROR;
    EVP_PKEY *pkey = NULL;
    pt_signing_key *key = NULL;
    pt_key_type type;

    if (in.p == NULL || in.len == 0) {
        goto out;
    }
    /* DER starts with a SEQUENCE tag; PEM with text.  Try DER in every form, then PEM. */
    if (in.p[0] == 0x30) {
        static const der_kind kinds[] = {DER_PKCS8, DER_PKCS1, DER_SEC1};
        for (size_t i = 0; i < PT_ARRAY_LEN(kinds) && pkey == NULL; i++) {
            pkey = parse_der(in, kinds[i]);
        }
    }
    if (pkey == NULL) {
        pem_key_search s = {NULL, false};
        if (!pt_bssl_pem_each(in, pem_key_cb, &s) || !s.found) {
            EVP_PKEY_free(s.pkey);
            goto out;
        }
        pkey = s.pkey;
    }
    if (pkey == NULL) {
        goto out;
    }
    type = classify(pkey);
    if (!usable_signing_key(pkey, type)) {
        goto out;
    }
    key = OPENSSL_malloc(sizeof(*key));
    if (key == NULL) {
        err = PT_ERR_INTERNAL;
        goto out;
    }
    key->pkey = pkey;
    key->type = type;
    pkey = NULL;
    *out = key;
    err = PT_OK;
out:
    EVP_PKEY_free(pkey); /* libcrypto zeroes key material as it frees it */
    ERR_clear_error();
    return err;
}

static void key_free(pt_signing_key *key)
{
    if (key == NULL) {
        return;
    }
    EVP_PKEY_free(key->pkey);
    OPENSSL_free(key);
}

static pt_key_type key_type(const pt_signing_key *key)
{
    return key->type;
}

static size_t key_schemes(const pt_signing_key *key, uint16_t *out, size_t cap)
{
    size_t n;
    const uint16_t *list = sign_schemes_for(key->type, &n);
    if (n > cap) {
        n = cap;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = list[i];
    }
    return n;
}

static bool key_offers(const pt_signing_key *key, uint16_t scheme)
{
    size_t n;
    const uint16_t *list = sign_schemes_for(key->type, &n);
    for (size_t i = 0; i < n; i++) {
        if (list[i] == scheme) {
            return true;
        }
    }
    return false;
}

/*
 * A scheme the key does not offer, or an output buffer too small, is a bug in the caller (the
 * handshake picks schemes from key_schemes and sizes buffers with PT_SIG_MAX): PT_ERR_INTERNAL.
 */
static pt_err sign(const pt_signing_key *key, uint16_t scheme, pt_slice msg, uint8_t *out, size_t cap, size_t *out_len)
{
    pt_err err = PT_ERR_INTERNAL;
    const scheme_info *s = find_scheme(scheme);
    EVP_MD_CTX *mctx = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    size_t len = 0;

    if (s == NULL || !key_offers(key, scheme)) {
        goto out;
    }
    if ((mctx = EVP_MD_CTX_new()) == NULL) {
        goto out;
    }
    if (!EVP_DigestSignInit(mctx, &pctx, s->md != NULL ? s->md() : NULL, NULL, key->pkey) || !set_padding(pctx, s)) {
        goto out;
    }
    /* The first call gives the largest possible length (ECDSA's DER length varies). */
    if (!EVP_DigestSign(mctx, NULL, &len, msg.p, msg.len) || len > cap) {
        goto out;
    }
    if (!EVP_DigestSign(mctx, out, &len, msg.p, msg.len)) {
        goto out;
    }
    *out_len = len;
    err = PT_OK;
out:
    EVP_MD_CTX_free(mctx); /* also frees pctx */
    ERR_clear_error();
    return err;
}

static bool key_matches_cert(const pt_signing_key *key, pt_slice cert_der)
{
    const uint8_t *p = cert_der.p;
    bool match = false;
    if (cert_der.len == 0 || cert_der.len > LONG_MAX) {
        return false;
    }
    X509 *cert = d2i_X509(NULL, &p, (long)cert_der.len);
    if (cert != NULL && p == cert_der.p + cert_der.len) {
        EVP_PKEY *pub = X509_get_pubkey(cert);
        /* Compares the public halves, as rustls's keys_match compares SubjectPublicKeyInfos. */
        match = pub != NULL && EVP_PKEY_cmp(pub, key->pkey) == 1;
        EVP_PKEY_free(pub);
    }
    X509_free(cert);
    ERR_clear_error();
    return match;
}

/* ---------------------------------------------------------------- public keys and verification */

/* see pki_internal.h */
pt_err pt_bssl_pubkey_wrap(EVP_PKEY *pkey, pt_pubkey **out)
{
    pt_pubkey *key = OPENSSL_malloc(sizeof(*key));
    if (key == NULL) {
        return PT_ERR_INTERNAL;
    }
    EVP_PKEY_up_ref(pkey);
    key->pkey = pkey;
    key->type = classify(pkey);
    *out = key;
    return PT_OK;
}

static pt_err pubkey_from_spki(pt_slice spki, pt_pubkey **out)
{
    CBS cbs;
    CBS_init(&cbs, spki.p, spki.len);
    EVP_PKEY *pkey = EVP_parse_public_key(&cbs);
    pt_err err = PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_ENCODING_BAD);
    if (pkey != NULL && CBS_len(&cbs) == 0) {
        err = pt_bssl_pubkey_wrap(pkey, out);
    }
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    return err;
}

static void pubkey_free(pt_pubkey *key)
{
    if (key == NULL) {
        return;
    }
    EVP_PKEY_free(key->pkey);
    OPENSSL_free(key);
}

static pt_key_type pubkey_type(const pt_pubkey *key)
{
    return key->type;
}

static pt_err verify(const pt_pubkey *key, uint16_t scheme, pt_slice msg, pt_slice sig)
{
    const pt_err bad_signature = PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_BAD_SIGNATURE);
    const scheme_info *s = find_scheme(scheme);
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.3
     *# ECDSA algorithms:  Indicates a signature algorithm using ECDSA
     *# [ECDSA], the corresponding curve as defined in ANSI X9.62 [ECDSA] and
     *# FIPS 186-4 [DSS], and the corresponding hash algorithm as defined in
     *# [SHS].
     * So the key's curve must be the scheme's; RSA schemes need an RSA key, Ed25519 an Ed25519 key.
     */
    if (s == NULL || key->type == PT_KEY_UNKNOWN || s->key != key->type) {
        return PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM);
    }
    if (key->type == PT_KEY_RSA) {
        unsigned bits = RSA_bits(EVP_PKEY_get0_RSA(key->pkey));
        if (bits < RSA_VERIFY_MIN_BITS || bits > RSA_VERIFY_MAX_BITS) {
            return bad_signature;
        }
    }
    pt_err err = PT_ERR_INTERNAL;
    EVP_PKEY_CTX *pctx = NULL;
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    if (mctx == NULL) {
        goto out;
    }
    if (!EVP_DigestVerifyInit(mctx, &pctx, s->md != NULL ? s->md() : NULL, NULL, key->pkey) || !set_padding(pctx, s)) {
        goto out;
    }
    err = EVP_DigestVerify(mctx, sig.p, sig.len, msg.p, msg.len) == 1 ? PT_OK : bad_signature;
out:
    EVP_MD_CTX_free(mctx);
    ERR_clear_error();
    return err;
}

const pt_sig_ops pt_bssl_sig_ops = {
    .verify_schemes = verify_schemes,
    .key_load = key_load,
    .key_free = key_free,
    .key_type = key_type,
    .key_schemes = key_schemes,
    .sign = sign,
    .key_matches_cert = key_matches_cert,
    .pubkey_from_spki = pubkey_from_spki,
    .pubkey_free = pubkey_free,
    .pubkey_type = pubkey_type,
    .verify = verify,
};
