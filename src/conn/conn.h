/*
 * conn.h - the connection core: what every connection has, whatever its role and version.
 *
 * A struct rustls_connection (pt_conn) owns the record layer (deframer, joiner, two pt_protect,
 * fragmenter, send queue), the plaintext queues, the sticky error, the negotiated parameters
 * and, while handshaking, one separately allocated handshake block owned by the role (client
 * or server state machine).  There is no I/O inside: the caller moves bytes (DESIGN.md 3).
 *
 * Division of work:
 *   conn/ (conn.c, dispatch.c, post_handshake.c):
 *     read_tls/write_tls, process_new_packets (records -> alerts, CCS, handshake messages,
 *     application data), the dispatcher (state table lookup, transcript, key-change alignment),
 *     alerts, close_notify, TLS 1.3 KeyUpdate and post-handshake messages, plaintext queues,
 *     buffer limits, the sticky error.
 *   client/, server/ (tls13.c, ...):
 *     the handshake states and their handlers; they send messages with pt_conn_send_hs, switch
 *     keys with pt_conn_set_*_keys13 and finish with pt_conn_handshake_done.
 *
 * Dispatch.  A role describes its states as a table of pt_hs_state indexed by c->state.  For
 * every handshake message received while handshaking, the dispatcher:
 *   1. refuses a type outside st->allowed: PT_ERR(UNEXPECTED_MESSAGE,
 *      INAPPROPRIATE_HANDSHAKE_MESSAGE) (rustls's inappropriate_handshake_message);
 *   2. unless st->flags has PT_HS_HASH_AFTER, adds msg->raw to the transcript;
 *   3. calls st->handle(c, msg), which sets c->state (and may send, switch keys, finish);
 *   4. with PT_HS_HASH_AFTER, adds msg->raw to the transcript after a successful handler (for
 *      messages whose check covers the transcript up to but excluding themselves:
 *      CertificateVerify, Finished);
 *   5. if the handler switched the receive keys (c->rx_changed), requires that the message
 *      ended its record and nothing is buffered in the joiner: RFC 8446 section 5.1,
 *      "Handshake messages MUST NOT span key changes", else PT_ERR(UNEXPECTED_MESSAGE,
 *      PEER_MISBEHAVED_ERROR).
 * A handler's error becomes the connection's sticky error; its alert is queued once.
 *
 * Keys.  TLS 1.3 records are protected from the handshake traffic keys on (RFC 8446 section
 * 5.2).  A received ChangeCipherSpec record is always unprotected: while handshaking in TLS 1.3
 * one record of exactly 0x01 is dropped (RFC 8446 section 5 / D.4); anything else is
 * PT_ERR(UNEXPECTED_MESSAGE, INAPPROPRIATE_MESSAGE) (rustls).
 *
 * Memory: the handshake block is freed (wiped) by pt_conn_handshake_done or on failure/free; an
 * idle established connection holds this struct and no heap beyond its config reference, peer
 * certificates and ALPN.
 */
#ifndef PT_CONN_CONN_H
#define PT_CONN_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/certified_key.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/slice.h"
#include "conn/configs.h"
#include "keys/transcript.h"
#include "provider/provider.h"
#include "record/deframer.h"
#include "record/fragmenter.h"
#include "record/joiner.h"
#include "record/protect.h"
#include "rustls.h"

typedef struct rustls_connection pt_conn;

/* ---------------------------------------------------------------- handshake roles */

enum {
    PT_HS_HASH_AFTER = 1u << 0, /* add the message to the transcript after the handler (step 4) */
};

typedef struct pt_hs_state {
    const char *name;  /* for logs: "ExpectServerHello", ... */
    uint32_t allowed;  /* PT_HS_BIT(type) of each handshake type accepted in this state */
    unsigned flags;    /* PT_HS_* */
    PT_MUST_USE pt_err (*handle)(pt_conn *c, const pt_hs_msg *msg);
} pt_hs_state;

#define PT_HS_BIT(type) (1u << (type)) /* every type a handshake receives is < 32 */

