/*
 * certificate.h - the Certificate handshake message, TLS 1.3 (RFC 8446 section 4.4.2) and
 * TLS 1.2 (RFC 5246 section 7.4.2).
 *
 *   TLS 1.3:  struct {
 *                 opaque certificate_request_context<0..2^8-1>;
 *                 CertificateEntry certificate_list<0..2^24-1>;
 *             } Certificate;
 *             struct {
 *                 opaque cert_data<1..2^24-1>;          -- X.509 (the only type we negotiate)
 *                 Extension extensions<0..2^16-1>;
 *             } CertificateEntry;
 *   TLS 1.2:  opaque ASN.1Cert<1..2^24-1>;
 *             struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 *
 * Decoding validates every entry and keeps the list raw (pt_slice + count); walk it with
 * pt_cert_iter.  Each entry's extension block is validated for its outer length only and kept
 * raw: the handshake runs it through the extension parser (src/msgs/extensions.h).
 *
 * Like rustls, a certificate_list longer than 64 KiB is refused before anything else with
 * PT_ERR(DECODE_ERROR, MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE): this bounds what a peer can make
 * us verify.  An empty list is not an error here; what it means (no client certificate, or a
 * server that must be refused) is the handshake's decision.
 */
#ifndef PT_MSGS_CERTIFICATE_H
#define PT_MSGS_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>

#include "msgs/msgs.h"

/* rustls's CERTIFICATE_MAX_SIZE_LIMIT: the largest certificate_list accepted (bytes). */
#define PT_CERT_LIST_MAX 0x10000

/* A decoded TLS 1.3 Certificate message. */
typedef struct pt_certificate13 {
    pt_slice context; /* certificate_request_context (empty in the main handshake) */
    pt_slice entries; /* contents of certificate_list, without its 3-byte length */
    size_t count;     /* how many CertificateEntry it holds */
} pt_certificate13;

/* A decoded TLS 1.2 Certificate message. */
typedef struct pt_certificate12 {
    pt_slice certs; /* contents of certificate_list, without its 3-byte length */
    size_t count;   /* how many ASN.1Cert it holds */
} pt_certificate12;

/* One certificate; the first is the end-entity (leaf) certificate. */
typedef struct pt_cert_entry {
    pt_slice cert;       /* DER certificate (never empty) */
    pt_slice extensions; /* TLS 1.3: contents of the entry's extensions<0..2^16-1>; TLS 1.2: empty */
} pt_cert_entry;

/* Walks the entries of a decoded message (entries were validated by decode, so it cannot fail). */
typedef struct pt_cert_iter {
    pt_reader r;
    bool tls13;
} pt_cert_iter;

/*
 * Decode a TLS 1.3 Certificate body (zero copy).  Errors (all decode_error): truncation
 * MESSAGE_MISSING_DATA; an empty cert_data MESSAGE_INVALID_EMPTY_PAYLOAD; a list over 64 KiB
 * MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE; leftovers at any level MESSAGE_TRAILING_DATA.
 */
PT_MUST_USE pt_err pt_certificate13_decode(pt_slice body, pt_certificate13 *out);
/* Write a decoded (or hand-built) message back: context, then the raw entries. */
void pt_certificate13_encode(pt_writer *w, const pt_certificate13 *in);

/*
 * Build a TLS 1.3 Certificate body from `n` DER certificates (leaf first).  `ocsp` (may be
 * empty) becomes the leaf's status_request extension holding a CertificateStatus of type ocsp
 * (RFC 8446 section 4.4.2.1, RFC 6066 section 8); `sct` (may be empty) becomes the leaf's
 * signed_certificate_timestamp extension, whose extension_data is `sct` as given (a serialized
 * SignedCertificateTimestampList, RFC 6962 section 3.3).  Other entries get no extensions.
 */
void pt_certificate13_encode_chain(pt_writer *w, pt_slice context, const pt_slice *certs, size_t n, pt_slice ocsp,
                                   pt_slice sct);

/* Decode a TLS 1.2 Certificate body; errors as pt_certificate13_decode. */
PT_MUST_USE pt_err pt_certificate12_decode(pt_slice body, pt_certificate12 *out);
void pt_certificate12_encode(pt_writer *w, const pt_certificate12 *in);
/* Build a TLS 1.2 Certificate body from `n` DER certificates (leaf first). */
void pt_certificate12_encode_chain(pt_writer *w, const pt_slice *certs, size_t n);

void pt_cert_iter_init13(pt_cert_iter *it, const pt_certificate13 *c);
void pt_cert_iter_init12(pt_cert_iter *it, const pt_certificate12 *c);
/* The next entry into *out, or false at the end of the list. */
bool pt_cert_iter_next(pt_cert_iter *it, pt_cert_entry *out);

#endif
