/*
 * fragmenter.h - split an outgoing payload into records and write them, sealed, to a buffer.
 *
 * The connection reserves room in its send queue (pt_fragmenter_wire_len says how much), then
 * pt_fragmenter_write copies each fragment's plaintext straight to its place in that room and,
 * when keys are set, seals it in place there: one copy from the caller's data to the wire
 * buffer, no intermediate buffers, no allocation.
 *
 * Fragment size: at most PT_RECORD_MAX_PLAINTEXT bytes of plaintext per record (RFC 8446 section
 * 5.1), or less as configured.  As in rustls (msgs/fragmenter.rs set_max_fragment_size), the
 * configured size counts the 5-byte header but not the protection overhead and must lie in
 * 32..=16389; anything else is PT_ERR_NOALERT(BAD_MAX_FRAGMENT_SIZE).
 */
#ifndef PT_RECORD_FRAGMENTER_H
#define PT_RECORD_FRAGMENTER_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "record/protect.h"

#define PT_FRAGMENT_SIZE_MIN 32
#define PT_FRAGMENT_SIZE_MAX (PT_RECORD_MAX_PLAINTEXT + PT_RECORD_HEADER_LEN)

typedef struct pt_fragmenter {
    size_t max_frag;         /* plaintext bytes per record */
    uint16_t record_version; /* legacy_record_version of unprotected records (0x0303 by default) */
} pt_fragmenter;

/* Default: 2^14-byte fragments, version 0x0303. */
void pt_fragmenter_init(pt_fragmenter *f);

/* Set the largest record (header included, overhead excluded); 0 restores the default. */
PT_MUST_USE pt_err pt_fragmenter_set_max_fragment_size(pt_fragmenter *f, size_t size);

/* Number of records `len` bytes become (0 for 0 bytes: nothing is sent). */
static inline size_t pt_fragmenter_count(const pt_fragmenter *f, size_t len)
{
    return len / f->max_frag + (len % f->max_frag != 0); /* not len + max - 1: that can wrap */
}

/* Wire bytes the records for `len` bytes of payload take; `p` NULL or unkeyed means plaintext. */
size_t pt_fragmenter_wire_len(const pt_fragmenter *f, const pt_protect *p, size_t len);

/*
 * Write `type` records for data[0..len) into out[0..cap): as many whole records as fit (a record
 * is never split across calls).  *consumed receives the payload bytes written, *written the wire
 * bytes.  With `p` keyed, each record is sealed (pt_protect_seal, so the sequence number
 * advances); the caller checks pt_protect_seal_action first.  `data` must not overlap `out`.
 * Errors are those of pt_protect_seal; records written before a failure remain counted, and the
 * space of the record that failed is wiped (it held plaintext).
 */
PT_MUST_USE pt_err pt_fragmenter_write(const pt_fragmenter *f, pt_protect *p, uint8_t type, const uint8_t *data,
                                       size_t len, uint8_t *out, size_t cap, size_t *consumed, size_t *written);

/*
 * The send path: write the records for data[0..len) straight into the send queue `q` - reserve
 * their wire size there, copy each fragment in and seal it in place, commit what was written.
 * The caller's bytes are copied once, into the queue, and never sit in an intermediate buffer.
 * (Only an out-of-place seal in provider.h, e.g. over BoringSSL's EVP_AEAD_CTX_seal_scatter
 * with the TLS 1.3 content type as extra input, could avoid that one copy: about 3.5% of
 * AES-128-GCM time per 16 KiB record.)  *consumed receives the payload bytes queued.  Errors:
 * out of memory (PT_ERR_INTERNAL, nothing queued), or pt_protect_seal's; records sealed before
 * a failure stay queued and the rest of the reservation is wiped.
 */
PT_MUST_USE pt_err pt_fragmenter_queue(const pt_fragmenter *f, pt_protect *p, uint8_t type, const uint8_t *data,
                                       size_t len, pt_buf *q, size_t *consumed);

#endif
