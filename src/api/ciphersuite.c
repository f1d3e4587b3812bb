/*
 * ciphersuite.c - rustls_supported_ciphersuite.
 *
 * A rustls_supported_ciphersuite is, behind its opaque type, a const pt_suite from the
 * provider's static tables: pointers to it stay valid for the life of the process, as
 * rustls-ffi promises, and comparing two of them by address works.
 */
#include <string.h>

#include "base/compiler.h"
#include "provider/provider.h"
#include "rustls.h"

static const pt_suite *suite_of(const struct rustls_supported_ciphersuite *s)
{
    return (const pt_suite *)(const void *)s;
}

PT_EXPORT uint16_t rustls_supported_ciphersuite_get_suite(const struct rustls_supported_ciphersuite *supported_ciphersuite)
{
    return supported_ciphersuite == NULL ? 0 : suite_of(supported_ciphersuite)->id;
}

PT_EXPORT struct rustls_str
rustls_supported_ciphersuite_get_name(const struct rustls_supported_ciphersuite *supported_ciphersuite)
{
    struct rustls_str r = {"", 0};
    if (supported_ciphersuite != NULL) {
        r.data = suite_of(supported_ciphersuite)->name;
        r.len = strlen(r.data);
    }
    return r;
}

PT_EXPORT enum rustls_tls_version
rustls_supported_ciphersuite_protocol_version(const struct rustls_supported_ciphersuite *supported_ciphersuite)
{
    if (supported_ciphersuite == NULL) {
        return RUSTLS_TLS_VERSION_UNKNOWN;
    }
    return (enum rustls_tls_version)suite_of(supported_ciphersuite)->version;
}

/* The rustls_default_crypto_provider_* functions live in crypto_provider.c (the process default). */
