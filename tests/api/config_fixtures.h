/*
 * config_fixtures.h - objects the config tests hand to builders: roots, verifiers, certified
 * keys from tests/data, and providers restricted to one protocol version's suites.  Public API
 * only, as a rustls-ffi program would make them.
 */
#ifndef PT_TEST_CONFIG_FIXTURES_H
#define PT_TEST_CONFIG_FIXTURES_H

#include "patina.h"
#include "testlib/pttest.h"

static inline const struct rustls_root_cert_store *fx_roots(void)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path("ca.pem"), true),
                      RUSTLS_RESULT_OK);
    const struct rustls_root_cert_store *s = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &s), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(b);
    return s;
}

static inline struct rustls_server_cert_verifier *fx_server_verifier(void)
{
    const struct rustls_root_cert_store *roots = fx_roots();
    struct rustls_web_pki_server_cert_verifier_builder *b = rustls_web_pki_server_cert_verifier_builder_new(roots);
    struct rustls_server_cert_verifier *v = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_server_cert_verifier_builder_free(b);
    rustls_root_cert_store_free(roots);
    return v;
}

static inline struct rustls_client_cert_verifier *fx_client_verifier(void)
{
    const struct rustls_root_cert_store *roots = fx_roots();
    struct rustls_web_pki_client_cert_verifier_builder *b = rustls_web_pki_client_cert_verifier_builder_new(roots);
    struct rustls_client_cert_verifier *v = NULL;
    ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(b, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_client_cert_verifier_builder_free(b);
    rustls_root_cert_store_free(roots);
    return v;
}

/* A certified key from a chain and a key file of tests/data. */
static inline const struct rustls_certified_key *fx_key(const char *chain, const char *key)
{
    size_t cl, kl;
    uint8_t *c = pt_test_read_data(chain, &cl), *k = pt_test_read_data(key, &kl);
    const struct rustls_certified_key *ck = NULL;
    ck_assert_uint_eq(rustls_certified_key_build(c, cl, k, kl, &ck), RUSTLS_RESULT_OK);
    free(c);
    free(k);
    return ck;
}

/* A provider offering only the default provider's suites of `version` (0x0304 or 0x0303). */
static inline const struct rustls_crypto_provider *fx_provider_only(uint16_t version)
{
    const struct rustls_supported_ciphersuite *chosen[16];
    size_t n = 0;
    for (size_t i = 0; rustls_default_crypto_provider_ciphersuites_get(i) != NULL; i++) {
        const struct rustls_supported_ciphersuite *s = rustls_default_crypto_provider_ciphersuites_get(i);
        if (rustls_supported_ciphersuite_protocol_version(s) == version && n < 16) {
            chosen[n++] = s;
        }
    }
    ck_assert_uint_gt(n, 0);
    struct rustls_crypto_provider_builder *b = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_crypto_provider_builder_set_cipher_suites(b, chosen, n), RUSTLS_RESULT_OK);
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b);
    ck_assert_uint_eq(rustls_crypto_provider_ciphersuites_len(p), n);
    return p;
}

#endif
