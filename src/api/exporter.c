/*
 * exporter.c - patina_connection_export_keying_material (patina.h, "Exporters"): RFC 5705's
 * exporter interface over the TLS 1.3 exporter of RFC 8446 section 7.5.
 *
 * The connection keeps its exporter_master_secret (conn.h) from the moment the role derives it;
 * this entry point only answers once the handshake is complete, as rustls does (its half-RTT and
 * handshake states have no exporter).  The derivation is keys/tls13_schedule.c's pt_tls13_export.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/compiler.h"
#include "base/slice.h"
#include "conn/conn.h"
#include "conn/conn_impl.h"
#include "keys/tls13_schedule.h"
#include "patina.h"

PT_EXPORT rustls_result patina_connection_export_keying_material(const struct rustls_connection *conn, uint8_t *out,
                                                                 size_t out_len, const uint8_t *label, size_t label_len,
                                                                 const uint8_t *context, size_t context_len,
                                                                 bool has_context)
{
    /* rustls-ffi's rule: a NULL pointer the call would read or write is NULL_PARAMETER, whatever
     * its length; the context is not read without has_context. */
    if (conn == NULL || out == NULL || label == NULL || (has_context && context == NULL)) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    if (conn->failed) {
        return pt_err_result(conn->err);
    }
    /* Complete means both directions keyed for application data and the role gone: a server
     * that has sent its Finished but not yet checked the client's is still handshaking. */
    if (conn->role != NULL || pt_conn_is_handshaking(conn) || conn->suite == NULL) {
        return RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE;
    }
    if (conn->version != PT_CONN_TLS13) {
        /* The TLS 1.2 exporter (RFC 5705 over the PRF, keys/tls12_prf.h) waits for TLS 1.2. */
        return RUSTLS_RESULT_INVALID_PARAMETER;
    }
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-7.5
     *# Implementations MUST use the exporter_master_secret unless explicitly
     *# specified by the application.
     *
     * (patina has no early exporter, so this is the only secret there is.)
     *
     *# If no context is provided, the context_value is zero length.
     *# Consequently, providing no context computes the same value as
     *# providing an empty context.
     */
    pt_slice ctx = has_context ? pt_slice_of(context, context_len) : PT_SLICE_EMPTY;
    return pt_err_result(
        pt_tls13_export(conn->suite->hash, conn->exporter_secret, pt_slice_of(label, label_len), ctx, out, out_len));
}
