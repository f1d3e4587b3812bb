/*
 * test_api_internal.c - the internal accessors the handshake uses on API objects
 * (api/certified_key.h, api/root_store.h): they must show what the public calls built.
 */
#include "config.h"

#include <string.h>

#include "api/certified_key.h"
#include "api/crypto_provider.h"
#include "api/root_store.h"
#include "testlib/pttest.h"

START_TEST(certified_key_accessors)
{
    size_t cl, kl;
    uint8_t *c = pt_test_read_data("ecdsa-p256.chain.pem", &cl);
    uint8_t *k = pt_test_read_data("ecdsa-p256.key.pk8.pem", &kl);
    const struct rustls_certified_key *ck;
    ck_assert_uint_eq(rustls_certified_key_build(c, cl, k, kl, &ck), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pt_certified_key_chain_len(ck), 2);
    ck_assert_uint_eq(pt_certified_key_cert(ck, 2).len, 0);
    ck_assert_uint_eq(pt_certified_key_ocsp(ck).len, 0);
    ck_assert_int_eq(pt_certified_key_sig_ops(ck)->key_type(pt_certified_key_signing_key(ck)), PT_KEY_EC_P256);

    /* A config's reference keeps the key alive after the application frees its own. */
    const struct rustls_certified_key *held = pt_certified_key_ref(ck);
    rustls_certified_key_free(ck);
    pt_slice leaf = pt_certified_key_cert(held, 0);
    ck_assert_uint_gt(leaf.len, 100);
    ck_assert_uint_eq(leaf.p[0], 0x30);

    static const uint8_t ocsp[] = {0x30, 0x03, 0x0a, 0x01, 0x00};
    struct rustls_slice_bytes resp = {ocsp, sizeof(ocsp)};
    const struct rustls_certified_key *with, *without;
    ck_assert_uint_eq(rustls_certified_key_clone_with_ocsp(held, &resp, &with), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_clone_with_ocsp(with, NULL, &without), RUSTLS_RESULT_OK);
    rustls_certified_key_free(held);
    ck_assert_uint_eq(pt_certified_key_ocsp(with).len, sizeof(ocsp));
    ck_assert_mem_eq(pt_certified_key_ocsp(with).p, ocsp, sizeof(ocsp));
    ck_assert_uint_eq(pt_certified_key_ocsp(without).len, 0);
    ck_assert_ptr_eq(pt_certified_key_signing_key(with), pt_certified_key_signing_key(without));

    /* The key still signs after its first holder is gone (scheme from the key's own list). */
    uint16_t schemes[PT_SIG_SCHEMES_MAX];
    const pt_sig_ops *sig = pt_certified_key_sig_ops(without);
    ck_assert_uint_ge(sig->key_schemes(pt_certified_key_signing_key(without), schemes, PT_SIG_SCHEMES_MAX), 1);
    uint8_t out[PT_SIG_MAX];
    size_t out_len = 0;
    ck_assert_pt_ok(sig->sign(pt_certified_key_signing_key(without), schemes[0], pt_slice_of("hello", 5), out,
                              sizeof(out), &out_len));
    ck_assert_uint_gt(out_len, 0);
    rustls_certified_key_free(with);
    rustls_certified_key_free(without);
    free(c);
    free(k);
}
END_TEST

/* What the builder accepted, counted; a failed add leaves the builder as it was. */
START_TEST(root_store_contents)
{
    static const char not_a_cert[] = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    size_t len;
    uint8_t *ca = pt_test_read_data("ca.pem", &len);
    /* ca.pem followed by a non-certificate section: strict refuses all of it, lenient takes one. */
    size_t mixed_len = len + strlen(not_a_cert);
    uint8_t *mixed = malloc(mixed_len);
    memcpy(mixed, ca, len);
    memcpy(mixed + len, not_a_cert, strlen(not_a_cert));

    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    ck_assert_uint_eq(rustls_root_cert_store_builder_add_pem(b, mixed, mixed_len, true),
                      RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    const struct rustls_root_cert_store *s0;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &s0), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pt_root_cert_store_count(s0), 0);
    rustls_root_cert_store_builder_free(b);

    b = rustls_root_cert_store_builder_new();
    ck_assert_uint_eq(rustls_root_cert_store_builder_add_pem(b, mixed, mixed_len, false), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path("other-ca.pem"), true),
                      RUSTLS_RESULT_OK);
    const struct rustls_root_cert_store *s2;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &s2), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(b);
    const struct rustls_root_cert_store *held = pt_root_cert_store_ref(s2);
    rustls_root_cert_store_free(s2);
    ck_assert_uint_eq(pt_root_cert_store_count(held), 2);
    ck_assert_ptr_nonnull(pt_root_cert_store_anchors(held));
    rustls_root_cert_store_free(held);
    rustls_root_cert_store_free(s0);
    free(mixed);
    free(ca);
}
END_TEST

