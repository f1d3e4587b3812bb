/*
 * record.h - TLS record framing constants and the view of one received record.
 *
 * Shared by the deframer (which finds records in the input buffer), record protection (which
 * opens them in place) and the handshake joiner.  A pt_record never owns memory: its pointers
 * lead into the deframer's buffer.
 */
#ifndef PT_RECORD_RECORD_H
#define PT_RECORD_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* TLSPlaintext/TLSCiphertext header: type(1) || legacy_record_version(2) || length(2). */
#define PT_RECORD_HEADER_LEN 5
/* RFC 8446 section 5.1 / RFC 5246 section 6.2.1: at most 2^14 bytes of plaintext per record. */
#define PT_RECORD_MAX_PLAINTEXT 16384
/* RFC 8446 section 5.2: a protected record's length MUST NOT exceed 2^14 + 256. */
#define PT_RECORD_MAX_CIPHERTEXT (PT_RECORD_MAX_PLAINTEXT + 256)
/* The largest record we ever need to hold in full, header included. */
#define PT_RECORD_MAX_WIRE (PT_RECORD_HEADER_LEN + PT_RECORD_MAX_CIPHERTEXT)

/* ContentType (RFC 8446 section 5.1). */
enum pt_content_type {
    PT_CT_INVALID = 0,
    PT_CT_CHANGE_CIPHER_SPEC = 20,
    PT_CT_ALERT = 21,
    PT_CT_HANDSHAKE = 22,
    PT_CT_APPLICATION_DATA = 23,
};

/* legacy_record_version values we write. */
#define PT_RECORD_VERSION_TLS10 0x0301 /* a TLS 1.3 ClientHello MAY use it (RFC 8446 section 5.1) */
#define PT_RECORD_VERSION_TLS12 0x0303

static inline bool pt_content_type_known(uint8_t t)
{
    return t >= PT_CT_CHANGE_CIPHER_SPEC && t <= PT_CT_APPLICATION_DATA;
}

/*
 * One record, as taken from the deframer and (after pt_protect_open) as decrypted.
 *
 * `header` is the record's 5 wire bytes (the TLS 1.3 additional data); `payload` points into the
 * same writable buffer so that it can be decrypted in place.  After pt_protect_open, `type` is
 * the real content type, `payload`/`len` the plaintext.  Both stay valid until the deframer's
 * buffer is next written to (pt_deframer_space) or released.
 */
typedef struct pt_record {
    uint8_t type;
    uint16_t version;
    const uint8_t *header;
    uint8_t *payload;
    size_t len;
} pt_record;

#endif
