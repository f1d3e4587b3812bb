/*
 * test_verifier_internal.c - verifiers built through the public API, checking chains through
 * the handshake's helpers (api/verifier.h): good chains, wrong names, expired leaves, revoked
 * leaves with the CRLs and policies set on the builders, client authentication, lifetimes.
 * Fixtures: tests/data (README); the CRLs there expire in 2090.
 */
#include "config.h"

#include <string.h>

#include "api/root_store.h"
#include "api/verifier.h"
#include "provider/provider.h"
#include "testlib/pttest.h"

#define NOW UINT64_C(1767225600)     /* 2026-01-01T00:00:00Z */
#define IN_2095 UINT64_C(3944332800) /* 2094-12-31, after the CRLs' nextUpdate */
#define IN_2100 UINT64_C(4102444800) /* 2100-01-01: leaves expired (2099-12-31), CAs not yet */

#define E_NAME PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME)
#define E_EXPIRED PT_ERR(CERTIFICATE_EXPIRED, RUSTLS_RESULT_CERT_EXPIRED)
#define E_REVOKED PT_ERR(CERTIFICATE_REVOKED, RUSTLS_RESULT_CERT_REVOKED)
#define E_UNKNOWN_STATUS PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS)
#define E_EXPIRED_CRL PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST)
#define E_UNKNOWN_ISSUER PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_UNKNOWN_ISSUER)
#define E_PURPOSE PT_ERR(UNSUPPORTED_CERTIFICATE, RUSTLS_RESULT_CERT_INVALID_PURPOSE)

/* A chain file split into DER certificates (copies owned here). */
typedef struct chain {
    pt_slice certs[4];
    size_t n;
} chain;

static void add_cert(void *arg, pt_slice der)
{
    chain *c = arg;
    ck_assert_uint_lt(c->n, 4);
    uint8_t *copy = malloc(der.len);
    memcpy(copy, der.p, der.len);
    c->certs[c->n++] = pt_slice_of(copy, der.len);
}

static chain load_chain(const char *file)
{
    chain c = {.n = 0};
    size_t len, count;
    uint8_t *pem = pt_test_read_data(file, &len);
    ck_assert_pt_ok(pt_default_provider()->x509->pem_certs(pt_slice_of(pem, len), add_cert, &c, &count));
    ck_assert_uint_ge(c.n, 1);
    free(pem);
    return c;
}

static void free_chain(chain *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free((void *)c->certs[i].p);
    }
}

static pt_err server_check(const struct rustls_server_cert_verifier *v, const char *file, const char *name,
                           uint64_t now)
{
    chain c = load_chain(file);
    pt_pubkey *key = NULL;
    pt_err e = pt_server_verifier_verify(v, c.certs[0], c.certs + 1, c.n - 1, name, now, PT_SLICE_EMPTY, &key);
    const pt_sig_ops *sig = pt_default_provider()->sig;
    if (pt_failed(e)) {
        ck_assert_ptr_null(key);
    } else {
        /* The leaf's key comes back, and it is the leaf's: the same as parsing its SPKI. */
        pt_slice spki;
        pt_pubkey *again = NULL;
        ck_assert_ptr_nonnull(key);
        ck_assert_pt_ok(pt_default_provider()->x509->cert_spki(c.certs[0], &spki));
        ck_assert_pt_ok(sig->pubkey_from_spki(spki, &again));
        ck_assert_int_eq(sig->pubkey_type(key), sig->pubkey_type(again));
        ck_assert_int_ne(sig->pubkey_type(key), PT_KEY_UNKNOWN);
        sig->pubkey_free(again);
        sig->pubkey_free(key);
    }
    free_chain(&c);
    return e;
}

static pt_err client_check(const struct rustls_client_cert_verifier *v, const char *file, uint64_t now)
{
    chain c = load_chain(file);
    pt_err e = pt_client_verifier_verify(v, c.certs[0], c.certs + 1, c.n - 1, now, NULL);
    free_chain(&c);
    return e;
}

static const struct rustls_root_cert_store *store_of(const char *file)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path(file), true),
                      RUSTLS_RESULT_OK);
    const struct rustls_root_cert_store *s = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &s), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(b);
    return s;
}

/* Server verifier options. */
enum { END_ENTITY_ONLY = 1, ALLOW_UNKNOWN = 2, ENFORCE_EXPIRY = 4 };

