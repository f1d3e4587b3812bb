/*
 * extensions.h - TLS extension blocks (RFC 8446 4.2) and the codecs of the extensions the hello
 * family carries.
 *
 * Two layers:
 *
 * 1. pt_ext_parse_block() walks one `Extension extensions<0..2^16-1>` vector for a given message
 *    (its pt_ext_context), rejects duplicates, rejects what rustls rejects in that message,
 *    validates the body of every extension rustls decodes in that message (in wire order, so the
 *    first error is the one rustls reports), and records which known extensions are present (a
 *    bitmask) with their bodies as pt_slice views into the input.  It never allocates.  The
 *    Certificate, CertificateRequest and NewSessionTicket codecs use it with their own context.
 *
 * 2. Per-extension codecs: `pt_ext_<name>_decode(pt_slice body, ...)` parses one extension BODY
 *    (the bytes after type and length) and fails on trailing bytes; `pt_ext_<name>_encode(pt_writer
 *    *w, ...)` writes a WHOLE extension (type, length, body).  Lists stay raw (pt_slice + count)
 *    and are walked with the small iterators below.
 *
 * Errors are rustls 0.23's (the version rustls-ffi 0.15.3 pins), as rustls-ffi maps them:
 *   - a length prefix or fixed field cut short:     decode_error, MESSAGE_MISSING_DATA
 *   - a vector longer than the bytes that follow:   decode_error, MESSAGE_TOO_SHORT
 *   - an empty list/value where one is required:    decode_error, MESSAGE_INVALID_OTHER
 *     (empty signature_algorithms: MESSAGE_NO_SIGNATURE_SCHEMES)
 *   - a u16 list of odd length:                     decode_error, MESSAGE_MISSING_DATA
 *   - bytes left over in a body or sub-vector:      decode_error, MESSAGE_TRAILING_DATA
 *   - any other RFC bound violated:                 decode_error, MESSAGE_INVALID_OTHER
 *   - the same extension twice:                     illegal_parameter, MESSAGE_INVALID_OTHER
 *   - pre_shared_key not last in a ClientHello:     illegal_parameter, MESSAGE_INVALID_OTHER
 */
#ifndef PT_MSGS_EXTENSIONS_H
#define PT_MSGS_EXTENSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msgs/msgs.h"

/* Cipher suite list signalling values (not real suites). */
#define PT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00ff /* RFC 5746 3.3 */
#define PT_TLS_FALLBACK_SCSV 0x5600                 /* RFC 7507 */

/* ec_point_formats values (RFC 8422 5.1.2). */
#define PT_EC_POINT_UNCOMPRESSED 0

/* psk_key_exchange_modes values (RFC 8446 4.2.9). */
#define PT_PSK_KE 0
#define PT_PSK_DHE_KE 1

/* CertificateStatusType (RFC 6066 8). */
#define PT_CERT_STATUS_OCSP 1

/* ServerName NameType (RFC 6066 3). */
#define PT_SNI_HOST_NAME 0

/* The dense index of each extension patina knows, for the presence bitmask and body table. */
enum pt_ext_index {
    PT_EXTI_SERVER_NAME,
    PT_EXTI_MAX_FRAGMENT_LENGTH,
    PT_EXTI_STATUS_REQUEST,
    PT_EXTI_SUPPORTED_GROUPS,
    PT_EXTI_EC_POINT_FORMATS,
    PT_EXTI_SIGNATURE_ALGORITHMS,
    PT_EXTI_USE_SRTP,
    PT_EXTI_HEARTBEAT,
    PT_EXTI_ALPN,
    PT_EXTI_SCT,
    PT_EXTI_CLIENT_CERTIFICATE_TYPE,
    PT_EXTI_SERVER_CERTIFICATE_TYPE,
    PT_EXTI_PADDING,
    PT_EXTI_EXTENDED_MASTER_SECRET,
    PT_EXTI_COMPRESS_CERTIFICATE,
    PT_EXTI_RECORD_SIZE_LIMIT,
    PT_EXTI_SESSION_TICKET,
    PT_EXTI_PRE_SHARED_KEY,
    PT_EXTI_EARLY_DATA,
    PT_EXTI_SUPPORTED_VERSIONS,
    PT_EXTI_COOKIE,
    PT_EXTI_PSK_KEY_EXCHANGE_MODES,
    PT_EXTI_CERTIFICATE_AUTHORITIES,
    PT_EXTI_OID_FILTERS,
    PT_EXTI_POST_HANDSHAKE_AUTH,
    PT_EXTI_SIGNATURE_ALGORITHMS_CERT,
    PT_EXTI_KEY_SHARE,
    PT_EXTI_RENEGOTIATION_INFO,
    PT_EXTI_COUNT
};

