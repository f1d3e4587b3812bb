/*
 * test_x509.c - the BoringSSL provider's X.509 operations (src/provider/boringssl/x509.c),
 * against the committed test PKI in tests/data (see its README for every file used here).
 *
 * Failures assert the exact pt_err: the rustls_result rustls-ffi reports and the alert rustls
 * sends for the equivalent webpki error (the mapping table is at the top of x509.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "provider/boringssl/pki.h"
#include "testlib/pttest.h"

static const pt_x509_ops *x509 = &pt_bssl_x509_ops;
static const pt_sig_ops *sig = &pt_bssl_sig_ops;

/* 2026-01-01T00:00:00Z: inside every good certificate's and CRL's validity. */
#define NOW UINT64_C(1767225600)
/* 2100-06-01T00:00:00Z: after the leaves' notAfter (2099-12-31), before the CAs'. */
#define IN_2100 UINT64_C(4115318400)
/* 2095-01-01T00:00:00Z: certificates still valid, CRLs past their nextUpdate (2090-01-01). */
#define IN_2095 UINT64_C(3944332800)
/* 2000-06-01T00:00:00Z: inside expired.pem's validity (2000-01-01 .. 2001-01-01), before the CAs'. */
#define IN_2000 UINT64_C(959817600)

#define E_EXPIRED PT_ERR(CERTIFICATE_EXPIRED, RUSTLS_RESULT_CERT_EXPIRED)
#define E_NOT_YET_VALID PT_ERR(CERTIFICATE_EXPIRED, RUSTLS_RESULT_CERT_NOT_YET_VALID)
#define E_UNKNOWN_ISSUER PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_UNKNOWN_ISSUER)
#define E_NAME PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME)
#define E_PURPOSE PT_ERR(UNSUPPORTED_CERTIFICATE, RUSTLS_RESULT_CERT_INVALID_PURPOSE)
#define E_BAD_SIGNATURE PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_BAD_SIGNATURE)
#define E_REVOKED PT_ERR(CERTIFICATE_REVOKED, RUSTLS_RESULT_CERT_REVOKED)
#define E_UNKNOWN_STATUS PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS)
#define E_EXPIRED_CRL PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST)
#define E_ENCODING PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_ENCODING_BAD)
#define E_CERT_PARSE PT_ERR_NOALERT(RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR)
#define E_CRL_PARSE PT_ERR_NOALERT(RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR)

/* ---------------------------------------------------------------- helpers */

#define MAX_CHAIN 4

typedef struct chain {
    uint8_t *der[MAX_CHAIN];
    pt_slice certs[MAX_CHAIN];
    size_t n;
} chain;

static void add_to_chain(void *arg, pt_slice der)
{
    chain *c = arg;
    ck_assert_uint_lt(c->n, MAX_CHAIN);
    c->der[c->n] = malloc(der.len);
    ck_assert_ptr_nonnull(c->der[c->n]);
    memcpy(c->der[c->n], der.p, der.len);
    c->certs[c->n] = pt_slice_of(c->der[c->n], der.len);
    c->n++;
}

static chain load_chain(const char *file)
{
    size_t len, count = 0;
    uint8_t *pem = pt_test_read_data(file, &len);
    chain c;
    memset(&c, 0, sizeof(c));
    ck_assert_pt_ok(x509->pem_certs(pt_slice_of(pem, len), add_to_chain, &c, &count));
    ck_assert_uint_eq(count, c.n);
    ck_assert_uint_ge(c.n, 1);
    free(pem);
    return c;
}

static void free_chain(chain *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->der[i]);
    }
}

/* A root store holding the certificates of the named PEM files (NULL-terminated list). */
static pt_root_store *store_with(const char *const *files)
{
    pt_root_store *rs = NULL;
    ck_assert_pt_ok(x509->store_new(&rs));
    for (size_t i = 0; files[i] != NULL; i++) {
        size_t len, added = 0;
        uint8_t *pem = pt_test_read_data(files[i], &len);
        ck_assert_pt_ok(x509->store_add_pem(rs, pt_slice_of(pem, len), true, &added));
        ck_assert_uint_eq(added, 1);
        free(pem);
    }
    return rs;
}

static pt_root_store *our_roots(void)
{
    static const char *const files[] = {"ca.pem", NULL};
    return store_with(files);
}

/* A CRL set from the named PEM files (NULL-terminated list). */
static pt_crl_set *crls_with(const char *const *files)
{
    pt_crl_set *set = NULL;
    ck_assert_pt_ok(x509->crls_new(&set));
    for (size_t i = 0; files[i] != NULL; i++) {
        size_t len;
        uint8_t *pem = pt_test_read_data(files[i], &len);
        ck_assert_pt_ok(x509->crls_add_pem(set, pt_slice_of(pem, len)));
        free(pem);
    }
    return set;
}

typedef struct vcase {
    const char *chain_file;
    const char *name;
    uint64_t now;
    pt_cert_purpose purpose;
    const pt_crl_set *crls;
    unsigned flags;
} vcase;

