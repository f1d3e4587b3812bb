/*
 * buf.h - an owned FIFO byte queue: the connection's send queue and plaintext queues.
 *
 * Bytes are appended at the back and consumed from the front.  The queue is a list of heap
 * chunks; a chunk is wiped and freed as soon as its last byte is consumed, so an emptied queue
 * holds no heap memory at all and an idle connection costs only the pt_buf structs themselves
 * (DESIGN.md section 3: buffers are bounded, idle connections small).  Plaintext passes
 * through these queues, so every byte is wiped before its memory is released (unless the queue
 * is marked as never holding secrets, pt_buf_set_wipe).
 *
 * The limit follows rustls's ChunkVecBuffer, which rustls_connection_set_buffer_limit sets:
 *  - it bounds only pt_buf_append_limited(), the path for application data: such a write is
 *    accepted up to the space left (limit - len, or 0 when the queue already holds more) and
 *    the accepted count is returned - a partial write, as rustls_connection_write reports it;
 *  - pt_buf_append() ignores it: protocol output (handshake flights, alerts, key updates) must
 *    never be dropped, and may push the queue past the limit;
 *  - lowering the limit below what is queued is allowed; nothing is discarded, later limited
 *    appends just accept 0 bytes until the queue drains below the limit.
 * PT_BUF_UNLIMITED means no limit.  rustls stops reading TLS input while its received-plaintext
 * queue holds more than its limit; pt_buf_over_limit() gives that test.
 *
 * A pt_buf is not thread-safe (it belongs to one connection).  Nothing fails except
 * allocation, which leaves the queue unchanged and is reported as PT_ERR_INTERNAL (RFC 8446
 * section 6.2 names a memory allocation failure as a cause of internal_error).
 */
#ifndef PT_BASE_BUF_H
#define PT_BASE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"

/* No limit on pt_buf_append_limited. */
#define PT_BUF_UNLIMITED SIZE_MAX

/*
 * Smallest chunk allocated, so that a stream of small appends (records, alerts) shares a few
 * chunks instead of one allocation each.  A larger append gets a chunk of exactly its size.
 */
#define PT_BUF_CHUNK_MIN 4096

typedef struct pt_buf_chunk pt_buf_chunk;

/* Largest chunk a queue keeps as its spare: one TLS record's worth (2^14 + 256 + slack). */
#define PT_BUF_SPARE_MAX (17u * 1024u)

typedef struct pt_buf {
    pt_buf_chunk *head; /* consumed from here */
    pt_buf_chunk *tail; /* appended here */
    pt_buf_chunk *spare; /* a drained chunk kept for the next append (keep_spare only) */
    bool keep_spare;
    size_t len;         /* bytes queued */
    size_t limit;       /* for pt_buf_append_limited; PT_BUF_UNLIMITED for none */
    bool wipe;          /* wipe chunks when releasing them (default true; see pt_buf_set_wipe) */
} pt_buf;

/* An empty queue with the given limit (no allocation). */
void pt_buf_init(pt_buf *b, size_t limit);
/* Wipe and free everything queued (a queue allowed a spare may keep one drained chunk as it);
 * `b` is then an empty queue with the same limit. */
void pt_buf_clear(pt_buf *b);
/* pt_buf_clear, and drop the spare chunk: the end of the queue's life. */
void pt_buf_free(pt_buf *b);

/*
 * Whether released chunks are wiped (the default, right for plaintext queues).  Turn it off only
 * for a queue whose committed bytes are never secret - the send queue, which holds records as
 * they go on the wire (sealed, or public plaintext handshake records): there the wipe would cost
 * as much as copying every record once more (about 3.5% of AES-128-GCM time for 16 KiB records).
 * Reserved bytes that are not committed (e.g. plaintext copied in for a seal that failed) are
 * wiped when they are abandoned, whatever this setting.
 */
static inline void pt_buf_set_wipe(pt_buf *b, bool wipe)
{
    b->wipe = wipe;
}