/*
 * The tables the handshake reads (pt_crypto_provider_tables) carry the provider's own suite
 * list: a provider restricted to one suite must offer exactly that suite, in the builder's
 * order, even after the base provider is gone.
 */
START_TEST(provider_tables_follow_suites)
{
    const pt_provider *def = pt_default_provider();
    const pt_suite *chacha = pt_provider_find_suite(def, 0x1303);
    const pt_suite *aes128 = pt_provider_find_suite(def, 0x1301);
    ck_assert_ptr_nonnull(chacha);
    ck_assert_ptr_nonnull(aes128);
    struct rustls_crypto_provider_builder *b = NULL;
    ck_assert_int_eq(rustls_crypto_provider_builder_new_from_default(&b), RUSTLS_RESULT_OK);
    const struct rustls_supported_ciphersuite *pick[2] = {NULL, NULL};
    for (size_t i = 0; i < rustls_default_crypto_provider_ciphersuites_len(); i++) {
        const struct rustls_supported_ciphersuite *cs = rustls_default_crypto_provider_ciphersuites_get(i);
        uint16_t id = rustls_supported_ciphersuite_get_suite(cs);
        if (id == 0x1303) {
            pick[0] = cs;
        } else if (id == 0x1301) {
            pick[1] = cs;
        }
    }
    ck_assert_int_eq(rustls_crypto_provider_builder_set_cipher_suites(b, pick, 2), RUSTLS_RESULT_OK);
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_int_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b);

    /* A provider built on that one inherits its list. */
    struct rustls_crypto_provider_builder *b2 = rustls_crypto_provider_builder_new_with_base(p);
    const struct rustls_crypto_provider *p2 = NULL;
    ck_assert_int_eq(rustls_crypto_provider_builder_build(b2, &p2), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b2);
    rustls_crypto_provider_free(p);

    const pt_provider *t = pt_crypto_provider_tables(p2);
    ck_assert_ptr_eq(t->suites[0], chacha);
    ck_assert_ptr_eq(t->suites[1], aes128);
    ck_assert_ptr_null(t->suites[2]);
    ck_assert_ptr_eq(t->groups[0], def->groups[0]);
    /* The view's signature table is its own copy (its verify_schemes may be narrowed), of the
     * backend's operations and, here, with the backend's whole list. */
    ck_assert_ptr_eq(t->sig->verify, def->sig->verify);
    ck_assert_ptr_eq(t->sig->sign, def->sig->sign);
    size_t k = 0;
    for (; def->sig->verify_schemes[k] != 0; k++) {
        ck_assert_uint_eq(t->sig->verify_schemes[k], def->sig->verify_schemes[k]);
    }
    ck_assert_uint_eq(t->sig->verify_schemes[k], 0);

    /*
     * A builder on a narrowed base may still choose any suite of the backend (rustls-ffi
     * replaces the base's list): AES-256-GCM, which p2 does not list, is accepted.
     */
    const struct rustls_supported_ciphersuite *aes256 = NULL;
    for (size_t i = 0; i < rustls_default_crypto_provider_ciphersuites_len(); i++) {
        const struct rustls_supported_ciphersuite *cs = rustls_default_crypto_provider_ciphersuites_get(i);
        if (rustls_supported_ciphersuite_get_suite(cs) == 0x1302) {
            aes256 = cs;
        }
    }
    struct rustls_crypto_provider_builder *b3 = rustls_crypto_provider_builder_new_with_base(p2);
    ck_assert_int_eq(rustls_crypto_provider_builder_set_cipher_suites(b3, &aes256, 1), RUSTLS_RESULT_OK);
    const struct rustls_crypto_provider *p3 = NULL;
    ck_assert_int_eq(rustls_crypto_provider_builder_build(b3, &p3), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b3);
    t = pt_crypto_provider_tables(p3);
    ck_assert_uint_eq(t->suites[0]->id, 0x1302);
    ck_assert_ptr_null(t->suites[1]);
    rustls_crypto_provider_free(p3);
    rustls_crypto_provider_free(p2);
}
END_TEST

static Suite *api_internal_suite(void)
{
    Suite *s = suite_create("api_internal");
    TCase *tc = tcase_create("api_internal");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, certified_key_accessors);
    tcase_add_test(tc, root_store_contents);
    tcase_add_test(tc, provider_tables_follow_suites);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(api_internal_suite());
}
