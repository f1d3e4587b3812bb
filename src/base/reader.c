/* reader.c - bounds-checked parsing of untrusted bytes (see reader.h). */
#include "base/reader.h"

#include <string.h>

#define MISSING PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define TOO_SHORT PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define INVALID PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER)

pt_err pt_r_u8(pt_reader *r, uint8_t *out)
{
    PT_ENSURE(pt_r_left(r) >= 1, MISSING);
    *out = r->p[0];
    r->p += 1;
    return PT_OK;
}

pt_err pt_r_u16(pt_reader *r, uint16_t *out)
{
    PT_ENSURE(pt_r_left(r) >= 2, MISSING);
    *out = (uint16_t)((r->p[0] << 8) | r->p[1]);
    r->p += 2;
    return PT_OK;
}

pt_err pt_r_u24(pt_reader *r, uint32_t *out)
{
    PT_ENSURE(pt_r_left(r) >= 3, MISSING);
    *out = ((uint32_t)r->p[0] << 16) | ((uint32_t)r->p[1] << 8) | r->p[2];
    r->p += 3;
    return PT_OK;
}

pt_err pt_r_u32(pt_reader *r, uint32_t *out)
{
    PT_ENSURE(pt_r_left(r) >= 4, MISSING);
    *out = ((uint32_t)r->p[0] << 24) | ((uint32_t)r->p[1] << 16) | ((uint32_t)r->p[2] << 8) | r->p[3];
    r->p += 4;
    return PT_OK;
}

pt_err pt_r_u64(pt_reader *r, uint64_t *out)
{
    PT_ENSURE(pt_r_left(r) >= 8, MISSING);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v = (v << 8) | r->p[i];
    }
    *out = v;
    r->p += 8;
    return PT_OK;
}

pt_err pt_r_bytes(pt_reader *r, size_t n, pt_slice *out)
{
    PT_ENSURE(pt_r_left(r) >= n, MISSING);
    out->p = r->p;
    out->len = n;
    if (n > 0) {
        r->p += n; /* never offset a null pointer (an empty reader may have none) */
    }
    return PT_OK;
}

pt_err pt_r_copy(pt_reader *r, void *out, size_t n)
{
    PT_ENSURE(pt_r_left(r) >= n, MISSING);
    if (n > 0) {
        memcpy(out, r->p, n);
        r->p += n;
    }
    return PT_OK;
}

pt_err pt_r_skip(pt_reader *r, size_t n)
{
    PT_ENSURE(pt_r_left(r) >= n, MISSING);
    if (n > 0) {
        r->p += n;
    }
    return PT_OK;
}

pt_slice pt_r_rest(pt_reader *r)
{
    pt_slice s = {r->p, pt_r_left(r)};
    r->p = r->end;
    return s;
}

pt_err pt_r_vec_ex(pt_reader *r, unsigned width, size_t min, size_t max, size_t elem, pt_err empty_err,
                  pt_reader *sub)
{
    pt_reader save = *r;
    size_t len = 0;

    if (width == 1) {
        uint8_t v;
        PT_TRY(pt_r_u8(r, &v));
        len = v;
    } else if (width == 2) {
        uint16_t v;
        PT_TRY(pt_r_u16(r, &v));
        len = v;
    } else if (width == 3) {
        uint32_t v;
        PT_TRY(pt_r_u24(r, &v));
        len = v;
    } else {
        return PT_ERR_INTERNAL;
    }
    /* The checks run in the order rustls makes them, so the same input gives the same error. */
    pt_err e = PT_OK;
    if (len == 0 && min > 0) {
        e = empty_err; /* rustls refuses an empty list before looking at what follows */
    } else if (pt_r_left(r) < len) {
        e = TOO_SHORT; /* rustls Reader::sub */
    } else if (elem > 1 && len % elem != 0) {
        e = MISSING; /* rustls runs out of bytes reading the last element */
    } else if (len < min || len > max) {
        e = INVALID;
    }
    if (pt_failed(e)) {
        *r = save; /* never advance on failure */
        return e;
    }
    sub->p = r->p;
    sub->end = r->p + len;
    r->p += len;
    return PT_OK;
}

pt_err pt_r_vec_of(pt_reader *r, unsigned width, size_t min, size_t max, size_t elem, pt_reader *sub)
{
    return pt_r_vec_ex(r, width, min, max, elem, INVALID, sub);
}

pt_err pt_r_vec(pt_reader *r, unsigned width, size_t min, size_t max, pt_reader *sub)
{
    return pt_r_vec_of(r, width, min, max, 1, sub);
}

pt_err pt_r_done(const pt_reader *r)
{
    PT_ENSURE(r->p == r->end, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TRAILING_DATA));
    return PT_OK;
}
