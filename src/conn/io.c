/*
 * io.c - what read_tls, write_tls, read and write do once their arguments are checked
 * (rustls conn.rs read_tls / Reader / buffer_plaintext, vecbuf.rs write_to).
 */
#include <errno.h>

#include "conn/conn.h"
#include "conn/conn_impl.h"

int pt_conn_read_tls(pt_conn *c, rustls_read_callback cb, void *userdata, size_t *out_n)
{
    /* After a failure nothing more is processed: reading could only grow the buffer. */
    if (c->failed) {
        return EIO;
    }
    /* rustls: "received plaintext buffer full" - the application must read first. */
    if (pt_buf_over_limit(&c->plain_in)) {
        pt_log_debug(&c->log, "read_tls refused: received plaintext buffer full");
        return EIO;
    }
    /* rustls: nothing more is read after close_notify (RFC 8446 section 6.1). */
    if (c->peer_closed) {
        *out_n = 0;
        return 0;
    }
    uint8_t *p = NULL;
    size_t room = 0;
    pt_err err = pt_deframer_space(&c->deframer, &p, &room);
    if (pt_failed(err) || room == 0) {
        /* rustls: "message buffer full" - process_new_packets must take records first. */
        pt_log_debug(&c->log, "read_tls refused: message buffer full");
        return EIO;
    }
    size_t n = 0;
    int r = cb(userdata, p, room, &n);
    if (r != 0) {
        return r;
    }
    if (n > room) {
        return EIO; /* the callback claims more than it was given room for */
    }
    pt_deframer_commit(&c->deframer, n);
    if (n == 0) {
        c->peer_eof = true;
    }
    *out_n = n;
    return 0;
}

int pt_conn_sent(pt_conn *c, size_t n, size_t offered)
{
    if (n > offered) {
        /* rustls write_to: the amount written is unknown, so drop everything offered. */
        pt_buf_consume(&c->sendq, offered);
        return EIO;
    }
    pt_buf_consume(&c->sendq, n);
    return 0;
}

int pt_conn_write_tls(pt_conn *c, rustls_write_callback cb, void *userdata, size_t *out_n)
{
    pt_slice s = pt_buf_peek(&c->sendq);
    if (s.len == 0) {
        *out_n = 0;
        return 0;
    }
    size_t n = 0;
    int r = cb(userdata, s.p, s.len, &n);
    if (r != 0) {
        return r;
    }
    r = pt_conn_sent(c, n, s.len);
    if (r == 0) {
        *out_n = n;
    }
    return r;
}

rustls_result pt_conn_read(pt_conn *c, uint8_t *buf, size_t count, size_t *out_n)
{
    if (c->failed) {
        return pt_err_result(c->err);
    }
    size_t n = pt_buf_read(&c->plain_in, buf, count);
    pt_conn_release_idle(c);
    /* rustls Reader::read: data, or an empty buffer, is Ok; otherwise it depends on how the peer left. */
    if (n > 0 || count == 0 || c->peer_closed) {
        *out_n = n;
        return RUSTLS_RESULT_OK;
    }
    if (c->peer_eof) {
        return RUSTLS_RESULT_UNEXPECTED_EOF; /* the stream ended without close_notify */
    }
    return RUSTLS_RESULT_PLAINTEXT_EMPTY;
}

rustls_result pt_conn_write(pt_conn *c, const uint8_t *buf, size_t count, size_t *out_n)
{
    if (c->failed) {
        return pt_err_result(c->err);
    }
    size_t taken = 0;
    pt_err err;
    if (!c->may_send_app_data) {
        /* rustls send_plain: buffered until the handshake allows sending, up to the limit. */
        err = pt_buf_append_limited(&c->plain_out, buf, count, &taken);
    } else {
        /* rustls send_appdata_encrypt: the limit on queued TLS bytes, applied to the plaintext. */
        taken = pt_buf_space(&c->sendq, count);
        err = pt_conn_send_app(c, buf, taken);
    }
    if (pt_failed(err)) {
        return pt_err_result(err);
    }
    *out_n = taken;
    return RUSTLS_RESULT_OK;
}

bool pt_conn_wants_read(const pt_conn *c)
{
    /*
     * rustls wants_read: not while plaintext waits to be read (back-pressure) nor after
     * close_notify, and during the handshake not while our flight is still queued.
     */
    return !c->failed && pt_buf_is_empty(&c->plain_in) && !c->peer_closed &&
           (c->may_send_app_data || pt_buf_is_empty(&c->sendq));
}
