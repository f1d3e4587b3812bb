/*
 * certificate_verify.h - CertificateVerify (RFC 8446 section 4.4.3, RFC 5246 section 7.4.8) and
 * the DigitallySigned structure it shares with the TLS 1.2 ServerKeyExchange.
 *
 *     struct {
 *         SignatureScheme algorithm;
 *         opaque signature<0..2^16-1>;
 *     } CertificateVerify;
 *
 * TLS 1.2's DigitallySigned (RFC 5246 section 4.7 with the SignatureAndHashAlgorithm of 7.4.1.4.1)
 * has the same wire form, its two bytes being the same code points as TLS 1.3's SignatureScheme.
 * Whether the scheme was offered, and the signature itself, are checked by the handshake.
 */
#ifndef PT_MSGS_CERTIFICATE_VERIFY_H
#define PT_MSGS_CERTIFICATE_VERIFY_H

#include <stdbool.h>

#include "msgs/msgs.h"

typedef struct pt_digitally_signed {
    uint16_t scheme;    /* SignatureScheme (RFC 8446 section 4.2.3) */
    pt_slice signature; /* 0..2^16-1 bytes */
} pt_digitally_signed;

/* CertificateVerify is exactly a DigitallySigned. */
typedef pt_digitally_signed pt_certificate_verify;

/*
 * Read a DigitallySigned from `r` (used inside ServerKeyExchange).  Errors: truncation is
 * PT_ERR(DECODE_ERROR, MESSAGE_MISSING_DATA).  Does not require `r` to be finished.
 */
PT_MUST_USE pt_err pt_digitally_signed_read(pt_reader *r, pt_digitally_signed *out);
void pt_digitally_signed_encode(pt_writer *w, const pt_digitally_signed *in);

/* Decode a whole CertificateVerify body; leftovers are PT_ERR(DECODE_ERROR, MESSAGE_TRAILING_DATA). */
PT_MUST_USE pt_err pt_certificate_verify_decode(pt_slice body, pt_certificate_verify *out);
void pt_certificate_verify_encode(pt_writer *w, const pt_certificate_verify *in);

/* 64 spaces + the longest context string + the 0 separator + the largest hash (SHA-512). */
#define PT_CV_CONTENT_MAX (64 + 33 + 1 + 64)

/*
 * Write the content covered by a TLS 1.3 CertificateVerify signature (RFC 8446 section 4.4.3):
 * 64 bytes of 0x20, the context string "TLS 1.3, server CertificateVerify" (server == true) or
 * "TLS 1.3, client CertificateVerify", one 0x00 byte, then `transcript_hash`
 * (Transcript-Hash(Handshake Context, Certificate)).  At most PT_CV_CONTENT_MAX bytes.
 */
void pt_certificate_verify_content(pt_writer *w, bool server, pt_slice transcript_hash);

#endif