/* The index of extension `type`, or -1 if patina does not know it. */
int pt_ext_index_of(uint16_t type);
/* The presence bit of extension `type` (0 for unknown types). */
uint32_t pt_ext_bit(uint16_t type);

/* The message an extension block belongs to: decides what is validated, ignored or refused. */
enum pt_ext_context {
    PT_EXT_CTX_CLIENT_HELLO,         /* unknown extensions ignored; pre_shared_key must be last */
    PT_EXT_CTX_SERVER_HELLO,         /* TLS 1.2 or 1.3 ServerHello: unknown ones recorded */
    PT_EXT_CTX_HELLO_RETRY_REQUEST,  /* only key_share, cookie, supported_versions */
    PT_EXT_CTX_ENCRYPTED_EXTENSIONS, /* ServerHello's decoding; refusals in encrypted_extensions.c */
    PT_EXT_CTX_CERTIFICATE,          /* CertificateEntry: only status_request */
    PT_EXT_CTX_CERTIFICATE_REQUEST,  /* signature_algorithms, certificate_authorities, ... */
    PT_EXT_CTX_NEW_SESSION_TICKET,   /* early_data (max_early_data_size) */
};

/*
 * One parsed extension block.  Views into the parsed buffer: valid only while it is.
 * `present` has pt_ext_bit(type) set for every KNOWN type seen (whether or not this context
 * validates it); body[idx] is that extension's body.  `unknown` counts the extensions of types
 * patina does not know (their types can be walked with pt_ext_iter, e.g. for RFC 8446 4.2's
 * "unsolicited extension" check, which needs connection state).
 */
typedef struct pt_ext_block {
    pt_slice raw;      /* the vector's contents, without its 2-byte length */
    size_t count;      /* extensions in the block */
    size_t unknown;    /* of which of unknown type */
    uint32_t present;  /* pt_ext_bit() of each known type present */
    uint16_t last_type; /* type of the last extension (valid when count > 0) */
    pt_slice body[PT_EXTI_COUNT];
} pt_ext_block;

/*
 * Parse the extension vector at `r` (positioned at its 2-byte length) for message `ctx` into
 * `out`, leaving `r` just past it.  Enforced here (rustls's choices):
 *   - duplicates of any type (known or not): illegal_parameter, MESSAGE_INVALID_OTHER;
 *   - ClientHello: pre_shared_key not last (RFC 8446 4.2.11): illegal_parameter, INVALID_OTHER;
 *   - HelloRetryRequest: any type but key_share/cookie/supported_versions:
 *     unsupported_extension, MESSAGE_INVALID_OTHER;
 *   - Certificate: any type but status_request (the only one we solicit, RFC 8446 4.2):
 *     unsupported_extension, PEER_MISBEHAVED_ERROR;
 *   - the body of every extension rustls decodes in that message, as the codecs below.
 * On failure `out` is unspecified and `r` may have advanced.
 */
PT_MUST_USE pt_err pt_ext_parse_block(pt_reader *r, enum pt_ext_context ctx, pt_ext_block *out);

/*
 * The same for the contents of a vector a message codec has already taken apart (a
 * CertificateEntry's or NewSessionTicket's `extensions`, without the length prefix).
 */
PT_MUST_USE pt_err pt_ext_parse_contents(pt_slice contents, enum pt_ext_context ctx, pt_ext_block *out);

/* An empty block (as for a hello without any extensions). */
void pt_ext_block_init(pt_ext_block *b);

static inline bool pt_ext_has(const pt_ext_block *b, uint16_t type)
{
    return (b->present & pt_ext_bit(type)) != 0;
}

