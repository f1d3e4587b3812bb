/*
 * test_client_config.c - rustls_client_config_builder and rustls_client_config as a rustls-ffi
 * program uses them (public headers only): building, the results rustls-ffi 0.15.3 gives for
 * each mistake, consumption of the builder by build, and NULL arguments everywhere.  What the
 * built config holds is checked in test_config_internal.c.
 */
#include "config.h"

#include <string.h>

#include "api/config_fixtures.h"

static uint32_t accept_any(void *userdata, const struct rustls_verify_server_cert_params *params)
{
    (void)userdata;
    (void)params;
    return RUSTLS_RESULT_OK;
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

/* The usual sequence of a client program (curl, mod_tls): verifier, ALPN, SNI, build. */
START_TEST(default_builder_builds)
{
    struct rustls_server_cert_verifier *v = fx_server_verifier();
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    ck_assert_ptr_nonnull(b);
    rustls_client_config_builder_set_server_verifier(b, v);
    static const uint8_t h2[] = "h2", h11[] = "http/1.1";
    const struct rustls_slice_bytes alpn[] = {{h2, 2}, {h11, 8}};
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 2), RUSTLS_RESULT_OK);
    rustls_client_config_builder_set_enable_sni(b, false);
    rustls_client_config_builder_set_check_selected_alpn(b, false);
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log(b, log_nothing, NULL), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_build(b, &c), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(c);
    ck_assert(!rustls_client_config_fips(c));
    rustls_client_config_free(c);
    rustls_server_cert_verifier_free(v);
}
END_TEST

/* rustls-ffi's test_client_builder_no_verifier_err: build without a verifier. */
START_TEST(no_verifier_is_refused)
{
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    /* Give the builder things to hold, so that a leak of the consumed builder would show. */
    static const uint8_t h2[] = "h2";
    const struct rustls_slice_bytes alpn[] = {{h2, 2}};
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 1), RUSTLS_RESULT_OK);
    const struct rustls_certified_key *k = fx_key("client.chain.pem", "client.key.pk8.pem");
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(b, &k, 1), RUSTLS_RESULT_OK);
    rustls_certified_key_free(k);
    const struct rustls_client_config *c = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_build(b, &c), RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER);
    ck_assert_ptr_null(c);
    /* b is gone: build consumed it (ASan / valgrind would flag a leak or a second free). */
}
END_TEST

START_TEST(dangerous_verifier)
{
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    /* rustls-ffi answers INVALID_PARAMETER (not NULL_PARAMETER) for a missing callback here. */
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, NULL),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(NULL, accept_any),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_build(b, &c), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(c);
    rustls_client_config_free(c);
}
END_TEST

static rustls_result build_custom(const struct rustls_crypto_provider *p, const uint16_t *versions, size_t n)
{
    struct rustls_client_config_builder *b = NULL;
    rustls_result r = rustls_client_config_builder_new_custom(p, versions, n, &b);
    /* rustls-ffi's new_custom only fails on NULL arguments: versions are judged by build. */
    ck_assert_uint_eq(r, RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = NULL;
    r = rustls_client_config_builder_build(b, &c);
    ck_assert(r == RUSTLS_RESULT_OK ? c != NULL : c == NULL);
    rustls_client_config_free(c);
    return r;
}

START_TEST(versions)
{
    const struct rustls_crypto_provider *all = rustls_crypto_provider_default();
    const struct rustls_crypto_provider *only13 = fx_provider_only(RUSTLS_TLS_VERSION_TLSV1_3);
    const struct rustls_crypto_provider *only12 = fx_provider_only(RUSTLS_TLS_VERSION_TLSV1_2);
    const uint16_t v13[] = {0x0304}, v12[] = {0x0303}, both[] = {0x0303, 0x0304}, old[] = {0x0301, 0x0302};
    const uint16_t mixed[] = {0x0301, 0x0304, 0x7f1c};

    ck_assert_uint_eq(build_custom(all, RUSTLS_DEFAULT_VERSIONS, RUSTLS_DEFAULT_VERSIONS_LEN), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(build_custom(all, RUSTLS_ALL_VERSIONS, RUSTLS_ALL_VERSIONS_LEN), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(build_custom(all, v13, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(build_custom(all, both, 2), RUSTLS_RESULT_OK);
    /* Unknown values are skipped: {TLS 1.0, TLS 1.3, a draft} is TLS 1.3. */
    ck_assert_uint_eq(build_custom(all, mixed, 3), RUSTLS_RESULT_OK);
    /* Nothing known left (or an empty list) means rustls's defaults for a client, as rustls-ffi. */
    ck_assert_uint_eq(build_custom(all, old, 2), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(build_custom(all, v13, 0), RUSTLS_RESULT_OK);
    /* patina: TLS 1.2 alone cannot connect yet. */
    ck_assert_uint_eq(build_custom(all, v12, 1), RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS);
    /* rustls's with_protocol_versions: no suite of any enabled version is GENERAL. */
    ck_assert_uint_eq(build_custom(only13, v12, 1), RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(build_custom(only12, v13, 1), RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(build_custom(only13, v13, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(build_custom(only13, both, 2), RUSTLS_RESULT_OK);
    /* Both versions, but only TLS 1.2 suites: usable for rustls, not yet for patina. */
    ck_assert_uint_eq(build_custom(only12, both, 2), RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS);
    /* The builder holds its own reference to the provider. */
    struct rustls_client_config_builder *b = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_new_custom(only13, v13, 1, &b), RUSTLS_RESULT_OK);
    rustls_crypto_provider_free(only13);
    rustls_client_config_builder_free(b);
    rustls_crypto_provider_free(only12);
    rustls_crypto_provider_free(all);
}
END_TEST

START_TEST(alpn_entries)
{
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    static uint8_t name[256];
    memset(name, 'a', sizeof(name));
    const struct rustls_slice_bytes empty[] = {{name, 1}, {name, 0}};
    const struct rustls_slice_bytes too_long[] = {{name, 256}};
    const struct rustls_slice_bytes longest[] = {{name, 255}};
    const struct rustls_slice_bytes null_data[] = {{name, 1}, {NULL, 1}};
    const struct rustls_slice_bytes null_empty[] = {{NULL, 0}};
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, empty, 2), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, too_long, 1),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, null_data, 2), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, null_empty, 1),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, longest, 1), RUSTLS_RESULT_OK);
    /* An empty list is fine (no ALPN), but the array pointer is still required, as rustls-ffi. */
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, longest, 0), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, NULL, 0), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_client_config_builder_free(b);
}
END_TEST

/* Client certificates are taken by reference: the caller may free its key at once. */
START_TEST(certified_keys)
{
    const struct rustls_certified_key *keys[2] = {fx_key("ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem"),
                                                  fx_key("rsa2048.chain.pem", "rsa2048.key.pk8.pem")};
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(b, keys, 2), RUSTLS_RESULT_OK);
    /* Replacing the list drops the old references and takes new ones. */
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(b, keys + 1, 1), RUSTLS_RESULT_OK);
    const struct rustls_certified_key *with_null[2] = {keys[0], NULL};
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(b, with_null, 2), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(b, NULL, 0), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_certified_key_free(keys[0]);
    rustls_certified_key_free(keys[1]);
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_any), RUSTLS_RESULT_OK);
    const struct rustls_client_config *c = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_build(b, &c), RUSTLS_RESULT_OK);
    rustls_client_config_free(c);
}
END_TEST

