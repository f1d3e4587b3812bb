/*
 * provider.h - the one interface between patina's protocol code and cryptography.
 *
 * Everything cryptographic (AEADs, hashes, HMAC/HKDF, key exchange, signatures, X.509, random)
 * is reached through the const descriptors and operation tables declared here.  The only
 * implementation today is BoringSSL's libcrypto (src/provider/boringssl/), and it is the only
 * code in patina that includes <openssl/...>.  Provider calls never see a connection, so each
 * can be tested on its own with known-answer vectors.
 *
 * Memory: algorithm contexts are caller-allocated (`ctx_size` bytes, at most the PT_*_CTX_MAX
 * bound, so callers can embed them without a heap allocation).  Objects that wrap libcrypto
 * objects (signing keys, public keys, root stores, CRLs) are opaque and freed by their ops.
 *
 * Errors: every fallible call returns pt_err (base/err.h) with the alert and rustls_result a
 * TLS peer should see; a libcrypto failure that is not the peer's fault is PT_ERR_INTERNAL.
 */
#ifndef PT_PROVIDER_H
#define PT_PROVIDER_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"

/*
 * Caller-allocated contexts hold libcrypto structures with 8-byte fields, so they must be
 * aligned for any type: declare them as `PT_CTX_ALIGN uint8_t ctx[PT_AEAD_CTX_MAX];` (also
 * inside structs).
 */
#define PT_CTX_ALIGN alignas(max_align_t)

/* ---------------------------------------------------------------- AEAD */

/* Upper bound on any aead's ctx_size (checked at compile time by the provider). */
#define PT_AEAD_CTX_MAX 640
#define PT_AEAD_KEY_MAX 32
#define PT_AEAD_NONCE_LEN 12
#define PT_AEAD_TAG_LEN 16

typedef struct pt_aead {
    const char *name;
    uint8_t key_len;
    uint8_t nonce_len; /* 12 for every AEAD TLS uses */
    uint8_t tag_len;   /* 16 */
    size_t ctx_size;   /* bytes the caller allocates for a keyed context */
    /*
     * RFC 8446 section 5.5: the most records one key may protect (confidentiality) and the most
     * forged records a receiver may try to open under one key (integrity) before a key update.
     */
    uint64_t confidentiality_limit;
    uint64_t integrity_limit;
    /* Key a context; `ctx` is ctx_size bytes. Must be followed by cleanup. */
    PT_MUST_USE pt_err (*init)(void *ctx, const uint8_t *key);
    /*
     * Seal in place: buf[0..len) holds plaintext; buf must have room for len + tag_len bytes.
     * Afterwards buf[0..len+tag_len) is ciphertext || tag.
     */
    PT_MUST_USE pt_err (*seal)(const void *ctx, const uint8_t *nonce, const uint8_t *ad, size_t ad_len, uint8_t *buf,
                               size_t len);
    /*
     * Seal out of place (the record layer's send path, so application data is encrypted straight
     * from the caller's buffer into the send queue, with no copy first): out[0..in_len) receives
     * the ciphertext of in[0..in_len), and out[in_len..in_len + extra_len + tag_len) the
     * ciphertext of extra[0..extra_len) followed by the tag, as if in || extra had been sealed
     * in one piece (TLS 1.3's inner content type and padding are `extra`).  `in` and `out` are
     * either equal or do not overlap; `extra` does not overlap `out`.
     */
    PT_MUST_USE pt_err (*seal_scatter)(const void *ctx, const uint8_t *nonce, const uint8_t *ad, size_t ad_len,
                                       const uint8_t *in, size_t in_len, const uint8_t *extra, size_t extra_len,
                                       uint8_t *out);
    /*
     * Open in place: buf[0..len) holds ciphertext || tag.  On success buf[0..len-tag_len) is the
     * plaintext and *out_len = len - tag_len.  On failure PT_ERR(BAD_RECORD_MAC, DECRYPT_ERROR)
     * and the buffer contents are unspecified (callers must not use them).
     */
    PT_MUST_USE pt_err (*open)(const void *ctx, const uint8_t *nonce, const uint8_t *ad, size_t ad_len, uint8_t *buf,
                               size_t len, size_t *out_len);
    /*
     * Open out of place (the receive path decrypts application data straight into the
     * plaintext queue): in[0..len) holds ciphertext || tag; on success out[0..len-tag_len) is
     * the plaintext and *out_len = len - tag_len.  `in` and `out` are equal or do not overlap;
     * errors as open, and `out` is then unspecified.
     */
    PT_MUST_USE pt_err (*open_to)(const void *ctx, const uint8_t *nonce, const uint8_t *ad, size_t ad_len,
                                  const uint8_t *in, size_t len, uint8_t *out, size_t *out_len);
    /* Wipe the keyed context. Safe to call on a context whose init failed. */
    void (*cleanup)(void *ctx);
} pt_aead;

