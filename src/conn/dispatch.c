/*
 * dispatch.c - process_new_packets: received records become alerts, dropped compatibility
 * CCS, handshake messages (for the role's state table, or post-handshake) and application data.
 *
 * Records are taken from the deframer one at a time and opened in place.  A handshake record
 * is fed to the joiner and drained of every whole message before the next record is taken, so
 * nothing borrows the deframer's buffer once this returns (record/deframer.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn/conn.h"
#include "conn/conn_impl.h"
#include "msgs/alert.h"
#include "msgs/change_cipher_spec.h"

/* RFC 8446 section 5: an unexpected record; rustls's PeerMisbehaved for the key/interleave rules. */
#define PT_ERR_MISBEHAVED PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/* ---------------------------------------------------------------- handshake messages */

pt_err pt_conn_dispatch(pt_conn *c, const pt_hs_msg *msg)
{
    const pt_hs_role *role = c->role;
    PT_ENSURE(role != NULL && c->state < role->n_states && c->hs != NULL, PT_ERR_INTERNAL);
    const pt_hs_state *st = &role->states[c->state];

    /* 1. rustls inappropriate_handshake_message. */
    if (msg->type >= 32 || (st->allowed & PT_HS_BIT(msg->type)) == 0) {
        pt_log_warn(&c->log, "Received a handshake message of type %u while expecting %s", (unsigned)msg->type,
                    st->name);
        return PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE);
    }
    pt_log_trace(&c->log, "%s: %s handles handshake message type %u", role->name, st->name, (unsigned)msg->type);

    /* 2. The transcript covers the message before its handler, unless the handler checks it first. */
    bool hash_after = (st->flags & PT_HS_HASH_AFTER) != 0;
    if (!hash_after) {
        PT_TRY(pt_transcript_add(&c->hs->transcript, msg->raw.p, msg->raw.len));
    }

    /* 3. */
    c->rx_changed = false;
    PT_TRY(st->handle(c, msg));

    /* 4. A handler that finished the handshake has freed the block: it hashed what it needed. */
    if (hash_after && c->hs != NULL) {
        PT_TRY(pt_transcript_add(&c->hs->transcript, msg->raw.p, msg->raw.len));
    }

    /* 5. RFC 8446 section 5.1: "Handshake messages MUST NOT span key changes." */
    if (c->rx_changed) {
        c->rx_changed = false;
        if (!msg->end_of_record || !pt_joiner_is_aligned(&c->joiner)) {
            pt_log_warn(&c->log, "handshake data follows a key change in the same record");
            return PT_ERR_MISBEHAVED;
        }
    }
    return PT_OK;
}

static pt_err handle_handshake(pt_conn *c, const pt_record *rec)
{
    PT_TRY(pt_joiner_feed(&c->joiner, rec->payload, rec->len));
    for (;;) {
        pt_hs_msg msg;
        bool have = false;
        PT_TRY(pt_joiner_next(&c->joiner, &msg, &have));
        if (!have) {
            return PT_OK;
        }
        if (c->role != NULL) {
            PT_TRY(pt_conn_dispatch(c, &msg));
        } else {
            PT_TRY(pt_conn_post_handshake(c, &msg));
        }
        if (c->failed) {
            return c->err; /* a handler that called pt_conn_fail itself */
        }
    }
}

/* ---------------------------------------------------------------- other content types */

static pt_err handle_ccs(pt_conn *c, const pt_record *rec)
{
    /*
     * RFC 8446 section 5: during a TLS 1.3 handshake an unprotected change_cipher_spec of the
     * single byte 0x01 "MUST simply [be dropped]"; any other value is unexpected_message.  rustls
     * drops at most two (one per ClientHello) and so do we.  Anywhere else (before the version is
     * known, after the handshake) it is rustls's inappropriate message.
     */
    if (c->version == PT_CONN_TLS13 && !c->may_receive_app_data) {
        PT_TRY(pt_ccs_decode_tls13(pt_slice_of(rec->payload, rec->len)));
        if (c->ccs_dropped >= PT_CONN_MAX_MIDDLEBOX_CCS) {
            return PT_ERR_MISBEHAVED;
        }
        c->ccs_dropped++;
        pt_log_trace(&c->log, "Dropping CCS");
        return PT_OK;
    }
    pt_log_warn(&c->log, "Received an unexpected ChangeCipherSpec");
    return PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_MESSAGE);
}

