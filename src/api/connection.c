/*
 * connection.c - the rustls_connection_* entry points: argument checks and result conversion,
 * with rustls-ffi 0.15.3's answers for NULL arguments (librustls/src/connection.rs and
 * panic.rs NullParameterOrDefault: NULL_PARAMETER for rustls_result, EINVAL for
 * rustls_io_result, false / 0 / NULL / "" otherwise).  The semantics live in src/conn/.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/uio.h>

#include "conn/conn.h"
#include "conn/conn_impl.h"
#include "patina.h"

/* One buffer of a vectored write: POSIX struct iovec's layout, so callers may cast for writev(). */
struct rustls_iovec {
    const uint8_t *iov_base;
    size_t iov_len;
};

_Static_assert(sizeof(struct rustls_iovec) == sizeof(struct iovec), "rustls_iovec must match struct iovec");
_Static_assert(offsetof(struct rustls_iovec, iov_base) == offsetof(struct iovec, iov_base), "iov_base offset");
_Static_assert(offsetof(struct rustls_iovec, iov_len) == offsetof(struct iovec, iov_len), "iov_len offset");

static const rustls_str empty_str = {"", 0};

static rustls_str str_of(const char *s)
{
    if (s == NULL) {
        return empty_str;
    }
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return (rustls_str){s, n};
}

PT_EXPORT void rustls_connection_set_userdata(struct rustls_connection *conn, void *userdata)
{
    if (conn == NULL) {
        return;
    }
    conn->userdata = userdata;
    conn->log.userdata = userdata; /* rustls-ffi hands the connection's userdata to the log callback */
}

PT_EXPORT void rustls_connection_set_log_callback(struct rustls_connection *conn, rustls_log_callback cb)
{
    if (conn == NULL) {
        return;
    }
    conn->log = pt_log_make(cb, conn->userdata, PT_LOG_DEFAULT_MAX);
}

PT_EXPORT rustls_io_result rustls_connection_read_tls(struct rustls_connection *conn, rustls_read_callback callback,
                                            void *userdata, size_t *out_n)
{
    if (conn == NULL || out_n == NULL || callback == NULL) {
        return EINVAL;
    }
    return pt_conn_read_tls(conn, callback, userdata, out_n);
}

PT_EXPORT rustls_io_result rustls_connection_write_tls(struct rustls_connection *conn, rustls_write_callback callback,
                                             void *userdata, size_t *out_n)
{
    if (conn == NULL || out_n == NULL || callback == NULL) {
        return EINVAL;
    }
    return pt_conn_write_tls(conn, callback, userdata, out_n);
}

PT_EXPORT rustls_io_result rustls_connection_write_tls_vectored(struct rustls_connection *conn,
                                                      rustls_write_vectored_callback callback, void *userdata,
                                                      size_t *out_n)
{
    if (conn == NULL || out_n == NULL || callback == NULL) {
        return EINVAL;
    }
    pt_slice chunks[PT_CONN_IOV_MAX];
    struct rustls_iovec iov[PT_CONN_IOV_MAX];
    size_t count = pt_buf_peekv(&conn->sendq, chunks, PT_CONN_IOV_MAX);
    if (count == 0) {
        *out_n = 0;
        return 0;
    }
    size_t offered = 0;
    for (size_t i = 0; i < count; i++) {
        iov[i].iov_base = chunks[i].p;
        iov[i].iov_len = chunks[i].len;
        offered += chunks[i].len;
    }
    size_t n = 0;
    int r = callback(userdata, iov, count, &n);
    if (r != 0) {
        return r;
    }
    r = pt_conn_sent(conn, n, offered);
    if (r == 0) {
        *out_n = n;
    }
    return r;
}

