/*
 * client_hello.c - rustls_client_hello_select_certified_key, for ClientHello callbacks
 * (rustls-ffi 0.15.3 librustls/src/server.rs).
 */
#include <stddef.h>

#include "base/compiler.h"
#include "rustls.h"
#include "server/choose.h"

/* rustls-ffi: the first key whose signing key can sign with one of the hello's schemes
 * (SigningKey::choose_scheme, TLS version not considered); no SNI matching. */
PT_EXPORT rustls_result
rustls_client_hello_select_certified_key(const struct rustls_client_hello *hello,
                                         const struct rustls_certified_key *const *certified_keys,
                                         size_t certified_keys_len, const struct rustls_certified_key **out_key)
{
    if (hello == NULL || hello->signature_schemes.data == NULL || out_key == NULL || certified_keys == NULL) {
        return RUSTLS_RESULT_NULL_PARAMETER;
    }
    for (size_t i = 0; i < certified_keys_len; i++) {
        uint16_t scheme;
        if (certified_keys[i] == NULL) {
            return RUSTLS_RESULT_NULL_PARAMETER;
        }
        if (pt_server_key_scheme(certified_keys[i], hello->signature_schemes.data, hello->signature_schemes.len, false,
                                 NULL, &scheme)) {
            *out_key = certified_keys[i];
            return RUSTLS_RESULT_OK;
        }
    }
    return RUSTLS_RESULT_NOT_FOUND;
}