static pt_err handle_alert(pt_conn *c, const pt_record *rec)
{
    pt_alert_msg a;
    PT_TRY(pt_alert_decode(pt_slice_of(rec->payload, rec->len), &a));

    /* rustls process_alert: close_notify counts only once the peer's data is authenticated. */
    if (c->may_receive_app_data && a.description == PT_ALERT_CLOSE_NOTIFY) {
        pt_log_debug(&c->log, "Received close_notify");
        c->peer_closed = true;
        return PT_OK;
    }
    rustls_result received = pt_alert_received_result(a.description);
    if (a.level == PT_ALERT_LEVEL_WARNING) {
        if (c->warnings_received >= PT_CONN_MAX_WARNING_ALERTS) {
            return PT_ERR_NOALERT(RUSTLS_RESULT_PEER_MISBEHAVED_ERROR); /* TooManyWarningAlertsReceived */
        }
        c->warnings_received++;
        /*
         * RFC 8446 section 6: TLS 1.3 has no warnings; "All the alerts listed in Section 6.2 MUST be
         * sent with AlertLevel=fatal".  rustls answers any warning but user_canceled with
         * decode_error, reporting the alert received.
         */
        if (c->version == PT_CONN_TLS13 && a.description != PT_ALERT_USER_CANCELED) {
            return PT_ERR(DECODE_ERROR, received);
        }
        pt_log_warn(&c->log, "TLS alert warning received: %s", pt_alert_name(a.description));
        return PT_OK;
    }
    /* RFC 8446 section 6.2: a fatal alert closes the connection; nothing is sent back. */
    pt_log_warn(&c->log, "TLS fatal alert received: %s", pt_alert_name(a.description));
    return PT_ERR_NOALERT(received);
}

/* `in_queue`: the record was opened straight into plain_in's reservation (process_record). */
static pt_err handle_app_data(pt_conn *c, const pt_record *rec, bool in_queue, size_t *keep)
{
    if (!c->may_receive_app_data) {
        pt_log_warn(&c->log, "Received application data before the handshake allows it");
        return PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_MESSAGE);
    }
    c->key_updates_received = 0; /* rustls TemperCounters::received_app_data */
    if (in_queue) {
        *keep = rec->len; /* already in place: the caller commits it */
        return PT_OK;
    }
    if (rec->len == 0) {
        return PT_OK;
    }
    return pt_buf_append(&c->plain_in, rec->payload, rec->len);
}

/* ---------------------------------------------------------------- records */

/*
 * `dst`, when not NULL, is a reservation in plain_in with room for the record: a protected
 * record is decrypted there, so application data lands in the plaintext queue without a copy,
 * and *keep receives how many of its bytes to commit (0 for anything but application data).
 */
