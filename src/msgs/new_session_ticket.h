/*
 * new_session_ticket.h - NewSessionTicket, TLS 1.3 (RFC 8446 section 4.6.1) and TLS 1.2
 * (RFC 5077 section 3.3).
 *
 *   TLS 1.3:  struct {
 *                 uint32 ticket_lifetime;
 *                 uint32 ticket_age_add;
 *                 opaque ticket_nonce<0..255>;
 *                 opaque ticket<1..2^16-1>;
 *                 Extension extensions<0..2^16-2>;
 *             } NewSessionTicket;
 *   TLS 1.2:  struct {
 *                 uint32 ticket_lifetime_hint;
 *                 opaque ticket<0..2^16-1>;
 *             } NewSessionTicket;
 *
 * The TLS 1.3 extension block (early_data's max_early_data_size, ...) is validated for its
 * outer length only and kept raw for the extension parser.  The 7-day lifetime cap
 * (RFC 8446 section 4.6.1) binds the sender and the client's cache, so it is not a decode error.
 */
#ifndef PT_MSGS_NEW_SESSION_TICKET_H
#define PT_MSGS_NEW_SESSION_TICKET_H

#include "msgs/msgs.h"

/* RFC 8446 section 4.6.1: "Servers MUST NOT use any value greater than 604800 seconds". */
#define PT_TICKET_LIFETIME_MAX 604800u

typedef struct pt_new_session_ticket13 {
    uint32_t lifetime; /* seconds */
    uint32_t age_add;
    pt_slice nonce;      /* 0..255 bytes */
    pt_slice ticket;     /* 1..2^16-1 bytes */
    pt_slice extensions; /* contents of extensions<0..2^16-2>, without its 2-byte length */
} pt_new_session_ticket13;

typedef struct pt_new_session_ticket12 {
    uint32_t lifetime_hint; /* seconds; 0 = unspecified */
    pt_slice ticket;        /* 0..2^16-1 bytes; empty = the server will not issue one after all */
} pt_new_session_ticket12;

/*
 * Decode a TLS 1.3 NewSessionTicket body (zero copy).  Errors (decode_error): truncation
 * MESSAGE_MISSING_DATA; an empty ticket MESSAGE_INVALID_EMPTY_PAYLOAD; an extension block of
 * 65535 bytes MESSAGE_INVALID_OTHER; leftovers MESSAGE_TRAILING_DATA.
 */
PT_MUST_USE pt_err pt_new_session_ticket13_decode(pt_slice body, pt_new_session_ticket13 *out);
void pt_new_session_ticket13_encode(pt_writer *w, const pt_new_session_ticket13 *in);

/* Decode a TLS 1.2 (RFC 5077) NewSessionTicket body; errors as above. */
PT_MUST_USE pt_err pt_new_session_ticket12_decode(pt_slice body, pt_new_session_ticket12 *out);
void pt_new_session_ticket12_encode(pt_writer *w, const pt_new_session_ticket12 *in);

#endif
