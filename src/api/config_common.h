/*
 * config_common.h - the builder steps the client and server config builders share
 * (config_common.c): versions, ALPN, certified keys, key log, and build's version check.
 *
 * Each setter leaves its target unchanged when it fails (rustls-ffi builds the new value
 * first and only then replaces the old one).
 */
#ifndef PT_API_CONFIG_COMMON_H
#define PT_API_CONFIG_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "conn/configs.h"
#include "rustls.h"

/*
 * PT_VERSION_* bits for a caller's list of wire versions.  As rustls-ffi's new_custom, the
 * versions it does not know (anything but 0x0304 and 0x0303) are skipped, not refused.
 */
unsigned pt_versions_from_list(const uint16_t *versions, size_t n);

/*
 * What build says about `versions` with `provider`:
 *  - GENERAL when the provider has no suite of any enabled version, or no key exchange group
 *    (rustls's with_protocol_versions: "no usable cipher suites configured");
 *  - BUILDER_INCOMPATIBLE_TLS_VERSIONS when TLS 1.3 is not enabled, or the provider has no
 *    TLS 1.3 suite: patina does not speak TLS 1.2 yet, so such a config could never connect
 *    (rustls-ffi would accept it);
 *  - OK otherwise.  A config with both versions keeps both bits.
 */
rustls_result pt_api_check_versions(const struct rustls_crypto_provider *provider, unsigned versions);

/* Replace *alpn with a copy of `protocols` (not NULL); see pt_alpn_protos_set for the errors. */
rustls_result pt_api_set_alpn(pt_alpn_protos *alpn, const struct rustls_slice_bytes *protocols, size_t len);

/* Replace *keys / *n with new references to `in` (NULL, or a NULL entry: NULL_PARAMETER). */
rustls_result pt_api_set_keys(const struct rustls_certified_key ***keys, size_t *n,
                              const struct rustls_certified_key *const *in, size_t in_len);

/* Replace the key log with $SSLKEYLOGFILE, opened now (as rustls's KeyLogFile::new). */
rustls_result pt_api_set_key_log_file(pt_keylog *log);

/* Replace the key log with the caller's callbacks (log_cb not NULL). */
void pt_api_set_key_log(pt_keylog *log, rustls_keylog_log_callback log_cb, rustls_keylog_will_log_callback will_log_cb);

/*
 * Set *out to a maximum fragment size (rustls's max_fragment_size: 0 for the default, else
 * 32..16389 as pt_fragmenter_set_max_fragment_size accepts).  Out of range:
 * BAD_MAX_FRAGMENT_SIZE and *out unchanged.
 */
rustls_result pt_api_set_max_fragment_size(size_t *out, size_t max_fragment_size);

/*
 * Set *out to `len` signing schemes (patina_*_config_builder_set_signing_schemes); len 0 clears
 * it.  NULL schemes with len > 0: NULL_PARAMETER; more than PT_SIGNING_SCHEMES_MAX, a value the
 * backend does not know or a repeat: INVALID_PARAMETER.  *out is unchanged on failure.
 */
rustls_result pt_api_set_signing_schemes(pt_sig_prefs *out, const uint16_t *schemes, size_t len);

#endif
