/*
 * server_config.c - rustls_server_config_builder and rustls_server_config (rustls-ffi 0.15.3).
 *
 * As for clients (client_config.c), the builder fills a struct rustls_server_config in place
 * and build hands it out; build consumes the builder even when it fails.  The certificate
 * source is one slot, as rustls-ffi's cert_resolver: set_certified_keys and set_hello_callback
 * replace each other, and build refuses a builder that never set either.
 */
#include <stdlib.h>

#include "api/config_common.h"
#include "api/crypto_provider.h"
#include "api/verifier.h"
#include "base/compiler.h"
#include "conn/configs.h"
#include "patina.h"

struct rustls_server_config_builder {
    struct rustls_server_config *c;
    bool has_cert_source; /* set_certified_keys (even with no key) or set_hello_callback was called */
};

static struct rustls_server_config_builder *builder_new(const struct rustls_crypto_provider *provider,
                                                        unsigned versions)
{
    struct rustls_server_config_builder *b = calloc(1, sizeof(*b));
    struct rustls_server_config *c = calloc(1, sizeof(*c));
    if (b == NULL || c == NULL) {
        free(b);
        free(c);
        return NULL;
    }
    pt_refcount_init(&c->refs);
    c->provider = pt_crypto_provider_ref(provider);
    c->tables = pt_crypto_provider_tables(provider);
    c->versions = versions;
    /* No client_verifier: rustls-ffi's default is WebPkiClientVerifier::no_client_auth(). */
    b->c = c;
    return b;
}

PT_EXPORT struct rustls_server_config_builder *rustls_server_config_builder_new(void)
{
    /* Unlike the client builder, rustls-ffi fills in rustls::DEFAULT_VERSIONS right away. */
    return builder_new(pt_crypto_provider_process_default(), PT_CFG_TLS13 | PT_CFG_TLS12);
}

PT_EXPORT rustls_result rustls_server_config_builder_new_custom(const struct rustls_crypto_provider *provider,
                                                                const uint16_t *tls_versions, size_t tls_versions_len,
                                                                struct rustls_server_config_builder **builder_out)
{
    if (provider == NULL || tls_versions == NULL || builder_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* Unknown versions are skipped; none left means build fails (GENERAL), as in rustls-ffi. */
    unsigned versions = pt_versions_from_list(tls_versions, tls_versions_len);
    struct rustls_server_config_builder *b = builder_new(provider, versions);
    if (b == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    *builder_out = b;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_server_config_builder_set_client_verifier(struct rustls_server_config_builder *builder,
                                                                const struct rustls_client_cert_verifier *verifier)
{
    if (builder == NULL || verifier == NULL) {
        return;
    }
    /* New reference before the old one goes, in case they are the same verifier. */
    struct rustls_client_cert_verifier *v = pt_client_verifier_ref((struct rustls_client_cert_verifier *)verifier);
    rustls_client_cert_verifier_free((struct rustls_client_cert_verifier *)builder->c->client_verifier);
    builder->c->client_verifier = v;
}

PT_EXPORT rustls_result rustls_server_config_builder_set_key_log_file(struct rustls_server_config_builder *builder)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_key_log_file(&builder->c->keylog);
}

PT_EXPORT rustls_result rustls_server_config_builder_set_key_log(struct rustls_server_config_builder *builder,
                                                                 rustls_keylog_log_callback log_cb,
                                                                 rustls_keylog_will_log_callback will_log_cb)
{
    if (builder == NULL || log_cb == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    pt_api_set_key_log(&builder->c->keylog, log_cb, will_log_cb);
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result
rustls_server_config_builder_set_ignore_client_order(struct rustls_server_config_builder *builder, bool ignore)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    builder->c->ignore_client_order = ignore;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result rustls_server_config_builder_set_alpn_protocols(struct rustls_server_config_builder *builder,
                                                                        const struct rustls_slice_bytes *protocols,
                                                                        size_t len)
{
    if (builder == NULL || protocols == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_alpn(&builder->c->alpn, protocols, len);
}

PT_EXPORT rustls_result rustls_server_config_builder_set_certified_keys(
    struct rustls_server_config_builder *builder, const struct rustls_certified_key *const *certified_keys,
    size_t certified_keys_len)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    rustls_result r = pt_api_set_keys(&builder->c->keys, &builder->c->n_keys, certified_keys, certified_keys_len);
    if (r == RUSTLS_RESULT_OK) {
        builder->c->hello_cb = NULL;
        builder->has_cert_source = true;
    }
    return r;
}

PT_EXPORT rustls_result rustls_server_config_builder_set_hello_callback(struct rustls_server_config_builder *builder,
                                                                        rustls_client_hello_callback callback)
{
    if (callback == NULL || builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* The callback replaces the keys: drop them now rather than carry them unused. */
    struct rustls_server_config *c = builder->c;
    for (size_t i = 0; i < c->n_keys; i++) {
        rustls_certified_key_free(c->keys[i]);
    }
    free((void *)c->keys);
    c->keys = NULL;
    c->n_keys = 0;
    c->hello_cb = callback;
    builder->has_cert_source = true;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result rustls_server_config_builder_build(struct rustls_server_config_builder *builder,
                                                           const struct rustls_server_config **config_out)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* The builder is spent from here on, whatever happens (rustls-ffi takes its box first). */
    struct rustls_server_config *c = builder->c;
    bool has_cert_source = builder->has_cert_source;
    free(builder);
    rustls_result r;
    if (config_out == NULL) {
        r = RUSTLS_RESULT_NULL_PARAMETER;
    } else {
        /* rustls-ffi's order: the versions (with_protocol_versions) before the certificate source. */
        r = pt_api_check_versions(c->provider, c->versions);
        if (r == RUSTLS_RESULT_OK && !has_cert_source) {
            r = RUSTLS_RESULT_NO_CERT_RESOLVER;
        }
    }
    if (r != RUSTLS_RESULT_OK) {
        pt_server_config_unref(c);
        return r;
    }
    *config_out = c;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_server_config_builder_free(struct rustls_server_config_builder *config)
{
    if (config != NULL) {
        pt_server_config_unref(config->c);
        free(config);
    }
}

PT_EXPORT bool rustls_server_config_fips(const struct rustls_server_config *config)
{
    (void)config; /* patina's BoringSSL build is not a FIPS module, so no config of it is FIPS */
    return false;
}

PT_EXPORT void rustls_server_config_free(const struct rustls_server_config *config)
{
    pt_server_config_unref(config);
}

/* patina.h: rustls's max_fragment_size, which rustls-ffi does not expose. */
PT_EXPORT rustls_result patina_server_config_builder_set_max_fragment_size(struct rustls_server_config_builder *builder,
                                                                 size_t max_fragment_size)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_max_fragment_size(&builder->c->max_fragment_size, max_fragment_size);
}

/* patina.h: the schemes this config's keys sign with, in order. */
PT_EXPORT rustls_result patina_server_config_builder_set_signing_schemes(struct rustls_server_config_builder *builder,
                                                                         const uint16_t *schemes, size_t len)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_signing_schemes(&builder->c->signing, schemes, len);
}