/* ---------------------------------------------------------------- hashes, HMAC, HKDF */

#define PT_HASH_CTX_MAX 256
#define PT_HASH_MAX 64 /* longest output of any hash we offer (SHA-512) */

typedef struct pt_hash {
    const char *name;
    uint8_t out_len;    /* 32 or 48 (64 for SHA-512, used only for signatures) */
    uint16_t block_len; /* 64 or 128 */
    size_t ctx_size;
    void (*init)(void *ctx);
    void (*update)(void *ctx, const uint8_t *p, size_t len);
    /* Write out_len bytes; the context is spent afterwards (copy it first to keep going). */
    void (*final)(void *ctx, uint8_t *out);
    /* Snapshot a running hash (transcript hashes at each handshake step). */
    void (*copy)(void *dst, const void *src);
    /* HMAC(key, parts[0] || parts[1] || ...) -> out (out_len bytes). */
    PT_MUST_USE pt_err (*hmac)(pt_slice key, const pt_slice *parts, size_t nparts, uint8_t *out);
    /* HKDF-Extract(salt, ikm) -> prk (out_len bytes), RFC 5869 section 2.2. */
    PT_MUST_USE pt_err (*hkdf_extract)(pt_slice salt, pt_slice ikm, uint8_t *prk);
    /* HKDF-Expand(prk, info, len) -> out, RFC 5869 section 2.3 (len <= 255 * out_len). */
    PT_MUST_USE pt_err (*hkdf_expand)(pt_slice prk, pt_slice info, uint8_t *out, size_t len);
} pt_hash;

/* One-shot digest of `len` bytes. */
void pt_hash_digest(const pt_hash *h, const uint8_t *p, size_t len, uint8_t *out);

/* ---------------------------------------------------------------- key exchange */

#define PT_KX_CTX_MAX 64
#define PT_KX_PUB_MAX 97    /* uncompressed secp384r1 point */
#define PT_KX_SECRET_MAX 48 /* secp384r1 x-coordinate */

/* IANA NamedGroup values (RFC 8446 section 4.2.7). */
enum {
    PT_GROUP_SECP256R1 = 0x0017,
    PT_GROUP_SECP384R1 = 0x0018,
    PT_GROUP_X25519 = 0x001d,
};

typedef struct pt_kx_group {
    uint16_t id;
    const char *name; /* rustls's spelling: "X25519", "secp256r1", "secp384r1" */
    uint8_t pub_len;    /* our key share's length (32, 65, 97) */
    uint8_t secret_len; /* shared secret length (32, 32, 48) */
    size_t ctx_size;
    /* Make a fresh key pair in ctx and write our public share (pub_len bytes) to `pub`. */
    PT_MUST_USE pt_err (*keygen)(void *ctx, uint8_t *pub);
    /*
     * Validate the peer's share and derive the shared secret (secret_len bytes).  A share of the
     * wrong length or format, a point not on the curve, or an all-zero X25519 result
     * (RFC 8446 section 7.4.2, RFC 7748 section 6.1) is PT_ERR(ILLEGAL_PARAMETER,
     * PEER_MISBEHAVED_ERROR).  May be called once per keygen.
     */
    PT_MUST_USE pt_err (*derive)(void *ctx, pt_slice peer, uint8_t *secret);
    /* Wipe and release the private key. Safe after a failed or missing keygen if ctx is zeroed. */
    void (*cleanup)(void *ctx);
} pt_kx_group;

