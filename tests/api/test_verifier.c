/*
 * test_verifier.c - the WebPKI verifier builders as a rustls-ffi program uses them (public
 * headers only): settings, CRLs, build rules, NULL arguments and lifetimes.  What the built
 * verifiers accept and refuse is in test_verifier_internal.c.
 */
#include "config.h"

#include <string.h>

#include "patina.h"
#include "testlib/pttest.h"

static const struct rustls_root_cert_store *store_of(const char *file)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    if (file != NULL) {
        ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path(file), true),
                          RUSTLS_RESULT_OK);
    }
    const struct rustls_root_cert_store *s = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &s), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(b);
    return s;
}

static rustls_result server_add_crl(struct rustls_web_pki_server_cert_verifier_builder *b, const char *file)
{
    size_t len;
    uint8_t *p = pt_test_read_data(file, &len);
    rustls_result r = rustls_web_pki_server_cert_verifier_builder_add_crl(b, p, len);
    free(p);
    return r;
}

static rustls_result client_add_crl(struct rustls_web_pki_client_cert_verifier_builder *b, const char *file)
{
    size_t len;
    uint8_t *p = pt_test_read_data(file, &len);
    rustls_result r = rustls_web_pki_client_cert_verifier_builder_add_crl(b, p, len);
    free(p);
    return r;
}

START_TEST(server_builder_lifecycle)
{
    const struct rustls_root_cert_store *roots = store_of("ca.pem");
    struct rustls_web_pki_server_cert_verifier_builder *b = rustls_web_pki_server_cert_verifier_builder_new(roots);
    ck_assert_ptr_nonnull(b);
    rustls_root_cert_store_free(roots); /* the builder holds its own reference */
    ck_assert_uint_eq(server_add_crl(b, "inter.crl.pem"), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(server_add_crl(b, "ca.crl.pem"), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_only_check_end_entity_revocation(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_allow_unknown_revocation_status(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_enforce_revocation_expiry(b), RUSTLS_RESULT_OK);
    struct rustls_server_cert_verifier *v = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(v);
    /* Spent: every call is refused, but the builder is still the caller's to free. */
    ck_assert_uint_eq(server_add_crl(b, "inter.crl.pem"), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_only_check_end_entity_revocation(b),
                      RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_allow_unknown_revocation_status(b),
                      RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_enforce_revocation_expiry(b), RUSTLS_RESULT_ALREADY_USED);
    struct rustls_server_cert_verifier *v2 = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(b, &v2), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_ptr_null(v2);
    rustls_web_pki_server_cert_verifier_builder_free(b);
    rustls_server_cert_verifier_free(v);
}
END_TEST

START_TEST(client_builder_lifecycle)
{
    const struct rustls_root_cert_store *roots = store_of("ca.pem");
    const struct rustls_root_cert_store *hints = store_of("other-ca.pem");
    const struct rustls_crypto_provider *prov = rustls_crypto_provider_default();
    struct rustls_web_pki_client_cert_verifier_builder *b =
        rustls_web_pki_client_cert_verifier_builder_new_with_provider(prov, roots);
    ck_assert_ptr_nonnull(b);
    rustls_crypto_provider_free(prov);
    rustls_root_cert_store_free(roots);
    ck_assert_uint_eq(client_add_crl(b, "inter.crl.pem"), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_only_check_end_entity_revocation(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_allow_unknown_revocation_status(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_clear_root_hint_subjects(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_add_root_hint_subjects(b, hints), RUSTLS_RESULT_OK);
    rustls_root_cert_store_free(hints);
    struct rustls_client_cert_verifier *v = NULL;
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(client_add_crl(b, "inter.crl.pem"), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_only_check_end_entity_revocation(b),
                      RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_allow_unknown_revocation_status(b),
                      RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(b),
                      RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_clear_root_hint_subjects(b), RUSTLS_RESULT_ALREADY_USED);
    struct rustls_client_cert_verifier *v2 = NULL;
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(b, &v2), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_ptr_null(v2);
    rustls_web_pki_client_cert_verifier_builder_free(b);
    rustls_client_cert_verifier_free(v);
}
END_TEST

/* An empty root store cannot make a verifier; the builder is spent all the same. */
START_TEST(no_root_anchors)
{
    const struct rustls_root_cert_store *empty = store_of(NULL);
    struct rustls_web_pki_server_cert_verifier_builder *sb = rustls_web_pki_server_cert_verifier_builder_new(empty);
    struct rustls_server_cert_verifier *sv = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(sb, &sv),
                      RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS);
    ck_assert_ptr_null(sv);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(sb, &sv), RUSTLS_RESULT_ALREADY_USED);
    rustls_web_pki_server_cert_verifier_builder_free(sb);

    struct rustls_web_pki_client_cert_verifier_builder *cb = rustls_web_pki_client_cert_verifier_builder_new(empty);
    struct rustls_client_cert_verifier *cv = NULL;
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(cb, &cv),
                      RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS);
    ck_assert_ptr_null(cv);
    rustls_web_pki_client_cert_verifier_builder_free(cb);
    rustls_root_cert_store_free(empty);
}
END_TEST

START_TEST(bad_crls)
{
    const struct rustls_root_cert_store *roots = store_of("ca.pem");
    struct rustls_web_pki_server_cert_verifier_builder *sb = rustls_web_pki_server_cert_verifier_builder_new(roots);
    struct rustls_web_pki_client_cert_verifier_builder *cb = rustls_web_pki_client_cert_verifier_builder_new(roots);
    static const char *const bad[] = {
        "",                                                              /* no CRL at all */
        "text only\n",                                                   /* no CRL at all */
        "-----BEGIN X509 CRL-----\n!!!!\n-----END X509 CRL-----\n",      /* bad base64 */
        "-----BEGIN X509 CRL-----\nMAMCAQE=\n-----END X509 CRL-----\n",  /* not a CRL */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_add_crl(sb, (const uint8_t *)bad[i],
                                                                              strlen(bad[i])),
                          RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR);
        ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_add_crl(cb, (const uint8_t *)bad[i],
                                                                              strlen(bad[i])),
                          RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR);
    }
    /* A certificate is not a CRL. */
    ck_assert_uint_eq(server_add_crl(sb, "ca.pem"), RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR);
    /* The builders still build after the failures. */
    struct rustls_server_cert_verifier *sv = NULL;
    struct rustls_client_cert_verifier *cv = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(sb, &sv), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(cb, &cv), RUSTLS_RESULT_OK);
    rustls_web_pki_server_cert_verifier_builder_free(sb);
    rustls_web_pki_client_cert_verifier_builder_free(cb);
    rustls_root_cert_store_free(roots);
    /* The verifiers outlive the builders and the caller's store reference. */
    rustls_server_cert_verifier_free(sv);
    rustls_client_cert_verifier_free(cv);
}
END_TEST