/*
 * Every role's handshake block starts with this, so that the dispatcher finds the transcript.
 * The role allocates it (calloc), fills it, and frees it in its `free_hs` (wiping secrets).
 */
typedef struct pt_hs_base {
    pt_transcript transcript;
} pt_hs_base;

typedef struct pt_hs_role {
    const char *name;          /* "client TLS 1.3", ... */
    const pt_hs_state *states; /* indexed by c->state */
    size_t n_states;
    /* Wipe and free c->hs (which may be half built). Called once, then c->hs is NULL. */
    void (*free_hs)(pt_conn *c);
} pt_hs_role;

/* ---------------------------------------------------------------- the connection */

/* rustls's DEFAULT_BUFFER_LIMIT (sendable plaintext and TLS) and received plaintext limit. */
#define PT_DEFAULT_BUFFER_LIMIT (64 * 1024)
#define PT_RECEIVED_PLAINTEXT_LIMIT (16 * 1024)

struct rustls_connection {
    bool is_server;
    const struct rustls_client_config *client_config; /* one reference (client), else NULL */
    const struct rustls_server_config *server_config; /* one reference (server), else NULL */
    const pt_provider *tables;                        /* the config's provider tables */
    void *userdata;                                   /* rustls_connection_set_userdata */
    pt_log log;

    /* Sticky failure (DESIGN.md 3): once set, every entry point returns it. */
    pt_err err;
    bool failed;

    /* Receiving. */
    pt_deframer deframer;
    pt_joiner joiner;
    pt_protect rx;
    bool rx_changed;     /* set by pt_conn_set_rx_keys13; the dispatcher checks and clears it */
    bool peer_eof;       /* read_tls saw end of stream */
    bool peer_closed;    /* close_notify received: no more data will be accepted */
    pt_buf plain_in;     /* decrypted application data for rustls_connection_read */

    /* Sending. */
    pt_fragmenter frag;
    pt_protect tx;
    pt_buf sendq;        /* TLS records ready for write_tls (not wiped: ciphertext) */
    pt_buf plain_out;    /* application data written before the handshake finished */
    size_t buffer_limit; /* 0: unlimited */
    bool sent_close_notify;

    /* State. */
    bool handshaking;
    bool may_send_app_data;    /* set by pt_conn_handshake_done (or earlier, e.g. server 0.5-RTT) */
    bool may_receive_app_data; /* set by the role when the peer's application keys are in place */
    const pt_hs_role *role;    /* current role and version; NULL once the handshake is done */
    unsigned state;            /* index into role->states */
    pt_hs_base *hs;            /* the role's handshake block, NULL when none */

    /* Negotiated (valid once set; 0/NULL before). */
    uint16_t version;          /* 0x0304 / 0x0303 */
    const pt_suite *suite;
    const pt_kx_group *group;
    rustls_handshake_kind kind;
    uint8_t alpn[255];
    uint8_t alpn_len;          /* 0: none */
    char sni[256];             /* server: the client's host_name, lower-cased, NUL-terminated; "" if none */
    struct rustls_certificate *peer_certs; /* the peer's chain, leaf first (each owns its DER) */
    size_t n_peer_certs;
    uint16_t peer_sig_scheme;  /* the scheme of the peer's verified CertificateVerify; 0: none */
    uint8_t client_random[32]; /* for key logging */
    uint32_t tls13_tickets_received;

    /* TLS 1.3 application traffic secrets (for KeyUpdate, RFC 8446 section 7.2). */
    uint8_t tx_secret[PT_HASH_MAX];
    uint8_t rx_secret[PT_HASH_MAX];
    /*
     * TLS 1.3 exporter_master_secret (RFC 8446 section 7.1; Hash.length bytes of suite->hash),
     * written by the role when it derives the application secrets and used by
     * patina_connection_export_keying_material once the handshake is complete.  Inline, so an
     * idle connection grows by the secret alone; wiped with the struct by pt_conn_free.
     */
    uint8_t exporter_secret[PT_HASH_MAX];
    bool key_update_requested; /* peer asked us to update: answer before the next application data */