static struct rustls_server_cert_verifier *server_verifier(const char *roots_file, const char *const *crls,
                                                           unsigned opts)
{
    const struct rustls_root_cert_store *roots = store_of(roots_file);
    struct rustls_web_pki_server_cert_verifier_builder *b = rustls_web_pki_server_cert_verifier_builder_new(roots);
    rustls_root_cert_store_free(roots);
    for (size_t i = 0; crls != NULL && crls[i] != NULL; i++) {
        size_t len;
        uint8_t *pem = pt_test_read_data(crls[i], &len);
        ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_add_crl(b, pem, len), RUSTLS_RESULT_OK);
        free(pem);
    }
    if (opts & END_ENTITY_ONLY) {
        ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_only_check_end_entity_revocation(b), RUSTLS_RESULT_OK);
    }
    if (opts & ALLOW_UNKNOWN) {
        ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_allow_unknown_revocation_status(b), RUSTLS_RESULT_OK);
    }
    if (opts & ENFORCE_EXPIRY) {
        ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_enforce_revocation_expiry(b), RUSTLS_RESULT_OK);
    }
    struct rustls_server_cert_verifier *v = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_server_cert_verifier_builder_free(b);
    return v;
}

static const char *const both_crls[] = {"inter.crl.pem", "ca.crl.pem", NULL};
static const char *const inter_crl[] = {"inter.crl.pem", NULL};
static const char *const expired_crls[] = {"inter.expired.crl.pem", "ca.crl.pem", NULL};

START_TEST(server_good_and_bad_chains)
{
    struct rustls_server_cert_verifier *v = server_verifier("ca.pem", NULL, 0);
    ck_assert_pt_ok(server_check(v, "rsa2048.chain.pem", "localhost", NOW));
    ck_assert_pt_ok(server_check(v, "ecdsa-p256.chain.pem", "testserver.com", NOW));
    ck_assert_pt_ok(server_check(v, "ed25519.chain.pem", "127.0.0.1", NOW));
    ck_assert_pt_err(server_check(v, "rsa2048.chain.pem", "example.com", NOW), E_NAME);
    ck_assert_pt_err(server_check(v, "expired.chain.pem", "localhost", NOW), E_EXPIRED);
    ck_assert_pt_err(server_check(v, "clientonly-eku.chain.pem", "localhost", NOW), E_PURPOSE);
    /* Without CRLs there is no revocation checking. */
    ck_assert_pt_ok(server_check(v, "revoked.chain.pem", "localhost", NOW));
    /* The leaf alone, without its intermediate, does not reach the root. */
    chain c = load_chain("rsa2048.chain.pem");
    ck_assert_pt_err(pt_server_verifier_verify(v, c.certs[0], NULL, 0, "localhost", NOW, PT_SLICE_EMPTY, NULL),
                     E_UNKNOWN_ISSUER);
    free_chain(&c);
    rustls_server_cert_verifier_free(v);

    /* Roots that do not know our CA. */
    v = server_verifier("other-ca.pem", NULL, 0);
    ck_assert_pt_err(server_check(v, "rsa2048.chain.pem", "localhost", NOW), E_UNKNOWN_ISSUER);
    rustls_server_cert_verifier_free(v);
}
END_TEST

START_TEST(server_revocation_policies)
{
    struct rustls_server_cert_verifier *v = server_verifier("ca.pem", both_crls, 0);
    ck_assert_pt_err(server_check(v, "revoked.chain.pem", "localhost", NOW), E_REVOKED);
    ck_assert_pt_ok(server_check(v, "rsa2048.chain.pem", "localhost", NOW));
    rustls_server_cert_verifier_free(v);

    /* Only the intermediate's CRL: the intermediate's own status is unknown for full-chain checks. */
    v = server_verifier("ca.pem", inter_crl, 0);
    ck_assert_pt_err(server_check(v, "rsa2048.chain.pem", "localhost", NOW), E_UNKNOWN_STATUS);
    rustls_server_cert_verifier_free(v);
    v = server_verifier("ca.pem", inter_crl, END_ENTITY_ONLY);
    ck_assert_pt_ok(server_check(v, "rsa2048.chain.pem", "localhost", NOW));
    ck_assert_pt_err(server_check(v, "revoked.chain.pem", "localhost", NOW), E_REVOKED);
    rustls_server_cert_verifier_free(v);
    v = server_verifier("ca.pem", inter_crl, ALLOW_UNKNOWN);
    ck_assert_pt_ok(server_check(v, "rsa2048.chain.pem", "localhost", NOW));
    rustls_server_cert_verifier_free(v);

    /* An expired CRL is used as is unless expiry is enforced. */
    v = server_verifier("ca.pem", expired_crls, 0);
    ck_assert_pt_ok(server_check(v, "rsa2048.chain.pem", "localhost", NOW));
    rustls_server_cert_verifier_free(v);
    v = server_verifier("ca.pem", expired_crls, ENFORCE_EXPIRY);
    ck_assert_pt_err(server_check(v, "rsa2048.chain.pem", "localhost", NOW), E_EXPIRED_CRL);
    rustls_server_cert_verifier_free(v);
    v = server_verifier("ca.pem", both_crls, ENFORCE_EXPIRY);
    ck_assert_pt_ok(server_check(v, "rsa2048.chain.pem", "localhost", NOW));
    ck_assert_pt_err(server_check(v, "rsa2048.chain.pem", "localhost", IN_2095), E_EXPIRED_CRL);
    rustls_server_cert_verifier_free(v);
}
END_TEST

