/*
 * transcript.h - the running handshake transcript hash (RFC 8446 section 4.4.1, RFC 5246 7.4.9).
 *
 * The transcript is the hash of every handshake message (type, 24-bit length and body; no
 * record headers) in the order sent and received.  Its hash function is the negotiated cipher
 * suite's, which is not known when the first message goes out: a client sends ClientHello before
 * the server has chosen a suite (or even a protocol version).  So a transcript starts in
 * BUFFERING mode, keeping the raw messages in a small heap buffer, and switches to HASHING mode
 * when pt_transcript_start_hash() names the hash; the buffer is hashed then and released.
 *
 * Retaining the messages: TLS 1.2 client authentication signs the raw concatenation of the
 * handshake messages (RFC 5246 section 7.4.8) with a signature scheme whose hash need not be the
 * PRF hash, and our signing keys hash the message themselves (provider.h `sign`).  A TLS 1.2
 * client that may be asked for a certificate therefore starts the hash with `retain` set, keeps
 * the raw messages until it knows (ServerHelloDone without CertificateRequest: call
 * pt_transcript_drop_messages()), and reads them with pt_transcript_messages().  A TLS 1.2
 * server that requests a client certificate likewise retains them until it has verified the
 * client's CertificateVerify.  Nothing else keeps messages once the hash is known, so the
 * steady-state cost is the embedded hash context.
 *
 * Memory: the hash context lives inside the struct (PT_HASH_CTX_MAX bytes); the only heap use is
 * the pre-hash/retained message buffer, bounded by PT_TRANSCRIPT_BUFFER_LIMIT.  Snapshots
 * (pt_transcript_current) copy the context on the stack and never disturb the running hash.
 *
 * Errors: buffering past the limit is PT_ERR(INTERNAL_ERROR, MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE);
 * an allocation failure, or a call that does not fit the mode (a snapshot before the hash is
 * known, a second different hash, ...), is PT_ERR_INTERNAL.  A failed call leaves the
 * transcript unchanged.
 */
#ifndef PT_KEYS_TRANSCRIPT_H
#define PT_KEYS_TRANSCRIPT_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"
#include "provider/provider.h"

/* The most raw handshake bytes a transcript keeps (ClientHello with tickets, or a TLS 1.2 flight). */
#define PT_TRANSCRIPT_BUFFER_LIMIT (256u * 1024u)

/* Handshake type of the synthetic message that replaces ClientHello1 after HRR (RFC 8446 4.4.1). */
#define PT_HS_MESSAGE_HASH 254

typedef struct pt_transcript {
    const pt_hash *hash; /* NULL while buffering */
    uint8_t *buf;        /* raw messages (buffering, or retained); heap, wiped when freed */
    size_t buf_len;
    size_t buf_cap;
    bool retain; /* keep raw messages after the hash is known (TLS 1.2 client auth) */
    PT_CTX_ALIGN unsigned char ctx[PT_HASH_CTX_MAX];
} pt_transcript;

/* Start an empty transcript in buffering mode. Cannot fail. */
void pt_transcript_init(pt_transcript *t);

/* Wipe the hash context and free the message buffer. The transcript may be re-initialised. */
void pt_transcript_free(pt_transcript *t);

/*
 * Add one whole handshake message (header included).  Buffering mode appends it to the buffer;
 * hashing mode feeds the hash (and the buffer too when retaining).
 */
PT_MUST_USE pt_err pt_transcript_add(pt_transcript *t, const uint8_t *msg, size_t len);

/*
 * The hash is now known: hash everything buffered so far with `h` and continue in hashing mode.
 * `retain` keeps the raw messages (see above); otherwise the buffer is wiped and freed.  Calling
 * it again with the same hash is a no-op; with a different hash it is PT_ERR_INTERNAL.
 */
PT_MUST_USE pt_err pt_transcript_start_hash(pt_transcript *t, const pt_hash *h, bool retain);

/* Stop retaining raw messages (wipes and frees the buffer). Only valid in hashing mode. */
void pt_transcript_drop_messages(pt_transcript *t);

/* The hash in use, or NULL while buffering. */
static inline const pt_hash *pt_transcript_hash(const pt_transcript *t)
{
    return t->hash;
}

/* The raw messages kept so far (buffering mode, or retained); empty otherwise. Borrowed. */
static inline pt_slice pt_transcript_messages(const pt_transcript *t)
{
    return pt_slice_of(t->buf, t->buf_len);
}

/*
 * Transcript-Hash of everything added so far, without finishing the running hash: writes
 * hash->out_len bytes to `out` (which must hold PT_HASH_MAX).  Requires hashing mode.
 */
PT_MUST_USE pt_err pt_transcript_current(const pt_transcript *t, uint8_t *out);

/*
 * Hash(messages so far || extra) with hash `h`, leaving the transcript as it was.  This is the
 * PSK binder's transcript (RFC 8446 section 4.2.11.2: the transcript up to and including the
 * truncated ClientHello), which a client needs before the suite is chosen: in buffering mode
 * the buffered messages are hashed with `h`; in hashing mode `h` must be the transcript's hash.
 */
PT_MUST_USE pt_err pt_transcript_current_with(const pt_transcript *t, const pt_hash *h, pt_slice extra, uint8_t *out);

/*
 * HelloRetryRequest (RFC 8446 section 4.4.1): the transcript must hold exactly ClientHello1;
 * replace it with the synthetic message
 *     message_hash(254) || 00 00 Hash.length || Hash(ClientHello1)
 * Call it after start_hash and before adding the HelloRetryRequest.  Requires hashing mode and
 * no retained messages (HRR is TLS 1.3 only).
 */
PT_MUST_USE pt_err pt_transcript_hrr_rewrite(pt_transcript *t);

#endif