    /*
     * Record-layer bookkeeping (conn/ only): rustls's TemperCounters, which bound the cheap
     * records a peer may repeat without progress, and its has_decrypted flag.
     */
    uint8_t ccs_dropped;          /* TLS 1.3 middlebox CCS records dropped (rustls allows 2) */
    uint8_t warnings_received;    /* warning alerts received (rustls allows 4) */
    uint8_t key_updates_received; /* KeyUpdates since the last application data (rustls allows 32) */
    bool key_update_answered; /* we answered an update_requested and have sent no data since (4.6.3) */
    uint8_t empty_records;        /* consecutive empty records (rustls allows 32) */
    bool rx_decrypted;            /* a record has been opened: no plaintext alert is accepted now */
};

/* ---------------------------------------------------------------- life cycle */

/*
 * Allocate and initialise a connection (nothing keyed, handshaking, buffer limit
 * PT_DEFAULT_BUFFER_LIMIT); the caller then sets the config reference, role, state and hs.
 * NULL on out of memory.
 */
pt_conn *pt_conn_new(bool is_server, const pt_provider *tables);

/* Wipe and free everything, including the handshake block and config reference. NULL is fine. */
void pt_conn_free(pt_conn *c);

/* ---------------------------------------------------------------- used by the roles */

/*
 * Queue one handshake message (header included, as encoded) as handshake records under the
 * current send keys.  Does not touch the transcript: the role adds what it sends.
 */
PT_MUST_USE pt_err pt_conn_send_hs(pt_conn *c, pt_slice msg);

/* Queue the TLS 1.3 middlebox-compatibility ChangeCipherSpec record (RFC 8446 D.4), unprotected. */
PT_MUST_USE pt_err pt_conn_send_ccs(pt_conn *c);

/*
 * Switch the send / receive direction to TLS 1.3 traffic keys derived from `secret`
 * (Hash.length bytes of c->suite->hash) per RFC 8446 section 7.3.  With `app` true the secret
 * is also kept for KeyUpdate.  The receive switch sets c->rx_changed (see Dispatch above).
 */
PT_MUST_USE pt_err pt_conn_set_tx_keys13(pt_conn *c, const uint8_t *secret, bool app);
PT_MUST_USE pt_err pt_conn_set_rx_keys13(pt_conn *c, const uint8_t *secret, bool app);

/*
 * The handshake is complete: free the handshake block (role->free_hs), set role NULL,
 * handshaking false, may_send_app_data true, and move plain_out into the send path.
 */
PT_MUST_USE pt_err pt_conn_handshake_done(pt_conn *c);

/* Keep a copy of the peer's chain for rustls_connection_get_peer_certificate. */
PT_MUST_USE pt_err pt_conn_set_peer_certs(pt_conn *c, const pt_slice *certs, size_t n);

/* Key log a secret for this connection's config (uses c->client_random). */
void pt_conn_keylog(const pt_conn *c, const char *label, const uint8_t *secret, size_t len);

/* The config's key log (NULL-safe accessor for either role). */
const pt_keylog *pt_conn_keylog_of(const pt_conn *c);

/* Current time for certificate checks, seconds since the epoch (a test hook may override it). */
uint64_t pt_conn_now(const pt_conn *c);

/* Test hook: make pt_conn_now return `now(c)` (NULL restores the system clock).  Not thread-safe. */
void pt_conn_set_now_hook(uint64_t (*now)(const pt_conn *c));

/* ---------------------------------------------------------------- entry points (api/connection.c) */

PT_MUST_USE pt_err pt_conn_process_new_packets(pt_conn *c);

/*
 * Make `err` the connection's sticky error and queue its alert (if any) once, protected with
 * the current send keys.  Returns `err` so callers can `return pt_conn_fail(c, e);`.
 */
pt_err pt_conn_fail(pt_conn *c, pt_err err);

#endif
