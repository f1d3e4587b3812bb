/* pem.c - walking the PEM blocks of a buffer with libcrypto's decoder (see pki_internal.h). */
#include "config.h"

#include <limits.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/mem.h>
#include <openssl/pem.h>

#include "base/mem.h"
#include "provider/boringssl/pki_internal.h"

/* see pki_internal.h */
bool pt_bssl_pem_each(pt_slice pem, bool (*cb)(void *arg, const char *label, pt_slice der), void *arg)
{
    if (pem.len > INT_MAX) {
        return false;
    }
    if (pem.len == 0) {
        return true; /* no blocks; BIO_new_mem_buf would read a NULL buffer as a C string */
    }
    BIO *bio = BIO_new_mem_buf(pem.p, (int)pem.len);
    if (bio == NULL) {
        return false;
    }
    bool ok = false;
    ERR_clear_error();
    for (;;) {
        char *name = NULL;
        char *header = NULL;
        unsigned char *data = NULL;
        long len = 0;
        if (!PEM_read_bio(bio, &name, &header, &data, &len)) {
            /*
             * PEM_read_bio reports a clean end of input (no further BEGIN line) as
             * PEM_R_NO_START_LINE; anything else means a block was found but is malformed.
             */
            uint32_t e = ERR_peek_last_error();
            ok = ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
            break;
        }
        bool more = cb(arg, name, pt_slice_of(data, (size_t)len));
        /* The block may be a private key: wipe it (OPENSSL_free also zeroes, but say so here). */
        pt_wipe(data, (size_t)len);
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (!more) {
            ok = true;
            break;
        }
    }
    ERR_clear_error();
    BIO_free(bio);
    return ok;
}
