/*
 * test_crypto_provider_default.c - installing a process-default provider with
 * rustls_crypto_provider_builder_build_as_default: everything that uses "the default" must then
 * report it, and a second install is refused.  One test, because the default is process-wide.
 */
#include "config.h"

#include "patina.h"
#include "testlib/pttest.h"

START_TEST(installed_default_is_used_everywhere)
{
    /* rustls_crypto_provider_default does not install anything, so installing still works. */
    const struct rustls_crypto_provider *builtin = rustls_crypto_provider_default();
    const struct rustls_supported_ciphersuite *chacha = NULL;
    for (size_t i = 0; i < rustls_crypto_provider_ciphersuites_len(builtin); i++) {
        if (rustls_supported_ciphersuite_get_suite(rustls_crypto_provider_ciphersuites_get(builtin, i)) == 0x1303) {
            chacha = rustls_crypto_provider_ciphersuites_get(builtin, i);
        }
    }
    ck_assert_ptr_nonnull(chacha);
    struct rustls_crypto_provider_builder *b = rustls_crypto_provider_builder_new_with_base(builtin);
    rustls_crypto_provider_free(builtin);
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, &chacha, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build_as_default(b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build_as_default(b), RUSTLS_RESULT_ALREADY_USED);
    rustls_crypto_provider_builder_free(b);

    ck_assert_uint_eq(rustls_default_crypto_provider_ciphersuites_len(), 1);
    ck_assert_ptr_eq(rustls_default_crypto_provider_ciphersuites_get(0), chacha);
    ck_assert_ptr_null(rustls_default_crypto_provider_ciphersuites_get(1));
    const struct rustls_crypto_provider *def = rustls_crypto_provider_default();
    ck_assert_uint_eq(rustls_crypto_provider_ciphersuites_len(def), 1);
    rustls_crypto_provider_free(def);

    struct rustls_crypto_provider_builder *b2 = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b2), RUSTLS_RESULT_OK);
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b2, &p), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_ciphersuites_len(p), 1);
    rustls_crypto_provider_free(p);

    /* A second install, even of a different provider, is refused. */
    struct rustls_crypto_provider_builder *b3 = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b3), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build_as_default(b3), RUSTLS_RESULT_ALREADY_USED);
    rustls_crypto_provider_builder_free(b3);
    rustls_crypto_provider_builder_free(b2);
    uint8_t r[16];
    ck_assert_uint_eq(rustls_default_crypto_provider_random(r, sizeof(r)), RUSTLS_RESULT_OK);
}
END_TEST

static Suite *default_suite(void)
{
    Suite *s = suite_create("crypto_provider_default");
    TCase *tc = tcase_create("crypto_provider_default");
    tcase_add_test(tc, installed_default_is_used_everywhere);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(default_suite());
}
