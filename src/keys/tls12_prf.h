/*
 * tls12_prf.h - the TLS 1.2 PRF and what is derived with it (RFC 5246, RFC 7627, RFC 5705).
 *
 *     PRF(secret, label, seed) = P_<hash>(secret, label + seed)
 *     P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
 *     A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
 *
 * The hash is the cipher suite's PRF hash (SHA-256 or SHA-384 for every suite we offer).  All
 * functions write exactly the requested bytes on success and wipe their intermediate values;
 * on a provider failure the output is zeroed, never left half-written with key material.
 * Provider failures are passed through; bad lengths are PT_ERR_NOALERT(INVALID_PARAMETER).
 */
#ifndef PT_KEYS_TLS12_PRF_H
#define PT_KEYS_TLS12_PRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"
#include "provider/provider.h"

#define PT_TLS12_MASTER_SECRET_LEN 48
#define PT_TLS12_VERIFY_DATA_LEN 12
#define PT_TLS12_RANDOM_LEN 32

/*
 * PRF(secret, label, seed1 + seed2) -> out[0..out_len) (RFC 5246 section 5).  The seed is given
 * in two parts because every TLS use concatenates two values (the randoms); either may be empty.
 */
PT_MUST_USE pt_err pt_tls12_prf(const pt_hash *h, pt_slice secret, pt_slice label, pt_slice seed1, pt_slice seed2,
                                uint8_t *out, size_t out_len);

/*
 * master_secret = PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]
 * (RFC 5246 section 8.1).  Randoms are PT_TLS12_RANDOM_LEN bytes.
 */
PT_MUST_USE pt_err pt_tls12_master_secret(const pt_hash *h, pt_slice pms, const uint8_t *client_random,
                                          const uint8_t *server_random, uint8_t *out);

/*
 * Extended master secret (RFC 7627 section 4):
 *     master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]
 * session_hash is the transcript hash through ClientKeyExchange (keys/transcript.h).
 */
PT_MUST_USE pt_err pt_tls12_extended_master_secret(const pt_hash *h, pt_slice pms, pt_slice session_hash, uint8_t *out);

/*
 * key_block = PRF(master_secret, "key expansion", server_random + client_random) (RFC 5246
 * section 6.3).  Note the order of the randoms: server first.
 */
PT_MUST_USE pt_err pt_tls12_key_block(const pt_hash *h, const uint8_t *master_secret, const uint8_t *server_random,
                                      const uint8_t *client_random, uint8_t *out, size_t out_len);

/*
 * Finished verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]
 * (RFC 5246 section 7.4.9), finished_label "client finished" or "server finished" as `client`.
 */
PT_MUST_USE pt_err pt_tls12_verify_data(const pt_hash *h, const uint8_t *master_secret, bool client,
                                        pt_slice handshake_hash, uint8_t *out);

/*
 * Check a peer's verify_data in constant time.  A wrong length or value is
 * PT_ERR(DECRYPT_ERROR, DECRYPT_ERROR), the alert RFC 5246 section 7.4.9 implies (as rustls).
 */
PT_MUST_USE pt_err pt_tls12_verify_finished(const pt_hash *h, const uint8_t *master_secret, bool client,
                                            pt_slice handshake_hash, pt_slice received);

/*
 * RFC 5705 exporter for TLS 1.2:
 *     PRF(master_secret, label, client_random + server_random [+ context_value_length + context_value])
 * `has_context` distinguishes "no context" from an empty context (they give different output);
 * a context of 2^16 bytes or more, an empty label or out_len 0 is PT_ERR_NOALERT(INVALID_PARAMETER).
 */
PT_MUST_USE pt_err pt_tls12_export(const pt_hash *h, const uint8_t *master_secret, const uint8_t *client_random,
                                   const uint8_t *server_random, pt_slice label, bool has_context, pt_slice context,
                                   uint8_t *out, size_t out_len);

#endif
