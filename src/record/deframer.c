/* deframer.c - find whole TLS records in a bounded input buffer (see deframer.h). */
#include "record/deframer.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/reader.h"

void pt_deframer_init(pt_deframer *d)
{
    d->buf = NULL;
    d->cap = 0;
    d->start = 0;
    d->end = 0;
}

void pt_deframer_cleanup(pt_deframer *d)
{
    pt_free_wiped(d->buf, d->cap);
    pt_deframer_init(d);
}

/* Wire size of the record at the front of the buffer, or 0 while its header is incomplete. */
static size_t front_record_size(const pt_deframer *d)
{
    if (d->end - d->start < PT_RECORD_HEADER_LEN) {
        return 0;
    }
    const uint8_t *h = d->buf + d->start;
    return PT_RECORD_HEADER_LEN + (((size_t)h[3] << 8) | h[4]);
}

/* Move the unconsumed bytes to the front of a buffer of `new_cap` bytes (reallocating if needed). */
static pt_err relocate(pt_deframer *d, size_t new_cap)
{
    size_t live = d->end - d->start;
    if (new_cap == d->cap) {
        memmove(d->buf, d->buf + d->start, live);
    } else {
        /* Not realloc: the old buffer may hold decrypted plaintext and must be wiped. */
        uint8_t *nb = malloc(new_cap);
        if (nb == NULL) {
            return PT_ERR_INTERNAL;
        }
        if (live > 0) {
            memcpy(nb, d->buf + d->start, live);
        }
        pt_free_wiped(d->buf, d->cap);
        d->buf = nb;
        d->cap = new_cap;
    }
    d->start = 0;
    d->end = live;
    return PT_OK;
}

pt_err pt_deframer_space(pt_deframer *d, uint8_t **p, size_t *n)
{
    if (d->start == d->end) {
        d->start = d->end = 0;
    }
    /*
     * How much of the buffer the record in progress needs.  A header announcing more than any
     * valid record is refused by pt_deframer_next; do not grow for it.
     */
    size_t need = front_record_size(d);
    if (need == 0 || need > PT_RECORD_MAX_WIRE) {
        need = PT_RECORD_HEADER_LEN;
    }
    size_t cap = d->cap;
    if (cap == 0) {
        cap = PT_DEFRAMER_INITIAL;
    }
    if (need > cap) {
        cap = PT_RECORD_MAX_WIRE;
    }
    if (cap != d->cap || (d->start > 0 && (d->start + need > cap || d->end == cap))) {
        PT_TRY(relocate(d, cap));
    }
    *p = d->buf + d->end;
    *n = d->cap - d->end;
    return PT_OK;
}

void pt_deframer_commit(pt_deframer *d, size_t n)
{
    /* A caller writing more than it was offered is a bug; clamp rather than run off the end. */
    if (n > d->cap - d->end) {
        n = d->cap - d->end;
    }
    d->end += n;
}

pt_err pt_deframer_next(pt_deframer *d, bool protected, pt_record *rec, bool *have)
{
    *have = false;
    if (d->end - d->start < PT_RECORD_HEADER_LEN) {
        return PT_OK;
    }
    pt_reader r = pt_reader_init(d->buf + d->start, d->end - d->start);
    uint8_t type;
    uint16_t version, len;
    PT_TRY(pt_r_u8(&r, &type));
    PT_TRY(pt_r_u16(&r, &version));
    PT_TRY(pt_r_u16(&r, &len));

    /*
     * RFC 8446 section 5: an unexpected record type MUST end the connection.  rustls refuses
     * any content type it does not know at the framing layer, with decode_error.  rustls also
     * knows heartbeat (24), which it frames and refuses later (decode_error, InvalidContentType,
     * once the payload is parsed); we support no heartbeat (RFC 6520) and refuse 24 here with
     * the same error, from the header alone.
     */
    if (!pt_content_type_known(type)) {
        return PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE);
    }
    /*
     * RFC 8446 section 5.1 says legacy_record_version MUST be ignored; like rustls we still
     * refuse a major version other than 3, which means the peer is not speaking TLS at all.
     */
    if ((version & 0xff00) != 0x0300) {
        return PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_UNKNOWN_PROTOCOL_VERSION);
    }
    /*
     * RFC 8446 section 5.1 / RFC 5246 section 6.2.1: implementations MUST NOT send zero-length
     * fragments of handshake, alert or change_cipher_spec (application data may be empty).
     */
    if (len == 0 && type != PT_CT_APPLICATION_DATA) {
        return PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD);
    }
    /*
     * RFC 8446 section 5.1: a TLSPlaintext length over 2^14, and section 5.2: a TLSCiphertext
     * length over 2^14 + 256, MUST be answered with record_overflow.  (TLS 1.2 allows
     * 2^14 + 2048 of ciphertext, RFC 5246 section 6.2.3, but with our AEAD suites anything over
     * 2^14 + 24 cannot decrypt to a legal 2^14 bytes, so the tighter bound refuses nothing valid.)
     */
    size_t limit = protected ? PT_RECORD_MAX_CIPHERTEXT : PT_RECORD_MAX_PLAINTEXT;
    if (len > limit) {
        return PT_ERR(RECORD_OVERFLOW, RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD);
    }
    if (pt_r_left(&r) < len) {
        return PT_OK;
    }
    rec->type = type;
    rec->version = version;
    rec->header = d->buf + d->start;
    rec->payload = d->buf + d->start + PT_RECORD_HEADER_LEN;
    rec->len = len;
    d->start += PT_RECORD_HEADER_LEN + (size_t)len;
    *have = true;
    return PT_OK;
}

void pt_deframer_trim(pt_deframer *d)
{
    if (d->start == d->end && d->buf != NULL) {
        pt_deframer_cleanup(d);
    }
}
