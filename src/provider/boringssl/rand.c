/* rand.c - random bytes from BoringSSL's CSPRNG. */
#include <openssl/rand.h>

#include "provider/boringssl/bssl.h"

/* see bssl.h */
pt_err pt_bssl_random(uint8_t *out, size_t len)
{
    /*
     * BoringSSL's RAND_bytes aborts rather than return failure, but the interface promises an
     * error value, so a zero return is still mapped (rustls: GetRandomFailed).
     */
    if (len > 0 && !RAND_bytes(out, len)) {
        return PT_ERR_NOALERT(RUSTLS_RESULT_GET_RANDOM_FAILED);
    }
    return PT_OK;
}
