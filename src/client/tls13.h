/*
 * tls13.h - the TLS 1.3 client handshake (RFC 8446), shared between its files.
 *
 *   hello.c   pt_client_start and the ClientHello (first, and the second one after a
 *             HelloRetryRequest);
 *   tls13.c   ServerHello / HelloRetryRequest, EncryptedExtensions, Finished, the state table;
 *   cert13.c  CertificateRequest, Certificate, CertificateVerify, the server's chain check and
 *             the client's own Certificate / CertificateVerify when asked.
 *
 * The handshake block (pt_client13_hs) is allocated by pt_client_start and freed, wiped, by the
 * role's free_hs (pt_conn_handshake_done, failure or pt_conn_free).  Errors are rustls 0.23's
 * alert and Error, mapped to rustls_result as rustls-ffi 0.15.3 maps them.
 */
#ifndef PT_CLIENT_TLS13_H
#define PT_CLIENT_TLS13_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"
#include "conn/conn.h"
#include "keys/tls13_schedule.h"
#include "provider/provider.h"

/* The client's states (indexes into the role's table). */
enum pt_client13_state {
    PT_C13_EXPECT_SERVER_HELLO_OR_HRR, /* after the first ClientHello */
    PT_C13_EXPECT_SERVER_HELLO,        /* after the second ClientHello (a second HRR is refused) */
    PT_C13_EXPECT_ENCRYPTED_EXTENSIONS,
    PT_C13_EXPECT_CERTIFICATE_OR_CERTREQ,
    PT_C13_EXPECT_CERTIFICATE, /* after a CertificateRequest */
    PT_C13_EXPECT_CERTIFICATE_VERIFY,
    PT_C13_EXPECT_FINISHED,
    PT_C13_STATE_COUNT
};

#define PT_C13_SERVER_NAME_MAX 255

typedef struct pt_client13_hs {
    pt_hs_base base; /* the transcript: must be first (conn.h) */

    /* What the ClientHello offered (the second one repeats it, RFC 8446 4.1.2). */
    char server_name[PT_C13_SERVER_NAME_MAX + 1]; /* as given: for the verifier */
    bool send_sni;                                /* a DNS name and the config enables SNI */
    uint8_t random[32];
    uint8_t session_id[32];
    pt_alpn_protos alpn;  /* our own copy of the protocols offered */
    uint32_t sent_exts;   /* pt_ext_bit() of every extension the ClientHello carried */
    uint8_t *cookie;      /* HelloRetryRequest cookie to echo (RFC 8446 4.2.2), heap */
    size_t cookie_len;
    size_t ch1_len;       /* length of the first ClientHello (for the HRR transcript rewrite) */

    /* Our key share. */
    const pt_kx_group *kx;
    bool kx_live; /* kx_ctx holds a private key */
    uint8_t kx_pub[PT_KX_PUB_MAX];
    PT_CTX_ALIGN uint8_t kx_ctx[PT_KX_CTX_MAX];

    bool hrr_seen;
    bool sent_ccs; /* the middlebox-compatibility CCS went out (RFC 8446 D.4): send it once */

    /* Key schedule (handshake stage from ServerHello on) and the handshake traffic secrets. */
    pt_ks13 ks;
    uint8_t c_hs[PT_HASH_MAX];
    uint8_t s_hs[PT_HASH_MAX];

    /* The server's Certificate message body (copied: checked when CertificateVerify arrives). */
    uint8_t *cert_msg;
    size_t cert_msg_len;

    /* CertificateRequest (RFC 8446 4.3.2): answer with a Certificate (empty without a key). */
    bool cert_requested;
    const struct rustls_certified_key *client_key; /* borrowed from the config, or NULL */
    uint16_t client_scheme;
} pt_client13_hs;

/* The role (tls13.c). */
extern const pt_hs_role pt_client13_role;

static inline pt_client13_hs *pt_client13_hs_of(pt_conn *c)
{
    return (pt_client13_hs *)c->hs;
}

/* hello.c: build, hash and queue a ClientHello from hs (with hs->cookie after an HRR). */
PT_MUST_USE pt_err pt_client13_send_hello(pt_conn *c, pt_client13_hs *hs);

/* tls13.c: queue the middlebox-compatibility CCS unless it went out already (RFC 8446 D.4). */
PT_MUST_USE pt_err pt_client13_send_ccs_once(pt_conn *c, pt_client13_hs *hs);

/* Is `scheme` usable in TLS 1.3 (RFC 8446 4.2.3: no SHA-1/SHA-224/MD5, no RSASSA-PKCS1-v1_5)? */
bool pt_client13_scheme_tls13(uint16_t scheme);

/* cert13.c handlers. */
PT_MUST_USE pt_err pt_client13_handle_cert_or_certreq(pt_conn *c, const pt_hs_msg *msg);
PT_MUST_USE pt_err pt_client13_handle_certificate(pt_conn *c, const pt_hs_msg *msg);
PT_MUST_USE pt_err pt_client13_handle_certificate_verify(pt_conn *c, const pt_hs_msg *msg);
/* cert13.c: the client's Certificate (and CertificateVerify) when one was requested. */
PT_MUST_USE pt_err pt_client13_send_client_auth(pt_conn *c, pt_client13_hs *hs);

#endif
