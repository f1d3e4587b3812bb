/*
 * slices.c - reading the borrowed lists of slices.h, as rustls-ffi's rslice.rs: a NULL list
 * has no items, and an index past the end gives the empty value {NULL, 0} (while an empty item
 * inside the list keeps its non-NULL pointer, so the two can be told apart).
 */
#include <string.h>

#include "api/slices.h"
#include "base/compiler.h"

/* What an empty item points at when its slice has no pointer: never NULL, which means "no item". */
static const uint8_t empty_item[1];

PT_EXPORT size_t rustls_slice_slice_bytes_len(const struct rustls_slice_slice_bytes *input)
{
    return input == NULL ? 0 : input->n;
}

PT_EXPORT struct rustls_slice_bytes rustls_slice_slice_bytes_get(const struct rustls_slice_slice_bytes *input, size_t n)
{
    struct rustls_slice_bytes r = {NULL, 0};
    if (input != NULL && n < input->n) {
        r.data = input->items[n].p != NULL ? input->items[n].p : empty_item;
        r.len = input->items[n].len;
    }
    return r;
}

PT_EXPORT size_t rustls_slice_str_len(const struct rustls_slice_str *input)
{
    return input == NULL ? 0 : input->n;
}

PT_EXPORT struct rustls_str rustls_slice_str_get(const struct rustls_slice_str *input, size_t n)
{
    struct rustls_str r = {NULL, 0};
    if (input != NULL && n < input->n) {
        pt_slice s = input->items[n];
        /* A rustls_str never contains NUL (C code may treat it as a C string's prefix). */
        if (s.len == 0 || memchr(s.p, 0, s.len) == NULL) {
            r.data = s.p != NULL ? (const char *)s.p : (const char *)empty_item;
            r.len = s.len;
        }
    }
    return r;
}