START_TEST(null_arguments)
{
    const struct rustls_root_cert_store *roots = store_of("ca.pem");
    const struct rustls_crypto_provider *prov = rustls_crypto_provider_default();
    static const uint8_t x[1] = {0};
    ck_assert_ptr_null(rustls_web_pki_server_cert_verifier_builder_new(NULL));
    ck_assert_ptr_null(rustls_web_pki_server_cert_verifier_builder_new_with_provider(NULL, roots));
    ck_assert_ptr_null(rustls_web_pki_server_cert_verifier_builder_new_with_provider(prov, NULL));
    ck_assert_ptr_null(rustls_web_pki_client_cert_verifier_builder_new(NULL));
    ck_assert_ptr_null(rustls_web_pki_client_cert_verifier_builder_new_with_provider(NULL, roots));
    ck_assert_ptr_null(rustls_web_pki_client_cert_verifier_builder_new_with_provider(prov, NULL));

    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_add_crl(NULL, x, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_only_check_end_entity_revocation(NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_allow_unknown_revocation_status(NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_enforce_revocation_expiry(NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    struct rustls_server_cert_verifier *sv = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(NULL, &sv), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_add_crl(NULL, x, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_only_check_end_entity_revocation(NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_allow_unknown_revocation_status(NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_clear_root_hint_subjects(NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_add_root_hint_subjects(NULL, roots),
                      RUSTLS_RESULT_NULL_PARAMETER);
    struct rustls_client_cert_verifier *cv = NULL;
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(NULL, &cv), RUSTLS_RESULT_NULL_PARAMETER);

    struct rustls_web_pki_server_cert_verifier_builder *sb =
        rustls_web_pki_server_cert_verifier_builder_new_with_provider(prov, roots);
    struct rustls_web_pki_client_cert_verifier_builder *cb = rustls_web_pki_client_cert_verifier_builder_new(roots);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_add_crl(sb, NULL, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_add_crl(cb, NULL, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_add_root_hint_subjects(cb, NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    /* As in rustls-ffi, a NULL output spends the builder. */
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(sb, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(sb, &sv), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(cb, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(cb, &cv), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_ptr_null(sv);
    ck_assert_ptr_null(cv);
    rustls_web_pki_server_cert_verifier_builder_free(sb);
    rustls_web_pki_client_cert_verifier_builder_free(cb);
    rustls_web_pki_server_cert_verifier_builder_free(NULL);
    rustls_web_pki_client_cert_verifier_builder_free(NULL);
    rustls_server_cert_verifier_free(NULL);
    rustls_client_cert_verifier_free(NULL);
    rustls_crypto_provider_free(prov);
    rustls_root_cert_store_free(roots);
}
END_TEST

static Suite *verifier_suite(void)
{
    Suite *s = suite_create("verifier");
    TCase *tc = tcase_create("verifier");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, server_builder_lifecycle);
    tcase_add_test(tc, client_builder_lifecycle);
    tcase_add_test(tc, no_root_anchors);
    tcase_add_test(tc, bad_crls);
    tcase_add_test(tc, null_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(verifier_suite());
}
