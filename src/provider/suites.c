/*
 * suites.c - the default provider's cipher suites and groups (see suites.h).
 *
 * TLS 1.2 AEAD nonces: AES-GCM suites take a 4-byte implicit salt from the key block and send
 * an 8-byte explicit nonce with every record (RFC 5288 section 3); ChaCha20-Poly1305 suites take
 * a 12-byte IV from the key block and send no explicit nonce (RFC 7905 section 2).  TLS 1.3
 * derives its 12-byte IV from the key schedule (RFC 8446 section 5.3), so both fields are 0.
 */
#include <stddef.h>

#include "provider/boringssl/bssl.h"
#include "provider/suites.h"

#define TLS13(ident, value, str, aead_, hash_)                                                                         \
    const pt_suite ident = {                                                                                           \
        .id = (value),                                                                                                 \
        .version = 0x0304,                                                                                             \
        .name = (str),                                                                                                 \
        .aead = &(aead_),                                                                                              \
        .hash = &(hash_),                                                                                              \
        .auth = PT_AUTH_ANY,                                                                                           \
        .tls12_fixed_iv_len = 0,                                                                                       \
        .tls12_explicit_nonce_len = 0,                                                                                 \
    }

#define TLS12(ident, value, str, auth_, aead_, hash_, fixed, explicit_)                                                \
    const pt_suite ident = {                                                                                           \
        .id = (value),                                                                                                 \
        .version = 0x0303,                                                                                             \
        .name = (str),                                                                                                 \
        .aead = &(aead_),                                                                                              \
        .hash = &(hash_),                                                                                              \
        .auth = (auth_),                                                                                               \
        .tls12_fixed_iv_len = (fixed),                                                                                 \
        .tls12_explicit_nonce_len = (explicit_),                                                                       \
    }

/* RFC 5288 section 3: GCMNonce = salt[4] (implicit) || nonce_explicit[8]. */
#define GCM_FIXED 4
#define GCM_EXPLICIT 8
/* RFC 7905 section 2: the 12-byte nonce is the client/server_write_IV XOR the sequence number. */
#define CHACHA_FIXED 12
#define CHACHA_EXPLICIT 0

TLS13(pt_tls13_aes_256_gcm_sha384, 0x1302, "TLS13_AES_256_GCM_SHA384", pt_bssl_aes256gcm, pt_bssl_sha384);
TLS13(pt_tls13_aes_128_gcm_sha256, 0x1301, "TLS13_AES_128_GCM_SHA256", pt_bssl_aes128gcm, pt_bssl_sha256);
TLS13(pt_tls13_chacha20_poly1305_sha256, 0x1303, "TLS13_CHACHA20_POLY1305_SHA256", pt_bssl_chacha20poly1305,
      pt_bssl_sha256);

TLS12(pt_tls_ecdhe_ecdsa_with_aes_256_gcm_sha384, 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", PT_AUTH_ECDSA,
      pt_bssl_aes256gcm, pt_bssl_sha384, GCM_FIXED, GCM_EXPLICIT);
TLS12(pt_tls_ecdhe_ecdsa_with_aes_128_gcm_sha256, 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", PT_AUTH_ECDSA,
      pt_bssl_aes128gcm, pt_bssl_sha256, GCM_FIXED, GCM_EXPLICIT);
TLS12(pt_tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256, 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      PT_AUTH_ECDSA, pt_bssl_chacha20poly1305, pt_bssl_sha256, CHACHA_FIXED, CHACHA_EXPLICIT);
TLS12(pt_tls_ecdhe_rsa_with_aes_256_gcm_sha384, 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", PT_AUTH_RSA,
      pt_bssl_aes256gcm, pt_bssl_sha384, GCM_FIXED, GCM_EXPLICIT);
TLS12(pt_tls_ecdhe_rsa_with_aes_128_gcm_sha256, 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", PT_AUTH_RSA,
      pt_bssl_aes128gcm, pt_bssl_sha256, GCM_FIXED, GCM_EXPLICIT);
TLS12(pt_tls_ecdhe_rsa_with_chacha20_poly1305_sha256, 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      PT_AUTH_RSA, pt_bssl_chacha20poly1305, pt_bssl_sha256, CHACHA_FIXED, CHACHA_EXPLICIT);

/* rustls's DEFAULT_CIPHER_SUITES order: TLS 1.3 first, then ECDSA before RSA, AES-256 before AES-128. */
const pt_suite *const pt_all_suites[] = {
    &pt_tls13_aes_256_gcm_sha384,
    &pt_tls13_aes_128_gcm_sha256,
    &pt_tls13_chacha20_poly1305_sha256,
    &pt_tls_ecdhe_ecdsa_with_aes_256_gcm_sha384,
    &pt_tls_ecdhe_ecdsa_with_aes_128_gcm_sha256,
    &pt_tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256,
    &pt_tls_ecdhe_rsa_with_aes_256_gcm_sha384,
    &pt_tls_ecdhe_rsa_with_aes_128_gcm_sha256,
    &pt_tls_ecdhe_rsa_with_chacha20_poly1305_sha256,
    NULL,
};

/* rustls's default kx_groups order (X25519, secp256r1, secp384r1). */
const pt_kx_group *const pt_all_groups[] = {
    &pt_bssl_x25519,
    &pt_bssl_secp256r1,
    &pt_bssl_secp384r1,
    NULL,
};
