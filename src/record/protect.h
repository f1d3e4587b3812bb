/*
 * protect.h - record protection for one direction: AEAD, keys, IV and sequence number.
 *
 * TLS 1.3 (RFC 8446 sections 5.2-5.5): records carry TLSInnerPlaintext (content || type ||
 * zeros), the additional data is the 5-byte record header, the nonce is iv XOR seq.
 * TLS 1.2 AEAD suites: AES-GCM (RFC 5288) uses a 4-byte implicit salt and an 8-byte explicit
 * nonce sent in each record (we send the sequence number, RFC 5288 section 3); ChaCha20-Poly1305
 * (RFC 7905 section 2) uses iv XOR seq and no explicit nonce.  The additional data is
 * seq || type || version || plaintext length (RFC 5246 section 6.2.3.3).
 *
 * Everything happens in place: pt_protect_seal encrypts a record laid out in the caller's output
 * buffer, pt_protect_open decrypts a pt_record inside the deframer's buffer.  No allocation.
 *
 * Limits.  Sequence numbers never wrap (RFC 8446 section 5.3).  As rustls does
 * (record_layer.rs, pre_encrypt_action), a sender may seal records with seq 0..seq_max where
 * seq_max = min(aead->confidentiality_limit, 2^64 - 2^16); pt_protect_seal_action says
 * PT_SEAL_REFRESH once the records about to be sent would reach seq_max, so that the connection
 * sends a KeyUpdate (TLS 1.3, RFC 8446 section 5.5) or a close_notify (TLS 1.2), which may still
 * use seq_max itself.  Sealing past seq_max fails with PT_ERR_NOALERT(ENCRYPT_ERROR).  A receiver
 * counts records that failed to open (`failed`); once that reaches aead->integrity_limit every
 * further open fails unattempted (RFC 8446 section 5.5).  A TLS connection dies at its first bad
 * record, so this matters only where failures are skipped (a server discarding rejected 0-RTT
 * data, RFC 8446 section 4.2.10).  A failed open does not advance the sequence number.
 *
 * Secrets (the keyed AEAD context and IV) are wiped by pt_protect_cleanup and on rekey.
 */
#ifndef PT_RECORD_PROTECT_H
#define PT_RECORD_PROTECT_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "provider/provider.h"
#include "record/record.h"

/* rustls's SEQ_SOFT_LIMIT: refresh (or close) long before the 64-bit counter could wrap. */
#define PT_SEQ_SOFT_LIMIT UINT64_C(0xffffffffffff0000)

typedef enum pt_protect_version {
    PT_PROTECT_TLS13 = 0,
    PT_PROTECT_TLS12 = 1,
} pt_protect_version;

typedef enum pt_seal_action {
    PT_SEAL_OK = 0,      /* seal away */
    PT_SEAL_REFRESH = 1, /* send a KeyUpdate (TLS 1.3) or close_notify (TLS 1.2) first */
    PT_SEAL_REFUSE = 2,  /* this key may seal nothing more */
} pt_seal_action;

typedef struct pt_protect {
    const pt_aead *aead;  /* NULL: not keyed */
    uint8_t version;      /* pt_protect_version */
    uint8_t iv_len;       /* 12, or 4 for TLS 1.2 AES-GCM's implicit salt */
    uint8_t explicit_len; /* 8 for TLS 1.2 AES-GCM, else 0 */
    uint8_t iv[PT_AEAD_NONCE_LEN];
    uint64_t seq;     /* next record's sequence number */
    uint64_t seq_max; /* last sequence number this key may seal */
    uint64_t failed;  /* records that failed to open under this key */
    PT_CTX_ALIGN uint8_t ctx[PT_AEAD_CTX_MAX];
} pt_protect;

/* A zeroed, unkeyed state (pt_protect_cleanup on it is a no-op). */
void pt_protect_init(pt_protect *p);

/*
 * Key for TLS 1.3 with aead->key_len bytes of key and a 12-byte IV (RFC 8446 section 7.3).
 * Sequence number 0.  Replaces (and wipes) any previous key.
 */
PT_MUST_USE pt_err pt_protect_init_tls13(pt_protect *p, const pt_aead *aead, const uint8_t *key, const uint8_t *iv);

/*
 * Key for TLS 1.2 with the suite's fixed IV (iv_len bytes: 4 for AES-GCM, 12 for
 * ChaCha20-Poly1305) and explicit nonce length (8 or 0), as in pt_suite.  Other combinations are
 * PT_ERR_INTERNAL.
 */
PT_MUST_USE pt_err pt_protect_init_tls12(pt_protect *p, const pt_aead *aead, const uint8_t *key, const uint8_t *iv,
                                         size_t iv_len, size_t explicit_len);

/*
 * TLS 1.3 key update (RFC 8446 section 4.6.3): replace key and IV, wipe the old ones, and reset
 * the sequence number to 0 (section 5.3).
 */
PT_MUST_USE pt_err pt_protect_rekey(pt_protect *p, const uint8_t *key, const uint8_t *iv);

/* Wipe key, IV and context; the state is unkeyed afterwards. */
void pt_protect_cleanup(pt_protect *p);

static inline bool pt_protect_keyed(const pt_protect *p)
{
    return p->aead != NULL;
}

