/*
 * test_crypto_provider.c - rustls_crypto_provider and its builder as a rustls-ffi program uses
 * them (public headers only): suite subsets and order, key loading, random, lifetimes.  This
 * program never installs a default successfully; test_crypto_provider_default.c does.
 */
#include "config.h"

#include <string.h>

#include "patina.h"
#include "testlib/pttest.h"

static const struct rustls_supported_ciphersuite *find(const struct rustls_crypto_provider *p, uint16_t id)
{
    for (size_t i = 0; i < rustls_crypto_provider_ciphersuites_len(p); i++) {
        const struct rustls_supported_ciphersuite *s = rustls_crypto_provider_ciphersuites_get(p, i);
        if (rustls_supported_ciphersuite_get_suite(s) == id) {
            return s;
        }
    }
    return NULL;
}

START_TEST(default_provider_lists_the_default_suites)
{
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    ck_assert_ptr_nonnull(p);
    size_t n = rustls_crypto_provider_ciphersuites_len(p);
    ck_assert_uint_ge(n, 3);
    ck_assert_uint_eq(n, rustls_default_crypto_provider_ciphersuites_len());
    for (size_t i = 0; i < n; i++) {
        ck_assert_ptr_eq(rustls_crypto_provider_ciphersuites_get(p, i),
                         rustls_default_crypto_provider_ciphersuites_get(i));
    }
    ck_assert_ptr_null(rustls_crypto_provider_ciphersuites_get(p, n));
    ck_assert_ptr_null(rustls_default_crypto_provider_ciphersuites_get(n));
    /* rustls's default order starts with the TLS 1.3 suites. */
    ck_assert_int_eq(rustls_supported_ciphersuite_protocol_version(rustls_crypto_provider_ciphersuites_get(p, 0)),
                     RUSTLS_TLS_VERSION_TLSV1_3);
    ck_assert(!rustls_crypto_provider_fips(p));
    /* Suite pointers outlive the provider. */
    const struct rustls_supported_ciphersuite *first = rustls_crypto_provider_ciphersuites_get(p, 0);
    rustls_crypto_provider_free(p);
    ck_assert_uint_ne(rustls_supported_ciphersuite_get_suite(first), 0);
}
END_TEST

START_TEST(subset_and_order)
{
    struct rustls_crypto_provider_builder *b = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(b);
    const struct rustls_crypto_provider *def = rustls_crypto_provider_default();
    /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xc02b) before TLS13_CHACHA20_POLY1305_SHA256. */
    const struct rustls_supported_ciphersuite *pick[2] = {find(def, 0xc02b), find(def, 0x1303)};
    ck_assert_ptr_nonnull(pick[0]);
    ck_assert_ptr_nonnull(pick[1]);
    rustls_crypto_provider_free(def);
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, pick, 2), RUSTLS_RESULT_OK);
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK);
    /* Spent, but the caller still frees it, in any order relative to the provider. */
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, pick, 1), RUSTLS_RESULT_ALREADY_USED);
    const struct rustls_crypto_provider *again = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &again), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build_as_default(b), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_ptr_null(again);
    rustls_crypto_provider_builder_free(b);
    ck_assert_uint_eq(rustls_crypto_provider_ciphersuites_len(p), 2);
    ck_assert_uint_eq(rustls_supported_ciphersuite_get_suite(rustls_crypto_provider_ciphersuites_get(p, 0)), 0xc02b);
    ck_assert_uint_eq(rustls_supported_ciphersuite_get_suite(rustls_crypto_provider_ciphersuites_get(p, 1)), 0x1303);
    ck_assert_ptr_null(rustls_crypto_provider_ciphersuites_get(p, 2));

    /* A builder on that provider, freed before the builder builds: the builder keeps its base. */
    struct rustls_crypto_provider_builder *b2 = rustls_crypto_provider_builder_new_with_base(p);
    ck_assert_ptr_nonnull(b2);
    rustls_crypto_provider_free(p);
    /* The last call wins; an empty list means the base's suites. */
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b2, pick + 1, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b2, pick, 0), RUSTLS_RESULT_OK);
    const struct rustls_crypto_provider *p2 = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b2, &p2), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b2);
    ck_assert_uint_eq(rustls_crypto_provider_ciphersuites_len(p2), 2);
    ck_assert_uint_eq(rustls_supported_ciphersuite_get_suite(rustls_crypto_provider_ciphersuites_get(p2, 0)), 0xc02b);
    rustls_crypto_provider_free(p2);
}
END_TEST

START_TEST(bad_suite_lists)
{
    struct rustls_crypto_provider_builder *b = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b), RUSTLS_RESULT_OK);
    const struct rustls_supported_ciphersuite *with_null[2] = {rustls_default_crypto_provider_ciphersuites_get(0),
                                                                NULL};
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, with_null, 2), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, NULL, 0), RUSTLS_RESULT_NULL_PARAMETER);
    /* Something that is not one of patina's suites. */
    static const uint8_t junk[64];
    const struct rustls_supported_ciphersuite *foreign[1] = {(const void *)junk};
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, foreign, 1), RUSTLS_RESULT_INVALID_PARAMETER);
    /* Nothing was changed by the failures: the build has every default suite. */
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK); /* not spent by NULL */
    ck_assert_uint_eq(rustls_crypto_provider_ciphersuites_len(p), rustls_default_crypto_provider_ciphersuites_len());
    rustls_crypto_provider_free(p);
    rustls_crypto_provider_builder_free(b);
}
END_TEST

static uint8_t *data(const char *name, size_t *len)
{
    return pt_test_read_data(name, len);
}

