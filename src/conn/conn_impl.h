/*
 * conn_impl.h - what the files of the connection core (conn.c, dispatch.c, post_handshake.c,
 * io.c) and the rustls_connection_* entry points (api/connection.c) share beyond conn.h.
 *
 * The split: conn.c owns the life cycle, the send path (records, alerts, KeyUpdate, keys) and
 * the sticky error; dispatch.c turns received records into alerts, CCS, handshake messages and
 * application data; post_handshake.c handles TLS 1.3 post-handshake messages; io.c holds the
 * semantics of the caller-facing byte movers (read_tls, write_tls, read, write), so that
 * api/connection.c only checks arguments and converts results.
 */
#ifndef PT_CONN_CONN_IMPL_H
#define PT_CONN_CONN_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn/conn.h"

/* rustls's TemperCounters (common_state.rs) and ALLOWED_CONSECUTIVE_EMPTY_FRAGMENTS_MAX (conn.rs). */
#define PT_CONN_MAX_MIDDLEBOX_CCS 2
#define PT_CONN_MAX_WARNING_ALERTS 4
#define PT_CONN_MAX_KEY_UPDATES 32
#define PT_CONN_MAX_EMPTY_RECORDS 32

/*
 * The TLS 1.3 wire version.  Not PT_VERSION_TLS13: msgs.h defines that name as 0x0304 while
 * config.h uses it for a config's version bit, so its meaning depends on include order.
 */
#define PT_CONN_TLS13 0x0304

/* The most iovecs one write_tls_vectored call hands over (rustls's ChunkVecBuffer::write_to). */
#define PT_CONN_IOV_MAX 64

/* ---------------------------------------------------------------- conn.c */

/* Free the role's handshake block, if any (role->free_hs), leaving c->hs NULL. */
void pt_conn_drop_hs(pt_conn *c);

/*
 * Queue `len` bytes of content `type` as records under the current send keys (plaintext
 * records while unkeyed).  Ignores the buffer limit: protocol output is never dropped.
 */
PT_MUST_USE pt_err pt_conn_queue(pt_conn *c, uint8_t type, const uint8_t *p, size_t len);

/* Queue an alert (level, description) under the current send keys. */
PT_MUST_USE pt_err pt_conn_send_alert(pt_conn *c, uint8_t level, uint8_t description);

/*
 * TLS 1.3 KeyUpdate (RFC 8446 section 4.6.3): queue KeyUpdate(`request`) under the current send
 * keys, then move the send direction to the next application traffic secret (section 7.2).
 */
PT_MUST_USE pt_err pt_conn_send_key_update(pt_conn *c, uint8_t request);

/* Move the receive direction to the next application traffic secret (RFC 8446 section 7.2). */
PT_MUST_USE pt_err pt_conn_update_rx_keys13(pt_conn *c);

/*
 * Seal `len` bytes of application data into the send queue, all of them (the caller applied
 * the limit), refreshing the send keys first when the sequence limit is near (rustls's
 * pre_encrypt_action).  Nothing to send for len 0.
 */
PT_MUST_USE pt_err pt_conn_send_app(pt_conn *c, const uint8_t *p, size_t len);

/* rustls's refresh_traffic_keys: HANDSHAKE_NOT_COMPLETE until TLS 1.3 traffic, else a KeyUpdate. */
PT_MUST_USE pt_err pt_conn_refresh_traffic_keys(pt_conn *c);

/* Queue a warning-level close_notify once (not after a fatal alert we sent). */
void pt_conn_send_close_notify(pt_conn *c);

/* Set the buffer limit for the send queue and early plaintext; 0 means no limit. */
void pt_conn_set_buffer_limit(pt_conn *c, size_t n);

/* ---------------------------------------------------------------- dispatch.c */

/* Run one handshake message through the role's state table (conn.h, "Dispatch"). */
PT_MUST_USE pt_err pt_conn_dispatch(pt_conn *c, const pt_hs_msg *msg);

/* ---------------------------------------------------------------- post_handshake.c */

/* A handshake message received after the handshake (TLS 1.3: KeyUpdate, NewSessionTicket). */
PT_MUST_USE pt_err pt_conn_post_handshake(pt_conn *c, const pt_hs_msg *msg);

/* ---------------------------------------------------------------- io.c */

/* rustls_connection_read_tls after the argument checks; returns an errno value or 0. */
int pt_conn_read_tls(pt_conn *c, rustls_read_callback cb, void *userdata, size_t *out_n);

/* rustls_connection_write_tls after the argument checks. */
int pt_conn_write_tls(pt_conn *c, rustls_write_callback cb, void *userdata, size_t *out_n);

/*
 * The callback of a write_tls call reported `n` bytes written out of `offered`: consume them.
 * Returns EIO (after consuming everything offered, as rustls does) when n > offered, else 0.
 */
int pt_conn_sent(pt_conn *c, size_t n, size_t offered);

/* rustls_connection_read / write after the argument checks (outputs written only on success). */
rustls_result pt_conn_read(pt_conn *c, uint8_t *buf, size_t count, size_t *out_n);
rustls_result pt_conn_write(pt_conn *c, const uint8_t *buf, size_t count, size_t *out_n);

/* rustls's wants_read (false after close_notify received or a failure). */
bool pt_conn_wants_read(const pt_conn *c);

/*
 * Once nothing more is queued to read and no record is waiting in the input buffer, drop the
 * received-plaintext queue's spare chunk (wiped): it only pays while records stream in, and an
 * idle connection holds no heap buffers.
 */
static inline void pt_conn_release_idle(pt_conn *c)
{
    if (pt_buf_is_empty(&c->plain_in) && pt_deframer_buffered(&c->deframer) == 0) {
        pt_buf_drop_spare(&c->plain_in);
    }
}

/* rustls's is_handshaking: until both directions may carry application data. */
static inline bool pt_conn_is_handshaking(const pt_conn *c)
{
    return !(c->may_send_app_data && c->may_receive_app_data);
}

#endif
