/*
 * tls13.h - the TLS 1.3 server handshake (RFC 8446): its states and handshake block.
 *
 *   EXPECT_CLIENT_HELLO --(no share for the chosen group: HelloRetryRequest)--> EXPECT_CLIENT_HELLO2
 *   EXPECT_CLIENT_HELLO[2] --(ServerHello .. Finished sent)--> EXPECT_CERTIFICATE (client auth)
 *                                                             or EXPECT_FINISHED
 *   EXPECT_CERTIFICATE --> EXPECT_CERTIFICATE_VERIFY (non-empty chain) or EXPECT_FINISHED
 *   EXPECT_FINISHED --> done (pt_conn_handshake_done)
 *
 * The handshake block is allocated by pt_server_start and wiped and freed by the role's
 * free_hs, whether the handshake finished or failed.
 */
#ifndef PT_SERVER_TLS13_H
#define PT_SERVER_TLS13_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn/conn.h"
#include "keys/tls13_schedule.h"
#include "msgs/client_hello.h"

enum pt_server13_state {
    PT_S13_EXPECT_CLIENT_HELLO,
    PT_S13_EXPECT_CLIENT_HELLO2, /* after a HelloRetryRequest */
    PT_S13_EXPECT_CERTIFICATE,
    PT_S13_EXPECT_CERTIFICATE_VERIFY,
    PT_S13_EXPECT_FINISHED,
    PT_S13_N_STATES
};

typedef struct pt_server_hs {
    pt_hs_base base; /* first: the dispatcher finds the transcript here */
    const struct rustls_certified_key *key; /* one reference, chosen on the first ClientHello */
    bool done_retry;                        /* a HelloRetryRequest was sent */
    const pt_suite *suite;                  /* chosen on the first ClientHello */
    const pt_kx_group *hrr_group;           /* the group the HelloRetryRequest asked for */
    uint8_t *ch1;                           /* ClientHello1's body (RFC 8446 4.1.2 comparison) */
    size_t ch1_len;
    pt_ks13 ks;
    uint8_t client_hs_secret[PT_HASH_MAX];  /* to check the client's Finished */
    uint8_t client_app_secret[PT_HASH_MAX]; /* installed once the client's Finished is checked */
    /* Client authentication: the client's chain (owned DER copies) until its CertificateVerify. */
    pt_slice *client_chain;
    size_t n_client_chain;
} pt_server_hs;

extern const pt_hs_role pt_server13_role;

/* ClientHello processing (client_hello.c): the handler of both EXPECT_CLIENT_HELLO states. */
PT_MUST_USE pt_err pt_server13_handle_client_hello(pt_conn *c, const pt_hs_msg *msg);

/*
 * The server's flight from EncryptedExtensions to Finished (flight13.c), once the ServerHello is
 * sent and the handshake keys are installed: c->alpn and `scheme` were chosen from `ch`, and
 * `server_hs` is the server handshake traffic secret (for the Finished).  Ends in the state that
 * awaits the client's Certificate (client authentication) or Finished.
 */
PT_MUST_USE pt_err pt_server13_send_flight(pt_conn *c, const pt_client_hello *ch, uint16_t scheme,
                                           const uint8_t *server_hs);

/* Queue one handshake message (header included) and add it to the transcript. */
PT_MUST_USE pt_err pt_server13_send(pt_conn *c, pt_writer *w);

/*
 * Ask the config's ClientHello callback for a certified key (rustls-ffi's ClientHelloResolver):
 * *out is a new reference, or NULL when the callback gave none (hello_cb.c).
 */
PT_MUST_USE pt_err pt_server_hello_cb_resolve(pt_conn *c, const pt_client_hello *ch, const uint16_t *schemes,
                                              size_t n_schemes, const struct rustls_certified_key **out);

#endif
