/* writer.c - bounded output with a sticky error (see writer.h). */
#include "base/writer.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

#define NO_ROOM PT_ERR_NOALERT(RUSTLS_RESULT_INSUFFICIENT_SIZE)

void pt_writer_init_fixed(pt_writer *w, uint8_t *buf, size_t cap)
{
    memset(w, 0, sizeof(*w));
    w->base = buf;
    w->cap = cap;
    w->limit = cap;
}

void pt_writer_init_growable(pt_writer *w, size_t initial, size_t limit)
{
    memset(w, 0, sizeof(*w));
    w->growable = true;
    w->limit = limit;
    if (initial > limit) {
        initial = limit;
    }
    if (initial > 0) {
        w->base = malloc(initial);
        if (w->base == NULL) {
            w->err = PT_ERR_INTERNAL;
            return;
        }
        w->cap = initial;
    }
}

void pt_writer_free(pt_writer *w)
{
    if (w->growable && w->base != NULL) {
        pt_free_wiped(w->base, w->cap);
    }
    w->base = NULL;
    w->cap = w->off = 0;
}

/* Make room for n more bytes; sets the sticky error and returns false if impossible. */
static bool room(pt_writer *w, size_t n)
{
    if (w->err.v != 0) {
        return false;
    }
    if (n <= w->cap - w->off) {
        return true;
    }
    if (!w->growable || n > w->limit - w->off) {
        w->err = NO_ROOM;
        return false;
    }
    /* Double from the current size (or 64) but never past the limit: n <= limit - off here. */
    size_t want = w->cap ? w->cap : 64;
    while (want < w->limit && want - w->off < n) {
        want = want > w->limit / 2 ? w->limit : want * 2;
    }
    if (want > w->limit) {
        want = w->limit;
    }
    /* Grow by copy rather than realloc so the old buffer (possibly secret) can be wiped. */
    uint8_t *nb = malloc(want);
    if (nb == NULL) {
        w->err = PT_ERR_INTERNAL;
        return false;
    }
    if (w->off > 0) {
        memcpy(nb, w->base, w->off);
    }
    if (w->base != NULL) {
        pt_free_wiped(w->base, w->cap);
    }
    w->base = nb;
    w->cap = want;
    return true;
}

uint8_t *pt_w_reserve(pt_writer *w, size_t n)
{
    /* A successful reservation is never NULL, even of 0 bytes before anything was allocated. */
    static uint8_t nothing;

    if (!room(w, n)) {
        return NULL;
    }
    if (w->base == NULL) {
        return &nothing; /* n == 0 here; base + off would be arithmetic on a null pointer */
    }
    uint8_t *p = w->base + w->off;
    w->off += n;
    return p;
}

static void put_be(pt_writer *w, uint64_t v, unsigned n)
{
    uint8_t *p = pt_w_reserve(w, n);
    if (p == NULL) {
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    }
}

void pt_w_u8(pt_writer *w, uint8_t v)
{
    put_be(w, v, 1);
}

void pt_w_u16(pt_writer *w, uint16_t v)
{
    put_be(w, v, 2);
}

void pt_w_u24(pt_writer *w, uint32_t v)
{
    if (v > 0xffffffu) {
        if (w->err.v == 0) {
            w->err = PT_ERR_INTERNAL;
        }
        return;
    }
    put_be(w, v, 3);
}

void pt_w_u32(pt_writer *w, uint32_t v)
{
    put_be(w, v, 4);
}

void pt_w_u64(pt_writer *w, uint64_t v)
{
    put_be(w, v, 8);
}

void pt_w_bytes(pt_writer *w, const void *p, size_t n)
{
    uint8_t *d = pt_w_reserve(w, n);
    if (d != NULL && n > 0) {
        memcpy(d, p, n);
    }
}

pt_wvec pt_w_open_vec(pt_writer *w, unsigned width)
{
    pt_wvec v = {w->off, width};
    if (width < 1 || width > 3) {
        if (w->err.v == 0) {
            w->err = PT_ERR_INTERNAL;
        }
        return v;
    }
    (void)pt_w_reserve(w, width);
    return v;
}

void pt_w_close_vec(pt_writer *w, pt_wvec v)
{
    if (w->err.v != 0) {
        return;
    }
    size_t len = w->off - v.at - v.width;
    if (v.width < 3 ? len >= ((size_t)1 << (8 * v.width)) : len > 0xffffffu) {
        w->err = PT_ERR_INTERNAL; /* a body we built is too long for its prefix: our bug */
        return;
    }
    for (unsigned i = 0; i < v.width; i++) {
        w->base[v.at + i] = (uint8_t)(len >> (8 * (v.width - 1 - i)));
    }
}
