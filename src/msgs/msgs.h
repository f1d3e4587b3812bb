/*
 * msgs.h - conventions and wire constants shared by every message codec in src/msgs/.
 *
 * One file per message or extension family, encode and decode together.  Codecs know bytes
 * only: they never see a connection, a config or the provider.
 *
 * Decoding: `pt_err pt_<msg>_decode(pt_slice body, pt_<msg> *out)` parses a handshake message
 * BODY (after the 4-byte handshake header) through pt_reader and fills `out` with scalars and
 * pt_slice views INTO `body` (zero copy: `out` is valid only while `body` is).  Lists that the
 * protocol needs to walk (cipher suites, groups, schemes, ALPN names, key shares, PSK
 * identities, certificate entries) are kept as the raw vector (pt_slice) plus a count, and
 * walked later with small iterators, so decoding never allocates and has no fixed caps.
 * Every vector is checked against its RFC <min..max> bounds, every sub-reader is finished
 * with pt_r_done (trailing bytes are an error), and semantic rules that need no connection
 * state (duplicate extensions, extensions not allowed in this message, RFC 8446 4.2) are
 * enforced here.  Errors are the alert + rustls_result rustls sends for the same input.
 *
 * Encoding: `void pt_<msg>_encode(pt_writer *w, const pt_<msg> *in)` writes the body (or, for
 * pt_hs_encode_header users, the whole message) through pt_writer; the writer's sticky error
 * reports any failure.  decode(encode(x)) == x for every message (round-trip tests).
 */
#ifndef PT_MSGS_MSGS_H
#define PT_MSGS_MSGS_H

#include <stdint.h>

#include "base/err.h"
#include "base/reader.h"
#include "base/slice.h"
#include "base/writer.h"

/* Protocol versions (RFC 8446 4.2.1). */
#define PT_VERSION_TLS10 0x0301
#define PT_VERSION_TLS11 0x0302
#define PT_VERSION_TLS12 0x0303
#define PT_VERSION_TLS13 0x0304

/* HandshakeType (RFC 8446 section 4, RFC 5246 section 7.4). */
enum pt_hs_type {
    PT_HS_HELLO_REQUEST = 0, /* TLS 1.2 renegotiation request: always refused */
    PT_HS_CLIENT_HELLO = 1,
    PT_HS_SERVER_HELLO = 2,
    PT_HS_NEW_SESSION_TICKET = 4,
    PT_HS_END_OF_EARLY_DATA = 5,
    PT_HS_ENCRYPTED_EXTENSIONS = 8,
    PT_HS_CERTIFICATE = 11,
    PT_HS_SERVER_KEY_EXCHANGE = 12,
    PT_HS_CERTIFICATE_REQUEST = 13,
    PT_HS_SERVER_HELLO_DONE = 14,
    PT_HS_CERTIFICATE_VERIFY = 15,
    PT_HS_CLIENT_KEY_EXCHANGE = 16,
    PT_HS_FINISHED = 20,
    PT_HS_CERTIFICATE_STATUS = 22,
    PT_HS_KEY_UPDATE = 24,
    PT_HS_COMPRESSED_CERTIFICATE = 25,
    PT_HS_MESSAGE_HASH_TYPE = 254,
};

/* ExtensionType (RFC 8446 4.2 and the RFCs named). */
enum pt_ext_type {
    PT_EXT_SERVER_NAME = 0,                 /* RFC 6066 */
    PT_EXT_MAX_FRAGMENT_LENGTH = 1,         /* RFC 6066 */
    PT_EXT_STATUS_REQUEST = 5,              /* RFC 6066 */
    PT_EXT_SUPPORTED_GROUPS = 10,           /* RFC 8422, 7919 */
    PT_EXT_EC_POINT_FORMATS = 11,           /* RFC 8422 (TLS 1.2) */
    PT_EXT_SIGNATURE_ALGORITHMS = 13,       /* RFC 8446 */
    PT_EXT_USE_SRTP = 14,                   /* RFC 5764 */
    PT_EXT_HEARTBEAT = 15,                  /* RFC 6520 */
    PT_EXT_ALPN = 16,                       /* RFC 7301 */
    PT_EXT_SCT = 18,                        /* RFC 6962 */
    PT_EXT_CLIENT_CERTIFICATE_TYPE = 19,    /* RFC 7250 */
    PT_EXT_SERVER_CERTIFICATE_TYPE = 20,    /* RFC 7250 */
    PT_EXT_PADDING = 21,                    /* RFC 7685 */
    PT_EXT_EXTENDED_MASTER_SECRET = 23,     /* RFC 7627 */
    PT_EXT_COMPRESS_CERTIFICATE = 27,       /* RFC 8879 */
    PT_EXT_RECORD_SIZE_LIMIT = 28,          /* RFC 8449 */
    PT_EXT_SESSION_TICKET = 35,             /* RFC 5077 */
    PT_EXT_PRE_SHARED_KEY = 41,             /* RFC 8446 */
    PT_EXT_EARLY_DATA = 42,                 /* RFC 8446 */
    PT_EXT_SUPPORTED_VERSIONS = 43,         /* RFC 8446 */
    PT_EXT_COOKIE = 44,                     /* RFC 8446 */
    PT_EXT_PSK_KEY_EXCHANGE_MODES = 45,     /* RFC 8446 */
    PT_EXT_CERTIFICATE_AUTHORITIES = 47,    /* RFC 8446 */
    PT_EXT_OID_FILTERS = 48,                /* RFC 8446 */
    PT_EXT_POST_HANDSHAKE_AUTH = 49,        /* RFC 8446 */
    PT_EXT_SIGNATURE_ALGORITHMS_CERT = 50,  /* RFC 8446 */
    PT_EXT_KEY_SHARE = 51,                  /* RFC 8446 */
    PT_EXT_RENEGOTIATION_INFO = 0xff01,     /* RFC 5746 */
};

/* Write a handshake header (type, 24-bit length) and return the vector mark to close. */
static inline pt_wvec pt_hs_open(pt_writer *w, uint8_t type)
{
    pt_w_u8(w, type);
    return pt_w_open_vec(w, 3);
}

#endif