/* Whatever the builder holds when it is freed unbuilt is released (checked by ASan / valgrind). */
START_TEST(free_unbuilt)
{
    struct rustls_server_cert_verifier *v = fx_server_verifier();
    const struct rustls_certified_key *k = fx_key("client.chain.pem", "client.key.pk8.pem");
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    rustls_client_config_builder_set_server_verifier(b, v);
    rustls_client_config_builder_set_server_verifier(b, v); /* the same one again: no early free */
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(b, &k, 1), RUSTLS_RESULT_OK);
    static const uint8_t h2[] = "h2";
    const struct rustls_slice_bytes alpn[] = {{h2, 2}};
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log_file(b), RUSTLS_RESULT_OK);
    rustls_server_cert_verifier_free(v);
    rustls_certified_key_free(k);
    rustls_client_config_builder_free(b);
}
END_TEST

START_TEST(null_arguments)
{
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    struct rustls_client_config_builder *b = (struct rustls_client_config_builder *)&p; /* never written */
    const uint16_t v13[] = {0x0304};
    ck_assert_uint_eq(rustls_client_config_builder_new_custom(NULL, v13, 1, &b), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_new_custom(p, NULL, 0, &b), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_new_custom(p, v13, 1, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_eq(b, (struct rustls_client_config_builder *)&p); /* outputs only on success */
    rustls_crypto_provider_free(p);

    static const uint8_t h2[] = "h2";
    const struct rustls_slice_bytes alpn[] = {{h2, 2}};
    const struct rustls_certified_key *k = fx_key("client.chain.pem", "client.key.pk8.pem");
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(NULL, accept_any),
                      RUSTLS_RESULT_NULL_PARAMETER);
    rustls_client_config_builder_set_server_verifier(NULL, NULL);
    ck_assert_uint_eq(rustls_client_config_builder_set_alpn_protocols(NULL, alpn, 1), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_client_config_builder_set_enable_sni(NULL, true);
    rustls_client_config_builder_set_check_selected_alpn(NULL, true);
    ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(NULL, &k, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log_file(NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log(NULL, log_nothing, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_certified_key_free(k);

    struct rustls_client_config_builder *real = rustls_client_config_builder_new();
    rustls_client_config_builder_set_server_verifier(real, NULL); /* no-op, as rustls-ffi */
    ck_assert_uint_eq(rustls_client_config_builder_set_key_log(real, NULL, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    const struct rustls_client_config *c = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_build(NULL, &c), RUSTLS_RESULT_NULL_PARAMETER);
    /* A NULL output still consumes the builder (rustls-ffi takes it before looking at the output). */
    ck_assert_uint_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(real, accept_any),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_client_config_builder_build(real, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_null(c);

    ck_assert(!rustls_client_config_fips(NULL));
    rustls_client_config_builder_free(NULL);
    rustls_client_config_free(NULL);
    ck_assert_ptr_null(rustls_supported_hpke());
}
END_TEST

static Suite *client_config_suite(void)
{
    Suite *s = suite_create("client_config");
    TCase *tc = tcase_create("client_config");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, default_builder_builds);
    tcase_add_test(tc, no_verifier_is_refused);
    tcase_add_test(tc, dangerous_verifier);
    tcase_add_test(tc, versions);
    tcase_add_test(tc, alpn_entries);
    tcase_add_test(tc, certified_keys);
    tcase_add_test(tc, free_unbuilt);
    tcase_add_test(tc, null_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(client_config_suite());
}
