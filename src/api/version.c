/*
 * version.c - library identification and the small static lookups of rustls.h: everything
 * here is a pure function of its argument, with no object behind it.
 */
#include "config.h"

#include <string.h>

#include "base/err.h"
#include "patina.h"

PT_EXPORT const uint16_t RUSTLS_ALL_VERSIONS[2] = {RUSTLS_TLS_VERSION_TLSV1_3, RUSTLS_TLS_VERSION_TLSV1_2};
PT_EXPORT const size_t RUSTLS_ALL_VERSIONS_LEN = 2;
PT_EXPORT const uint16_t RUSTLS_DEFAULT_VERSIONS[2] = {RUSTLS_TLS_VERSION_TLSV1_3, RUSTLS_TLS_VERSION_TLSV1_2};
PT_EXPORT const size_t RUSTLS_DEFAULT_VERSIONS_LEN = 2;

static struct rustls_str str_of(const char *s)
{
    struct rustls_str r = {s, strlen(s)};
    return r;
}

/*
 * rustls-ffi's version string is "rustls-ffi/<ffi>/rustls/<rustls>/<provider>"; programs print
 * it or match its first component, so we keep that shape and name ourselves in the middle.
 */
PT_EXPORT struct rustls_str rustls_version(void)
{
    return str_of("rustls-ffi/" RUSTLS_FFI_VERSION "/patina/" PACKAGE_VERSION "/boringssl");
}

/* see patina.h */
PT_EXPORT struct rustls_str patina_version(void)
{
    return str_of(PACKAGE_VERSION);
}

/* see rustls.h */
PT_EXPORT void rustls_error(unsigned int result, char *buf, size_t len, size_t *out_n)
{
    /* Like rustls-ffi: with nowhere to write, write nothing (not even *out_n). */
    if (buf == NULL || out_n == NULL) {
        return;
    }
    const char *text = pt_result_text(result);
    size_t n = strlen(text);
    if (n > len) {
        n = len;
    }
    memcpy(buf, text, n);
    *out_n = n;
}

/* see rustls.h */
PT_EXPORT bool rustls_result_is_cert_error(unsigned int result)
{
    /* rustls-ffi: the CERT_* codes 7121-7131 and 7154 only (not 7156, 7157, nor the CRL 74xx). */
    return (result >= RUSTLS_RESULT_CERT_ENCODING_BAD && result <= RUSTLS_RESULT_CERT_OTHER_ERROR) ||
           result == RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS;
}

/* see rustls.h */
PT_EXPORT struct rustls_str rustls_log_level_str(rustls_log_level level)
{
    /* The names of the Rust `log` crate's levels, which rustls-ffi returns. */
    static const char *const names[] = {"ERROR", "WARN", "INFO", "DEBUG", "TRACE"};
    if (level >= 1 && level <= 5) {
        return str_of(names[level - 1]);
    }
    return str_of("INVALID");
}

/* see rustls.h */
PT_EXPORT struct rustls_str rustls_handshake_kind_str(enum rustls_handshake_kind kind)
{
    switch (kind) {
    case RUSTLS_HANDSHAKE_KIND_FULL:
        return str_of("full");
    case RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST:
        return str_of("full with hello retry request");
    case RUSTLS_HANDSHAKE_KIND_RESUMED:
        return str_of("resumed");
    case RUSTLS_HANDSHAKE_KIND_UNKNOWN:
    default:
        return str_of("unknown");
    }
}