/* The body of known extension `type`; false (and *body empty) when absent or unknown. */
bool pt_ext_get(const pt_ext_block *b, uint16_t type, pt_slice *body);

/* Walk every extension of a parsed block in wire order (known and unknown). */
typedef struct pt_ext_iter {
    pt_reader r;
} pt_ext_iter;
void pt_ext_iter_init(pt_ext_iter *it, const pt_ext_block *b);
bool pt_ext_iter_next(pt_ext_iter *it, uint16_t *type, pt_slice *body);

/* ---------------------------------------------------------------- shared wire helpers */

#define PT_ERR_EMPTY_LIST PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER)

/* Open an extension: write its type and reserve its 2-byte length; close with pt_w_close_vec. */
pt_wvec pt_ext_open(pt_writer *w, uint16_t type);
/* Write an extension with an empty body (EMS, early_data in CH/EE, acks, SCT request, ...). */
void pt_ext_encode_empty(pt_writer *w, uint16_t type);
/* Write an extension with an opaque body (session_ticket, padding, unknown ones, ...). */
void pt_ext_encode_raw(pt_writer *w, uint16_t type, pt_slice body);
/* Body must be empty (EMS, early_data in CH/EE, server acks, SCT in CH): else TRAILING_DATA. */
PT_MUST_USE pt_err pt_ext_empty_decode(pt_slice body);

/* ---------------------------------------------------------------- lists of u16 / u8 values */

/* A validated list of big-endian u16 values (cipher suites, groups, schemes, versions). */
typedef struct pt_u16_list {
    pt_slice raw; /* the list's contents, without its length prefix */
    size_t count;
} pt_u16_list;

static inline uint16_t pt_u16_list_at(const pt_u16_list *l, size_t i)
{
    return (uint16_t)((l->raw.p[2 * i] << 8) | l->raw.p[2 * i + 1]);
}
bool pt_u16_list_has(const pt_u16_list *l, uint16_t v);
bool pt_u8_list_has(pt_slice l, uint8_t v);

/* supported_groups (RFC 8446 4.2.7): NamedGroup named_group_list<2..2^16-1>. */
PT_MUST_USE pt_err pt_ext_supported_groups_decode(pt_slice body, pt_u16_list *out);
void pt_ext_supported_groups_encode(pt_writer *w, const uint16_t *groups, size_t n);

/* signature_algorithms / _cert (RFC 8446 4.2.3): SignatureScheme list<2..2^16-2>; empty:
 * decode_error, MESSAGE_NO_SIGNATURE_SCHEMES. */
PT_MUST_USE pt_err pt_ext_signature_algorithms_decode(pt_slice body, pt_u16_list *out);
void pt_ext_signature_algorithms_encode(pt_writer *w, uint16_t type, const uint16_t *schemes, size_t n);

/* supported_versions, ClientHello form (RFC 8446 4.2.1): ProtocolVersion versions<2..254>. */
PT_MUST_USE pt_err pt_ext_supported_versions_ch_decode(pt_slice body, pt_u16_list *out);
void pt_ext_supported_versions_ch_encode(pt_writer *w, const uint16_t *versions, size_t n);
/* supported_versions, ServerHello/HRR form: ProtocolVersion selected_version. */
void pt_ext_supported_versions_sh_encode(pt_writer *w, uint16_t version);

/* One big-endian u16 body (ServerHello supported_versions, HRR key_share selected_group,
 * ServerHello pre_shared_key selected_identity, record_size_limit). */
PT_MUST_USE pt_err pt_ext_u16_decode(pt_slice body, uint16_t *out);
void pt_ext_u16_encode(pt_writer *w, uint16_t type, uint16_t v);

/* compress_certificate (RFC 8879 3): CertificateCompressionAlgorithm algorithms<2..2^8-2>. */
PT_MUST_USE pt_err pt_ext_compress_certificate_decode(pt_slice body, pt_u16_list *out);

/* u8 lists with <1..2^8-1>: ec_point_formats (RFC 8422 5.1.2), psk_key_exchange_modes
 * (RFC 8446 4.2.9), client/server_certificate_type in a ClientHello (RFC 7250 3).
 * `out` is the list's contents. */
