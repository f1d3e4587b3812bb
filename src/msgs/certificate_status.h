/*
 * certificate_status.h - CertificateStatus (RFC 6066 section 8).
 *
 *     struct {
 *         CertificateStatusType status_type;   -- ocsp(1)
 *         select (status_type) { case ocsp: OCSPResponse response; } response;
 *     } CertificateStatus;
 *     opaque OCSPResponse<1..2^24-1>;
 *
 * The same structure is the TLS 1.2 CertificateStatus handshake message body and, in TLS 1.3,
 * the extension_data of a status_request extension in the leaf's CertificateEntry
 * (RFC 8446 section 4.4.2.1).  The OCSP response itself is opaque DER here.
 */
#ifndef PT_MSGS_CERTIFICATE_STATUS_H
#define PT_MSGS_CERTIFICATE_STATUS_H

#include "msgs/msgs.h"

/* CertificateStatusType (RFC 6066 section 8): only OCSP is defined for this structure. */
#define PT_CERT_STATUS_OCSP 1

typedef struct pt_certificate_status {
    uint8_t status_type;    /* always PT_CERT_STATUS_OCSP after a successful decode */
    pt_slice ocsp_response; /* DER OCSPResponse (RFC 6960), 1..2^24-1 bytes */
} pt_certificate_status;

/*
 * Decode `body` (zero copy: `out` points into it).  Errors: a status_type other than ocsp is
 * PT_ERR(DECODE_ERROR, MESSAGE_INVALID_CERT_STATUS_TYPE), as rustls; an empty response is
 * MESSAGE_INVALID_EMPTY_PAYLOAD; truncation MESSAGE_MISSING_DATA; leftovers MESSAGE_TRAILING_DATA
 * (all with decode_error).
 */
PT_MUST_USE pt_err pt_certificate_status_decode(pt_slice body, pt_certificate_status *out);

/* Write the body (status_type then the uint24-prefixed response). */
void pt_certificate_status_encode(pt_writer *w, const pt_certificate_status *in);

#endif
