/*
 * buf.c - the chunked byte queue (see buf.h).
 *
 * Why a list of chunks and not one growable ring buffer:
 *  - memory follows use: a chunk is freed the moment its last byte is consumed, so a burst
 *    of output is released piece by piece as it drains and an empty queue owns nothing.  A ring
 *    keeps its high-water size until someone decides to shrink it;
 *  - bytes never move: a ring that grows must copy everything into a new buffer (and wipe the
 *    old one), while here an append only ever touches the tail;
 *  - a reservation (sealing a record in place) is always contiguous, never split by a wrap;
 *  - each chunk is one iovec for write_tls_vectored, with no wrap-around special case.
 * Small appends share the tail chunk's spare room (chunks are at least PT_BUF_CHUNK_MIN bytes),
 * so a flight of small records costs one allocation, not one per record.
 *
 * Invariants: b->len is the sum of (end - start) over all chunks; every chunk except possibly
 * ones holding an abandoned reservation has end > start; when b->len reaches 0 through
 * consume, clear or an empty commit, every chunk is released, so an empty queue holds no heap
 * (but the one spare chunk a queue may be allowed to keep, see pt_buf_set_keep_spare).
 */
#include "config.h"

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

struct pt_buf_chunk {
    pt_buf_chunk *next;
    size_t start;    /* first queued byte */
    size_t end;      /* one past the last queued byte */
    size_t cap;      /* bytes in data[] */
    size_t reserved; /* size of an outstanding reservation at data[end], 0 if none */
    uint8_t data[];
};

void (*pt_buf_release_hook)(const uint8_t *data, size_t cap) = NULL;

/* Wipe (unless the queue never holds secrets) and free a chunk for good. */
static void chunk_free(const pt_buf *b, pt_buf_chunk *c)
{
    /*
     * The whole capacity, not just [start, end), since bytes consumed earlier sit before start.
     * A queue that never holds secrets (pt_buf_set_wipe) skips this: on the send queue it would
     * cost as much as copying every record once more.  Abandoned reservations, which may hold
     * plaintext in any queue, were wiped when they were abandoned (abandon_reservation).
     */
    if (b->wipe) {
        pt_wipe(c->data, c->cap);
    }
    if (pt_buf_release_hook != NULL) {
        pt_buf_release_hook(c->data, c->cap);
    }
    free(c);
}

/*
 * A drained chunk: kept as the queue's spare if it may keep one (pt_buf_set_keep_spare) and the
 * slot is free, otherwise freed.  The spare is not wiped now - it is the queue's own memory and
 * its next use overwrites it - but when it is dropped (pt_buf_drop_spare, pt_buf_free).
 */
static void chunk_release(pt_buf *b, pt_buf_chunk *c)
{
    if (b->keep_spare && b->spare == NULL && c->cap <= PT_BUF_SPARE_MAX) {
        b->spare = c;
        return;
    }
    chunk_free(b, c);
}

static pt_buf_chunk *chunk_alloc(size_t n);

/* A new, unlinked, empty chunk able to hold at least `n` bytes (the spare if it is big enough). */
static pt_buf_chunk *chunk_new(pt_buf *b, size_t n)
{
    pt_buf_chunk *c = b->spare;
    if (c != NULL && c->cap >= n) {
        b->spare = NULL;
        c->next = NULL;
        c->start = c->end = c->reserved = 0;
        return c;
    }
    return chunk_alloc(n);
}

/* A freshly allocated chunk of at least `n` bytes; NULL if memory runs out. */
static pt_buf_chunk *chunk_alloc(size_t n)
{
    size_t cap = n < PT_BUF_CHUNK_MIN ? PT_BUF_CHUNK_MIN : n;
    if (cap > SIZE_MAX - sizeof(pt_buf_chunk)) {
        return NULL;
    }
    /*
     * While a test's release hook is installed, chunks start zeroed: the hook scans whole
     * capacities, and bytes never written would otherwise be uninitialised reads (valgrind).
     */
    pt_buf_chunk *c = pt_buf_release_hook != NULL ? calloc(1, sizeof(pt_buf_chunk) + cap)
                                                  : malloc(sizeof(pt_buf_chunk) + cap);
    if (c == NULL) {
        return NULL;
    }
    c->next = NULL;
    c->start = c->end = c->reserved = 0;
    c->cap = cap;
    return c;
}

/* Wipe and forget the tail's outstanding reservation, if any: it may hold half-sealed plaintext. */
static void abandon_reservation(pt_buf_chunk *t)
{
    if (t != NULL && t->reserved > 0) {
        pt_wipe(t->data + t->end, t->reserved);
        t->reserved = 0;
    }
}

static void link_tail(pt_buf *b, pt_buf_chunk *c)
{
    if (b->tail == NULL) {
        b->head = c;
    } else {
        b->tail->next = c;
    }
    b->tail = c;
}

/* see buf.h */
void pt_buf_init(pt_buf *b, size_t limit)
{
    b->head = b->tail = b->spare = NULL;
    b->keep_spare = false;
    b->len = 0;
    b->limit = limit;
    b->wipe = true;
}

