/*
 * server_hello.h - ServerHello and HelloRetryRequest (RFC 8446 4.1.3, 4.1.4; RFC 5246 7.4.1.3).
 *
 *   uint16 legacy_version; Random random(32); opaque legacy_session_id_echo<0..32>;
 *   CipherSuite cipher_suite; uint8 legacy_compression_method; Extension extensions<6..2^16-1>;
 *
 * A HelloRetryRequest is a ServerHello whose random is PT_HRR_RANDOM (SHA-256 of
 * "HelloRetryRequest"); decoding tells them apart by that value, as rustls does, and then
 * applies the HRR rules: a non-null compression method is decode_error/
 * MESSAGE_UNSUPPORTED_COMPRESSION, the extensions field is mandatory, and any extension but
 * key_share, cookie and supported_versions is unsupported_extension/MESSAGE_INVALID_OTHER.
 * A TLS 1.2 ServerHello may omit its extensions field (RFC 5246 7.4.1.3).
 */
#ifndef PT_MSGS_SERVER_HELLO_H
#define PT_MSGS_SERVER_HELLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msgs/extensions.h"
#include "msgs/msgs.h"

/* RFC 8446 4.1.3: the HelloRetryRequest random. */
extern const uint8_t PT_HRR_RANDOM[32];
/* RFC 8446 4.1.3: the last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2
 * ("DOWNGRD" 01) or TLS 1.1 and below ("DOWNGRD" 00). */
extern const uint8_t PT_DOWNGRADE_TLS12[8];
extern const uint8_t PT_DOWNGRADE_TLS11[8];

typedef struct pt_server_hello {
    uint16_t legacy_version;
    pt_slice random;     /* 32 bytes */
    pt_slice session_id; /* legacy_session_id_echo, 0..32 bytes */
    uint16_t cipher_suite;
    uint8_t compression_method;
    bool is_hrr;         /* random == PT_HRR_RANDOM */
    bool has_extensions; /* false: a TLS 1.2 ServerHello without an extensions field */
    pt_ext_block ext;
} pt_server_hello;

/* Decode a ServerHello or HelloRetryRequest body (errors: see above and extensions.h). */
PT_MUST_USE pt_err pt_server_hello_decode(pt_slice body, pt_server_hello *out);

/* RFC 8446 4.1.3 / RFC 5246 7.4.1.3: the method must be null (the client offers nothing else).
 * rustls's client: illegal_parameter, PEER_MISBEHAVED_ERROR (checked after the version). */
PT_MUST_USE pt_err pt_server_hello_check_compression(const pt_server_hello *sh);

/* RFC 8446 4.1.3: a TLS 1.3 ServerHello carries only key_share, pre_shared_key and
 * supported_versions; rustls's client: unsupported_extension, PEER_MISBEHAVED_ERROR. */
PT_MUST_USE pt_err pt_server_hello_check_tls13_extensions(const pt_server_hello *sh);

/* Which downgrade sentinel the random ends with: PT_VERSION_TLS12 for "DOWNGRD\x01",
 * PT_VERSION_TLS11 for "DOWNGRD\x00", 0 for none.  A TLS 1.3 client that negotiated an older
 * version MUST abort with illegal_parameter if it sees one (RFC 8446 4.1.3). */
uint16_t pt_server_hello_downgrade(const pt_server_hello *sh);
/* Overwrite the last 8 bytes of a 32-byte server random with the sentinel for `version`
 * (PT_VERSION_TLS12, or anything lower for the TLS 1.1 one). */
void pt_server_random_set_downgrade(uint8_t random[32], uint16_t version);

/* Write the body of `in`: a HelloRetryRequest (random forced to PT_HRR_RANDOM, compression 0)
 * when in->is_hrr, else a ServerHello; extensions from in->ext.raw, omitted only when
 * !in->has_extensions. */
void pt_server_hello_encode(pt_writer *w, const pt_server_hello *in);

#endif