/* A config's reference keeps the verifier (and its roots, CRLs, provider) alive. */
START_TEST(server_verifier_lifetime)
{
    struct rustls_server_cert_verifier *v = server_verifier("ca.pem", both_crls, 0);
    struct rustls_server_cert_verifier *held = pt_server_verifier_ref(v);
    rustls_server_cert_verifier_free(v);
    ck_assert_pt_err(server_check(held, "revoked.chain.pem", "localhost", NOW), E_REVOKED);
    ck_assert_pt_ok(server_check(held, "ecdsa-p384.chain.pem", "localhost", NOW));
    rustls_server_cert_verifier_free(held);
}
END_TEST

START_TEST(client_verifier)
{
    const struct rustls_root_cert_store *roots = store_of("ca.pem");
    const struct rustls_root_cert_store *other = store_of("other-ca.pem");
    struct rustls_web_pki_client_cert_verifier_builder *b = rustls_web_pki_client_cert_verifier_builder_new(roots);
    size_t len;
    uint8_t *pem = pt_test_read_data("inter.crl.pem", &len);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_add_crl(b, pem, len), RUSTLS_RESULT_OK);
    free(pem);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_only_check_end_entity_revocation(b), RUSTLS_RESULT_OK);
    struct rustls_client_cert_verifier *v = NULL;
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_client_cert_verifier_builder_free(b);
    /* Defaults: a certificate is required, the roots' subjects are hinted. */
    ck_assert(!pt_client_verifier_allows_unauthenticated(v));
    ck_assert_ptr_eq(pt_client_verifier_hint_store(v), roots);
    ck_assert_pt_ok(client_check(v, "client.chain.pem", NOW));
    /* A server-only leaf (EKU serverAuth) is the wrong purpose; in 2100 the client leaf has expired. */
    ck_assert_pt_err(client_check(v, "expired.chain.pem", NOW), E_PURPOSE);
    ck_assert_pt_err(client_check(v, "rsa2048.chain.pem", NOW), E_PURPOSE);
    ck_assert_pt_err(client_check(v, "client.chain.pem", IN_2100), E_EXPIRED);
    rustls_client_cert_verifier_free(v);

    /* Unauthenticated clients allowed; hints replaced, then cleared. */
    b = rustls_web_pki_client_cert_verifier_builder_new(roots);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_add_root_hint_subjects(b, other), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_client_cert_verifier_builder_free(b);
    ck_assert(pt_client_verifier_allows_unauthenticated(v));
    ck_assert_ptr_eq(pt_client_verifier_hint_store(v), other);
    rustls_root_cert_store_free(other);
    ck_assert_uint_eq(pt_root_cert_store_count(pt_client_verifier_hint_store(v)), 1);
    rustls_client_cert_verifier_free(v);

    b = rustls_web_pki_client_cert_verifier_builder_new(roots);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_clear_root_hint_subjects(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_client_cert_verifier_builder_free(b);
    rustls_root_cert_store_free(roots);
    ck_assert_ptr_null(pt_client_verifier_hint_store(v));
    struct rustls_client_cert_verifier *held = pt_client_verifier_ref(v);
    rustls_client_cert_verifier_free(v);
    ck_assert_pt_ok(client_check(held, "client.chain.pem", NOW));
    rustls_client_cert_verifier_free(held);
}
END_TEST

static Suite *verifier_internal_suite(void)
{
    Suite *s = suite_create("verifier_internal");
    TCase *tc = tcase_create("verifier_internal");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, server_good_and_bad_chains);
    tcase_add_test(tc, server_revocation_policies);
    tcase_add_test(tc, server_verifier_lifetime);
    tcase_add_test(tc, client_verifier);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(verifier_internal_suite());
}
