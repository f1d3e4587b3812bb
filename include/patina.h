/*
 * patina.h - patina's additions to the rustls-ffi API.
 *
 * Everything here has the patina_ prefix so it can never collide with a future rustls-ffi name.
 * Include after (or instead of) rustls.h; it includes rustls.h itself.
 */
#ifndef PATINA_H
#define PATINA_H

#include "rustls.h"

#ifdef __cplusplus
extern "C" {
#endif

/* patina's own version, e.g. "0.1.0" (static storage). rustls_version() names the API level. */
struct rustls_str patina_version(void);

/*
 * Run the known-answer self-test of the crypto provider: every AEAD, hash, HMAC, HKDF, key
 * exchange group and signature scheme patina uses, against published vectors.  Returns
 * RUSTLS_RESULT_OK when all pass, RUSTLS_RESULT_GENERAL otherwise; if `report` is not NULL it is
 * called once per check with its name and whether it passed.
 */
rustls_result patina_self_test(void (*report)(void *userdata, const char *name, bool passed), void *userdata);

/*
 * The largest TLS record this config's connections send, counting the 5-byte header but not
 * the protection overhead: rustls's ClientConfig/ServerConfig max_fragment_size, which
 * rustls-ffi does not expose (rustls's tlsclient-mio/tlsserver-mio --max-frag-size).  0 restores
 * the default (2^14 bytes of plaintext per record); otherwise 32..16389, else
 * RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE and the builder is unchanged.
 */
rustls_result patina_client_config_builder_set_max_fragment_size(struct rustls_client_config_builder *builder,
                                                                 size_t max_fragment_size);
rustls_result patina_server_config_builder_set_max_fragment_size(struct rustls_server_config_builder *builder,
                                                                 size_t max_fragment_size);

#ifdef __cplusplus
}
#endif

#endif /* PATINA_H */
