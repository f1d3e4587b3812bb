/* tls13_schedule.c - the TLS 1.3 key schedule (see tls13_schedule.h). */
#include "config.h"

#include "keys/tls13_schedule.h"

#include <string.h>

#include "base/mem.h"
#include "keys/hkdf_label.h"

static pt_slice stage_secret(const pt_ks13 *ks)
{
    return pt_slice_of(ks->secret, ks->hash->out_len);
}

static bool in_stage(const pt_ks13 *ks, pt_ks13_stage stage)
{
    return ks->hash != NULL && ks->stage == stage;
}

pt_err pt_ks13_init(pt_ks13 *ks, const pt_hash *h, pt_slice psk)
{
    uint8_t zeros[PT_HASH_MAX] = {0};
    uint8_t secret[PT_HASH_MAX];
    pt_err err = PT_OK;

    PT_ENSURE_OUT(h != NULL && h->out_len <= PT_HASH_MAX, PT_ERR_INTERNAL);
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-7.1
     *# If a given secret is not available, then the 0-value consisting of a string of
     *# Hash.length bytes set to zeros is used.
     */
    if (psk.len == 0) {
        psk = pt_slice_of(zeros, h->out_len);
    }
    /* The salt is also the 0-value: an empty salt is HMAC-keyed with zeros either way. */
    PT_CHECK(h->hkdf_extract(pt_slice_of(zeros, h->out_len), psk, secret));
    ks->hash = h;
    ks->stage = PT_KS13_EARLY;
    memcpy(ks->secret, secret, h->out_len);
out:
    pt_wipe(secret, sizeof(secret));
    return err;
}

pt_err pt_ks13_binder_key(const pt_ks13 *ks, bool external, uint8_t *out)
{
    PT_ENSURE(in_stage(ks, PT_KS13_EARLY), PT_ERR_INTERNAL);
    return pt_derive_secret_empty(ks->hash, stage_secret(ks),
                                  external ? PT_LABEL("ext binder") : PT_LABEL("res binder"), out);
}

pt_err pt_ks13_client_early_traffic(const pt_ks13 *ks, const uint8_t *th_ch, uint8_t *out)
{
    PT_ENSURE(in_stage(ks, PT_KS13_EARLY), PT_ERR_INTERNAL);
    return pt_derive_secret(ks->hash, stage_secret(ks), PT_LABEL("c e traffic"), th_ch, out);
}

pt_err pt_ks13_early_exporter_master(const pt_ks13 *ks, const uint8_t *th_ch, uint8_t *out)
{
    PT_ENSURE(in_stage(ks, PT_KS13_EARLY), PT_ERR_INTERNAL);
    return pt_derive_secret(ks->hash, stage_secret(ks), PT_LABEL("e exp master"), th_ch, out);
}

/* Next stage secret = HKDF-Extract(Derive-Secret(current, "derived", ""), ikm); wipes current. */
static pt_err advance(pt_ks13 *ks, pt_ks13_stage from, pt_slice ikm)
{
    const pt_hash *h = ks->hash;
    uint8_t zeros[PT_HASH_MAX] = {0};
    uint8_t salt[PT_HASH_MAX];
    uint8_t next[PT_HASH_MAX];
    pt_err err = PT_OK;

    PT_ENSURE_OUT(in_stage(ks, from), PT_ERR_INTERNAL);
    if (ikm.len == 0) {
        ikm = pt_slice_of(zeros, h->out_len);
    }
    PT_CHECK(pt_derive_secret_empty(h, stage_secret(ks), PT_LABEL("derived"), salt));
    PT_CHECK(h->hkdf_extract(pt_slice_of(salt, h->out_len), ikm, next));
    /* The consumed stage secret is overwritten here and nowhere else keeps a copy. */
    memcpy(ks->secret, next, h->out_len);
    ks->stage = (pt_ks13_stage)(from + 1);
out:
    pt_wipe(salt, sizeof(salt));
    pt_wipe(next, sizeof(next));
    return err;
}

pt_err pt_ks13_to_handshake(pt_ks13 *ks, pt_slice ecdhe)
{
    return advance(ks, PT_KS13_EARLY, ecdhe);
}