PT_EXPORT rustls_result rustls_connection_process_new_packets(struct rustls_connection *conn)
{
    if (conn == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_err_result(pt_conn_process_new_packets(conn));
}

PT_EXPORT bool rustls_connection_wants_read(const struct rustls_connection *conn)
{
    return conn != NULL && pt_conn_wants_read(conn);
}

PT_EXPORT bool rustls_connection_wants_write(const struct rustls_connection *conn)
{
    return conn != NULL && !pt_buf_is_empty(&conn->sendq);
}

PT_EXPORT bool rustls_connection_is_handshaking(const struct rustls_connection *conn)
{
    return conn != NULL && pt_conn_is_handshaking(conn);
}

PT_EXPORT enum rustls_handshake_kind rustls_connection_handshake_kind(const struct rustls_connection *conn)
{
    return conn == NULL ? RUSTLS_HANDSHAKE_KIND_UNKNOWN : conn->kind;
}

PT_EXPORT void rustls_connection_set_buffer_limit(struct rustls_connection *conn, size_t n)
{
    if (conn != NULL) {
        pt_conn_set_buffer_limit(conn, n);
    }
}

PT_EXPORT void rustls_connection_send_close_notify(struct rustls_connection *conn)
{
    if (conn != NULL) {
        pt_conn_send_close_notify(conn);
    }
}

PT_EXPORT rustls_result rustls_connection_refresh_traffic_keys(struct rustls_connection *conn)
{
    if (conn == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_err_result(pt_conn_refresh_traffic_keys(conn));
}

PT_EXPORT const struct rustls_certificate *rustls_connection_get_peer_certificate(const struct rustls_connection *conn, size_t i)
{
    if (conn == NULL || i >= conn->n_peer_certs) {
        return NULL;
    }
    return &conn->peer_certs[i];
}

PT_EXPORT void rustls_connection_get_alpn_protocol(const struct rustls_connection *conn, const uint8_t **protocol_out,
                                         size_t *protocol_out_len)
{
    if (conn == NULL || protocol_out == NULL || protocol_out_len == NULL) {
        return;
    }
    if (conn->alpn_len == 0) {
        *protocol_out = NULL;
        *protocol_out_len = 0;
        return;
    }
    *protocol_out = conn->alpn;
    *protocol_out_len = conn->alpn_len;
}

PT_EXPORT uint16_t rustls_connection_get_protocol_version(const struct rustls_connection *conn)
{
    return conn == NULL ? 0 : conn->version;
}

PT_EXPORT uint16_t rustls_connection_get_negotiated_ciphersuite(const struct rustls_connection *conn)
{
    /* 0 is TLS_NULL_WITH_NULL_NULL, rustls-ffi's answer before a suite is agreed. */
    return conn == NULL || conn->suite == NULL ? 0 : conn->suite->id;
}

PT_EXPORT struct rustls_str rustls_connection_get_negotiated_ciphersuite_name(const struct rustls_connection *conn)
{
    return conn == NULL || conn->suite == NULL ? empty_str : str_of(conn->suite->name);
}

PT_EXPORT uint16_t rustls_connection_get_negotiated_key_exchange_group(const struct rustls_connection *conn)
{
    return conn == NULL || conn->group == NULL ? 0 : conn->group->id;
}

PT_EXPORT struct rustls_str rustls_connection_get_negotiated_key_exchange_group_name(const struct rustls_connection *conn)
{
    return conn == NULL || conn->group == NULL ? empty_str : str_of(conn->group->name);
}

/* patina.h */
PT_EXPORT uint16_t patina_connection_get_peer_signature_scheme(const struct rustls_connection *conn)
{
    return conn == NULL ? 0 : conn->peer_sig_scheme;
}

PT_EXPORT uint32_t rustls_connection_get_tls13_tickets_received(const struct rustls_connection *conn)
{
    /* rustls-ffi: a client's count; 0 for a server. */
    return conn == NULL || conn->is_server ? 0 : conn->tls13_tickets_received;
}

PT_EXPORT rustls_result rustls_connection_write(struct rustls_connection *conn, const uint8_t *buf, size_t count, size_t *out_n)
{
    if (conn == NULL || buf == NULL || out_n == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_conn_write(conn, buf, count, out_n);
}

PT_EXPORT rustls_result rustls_connection_read(struct rustls_connection *conn, uint8_t *buf, size_t count, size_t *out_n)
{
    if (conn == NULL || buf == NULL || out_n == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    return pt_conn_read(conn, buf, count, out_n);
}

PT_EXPORT bool rustls_connection_fips(const struct rustls_connection *conn)
{
    (void)conn;
    return false; /* BoringSSL here is not a FIPS module build */
}

PT_EXPORT void rustls_connection_free(struct rustls_connection *conn)
{
    pt_conn_free(conn);
}
