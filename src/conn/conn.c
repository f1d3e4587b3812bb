/*
 * conn.c - the connection's life cycle, its send path (handshake records, alerts, KeyUpdate,
 * application data), its keys and its sticky error.
 *
 * Everything sent goes through pt_conn_queue: the fragmenter writes the records straight into
 * the send queue, sealed under the current send keys when there are any.  Alerts and handshake
 * messages ignore the buffer limit (protocol output is never dropped); application data is
 * limited by the caller (io.c), as rustls limits only what the application writes.
 */
#include "conn/conn.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "conn/conn_impl.h"
#include "keys/tls13_schedule.h"
#include "msgs/alert.h"
#include "msgs/change_cipher_spec.h"
#include "msgs/key_update.h"

static uint64_t (*now_hook)(const pt_conn *c);

/* ---------------------------------------------------------------- life cycle */

pt_conn *pt_conn_new(bool is_server, const pt_provider *tables)
{
    pt_conn *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    c->is_server = is_server;
    c->tables = tables;
    c->log = pt_log_make(NULL, NULL, PT_LOG_DEFAULT_MAX);
    pt_deframer_init(&c->deframer);
    pt_joiner_init(&c->joiner, 0);
    pt_protect_init(&c->rx);
    pt_protect_init(&c->tx);
    /* rustls's received-plaintext limit is fixed; set_buffer_limit does not change it. */
    pt_buf_init(&c->plain_in, PT_RECEIVED_PLAINTEXT_LIMIT);
    /* Reuse one record's chunk while data streams in (dropped when idle: pt_conn_release_idle). */
    pt_buf_set_keep_spare(&c->plain_in, true);
    pt_fragmenter_init(&c->frag);
    pt_buf_init(&c->sendq, PT_DEFAULT_BUFFER_LIMIT);
    /* The send queue holds only records as they go on the wire (record/buf.h). */
    pt_buf_set_wipe(&c->sendq, false);
    pt_buf_init(&c->plain_out, PT_DEFAULT_BUFFER_LIMIT);
    c->buffer_limit = PT_DEFAULT_BUFFER_LIMIT;
    c->handshaking = true;
    c->kind = RUSTLS_HANDSHAKE_KIND_UNKNOWN;
    return c;
}

void pt_conn_drop_hs(pt_conn *c)
{
    if (c->hs == NULL) {
        return;
    }
    if (c->role != NULL && c->role->free_hs != NULL) {
        c->role->free_hs(c);
    }
    c->hs = NULL;
}

static void free_peer_certs(pt_conn *c)
{
    for (size_t i = 0; i < c->n_peer_certs; i++) {
        free((void *)c->peer_certs[i].der.p);
    }
    free(c->peer_certs);
    c->peer_certs = NULL;
    c->n_peer_certs = 0;
}

void pt_conn_free(pt_conn *c)
{
    if (c == NULL) {
        return;
    }
    pt_conn_drop_hs(c);
    pt_joiner_cleanup(&c->joiner);
    pt_deframer_cleanup(&c->deframer);
    pt_protect_cleanup(&c->rx);
    pt_protect_cleanup(&c->tx);
    pt_buf_free(&c->plain_in);
    pt_buf_free(&c->sendq);
    pt_buf_free(&c->plain_out);
    free_peer_certs(c);
    pt_client_config_unref(c->client_config);
    pt_server_config_unref(c->server_config);
    pt_free_wiped(c, sizeof(*c)); /* traffic secrets, client random, ALPN, SNI */
}

/* ---------------------------------------------------------------- the send path */

pt_err pt_conn_queue(pt_conn *c, uint8_t type, const uint8_t *p, size_t len)
{
    size_t consumed = 0;
    pt_protect *tx = pt_protect_keyed(&c->tx) ? &c->tx : NULL;
    PT_TRY(pt_fragmenter_queue(&c->frag, tx, type, p, len, &c->sendq, &consumed));
    PT_ENSURE(consumed == len, PT_ERR_INTERNAL);
    return PT_OK;
}

