/*
 * pki_internal.h - what sig.c, x509.c and pem.c share inside src/provider/boringssl/.
 *
 * Not for use outside this directory: it exposes libcrypto types.
 */
#ifndef PT_PROVIDER_BORINGSSL_PKI_INTERNAL_H
#define PT_PROVIDER_BORINGSSL_PKI_INTERNAL_H

#include <stdbool.h>

#include <openssl/evp.h>

#include "base/slice.h"
#include "provider/provider.h"

/*
 * Wrap a public key (taken from a certificate) as a pt_pubkey.  Takes its own reference to
 * `pkey` (the caller keeps and frees its own).  Keys of a type patina cannot use are still
 * wrapped, with type PT_KEY_UNKNOWN, so that verify reports the scheme as unsupported.
 * Failure (allocation only): PT_ERR_INTERNAL.
 */
PT_MUST_USE pt_err pt_bssl_pubkey_wrap(EVP_PKEY *pkey, pt_pubkey **out);

/*
 * Walk the PEM blocks in `pem` in order, calling cb(arg, label, der) for each, where `der` is the
 * block's decoded body (valid only during the call; wiped and freed afterwards, since it may be
 * a private key).  Text outside blocks is skipped, as rustls-pemfile does.  Stops early, with
 * success, when cb returns false.  Returns false when a block is malformed (bad base64, missing
 * END line, ...): such input is refused as a whole, never half-used.
 */
bool pt_bssl_pem_each(pt_slice pem, bool (*cb)(void *arg, const char *label, pt_slice der), void *arg);

#endif
