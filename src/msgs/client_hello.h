/*
 * client_hello.h - ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2).
 *
 *   uint16 legacy_version; Random random(32); opaque legacy_session_id<0..32>;
 *   CipherSuite cipher_suites<2..2^16-2>; opaque legacy_compression_methods<1..2^8-1>;
 *   Extension extensions<8..2^16-1>;   (absent altogether in some TLS 1.2 ClientHellos)
 *
 * Decoding is zero copy (views into the body; see msgs.h) and applies pt_ext_parse_block's
 * ClientHello rules: duplicates and a pre_shared_key that is not last are illegal_parameter.
 * Rules that depend on the negotiated version (compression methods) are separate helpers.
 */
#ifndef PT_MSGS_CLIENT_HELLO_H
#define PT_MSGS_CLIENT_HELLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msgs/extensions.h"
#include "msgs/msgs.h"

#define PT_RANDOM_LEN 32
#define PT_SESSION_ID_MAX 32

typedef struct pt_client_hello {
    uint16_t legacy_version;
    pt_slice random;              /* 32 bytes */
    pt_slice session_id;          /* 0..32 bytes */
    pt_u16_list cipher_suites;    /* may include the SCSVs of extensions.h */
    pt_slice compression_methods; /* 1..255 one-byte methods */
    bool has_extensions;          /* false: the extensions field was absent (not merely empty) */
    pt_ext_block ext;             /* empty when !has_extensions */
    /* With a pre_shared_key extension: the offset in the BODY of its binders vector (its 2-byte
     * length).  The PSK binder transcript (RFC 8446 4.2.11.2) is the 4-byte handshake header
     * plus body[0..binders_at).  0 without pre_shared_key. */
    size_t binders_at;
} pt_client_hello;

/* Decode a ClientHello body.  Errors: see extensions.h; a session id longer than 32 bytes is
 * decode_error/MESSAGE_TRAILING_DATA (as rustls); an empty cipher suite or compression list is
 * decode_error/MESSAGE_INVALID_OTHER. */
PT_MUST_USE pt_err pt_client_hello_decode(pt_slice body, pt_client_hello *out);

/*
 * Check legacy_compression_methods as rustls's server does, once the version is known:
 *   - it must contain null(0) (RFC 5246 7.4.1.2, RFC 8446 4.1.2):
 *     illegal_parameter, PEER_INCOMPATIBLE_ERROR;
 *   - in TLS 1.3 it must be exactly one byte (RFC 8446 4.1.2 "MUST contain exactly one byte,
 *     set to zero"): illegal_parameter, PEER_MISBEHAVED_ERROR.
 */
PT_MUST_USE pt_err pt_client_hello_check_compression(const pt_client_hello *ch, bool tls13);

/* True if cipher_suites contains `suite` (also for the SCSVs). */
bool pt_client_hello_offers_suite(const pt_client_hello *ch, uint16_t suite);

/*
 * Write a ClientHello BODY from `in`.  To build a new hello, write its extensions with the
 * pt_ext_*_encode functions into a scratch writer, point in->ext.raw at that writer's bytes and
 * set in->has_extensions (other ext fields are not used).  Written: the fixed fields, then (if
 * in->has_extensions or psk) an extensions vector holding in->ext.raw followed, when `psk` is
 * not NULL, by a pre_shared_key extension (it must be last) with zeroed binders of lengths
 * psk->binder_lens[i].  For a
 * decoded hello with psk NULL this reproduces the body byte for byte.  When psk is not NULL,
 * *binders_at receives the writer offset of the binders vector; fill it with
 * pt_psk_patch_binders() once the binders are computed over everything written before it.
 */
typedef struct pt_client_hello_psk {
    const pt_psk_identity *ids;
    const uint8_t *binder_lens;
    size_t n;
} pt_client_hello_psk;
void pt_client_hello_encode(pt_writer *w, const pt_client_hello *in, const pt_client_hello_psk *psk,
                            size_t *binders_at);

#endif