pt_err pt_conn_send_hs(pt_conn *c, pt_slice msg)
{
    PT_ENSURE(msg.len >= PT_HS_HEADER_LEN, PT_ERR_INTERNAL);
    return pt_conn_queue(c, PT_CT_HANDSHAKE, msg.p, msg.len);
}

pt_err pt_conn_send_ccs(pt_conn *c)
{
    uint8_t body[1];
    pt_writer w;
    pt_writer_init_fixed(&w, body, sizeof(body));
    pt_ccs_encode(&w);
    PT_TRY(pt_w_finish(&w));
    size_t consumed = 0;
    /* RFC 8446 D.4: the compatibility CCS is never protected, whatever the send keys. */
    PT_TRY(pt_fragmenter_queue(&c->frag, NULL, PT_CT_CHANGE_CIPHER_SPEC, body, sizeof(body), &c->sendq, &consumed));
    PT_ENSURE(consumed == sizeof(body), PT_ERR_INTERNAL);
    return PT_OK;
}

pt_err pt_conn_send_alert(pt_conn *c, uint8_t level, uint8_t description)
{
    uint8_t body[2];
    pt_writer w;
    pt_writer_init_fixed(&w, body, sizeof(body));
    pt_alert_encode(&w, &(pt_alert_msg){.level = level, .description = description});
    PT_TRY(pt_w_finish(&w));
    return pt_conn_queue(c, PT_CT_ALERT, body, sizeof(body));
}

pt_err pt_conn_fail(pt_conn *c, pt_err err)
{
    if (c->failed) {
        return c->err; /* the first error stays; its alert was queued once */
    }
    if (pt_ok(err)) {
        err = PT_ERR_INTERNAL; /* a caller bug: never leave a failed connection without an error */
    }
    c->failed = true;
    c->err = err;
    int alert = pt_err_alert(err);
    pt_log_debug(&c->log, "connection failed: %s", pt_result_text(pt_err_result(err)));
    if (alert >= 0) {
        pt_log_warn(&c->log, "Sending fatal alert %s", pt_alert_name(alert));
        /* RFC 8446 section 6.2: the alert goes out under the current send keys. */
        pt_err e = pt_conn_send_alert(c, PT_ALERT_LEVEL_FATAL, (uint8_t)alert);
        if (pt_failed(e)) {
            pt_log_error(&c->log, "could not queue the fatal alert: %s", pt_result_text(pt_err_result(e)));
        }
    }
    pt_conn_drop_hs(c);
    return err;
}

void pt_conn_send_close_notify(pt_conn *c)
{
    /* rustls: once, and not after a fatal alert of ours. */
    if (c->sent_close_notify || (c->failed && pt_err_alert(c->err) >= 0)) {
        return;
    }
    pt_log_debug(&c->log, "Sending warning alert close_notify");
    c->sent_close_notify = true;
    pt_err e = pt_conn_send_alert(c, PT_ALERT_LEVEL_WARNING, PT_ALERT_CLOSE_NOTIFY);
    if (pt_failed(e)) {
        pt_log_error(&c->log, "could not queue close_notify: %s", pt_result_text(pt_err_result(e)));
    }
}

void pt_conn_set_buffer_limit(pt_conn *c, size_t n)
{
    /*
     * rustls-ffi passes Some(n) to rustls, so 0 is a real limit of zero bytes (nothing more is
     * accepted by rustls_connection_write), not "unlimited"; the header comment agrees.
     */
    c->buffer_limit = n;
    pt_buf_set_limit(&c->sendq, n);
    pt_buf_set_limit(&c->plain_out, n);
}

/* ---------------------------------------------------------------- keys */

