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

#ifdef __cplusplus
}
#endif

#endif /* PATINA_H */