/* ---------------------------------------------------------------- signatures */

/* IANA SignatureScheme values (RFC 8446 section 4.2.3). */
enum {
    PT_SIG_RSA_PKCS1_SHA256 = 0x0401,
    PT_SIG_RSA_PKCS1_SHA384 = 0x0501,
    PT_SIG_RSA_PKCS1_SHA512 = 0x0601,
    PT_SIG_ECDSA_SECP256R1_SHA256 = 0x0403,
    PT_SIG_ECDSA_SECP384R1_SHA384 = 0x0503,
    PT_SIG_RSA_PSS_RSAE_SHA256 = 0x0804,
    PT_SIG_RSA_PSS_RSAE_SHA384 = 0x0805,
    PT_SIG_RSA_PSS_RSAE_SHA512 = 0x0806,
    PT_SIG_ED25519 = 0x0807,
};

/* Kind of a key, for choosing schemes and TLS 1.2 suites. */
typedef enum pt_key_type {
    PT_KEY_UNKNOWN = 0,
    PT_KEY_RSA,
    PT_KEY_EC_P256,
    PT_KEY_EC_P384,
    PT_KEY_ED25519,
} pt_key_type;

/* A private key that can sign (opaque; wraps a libcrypto key). Immutable once loaded. */
typedef struct pt_signing_key pt_signing_key;
/* A public key taken from a certificate (opaque). Immutable. */
typedef struct pt_pubkey pt_pubkey;

#define PT_SIG_MAX 512 /* RSA-4096 */
#define PT_SIG_SCHEMES_MAX 8

typedef struct pt_sig_ops {
    /* Schemes this provider verifies, most preferred first, 0-terminated. */
    const uint16_t *verify_schemes;
    /*
     * Load a private key from PEM: PKCS#1 "RSA PRIVATE KEY", PKCS#8 "PRIVATE KEY" (RSA, EC
     * P-256/P-384, Ed25519), SEC1 "EC PRIVATE KEY".  Also accepts DER.  Unsupported key types and
     * RSA keys under 2048 bits are refused.  Failure: PT_ERR_NOALERT(PRIVATE_KEY_PARSE_ERROR).
     */
    PT_MUST_USE pt_err (*key_load)(pt_slice pem_or_der, pt_signing_key **out);
    void (*key_free)(pt_signing_key *key);
    pt_key_type (*key_type)(const pt_signing_key *key);
    /*
     * The schemes this key can sign with, most preferred first; returns how many were written
     * (at most `cap`).  RSA keys: PSS SHA-256/384/512 then PKCS#1 SHA-256/384/512.
     */
    size_t (*key_schemes)(const pt_signing_key *key, uint16_t *out, size_t cap);
    /*
     * Sign `msg` with `scheme` (which must be one of key_schemes) into out[0..cap); writes the
     * length to *out_len.  Hashing is done here (msg is the message, not a digest).
     */
    PT_MUST_USE pt_err (*sign)(const pt_signing_key *key, uint16_t scheme, pt_slice msg, uint8_t *out, size_t cap,
                               size_t *out_len);
    /* Does `key` match the public key in the DER certificate `cert`? */
    bool (*key_matches_cert)(const pt_signing_key *key, pt_slice cert_der);

    /* Parse a DER SubjectPublicKeyInfo. Failure: PT_ERR(BAD_CERTIFICATE, CERT_ENCODING_BAD). */
    PT_MUST_USE pt_err (*pubkey_from_spki)(pt_slice spki_der, pt_pubkey **out);
    void (*pubkey_free)(pt_pubkey *key);
    pt_key_type (*pubkey_type)(const pt_pubkey *key);
    /*
     * Verify `sig` over `msg` with `scheme`.  The key type must fit the scheme (an ECDSA scheme
     * names its curve; RSA keys under 2048 bits are refused).  A bad signature is
     * PT_ERR(DECRYPT_ERROR, CERT_BAD_SIGNATURE), as rustls reports it; a scheme that does not fit
     * the key is PT_ERR(ILLEGAL_PARAMETER, CERT_UNSUPPORTED_SIGNATURE_ALGORITHM).
     */
    PT_MUST_USE pt_err (*verify)(const pt_pubkey *key, uint16_t scheme, pt_slice msg, pt_slice sig);
} pt_sig_ops;