/* Key `p` from a TLS 1.3 traffic secret (RFC 8446 section 7.3); `rekey` keeps the AEAD context's kind. */
static pt_err key_from_secret13(const pt_conn *c, pt_protect *p, const uint8_t *secret, bool rekey)
{
    pt_err err = PT_OK;
    uint8_t key[PT_AEAD_KEY_MAX];
    uint8_t iv[PT_AEAD_NONCE_LEN];
    PT_ENSURE_OUT(c->suite != NULL && c->suite->aead->key_len <= sizeof(key), PT_ERR_INTERNAL);
    const pt_aead *aead = c->suite->aead;
    PT_CHECK(pt_tls13_traffic_keys(c->suite->hash, secret, key, aead->key_len, iv, sizeof(iv)));
    if (rekey) {
        PT_CHECK(pt_protect_rekey(p, key, iv));
    } else {
        PT_CHECK(pt_protect_init_tls13(p, aead, key, iv));
    }
out:
    pt_wipe(key, sizeof(key));
    pt_wipe(iv, sizeof(iv));
    return err;
}

static void keep_secret(const pt_conn *c, uint8_t *dst, const uint8_t *secret)
{
    if (dst != secret) {
        memcpy(dst, secret, c->suite->hash->out_len);
    }
}

pt_err pt_conn_set_tx_keys13(pt_conn *c, const uint8_t *secret, bool app)
{
    PT_TRY(key_from_secret13(c, &c->tx, secret, false));
    if (app) {
        keep_secret(c, c->tx_secret, secret);
    }
    return PT_OK;
}

pt_err pt_conn_set_rx_keys13(pt_conn *c, const uint8_t *secret, bool app)
{
    PT_TRY(key_from_secret13(c, &c->rx, secret, false));
    if (app) {
        keep_secret(c, c->rx_secret, secret);
    }
    c->rx_changed = true;
    return PT_OK;
}

/* application_traffic_secret_N+1 (RFC 8446 section 7.2), then new keys with sequence 0 (5.3). */
static pt_err next_keys13(pt_conn *c, pt_protect *p, uint8_t *secret)
{
    PT_ENSURE(c->suite != NULL && pt_protect_keyed(p), PT_ERR_INTERNAL);
    PT_TRY(pt_tls13_next_traffic_secret(c->suite->hash, secret));
    return key_from_secret13(c, p, secret, true);
}

pt_err pt_conn_update_rx_keys13(pt_conn *c)
{
    return next_keys13(c, &c->rx, c->rx_secret);
}

pt_err pt_conn_send_key_update(pt_conn *c, uint8_t request)
{
    uint8_t msg[PT_HS_HEADER_LEN + 1];
    pt_writer w;
    pt_writer_init_fixed(&w, msg, sizeof(msg));
    pt_wvec v = pt_hs_open(&w, PT_HS_KEY_UPDATE);
    pt_key_update_encode(&w, &(pt_key_update){.request_update = (pt_key_update_request)request});
    pt_w_close_vec(&w, v);
    PT_TRY(pt_w_finish(&w));
    /* RFC 8446 section 4.6.3: the KeyUpdate itself goes under the old keys, everything after under the new. */
    PT_TRY(pt_conn_queue(c, PT_CT_HANDSHAKE, msg, sizeof(msg)));
    pt_log_debug(&c->log, "Sending KeyUpdate (%s)", request ? "update_requested" : "update_not_requested");
    return next_keys13(c, &c->tx, c->tx_secret);
}

