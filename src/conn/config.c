/*
 * config.c - what the client and server configs share: the ALPN copy and the reference count
 * that keeps a config (and everything it holds) alive while any connection uses it.
 */
#include <stdlib.h>
#include <string.h>

#include "conn/configs.h"

/*=
 * https://www.rfc-editor.org/rfc/rfc7301#section-3.1
 *# opaque ProtocolName<1..2^8-1>;
 *#
 *# struct {
 *#     ProtocolName protocol_name_list<2..2^16-1>
 *# } ProtocolNameList;
 */
#define ALPN_NAME_MAX 255u
#define ALPN_LIST_MAX 0xffffu

pt_err pt_alpn_protos_set(pt_alpn_protos *out, const struct rustls_slice_bytes *protos, size_t n)
{
    pt_err err = PT_OK;
    pt_alpn_protos a = {NULL, NULL, 0};
    if (n == 0) {
        *out = a;
        return PT_OK;
    }
    PT_ENSURE(protos != NULL, PT_ERR_NOALERT(RUSTLS_RESULT_NULL_PARAMETER));

    /* Check everything first, so that a bad entry leaves nothing half-copied. */
    size_t total = 0, encoded = 0;
    for (size_t i = 0; i < n; i++) {
        PT_ENSURE(protos[i].data != NULL, PT_ERR_NOALERT(RUSTLS_RESULT_NULL_PARAMETER));
        /* rustls cannot encode an empty or over-long name (RFC 7301 section 3.1, above). */
        PT_ENSURE(protos[i].len >= 1 && protos[i].len <= ALPN_NAME_MAX,
                  PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER));
        total += protos[i].len;
        encoded += 1 + protos[i].len;
        /* The whole list must fit the extension's 16-bit length, or no ClientHello could carry it. */
        PT_ENSURE(encoded <= ALPN_LIST_MAX, PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER));
    }

    uint8_t *data = malloc(total);
    pt_slice *items = calloc(n, sizeof(*items));
    PT_ENSURE_OUT(data != NULL && items != NULL, PT_ERR_NOALERT(RUSTLS_RESULT_GENERAL));
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(data + off, protos[i].data, protos[i].len);
        items[i] = pt_slice_of(data + off, protos[i].len);
        off += protos[i].len;
    }
    a.data = data;
    a.items = items;
    a.n = n;
    data = NULL;
    items = NULL;
    *out = a;
out:
    free(data);
    free(items);
    return err;
}

void pt_alpn_protos_free(pt_alpn_protos *a)
{
    if (a != NULL) {
        free(a->data);
        free(a->items);
        a->data = NULL;
        a->items = NULL;
        a->n = 0;
    }
}

/* ---------------------------------------------------------------- reference counts */

const struct rustls_client_config *pt_client_config_ref(const struct rustls_client_config *c)
{
    pt_refcount_inc(&((struct rustls_client_config *)c)->refs);
    return c;
}

const struct rustls_server_config *pt_server_config_ref(const struct rustls_server_config *c)
{
    pt_refcount_inc(&((struct rustls_server_config *)c)->refs);
    return c;
}

static void keys_release(const struct rustls_certified_key **keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rustls_certified_key_free(keys[i]);
    }
    free((void *)keys);
}

static void keylog_release(pt_keylog *log)
{
    pt_keylog_file_close(log->file);
    log->file = NULL;
}

void pt_client_config_unref(const struct rustls_client_config *config)
{
    /* The count is the only thing that changes in a shared, otherwise immutable config. */
    struct rustls_client_config *c = (struct rustls_client_config *)config;
    if (c == NULL || !pt_refcount_dec(&c->refs)) {
        return;
    }
    rustls_crypto_provider_free(c->provider);
    rustls_server_cert_verifier_free((struct rustls_server_cert_verifier *)c->verifier);
    keys_release(c->client_keys, c->n_client_keys);
    pt_alpn_protos_free(&c->alpn);
    keylog_release(&c->keylog);
    free(c);
}

void pt_server_config_unref(const struct rustls_server_config *config)
{
    struct rustls_server_config *c = (struct rustls_server_config *)config;
    if (c == NULL || !pt_refcount_dec(&c->refs)) {
        return;
    }
    rustls_crypto_provider_free(c->provider);
    rustls_client_cert_verifier_free((struct rustls_client_cert_verifier *)c->client_verifier);
    keys_release(c->keys, c->n_keys);
    pt_alpn_protos_free(&c->alpn);
    keylog_release(&c->keylog);
    free(c);
}
