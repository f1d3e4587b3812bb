/* tls12_prf.c - the TLS 1.2 PRF, master secret, EMS, key block, Finished, exporter (see tls12_prf.h). */
#include "config.h"

#include "keys/tls12_prf.h"

#include <string.h>

#include "base/mem.h"
#include "keys/hkdf_label.h"

#define PT_ERR_BAD_PRF_ARG PT_ERR_NOALERT(RUSTLS_RESULT_INVALID_PARAMETER)
/* label + at most four seed pieces (client random, server random, context length, context). */
#define PRF_SEED_PARTS_MAX 4

/*
 * P_hash(secret, label + seed[0] + ... + seed[n-1]) -> out[0..out_len).  The provider's HMAC
 * takes its message in parts, so label and seed are never concatenated into a buffer.
 */
static pt_err prf_parts(const pt_hash *h, pt_slice secret, pt_slice label, const pt_slice *seed, size_t nseed,
                        uint8_t *out, size_t out_len)
{
    /*= https://www.rfc-editor.org/rfc/rfc5246#section-5
     *# P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
     *#                        HMAC_hash(secret, A(2) + seed) +
     *#                        HMAC_hash(secret, A(3) + seed) + ...
     *#
     *# A() is defined as:
     *#
     *#    A(0) = seed
     *#    A(i) = HMAC_hash(secret, A(i-1))
     *#
     *# PRF(secret, label, seed) = P_<hash>(secret, label + seed)
     */
    uint8_t a[PT_HASH_MAX];
    uint8_t block[PT_HASH_MAX];
    pt_slice parts[2 + PRF_SEED_PARTS_MAX];
    size_t n = h->out_len;
    pt_err err = PT_OK;

    PT_ENSURE_OUT(nseed <= PRF_SEED_PARTS_MAX && out_len > 0, PT_ERR_BAD_PRF_ARG);
    /* parts = A(i) | label | seed...; parts + 1 alone is A(0) = label + seed. */
    parts[1] = label;
    for (size_t i = 0; i < nseed; i++) {
        parts[2 + i] = seed[i];
    }
    PT_CHECK(h->hmac(secret, parts + 1, 1 + nseed, a)); /* A(1) */
    parts[0] = pt_slice_of(a, n);
    for (size_t done = 0; done < out_len;) {
        size_t take = out_len - done < n ? out_len - done : n;
        PT_CHECK(h->hmac(secret, parts, 2 + nseed, block));
        memcpy(out + done, block, take);
        done += take;
        if (done < out_len) {
            PT_CHECK(h->hmac(secret, parts, 1, a)); /* A(i+1) = HMAC(secret, A(i)) */
        }
    }
out:
    pt_wipe(a, sizeof(a));
    pt_wipe(block, sizeof(block));
    if (pt_failed(err) && out_len > 0) {
        /* A provider failure part-way leaves no partial key material behind for the caller. */
        pt_wipe(out, out_len);
    }
    return err;
}

pt_err pt_tls12_prf(const pt_hash *h, pt_slice secret, pt_slice label, pt_slice seed1, pt_slice seed2, uint8_t *out,
                    size_t out_len)
{
    pt_slice seed[2] = {seed1, seed2};
    return prf_parts(h, secret, label, seed, 2, out, out_len);
}

pt_err pt_tls12_master_secret(const pt_hash *h, pt_slice pms, const uint8_t *client_random,
                              const uint8_t *server_random, uint8_t *out)
{
    /*= https://www.rfc-editor.org/rfc/rfc5246#section-8.1
     *# master_secret = PRF(pre_master_secret, "master secret",
     *#                     ClientHello.random + ServerHello.random)
     *#                     [0..47];
     */
    return pt_tls12_prf(h, pms, PT_LABEL("master secret"), pt_slice_of(client_random, PT_TLS12_RANDOM_LEN),
                        pt_slice_of(server_random, PT_TLS12_RANDOM_LEN), out, PT_TLS12_MASTER_SECRET_LEN);
}