/* ---------------------------------------------------------------- X.509 */

/* A set of trust anchors (opaque). Immutable after building; safe to share across threads. */
typedef struct pt_root_store pt_root_store;
/* A set of CRLs (opaque). Immutable after building. */
typedef struct pt_crl_set pt_crl_set;

/* What a certificate chain is being verified for. */
typedef enum pt_cert_purpose {
    PT_PURPOSE_SERVER_AUTH = 1, /* id-kp-serverAuth */
    PT_PURPOSE_CLIENT_AUTH = 2, /* id-kp-clientAuth */
} pt_cert_purpose;

/* Revocation policy flags (rustls-ffi's verifier builder options). */
enum {
    PT_REVOCATION_END_ENTITY_ONLY = 1 << 0,   /* check only the leaf against CRLs */
    PT_REVOCATION_ALLOW_UNKNOWN = 1 << 1,     /* no CRL for an issuer is not an error */
    PT_REVOCATION_ENFORCE_EXPIRY = 1 << 2,    /* a CRL past nextUpdate is an error */
};

typedef struct pt_verify_params {
    const pt_slice *chain; /* DER certificates, leaf first */
    size_t chain_len;
    /*
     * A DNS name or an IP address literal (v4 or v6) the leaf must be valid for; NULL for none
     * (client auth).  Matched only against the subjectAltName (never the subject CN): an IP
     * literal against iPAddress entries, a DNS name against dNSName entries.  A string that is
     * neither (a wildcard, an empty label, ...) matches nothing: CERT_NOT_VALID_FOR_NAME.
     */
    const char *name;
    uint64_t now; /* seconds since the Unix epoch */
    pt_cert_purpose purpose;
    const pt_crl_set *crls; /* may be NULL */
    unsigned revocation_flags;
    pt_slice ocsp_response; /* stapled OCSP response (DER) or empty; reserved for OCSP checking */
} pt_verify_params;