static pt_err process_record_into(pt_conn *c, pt_record *rec, uint8_t *dst, size_t *keep)
{
    /*
     * Open everything once keyed, except: a ChangeCipherSpec record, which is never protected
     * (RFC 8446 section 5), and - as rustls allows - a TLS 1.3 alert of at most 2 bytes before
     * anything has been decrypted, which is the peer failing on our first flight before it had
     * keys (rustls process_more_input, allowed_plaintext).
     */
    if (pt_protect_keyed(&c->rx) && rec->type != PT_CT_CHANGE_CIPHER_SPEC &&
        !(rec->type == PT_CT_ALERT && c->version == PT_CONN_TLS13 && !c->rx_decrypted && rec->len <= 2)) {
        PT_TRY(pt_protect_open_to(&c->rx, rec, dst));
        c->rx_decrypted = true;
        if (rec->type == PT_CT_CHANGE_CIPHER_SPEC) {
            /* RFC 8446 section 5: "... or which receives a protected change_cipher_spec record MUST abort". */
            return PT_ERR_MISBEHAVED;
        }
    }

    /* RFC 8446 section 5.1: "Handshake messages MUST NOT be interleaved with other record types." */
    if (rec->type != PT_CT_HANDSHAKE && !pt_joiner_is_aligned(&c->joiner)) {
        pt_log_warn(&c->log, "a record of type %u interleaved with a fragmented handshake message", rec->type);
        return PT_ERR_MISBEHAVED;
    }

    /* rustls: at most 32 empty records in a row (only application data can be empty here). */
    if (rec->len == 0) {
        if (c->empty_records >= PT_CONN_MAX_EMPTY_RECORDS) {
            return PT_ERR_NOALERT(RUSTLS_RESULT_PEER_MISBEHAVED_ERROR); /* TooManyEmptyFragments */
        }
        c->empty_records++;
    } else {
        c->empty_records = 0;
    }

    switch (rec->type) {
    case PT_CT_CHANGE_CIPHER_SPEC:
        return handle_ccs(c, rec);
    case PT_CT_ALERT:
        return handle_alert(c, rec);
    case PT_CT_HANDSHAKE:
        return handle_handshake(c, rec);
    case PT_CT_APPLICATION_DATA:
        return handle_app_data(c, rec, dst != NULL && rec->payload == dst, keep);
    default:
        return PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE); /* the deframer refuses these */
    }
}

static pt_err process_record(pt_conn *c, pt_record *rec)
{
    /*
     * Once application data may arrive, decrypt protected records straight into the plaintext
     * queue (a reservation of the ciphertext's size, which bounds the plaintext).  Whatever is
     * not application data is abandoned afterwards, and the queue wipes that reservation: a
     * post-handshake message's plaintext does not linger.  If the reservation cannot be made
     * the record is opened in place as before.
     */
    uint8_t *dst = NULL;
    if (c->may_receive_app_data && pt_protect_keyed(&c->rx) && rec->type == PT_CT_APPLICATION_DATA) {
        dst = pt_buf_reserve(&c->plain_in, rec->len);
    }
    size_t keep = 0;
    pt_err err = process_record_into(c, rec, dst, &keep);
    if (dst != NULL) {
        pt_buf_commit(&c->plain_in, pt_failed(err) ? 0 : keep);
    }
    return err;
}

static pt_err process_records(pt_conn *c)
{
    for (;;) {
        if (c->peer_closed) {
            /*
             * RFC 8446 section 6.1: "Any data received after a closure alert has been received MUST be
             * ignored."  Drop whatever is buffered (nothing borrows it: the joiner is drained).
             */
            pt_deframer_cleanup(&c->deframer);
            pt_deframer_init(&c->deframer);
            return PT_OK;
        }
        /* Back-pressure: leave the rest buffered until the application reads (rustls's limit). */
        if (pt_buf_over_limit(&c->plain_in)) {
            return PT_OK;
        }
        pt_record rec;
        bool have = false;
        PT_TRY(pt_deframer_next(&c->deframer, pt_protect_keyed(&c->rx), &rec, &have));
        if (!have) {
            return PT_OK;
        }
        PT_TRY(process_record(c, &rec));
        if (c->failed) {
            return c->err;
        }
    }
}

pt_err pt_conn_process_new_packets(pt_conn *c)
{
    if (c->failed) {
        return c->err;
    }
    pt_err err = process_records(c);
    if (pt_failed(err)) {
        return pt_conn_fail(c, err);
    }
    /* An idle connection holds no input buffer (no-op while a partial record is buffered). */
    pt_deframer_trim(&c->deframer);
    pt_conn_release_idle(c);
    return PT_OK;
}