PT_MUST_USE pt_err pt_ext_u8_list_decode(pt_slice body, pt_slice *out);
void pt_ext_u8_list_encode(pt_writer *w, uint16_t type, const uint8_t *v, size_t n);
/* RFC 8422 5.1.2: a present ec_point_formats list must include uncompressed(0).  rustls refuses
 * a ClientHello without it with illegal_parameter/PEER_INCOMPATIBLE_ERROR (server) and a
 * ServerHello without it with handshake_failure/PEER_MISBEHAVED_ERROR (client); the state
 * machines apply those. */
static inline bool pt_ext_ec_point_formats_ok(pt_slice list)
{
    return pt_u8_list_has(list, PT_EC_POINT_UNCOMPRESSED);
}

/* ---------------------------------------------------------------- server_name (RFC 6066 3) */

/*
 * ClientHello form: ServerName server_name_list<1..2^16-1>, each {NameType; HostName
 * opaque<1..2^16-1>}.  As rustls: a second host_name is decode_error/MESSAGE_INVALID_SERVER_NAME;
 * a name type other than host_name ends the walk (its encoding is unknown, RFC 6066 3).
 * `*found` tells whether a host_name was present; `host_name` is its raw bytes, not yet checked
 * as a DNS name (rustls aborts with illegal_parameter for an invalid one, in the server).
 */
PT_MUST_USE pt_err pt_ext_server_name_decode(pt_slice body, bool *found, pt_slice *host_name);
void pt_ext_server_name_encode(pt_writer *w, pt_slice host_name);
/* ServerHello/EncryptedExtensions form: empty (pt_ext_encode_empty / pt_ext_empty_decode). */

/* What a HostName is, by rustls-pki-types' rules (ServerName::try_from): a DNS name (labels
 * of letters, digits, '_' and inner '-', 1..63 bytes each, at most 253 in all, an optional
 * trailing dot, the last label not all digits), else an IPv4/IPv6 literal (the Rust standard
 * library's syntax), else invalid. */
enum pt_sni_kind {
    PT_SNI_DNS_NAME,
    PT_SNI_IP_ADDRESS,
    PT_SNI_INVALID,
};
enum pt_sni_kind pt_sni_classify(pt_slice host_name);
/*
 * The server's reading of a ClientHello server_name body, as rustls's server does it: a valid
 * DNS host_name is returned in *dns_name; an IP literal is ignored as if no server_name had
 * been sent (*dns_name empty; RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted");
 * an invalid name, or a list without a host_name, is illegal_parameter/PEER_MISBEHAVED_ERROR
 * (rustls ServerNameMustContainOneHostName).  Decoding errors as pt_ext_server_name_decode.
 */
PT_MUST_USE pt_err pt_ext_server_name_server_check(pt_slice body, pt_slice *dns_name);

/* ---------------------------------------------------------------- ALPN (RFC 7301 3.1) */

/* ProtocolName protocol_name_list<2..2^16-1>, each opaque ProtocolName<1..2^8-1>. */
typedef struct pt_alpn_list {
    pt_slice raw;
    size_t count;
} pt_alpn_list;
typedef struct pt_alpn_iter {
    pt_reader r;
} pt_alpn_iter;
PT_MUST_USE pt_err pt_ext_alpn_decode(pt_slice body, pt_alpn_list *out);
/* ServerHello/EncryptedExtensions form: exactly one name ("MUST contain exactly one"). */
PT_MUST_USE pt_err pt_ext_alpn_single_decode(pt_slice body, pt_slice *proto);
void pt_ext_alpn_encode(pt_writer *w, const pt_slice *protos, size_t n);
void pt_alpn_iter_init(pt_alpn_iter *it, const pt_alpn_list *l);
bool pt_alpn_iter_next(pt_alpn_iter *it, pt_slice *proto);

/* ---------------------------------------------------------------- key_share (RFC 8446 4.2.8) */

typedef struct pt_key_share {
    uint16_t group;
    pt_slice key_exchange; /* opaque key_exchange<1..2^16-1> */
} pt_key_share;

