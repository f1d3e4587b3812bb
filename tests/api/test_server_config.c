/*
 * test_server_config.c - rustls_server_config_builder and rustls_server_config as a rustls-ffi
 * program uses them (public headers only): building with keys or a ClientHello callback, the
 * results rustls-ffi 0.15.3 gives for each mistake, consumption of the builder by build, and
 * NULL arguments everywhere.  What the built config holds is checked in test_config_internal.c.
 */
#include "config.h"

#include <string.h>

#include "api/config_fixtures.h"

static const struct rustls_certified_key *pick_none(void *userdata, const struct rustls_client_hello *hello)
{
    (void)userdata;
    (void)hello;
    return NULL;
}

static void log_nothing(struct rustls_str label, const uint8_t *client_random, size_t client_random_len,
                        const uint8_t *secret, size_t secret_len)
{
    (void)label;
    (void)client_random;
    (void)client_random_len;
    (void)secret;
    (void)secret_len;
}

static int want_nothing(struct rustls_str label)
{
    (void)label;
    return 0;
}

/* The usual sequence of a server program: keys, ALPN, client auth, build. */
START_TEST(default_builder_builds)
{
    const struct rustls_certified_key *keys[2] = {fx_key("ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem"),
                                                  fx_key("rsa2048.chain.pem", "rsa2048.key.pk8.pem")};
    struct rustls_client_cert_verifier *v = fx_client_verifier();
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, keys, 2), RUSTLS_RESULT_OK);
    rustls_server_config_builder_set_client_verifier(b, v);
    static const uint8_t h2[] = "h2", h11[] = "http/1.1";
    const struct rustls_slice_bytes alpn[] = {{h2, 2}, {h11, 8}};
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(b, alpn, 2), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_ignore_client_order(b, true), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log(b, log_nothing, want_nothing), RUSTLS_RESULT_OK);
    /* The builder holds its own references: the caller's go now. */
    rustls_certified_key_free(keys[0]);
    rustls_certified_key_free(keys[1]);
    rustls_client_cert_verifier_free(v);
    const struct rustls_server_config *c = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &c), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(c);
    ck_assert(!rustls_server_config_fips(c));
    rustls_server_config_free(c);
}
END_TEST

START_TEST(no_certificate_source)
{
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    struct rustls_client_cert_verifier *v = fx_client_verifier();
    rustls_server_config_builder_set_client_verifier(b, v);
    rustls_client_cert_verifier_free(v);
    static const uint8_t h2[] = "h2";
    const struct rustls_slice_bytes alpn[] = {{h2, 2}};
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(b, alpn, 1), RUSTLS_RESULT_OK);
    const struct rustls_server_config *c = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &c), RUSTLS_RESULT_NO_CERT_RESOLVER);
    ck_assert_ptr_null(c);
    /* b was consumed with the verifier reference and ALPN it held (ASan / valgrind: no leak). */
}
END_TEST

/* An empty key list is a (useless) resolver for rustls-ffi, so build accepts it. */
START_TEST(empty_key_list_and_hello_callback)
{
    const struct rustls_certified_key *k = fx_key("ed25519.chain.pem", "ed25519.key.pk8.pem");
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, &k, 0), RUSTLS_RESULT_OK);
    const struct rustls_server_config *c = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &c), RUSTLS_RESULT_OK);
    rustls_server_config_free(c);

    b = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(b, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, &k, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(b, pick_none), RUSTLS_RESULT_OK);
    rustls_certified_key_free(k);
    c = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &c), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(c);
    rustls_server_config_free(c);
}
END_TEST

static rustls_result build_custom(const struct rustls_crypto_provider *p, const uint16_t *versions, size_t n)
{
    struct rustls_server_config_builder *b = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_new_custom(p, versions, n, &b), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(b, pick_none), RUSTLS_RESULT_OK);
    const struct rustls_server_config *c = NULL;
    rustls_result r = rustls_server_config_builder_build(b, &c);
    ck_assert(r == RUSTLS_RESULT_OK ? c != NULL : c == NULL);
    rustls_server_config_free(c);
    return r;
}