/* see buf.h */
void pt_buf_clear(pt_buf *b)
{
    abandon_reservation(b->tail);
    pt_buf_chunk *c = b->head;
    while (c != NULL) {
        pt_buf_chunk *next = c->next;
        chunk_release(b, c);
        c = next;
    }
    b->head = b->tail = NULL;
    b->len = 0;
}

/* see buf.h */
void pt_buf_free(pt_buf *b)
{
    pt_buf_clear(b);
    pt_buf_drop_spare(b);
}

/* see buf.h */
void pt_buf_drop_spare(pt_buf *b)
{
    if (b->spare != NULL) {
        chunk_free(b, b->spare);
        b->spare = NULL;
    }
}

/* see buf.h */
pt_err pt_buf_append(pt_buf *b, const void *p, size_t n)
{
    const uint8_t *src = p;
    pt_buf_chunk *t = b->tail;
    size_t room = t == NULL ? 0 : t->cap - t->end;
    size_t first = n < room ? n : room;
    pt_buf_chunk *extra = NULL;

    if (n == 0) {
        return PT_OK;
    }
    /* Allocate before touching the queue, so that a failure leaves it exactly as it was. */
    if (n > first) {
        extra = chunk_new(b, n - first);
        PT_ENSURE(extra != NULL, PT_ERR_INTERNAL);
    }
    abandon_reservation(t);
    if (first > 0) {
        memcpy(t->data + t->end, src, first);
        t->end += first;
    }
    if (extra != NULL) {
        memcpy(extra->data, src + first, n - first);
        extra->end = n - first;
        link_tail(b, extra);
    }
    b->len += n;
    return PT_OK;
}

/* see buf.h */
pt_err pt_buf_append_limited(pt_buf *b, const void *p, size_t n, size_t *taken)
{
    size_t take = pt_buf_space(b, n);
    *taken = 0;
    PT_TRY(pt_buf_append(b, p, take));
    *taken = take;
    return PT_OK;
}

/* see buf.h */
uint8_t *pt_buf_reserve(pt_buf *b, size_t n)
{
    pt_buf_chunk *t = b->tail;
    abandon_reservation(t);
    if (t == NULL || t->cap - t->end < n) {
        t = chunk_new(b, n);
        if (t == NULL) {
            return NULL;
        }
        link_tail(b, t);
    }
    t->reserved = n;
    return t->data + t->end;
}

/* see buf.h */
void pt_buf_commit(pt_buf *b, size_t n)
{
    pt_buf_chunk *t = b->tail;
    if (t == NULL) {
        return;
    }
    if (n > t->reserved) {
        n = t->reserved; /* never queue bytes that were not reserved */
    }
    t->end += n;
    t->reserved -= n;
    abandon_reservation(t); /* the reserved bytes not committed */
    b->len += n;
    if (b->len == 0) {
        pt_buf_clear(b); /* an abandoned reservation on an empty queue: release its chunk */
    }
}

/* see buf.h */
pt_slice pt_buf_peek(const pt_buf *b)
{
    for (const pt_buf_chunk *c = b->head; c != NULL; c = c->next) {
        if (c->end > c->start) {
            return pt_slice_of(c->data + c->start, c->end - c->start);
        }
    }
    return PT_SLICE_EMPTY;
}

/* see buf.h */
size_t pt_buf_peekv(const pt_buf *b, pt_slice *out, size_t max)
{
    size_t k = 0;
    for (const pt_buf_chunk *c = b->head; c != NULL && k < max; c = c->next) {
        if (c->end > c->start) {
            out[k++] = pt_slice_of(c->data + c->start, c->end - c->start);
        }
    }
    return k;
}

/* see buf.h */
void pt_buf_consume(pt_buf *b, size_t n)
{
    if (n >= b->len) {
        pt_buf_clear(b);
        return;
    }
    b->len -= n;
    while (n > 0) {
        pt_buf_chunk *c = b->head; /* not NULL: n < the bytes still queued */
        size_t avail = c->end - c->start;
        if (n < avail) {
            c->start += n;
            break;
        }
        n -= avail;
        b->head = c->next;
        if (b->head == NULL) {
            b->tail = NULL;
        }
        chunk_release(b, c);
    }
    /* Release chunks drained exactly to their end, unless one is the tail with room left. */
    while (b->head != NULL && b->head->start == b->head->end && b->head != b->tail) {
        pt_buf_chunk *c = b->head;
        b->head = c->next;
        chunk_release(b, c);
    }
}

/* see buf.h */
size_t pt_buf_read(pt_buf *b, void *out, size_t cap)
{
    uint8_t *dst = out;
    size_t done = 0;
    while (done < cap) {
        pt_slice s = pt_buf_peek(b);
        if (s.len == 0) {
            break;
        }
        size_t n = s.len < cap - done ? s.len : cap - done;
        memcpy(dst + done, s.p, n);
        pt_buf_consume(b, n);
        done += n;
    }
    return done;
}

/* see buf.h */
size_t pt_buf_heap_bytes(const pt_buf *b)
{
    size_t total = 0;
    for (const pt_buf_chunk *c = b->head; c != NULL; c = c->next) {
        total += sizeof(pt_buf_chunk) + c->cap;
    }
    if (b->spare != NULL) {
        total += sizeof(pt_buf_chunk) + b->spare->cap;
    }
    return total;
}
