/*
 * test_sig.c - the BoringSSL provider's signature operations (src/provider/boringssl/sig.c).
 *
 * Keys and certificates come from the committed test PKI (tests/data, see its README); known
 * answers are RFC 8032 section 7.1 (Ed25519) and signatures made once by the openssl command
 * line tool in tests/data/make-pki.sh over tests/data/kat.msg.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider/boringssl/pki.h"
#include "testlib/pttest.h"

static const pt_sig_ops *sig = &pt_bssl_sig_ops;
static const pt_x509_ops *x509 = &pt_bssl_x509_ops;

#define BAD_SIGNATURE PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_BAD_SIGNATURE)
#define UNSUPPORTED PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM)
#define KEY_PARSE PT_ERR_NOALERT(RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR)
#define SPKI_BAD PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_ENCODING_BAD)

/* ---------------------------------------------------------------- helpers */

static pt_signing_key *load_key(const char *name)
{
    size_t len;
    uint8_t *buf = pt_test_read_data(name, &len);
    pt_signing_key *key = NULL;
    pt_err e = sig->key_load(pt_slice_of(buf, len), &key);
    ck_assert_msg(pt_ok(e), "loading %s failed with %u", name, (unsigned)pt_err_result(e));
    free(buf);
    return key;
}

static pt_err try_load(const char *name)
{
    size_t len;
    uint8_t *buf = pt_test_read_data(name, &len);
    pt_signing_key *key = NULL;
    pt_err e = sig->key_load(pt_slice_of(buf, len), &key);
    sig->key_free(key);
    free(buf);
    return e;
}

typedef struct der_copy {
    uint8_t *p;
    size_t len;
} der_copy;

static void keep_first(void *arg, pt_slice der)
{
    der_copy *c = arg;
    if (c->p == NULL) {
        c->p = malloc(der.len);
        ck_assert_ptr_nonnull(c->p);
        memcpy(c->p, der.p, der.len);
        c->len = der.len;
    }
}

/* The first certificate of a PEM file in tests/data, as DER (malloc'd). */
static der_copy cert_der(const char *name)
{
    size_t len, n = 0;
    uint8_t *pem = pt_test_read_data(name, &len);
    der_copy c = {NULL, 0};
    ck_assert_pt_ok(x509->pem_certs(pt_slice_of(pem, len), keep_first, &c, &n));
    ck_assert_uint_ge(n, 1);
    free(pem);
    return c;
}

/* The public key of the (first) certificate in a PEM file in tests/data. */
static pt_pubkey *cert_pubkey(const char *name)
{
    der_copy c = cert_der(name);
    pt_slice spki;
    pt_pubkey *pub = NULL;
    ck_assert_pt_ok(x509->cert_spki(pt_slice_of(c.p, c.len), &spki));
    ck_assert_pt_ok(sig->pubkey_from_spki(spki, &pub));
    free(c.p);
    return pub;
}

static pt_pubkey *spki_pubkey(const char *hex)
{
    size_t len;
    uint8_t *der = pt_test_unhex(hex, &len);
    pt_pubkey *pub = NULL;
    ck_assert_pt_ok(sig->pubkey_from_spki(pt_slice_of(der, len), &pub));
    free(der);
    return pub;
}

/* ---------------------------------------------------------------- key_load */

static const struct {
    const char *file;
    pt_key_type type;
} key_files[] = {
    {"rsa2048.key.pk8.pem", PT_KEY_RSA},         /* PKCS#8 "PRIVATE KEY" */
    {"rsa2048.key.pkcs1.pem", PT_KEY_RSA},       /* PKCS#1 "RSA PRIVATE KEY" */
    {"rsa2048.key.pk8.der", PT_KEY_RSA},         /* PKCS#8 DER */
    {"rsa2048.key.pkcs1.der", PT_KEY_RSA},       /* PKCS#1 DER */
    {"ecdsa-p256.key.pk8.pem", PT_KEY_EC_P256},  /* PKCS#8 */
    {"ecdsa-p256.key.sec1.pem", PT_KEY_EC_P256}, /* SEC1 "EC PRIVATE KEY" */
    {"ecdsa-p256.key.sec1.der", PT_KEY_EC_P256}, /* SEC1 DER */
    {"ecdsa-p384.key.pk8.pem", PT_KEY_EC_P384},  /* PKCS#8 */
    {"ecdsa-p384.key.sec1.pem", PT_KEY_EC_P384}, /* SEC1 */
    {"ed25519.key.pk8.pem", PT_KEY_ED25519},     /* PKCS#8 */
    {"ed25519.key.pk8.der", PT_KEY_ED25519},     /* PKCS#8 DER */
    {"client.key.pk8.pem", PT_KEY_EC_P256},
};

