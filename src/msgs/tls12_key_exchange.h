/*
 * tls12_key_exchange.h - the TLS 1.2 ECDHE key exchange messages: ServerKeyExchange
 * (RFC 8422 section 5.4), ClientKeyExchange (RFC 8422 section 5.7) and ServerHelloDone
 * (RFC 5246 section 7.4.5).
 *
 *     struct { ECCurveType curve_type; NamedCurve namedcurve; } ECParameters;  -- named_curve(3)
 *     struct { opaque point <1..2^8-1>; } ECPoint;
 *     struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;
 *     struct { ServerECDHParams params; DigitallySigned signed_params; } ServerKeyExchange;
 *     struct { ECPoint ecdh_Yc; } ClientECDiffieHellmanPublic;   -- explicit form only
 *     struct { } ServerHelloDone;
 *
 * Only ECDHE suites exist in patina, so these are the only key exchange shapes.  Whether the
 * group was offered and whether the point is valid is the handshake's (and the provider's) job.
 */
#ifndef PT_MSGS_TLS12_KEY_EXCHANGE_H
#define PT_MSGS_TLS12_KEY_EXCHANGE_H

#include "msgs/certificate_verify.h"
#include "msgs/msgs.h"

/* ECCurveType named_curve (RFC 8422 section 5.4): the only one allowed (explicit curves are
 * deprecated by RFC 8422 and refused by rustls). */
#define PT_EC_CURVE_TYPE_NAMED 3

/* The length of ClientHello.random and ServerHello.random. */
#define PT_TLS12_RANDOM_LEN 32

/* ServerECDHParams, named_curve form. */
typedef struct pt_ecdhe_params {
    uint16_t group; /* NamedGroup (RFC 8422 section 5.1.1, RFC 8446 section 4.2.7) */
    pt_slice point; /* the server's public key share, 1..255 bytes */
} pt_ecdhe_params;

typedef struct pt_server_key_exchange {
    pt_ecdhe_params params;
    pt_digitally_signed sig; /* over pt_tls12_signed_params() */
} pt_server_key_exchange;

typedef struct pt_client_key_exchange {
    pt_slice point; /* the client's public key share, 1..255 bytes */
} pt_client_key_exchange;

/*
 * Read ServerECDHParams from `r`.  Errors (decode_error): a curve_type other than named_curve
 * MESSAGE_UNSUPPORTED_CURVE_TYPE (rustls's EcParameters); truncation MESSAGE_MISSING_DATA; an
 * empty point MESSAGE_INVALID_EMPTY_PAYLOAD.  Does not require `r` to be finished.
 */
PT_MUST_USE pt_err pt_ecdhe_params_read(pt_reader *r, pt_ecdhe_params *out);
/* Write ServerECDHParams (curve_type named_curve, group, point). */
void pt_ecdhe_params_encode(pt_writer *w, const pt_ecdhe_params *in);

/*
 * Parse a ServerKeyExchange body and say exactly what is wrong: the errors of
 * pt_ecdhe_params_read and pt_digitally_signed_read, or MESSAGE_TRAILING_DATA.
 */
PT_MUST_USE pt_err pt_server_key_exchange_parse(pt_slice body, pt_server_key_exchange *out);

/*
 * Decode a ServerKeyExchange body as the client must report it.  rustls's TLS 1.2 client turns
 * every failure to decode this message into one error (client/tls12.rs: unwrap_given_kxa ->
 * InvalidMessage::MissingKeyExchange with a decode_error alert), so this returns
 * PT_ERR(DECODE_ERROR, MESSAGE_MISSING_KEY_EXCHANGE) whatever pt_server_key_exchange_parse
 * found.  Use the parse function to log the precise reason.
 */
PT_MUST_USE pt_err pt_server_key_exchange_decode(pt_slice body, pt_server_key_exchange *out);
void pt_server_key_exchange_encode(pt_writer *w, const pt_server_key_exchange *in);

/*
 * Write the content the ServerKeyExchange signature covers (RFC 8422 section 5.4):
 * ClientHello.random || ServerHello.random || ServerECDHParams.
 */
void pt_tls12_signed_params(pt_writer *w, const uint8_t client_random[PT_TLS12_RANDOM_LEN],
                            const uint8_t server_random[PT_TLS12_RANDOM_LEN], const pt_ecdhe_params *params);

/*
 * Decode a ClientKeyExchange body (ECDHE).  Errors: truncation MESSAGE_MISSING_DATA; an empty
 * point MESSAGE_INVALID_EMPTY_PAYLOAD; bytes after the point MESSAGE_INVALID_DH_PARAMS (rustls's
 * tls12::decode_kx_params), all with decode_error.  (rustls itself sends no alert for the first
 * two; RFC 5246 section 7.2.2 calls for decode_error, which we send.)
 */
PT_MUST_USE pt_err pt_client_key_exchange_decode(pt_slice body, pt_client_key_exchange *out);
void pt_client_key_exchange_encode(pt_writer *w, const pt_client_key_exchange *in);

/* ServerHelloDone has an empty body: anything else is PT_ERR(DECODE_ERROR, MESSAGE_TRAILING_DATA). */
PT_MUST_USE pt_err pt_server_hello_done_decode(pt_slice body);

#endif
