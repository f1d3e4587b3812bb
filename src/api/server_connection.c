/*
 * server_connection.c - rustls_server_connection_new and rustls_server_connection_get_server_name
 * (rustls-ffi 0.15.3 librustls/src/server.rs).
 */
#include <string.h>

#include "api/certified_key.h"
#include "base/compiler.h"
#include "conn/configs.h"
#include "conn/conn.h"
#include "rustls.h"
#include "server/server.h"

PT_EXPORT rustls_result rustls_server_connection_new(const struct rustls_server_config *config,
                                                     struct rustls_connection **conn_out)
{
    if (config == NULL || conn_out == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    pt_conn *c = pt_conn_new(true, config->tables);
    if (c == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    c->server_config = pt_server_config_ref(config);
    /* Validated by patina_server_config_builder_set_max_fragment_size; 0 keeps the default. */
    pt_err err = pt_fragmenter_set_max_fragment_size(&c->frag, config->max_fragment_size);
    if (!pt_failed(err)) {
        err = pt_server_start(c);
    }
    if (pt_failed(err)) {
        pt_conn_free(c);
        return pt_err_result(err);
    }
    *conn_out = c; /* outputs are written only on success */
    return RUSTLS_RESULT_OK;
}

/* The client's SNI host name (lower-cased); empty for a client connection, before the ClientHello
 * is processed, or when the client sent none (rustls-ffi returns rustls_str::default()). */
PT_EXPORT struct rustls_str rustls_server_connection_get_server_name(const struct rustls_connection *conn)
{
    struct rustls_str s = {"", 0};
    if (conn != NULL && conn->is_server && conn->sni[0] != '\0') {
        s.data = conn->sni;
        s.len = strlen(conn->sni);
    }
    return s;
}
