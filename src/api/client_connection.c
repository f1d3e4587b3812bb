/*
 * client_connection.c - rustls_client_connection_new and rustls_client_connection_new_alpn.
 *
 * As rustls-ffi 0.15.3: the checks run in its order (for _new_alpn the protocol list first,
 * then the name, then the config, then conn_out), a name that is neither a DNS name nor an IP
 * literal is INVALID_DNS_NAME_ERROR, and *conn_out is written only on success.  The new
 * connection holds one reference to the config and has its ClientHello queued.
 */
#include <string.h>

#include "client/client.h"
#include "conn/configs.h"
#include "conn/conn.h"
#include "msgs/extensions.h"
#include "rustls.h"

static rustls_result check_name(const char *server_name)
{
    if (server_name == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    /* rustls-pki-types ServerName::try_from: a DNS name or an IP address literal. */
    if (pt_sni_classify(pt_slice_of(server_name, strlen(server_name))) == PT_SNI_INVALID) {
        return RUSTLS_RESULT_INVALID_DNS_NAME_ERROR;
    }
    return RUSTLS_RESULT_OK;
}

static rustls_result connect(const struct rustls_client_config *config, const char *server_name,
                             const pt_alpn_protos *alpn, struct rustls_connection **conn_out)
{
    if (conn_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    pt_conn *c = pt_conn_new(false, config->tables);
    if (c == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    c->client_config = pt_client_config_ref(config);
    /* Validated by patina_client_config_builder_set_max_fragment_size; 0 keeps the default. */
    pt_err e = pt_fragmenter_set_max_fragment_size(&c->frag, config->max_fragment_size);
    if (!pt_failed(e)) {
        e = pt_client_start(c, server_name, alpn);
    }
    if (pt_failed(e)) {
        pt_conn_free(c); /* drops the config reference and the handshake block */
        return pt_err_result(e);
    }
    *conn_out = c;
    return RUSTLS_RESULT_OK;
}

PT_EXPORT rustls_result rustls_client_connection_new(const struct rustls_client_config *config, const char *server_name,
                                           struct rustls_connection **conn_out)
{
    if (config == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    rustls_result r = check_name(server_name);
    if (r != RUSTLS_RESULT_OK) {
        return r;
    }
    return connect(config, server_name, &config->alpn, conn_out);
}

PT_EXPORT rustls_result rustls_client_connection_new_alpn(const struct rustls_client_config *config, const char *server_name,
                                                const struct rustls_slice_bytes *alpn_protocols,
                                                size_t alpn_protocols_len, struct rustls_connection **conn_out)
{
    /* rustls-ffi's try_slice!: a NULL list (or item) is NULL_PARAMETER whatever its length. */
    if (alpn_protocols == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    for (size_t i = 0; i < alpn_protocols_len; i++) {
        if (alpn_protocols[i].data == NULL) {
            return RUSTLS_RESULT_NULL_PARAMETER;
        }
    }
    rustls_result r = check_name(server_name);
    if (r != RUSTLS_RESULT_OK) {
        return r;
    }
    if (config == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    pt_alpn_protos alpn = {NULL, NULL, 0};
    pt_err e = pt_alpn_protos_set(&alpn, alpn_protocols, alpn_protocols_len);
    if (pt_failed(e)) {
        return pt_err_result(e);
    }
    r = connect(config, server_name, &alpn, conn_out);
    pt_alpn_protos_free(&alpn);
    return r;
}