START_TEST(key_load_every_format)
{
    pt_signing_key *key = load_key(key_files[_i].file);
    ck_assert_int_eq(sig->key_type(key), key_files[_i].type);
    sig->key_free(key);
}
END_TEST

START_TEST(key_load_skips_other_pem_blocks)
{
    /* A certificate followed by its key in one buffer, as many server key files are. */
    size_t cl, kl;
    uint8_t *cert = pt_test_read_data("ecdsa-p384.pem", &cl);
    uint8_t *k = pt_test_read_data("ecdsa-p384.key.sec1.pem", &kl);
    uint8_t *both = malloc(cl + kl);
    ck_assert_ptr_nonnull(both);
    memcpy(both, cert, cl);
    memcpy(both + cl, k, kl);
    pt_signing_key *key = NULL;
    ck_assert_pt_ok(sig->key_load(pt_slice_of(both, cl + kl), &key));
    ck_assert_int_eq(sig->key_type(key), PT_KEY_EC_P384);
    der_copy c = cert_der("ecdsa-p384.pem");
    ck_assert(sig->key_matches_cert(key, pt_slice_of(c.p, c.len)));
    free(c.p);
    sig->key_free(key);
    free(both);
    free(cert);
    free(k);
}
END_TEST

START_TEST(key_load_refuses_unusable_keys)
{
    /* RSA under 2048 bits, and curves other than P-256/P-384 (RFC 8446 section 4.2.3 schemes). */
    ck_assert_pt_err(try_load("rsa1024.key.pk8.pem"), KEY_PARSE);
    ck_assert_pt_err(try_load("ecdsa-p521.key.pk8.pem"), KEY_PARSE);
    ck_assert_pt_err(try_load("secp256k1.key.pk8.pem"), KEY_PARSE);
    /* Encrypted PKCS#8: we take no passwords (and must not prompt for one). */
    ck_assert_pt_err(try_load("ecdsa-p256.key.encrypted.pem"), KEY_PARSE);
    /* A file with certificates only. */
    ck_assert_pt_err(try_load("rsa2048.chain.pem"), KEY_PARSE);
}
END_TEST