START_TEST(versions)
{
    const struct rustls_crypto_provider *all = rustls_crypto_provider_default();
    const struct rustls_crypto_provider *only13 = fx_provider_only(RUSTLS_TLS_VERSION_TLSV1_3);
    const struct rustls_crypto_provider *only12 = fx_provider_only(RUSTLS_TLS_VERSION_TLSV1_2);
    const uint16_t v13[] = {0x0304}, v12[] = {0x0303}, both[] = {0x0304, 0x0303}, old[] = {0x0300, 0x0301};

    ck_assert_uint_eq(build_custom(all, RUSTLS_DEFAULT_VERSIONS, RUSTLS_DEFAULT_VERSIONS_LEN), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(build_custom(all, v13, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(build_custom(all, both, 2), RUSTLS_RESULT_OK);
    /* Unlike the client builder, no known version left is no version at all: rustls's GENERAL. */
    ck_assert_uint_eq(build_custom(all, old, 2), RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(build_custom(all, v13, 0), RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(build_custom(all, v12, 1), RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS);
    ck_assert_uint_eq(build_custom(only13, v12, 1), RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(build_custom(only12, v13, 1), RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(build_custom(only12, both, 2), RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS);
    ck_assert_uint_eq(build_custom(only13, both, 2), RUSTLS_RESULT_OK);

    /* The versions are checked before the certificate source, as rustls-ffi's build does. */
    struct rustls_server_config_builder *b = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_new_custom(only13, v12, 1, &b), RUSTLS_RESULT_OK);
    rustls_crypto_provider_free(only13); /* the builder keeps its own reference */
    const struct rustls_server_config *c = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &c), RUSTLS_RESULT_GENERAL);
    ck_assert_ptr_null(c);
    rustls_crypto_provider_free(only12);
    rustls_crypto_provider_free(all);
}
END_TEST

START_TEST(alpn_entries)
{
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    static uint8_t name[256];
    memset(name, 'x', sizeof(name));
    const struct rustls_slice_bytes empty[] = {{name, 0}};
    const struct rustls_slice_bytes too_long[] = {{name, 3}, {name, 256}};
    const struct rustls_slice_bytes null_data[] = {{NULL, 2}};
    const struct rustls_slice_bytes ok[] = {{name, 255}, {name, 1}};
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(b, empty, 1), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(b, too_long, 2),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(b, null_data, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(b, ok, 2), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(b, NULL, 0), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_server_config_builder_free(b);
}
END_TEST

START_TEST(free_unbuilt)
{
    struct rustls_client_cert_verifier *v = fx_client_verifier();
    const struct rustls_certified_key *k = fx_key("rsa2048.chain.pem", "rsa2048.key.pk8.pem");
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    rustls_server_config_builder_set_client_verifier(b, v);
    rustls_server_config_builder_set_client_verifier(b, v); /* the same one again: no early free */
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, &k, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, &k, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log_file(b), RUSTLS_RESULT_OK);
    rustls_client_cert_verifier_free(v);
    rustls_certified_key_free(k);
    rustls_server_config_builder_free(b);
}
END_TEST

START_TEST(null_arguments)
{
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    struct rustls_server_config_builder *b = NULL;
    const uint16_t v13[] = {0x0304};
    ck_assert_uint_eq(rustls_server_config_builder_new_custom(NULL, v13, 1, &b), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_new_custom(p, NULL, 0, &b), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_new_custom(p, v13, 1, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_null(b);
    rustls_crypto_provider_free(p);

    static const uint8_t h2[] = "h2";
    const struct rustls_slice_bytes alpn[] = {{h2, 2}};
    const struct rustls_certified_key *k = fx_key("rsa2048.chain.pem", "rsa2048.key.pk8.pem");
    rustls_server_config_builder_set_client_verifier(NULL, NULL);
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log_file(NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log(NULL, log_nothing, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_ignore_client_order(NULL, true), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_alpn_protocols(NULL, alpn, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(NULL, &k, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(NULL, pick_none), RUSTLS_RESULT_NULL_PARAMETER);

    struct rustls_server_config_builder *real = rustls_server_config_builder_new();
    rustls_server_config_builder_set_client_verifier(real, NULL); /* no-op, as rustls-ffi */
    ck_assert_uint_eq(rustls_server_config_builder_set_key_log(real, NULL, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(real, NULL, 0), RUSTLS_RESULT_NULL_PARAMETER);
    const struct rustls_certified_key *with_null[2] = {k, NULL};
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(real, with_null, 2),
                      RUSTLS_RESULT_NULL_PARAMETER);
    rustls_certified_key_free(k);
    /* The failed set_certified_keys calls did not count as a certificate source. */
    const struct rustls_server_config *c = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_build(NULL, &c), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_server_config_builder_build(real, &c), RUSTLS_RESULT_NO_CERT_RESOLVER);
    ck_assert_ptr_null(c);
    /* A NULL output consumes the builder too. */
    real = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_hello_callback(real, pick_none), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_config_builder_build(real, NULL), RUSTLS_RESULT_NULL_PARAMETER);

    ck_assert(!rustls_server_config_fips(NULL));
    rustls_server_config_builder_free(NULL);
    rustls_server_config_free(NULL);
}
END_TEST

static Suite *server_config_suite(void)
{
    Suite *s = suite_create("server_config");
    TCase *tc = tcase_create("server_config");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, default_builder_builds);
    tcase_add_test(tc, no_certificate_source);
    tcase_add_test(tc, empty_key_list_and_hello_callback);
    tcase_add_test(tc, versions);
    tcase_add_test(tc, alpn_entries);
    tcase_add_test(tc, free_unbuilt);
    tcase_add_test(tc, null_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(server_config_suite());
}