/* Verify a chain file; the leaf key is checked to be handed back on success only. */
static pt_err run(const pt_root_store *rs, vcase v)
{
    chain c = load_chain(v.chain_file);
    pt_verify_params p = {
        .chain = c.certs,
        .chain_len = c.n,
        .name = v.name,
        .now = v.now,
        .purpose = v.purpose,
        .crls = v.crls,
        .revocation_flags = v.flags,
        .ocsp_response = PT_SLICE_EMPTY,
    };
    pt_pubkey *leaf = NULL;
    pt_err e = x509->verify_chain(rs, &p, &leaf);
    if (pt_ok(e)) {
        ck_assert_ptr_nonnull(leaf);
        sig->pubkey_free(leaf);
    } else {
        ck_assert_ptr_null(leaf);
    }
    free_chain(&c);
    return e;
}

static pt_err server(const pt_root_store *rs, const char *chain_file, const char *name)
{
    return run(rs, (vcase){chain_file, name, NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0});
}

/* ---------------------------------------------------------------- good chains */

static const struct {
    const char *chain;
    const char *key;
    pt_key_type type;
    uint16_t scheme;
} leaves[] = {
    {"rsa2048.chain.pem", "rsa2048.key.pk8.pem", PT_KEY_RSA, PT_SIG_RSA_PSS_RSAE_SHA256},
    {"ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem", PT_KEY_EC_P256, PT_SIG_ECDSA_SECP256R1_SHA256},
    {"ecdsa-p384.chain.pem", "ecdsa-p384.key.pk8.pem", PT_KEY_EC_P384, PT_SIG_ECDSA_SECP384R1_SHA384},
    {"ed25519.chain.pem", "ed25519.key.pk8.pem", PT_KEY_ED25519, PT_SIG_ED25519},
};

/* Every name in the leaves' SANs; DNS names compare case-insensitively (RFC 5280 section 7.2). */
static const char *const good_names[] = {"localhost", "testserver.com", "TestServer.COM",
                                         "LOCALHOST", "127.0.0.1",      "testserver.com." /* absolute */};

START_TEST(good_chain_every_key_type_and_name)
{
    pt_root_store *rs = our_roots();
    for (size_t n = 0; n < PT_ARRAY_LEN(good_names); n++) {
        chain c = load_chain(leaves[_i].chain);
        ck_assert_uint_eq(c.n, 2);
        pt_verify_params p = {c.certs, c.n, good_names[n], NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0, PT_SLICE_EMPTY};
        pt_pubkey *leaf = NULL;
        ck_assert_pt_ok(x509->verify_chain(rs, &p, &leaf));
        ck_assert_ptr_nonnull(leaf);
        ck_assert_int_eq(sig->pubkey_type(leaf), leaves[_i].type);

        /* The key handed back is the leaf's: it verifies what the leaf's private key signs. */
        size_t klen;
        uint8_t *kpem = pt_test_read_data(leaves[_i].key, &klen);
        pt_signing_key *key = NULL;
        ck_assert_pt_ok(sig->key_load(pt_slice_of(kpem, klen), &key));
        static const uint8_t msg[] = "CertificateVerify content";
        uint8_t s[PT_SIG_MAX];
        size_t slen;
        ck_assert_pt_ok(sig->sign(key, leaves[_i].scheme, pt_slice_of(msg, sizeof(msg)), s, sizeof(s), &slen));
        ck_assert_pt_ok(sig->verify(leaf, leaves[_i].scheme, pt_slice_of(msg, sizeof(msg)), pt_slice_of(s, slen)));
        ck_assert(sig->key_matches_cert(key, c.certs[0]));

        sig->key_free(key);
        free(kpem);
        sig->pubkey_free(leaf);
        free_chain(&c);
    }
    x509->store_free(rs);
}
END_TEST

