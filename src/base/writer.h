/*
 * writer.h - a bounded output cursor with a sticky error.
 *
 * A pt_writer writes into a caller-provided buffer [base, base+cap) or, if `growable`, into a
 * heap buffer that grows up to `limit` bytes (by copying into a new block and wiping the old
 * one, never realloc, so no copy of the contents is left in freed memory).  The first failure
 * (no room, over the limit, a vector too long for its prefix, allocation failure) sets `err`;
 * every later write is a no-op, and pt_w_finish() reports that error.  So a message is either written whole or not at all, and
 * encoders can write straight down without checking each call.
 *
 * Vectors are opened with pt_w_open_vec(), which reserves the length prefix, and closed with
 * pt_w_close_vec(), which back-fills it after checking the length fits.
 */
#ifndef PT_BASE_WRITER_H
#define PT_BASE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"

typedef struct pt_writer {
    uint8_t *base;
    size_t cap;
    size_t off;
    size_t limit;  /* growable writers: the most bytes ever held */
    bool growable; /* base came from malloc and may be replaced by a larger block */
    pt_err err;    /* sticky: once set, writes do nothing */
} pt_writer;

/* A vector mark: where its length prefix starts and how wide it is. */
typedef struct pt_wvec {
    size_t at;
    unsigned width;
} pt_wvec;

/* Write into a fixed buffer (never reallocated). */
void pt_writer_init_fixed(pt_writer *w, uint8_t *buf, size_t cap);
/* Write into a heap buffer that grows as needed, never beyond `limit` bytes. */
void pt_writer_init_growable(pt_writer *w, size_t initial, size_t limit);
/* Free a growable writer's buffer after wiping it (no-op for fixed writers). */
void pt_writer_free(pt_writer *w);

void pt_w_u8(pt_writer *w, uint8_t v);
void pt_w_u16(pt_writer *w, uint16_t v);
void pt_w_u24(pt_writer *w, uint32_t v);
void pt_w_u32(pt_writer *w, uint32_t v);
void pt_w_u64(pt_writer *w, uint64_t v);
void pt_w_bytes(pt_writer *w, const void *p, size_t n);
/* Reserve `n` bytes and return a pointer to them (NULL on error; then err is set). */
uint8_t *pt_w_reserve(pt_writer *w, size_t n);

/* Open a vector with a `width`-byte (1, 2 or 3) length prefix. */
pt_wvec pt_w_open_vec(pt_writer *w, unsigned width);
/* Close it: back-fill the prefix; a body longer than the prefix can express is an error. */
void pt_w_close_vec(pt_writer *w, pt_wvec v);

/* The sticky error (PT_OK if every write succeeded). */
PT_MUST_USE static inline pt_err pt_w_finish(const pt_writer *w)
{
    return w->err;
}

static inline pt_slice pt_w_slice(const pt_writer *w)
{
    return pt_slice_of(w->base, w->off);
}

#endif
