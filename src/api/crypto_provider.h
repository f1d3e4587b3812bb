/*
 * crypto_provider.h - what configs and the handshake need from a rustls_crypto_provider
 * (crypto_provider.c): the provider tables and the ordered subset of suites it offers.
 */
#ifndef PT_API_CRYPTO_PROVIDER_H
#define PT_API_CRYPTO_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provider/provider.h"
#include "rustls.h"

/*
 * The process-wide default: the one installed with rustls_crypto_provider_builder_build_as_default,
 * installing the built-in BoringSSL provider first if nothing was installed yet (as rustls-ffi's
 * get_default_or_install_from_crate_features does, so a later build_as_default gets
 * ALREADY_USED).  Borrowed: the process keeps it for its whole life.  Never NULL.
 */
const struct rustls_crypto_provider *pt_crypto_provider_process_default(void);

/* Take one more reference (not NULL); drop it with rustls_crypto_provider_free. */
const struct rustls_crypto_provider *pt_crypto_provider_ref(const struct rustls_crypto_provider *p);

/* The provider's algorithm tables. */
const pt_provider *pt_crypto_provider_tables(const struct rustls_crypto_provider *p);
/* Its cipher suites in preference order (a subset and reordering of the tables' list). */
size_t pt_crypto_provider_suite_count(const struct rustls_crypto_provider *p);
const pt_suite *pt_crypto_provider_suite(const struct rustls_crypto_provider *p, size_t i);

/*
 * TEST HOOK (tests/handshake): a new provider (one reference, free with
 * rustls_crypto_provider_free) with the built-in tables and suites but only the key-exchange
 * groups `group_ids` (IANA values, n >= 1, the first being the client's key share), in that
 * order: patina_crypto_provider_builder_set_kx_groups on a builder over the built-in provider.
 * NULL whenever that setter refuses the list (unknown or repeated group, n == 0, too many).
 */
const struct rustls_crypto_provider *pt_crypto_provider_new_with_groups(const uint16_t *group_ids, size_t n);

/* Does the backend know signature scheme `id` (one it verifies and its keys may sign with)? */
bool pt_crypto_provider_known_scheme(uint16_t id);

/*
 * Check a list of IANA values handed to a patina_ setter (groups, verify or signing schemes):
 * none, more than `max`, a value `known` refuses, or a repeat is INVALID_PARAMETER.
 */
rustls_result pt_api_check_ids(const uint16_t *ids, size_t len, size_t max, bool (*known)(uint16_t id));

#endif
