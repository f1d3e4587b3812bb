/*
 * client_config.c - rustls_client_config_builder and rustls_client_config (rustls-ffi 0.15.3).
 *
 * The builder fills a struct rustls_client_config (conn/configs.h) in place; build checks it and
 * hands it out with its first reference, so a config and a builder release what they hold in
 * one place (pt_client_config_unref).  As in rustls-ffi, build consumes the builder even when
 * it fails, and every setter replaces what an earlier call set.
 */
#include <stdlib.h>

#include "api/config_common.h"
#include "api/crypto_provider.h"
#include "api/verifier.h"
#include "base/compiler.h"
#include "conn/configs.h"
#include "patina.h"

struct rustls_client_config_builder {
    struct rustls_client_config *c; /* versions == 0: not customised, the defaults apply at build */
};

static struct rustls_client_config_builder *builder_new(const struct rustls_crypto_provider *provider,
                                                        unsigned versions)
{
    struct rustls_client_config_builder *b = calloc(1, sizeof(*b));
    struct rustls_client_config *c = calloc(1, sizeof(*c));
    if (b == NULL || c == NULL) {
        free(b);
        free(c);
        return NULL;
    }
    pt_refcount_init(&c->refs);
    c->provider = pt_crypto_provider_ref(provider);
    c->tables = pt_crypto_provider_tables(provider);
    c->versions = versions;
    /* rustls's ClientConfig defaults, which rustls-ffi keeps. */
    c->enable_sni = true;
    c->check_selected_alpn = true;
    b->c = c;
    return b;
}

PT_EXPORT struct rustls_client_config_builder *rustls_client_config_builder_new(void)
{
    /* Versions stay "not customised": build uses rustls's defaults (TLS 1.3 and 1.2). */
    return builder_new(pt_crypto_provider_process_default(), 0);
}

PT_EXPORT rustls_result rustls_client_config_builder_new_custom(const struct rustls_crypto_provider *provider,
                                                                const uint16_t *tls_versions, size_t tls_versions_len,
                                                                struct rustls_client_config_builder **builder_out)
{
    if (provider == NULL || tls_versions == NULL || builder_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /*
     * rustls-ffi keeps the versions it knows (0x0304, 0x0303) and skips the rest; whether the
     * provider can serve them is checked by build, where rustls's with_protocol_versions runs.
     */
    unsigned versions = pt_versions_from_list(tls_versions, tls_versions_len);
    struct rustls_client_config_builder *b = builder_new(provider, versions);
    if (b == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    *builder_out = b;
    return RUSTLS_RESULT_OK;
}

/* Drop whichever server verifier the builder had: the two kinds replace each other. */
static void clear_verifier(struct rustls_client_config *c)
{
    rustls_server_cert_verifier_free((struct rustls_server_cert_verifier *)c->verifier);
    c->verifier = NULL;
    c->verify_cb = NULL;
}

PT_EXPORT rustls_result rustls_client_config_builder_dangerous_set_certificate_verifier(
    struct rustls_client_config_builder *config_builder, rustls_verify_server_cert_callback callback)
{
    if (config_builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (callback == NULL) {
        return RUSTLS_RESULT_INVALID_PARAMETER; /* rustls-ffi's answer for a missing callback here */
    }
    clear_verifier(config_builder->c);
    config_builder->c->verify_cb = callback;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_client_config_builder_set_server_verifier(struct rustls_client_config_builder *builder,
                                                                const struct rustls_server_cert_verifier *verifier)
{
    if (builder == NULL || verifier == NULL) {
        return;
    }
    /* Take the new reference first: setting the verifier the builder already holds must not free it. */
    struct rustls_server_cert_verifier *v = pt_server_verifier_ref((struct rustls_server_cert_verifier *)verifier);
    clear_verifier(builder->c);
    builder->c->verifier = v;
}

PT_EXPORT rustls_result rustls_client_config_builder_set_alpn_protocols(struct rustls_client_config_builder *builder,
                                                                        const struct rustls_slice_bytes *protocols,
                                                                        size_t len)
{
    if (builder == NULL || protocols == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_alpn(&builder->c->alpn, protocols, len);
}

PT_EXPORT void rustls_client_config_builder_set_enable_sni(struct rustls_client_config_builder *config, bool enable)
{
    if (config != NULL) {
        config->c->enable_sni = enable;
    }
}

PT_EXPORT void rustls_client_config_builder_set_check_selected_alpn(struct rustls_client_config_builder *config,
                                                                    bool enable)
{
    if (config != NULL) {
        config->c->check_selected_alpn = enable;
    }
}

PT_EXPORT rustls_result rustls_client_config_builder_set_certified_key(
    struct rustls_client_config_builder *builder, const struct rustls_certified_key *const *certified_keys,
    size_t certified_keys_len)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_keys(&builder->c->client_keys, &builder->c->n_client_keys, certified_keys,
                           certified_keys_len);
}

PT_EXPORT rustls_result rustls_client_config_builder_set_key_log_file(struct rustls_client_config_builder *builder)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_key_log_file(&builder->c->keylog);
}

PT_EXPORT rustls_result rustls_client_config_builder_set_key_log(struct rustls_client_config_builder *builder,
                                                                 rustls_keylog_log_callback log_cb,
                                                                 rustls_keylog_will_log_callback will_log_cb)
{
    if (builder == NULL || log_cb == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    pt_api_set_key_log(&builder->c->keylog, log_cb, will_log_cb);
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result rustls_client_config_builder_build(struct rustls_client_config_builder *builder,
                                                           const struct rustls_client_config **config_out)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* From here on the builder is spent, whatever happens (rustls-ffi takes its box first). */
    struct rustls_client_config *c = builder->c;
    free(builder);
    rustls_result r = RUSTLS_RESULT_OK;
    if (config_out == NULL) {
        r = RUSTLS_RESULT_NULL_PARAMETER;
    } else if (c->verifier == NULL && c->verify_cb == NULL) {
        r = RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER;
    } else {
        if (c->versions == 0) {
            c->versions = PT_CFG_TLS13 | PT_CFG_TLS12; /* rustls::DEFAULT_VERSIONS */
        }
        r = pt_api_check_versions(c->provider, c->versions);
    }
    if (r != RUSTLS_RESULT_OK) {
        pt_client_config_unref(c);
        return r;
    }
    *config_out = c;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT void rustls_client_config_builder_free(struct rustls_client_config_builder *config)
{
    if (config != NULL) {
        pt_client_config_unref(config->c);
        free(config);
    }
}

PT_EXPORT bool rustls_client_config_fips(const struct rustls_client_config *config)
{
    (void)config; /* patina's BoringSSL build is not a FIPS module, so no config of it is FIPS */
    return false;
}

PT_EXPORT void rustls_client_config_free(const struct rustls_client_config *config)
{
    pt_client_config_unref(config);
}

/* patina.h: rustls's max_fragment_size, which rustls-ffi does not expose. */
PT_EXPORT rustls_result patina_client_config_builder_set_max_fragment_size(struct rustls_client_config_builder *builder,
                                                                 size_t max_fragment_size)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_max_fragment_size(&builder->c->max_fragment_size, max_fragment_size);
}

/* patina.h: the schemes this config's keys sign with, in order. */
PT_EXPORT rustls_result patina_client_config_builder_set_signing_schemes(struct rustls_client_config_builder *builder,
                                                                         const uint16_t *schemes, size_t len)
{
    if (builder == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_api_set_signing_schemes(&builder->c->signing, schemes, len);
}