/* Bytes between the record header and the plaintext (TLS 1.2 GCM's explicit nonce). */
static inline size_t pt_protect_prefix(const pt_protect *p)
{
    return p->explicit_len;
}

/* Wire length of a record carrying `len` plaintext bytes and `pad` bytes of TLS 1.3 padding. */
static inline size_t pt_protect_record_len(const pt_protect *p, size_t len, size_t pad)
{
    return PT_RECORD_HEADER_LEN + p->explicit_len + len + (p->version == PT_PROTECT_TLS13 ? 1 + pad : 0) +
           p->aead->tag_len;
}

/* What the sender must do before sealing `n` (>= 1) more records; see the top of this file. */
pt_seal_action pt_protect_seal_action(const pt_protect *p, uint64_t n);

/* Has the peer used this key for so many records that we should close (rustls's check)? */
static inline bool pt_protect_peer_near_limit(const pt_protect *p)
{
    return p->seq >= PT_SEQ_SOFT_LIMIT;
}

/*
 * Seal one record in place.  `rec` is the record's first byte in the caller's output buffer of
 * `cap` bytes; the plaintext (`len` bytes) must already be at rec + PT_RECORD_HEADER_LEN +
 * pt_protect_prefix(p).  Writes header (type 23 and version 0x0303 for TLS 1.3; `type` and
 * `version` for TLS 1.2), explicit nonce, inner type, `pad` zero bytes (TLS 1.3 only; must be 0
 * for TLS 1.2), ciphertext and tag; *rec_len receives pt_protect_record_len(p, len, pad).
 * The plaintext plus padding may not exceed 2^14 bytes (RFC 8446 section 5.4, RFC 5246 section
 * 6.2.1).  Errors: PT_ERR_INTERNAL for misuse (no room, too long); PT_ERR_NOALERT(ENCRYPT_ERROR)
 * past the sequence limit; the AEAD's error otherwise.  The sequence number advances on success.
 */
PT_MUST_USE pt_err pt_protect_seal(pt_protect *p, uint8_t type, uint16_t version, uint8_t *rec, size_t len, size_t pad,
                                   size_t cap, size_t *rec_len);

/*
 * The same, but the plaintext is read from `src` (which must not overlap the record) instead of
 * from inside the record: the send path seals application data straight from the caller's
 * buffer into the send queue, saving a copy of every byte sent.  `src` NULL means in place.
 */
PT_MUST_USE pt_err pt_protect_seal_from(pt_protect *p, uint8_t type, uint16_t version, const uint8_t *src,
                                        uint8_t *rec, size_t len, size_t pad, size_t cap, size_t *rec_len);

/*
 * Open `rec` (taken from the deframer) in place.  On success rec->type is the real content type,
 * rec->payload/len the plaintext (TLS 1.3 padding removed), and the sequence number advances.
 * Errors:
 *   - authentication failure, a record too short to hold a tag, a TLS 1.3 record whose header
 *     does not start 17 03 03 (RFC 8446 section 5.2; rustls fails those in the AEAD because it
 *     authenticates the constant header), or a sequence number that would wrap:
 *     PT_ERR(BAD_RECORD_MAC, DECRYPT_ERROR) (RFC 8446 section 5.2);
 *   - TLS 1.3 ciphertext over 2^14 + 256, or plaintext over 2^14 (+1 for the inner type):
 *     PT_ERR(RECORD_OVERFLOW, PEER_SENT_OVERSIZED_RECORD) (RFC 8446 sections 5.2 and 5.4;
 *     RFC 5246 section 6.2.3);
 *   - TLS 1.3 inner plaintext with no non-zero byte: PT_ERR(UNEXPECTED_MESSAGE,
 *     PEER_MISBEHAVED_ERROR) (RFC 8446 section 5.4; rustls's IllegalTlsInnerPlaintext, for
 *     which rustls 0.23 sends no alert at all - we send the one the RFC says MUST be sent);
 *   - an unknown inner content type: PT_ERR(DECODE_ERROR, MESSAGE_INVALID_CONTENT_TYPE) (rustls);
 *   - an empty handshake or alert: PT_ERR(UNEXPECTED_MESSAGE, MESSAGE_INVALID_EMPTY_PAYLOAD) in
 *     TLS 1.3 (RFC 8446 section 5.4), PT_ERR(DECODE_ERROR, MESSAGE_INVALID_EMPTY_PAYLOAD) in 1.2.
 *     Deliberately stricter than rustls 0.23, which lets a few empty handshake fragments through
 *     (ALLOWED_CONSECUTIVE_EMPTY_FRAGMENTS_MAX) and fails an empty alert later as decode_error:
 *     RFC 8446 section 5.4 says the receiver MUST answer unexpected_message.
 * On failure the record's bytes are unspecified.
 */
PT_MUST_USE pt_err pt_protect_open(pt_protect *p, pt_record *rec);

/*
 * The same, but the plaintext goes to `out` (room for rec->len bytes, not overlapping the
 * record; NULL means in place) and rec->payload points there afterwards: the receive path
 * decrypts application data straight into the plaintext queue instead of copying it there.
 */
PT_MUST_USE pt_err pt_protect_open_to(pt_protect *p, pt_record *rec, uint8_t *out);

/* Test hook: set the next sequence number (for exercising limits). */
void pt_protect_set_seq(pt_protect *p, uint64_t seq);

#endif