START_TEST(key_load_refuses_garbage)
{
    pt_signing_key *key = NULL;
    static const uint8_t garbage[] = "this is not a key at all\n";
    ck_assert_pt_err(sig->key_load(pt_slice_of(garbage, sizeof(garbage) - 1), &key), KEY_PARSE);
    ck_assert_pt_err(sig->key_load(PT_SLICE_EMPTY, &key), KEY_PARSE);
    static const uint8_t der_garbage[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    ck_assert_pt_err(sig->key_load(pt_slice_of(der_garbage, sizeof(der_garbage)), &key), KEY_PARSE);
    ck_assert_ptr_null(key);
}
END_TEST

START_TEST(key_load_refuses_truncated_pem)
{
    size_t len;
    uint8_t *pem = pt_test_read_data("rsa2048.key.pkcs1.pem", &len);
    pt_signing_key *key = NULL;
    /* Cut in the middle of the base64 body: no END line. */
    ck_assert_pt_err(sig->key_load(pt_slice_of(pem, len / 2), &key), KEY_PARSE);
    /* Drop the END line only. */
    const char *end = strstr((const char *)pem, "-----END");
    ck_assert_ptr_nonnull(end);
    ck_assert_pt_err(sig->key_load(pt_slice_of(pem, (size_t)((const uint8_t *)end - pem)), &key), KEY_PARSE);
    /* Corrupt one base64 character so the DER inside no longer parses. */
    pem[64] = pem[64] == 'A' ? 'B' : 'A';
    ck_assert_pt_err(sig->key_load(pt_slice_of(pem, len), &key), KEY_PARSE);
    ck_assert_ptr_null(key);
    free(pem);
}
END_TEST

START_TEST(key_load_refuses_truncated_or_trailing_der)
{
    size_t len;
    uint8_t *der = pt_test_read_data("rsa2048.key.pk8.der", &len);
    pt_signing_key *key = NULL;
    ck_assert_pt_err(sig->key_load(pt_slice_of(der, len - 1), &key), KEY_PARSE);
    uint8_t *longer = malloc(len + 1);
    ck_assert_ptr_nonnull(longer);
    memcpy(longer, der, len);
    longer[len] = 0;
    ck_assert_pt_err(sig->key_load(pt_slice_of(longer, len + 1), &key), KEY_PARSE);
    ck_assert_ptr_null(key);
    free(longer);
    free(der);
}
END_TEST

/* ---------------------------------------------------------------- key_schemes */

START_TEST(key_schemes_per_type)
{
    uint16_t out[PT_SIG_SCHEMES_MAX];
    pt_signing_key *rsa = load_key("rsa2048.key.pk8.pem");
    static const uint16_t rsa_expect[] = {PT_SIG_RSA_PSS_RSAE_SHA256, PT_SIG_RSA_PSS_RSAE_SHA384,
                                          PT_SIG_RSA_PSS_RSAE_SHA512, PT_SIG_RSA_PKCS1_SHA256,
                                          PT_SIG_RSA_PKCS1_SHA384,    PT_SIG_RSA_PKCS1_SHA512};
    ck_assert_uint_eq(sig->key_schemes(rsa, out, PT_SIG_SCHEMES_MAX), 6);
    ck_assert_mem_eq(out, rsa_expect, sizeof(rsa_expect));
    /* A short buffer gets the most preferred ones. */
    memset(out, 0, sizeof(out));
    ck_assert_uint_eq(sig->key_schemes(rsa, out, 2), 2);
    ck_assert_uint_eq(out[0], PT_SIG_RSA_PSS_RSAE_SHA256);
    ck_assert_uint_eq(out[1], PT_SIG_RSA_PSS_RSAE_SHA384);
    ck_assert_uint_eq(out[2], 0);
    sig->key_free(rsa);

    pt_signing_key *p256 = load_key("ecdsa-p256.key.sec1.pem");
    ck_assert_uint_eq(sig->key_schemes(p256, out, PT_SIG_SCHEMES_MAX), 1);
    ck_assert_uint_eq(out[0], PT_SIG_ECDSA_SECP256R1_SHA256);
    sig->key_free(p256);

    pt_signing_key *p384 = load_key("ecdsa-p384.key.pk8.pem");
    ck_assert_uint_eq(sig->key_schemes(p384, out, PT_SIG_SCHEMES_MAX), 1);
    ck_assert_uint_eq(out[0], PT_SIG_ECDSA_SECP384R1_SHA384);
    sig->key_free(p384);

    pt_signing_key *ed = load_key("ed25519.key.pk8.pem");
    ck_assert_uint_eq(sig->key_schemes(ed, out, PT_SIG_SCHEMES_MAX), 1);
    ck_assert_uint_eq(out[0], PT_SIG_ED25519);
    sig->key_free(ed);
}
END_TEST

START_TEST(verify_schemes_table)
{
    /* All nine schemes, in rustls's verification preference, 0-terminated. */
    static const uint16_t expect[] = {
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
    ck_assert_mem_eq(sig->verify_schemes, expect, sizeof(expect));
}
END_TEST

/* ---------------------------------------------------------------- sign + verify */

static const struct {
    const char *key;
    const char *cert;
    pt_key_type type;
} pairs[] = {
    {"rsa2048.key.pkcs1.pem", "rsa2048.pem", PT_KEY_RSA},
    {"ecdsa-p256.key.pk8.pem", "ecdsa-p256.pem", PT_KEY_EC_P256},
    {"ecdsa-p384.key.sec1.pem", "ecdsa-p384.pem", PT_KEY_EC_P384},
    {"ed25519.key.pk8.pem", "ed25519.pem", PT_KEY_ED25519},
};

START_TEST(sign_verify_round_trip_every_scheme)
{
    static const uint8_t msg[] = "TLS 1.3, server CertificateVerify\0 and some transcript hash";
    pt_signing_key *key = load_key(pairs[_i].key);
    pt_pubkey *pub = cert_pubkey(pairs[_i].cert);
    ck_assert_int_eq(sig->pubkey_type(pub), pairs[_i].type);
    uint16_t schemes[PT_SIG_SCHEMES_MAX];
    size_t n = sig->key_schemes(key, schemes, PT_SIG_SCHEMES_MAX);
    ck_assert_uint_ge(n, 1);
    for (size_t i = 0; i < n; i++) {
        uint8_t s[PT_SIG_MAX];
        size_t slen = 0;
        ck_assert_pt_ok(sig->sign(key, schemes[i], pt_slice_of(msg, sizeof(msg)), s, sizeof(s), &slen));
        if (pairs[_i].type == PT_KEY_RSA) {
            ck_assert_uint_eq(slen, 256); /* RSA-2048 */
        } else if (pairs[_i].type == PT_KEY_ED25519) {
            ck_assert_uint_eq(slen, 64); /* RFC 8032 section 5.1.6 */
        }
        /* (Signatures with another PSS salt length or MGF1 hash: pss_with_other_*_is_refused.) */
        ck_assert_pt_ok(sig->verify(pub, schemes[i], pt_slice_of(msg, sizeof(msg)), pt_slice_of(s, slen)));

        /* Tampered signature: flip one bit in the middle. */
        s[slen / 2] ^= 0x01;
        ck_assert_pt_err(sig->verify(pub, schemes[i], pt_slice_of(msg, sizeof(msg)), pt_slice_of(s, slen)),
                         BAD_SIGNATURE);
        s[slen / 2] ^= 0x01;
        /* Tampered message: one bit of the last byte. */
        uint8_t m2[sizeof(msg)];
        memcpy(m2, msg, sizeof(msg));
        m2[sizeof(m2) - 1] ^= 0x80;
        ck_assert_pt_err(sig->verify(pub, schemes[i], pt_slice_of(m2, sizeof(m2)), pt_slice_of(s, slen)),
                         BAD_SIGNATURE);
        /* Truncated signature, and an empty one. */
        ck_assert_pt_err(sig->verify(pub, schemes[i], pt_slice_of(msg, sizeof(msg)), pt_slice_of(s, slen - 1)),
                         BAD_SIGNATURE);
        ck_assert_pt_err(sig->verify(pub, schemes[i], pt_slice_of(msg, sizeof(msg)), PT_SLICE_EMPTY), BAD_SIGNATURE);
        /* Untouched again: still good (the flips above were the only cause). */
        ck_assert_pt_ok(sig->verify(pub, schemes[i], pt_slice_of(msg, sizeof(msg)), pt_slice_of(s, slen)));
    }
    sig->pubkey_free(pub);
    sig->key_free(key);
}
END_TEST

START_TEST(verify_with_another_key_of_the_same_type_fails)
{
    static const uint8_t msg[] = "signed by the P-256 server key";
    pt_signing_key *key = load_key("ecdsa-p256.key.pk8.pem");
    pt_pubkey *other = cert_pubkey("client.pem"); /* also P-256, different key */
    uint8_t s[PT_SIG_MAX];
    size_t slen;
    ck_assert_pt_ok(sig->sign(key, PT_SIG_ECDSA_SECP256R1_SHA256, pt_slice_of(msg, sizeof(msg)), s, sizeof(s), &slen));
    ck_assert_pt_err(
        sig->verify(other, PT_SIG_ECDSA_SECP256R1_SHA256, pt_slice_of(msg, sizeof(msg)), pt_slice_of(s, slen)),
        BAD_SIGNATURE);
    sig->pubkey_free(other);
    sig->key_free(key);
}
END_TEST

START_TEST(sign_refuses_scheme_not_offered_and_short_buffer)
{
    static const uint8_t msg[] = "m";
    uint8_t s[PT_SIG_MAX];
    size_t slen = 12345;
    pt_signing_key *p256 = load_key("ecdsa-p256.key.pk8.pem");
    ck_assert_pt_err(sig->sign(p256, PT_SIG_ECDSA_SECP384R1_SHA384, pt_slice_of(msg, 1), s, sizeof(s), &slen),
                     PT_ERR_INTERNAL);
    ck_assert_pt_err(sig->sign(p256, PT_SIG_RSA_PSS_RSAE_SHA256, pt_slice_of(msg, 1), s, sizeof(s), &slen),
                     PT_ERR_INTERNAL);
    ck_assert_pt_err(sig->sign(p256, 0x0201 /* rsa_pkcs1_sha1 */, pt_slice_of(msg, 1), s, sizeof(s), &slen),
                     PT_ERR_INTERNAL);
    sig->key_free(p256);
    pt_signing_key *rsa = load_key("rsa2048.key.pk8.pem");
    ck_assert_pt_err(sig->sign(rsa, PT_SIG_RSA_PKCS1_SHA256, pt_slice_of(msg, 1), s, 255, &slen), PT_ERR_INTERNAL);
    ck_assert_pt_err(sig->sign(rsa, PT_SIG_ED25519, pt_slice_of(msg, 1), s, sizeof(s), &slen), PT_ERR_INTERNAL);
    ck_assert_uint_eq(slen, 12345); /* outputs are written only on success */
    sig->key_free(rsa);
}
END_TEST

START_TEST(verify_refuses_scheme_that_does_not_fit_the_key)
{
    static const uint8_t msg[] = "m";
    static const uint8_t junk[64] = {1};
    pt_slice m = pt_slice_of(msg, 1), s = pt_slice_of(junk, sizeof(junk));
    pt_pubkey *p256 = cert_pubkey("ecdsa-p256.pem");
    pt_pubkey *p384 = cert_pubkey("ecdsa-p384.pem");
    pt_pubkey *rsa = cert_pubkey("rsa2048.pem");
    pt_pubkey *ed = cert_pubkey("ed25519.pem");
    /* RFC 8446 section 4.2.3: an ECDSA scheme names its curve. */
    ck_assert_pt_err(sig->verify(p256, PT_SIG_ECDSA_SECP384R1_SHA384, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(p384, PT_SIG_ECDSA_SECP256R1_SHA256, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(p256, PT_SIG_RSA_PSS_RSAE_SHA256, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(p384, PT_SIG_RSA_PKCS1_SHA384, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(p256, PT_SIG_ED25519, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(rsa, PT_SIG_ECDSA_SECP256R1_SHA256, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(rsa, PT_SIG_ED25519, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(ed, PT_SIG_RSA_PKCS1_SHA256, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(ed, PT_SIG_ECDSA_SECP256R1_SHA256, m, s), UNSUPPORTED);
    /* Schemes outside the nine: rsa_pkcs1_sha1, ecdsa_sha1, rsa_pss_pss_sha256, ed448. */
    ck_assert_pt_err(sig->verify(rsa, 0x0201, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(p256, 0x0203, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(rsa, 0x0809, m, s), UNSUPPORTED);
    ck_assert_pt_err(sig->verify(ed, 0x0808, m, s), UNSUPPORTED);
    sig->pubkey_free(p256);
    sig->pubkey_free(p384);
    sig->pubkey_free(rsa);
    sig->pubkey_free(ed);
}
END_TEST

START_TEST(verify_refuses_unusable_public_keys)
{
    static const uint8_t msg[] = "m";
    static const uint8_t junk[128] = {1};
    size_t len;
    /* P-521 parses, but no scheme we offer fits it. */
    uint8_t *der = pt_test_read_data("ecdsa-p521.spki.der", &len);
    pt_pubkey *pub = NULL;
    ck_assert_pt_ok(sig->pubkey_from_spki(pt_slice_of(der, len), &pub));
    ck_assert_int_eq(sig->pubkey_type(pub), PT_KEY_UNKNOWN);
    ck_assert_pt_err(sig->verify(pub, PT_SIG_ECDSA_SECP384R1_SHA384, pt_slice_of(msg, 1), pt_slice_of(junk, 128)),
                     UNSUPPORTED);
    sig->pubkey_free(pub);
    free(der);
    /* RSA-1024: refused as webpki's RSA_*_2048_8192 algorithms refuse it (a bad signature). */
    der = pt_test_read_data("rsa1024.spki.der", &len);
    ck_assert_pt_ok(sig->pubkey_from_spki(pt_slice_of(der, len), &pub));
    ck_assert_int_eq(sig->pubkey_type(pub), PT_KEY_RSA);
    ck_assert_pt_err(sig->verify(pub, PT_SIG_RSA_PKCS1_SHA256, pt_slice_of(msg, 1), pt_slice_of(junk, 128)),
                     BAD_SIGNATURE);
    sig->pubkey_free(pub);
    free(der);
}
END_TEST

START_TEST(pubkey_from_spki_refuses_bad_der)
{
    pt_pubkey *pub = NULL;
    static const uint8_t garbage[] = {0x30, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05};
    ck_assert_pt_err(sig->pubkey_from_spki(pt_slice_of(garbage, sizeof(garbage)), &pub), SPKI_BAD);
    ck_assert_pt_err(sig->pubkey_from_spki(PT_SLICE_EMPTY, &pub), SPKI_BAD);
    /* RFC 8410 Ed25519 SPKI with a trailing byte, and one truncated by a byte. */
    size_t len;
    uint8_t *der = pt_test_unhex("302a300506032b6570032100"
                                 "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00",
                                 &len);
    ck_assert_pt_err(sig->pubkey_from_spki(pt_slice_of(der, len), &pub), SPKI_BAD);
    ck_assert_pt_err(sig->pubkey_from_spki(pt_slice_of(der, len - 2), &pub), SPKI_BAD);
    ck_assert_pt_ok(sig->pubkey_from_spki(pt_slice_of(der, len - 1), &pub));
    ck_assert_int_eq(sig->pubkey_type(pub), PT_KEY_ED25519);
    sig->pubkey_free(pub);
    free(der);
}
END_TEST

/* ---------------------------------------------------------------- known answers */

/*
 * RFC 8032 section 7.1, TEST 1 and TEST 2 (SECRET KEY, PUBLIC KEY, MESSAGE, SIGNATURE).  The
 * public keys are wrapped in an RFC 8410 SubjectPublicKeyInfo, the secret keys in an RFC 8410
 * section 7 PKCS#8 OneAsymmetricKey.  Ed25519 is deterministic, so signing must give exactly
 * the RFC's signature too.
 */
static const struct {
    const char *secret, *public, *msg, *signature;
} rfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
};

START_TEST(ed25519_rfc8032_vectors)
{
    char buf[256];
    size_t mlen, slen, klen;
    uint8_t *msg = pt_test_unhex(rfc8032[_i].msg, &mlen);
    uint8_t *expect = pt_test_unhex(rfc8032[_i].signature, &slen);
    ck_assert_uint_eq(slen, 64);

    snprintf(buf, sizeof(buf), "302a300506032b6570032100%s", rfc8032[_i].public);
    pt_pubkey *pub = spki_pubkey(buf);
    ck_assert_pt_ok(sig->verify(pub, PT_SIG_ED25519, pt_slice_of(msg, mlen), pt_slice_of(expect, slen)));
    expect[63] ^= 0x40;
    ck_assert_pt_err(sig->verify(pub, PT_SIG_ED25519, pt_slice_of(msg, mlen), pt_slice_of(expect, slen)),
                     BAD_SIGNATURE);
    expect[63] ^= 0x40;

    snprintf(buf, sizeof(buf), "302e020100300506032b657004220420%s", rfc8032[_i].secret);
    uint8_t *pk8 = pt_test_unhex(buf, &klen);
    pt_signing_key *key = NULL;
    ck_assert_pt_ok(sig->key_load(pt_slice_of(pk8, klen), &key));
    uint8_t out[PT_SIG_MAX];
    size_t olen = 0;
    ck_assert_pt_ok(sig->sign(key, PT_SIG_ED25519, pt_slice_of(msg, mlen), out, sizeof(out), &olen));
    ck_assert_uint_eq(olen, 64);
    ck_assert_mem_eq(out, expect, 64);

    sig->key_free(key);
    sig->pubkey_free(pub);
    free(pk8);
    free(msg);
    free(expect);
}
END_TEST

/* Signatures made by `openssl dgst -sign` / `openssl pkeyutl -sign` in make-pki.sh. */
static const struct {
    const char *sigfile, *cert;
    uint16_t scheme;
    uint16_t wrong_scheme; /* same key type, other padding or hash: must not verify */
} openssl_kats[] = {
    {"kat.rsa-pkcs1-sha256.sig", "rsa2048.pem", PT_SIG_RSA_PKCS1_SHA256, PT_SIG_RSA_PSS_RSAE_SHA256},
    {"kat.rsa-pss-sha384.sig", "rsa2048.pem", PT_SIG_RSA_PSS_RSAE_SHA384, PT_SIG_RSA_PKCS1_SHA384},
    {"kat.ecdsa-p256-sha256.sig", "ecdsa-p256.pem", PT_SIG_ECDSA_SECP256R1_SHA256, 0},
    {"kat.ecdsa-p384-sha384.sig", "ecdsa-p384.pem", PT_SIG_ECDSA_SECP384R1_SHA384, 0},
    {"kat.ed25519.sig", "ed25519.pem", PT_SIG_ED25519, 0},
};

START_TEST(openssl_made_signatures_verify)
{
    size_t mlen, slen;
    uint8_t *msg = pt_test_read_data("kat.msg", &mlen);
    uint8_t *s = pt_test_read_data(openssl_kats[_i].sigfile, &slen);
    pt_pubkey *pub = cert_pubkey(openssl_kats[_i].cert);
    ck_assert_pt_ok(sig->verify(pub, openssl_kats[_i].scheme, pt_slice_of(msg, mlen), pt_slice_of(s, slen)));
    if (openssl_kats[_i].wrong_scheme != 0) {
        ck_assert_pt_err(sig->verify(pub, openssl_kats[_i].wrong_scheme, pt_slice_of(msg, mlen), pt_slice_of(s, slen)),
                         BAD_SIGNATURE);
    }
    /* Against a different message (the file without its final newline). */
    ck_assert_pt_err(sig->verify(pub, openssl_kats[_i].scheme, pt_slice_of(msg, mlen - 1), pt_slice_of(s, slen)),
                     BAD_SIGNATURE);
    sig->pubkey_free(pub);
    free(s);
    free(msg);
}
END_TEST

/* verify(rsa2048.pem's key, scheme, kat.msg, the signature in `sigfile`) must be a bad signature. */
static void expect_rsa_kat_refused(const char *sigfile, uint16_t scheme)
{
    size_t mlen, slen;
    uint8_t *msg = pt_test_read_data("kat.msg", &mlen);
    uint8_t *s = pt_test_read_data(sigfile, &slen);
    pt_pubkey *pub = cert_pubkey("rsa2048.pem");
    ck_assert_pt_err(sig->verify(pub, scheme, pt_slice_of(msg, mlen), pt_slice_of(s, slen)), BAD_SIGNATURE);
    sig->pubkey_free(pub);
    free(s);
    free(msg);
}

START_TEST(pss_with_other_salt_length_is_refused)
{
    /*
     * RFC 8446 section 4.2.3: "The length of the Salt MUST be equal to the length of the output
     * of the digest algorithm."  openssl made this one with the longest salt that fits (a valid
     * RSASSA-PSS signature under RFC 8017), so only the salt-length rule rejects it.
     */
    expect_rsa_kat_refused("kat.rsa-pss-sha256-maxsalt.sig", PT_SIG_RSA_PSS_RSAE_SHA256);
}
END_TEST

START_TEST(pss_with_other_mgf1_hash_is_refused)
{
    /*
     * RFC 8446 section 4.2.3: "The digest used in the mask generation function and the digest
     * being signed are both the corresponding hash algorithm".  openssl made this one with
     * SHA-256 and salt 32 but MGF1-SHA-1 (a valid RSASSA-PSS signature under RFC 8017).
     */
    expect_rsa_kat_refused("kat.rsa-pss-sha256-mgf1sha1.sig", PT_SIG_RSA_PSS_RSAE_SHA256);
}
END_TEST

START_TEST(ecdsa_signature_must_be_strict_der)
{
    /*
     * RFC 8446 section 4.2.3 / RFC 3279 section 2.2.3: an ECDSA signature is the DER encoding of
     * Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }.  The same (r, s) in a non-DER BER
     * form, or with bytes after it, must not verify (webpki parses strict DER).
     */
    size_t mlen, slen;
    uint8_t *msg = pt_test_read_data("kat.msg", &mlen);
    uint8_t *der = pt_test_read_data("kat.ecdsa-p256-sha256.sig", &slen);
    pt_pubkey *pub = cert_pubkey("ecdsa-p256.pem");
    pt_slice m = pt_slice_of(msg, mlen);
    ck_assert_uint_lt(slen, 126);
    ck_assert_uint_eq(der[0], 0x30);
    ck_assert_uint_eq(der[1], slen - 2);
    ck_assert_pt_ok(sig->verify(pub, PT_SIG_ECDSA_SECP256R1_SHA256, m, pt_slice_of(der, slen)));

    uint8_t alt[140];
    /* Trailing byte after the SEQUENCE. */
    memcpy(alt, der, slen);
    alt[slen] = 0x00;
    ck_assert_pt_err(sig->verify(pub, PT_SIG_ECDSA_SECP256R1_SHA256, m, pt_slice_of(alt, slen + 1)), BAD_SIGNATURE);
    /* SEQUENCE length in long form (0x81 L): valid BER, not DER (X.690 section 10.1). */
    alt[0] = 0x30;
    alt[1] = 0x81;
    alt[2] = (uint8_t)(slen - 2);
    memcpy(alt + 3, der + 2, slen - 2);
    ck_assert_pt_err(sig->verify(pub, PT_SIG_ECDSA_SECP256R1_SHA256, m, pt_slice_of(alt, slen + 1)), BAD_SIGNATURE);
    /* r with a superfluous leading zero byte: not the minimal INTEGER encoding (X.690 section 8.3.2). */
    size_t rlen = der[3];
    alt[0] = 0x30;
    alt[1] = (uint8_t)(slen - 1);
    alt[2] = 0x02;
    alt[3] = (uint8_t)(rlen + 1);
    alt[4] = 0x00;
    memcpy(alt + 5, der + 4, slen - 4);
    ck_assert_uint_eq(der[4] & 0x80, 0); /* so the extra zero is superfluous, not a sign byte */
    ck_assert_pt_err(sig->verify(pub, PT_SIG_ECDSA_SECP256R1_SHA256, m, pt_slice_of(alt, slen + 1)), BAD_SIGNATURE);
    sig->pubkey_free(pub);
    free(der);
    free(msg);
}
END_TEST

START_TEST(ed25519_non_canonical_s_is_refused)
{
    /*
     * RFC 8032 section 5.1.7: "If any of the decodings fail (including S being out of range),
     * the signature is invalid."  RFC 8032 section 7.1 TEST 1's signature with S replaced by
     * S + L (L = 2^252 + 27742317777372353535851937790883648493, still under 2^256): the same
     * value mod L, so only the range check can refuse it.
     */
    pt_pubkey *pub =
        spki_pubkey("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    size_t slen;
    uint8_t *s = pt_test_unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                               "4c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b",
                               &slen);
    ck_assert_pt_err(sig->verify(pub, PT_SIG_ED25519, PT_SLICE_EMPTY, pt_slice_of(s, slen)), BAD_SIGNATURE);
    sig->pubkey_free(pub);
    free(s);
}
END_TEST

START_TEST(deterministic_signatures_match_openssl)
{
    /* RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2) and Ed25519 are deterministic: same bytes as openssl. */
    static const struct {
        const char *key, *sigfile;
        uint16_t scheme;
    } det[] = {
        {"rsa2048.key.pkcs1.pem", "kat.rsa-pkcs1-sha256.sig", PT_SIG_RSA_PKCS1_SHA256},
        {"ed25519.key.pk8.der", "kat.ed25519.sig", PT_SIG_ED25519},
    };
    size_t mlen, slen;
    uint8_t *msg = pt_test_read_data("kat.msg", &mlen);
    for (size_t i = 0; i < PT_ARRAY_LEN(det); i++) {
        uint8_t *expect = pt_test_read_data(det[i].sigfile, &slen);
        pt_signing_key *key = load_key(det[i].key);
        uint8_t out[PT_SIG_MAX];
        size_t olen = 0;
        ck_assert_pt_ok(sig->sign(key, det[i].scheme, pt_slice_of(msg, mlen), out, sizeof(out), &olen));
        ck_assert_uint_eq(olen, slen);
        ck_assert_mem_eq(out, expect, slen);
        sig->key_free(key);
        free(expect);
    }
    free(msg);
}
END_TEST

/* ---------------------------------------------------------------- key_matches_cert */

START_TEST(key_matches_cert_true_and_false)
{
    pt_signing_key *rsa = load_key("rsa2048.key.pkcs1.der");
    pt_signing_key *p256 = load_key("ecdsa-p256.key.sec1.der");
    der_copy rsa_cert = cert_der("rsa2048.pem");
    der_copy p256_cert = cert_der("ecdsa-p256.pem");
    der_copy client_cert = cert_der("client.pem");
    ck_assert(sig->key_matches_cert(rsa, pt_slice_of(rsa_cert.p, rsa_cert.len)));
    ck_assert(sig->key_matches_cert(p256, pt_slice_of(p256_cert.p, p256_cert.len)));
    ck_assert(!sig->key_matches_cert(rsa, pt_slice_of(p256_cert.p, p256_cert.len)));
    ck_assert(!sig->key_matches_cert(p256, pt_slice_of(rsa_cert.p, rsa_cert.len)));
    /* Same curve, different key. */
    ck_assert(!sig->key_matches_cert(p256, pt_slice_of(client_cert.p, client_cert.len)));
    /* Not a certificate: truncated DER. */
    ck_assert(!sig->key_matches_cert(rsa, pt_slice_of(rsa_cert.p, rsa_cert.len - 1)));
    ck_assert(!sig->key_matches_cert(rsa, PT_SLICE_EMPTY));
    free(rsa_cert.p);
    free(p256_cert.p);
    free(client_cert.p);
    sig->key_free(rsa);
    sig->key_free(p256);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sig");
    TCase *tc;

    tc = tcase_create("key_load");
    tcase_add_loop_test(tc, key_load_every_format, 0, (int)PT_ARRAY_LEN(key_files));
    tcase_add_test(tc, key_load_skips_other_pem_blocks);
    tcase_add_test(tc, key_load_refuses_unusable_keys);
    tcase_add_test(tc, key_load_refuses_garbage);
    tcase_add_test(tc, key_load_refuses_truncated_pem);
    tcase_add_test(tc, key_load_refuses_truncated_or_trailing_der);
    suite_add_tcase(s, tc);

    tc = tcase_create("schemes");
    tcase_add_test(tc, key_schemes_per_type);
    tcase_add_test(tc, verify_schemes_table);
    suite_add_tcase(s, tc);

    tc = tcase_create("sign_verify");
    tcase_add_loop_test(tc, sign_verify_round_trip_every_scheme, 0, (int)PT_ARRAY_LEN(pairs));
    tcase_add_test(tc, verify_with_another_key_of_the_same_type_fails);
    tcase_add_test(tc, sign_refuses_scheme_not_offered_and_short_buffer);
    tcase_add_test(tc, verify_refuses_scheme_that_does_not_fit_the_key);
    tcase_add_test(tc, verify_refuses_unusable_public_keys);
    tcase_add_test(tc, pubkey_from_spki_refuses_bad_der);
    suite_add_tcase(s, tc);

    tc = tcase_create("known_answers");
    tcase_add_loop_test(tc, ed25519_rfc8032_vectors, 0, (int)PT_ARRAY_LEN(rfc8032));
    tcase_add_loop_test(tc, openssl_made_signatures_verify, 0, (int)PT_ARRAY_LEN(openssl_kats));
    tcase_add_test(tc, pss_with_other_salt_length_is_refused);
    tcase_add_test(tc, pss_with_other_mgf1_hash_is_refused);
    tcase_add_test(tc, ecdsa_signature_must_be_strict_der);
    tcase_add_test(tc, ed25519_non_canonical_s_is_refused);
    tcase_add_test(tc, deterministic_signatures_match_openssl);
    suite_add_tcase(s, tc);

    tc = tcase_create("key_matches_cert");
    tcase_add_test(tc, key_matches_cert_true_and_false);
    suite_add_tcase(s, tc);

    return pt_test_run(s);
}