typedef struct pt_x509_ops {
    PT_MUST_USE pt_err (*store_new)(pt_root_store **out);
    /*
     * Add every certificate in a PEM buffer.  strict: any unparsable certificate, or none at all,
     * is PT_ERR_NOALERT(CERTIFICATE_PARSE_ERROR); otherwise bad ones are skipped.  *added counts
     * the certificates added (may be NULL).
     */
    PT_MUST_USE pt_err (*store_add_pem)(pt_root_store *store, pt_slice pem, bool strict, size_t *added);
    PT_MUST_USE pt_err (*store_add_der)(pt_root_store *store, pt_slice der);
    size_t (*store_count)(const pt_root_store *store);
    /*
     * Call `cb` with the DER subject Name of each certificate in `store` (libcrypto's store
     * order, duplicates once): the hints a server sends in certificate_authorities (RFC 8446
     * section 4.2.4).  The slice lives only during the call.  Failure: PT_ERR_INTERNAL.
     */
    PT_MUST_USE pt_err (*store_subjects)(const pt_root_store *store, void (*cb)(void *arg, pt_slice dn), void *arg);
    void (*store_free)(pt_root_store *store);

    /* CRLs from PEM. Failure: PT_ERR_NOALERT(CERTIFICATE_REVOCATION_LIST_PARSE_ERROR). */
    PT_MUST_USE pt_err (*crls_new)(pt_crl_set **out);
    PT_MUST_USE pt_err (*crls_add_pem)(pt_crl_set *crls, pt_slice pem);
    void (*crls_free)(pt_crl_set *crls);

    /*
     * Verify a chain to `store` (RFC 5280 path validation by libcrypto) for params->name and
     * params->purpose at params->now.  On success *leaf_key (if not NULL) receives the leaf's
     * public key, which the caller frees with sig->pubkey_free.  Failures carry the CERT_* code
     * and the alert rustls sends for it (see the implementation's mapping table).
     */
    PT_MUST_USE pt_err (*verify_chain)(const pt_root_store *store, const pt_verify_params *params,
                                       pt_pubkey **leaf_key);

    /* Split a PEM buffer into DER certificates: calls `cb` for each; returns how many. */
    PT_MUST_USE pt_err (*pem_certs)(pt_slice pem, void (*cb)(void *arg, pt_slice der), void *arg, size_t *count);
    /* The DER SubjectPublicKeyInfo of a DER certificate, as a slice into `cert`. */
    PT_MUST_USE pt_err (*cert_spki)(pt_slice cert_der, pt_slice *spki);
    /*
     * Is the DER certificate `cert_der` valid for `name` (NUL-terminated: a DNS name, one
     * trailing dot allowed, or an IPv4/IPv6 literal)?  Matched as verify_chain matches
     * params->name (subjectAltName only, case-insensitive, whole left-most-label wildcards),
     * without any path validation: a server uses it to pick its own certificate by SNI.  An
     * unparsable certificate or an invalid name matches nothing.
     */
    bool (*cert_matches_name)(pt_slice cert_der, const char *name);
} pt_x509_ops;

/* ---------------------------------------------------------------- cipher suites */

typedef enum pt_suite_auth {
    PT_AUTH_ANY = 0, /* TLS 1.3: the suite does not fix the certificate type */
    PT_AUTH_ECDSA,   /* TLS 1.2 ECDHE_ECDSA_* */
    PT_AUTH_RSA,     /* TLS 1.2 ECDHE_RSA_* */
} pt_suite_auth;

typedef struct pt_suite {
    uint16_t id;      /* IANA value */
    uint16_t version; /* 0x0304 or 0x0303 */
    const char *name; /* rustls's name, e.g. "TLS13_AES_128_GCM_SHA256" */
    const pt_aead *aead;
    const pt_hash *hash;
    pt_suite_auth auth;
    /* TLS 1.2 only: implicit IV bytes from the key block and explicit nonce bytes per record. */
    uint8_t tls12_fixed_iv_len;        /* 4 for GCM (RFC 5288), 12 for ChaCha20 (RFC 7905) */
    uint8_t tls12_explicit_nonce_len;  /* 8 for GCM, 0 for ChaCha20 */
} pt_suite;

/* ---------------------------------------------------------------- the provider */

/* The most key exchange groups a provider lists. */
#define PT_PROVIDER_GROUPS_MAX 8

typedef struct pt_provider {
    const char *name;                   /* "boringssl" */
    const pt_suite *const *suites;      /* NULL-terminated, preference order */
    const pt_kx_group *const *groups;   /* NULL-terminated; the first is the default key share */
    const pt_sig_ops *sig;
    const pt_x509_ops *x509;
    PT_MUST_USE pt_err (*random)(uint8_t *out, size_t len); /* failure: GET_RANDOM_FAILED */
    const pt_hash *sha256;
    const pt_hash *sha384;
} pt_provider;

/* The default provider (BoringSSL). Static storage, never NULL. */
const pt_provider *pt_default_provider(void);

/* Lookups in a provider's tables (NULL if absent). */
const pt_suite *pt_provider_find_suite(const pt_provider *p, uint16_t id);
const pt_kx_group *pt_provider_find_group(const pt_provider *p, uint16_t id);

#endif