/* The client and server secrets of one stage: Derive-Secret(stage secret, label, th) for each wanted output. */
static pt_err traffic_pair(const pt_ks13 *ks, pt_ks13_stage stage, const uint8_t *th, pt_slice client_label,
                           pt_slice server_label, uint8_t *client_out, uint8_t *server_out)
{
    PT_ENSURE(in_stage(ks, stage), PT_ERR_INTERNAL);
    if (client_out != NULL) {
        PT_TRY(pt_derive_secret(ks->hash, stage_secret(ks), client_label, th, client_out));
    }
    if (server_out != NULL) {
        PT_TRY(pt_derive_secret(ks->hash, stage_secret(ks), server_label, th, server_out));
    }
    return PT_OK;
}

pt_err pt_ks13_handshake_traffic(const pt_ks13 *ks, const uint8_t *th_ch_sh, uint8_t *client_out, uint8_t *server_out)
{
    return traffic_pair(ks, PT_KS13_HANDSHAKE, th_ch_sh, PT_LABEL("c hs traffic"), PT_LABEL("s hs traffic"), client_out,
                        server_out);
}

pt_err pt_ks13_to_master(pt_ks13 *ks)
{
    return advance(ks, PT_KS13_HANDSHAKE, PT_SLICE_EMPTY);
}

pt_err pt_ks13_app_traffic(const pt_ks13 *ks, const uint8_t *th_ch_sf, uint8_t *client_out, uint8_t *server_out)
{
    return traffic_pair(ks, PT_KS13_MASTER, th_ch_sf, PT_LABEL("c ap traffic"), PT_LABEL("s ap traffic"), client_out,
                        server_out);
}

pt_err pt_ks13_exporter_master(const pt_ks13 *ks, const uint8_t *th_ch_sf, uint8_t *out)
{
    PT_ENSURE(in_stage(ks, PT_KS13_MASTER), PT_ERR_INTERNAL);
    return pt_derive_secret(ks->hash, stage_secret(ks), PT_LABEL("exp master"), th_ch_sf, out);
}

pt_err pt_ks13_resumption_master(const pt_ks13 *ks, const uint8_t *th_ch_cf, uint8_t *out)
{
    PT_ENSURE(in_stage(ks, PT_KS13_MASTER), PT_ERR_INTERNAL);
    return pt_derive_secret(ks->hash, stage_secret(ks), PT_LABEL("res master"), th_ch_cf, out);
}

void pt_ks13_wipe(pt_ks13 *ks)
{
    pt_wipe(ks->secret, sizeof(ks->secret));
    ks->stage = PT_KS13_NONE;
    ks->hash = NULL;
}

/* ---------------------------------------------------------------- stand-alone derivations */

pt_err pt_tls13_resumption_psk(const pt_hash *h, const uint8_t *res_master, pt_slice nonce, uint8_t *out)
{
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
     *# The PSK associated with the ticket is computed as:
     *#
     *#    HKDF-Expand-Label(resumption_master_secret,
     *#                     "resumption", ticket_nonce, Hash.length)
     */
    return pt_hkdf_expand_label(h, pt_slice_of(res_master, h->out_len), PT_LABEL("resumption"), nonce, out, h->out_len);
}

pt_err pt_tls13_finished_key(const pt_hash *h, const uint8_t *base_key, uint8_t *out)
{
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
     *# finished_key =
     *#     HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)
     */
    return pt_hkdf_expand_label(h, pt_slice_of(base_key, h->out_len), PT_LABEL("finished"), PT_SLICE_EMPTY, out,
                                h->out_len);
}

pt_err pt_tls13_verify_data(const pt_hash *h, const uint8_t *base_key, const uint8_t *transcript_hash, uint8_t *out)
{
    uint8_t finished_key[PT_HASH_MAX];
    pt_err err = PT_OK;

    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
     *# verify_data =
     *#     HMAC(finished_key,
     *#          Transcript-Hash(Handshake Context,
     *#                          Certificate*, CertificateVerify*))
     */
    PT_CHECK(pt_tls13_finished_key(h, base_key, finished_key));
    pt_slice part = pt_slice_of(transcript_hash, h->out_len);
    PT_CHECK(h->hmac(pt_slice_of(finished_key, h->out_len), &part, 1, out));
out:
    pt_wipe(finished_key, sizeof(finished_key));
    return err;
}

static pt_err verify_mac(const pt_hash *h, const uint8_t *base_key, const uint8_t *transcript_hash, pt_slice received,
                         pt_err mismatch)
{
    uint8_t expected[PT_HASH_MAX];
    pt_err err = PT_OK;

    PT_CHECK(pt_tls13_verify_data(h, base_key, transcript_hash, expected));
    /* The length is public (it is the hash length); only the contents are compared in constant time. */
    PT_ENSURE_OUT(received.len == h->out_len, mismatch);
    PT_ENSURE_OUT(pt_ct_eq(expected, received.p, h->out_len), mismatch);
out:
    pt_wipe(expected, sizeof(expected));
    return err;
}

