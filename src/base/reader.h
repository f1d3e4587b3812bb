/*
 * reader.h - the bounds-checked cursor through which every byte from the network is parsed.
 *
 * A pt_reader views [p, end).  Every read checks the remaining length first and never advances
 * on failure.  Length-prefixed vectors (RFC 8446 section 3.4, "<min..max>") are opened as a
 * sub-reader that cannot see past the vector; callers finish every sub-reader with pt_r_done()
 * so that trailing bytes are an error, never ignored.
 *
 * Errors are the ones rustls reports for the same input, all with the decode_error alert:
 * a fixed-size field cut short is MESSAGE_MISSING_DATA; a vector longer than what follows is
 * MESSAGE_TOO_SHORT; an empty vector where one is required is MESSAGE_INVALID_OTHER (or the
 * caller's own error, pt_r_vec_ex); a vector length not a multiple of its element size is
 * MESSAGE_MISSING_DATA; a length outside its RFC bounds is MESSAGE_INVALID_OTHER; leftover
 * bytes are MESSAGE_TRAILING_DATA.
 */
#ifndef PT_BASE_READER_H
#define PT_BASE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"

typedef struct pt_reader {
    const uint8_t *p;
    const uint8_t *end;
} pt_reader;

/* A reader over `len` bytes at `p` (p may be NULL when len is 0). */
static inline pt_reader pt_reader_init(const uint8_t *p, size_t len)
{
    pt_reader r = {p, len > 0 ? p + len : p};
    return r;
}

static inline size_t pt_r_left(const pt_reader *r)
{
    return (size_t)(r->end - r->p);
}

PT_MUST_USE pt_err pt_r_u8(pt_reader *r, uint8_t *out);
PT_MUST_USE pt_err pt_r_u16(pt_reader *r, uint16_t *out);
PT_MUST_USE pt_err pt_r_u24(pt_reader *r, uint32_t *out);
PT_MUST_USE pt_err pt_r_u32(pt_reader *r, uint32_t *out);
PT_MUST_USE pt_err pt_r_u64(pt_reader *r, uint64_t *out);

/* Borrow the next `n` bytes (pointer into the reader's buffer). */
PT_MUST_USE pt_err pt_r_bytes(pt_reader *r, size_t n, pt_slice *out);
/* Copy the next `n` bytes into `out`. */
PT_MUST_USE pt_err pt_r_copy(pt_reader *r, void *out, size_t n);
/* Skip `n` bytes. */
PT_MUST_USE pt_err pt_r_skip(pt_reader *r, size_t n);
/* Borrow everything that is left (never fails). */
pt_slice pt_r_rest(pt_reader *r);

/*
 * Open a vector with a `width`-byte length prefix (1, 2 or 3) whose length must lie in
 * [min, max]; on success `sub` views exactly its contents and `r` is past it.
 */
PT_MUST_USE pt_err pt_r_vec(pt_reader *r, unsigned width, size_t min, size_t max, pt_reader *sub);
static inline PT_MUST_USE pt_err pt_r_vec8(pt_reader *r, size_t min, size_t max, pt_reader *sub)
{
    return pt_r_vec(r, 1, min, max, sub);
}
static inline PT_MUST_USE pt_err pt_r_vec16(pt_reader *r, size_t min, size_t max, pt_reader *sub)
{
    return pt_r_vec(r, 2, min, max, sub);
}
static inline PT_MUST_USE pt_err pt_r_vec24(pt_reader *r, size_t min, size_t max, pt_reader *sub)
{
    return pt_r_vec(r, 3, min, max, sub);
}
/* The same, but the vector's length must also be a multiple of `elem` (e.g. 2 for a u16 list). */
PT_MUST_USE pt_err pt_r_vec_of(pt_reader *r, unsigned width, size_t min, size_t max, size_t elem, pt_reader *sub);
/*
 * The same, with the error for an empty vector when `min` > 0 chosen by the caller (rustls has
 * specific ones, e.g. MESSAGE_NO_SIGNATURE_SCHEMES for an empty signature_algorithms list).
 */
PT_MUST_USE pt_err pt_r_vec_ex(pt_reader *r, unsigned width, size_t min, size_t max, size_t elem, pt_err empty_err,
                               pt_reader *sub);

/* Succeeds only if nothing is left. */
PT_MUST_USE pt_err pt_r_done(const pt_reader *r);

#endif