pt_err pt_tls12_extended_master_secret(const pt_hash *h, pt_slice pms, pt_slice session_hash, uint8_t *out)
{
    /*= https://www.rfc-editor.org/rfc/rfc7627#section-4
     *# master_secret = PRF(pre_master_secret, "extended master secret",
     *#                     session_hash)
     *#                     [0..47];
     */
    return prf_parts(h, pms, PT_LABEL("extended master secret"), &session_hash, 1, out, PT_TLS12_MASTER_SECRET_LEN);
}

pt_err pt_tls12_key_block(const pt_hash *h, const uint8_t *master_secret, const uint8_t *server_random,
                          const uint8_t *client_random, uint8_t *out, size_t out_len)
{
    /*= https://www.rfc-editor.org/rfc/rfc5246#section-6.3
     *# key_block = PRF(SecurityParameters.master_secret,
     *#                 "key expansion",
     *#                 SecurityParameters.server_random +
     *#                 SecurityParameters.client_random);
     */
    return pt_tls12_prf(h, pt_slice_of(master_secret, PT_TLS12_MASTER_SECRET_LEN), PT_LABEL("key expansion"),
                        pt_slice_of(server_random, PT_TLS12_RANDOM_LEN),
                        pt_slice_of(client_random, PT_TLS12_RANDOM_LEN), out, out_len);
}

pt_err pt_tls12_verify_data(const pt_hash *h, const uint8_t *master_secret, bool client, pt_slice handshake_hash,
                            uint8_t *out)
{
    /*= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.9
     *# verify_data
     *#    PRF(master_secret, finished_label, Hash(handshake_messages))
     *#       [0..verify_data_length-1];
     */
    pt_slice label = client ? PT_LABEL("client finished") : PT_LABEL("server finished");
    return prf_parts(h, pt_slice_of(master_secret, PT_TLS12_MASTER_SECRET_LEN), label, &handshake_hash, 1, out,
                     PT_TLS12_VERIFY_DATA_LEN);
}

pt_err pt_tls12_verify_finished(const pt_hash *h, const uint8_t *master_secret, bool client, pt_slice handshake_hash,
                                pt_slice received)
{
    uint8_t expected[PT_TLS12_VERIFY_DATA_LEN];
    const pt_err mismatch = PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_DECRYPT_ERROR);
    pt_err err = PT_OK;

    PT_CHECK(pt_tls12_verify_data(h, master_secret, client, handshake_hash, expected));
    PT_ENSURE_OUT(received.len == sizeof(expected), mismatch);
    PT_ENSURE_OUT(pt_ct_eq(expected, received.p, sizeof(expected)), mismatch);
out:
    pt_wipe(expected, sizeof(expected));
    return err;
}

pt_err pt_tls12_export(const pt_hash *h, const uint8_t *master_secret, const uint8_t *client_random,
                       const uint8_t *server_random, pt_slice label, bool has_context, pt_slice context, uint8_t *out,
                       size_t out_len)
{
    uint8_t context_len[2];
    pt_slice seed[4];
    size_t nseed = 2;

    PT_ENSURE(label.len > 0 && out_len > 0, PT_ERR_BAD_PRF_ARG);
    seed[0] = pt_slice_of(client_random, PT_TLS12_RANDOM_LEN);
    seed[1] = pt_slice_of(server_random, PT_TLS12_RANDOM_LEN);
    /*= https://www.rfc-editor.org/rfc/rfc5705#section-4
     *# If context is provided, it computes:
     *#
     *#    PRF(SecurityParameters.master_secret, label,
     *#        SecurityParameters.client_random +
     *#        SecurityParameters.server_random +
     *#        context_value_length + context_value
     *#        )[length]
     *
     *# The context value length is encoded as an unsigned, 16-bit quantity
     *# (uint16; see [TLS], Section 4.4) representing the length of the
     *# context value.
     */
    if (has_context) {
        PT_ENSURE(context.len <= 0xffff, PT_ERR_BAD_PRF_ARG);
        context_len[0] = (uint8_t)(context.len >> 8);
        context_len[1] = (uint8_t)context.len;
        seed[nseed++] = pt_slice_of(context_len, sizeof(context_len));
        seed[nseed++] = context;
    }
    return prf_parts(h, pt_slice_of(master_secret, PT_TLS12_MASTER_SECRET_LEN), label, seed, nseed, out, out_len);
}
