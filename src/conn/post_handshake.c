/*
 * post_handshake.c - handshake messages after the handshake (RFC 8446 section 4.6).
 *
 * TLS 1.3 only: a KeyUpdate from either side, a NewSessionTicket to a client.  Tickets are
 * counted and dropped for now (resumption is a later issue).  These messages are not part of
 * the transcript.  Anything else is rustls's inappropriate handshake message.
 */
#include "conn/conn.h"
#include "conn/conn_impl.h"
#include "msgs/extensions.h"
#include "msgs/key_update.h"
#include "msgs/new_session_ticket.h"

static pt_err handle_key_update(pt_conn *c, const pt_hs_msg *msg)
{
    pt_key_update ku;
    PT_TRY(pt_key_update_decode(msg->body, &ku));
    /*
     * RFC 8446 section 5.1: KeyUpdate "can immediately precede a key change", so it MUST end its
     * record and nothing may be pending (rustls check_aligned_handshake: unexpected_message).
     */
    if (!msg->end_of_record || !pt_joiner_is_aligned(&c->joiner)) {
        pt_log_warn(&c->log, "KeyUpdate does not end its record");
        return PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    }
    /* rustls TemperCounters: 32 KeyUpdates without application data in between (as BoringSSL). */
    if (c->key_updates_received >= PT_CONN_MAX_KEY_UPDATES) {
        return PT_ERR_NOALERT(RUSTLS_RESULT_PEER_MISBEHAVED_ERROR); /* TooManyKeyUpdateRequests */
    }
    c->key_updates_received++;
    pt_log_debug(&c->log, "Received KeyUpdate (%s)",
                 ku.request_update == PT_KEY_UPDATE_REQUESTED ? "update_requested" : "update_not_requested");
    /*
     * RFC 8446 section 4.6.3: "If the request_update field is set to "update_requested", then
     * the receiver MUST send a KeyUpdate of its own with request_update set to
     * "update_not_requested" prior to sending its next Application Data record."  We send it
     * at once, then update our sending keys.  The same section: "This mechanism ... causes an
     * implementation which receives multiple KeyUpdates while it is silent to respond with a
     * single update" - so no second answer until we have sent application data again.
     */
    if (ku.request_update == PT_KEY_UPDATE_REQUESTED && !c->key_update_answered) {
        PT_TRY(pt_conn_send_key_update(c, PT_KEY_UPDATE_NOT_REQUESTED));
        c->key_update_answered = true;
    }
    return pt_conn_update_rx_keys13(c);
}

static pt_err handle_ticket(pt_conn *c, const pt_hs_msg *msg)
{
    pt_new_session_ticket13 t;
    pt_ext_block ext;
    PT_TRY(pt_new_session_ticket13_decode(msg->body, &t));
    /* RFC 8446 section 4.2: no two extensions of one type in a block (illegal_parameter, as for
     * every block). */
    PT_TRY(pt_ext_parse_contents(t.extensions, PT_EXT_CTX_NEW_SESSION_TICKET, &ext));
    if (c->tls13_tickets_received < UINT32_MAX) {
        c->tls13_tickets_received++; /* rustls: saturating_add */
    }
    pt_log_debug(&c->log, "Received a TLS 1.3 ticket (lifetime %u s); resumption is not supported yet: ignored",
                 (unsigned)t.lifetime);
    return PT_OK;
}

pt_err pt_conn_post_handshake(pt_conn *c, const pt_hs_msg *msg)
{
    if (c->version == PT_CONN_TLS13) {
        if (msg->type == PT_HS_KEY_UPDATE) {
            return handle_key_update(c, msg);
        }
        if (msg->type == PT_HS_NEW_SESSION_TICKET && !c->is_server) {
            return handle_ticket(c, msg);
        }
    }
    pt_log_warn(&c->log, "Received a handshake message of type %u after the handshake", (unsigned)msg->type);
    return PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE);
}
