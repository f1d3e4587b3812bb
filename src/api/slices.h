/*
 * slices.h - the lists rustls.h hands to callbacks (rustls_slice_slice_bytes, rustls_slice_str),
 * defined over arrays of pt_slice so that the handshake can show a callback what it already
 * holds without copying: the custom server verifier's intermediates, the ClientHello callback's
 * ALPN list.
 *
 * A list borrows its items: it lives on the caller's stack for the duration of one callback and
 * must not outlive the array (nor the bytes the items point at).  The callback reads it only
 * through rustls_slice_slice_bytes_len/_get and rustls_slice_str_len/_get (slices.c).
 */
#ifndef PT_API_SLICES_H
#define PT_API_SLICES_H

#include <stddef.h>

#include "base/slice.h"
#include "rustls.h"

/* A borrowed list of byte strings: `n` items at `items` (NULL allowed when n == 0). */
struct rustls_slice_slice_bytes {
    const pt_slice *items;
    size_t n;
};

/*
 * A borrowed list of strings, each given by its bytes (not NUL-terminated).  An item that
 * contains a NUL byte is not a valid rustls_str, so rustls_slice_str_get gives {NULL, 0} for it,
 * as rustls-ffi does.
 */
struct rustls_slice_str {
    const pt_slice *items;
    size_t n;
};

/* The list of the `n` slices at `items` (borrowed: keep the array alive while the list is used). */
static inline struct rustls_slice_slice_bytes pt_slice_slice_bytes_of(const pt_slice *items, size_t n)
{
    struct rustls_slice_slice_bytes l = {items, n};
    return l;
}

/* The list of the `n` strings at `items` (borrowed, as above). */
static inline struct rustls_slice_str pt_slice_str_of(const pt_slice *items, size_t n)
{
    struct rustls_slice_str l = {items, n};
    return l;
}

#endif
