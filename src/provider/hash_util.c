/* hash_util.c - helpers built only on the pt_hash descriptor (no libcrypto here). */
#include <stdalign.h>
#include <stddef.h>

#include "base/mem.h"
#include "provider/provider.h"

/* see provider.h */
void pt_hash_digest(const pt_hash *h, const uint8_t *p, size_t len, uint8_t *out)
{
    /* Context memory aligned for any libcrypto struct (they hold uint64_t words). */
    alignas(max_align_t) uint8_t ctx[PT_HASH_CTX_MAX];

    h->init(ctx);
    h->update(ctx, p, len);
    h->final(ctx, out);
    pt_wipe(ctx, sizeof(ctx));
}