/*
 * Let the queue keep one drained chunk (up to PT_BUF_SPARE_MAX bytes) for its next append or
 * reservation, instead of wiping and freeing it and allocating the next one.  For the received-
 * plaintext queue, which otherwise allocates, wipes and frees a chunk for every record read:
 * the wipe alone is a pass over every byte received.  The spare is wiped when it is dropped;
 * the owner drops it (pt_buf_drop_spare) as soon as no more data is expected right away, so an
 * idle connection still holds no heap.
 */
static inline void pt_buf_set_keep_spare(pt_buf *b, bool keep)
{
    b->keep_spare = keep;
}
/* Wipe (per pt_buf_set_wipe) and free the spare chunk, if any. */
void pt_buf_drop_spare(pt_buf *b);

/* Change the limit at any time (see the limit rules above). */
static inline void pt_buf_set_limit(pt_buf *b, size_t limit)
{
    b->limit = limit;
}

static inline size_t pt_buf_len(const pt_buf *b)
{
    return b->len;
}

static inline bool pt_buf_is_empty(const pt_buf *b)
{
    return b->len == 0;
}

/* How many of `want` bytes pt_buf_append_limited would accept now. */
static inline size_t pt_buf_space(const pt_buf *b, size_t want)
{
    size_t space = b->len >= b->limit ? 0 : b->limit - b->len;
    return want < space ? want : space;
}

/* True if more than `limit` bytes are queued (rustls's "is_full" for received plaintext). */
static inline bool pt_buf_over_limit(const pt_buf *b)
{
    return b->len > b->limit;
}

/* Append all `n` bytes at `p`, ignoring the limit.  On failure nothing was appended. */
PT_MUST_USE pt_err pt_buf_append(pt_buf *b, const void *p, size_t n);

/*
 * Append as much of the `n` bytes at `p` as the limit allows and store that count in *taken
 * (possibly 0).  Fails only if memory runs out; then nothing was appended and *taken is 0.
 */
PT_MUST_USE pt_err pt_buf_append_limited(pt_buf *b, const void *p, size_t n, size_t *taken);

/*
 * Contiguous space for `n` bytes at the back, for callers that produce output in place (e.g.
 * seal a record straight into the send queue).  The bytes count as queued only after
 * pt_buf_commit(); to abandon a reservation, commit 0 bytes (any later append or reserve also
 * abandons it).  Abandoned bytes are wiped at once.  Ignores the limit.  Returns NULL if memory
 * runs out.
 */
uint8_t *pt_buf_reserve(pt_buf *b, size_t n);
/* Queue the first `n` bytes (n <= the reserved size) of the last reservation; wipe the rest. */
void pt_buf_commit(pt_buf *b, size_t n);

/* The first contiguous run of queued bytes (empty slice when the queue is empty). */
pt_slice pt_buf_peek(const pt_buf *b);
/*
 * Up to `max` contiguous runs, in order, for a vectored write; returns how many were stored.
 * Their lengths add up to pt_buf_len() when the return value is below `max`.
 */
size_t pt_buf_peekv(const pt_buf *b, pt_slice *out, size_t max);
/* Drop the first `n` bytes (n is clamped to the length); drained chunks are wiped and freed. */
void pt_buf_consume(pt_buf *b, size_t n);
/* Copy up to `cap` bytes from the front into `out` and consume them; returns the count. */
size_t pt_buf_read(pt_buf *b, void *out, size_t cap);

/* Heap bytes the queue holds now (chunk headers and capacity, the spare included): 0 whenever it
 * is empty and holds no spare. */
size_t pt_buf_heap_bytes(const pt_buf *b);

/*
 * Test hook: when set, called with each chunk's whole storage just before it is freed (after
 * the wipe, in a wiping queue), so tests can check the wipe.  While it is set, new chunks are
 * zero-filled so that the whole storage is defined.  NULL in normal use; not thread-safe.
 */
extern void (*pt_buf_release_hook)(const uint8_t *data, size_t cap);

#endif
