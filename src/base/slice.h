/* slice.h - a borrowed (pointer, length) view of bytes. Never owns memory. */
#ifndef PT_BASE_SLICE_H
#define PT_BASE_SLICE_H

#include <stddef.h>
#include <stdint.h>

typedef struct pt_slice {
    const uint8_t *p;
    size_t len;
} pt_slice;

static inline pt_slice pt_slice_of(const void *p, size_t len)
{
    pt_slice s = {(const uint8_t *)p, len};
    return s;
}

#define PT_SLICE_EMPTY ((pt_slice){NULL, 0})

#endif
