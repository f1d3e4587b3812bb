/*
 * joiner.h - turn handshake record payloads into whole handshake messages.
 *
 * RFC 8446 section 5.1: handshake messages may be coalesced into one record or fragmented
 * across several.  The joiner takes one record payload at a time (pt_joiner_feed) and yields
 * complete messages (pt_joiner_next).  A message that lies wholly inside the record is returned
 * as a view of the record's bytes (no copy); only a message split across records is assembled
 * in a heap buffer sized to that message, which is freed once the message has been handed out.
 *
 * A message body longer than the configured cap (default PT_JOINER_DEFAULT_MAX, rustls's
 * MAX_HANDSHAKE_SIZE) is refused as soon as its header is seen:
 * PT_ERR(DECODE_ERROR, MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE).  rustls 0.23 returns the same
 * error but sends no alert (its handshake deframer's error bypasses send_fatal_alert); we send
 * decode_error, because RFC 8446 section 6.2 says a fatal error SHOULD be reported with an
 * appropriate alert.
 *
 * Each message says whether it ended exactly at the end of its record.  RFC 8446 section 5.1:
 * "Handshake messages MUST NOT span key changes": after a key-changing message (ServerHello,
 * Finished, KeyUpdate, ...) the caller checks end_of_record and pt_joiner_is_aligned and answers
 * unexpected_message otherwise.  pt_joiner_is_aligned is also what the caller checks before
 * accepting a record of another type ("MUST NOT be interleaved with other record types").
 */
#ifndef PT_RECORD_JOINER_H
#define PT_RECORD_JOINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"

#define PT_HS_HEADER_LEN 4 /* msg_type(1) || length(3), RFC 8446 section 4 */
#define PT_JOINER_DEFAULT_MAX 0xffff

typedef struct pt_hs_msg {
    uint8_t type;
    pt_slice body;      /* the message body */
    pt_slice raw;       /* header || body: the bytes the transcript hash covers */
    bool end_of_record; /* no bytes of the current record follow this message */
} pt_hs_msg;

typedef struct pt_joiner {
    size_t max_body;
    /* the record being split (borrowed from the caller until pt_joiner_next reports no message) */
    const uint8_t *in;
    size_t in_len;
    size_t in_off;
    /* a message split across records */
    uint8_t hdr[PT_HS_HEADER_LEN];
    size_t got;      /* bytes of header || body collected so far */
    uint8_t *buf;    /* header || body, allocated once the header is known */
    size_t want;     /* PT_HS_HEADER_LEN + body length, once known */
    bool handed_out; /* buf holds a message already returned: free it on the next call */
} pt_joiner;

/* Start empty; `max_body` 0 means PT_JOINER_DEFAULT_MAX. */
void pt_joiner_init(pt_joiner *j, size_t max_body);

/* Wipe and free any partial message. */
void pt_joiner_cleanup(pt_joiner *j);

/*
 * Hand over the payload of one handshake record.  The bytes are borrowed, not copied, until
 * pt_joiner_next reports that no more messages can be made (have == false).  Feeding before that
 * is PT_ERR_INTERNAL.
 */
PT_MUST_USE pt_err pt_joiner_feed(pt_joiner *j, const uint8_t *p, size_t len);

/*
 * The next complete message, if any (*have).  The message's slices stay valid until the next
 * call to pt_joiner_next, pt_joiner_feed or pt_joiner_cleanup (and, for messages inside a
 * record, while the record's bytes are).  Failure: out of memory (PT_ERR_INTERNAL) or a message
 * over the cap (above).
 */
PT_MUST_USE pt_err pt_joiner_next(pt_joiner *j, pt_hs_msg *msg, bool *have);

/* True when no part of a message is held back waiting for more records. */
static inline bool pt_joiner_is_aligned(const pt_joiner *j)
{
    return j->got == 0 || j->handed_out;
}

/* True when the fed record still has bytes that pt_joiner_next has not consumed. */
static inline bool pt_joiner_has_input(const pt_joiner *j)
{
    return j->in_off < j->in_len;
}

#endif