pt_err pt_tls13_verify_finished(const pt_hash *h, const uint8_t *base_key, const uint8_t *transcript_hash,
                                pt_slice received)
{
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
     *# Recipients of Finished messages MUST verify that the contents are
     *# correct and if incorrect MUST terminate the connection with a
     *# "decrypt_error" alert.
     */
    return verify_mac(h, base_key, transcript_hash, received, PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_DECRYPT_ERROR));
}

pt_err pt_tls13_binder(const pt_hash *h, const uint8_t *binder_key, const uint8_t *th_truncated_ch, uint8_t *out)
{
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11.2
     *# The PskBinderEntry is computed in the same way as the Finished
     *# message (Section 4.4.4) but with the BaseKey being the binder_key
     *# derived via the key schedule from the corresponding PSK which is
     *# being offered (see Section 7.1).
     */
    return pt_tls13_verify_data(h, binder_key, th_truncated_ch, out);
}

pt_err pt_tls13_verify_binder(const pt_hash *h, const uint8_t *binder_key, const uint8_t *th_truncated_ch,
                              pt_slice received)
{
    /*= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
     *# Prior to accepting PSK key establishment, the server MUST validate
     *# the corresponding binder value (see Section 4.2.11.2 below).  If this
     *# value is not present or does not validate, the server MUST abort the
     *# handshake.
     */
    return verify_mac(h, binder_key, th_truncated_ch, received,
                      PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
}

pt_err pt_tls13_traffic_keys(const pt_hash *h, const uint8_t *secret, uint8_t *key, size_t key_len, uint8_t *iv,
                             size_t iv_len)
{
    pt_slice s = pt_slice_of(secret, h->out_len);

    /*= https://www.rfc-editor.org/rfc/rfc8446#section-7.3
     *# [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
     *# [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)
     */
    if (key != NULL) {
        PT_TRY(pt_hkdf_expand_label(h, s, PT_LABEL("key"), PT_SLICE_EMPTY, key, key_len));
    }
    if (iv != NULL) {
        PT_TRY(pt_hkdf_expand_label(h, s, PT_LABEL("iv"), PT_SLICE_EMPTY, iv, iv_len));
    }
    return PT_OK;
}

pt_err pt_tls13_next_traffic_secret(const pt_hash *h, uint8_t *secret)
{
    uint8_t next[PT_HASH_MAX];
    pt_err err = PT_OK;

    /*= https://www.rfc-editor.org/rfc/rfc8446#section-7.2
     *# application_traffic_secret_N+1 =
     *#     HKDF-Expand-Label(application_traffic_secret_N,
     *#                       "traffic upd", "", Hash.length)
     */
    PT_CHECK(pt_hkdf_expand_label(h, pt_slice_of(secret, h->out_len), PT_LABEL("traffic upd"), PT_SLICE_EMPTY, next,
                                  h->out_len));
    memcpy(secret, next, h->out_len);
out:
    pt_wipe(next, sizeof(next));
    return err;
}

pt_err pt_tls13_export(const pt_hash *h, const uint8_t *exporter_master, pt_slice label, pt_slice context, uint8_t *out,
                       size_t out_len)
{
    uint8_t derived[PT_HASH_MAX];
    uint8_t context_hash[PT_HASH_MAX];
    pt_err err = PT_OK;

    /*= https://www.rfc-editor.org/rfc/rfc8446#section-7.5
     *# TLS-Exporter(label, context_value, key_length) =
     *#     HKDF-Expand-Label(Derive-Secret(Secret, label, ""),
     *#                       "exporter", Hash(context_value), key_length)
     */
    PT_CHECK(pt_derive_secret_empty(h, pt_slice_of(exporter_master, h->out_len), label, derived));
    pt_hash_digest(h, context.p, context.len, context_hash);
    PT_CHECK(pt_hkdf_expand_label(h, pt_slice_of(derived, h->out_len), PT_LABEL("exporter"),
                                  pt_slice_of(context_hash, h->out_len), out, out_len));
out:
    pt_wipe(derived, sizeof(derived));
    pt_wipe(context_hash, sizeof(context_hash));
    return err;
}