START_TEST(load_key_and_build_with_it)
{
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    size_t kl, cl;
    uint8_t *k = data("ed25519.key.pk8.pem", &kl), *c = data("ed25519.chain.pem", &cl);
    struct rustls_signing_key *key = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, k, kl, &key), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(key);
    rustls_crypto_provider_free(p); /* the key does not need the provider object */
    const struct rustls_certified_key *ck = NULL;
    ck_assert_uint_eq(rustls_certified_key_build_with_signing_key(c, cl, key, &ck), RUSTLS_RESULT_OK);
    /* The key now belongs to the certified key: not freed here. */
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_certified_key_get_certificate(ck, 1), &(const uint8_t *){0},
                                                 &(size_t){0}),
                      RUSTLS_RESULT_OK);
    rustls_certified_key_free(ck);

    /* A chain that fails to parse still consumes the key (valgrind checks it is freed once). */
    p = rustls_crypto_provider_default();
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, k, kl, &key), RUSTLS_RESULT_OK);
    static const char bad[] = "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n";
    ck_assert_uint_eq(rustls_certified_key_build_with_signing_key((const uint8_t *)bad, strlen(bad), key, &ck),
                      RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    /* So does a NULL output. */
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, k, kl, &key), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_build_with_signing_key(c, cl, key, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    /* A NULL chain does not: the caller frees the key. */
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, k, kl, &key), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_build_with_signing_key(NULL, 0, key, &ck), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_signing_key_free(key);
    rustls_crypto_provider_free(p);
    free(k);
    free(c);
}
END_TEST

START_TEST(load_key_errors)
{
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    static const char *const bad[] = {"rsa2048.key.pk8.der", "ecdsa-p256.key.encrypted.pem", "rsa1024.key.pk8.pem",
                                      "secp256k1.key.pk8.pem", "ca.pem"};
    struct rustls_signing_key *const sentinel = (struct rustls_signing_key *)(void *)&p;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t len;
        uint8_t *k = data(bad[i], &len);
        struct rustls_signing_key *key = sentinel;
        ck_assert_msg(rustls_crypto_provider_load_key(p, k, len, &key) == RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR,
                      "%s", bad[i]);
        ck_assert_ptr_eq(key, sentinel);
        free(k);
    }
    size_t len;
    uint8_t *k = data("rsa2048.key.pkcs1.pem", &len);
    struct rustls_signing_key *key = sentinel;
    ck_assert_uint_eq(rustls_crypto_provider_load_key(NULL, k, len, &key), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, NULL, len, &key), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, k, len, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_eq(key, sentinel);
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, k, len, &key), RUSTLS_RESULT_OK);
    rustls_signing_key_free(key);
    free(k);
    rustls_crypto_provider_free(p);
}
END_TEST

START_TEST(random_bytes)
{
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    uint8_t a[32] = {0}, b[32] = {0}, zero[32] = {0};
    ck_assert_uint_eq(rustls_crypto_provider_random(p, a, sizeof(a)), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_random(p, b, sizeof(b)), RUSTLS_RESULT_OK);
    /* 2^-256 chance of a false failure per comparison. */
    ck_assert(memcmp(a, zero, sizeof(a)) != 0);
    ck_assert(memcmp(a, b, sizeof(a)) != 0);
    ck_assert_uint_eq(rustls_crypto_provider_random(p, a, 0), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_random(NULL, a, sizeof(a)), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_crypto_provider_random(p, NULL, sizeof(a)), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_crypto_provider_free(p);
}
END_TEST

START_TEST(null_arguments)
{
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_null(rustls_crypto_provider_builder_new_with_base(NULL));
    const struct rustls_supported_ciphersuite *one[1] = {rustls_default_crypto_provider_ciphersuites_get(0)};
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(NULL, one, 1), RUSTLS_RESULT_NULL_PARAMETER);
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(NULL, &p), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_null(p);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build_as_default(NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_crypto_provider_ciphersuites_len(NULL), 0);
    ck_assert_ptr_null(rustls_crypto_provider_ciphersuites_get(NULL, 0));
    ck_assert(!rustls_crypto_provider_fips(NULL));
    ck_assert_uint_eq(rustls_default_crypto_provider_random(NULL, 4), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_crypto_provider_builder_free(NULL);
    rustls_crypto_provider_free(NULL);
}
END_TEST

/* Once the default has been used, installing another is refused (as rustls's install_default). */
START_TEST(install_after_use_is_refused)
{
    ck_assert_uint_ge(rustls_default_crypto_provider_ciphersuites_len(), 1);
    const struct rustls_crypto_provider *def = rustls_crypto_provider_default();
    struct rustls_crypto_provider_builder *b = rustls_crypto_provider_builder_new_with_base(def);
    const struct rustls_supported_ciphersuite *one[1] = {rustls_crypto_provider_ciphersuites_get(def, 0)};
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, one, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build_as_default(b), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build_as_default(b), RUSTLS_RESULT_ALREADY_USED);
    rustls_crypto_provider_builder_free(b);
    /* The default is unchanged. */
    ck_assert_uint_eq(rustls_default_crypto_provider_ciphersuites_len(), rustls_crypto_provider_ciphersuites_len(def));
    rustls_crypto_provider_free(def);
}
END_TEST

static Suite *crypto_provider_suite(void)
{
    Suite *s = suite_create("crypto_provider");
    TCase *tc = tcase_create("crypto_provider");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, default_provider_lists_the_default_suites);
    tcase_add_test(tc, subset_and_order);
    tcase_add_test(tc, bad_suite_lists);
    tcase_add_test(tc, load_key_and_build_with_it);
    tcase_add_test(tc, load_key_errors);
    tcase_add_test(tc, random_bytes);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, install_after_use_is_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(crypto_provider_suite());
}
