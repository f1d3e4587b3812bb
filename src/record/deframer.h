/*
 * deframer.h - a bounded input buffer that yields whole TLS records, in place.
 *
 * The connection writes received bytes straight into the buffer (pt_deframer_space gives it
 * room, its read callback fills it, pt_deframer_commit says how much arrived), then takes
 * complete records one at a time with pt_deframer_next.  Records are never copied: a pt_record
 * points into the buffer, which is writable, so the record can be decrypted in place.
 *
 * Memory: nothing is allocated until the first pt_deframer_space.  The buffer starts at
 * PT_DEFRAMER_INITIAL bytes and grows once, to PT_RECORD_MAX_WIRE, only when a record that
 * large is announced; it never grows beyond that, so a peer cannot make us buffer more than one
 * full record.  pt_deframer_trim releases the buffer when nothing is buffered, so an idle
 * connection holds no input buffer at all.  Consumed bytes are reclaimed by moving the
 * unconsumed tail (at most part of one record) to the front, only when the record in progress
 * would not fit otherwise.
 *
 * Lifetime of records: a pt_record returned by pt_deframer_next stays valid (and its bytes
 * unmoved) until the next pt_deframer_space, pt_deframer_trim or pt_deframer_cleanup.  Several
 * records may be taken and held before that.  Everything that borrows a record's bytes counts:
 * a handshake record fed to the joiner is borrowed until pt_joiner_next reports no message
 * (pt_joiner_has_input false), and a message it returned in place until the next
 * pt_joiner_next - so the connection drains the joiner, and has copied or hashed what it keeps,
 * before it asks for more space.  pt_deframer_space may move or free the buffer (compaction,
 * growth), and even when it does not, new input overwrites the records taken.
 *
 * Errors (as rustls reports them, rustls msgs/message/outbound.rs read_opaque_message_header):
 * an unknown content type is PT_ERR(DECODE_ERROR, MESSAGE_INVALID_CONTENT_TYPE); a
 * legacy_record_version whose major byte is not 3 is PT_ERR(DECODE_ERROR,
 * MESSAGE_UNKNOWN_PROTOCOL_VERSION); an empty record of a type other than application_data is
 * PT_ERR(DECODE_ERROR, MESSAGE_INVALID_EMPTY_PAYLOAD); a record longer than the limit is
 * PT_ERR(RECORD_OVERFLOW, PEER_SENT_OVERSIZED_RECORD).  Errors are not sticky here; the
 * connection makes them so.
 *
 * Deliberate difference from rustls 0.23 on length: rustls's framing limit is 2^14 + 2048 for
 * every record (a longer one is decode_error, MESSAGE_TOO_LARGE) and it checks only the
 * decrypted length against 2^14 (record_overflow).  We apply RFC 8446 section 5.1/5.2's limits
 * at the header - 2^14 for plaintext records, 2^14 + 256 for protected ones - and answer with
 * the record_overflow alert those sections require, which also keeps the buffer at one
 * 16 KiB + 261 byte record.
 */
#ifndef PT_RECORD_DEFRAMER_H
#define PT_RECORD_DEFRAMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "record/record.h"

/* First allocation: enough for the records of a typical handshake flight or small messages. */
#define PT_DEFRAMER_INITIAL 4096

typedef struct pt_deframer {
    uint8_t *buf; /* NULL until needed */
    size_t cap;   /* 0, PT_DEFRAMER_INITIAL or PT_RECORD_MAX_WIRE */
    size_t start; /* first byte not yet taken as a record */
    size_t end;   /* one past the last byte received */
} pt_deframer;

/* Start empty (allocates nothing). */
void pt_deframer_init(pt_deframer *d);

/* Wipe and free the buffer. The deframer may be reused after pt_deframer_init. */
void pt_deframer_cleanup(pt_deframer *d);

/*
 * Room to receive into: *p, *n (n > 0) unless the buffer is full of complete records, in which
 * case *n is 0 and the caller must take records first.  May allocate, grow or compact the buffer,
 * which invalidates records taken earlier.  Failure: PT_ERR_INTERNAL (out of memory).
 */
PT_MUST_USE pt_err pt_deframer_space(pt_deframer *d, uint8_t **p, size_t *n);

/* `n` bytes (at most the *n of the last pt_deframer_space) were written at *p. */
void pt_deframer_commit(pt_deframer *d, size_t n);

/*
 * Take the next complete record.  `protected` says whether the connection will decrypt it: the
 * length limit is then 2^14 + 256 (RFC 8446 section 5.2), otherwise 2^14 (RFC 8446 section 5.1,
 * RFC 5246 section 6.2.1).  On success *have says whether a record was taken; when false, more
 * input is needed (a header is checked as soon as its 5 bytes are here, so a bad record is
 * refused before its body arrives).
 */
PT_MUST_USE pt_err pt_deframer_next(pt_deframer *d, bool protected, pt_record *rec, bool *have);

/* Bytes received but not yet taken as records. */
static inline size_t pt_deframer_buffered(const pt_deframer *d)
{
    return d->end - d->start;
}

/* Release the buffer if nothing is buffered (call when the connection goes idle). */
void pt_deframer_trim(pt_deframer *d);

#endif