/* ClientHello: KeyShareEntry client_shares<0..2^16-1>. */
typedef struct pt_key_share_list {
    pt_slice raw;
    size_t count;
} pt_key_share_list;
typedef struct pt_key_share_iter {
    pt_reader r;
} pt_key_share_iter;
PT_MUST_USE pt_err pt_ext_key_share_ch_decode(pt_slice body, pt_key_share_list *out);
void pt_ext_key_share_ch_encode(pt_writer *w, const pt_key_share *shares, size_t n);
void pt_key_share_iter_init(pt_key_share_iter *it, const pt_key_share_list *l);
bool pt_key_share_iter_next(pt_key_share_iter *it, pt_key_share *out);
/* True if two entries share a group (RFC 8446 4.2.8 "MUST NOT"; rustls: illegal_parameter,
 * PEER_MISBEHAVED_ERROR, in the server). */
bool pt_key_share_list_has_duplicate_groups(const pt_key_share_list *l);
/* ServerHello: KeyShareEntry server_share. */
PT_MUST_USE pt_err pt_ext_key_share_sh_decode(pt_slice body, pt_key_share *out);
void pt_ext_key_share_sh_encode(pt_writer *w, const pt_key_share *share);
/* HelloRetryRequest: NamedGroup selected_group (pt_ext_u16_decode). */
void pt_ext_key_share_hrr_encode(pt_writer *w, uint16_t group);

/* ---------------------------------------------------------------- pre_shared_key (RFC 8446 4.2.11) */

typedef struct pt_psk_identity {
    pt_slice identity; /* opaque identity<1..2^16-1> */
    uint32_t obfuscated_ticket_age;
} pt_psk_identity;

/* ClientHello: OfferedPsks { PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>; }
 * with PskBinderEntry opaque<32..255>. */
typedef struct pt_psk_offer {
    pt_slice identities; /* contents of the identities vector */
    size_t identity_count;
    pt_slice binders; /* contents of the binders vector */
    size_t binder_count;
    size_t binders_at; /* offset in the body of the binders vector's 2-byte length */
} pt_psk_offer;
typedef struct pt_psk_identity_iter {
    pt_reader r;
} pt_psk_identity_iter;
typedef struct pt_psk_binder_iter {
    pt_reader r;
} pt_psk_binder_iter;
PT_MUST_USE pt_err pt_ext_psk_offer_decode(pt_slice body, pt_psk_offer *out);
void pt_psk_identity_iter_init(pt_psk_identity_iter *it, const pt_psk_offer *o);
bool pt_psk_identity_iter_next(pt_psk_identity_iter *it, pt_psk_identity *out);
void pt_psk_binder_iter_init(pt_psk_binder_iter *it, const pt_psk_offer *o);
bool pt_psk_binder_iter_next(pt_psk_binder_iter *it, pt_slice *binder);
/* RFC 8446 4.2.11: as many binders as identities; rustls: illegal_parameter, PEER_MISBEHAVED_ERROR. */
PT_MUST_USE pt_err pt_psk_offer_check(const pt_psk_offer *o);
/*
 * Write a whole pre_shared_key extension with `n` identities and zeroed binders of lengths
 * binder_lens[i] (32..255), to be patched once the binders are computed over the truncated
 * ClientHello (RFC 8446 4.2.11.2).  *binders_at receives the writer offset of the binders
 * vector's 2-byte length: the binder transcript is everything written before it.
 */
void pt_ext_psk_offer_encode(pt_writer *w, const pt_psk_identity *ids, size_t n, const uint8_t *binder_lens,
                             size_t *binders_at);
/*
 * Copy `n` binders into an encoded binders vector at buf[binders_at] (as written by
 * pt_ext_psk_offer_encode).  Fails with INTERNAL (no alert) unless the vector there has exactly
 * these lengths and ends at buf_len: patching never moves bytes, so the transcript stays valid.
 */
PT_MUST_USE pt_err pt_psk_patch_binders(uint8_t *buf, size_t buf_len, size_t binders_at, const pt_slice *binders,
                                        size_t n);
/* ServerHello: uint16 selected_identity (pt_ext_u16_decode / pt_ext_u16_encode). */

/* ---------------------------------------------------------------- the rest */

/* early_data in NewSessionTicket (RFC 8446 4.2.10): uint32 max_early_data_size. */
PT_MUST_USE pt_err pt_ext_early_data_nst_decode(pt_slice body, uint32_t *max_early_data_size);
void pt_ext_early_data_nst_encode(pt_writer *w, uint32_t max_early_data_size);

