/*
 * config_common.c - builder steps shared by client_config.c and server_config.c.
 */
#include <stdlib.h>

#include "api/certified_key.h"
#include "api/config_common.h"
#include "api/crypto_provider.h"
#include "record/fragmenter.h"

unsigned pt_versions_from_list(const uint16_t *versions, size_t n)
{
    unsigned bits = 0;
    for (size_t i = 0; i < n; i++) {
        if (versions[i] == RUSTLS_TLS_VERSION_TLSV1_3) {
            bits |= PT_CFG_TLS13;
        } else if (versions[i] == RUSTLS_TLS_VERSION_TLSV1_2) {
            bits |= PT_CFG_TLS12;
        }
    }
    return bits;
}

static unsigned suite_version_bit(const pt_suite *s)
{
    switch (s->version) {
    case RUSTLS_TLS_VERSION_TLSV1_3:
        return PT_CFG_TLS13;
    case RUSTLS_TLS_VERSION_TLSV1_2:
        return PT_CFG_TLS12;
    default:
        return 0;
    }
}

rustls_result pt_api_check_versions(const struct rustls_crypto_provider *provider, unsigned versions)
{
    unsigned have = 0; /* versions for which the provider offers at least one suite */
    for (size_t i = 0; i < pt_crypto_provider_suite_count(provider); i++) {
        have |= suite_version_bit(pt_crypto_provider_suite(provider, i));
    }
    const pt_provider *tables = pt_crypto_provider_tables(provider);
    if ((have & versions) == 0 || tables->groups == NULL || tables->groups[0] == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    /*
     * Until patina's TLS 1.2 lands the handshake offers and accepts only TLS 1.3 (RFC 8446), so a
     * config that cannot do 1.3 is refused here rather than failing every handshake later.
     */
    if ((versions & have & PT_CFG_TLS13) == 0) {
        return RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS;
    }
    return RUSTLS_RESULT_OK;
}

rustls_result pt_api_set_alpn(pt_alpn_protos *alpn, const struct rustls_slice_bytes *protocols, size_t len)
{
    pt_alpn_protos fresh = {NULL, NULL, 0};
    pt_err e = pt_alpn_protos_set(&fresh, protocols, len);
    if (pt_failed(e)) {
        return pt_err_result(e);
    }
    pt_alpn_protos_free(alpn);
    *alpn = fresh;
    return RUSTLS_RESULT_OK;
}

rustls_result pt_api_set_keys(const struct rustls_certified_key ***keys, size_t *n,
                              const struct rustls_certified_key *const *in, size_t in_len)
{
    if (in == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    for (size_t i = 0; i < in_len; i++) {
        if (in[i] == NULL) {
            return RUSTLS_RESULT_NULL_PARAMETER;
        }
    }
    const struct rustls_certified_key **fresh = NULL;
    if (in_len > 0) {
        fresh = calloc(in_len, sizeof(*fresh));
        if (fresh == NULL) {
            return RUSTLS_RESULT_GENERAL;
        }
        for (size_t i = 0; i < in_len; i++) {
            fresh[i] = pt_certified_key_ref(in[i]);
        }
    }
    /* New references first, old ones after: the new list may share keys with the old. */
    for (size_t i = 0; i < *n; i++) {
        rustls_certified_key_free((*keys)[i]);
    }
    free((void *)*keys);
    *keys = fresh;
    *n = in_len;
    return RUSTLS_RESULT_OK;
}

/* Forget whatever key log was set. */
static void keylog_clear(pt_keylog *log)
{
    pt_keylog_file_close(log->file);
    log->file = NULL;
    log->log_cb = NULL;
    log->will_log_cb = NULL;
}

rustls_result pt_api_set_key_log_file(pt_keylog *log)
{
    pt_keylog_file *f;
    pt_err e = pt_keylog_file_open(&f);
    if (pt_failed(e)) {
        return pt_err_result(e);
    }
    keylog_clear(log);
    log->file = f;
    return RUSTLS_RESULT_OK;
}

void pt_api_set_key_log(pt_keylog *log, rustls_keylog_log_callback log_cb, rustls_keylog_will_log_callback will_log_cb)
{
    keylog_clear(log);
    log->log_cb = log_cb;
    log->will_log_cb = will_log_cb;
}

rustls_result pt_api_set_max_fragment_size(size_t *out, size_t max_fragment_size)
{
    /* rustls checks it when a connection is made; checking at the setter reports it earlier. */
    pt_fragmenter probe;
    pt_fragmenter_init(&probe);
    pt_err e = pt_fragmenter_set_max_fragment_size(&probe, max_fragment_size);
    if (pt_failed(e)) {
        return pt_err_result(e);
    }
    *out = max_fragment_size;
    return RUSTLS_RESULT_OK;
}

rustls_result pt_api_set_signing_schemes(pt_sig_prefs *out, const uint16_t *schemes, size_t len)
{
    if (schemes == NULL && len > 0) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* len 0 restores the default, so only a non-empty list is checked. */
    if (len > 0) {
        rustls_result r = pt_api_check_ids(schemes, len, PT_SIGNING_SCHEMES_MAX, pt_crypto_provider_known_scheme);
        if (r != RUSTLS_RESULT_OK) {
            return r;
        }
    }
    for (size_t i = 0; i < len; i++) {
        out->v[i] = schemes[i];
    }
    out->n = len;
    return RUSTLS_RESULT_OK;
}
