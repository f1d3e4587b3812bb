/*
 * suites.h - the cipher suites and key-exchange groups of the default (BoringSSL) provider.
 *
 * Each suite binds an AEAD and a hash from src/provider/boringssl/ to its IANA value and the
 * name rustls gives it (rustls::CipherSuite, which rustls-ffi's rustls_supported_ciphersuite_get_name
 * returns).  The tables are static, immutable, and NULL-terminated.
 */
#ifndef PT_PROVIDER_SUITES_H
#define PT_PROVIDER_SUITES_H

#include "provider/provider.h"

/* TLS 1.3 (RFC 8446 appendix B.4). */
extern const pt_suite pt_tls13_aes_256_gcm_sha384;       /* 0x1302 */
extern const pt_suite pt_tls13_aes_128_gcm_sha256;       /* 0x1301 */
extern const pt_suite pt_tls13_chacha20_poly1305_sha256; /* 0x1303 */

/* TLS 1.2 ECDHE (RFC 5289, RFC 7905). */
extern const pt_suite pt_tls_ecdhe_ecdsa_with_aes_256_gcm_sha384;       /* 0xc02c */
extern const pt_suite pt_tls_ecdhe_ecdsa_with_aes_128_gcm_sha256;       /* 0xc02b */
extern const pt_suite pt_tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256; /* 0xcca9 */
extern const pt_suite pt_tls_ecdhe_rsa_with_aes_256_gcm_sha384;         /* 0xc030 */
extern const pt_suite pt_tls_ecdhe_rsa_with_aes_128_gcm_sha256;         /* 0xc02f */
extern const pt_suite pt_tls_ecdhe_rsa_with_chacha20_poly1305_sha256;   /* 0xcca8 */

/* Every suite, in rustls's default preference order; NULL-terminated. */
extern const pt_suite *const pt_all_suites[];

/* Every key-exchange group, X25519 first (the default key share, as in rustls); NULL-terminated. */
extern const pt_kx_group *const pt_all_groups[];

#endif