pt_err pt_conn_refresh_traffic_keys(pt_conn *c)
{
    if (c->failed) {
        return c->err;
    }
    /* rustls: only the TLS 1.3 traffic state implements send_key_update_request. */
    if (c->role != NULL || !c->may_send_app_data || c->version != PT_CONN_TLS13) {
        return PT_ERR_NOALERT(RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);
    }
    /* rustls check_aligned_handshake: a key change must not split a buffered handshake message. */
    if (!pt_joiner_is_aligned(&c->joiner)) {
        return pt_conn_fail(c, PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    }
    /* rustls's refresh_traffic_keys asks the peer to update too (build_key_update_request). */
    return pt_conn_send_key_update(c, PT_KEY_UPDATE_REQUESTED);
}

pt_err pt_conn_send_app(pt_conn *c, const uint8_t *p, size_t len)
{
    if (len == 0) {
        return PT_OK; /* rustls sends no empty application data records */
    }
    PT_ENSURE(pt_protect_keyed(&c->tx), PT_ERR_INTERNAL);
    c->key_update_answered = false; /* no longer silent: the next update_requested is answered */
    switch (pt_protect_seal_action(&c->tx, pt_fragmenter_count(&c->frag, len))) {
    case PT_SEAL_OK:
        break;
    case PT_SEAL_REFRESH:
        if (c->version == PT_CONN_TLS13) {
            /* RFC 8446 section 5.5: update the keys before the limit is reached. */
            pt_log_debug(&c->log, "traffic keys near their limit: sending KeyUpdate");
            PT_TRY(pt_conn_send_key_update(c, PT_KEY_UPDATE_REQUESTED));
            break;
        }
        pt_log_error(&c->log, "traffic keys exhausted, closing connection to prevent security failure");
        pt_conn_send_close_notify(c);
        return PT_ERR_NOALERT(RUSTLS_RESULT_ENCRYPT_ERROR);
    case PT_SEAL_REFUSE:
    default:
        return PT_ERR_NOALERT(RUSTLS_RESULT_ENCRYPT_ERROR);
    }
    return pt_conn_queue(c, PT_CT_APPLICATION_DATA, p, len);
}

/* ---------------------------------------------------------------- used by the roles */

pt_err pt_conn_handshake_done(pt_conn *c)
{
    pt_conn_drop_hs(c);
    c->role = NULL;
    c->state = 0;
    c->handshaking = false;
    c->may_send_app_data = true;
    /* rustls flush_plaintext: what was written during the handshake goes out now, unlimited. */
    while (!pt_buf_is_empty(&c->plain_out)) {
        pt_slice s = pt_buf_peek(&c->plain_out);
        PT_TRY(pt_conn_send_app(c, s.p, s.len));
        pt_buf_consume(&c->plain_out, s.len);
    }
    return PT_OK;
}

pt_err pt_conn_set_peer_certs(pt_conn *c, const pt_slice *certs, size_t n)
{
    struct rustls_certificate *v = NULL;
    size_t done = 0;
    if (n > 0) {
        v = calloc(n, sizeof(*v));
        if (v == NULL) {
            return PT_ERR_INTERNAL;
        }
    }
    for (; done < n; done++) {
        uint8_t *der = malloc(certs[done].len ? certs[done].len : 1);
        if (der == NULL) {
            for (size_t i = 0; i < done; i++) {
                free((void *)v[i].der.p);
            }
            free(v);
            return PT_ERR_INTERNAL;
        }
        if (certs[done].len) {
            memcpy(der, certs[done].p, certs[done].len);
        }
        v[done].der = pt_slice_of(der, certs[done].len);
    }
    free_peer_certs(c);
    c->peer_certs = v;
    c->n_peer_certs = n;
    return PT_OK;
}

const pt_keylog *pt_conn_keylog_of(const pt_conn *c)
{
    if (c == NULL) {
        return NULL;
    }
    if (c->client_config != NULL) {
        return &c->client_config->keylog;
    }
    if (c->server_config != NULL) {
        return &c->server_config->keylog;
    }
    return NULL;
}

void pt_conn_keylog(const pt_conn *c, const char *label, const uint8_t *secret, size_t len)
{
    const pt_keylog *log = pt_conn_keylog_of(c);
    if (log != NULL) {
        pt_keylog_write(log, label, c->client_random, secret, len);
    }
}

uint64_t pt_conn_now(const pt_conn *c)
{
    if (now_hook != NULL) {
        return now_hook(c);
    }
    time_t t = time(NULL);
    return t < 0 ? 0 : (uint64_t)t;
}

void pt_conn_set_now_hook(uint64_t (*now)(const pt_conn *c))
{
    now_hook = now;
}
