/*
 * certificate_request.h - CertificateRequest, TLS 1.3 (RFC 8446 section 4.3.2) and TLS 1.2
 * (RFC 5246 section 7.4.4).
 *
 *   TLS 1.3:  struct {
 *                 opaque certificate_request_context<0..2^8-1>;
 *                 Extension extensions<2..2^16-1>;
 *             } CertificateRequest;
 *   TLS 1.2:  struct {
 *                 ClientCertificateType certificate_types<1..2^8-1>;
 *                 SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
 *                 DistinguishedName certificate_authorities<0..2^16-1>;
 *             } CertificateRequest;
 *             opaque DistinguishedName<1..2^16-1>;
 *
 * TLS 1.3: the extension block is validated for its outer length only and kept raw (the
 * extension parser checks signature_algorithms is present, duplicates, ...).  Whether the
 * context must be empty (main handshake) or not (post-handshake auth) is the handshake's rule.
 */
#ifndef PT_MSGS_CERTIFICATE_REQUEST_H
#define PT_MSGS_CERTIFICATE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "msgs/extensions.h"
#include "msgs/msgs.h"

/* ClientCertificateType values (RFC 5246 7.4.4, RFC 8422 5.5). */
#define PT_CLIENT_CERT_RSA_SIGN 1
#define PT_CLIENT_CERT_ECDSA_SIGN 64

typedef struct pt_certificate_request13 {
    pt_slice context;    /* certificate_request_context */
    pt_slice extensions; /* contents of extensions<2..2^16-1>, without its 2-byte length */
} pt_certificate_request13;

typedef struct pt_certificate_request12 {
    pt_slice cert_types;  /* one byte per ClientCertificateType, 1..255 of them */
    pt_slice sig_schemes; /* contents of supported_signature_algorithms (u16 each, big-endian) */
    size_t n_sig_schemes; /* at least 1 */
    pt_slice authorities; /* contents of certificate_authorities, without its 2-byte length */
    size_t n_authorities;
} pt_certificate_request12;

/*
 * Decode a TLS 1.3 CertificateRequest body.  Errors (decode_error): truncation
 * MESSAGE_MISSING_DATA; an empty extension block MESSAGE_INVALID_EMPTY_PAYLOAD (a one-byte
 * block MESSAGE_INVALID_OTHER); leftovers MESSAGE_TRAILING_DATA.
 */
PT_MUST_USE pt_err pt_certificate_request13_decode(pt_slice body, pt_certificate_request13 *out);
void pt_certificate_request13_encode(pt_writer *w, const pt_certificate_request13 *in);

/*
 * Decode a TLS 1.2 CertificateRequest body.  Errors (decode_error): truncation
 * MESSAGE_MISSING_DATA; no certificate types or an empty DistinguishedName
 * MESSAGE_INVALID_EMPTY_PAYLOAD; an odd-length scheme list MESSAGE_INVALID_OTHER; an empty
 * scheme list MESSAGE_NO_SIGNATURE_SCHEMES (as rustls, checked after the whole message is read);
 * leftovers MESSAGE_TRAILING_DATA.
 */
PT_MUST_USE pt_err pt_certificate_request12_decode(pt_slice body, pt_certificate_request12 *out);
void pt_certificate_request12_encode(pt_writer *w, const pt_certificate_request12 *in);

/* The i-th signature scheme (i < n_sig_schemes). */
uint16_t pt_certificate_request12_scheme(const pt_certificate_request12 *cr, size_t i);

/* Its DistinguishedNames are walked with pt_dn_iter_init(&it, cr->authorities) (msgs/extensions.h). */

#endif
