/*
 * bssl.h - the symmetric and key-exchange descriptors implemented with BoringSSL's libcrypto.
 *
 * These are the objects the default provider's tables (src/provider/registry.c, suites.c) point
 * at.  The declarations use only provider.h types, so code outside src/provider/boringssl/ may
 * include this header without seeing <openssl/...>.
 */
#ifndef PT_PROVIDER_BORINGSSL_BSSL_H
#define PT_PROVIDER_BORINGSSL_BSSL_H

#include <stddef.h>
#include <stdint.h>

#include "provider/provider.h"

/* AEADs (aead.c). */
extern const pt_aead pt_bssl_aes128gcm;
extern const pt_aead pt_bssl_aes256gcm;
extern const pt_aead pt_bssl_chacha20poly1305;

/* Hashes with their HMAC and HKDF (hash.c). SHA-512 is offered for signatures only. */
extern const pt_hash pt_bssl_sha256;
extern const pt_hash pt_bssl_sha384;
extern const pt_hash pt_bssl_sha512;

/* Key-exchange groups (kx.c). */
extern const pt_kx_group pt_bssl_x25519;
extern const pt_kx_group pt_bssl_secp256r1;
extern const pt_kx_group pt_bssl_secp384r1;

/* Fill out[0..len) from libcrypto's CSPRNG (rand.c). Failure: PT_ERR_NOALERT(GET_RANDOM_FAILED). */
PT_MUST_USE pt_err pt_bssl_random(uint8_t *out, size_t len);

/*
 * TEST HOOK ONLY (known-answer tests need a fixed private key): load `priv` as the private key of
 * `group` into `ctx` (ctx_size bytes; overwritten as keygen does) instead of keygen, and write the
 * matching public share (pub_len bytes) to `pub`.  X25519 keys are 32 bytes; P-256/P-384 keys
 * are big-endian scalars of 32/48 bytes in [1, n-1].  Protocol code must use keygen.
 */
PT_MUST_USE pt_err pt_bssl_kx_set_private(void *ctx, const pt_kx_group *group, pt_slice priv, uint8_t *pub);

#endif