START_TEST(leaf_key_may_be_skipped)
{
    pt_root_store *rs = our_roots();
    chain c = load_chain("ecdsa-p256.chain.pem");
    pt_verify_params p = {c.certs, c.n, "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0, PT_SLICE_EMPTY};
    ck_assert_pt_ok(x509->verify_chain(rs, &p, NULL));
    free_chain(&c);
    x509->store_free(rs);
}
END_TEST

START_TEST(stapled_ocsp_is_not_checked_yet)
{
    /* params->ocsp_response is reserved: x509.c documents that it is ignored, as rustls's webpki verifier does. */
    static const uint8_t not_ocsp[] = {0x30, 0x03, 0x0a, 0x01, 0x06}; /* OCSPResponse status unauthorized(6) */
    pt_root_store *rs = our_roots();
    chain c = load_chain("ecdsa-p256.chain.pem");
    pt_verify_params p = {c.certs, c.n, "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0,
                          pt_slice_of(not_ocsp, sizeof(not_ocsp))};
    ck_assert_pt_ok(x509->verify_chain(rs, &p, NULL));
    free_chain(&c);
    x509->store_free(rs);
}
END_TEST

START_TEST(client_auth_chain)
{
    pt_root_store *rs = our_roots();
    /* Client certificates are verified without a name. */
    ck_assert_pt_ok(run(rs, (vcase){"client.chain.pem", NULL, NOW, PT_PURPOSE_CLIENT_AUTH, NULL, 0}));
    x509->store_free(rs);
}
END_TEST

START_TEST(any_certificate_in_the_store_is_an_anchor)
{
    /* As in rustls's RootCertStore, the intermediate alone is a trust anchor for its leaves. */
    static const char *const files[] = {"inter.pem", NULL};
    pt_root_store *rs = store_with(files);
    ck_assert_pt_ok(server(rs, "rsa2048.pem", "testserver.com"));
    ck_assert_pt_ok(server(rs, "ed25519.chain.pem", "testserver.com"));
    x509->store_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- names */

START_TEST(wrong_name)
{
    pt_root_store *rs = our_roots();
    ck_assert_pt_err(server(rs, "ecdsa-p256.chain.pem", "example.com"), E_NAME);
    ck_assert_pt_err(server(rs, "ecdsa-p256.chain.pem", "sub.localhost"), E_NAME);
    ck_assert_pt_err(server(rs, "ecdsa-p256.chain.pem", "testserver.co"), E_NAME);
    ck_assert_pt_err(server(rs, "ecdsa-p256.chain.pem", "testserver.com.."), E_NAME);
    ck_assert_pt_err(server(rs, "ecdsa-p256.chain.pem", "."), E_NAME);
    /* The subject CN is never used as a name (RFC 6125 section 6.4.4; webpki ignores it too). */
    ck_assert_pt_err(server(rs, "ecdsa-p256.chain.pem", "ecdsa-p256.testserver.com"), E_NAME);
    /* An empty name matches nothing (and must not switch name checking off). */
    ck_assert_pt_err(server(rs, "ecdsa-p256.chain.pem", ""), E_NAME);
    x509->store_free(rs);
}
END_TEST

START_TEST(wrong_ip_address)
{
    pt_root_store *rs = our_roots();
    ck_assert_pt_err(server(rs, "rsa2048.chain.pem", "127.0.0.2"), E_NAME);
    ck_assert_pt_err(server(rs, "rsa2048.chain.pem", "::1"), E_NAME);
    /* Only the strict dotted-quad form is an IPv4 address; the rest are (unmatched) DNS names. */
    ck_assert_pt_err(server(rs, "rsa2048.chain.pem", "127.1"), E_NAME);
    ck_assert_pt_err(server(rs, "rsa2048.chain.pem", "127.0.0.1."), E_NAME);
    /* An IPv4-mapped IPv6 address is a different iPAddress (16 bytes, not 4). */
    ck_assert_pt_err(server(rs, "rsa2048.chain.pem", "::ffff:127.0.0.1"), E_NAME);
    x509->store_free(rs);
}
END_TEST

START_TEST(subject_cn_is_never_a_name)
{
    pt_root_store *rs = our_roots();
    /*
     * rustls (webpki) matches names only against the subjectAltName extension and never falls back
     * to the subject CN, even when there is no SAN at all (RFC 6125 section 6.4.4 allows that
     * fallback only as legacy; RFC 9525 section 6.3 removes it).  nosan.pem has no SAN and
     * ipsan.pem only an iPAddress SAN; both name "<leaf>.testserver.com" in their CN.
     */
    ck_assert_pt_err(server(rs, "nosan.chain.pem", "nosan.testserver.com"), E_NAME);
    ck_assert_pt_err(server(rs, "ipsan.chain.pem", "ipsan.testserver.com"), E_NAME);
    /* The chains themselves are good: ipsan.pem is valid for its address, nosan.pem for no name. */
    ck_assert_pt_ok(server(rs, "ipsan.chain.pem", "127.0.0.1"));
    ck_assert_pt_err(server(rs, "nosan.chain.pem", "127.0.0.1"), E_NAME);
    x509->store_free(rs);
}
END_TEST

START_TEST(ip_literal_never_matches_a_dns_san)
{
    pt_root_store *rs = our_roots();
    /* dnsip.pem's only SAN is DNS:127.0.0.1: an IP reference matches only iPAddress SANs (webpki). */
    ck_assert_pt_err(server(rs, "dnsip.chain.pem", "127.0.0.1"), E_NAME);
    /* A wildcard is not a reference name, so it cannot match the SAN it spells (RFC 6125 6.4.3). */
    ck_assert_pt_err(server(rs, "wildcard.chain.pem", "*.wild.testserver.com"), E_NAME);
    x509->store_free(rs);
}
END_TEST

START_TEST(wildcards)
{
    pt_root_store *rs = our_roots();
    /* RFC 6125 section 6.4.3: "*" matches exactly one whole left-most label. */
    ck_assert_pt_ok(server(rs, "wildcard.chain.pem", "a.wild.testserver.com"));
    ck_assert_pt_ok(server(rs, "wildcard.chain.pem", "A.WILD.testserver.com"));
    ck_assert_pt_err(server(rs, "wildcard.chain.pem", "wild.testserver.com"), E_NAME);
    ck_assert_pt_err(server(rs, "wildcard.chain.pem", "a.b.wild.testserver.com"), E_NAME);
    /* Partial-label wildcards ("b*z") match nothing, as in webpki. */
    ck_assert_pt_err(server(rs, "wildcard.chain.pem", "baz.testserver.com"), E_NAME);
    ck_assert_pt_err(server(rs, "wildcard.chain.pem", "bz.testserver.com"), E_NAME);
    x509->store_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- time */

START_TEST(expired_and_not_yet_valid)
{
    pt_root_store *rs = our_roots();
    ck_assert_pt_err(server(rs, "expired.chain.pem", "localhost"), E_EXPIRED);
    ck_assert_pt_err(server(rs, "notyet.chain.pem", "localhost"), E_NOT_YET_VALID);
    x509->store_free(rs);
}
END_TEST

START_TEST(the_time_parameter_is_used)
{
    pt_root_store *rs = our_roots();
    /* A good chain, checked after its leaf's notAfter... */
    ck_assert_pt_err(run(rs, (vcase){"rsa2048.chain.pem", "localhost", IN_2100, PT_PURPOSE_SERVER_AUTH, NULL, 0}),
                     E_EXPIRED);
    /* ...and before everyone's notBefore (2024-01-01). */
    ck_assert_pt_err(run(rs, (vcase){"rsa2048.chain.pem", "localhost", IN_2000, PT_PURPOSE_SERVER_AUTH, NULL, 0}),
                     E_NOT_YET_VALID);
    /* The not-yet-valid leaf is good in 2095. */
    ck_assert_pt_ok(run(rs, (vcase){"notyet.chain.pem", "localhost", IN_2095, PT_PURPOSE_SERVER_AUTH, NULL, 0}));
    /* In 2000 the expired leaf is within its dates but our intermediate (2024..) is not. */
    ck_assert_pt_err(run(rs, (vcase){"expired.chain.pem", "localhost", IN_2000, PT_PURPOSE_SERVER_AUTH, NULL, 0}),
                     E_NOT_YET_VALID);
    x509->store_free(rs);
    /*
     * With the intermediate as the trust anchor, whose dates do not count (webpki's anchors are
     * a name and a key), the expired leaf is good in 2000 and expired now.
     */
    static const char *const files[] = {"inter.pem", NULL};
    rs = store_with(files);
    ck_assert_pt_ok(run(rs, (vcase){"expired.pem", "localhost", IN_2000, PT_PURPOSE_SERVER_AUTH, NULL, 0}));
    ck_assert_pt_err(run(rs, (vcase){"expired.pem", "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0}), E_EXPIRED);
    /* The leaf's own dates always count, even when the leaf itself is in the store. */
    static const char *const self[] = {"expired.pem", NULL};
    pt_root_store *rs2 = store_with(self);
    ck_assert_pt_err(run(rs2, (vcase){"expired.pem", "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0}), E_EXPIRED);
    x509->store_free(rs2);
    x509->store_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- issuers */

START_TEST(unknown_issuer)
{
    pt_root_store *empty = NULL;
    ck_assert_pt_ok(x509->store_new(&empty));
    ck_assert_uint_eq(x509->store_count(empty), 0);
    ck_assert_pt_err(server(empty, "rsa2048.chain.pem", "localhost"), E_UNKNOWN_ISSUER);
    x509->store_free(empty);

    static const char *const other[] = {"other-ca.pem", NULL};
    pt_root_store *rs = store_with(other);
    ck_assert_pt_err(server(rs, "ecdsa-p384.chain.pem", "localhost"), E_UNKNOWN_ISSUER);
    x509->store_free(rs);
}
END_TEST

START_TEST(chain_without_intermediate_fails)
{
    pt_root_store *rs = our_roots();
    ck_assert_pt_err(server(rs, "rsa2048.pem", "localhost"), E_UNKNOWN_ISSUER);
    /* The root sent by the peer gives it no trust of its own. */
    static const char *const other[] = {"other-ca.pem", NULL};
    pt_root_store *rs2 = store_with(other);
    chain c = load_chain("ecdsa-p256.chain.pem");
    chain root = load_chain("ca.pem");
    pt_slice three[3] = {c.certs[0], c.certs[1], root.certs[0]};
    pt_verify_params p = {three, 3, "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0, PT_SLICE_EMPTY};
    ck_assert_pt_ok(x509->verify_chain(rs, &p, NULL));
    ck_assert_pt_err(x509->verify_chain(rs2, &p, NULL), E_UNKNOWN_ISSUER);
    free_chain(&c);
    free_chain(&root);
    x509->store_free(rs2);
    x509->store_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- purpose (EKU) */

START_TEST(wrong_eku)
{
    pt_root_store *rs = our_roots();
    /* A clientAuth-only certificate presented by a server. */
    ck_assert_pt_err(server(rs, "clientonly-eku.chain.pem", "localhost"), E_PURPOSE);
    /* A serverAuth-only certificate presented by a client. */
    ck_assert_pt_err(run(rs, (vcase){"rsa2048.chain.pem", NULL, NOW, PT_PURPOSE_CLIENT_AUTH, NULL, 0}), E_PURPOSE);
    /* The client certificate presented by a server. */
    ck_assert_pt_err(run(rs, (vcase){"client.chain.pem", NULL, NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0}), E_PURPOSE);
    x509->store_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- signatures and encoding */

START_TEST(broken_signature)
{
    pt_root_store *rs = our_roots();
    for (size_t which = 0; which < 2; which++) {
        chain c = load_chain("ecdsa-p256.chain.pem");
        /* The last byte of a certificate is the last byte of its signature value. */
        c.der[which][c.certs[which].len - 1] ^= 0x01;
        pt_verify_params p = {c.certs, c.n, "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0, PT_SLICE_EMPTY};
        pt_pubkey *leaf = NULL;
        ck_assert_pt_err(x509->verify_chain(rs, &p, &leaf), E_BAD_SIGNATURE);
        ck_assert_ptr_null(leaf);
        free_chain(&c);
    }
    /* RSA leaf key, ECDSA signature by the intermediate: flip a bit in the signed part instead. */
    chain c = load_chain("rsa2048.chain.pem");
    pt_slice spki;
    ck_assert_pt_ok(x509->cert_spki(c.certs[0], &spki));
    c.der[0][(size_t)(spki.p - c.der[0]) + spki.len - 5] ^= 0x01; /* inside the RSA modulus */
    pt_verify_params p = {c.certs, c.n, "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0, PT_SLICE_EMPTY};
    ck_assert_pt_err(x509->verify_chain(rs, &p, NULL), E_BAD_SIGNATURE);
    free_chain(&c);
    x509->store_free(rs);
}
END_TEST

START_TEST(weak_certificate_signatures)
{
    pt_root_store *rs = our_roots();
    /*
     * webpki accepts no SHA-1 signature algorithm (rustls's verification algorithm lists have
     * none): it reports UnsupportedSignatureAlgorithm, which rustls sends as decrypt_error and
     * rustls-ffi returns as CERT_UNSUPPORTED_SIGNATURE_ALGORITHM.
     */
    ck_assert_pt_err(server(rs, "sha1.chain.pem", "localhost"),
                     PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM));
    x509->store_free(rs);

    /*
     * An RSA-1024 issuer key: webpki's RSA algorithms take 2048..8192-bit keys only, and a
     * smaller key fails signature verification (InvalidSignatureForPublicKey -> BadSignature).
     */
    static const char *const weak[] = {"weak-rsa1024-ca.pem", NULL};
    rs = store_with(weak);
    ck_assert_pt_err(server(rs, "weak-issuer.pem", "localhost"), E_BAD_SIGNATURE);
    x509->store_free(rs);

    /*
     * A P-224 issuer key: webpki has no algorithm for it (UnsupportedSignatureAlgorithmFor-
     * PublicKeyContext): decrypt_error from rustls, CERT_OTHER_ERROR from rustls-ffi.
     */
    static const char *const p224[] = {"p224-ca.pem", NULL};
    rs = store_with(p224);
    ck_assert_pt_err(server(rs, "p224-issued.pem", "localhost"), PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_OTHER_ERROR));
    x509->store_free(rs);
}
END_TEST

START_TEST(ca_certificate_as_end_entity)
{
    pt_root_store *rs = our_roots();
    /*
     * ca-leaf.pem says CA:TRUE but is presented as the leaf: webpki's CaUsedAsEndEntity, which
     * rustls wraps as CertificateError::Other (certificate_unknown; rustls-ffi CERT_OTHER_ERROR).
     */
    ck_assert_pt_err(server(rs, "ca-leaf.chain.pem", "localhost"),
                     PT_ERR(CERTIFICATE_UNKNOWN, RUSTLS_RESULT_CERT_OTHER_ERROR));
    x509->store_free(rs);
}
END_TEST

START_TEST(bad_encoding)
{
    pt_root_store *rs = our_roots();
    chain c = load_chain("ecdsa-p256.chain.pem");
    static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    pt_slice leaf_only[1] = {pt_slice_of(junk, sizeof(junk))};
    pt_verify_params p = {leaf_only, 1, "localhost", NOW, PT_PURPOSE_SERVER_AUTH, NULL, 0, PT_SLICE_EMPTY};
    ck_assert_pt_err(x509->verify_chain(rs, &p, NULL), E_ENCODING);
    /* Truncated leaf, and a junk intermediate. */
    pt_slice two[2] = {pt_slice_of(c.certs[0].p, c.certs[0].len - 1), c.certs[1]};
    p.chain = two;
    p.chain_len = 2;
    ck_assert_pt_err(x509->verify_chain(rs, &p, NULL), E_ENCODING);
    two[0] = c.certs[0];
    two[1] = pt_slice_of(junk, sizeof(junk));
    ck_assert_pt_err(x509->verify_chain(rs, &p, NULL), E_ENCODING);
    free_chain(&c);
    x509->store_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- revocation */

static const char *const both_crls[] = {"inter.crl.pem", "ca.crl.pem", NULL};
static const char *const inter_crl[] = {"inter.crl.pem", NULL};
static const char *const root_crl[] = {"ca.crl.pem", NULL};
static const char *const expired_crls[] = {"inter.expired.crl.pem", "ca.crl.pem", NULL};

static pt_err revocation(const pt_root_store *rs, const char *chain_file, const pt_crl_set *crls, unsigned flags,
                         uint64_t now)
{
    return run(rs, (vcase){chain_file, "localhost", now, PT_PURPOSE_SERVER_AUTH, crls, flags});
}

START_TEST(revoked_with_crl)
{
    pt_root_store *rs = our_roots();
    pt_crl_set *both = crls_with(both_crls);
    pt_crl_set *inter = crls_with(inter_crl);
    ck_assert_pt_err(revocation(rs, "revoked.chain.pem", both, 0, NOW), E_REVOKED);
    ck_assert_pt_err(revocation(rs, "revoked.chain.pem", inter, PT_REVOCATION_END_ENTITY_ONLY, NOW), E_REVOKED);
    ck_assert_pt_err(revocation(rs, "revoked.chain.pem", both, PT_REVOCATION_ALLOW_UNKNOWN, NOW), E_REVOKED);
    /* The same leaf without CRLs: nothing to say it is revoked. */
    ck_assert_pt_ok(revocation(rs, "revoked.chain.pem", NULL, 0, NOW));
    /* Good leaves against the same CRLs. */
    ck_assert_pt_ok(revocation(rs, "rsa2048.chain.pem", both, 0, NOW));
    ck_assert_pt_ok(revocation(rs, "ed25519.chain.pem", inter, PT_REVOCATION_END_ENTITY_ONLY, NOW));
    x509->crls_free(both);
    x509->crls_free(inter);
    x509->store_free(rs);
}
END_TEST

START_TEST(unknown_revocation_status)
{
    pt_root_store *rs = our_roots();
    pt_crl_set *inter = crls_with(inter_crl);
    pt_crl_set *root = crls_with(root_crl);
    /* Full-chain checking, but no CRL from the root covers the intermediate. */
    ck_assert_pt_err(revocation(rs, "rsa2048.chain.pem", inter, 0, NOW), E_UNKNOWN_STATUS);
    ck_assert_pt_ok(revocation(rs, "rsa2048.chain.pem", inter, PT_REVOCATION_ALLOW_UNKNOWN, NOW));
    ck_assert_pt_ok(revocation(rs, "rsa2048.chain.pem", inter, PT_REVOCATION_END_ENTITY_ONLY, NOW));
    /* Leaf-only checking with no CRL from the intermediate. */
    ck_assert_pt_err(revocation(rs, "rsa2048.chain.pem", root, PT_REVOCATION_END_ENTITY_ONLY, NOW), E_UNKNOWN_STATUS);
    ck_assert_pt_err(revocation(rs, "rsa2048.chain.pem", root, 0, NOW), E_UNKNOWN_STATUS);
    ck_assert_pt_ok(
        revocation(rs, "rsa2048.chain.pem", root, PT_REVOCATION_END_ENTITY_ONLY | PT_REVOCATION_ALLOW_UNKNOWN, NOW));
    /* Unknown is not "good": a revoked leaf passes only because its CRL is missing. */
    ck_assert_pt_ok(revocation(rs, "revoked.chain.pem", root, PT_REVOCATION_ALLOW_UNKNOWN, NOW));
    x509->crls_free(inter);
    x509->crls_free(root);
    x509->store_free(rs);
}
END_TEST

START_TEST(expired_crl)
{
    pt_root_store *rs = our_roots();
    pt_crl_set *old = crls_with(expired_crls);
    pt_crl_set *both = crls_with(both_crls);
    /* rustls's default (ExpirationPolicy::Ignore) uses an expired CRL as it is. */
    ck_assert_pt_ok(revocation(rs, "rsa2048.chain.pem", old, 0, NOW));
    ck_assert_pt_err(revocation(rs, "revoked.chain.pem", old, 0, NOW), E_REVOKED);
    ck_assert_pt_err(revocation(rs, "rsa2048.chain.pem", old, PT_REVOCATION_ENFORCE_EXPIRY, NOW), E_EXPIRED_CRL);
    /* The current CRLs expire in 2090: by `now` in 2095 they too count as expired when enforced. */
    ck_assert_pt_ok(revocation(rs, "rsa2048.chain.pem", both, 0, IN_2095));
    ck_assert_pt_err(revocation(rs, "rsa2048.chain.pem", both, PT_REVOCATION_ENFORCE_EXPIRY, IN_2095), E_EXPIRED_CRL);
    ck_assert_pt_ok(revocation(rs, "rsa2048.chain.pem", both, PT_REVOCATION_ENFORCE_EXPIRY, NOW));
    x509->crls_free(old);
    x509->crls_free(both);
    x509->store_free(rs);
}
END_TEST

START_TEST(empty_crl_set_checks_nothing)
{
    pt_root_store *rs = our_roots();
    pt_crl_set *none = NULL;
    ck_assert_pt_ok(x509->crls_new(&none));
    ck_assert_pt_ok(revocation(rs, "revoked.chain.pem", none, 0, NOW));
    x509->crls_free(none);
    x509->crls_free(NULL);
    x509->store_free(rs);
}
END_TEST

START_TEST(crls_add_pem_refuses_bad_input)
{
    pt_crl_set *set = NULL;
    ck_assert_pt_ok(x509->crls_new(&set));
    static const char garbage[] = "not a CRL\n";
    ck_assert_pt_err(x509->crls_add_pem(set, pt_slice_of(garbage, sizeof(garbage) - 1)), E_CRL_PARSE);
    /* Certificates only: no CRL at all. */
    size_t len;
    uint8_t *pem = pt_test_read_data("ca.pem", &len);
    ck_assert_pt_err(x509->crls_add_pem(set, pt_slice_of(pem, len)), E_CRL_PARSE);
    free(pem);
    /* A truncated CRL block, and a well-framed block whose DER is not a CRL. */
    pem = pt_test_read_data("inter.crl.pem", &len);
    ck_assert_pt_err(x509->crls_add_pem(set, pt_slice_of(pem, len - 30)), E_CRL_PARSE);
    free(pem);
    static const char not_crl[] = "-----BEGIN X509 CRL-----\nMAMCAQA=\n-----END X509 CRL-----\n";
    ck_assert_pt_err(x509->crls_add_pem(set, pt_slice_of(not_crl, sizeof(not_crl) - 1)), E_CRL_PARSE);
    /* None of that added anything: the revoked leaf still passes. */
    pt_root_store *rs = our_roots();
    ck_assert_pt_ok(revocation(rs, "revoked.chain.pem", set, 0, NOW));
    x509->store_free(rs);
    x509->crls_free(set);
}
END_TEST

/* ---------------------------------------------------------------- root store loading */

static const char one_bad_cert[] = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";

static pt_err add_pem(pt_root_store *rs, const void *p, size_t len, bool strict, size_t *added)
{
    return x509->store_add_pem(rs, pt_slice_of(p, len), strict, added);
}

START_TEST(strict_and_lenient_pem)
{
    pt_root_store *rs = NULL;
    ck_assert_pt_ok(x509->store_new(&rs));
    size_t len, added = 99;
    uint8_t *ca = pt_test_read_data("ca.pem", &len);

    /* A good certificate plus one whose DER does not parse. */
    size_t mlen = len + sizeof(one_bad_cert) - 1;
    uint8_t *mixed = malloc(mlen);
    ck_assert_ptr_nonnull(mixed);
    memcpy(mixed, ca, len);
    memcpy(mixed + len, one_bad_cert, sizeof(one_bad_cert) - 1);
    ck_assert_pt_err(add_pem(rs, mixed, mlen, true, &added), E_CERT_PARSE);
    ck_assert_uint_eq(added, 99);                /* not written on failure */
    ck_assert_uint_eq(x509->store_count(rs), 0); /* nothing added: no partial success */
    ck_assert_pt_ok(add_pem(rs, mixed, mlen, false, &added));
    ck_assert_uint_eq(added, 1);
    ck_assert_uint_eq(x509->store_count(rs), 1);

    /* No certificate at all: an error only when strict. */
    static const char text[] = "just some text\n";
    ck_assert_pt_err(add_pem(rs, text, sizeof(text) - 1, true, NULL), E_CERT_PARSE);
    ck_assert_pt_ok(add_pem(rs, text, sizeof(text) - 1, false, &added));
    ck_assert_uint_eq(added, 0);
    ck_assert_pt_err(add_pem(rs, "", 0, true, NULL), E_CERT_PARSE);

    /* Malformed PEM (no END line) is an error in both modes. */
    ck_assert_pt_err(add_pem(rs, ca, len - 30, true, NULL), E_CERT_PARSE);
    ck_assert_pt_err(add_pem(rs, ca, len - 30, false, NULL), E_CERT_PARSE);
    ck_assert_uint_eq(x509->store_count(rs), 1);

    /* The lenient store verifies our chains. */
    ck_assert_pt_ok(server(rs, "ecdsa-p384.chain.pem", "testserver.com"));

    /* Several certificates in one buffer. */
    size_t clen;
    uint8_t *two = pt_test_read_data("rsa2048.chain.pem", &clen);
    ck_assert_pt_ok(add_pem(rs, two, clen, true, &added));
    ck_assert_uint_eq(added, 2);
    ck_assert_uint_eq(x509->store_count(rs), 3);

    free(two);
    free(mixed);
    free(ca);
    x509->store_free(rs);
    x509->store_free(NULL);
}
END_TEST

START_TEST(store_add_der)
{
    pt_root_store *rs = NULL;
    ck_assert_pt_ok(x509->store_new(&rs));
    size_t len;
    uint8_t *der = pt_test_read_data("ca.der", &len);
    ck_assert_pt_err(x509->store_add_der(rs, pt_slice_of(der, len - 1)), E_CERT_PARSE);
    uint8_t *longer = malloc(len + 1);
    ck_assert_ptr_nonnull(longer);
    memcpy(longer, der, len);
    longer[len] = 0;
    ck_assert_pt_err(x509->store_add_der(rs, pt_slice_of(longer, len + 1)), E_CERT_PARSE);
    ck_assert_pt_err(x509->store_add_der(rs, PT_SLICE_EMPTY), E_CERT_PARSE);
    ck_assert_uint_eq(x509->store_count(rs), 0);
    ck_assert_pt_err(server(rs, "rsa2048.chain.pem", "localhost"), E_UNKNOWN_ISSUER);
    ck_assert_pt_ok(x509->store_add_der(rs, pt_slice_of(der, len)));
    ck_assert_uint_eq(x509->store_count(rs), 1);
    ck_assert_pt_ok(server(rs, "rsa2048.chain.pem", "localhost"));
    free(longer);
    free(der);
    x509->store_free(rs);
}
END_TEST

/* ---------------------------------------------------------------- pem_certs, cert_spki */

static void count_only(void *arg, pt_slice der)
{
    (void)der;
    (*(size_t *)arg)++;
}

START_TEST(pem_certs_and_cert_spki)
{
    chain c = load_chain("rsa2048.chain.pem");
    chain leaf = load_chain("rsa2048.pem");
    chain inter = load_chain("inter.pem");
    ck_assert_uint_eq(c.n, 2);
    ck_assert_uint_eq(c.certs[0].len, leaf.certs[0].len);
    ck_assert_mem_eq(c.certs[0].p, leaf.certs[0].p, leaf.certs[0].len);
    ck_assert_mem_eq(c.certs[1].p, inter.certs[0].p, inter.certs[0].len);

    /* Other PEM blocks are skipped; broken framing is refused. */
    size_t len, calls = 0, count = 0;
    uint8_t *key = pt_test_read_data("rsa2048.key.pk8.pem", &len);
    ck_assert_pt_ok(x509->pem_certs(pt_slice_of(key, len), count_only, &calls, &count));
    ck_assert_uint_eq(count, 0);
    ck_assert_uint_eq(calls, 0);
    ck_assert_pt_err(x509->pem_certs(pt_slice_of(key, len / 2), count_only, &calls, &count), E_CERT_PARSE);
    free(key);

    /* The SPKI slice points into the certificate and parses to the leaf's key type. */
    pt_slice spki;
    ck_assert_pt_ok(x509->cert_spki(c.certs[0], &spki));
    ck_assert(spki.p > c.certs[0].p && spki.p + spki.len < c.certs[0].p + c.certs[0].len);
    ck_assert_uint_eq(spki.p[0], 0x30);
    pt_pubkey *pub = NULL;
    ck_assert_pt_ok(sig->pubkey_from_spki(spki, &pub));
    ck_assert_int_eq(sig->pubkey_type(pub), PT_KEY_RSA);
    sig->pubkey_free(pub);
    ck_assert_pt_ok(x509->cert_spki(c.certs[1], &spki));
    ck_assert_pt_ok(sig->pubkey_from_spki(spki, &pub));
    ck_assert_int_eq(sig->pubkey_type(pub), PT_KEY_EC_P256);
    sig->pubkey_free(pub);

    static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    ck_assert_pt_err(x509->cert_spki(pt_slice_of(junk, sizeof(junk)), &spki), E_ENCODING);
    ck_assert_pt_err(x509->cert_spki(pt_slice_of(c.certs[0].p, c.certs[0].len - 1), &spki), E_ENCODING);

    free_chain(&c);
    free_chain(&leaf);
    free_chain(&inter);
}
END_TEST

/* ---------------------------------------------------------------- threads */

typedef struct thread_job {
    const pt_root_store *rs;
    const pt_crl_set *crls;
    const chain *chains; /* good, good, revoked; loaded beforehand (the test helpers are not thread-safe) */
    int failures;
} thread_job;

static void *verify_many(void *arg)
{
    thread_job *job = arg;
    for (int round = 0; round < 40; round++) {
        for (size_t i = 0; i < 3; i++) {
            pt_verify_params p = {job->chains[i].certs,   job->chains[i].n, "localhost", NOW,
                                  PT_PURPOSE_SERVER_AUTH, job->crls,        0,           PT_SLICE_EMPTY};
            pt_err e = x509->verify_chain(job->rs, &p, NULL);
            bool want_ok = i != 2;
            if (want_ok ? !pt_ok(e) : !pt_err_eq(e, E_REVOKED)) {
                job->failures++;
            }
        }
    }
    return NULL;
}

START_TEST(shared_store_and_crls_across_threads)
{
    /* One store and one CRL set, built once, then used by four threads at the same time. */
    pt_root_store *rs = our_roots();
    pt_crl_set *crls = crls_with(both_crls);
    chain chains[3] = {load_chain("rsa2048.chain.pem"), load_chain("ecdsa-p256.chain.pem"),
                       load_chain("revoked.chain.pem")};
    pthread_t t[4];
    thread_job jobs[4];
    for (size_t i = 0; i < 4; i++) {
        jobs[i] = (thread_job){rs, crls, chains, 0};
        ck_assert_int_eq(pthread_create(&t[i], NULL, verify_many, &jobs[i]), 0);
    }
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_int_eq(jobs[i].failures, 0);
    }
    for (size_t i = 0; i < 3; i++) {
        free_chain(&chains[i]);
    }
    x509->crls_free(crls);
    x509->store_free(rs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("x509");
    TCase *tc;

    tc = tcase_create("good");
    tcase_add_loop_test(tc, good_chain_every_key_type_and_name, 0, (int)PT_ARRAY_LEN(leaves));
    tcase_add_test(tc, leaf_key_may_be_skipped);
    tcase_add_test(tc, stapled_ocsp_is_not_checked_yet);
    tcase_add_test(tc, client_auth_chain);
    tcase_add_test(tc, any_certificate_in_the_store_is_an_anchor);
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_test(tc, wrong_name);
    tcase_add_test(tc, wrong_ip_address);
    tcase_add_test(tc, subject_cn_is_never_a_name);
    tcase_add_test(tc, ip_literal_never_matches_a_dns_san);
    tcase_add_test(tc, wildcards);
    suite_add_tcase(s, tc);

    tc = tcase_create("time");
    tcase_add_test(tc, expired_and_not_yet_valid);
    tcase_add_test(tc, the_time_parameter_is_used);
    suite_add_tcase(s, tc);

    tc = tcase_create("issuer_purpose_signature");
    tcase_add_test(tc, unknown_issuer);
    tcase_add_test(tc, chain_without_intermediate_fails);
    tcase_add_test(tc, wrong_eku);
    tcase_add_test(tc, broken_signature);
    tcase_add_test(tc, weak_certificate_signatures);
    tcase_add_test(tc, ca_certificate_as_end_entity);
    tcase_add_test(tc, bad_encoding);
    suite_add_tcase(s, tc);

    tc = tcase_create("revocation");
    tcase_add_test(tc, revoked_with_crl);
    tcase_add_test(tc, unknown_revocation_status);
    tcase_add_test(tc, expired_crl);
    tcase_add_test(tc, empty_crl_set_checks_nothing);
    tcase_add_test(tc, crls_add_pem_refuses_bad_input);
    suite_add_tcase(s, tc);

    tc = tcase_create("loading");
    tcase_add_test(tc, strict_and_lenient_pem);
    tcase_add_test(tc, store_add_der);
    tcase_add_test(tc, pem_certs_and_cert_spki);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_add_test(tc, shared_store_and_crls_across_threads);
    suite_add_tcase(s, tc);

    return pt_test_run(s);
}
