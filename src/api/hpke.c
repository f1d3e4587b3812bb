/*
 * hpke.c - rustls_supported_hpke: the HPKE suites for Encrypted Client Hello.
 *
 * patina does not implement ECH yet, so there are none and the answer is NULL - what
 * rustls-ffi returns when its provider has no HPKE (its ring build).  Programs check for NULL
 * before enabling ECH (rustls_client_config_builder_enable_ech, not offered by patina either).
 */
#include <stddef.h>

#include "base/compiler.h"
#include "rustls.h"

PT_EXPORT const struct rustls_hpke *rustls_supported_hpke(void)
{
    return NULL;
}
