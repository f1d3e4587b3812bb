/*
 * ciphersuite.c - rustls_supported_ciphersuite and the default provider's suite list.
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

static const struct rustls_supported_ciphersuite *api_of(const pt_suite *s)
{
    return (const struct rustls_supported_ciphersuite *)(const void *)s;
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

PT_EXPORT size_t rustls_default_crypto_provider_ciphersuites_len(void)
{
    size_t n = 0;
    for (const pt_suite *const *s = pt_default_provider()->suites; *s != NULL; s++) {
        n++;
    }
    return n;
}

PT_EXPORT const struct rustls_supported_ciphersuite *rustls_default_crypto_provider_ciphersuites_get(size_t index)
{
    const pt_suite *const *s = pt_default_provider()->suites;
    for (size_t i = 0; s[i] != NULL; i++) {
        if (i == index) {
            return api_of(s[i]);
        }
    }
    return NULL; /* past the end: NULL, which mod_tls relies on to stop its loop */
}

PT_EXPORT rustls_result rustls_default_crypto_provider_random(uint8_t *buff, size_t len)
{
    if (buff == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    pt_err e = pt_default_provider()->random(buff, len);
    return pt_ok(e) ? (rustls_result)RUSTLS_RESULT_OK : (rustls_result)RUSTLS_RESULT_GET_RANDOM_FAILED;
}
