/* mem.c - wiping and constant-time comparison (see mem.h). */
#include "config.h"

#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

void pt_wipe(void *p, size_t len)
{
    if (p == NULL || len == 0) {
        return;
    }
#ifdef HAVE_EXPLICIT_BZERO
    explicit_bzero(p, len);
#else
    volatile uint8_t *v = p;
    while (len--) {
        *v++ = 0;
    }
#endif
}

bool pt_ct_eq(const void *a, const void *b, size_t len)
{
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) {
        acc |= (uint8_t)(x[i] ^ y[i]);
    }
    /* Turn acc into 0/1 without a data-dependent branch. */
    return (bool)(1u & (((unsigned)acc - 1u) >> 8));
}

void pt_free_wiped(void *p, size_t len)
{
    if (p == NULL) {
        return;
    }
    pt_wipe(p, len);
    free(p);
}