/* cookie (RFC 8446 4.2.2): opaque cookie<1..2^16-1>. */
PT_MUST_USE pt_err pt_ext_cookie_decode(pt_slice body, pt_slice *cookie);
void pt_ext_cookie_encode(pt_writer *w, pt_slice cookie);

/* status_request in a ClientHello (RFC 6066 8): CertificateStatusRequest.  For OCSP,
 * responder_id_list<0..2^16-1> (each opaque<1..2^16-1>) and request_extensions<0..2^16-1>;
 * another status_type's request is kept opaque in `other` (rustls does the same). */
typedef struct pt_status_request {
    uint8_t status_type;
    pt_slice responder_ids;      /* OCSP: contents of responder_id_list */
    pt_slice request_extensions; /* OCSP: contents of request_extensions */
    pt_slice other;              /* other types: everything after status_type */
} pt_status_request;
PT_MUST_USE pt_err pt_ext_status_request_decode(pt_slice body, pt_status_request *out);
/* An OCSP request with no responder ids and no extensions (what clients send). */
void pt_ext_status_request_ocsp_encode(pt_writer *w);
/* status_request in a TLS 1.3 CertificateEntry (RFC 8446 4.4.2.1): CertificateStatus with
 * status_type ocsp(1) (else decode_error, MESSAGE_INVALID_CERT_STATUS_TYPE) and opaque
 * OCSPResponse<1..2^24-1>. */
PT_MUST_USE pt_err pt_ext_cert_status_decode(pt_slice body, pt_slice *ocsp_response);

/* renegotiation_info (RFC 5746 3.2): opaque renegotiated_connection<0..255>. */
PT_MUST_USE pt_err pt_ext_renegotiation_info_decode(pt_slice body, pt_slice *renegotiated_connection);
/* The initial handshake's form: an empty renegotiated_connection. */
void pt_ext_renegotiation_info_encode_initial(pt_writer *w);
/* RFC 5746 3.4/3.6: on the initial handshake renegotiated_connection MUST be empty, else abort
 * with handshake_failure.  patina never renegotiates, so a non-empty one is always refused
 * (rustls has no such check; PEER_MISBEHAVED_ERROR is the closest rustls_result). */
PT_MUST_USE pt_err pt_ext_renegotiation_info_check_initial(pt_slice body);

/* certificate_authorities (RFC 8446 4.2.4): DistinguishedName authorities<3..2^16-1>, each
 * opaque<1..2^16-1> (a DER Name, not parsed here). */
typedef struct pt_dn_list {
    pt_slice raw;
    size_t count;
} pt_dn_list;
typedef struct pt_dn_iter {
    pt_reader r;
} pt_dn_iter;
PT_MUST_USE pt_err pt_ext_certificate_authorities_decode(pt_slice body, pt_dn_list *out);
void pt_ext_certificate_authorities_encode(pt_writer *w, const pt_slice *dns, size_t n);
/*
 * Walk a DistinguishedName list given its contents (without the 2-byte length): the `raw` of a
 * pt_dn_list, or the `authorities` of a TLS 1.2 CertificateRequest (same wire form).
 */
void pt_dn_iter_init(pt_dn_iter *it, pt_slice dns);
/* The next DistinguishedName (DER Name, never empty) into *dn, or false at the end. */
bool pt_dn_iter_next(pt_dn_iter *it, pt_slice *dn);

/* record_size_limit (RFC 8449 4): uint16 RecordSizeLimit; a value below 64 MUST be refused
 * with illegal_parameter (PEER_MISBEHAVED_ERROR).  Decoded on request only: rustls ignores it. */
PT_MUST_USE pt_err pt_ext_record_size_limit_decode(pt_slice body, uint16_t *limit);
/* max_fragment_length (RFC 6066 4): enum {2^9(1), ..., 2^12(4)}; another value MUST be refused
 * with illegal_parameter (PEER_MISBEHAVED_ERROR).  Decoded on request only: rustls ignores it. */
PT_MUST_USE pt_err pt_ext_max_fragment_length_decode(pt_slice body, uint8_t *code);

#endif
