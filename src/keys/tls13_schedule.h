/*
 * tls13_schedule.h - the TLS 1.3 key schedule (RFC 8446 section 7).
 *
 *              0
 *              |
 *              v
 *    PSK ->  HKDF-Extract = Early Secret      --> binder_key, c e traffic, e exp master
 *              |
 *              v
 *        Derive-Secret(., "derived", "")
 *              |
 *              v
 *  (EC)DHE -> HKDF-Extract = Handshake Secret  --> c hs traffic, s hs traffic
 *              |
 *              v
 *        Derive-Secret(., "derived", "")
 *              |
 *              v
 *    0 -> HKDF-Extract = Master Secret          --> c ap traffic, s ap traffic, exp master, res master
 *
 * A pt_ks13 holds exactly one of the three stage secrets at a time.  Each advance derives the
 * next stage and wipes the one it consumed, so a connection never holds the early secret once
 * it has the handshake secret, nor the handshake secret once it has the master secret.  The
 * per-stage derivations write their outputs to the caller, who owns (and must wipe) them.
 *
 * Transcript hashes passed in are Hash.length bytes (see keys/transcript.h).  Every function
 * returns PT_ERR_INTERNAL when called in the wrong stage (a state-machine bug) and passes
 * provider failures through; outputs are written only on success.
 */
#ifndef PT_KEYS_TLS13_SCHEDULE_H
#define PT_KEYS_TLS13_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/slice.h"
#include "provider/provider.h"

typedef enum pt_ks13_stage {
    PT_KS13_NONE = 0,
    PT_KS13_EARLY,
    PT_KS13_HANDSHAKE,
    PT_KS13_MASTER,
} pt_ks13_stage;

typedef struct pt_ks13 {
    const pt_hash *hash;
    pt_ks13_stage stage;
    uint8_t secret[PT_HASH_MAX]; /* the current stage's secret (hash->out_len bytes) */
} pt_ks13;

/*
 * Early Secret = HKDF-Extract(0, PSK).  `psk` empty means no PSK: RFC 8446 section 7.1, "If a
 * given secret is not available, then the 0-value consisting of a string of Hash.length bytes
 * set to zeros is used."  The salt is that 0-value too.
 */
PT_MUST_USE pt_err pt_ks13_init(pt_ks13 *ks, const pt_hash *h, pt_slice psk);

/* binder_key = Derive-Secret(Early Secret, "ext binder" | "res binder", ""). Early stage. */
PT_MUST_USE pt_err pt_ks13_binder_key(const pt_ks13 *ks, bool external, uint8_t *out);

/* client_early_traffic_secret = Derive-Secret(Early Secret, "c e traffic", ClientHello). */
PT_MUST_USE pt_err pt_ks13_client_early_traffic(const pt_ks13 *ks, const uint8_t *th_ch, uint8_t *out);

/* early_exporter_master_secret = Derive-Secret(Early Secret, "e exp master", ClientHello). */
PT_MUST_USE pt_err pt_ks13_early_exporter_master(const pt_ks13 *ks, const uint8_t *th_ch, uint8_t *out);

/*
 * Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""), (EC)DHE).
 * `ecdhe` empty means psk_ke mode (zeros, as for the PSK).  Wipes the early secret.
 */
PT_MUST_USE pt_err pt_ks13_to_handshake(pt_ks13 *ks, pt_slice ecdhe);

/*
 * client/server_handshake_traffic_secret = Derive-Secret(Handshake Secret, "c hs traffic" |
 * "s hs traffic", ClientHello...ServerHello).  Either output may be NULL.
 */
PT_MUST_USE pt_err pt_ks13_handshake_traffic(const pt_ks13 *ks, const uint8_t *th_ch_sh, uint8_t *client_out,
                                             uint8_t *server_out);

/* Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0). Wipes it. */
PT_MUST_USE pt_err pt_ks13_to_master(pt_ks13 *ks);

/*
 * client/server_application_traffic_secret_0 = Derive-Secret(Master Secret, "c ap traffic" |
 * "s ap traffic", ClientHello...server Finished).  Either output may be NULL.
 */
PT_MUST_USE pt_err pt_ks13_app_traffic(const pt_ks13 *ks, const uint8_t *th_ch_sf, uint8_t *client_out,
                                       uint8_t *server_out);

/* exporter_master_secret = Derive-Secret(Master Secret, "exp master", ClientHello...server Finished). */
PT_MUST_USE pt_err pt_ks13_exporter_master(const pt_ks13 *ks, const uint8_t *th_ch_sf, uint8_t *out);

/* resumption_master_secret = Derive-Secret(Master Secret, "res master", ClientHello...client Finished). */
PT_MUST_USE pt_err pt_ks13_resumption_master(const pt_ks13 *ks, const uint8_t *th_ch_cf, uint8_t *out);

/* Wipe the stage secret; the struct may be re-initialised. */
void pt_ks13_wipe(pt_ks13 *ks);

/* ---------------------------------------------------------------- stand-alone derivations */

/*
 * The PSK for a ticket (RFC 8446 section 4.6.1):
 *     HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)
 * A nonce over 255 bytes is PT_ERR_NOALERT(INVALID_PARAMETER) (the wire allows opaque<0..255>).
 */
PT_MUST_USE pt_err pt_tls13_resumption_psk(const pt_hash *h, const uint8_t *res_master, pt_slice nonce, uint8_t *out);

/*
 * finished_key = HKDF-Expand-Label(base_key, "finished", "", Hash.length) and
 * verify_data = HMAC(finished_key, transcript_hash) (RFC 8446 section 4.4.4).  `base_key` is the
 * sender's handshake (or application, post-handshake) traffic secret, or a binder key.
 */
PT_MUST_USE pt_err pt_tls13_finished_key(const pt_hash *h, const uint8_t *base_key, uint8_t *out);
PT_MUST_USE pt_err pt_tls13_verify_data(const pt_hash *h, const uint8_t *base_key, const uint8_t *transcript_hash,
                                        uint8_t *out);

/*
 * Check a peer's Finished verify_data in constant time.  A wrong length or value is
 * PT_ERR(DECRYPT_ERROR, DECRYPT_ERROR) (RFC 8446 section 4.4.4: "Recipients of Finished messages
 * MUST verify that the contents are correct and if incorrect MUST terminate the connection with
 * a "decrypt_error" alert").
 */
PT_MUST_USE pt_err pt_tls13_verify_finished(const pt_hash *h, const uint8_t *base_key, const uint8_t *transcript_hash,
                                            pt_slice received);

/*
 * PSK binder (RFC 8446 section 4.2.11.2): computed like Finished with the binder key as base key,
 * over Transcript-Hash(..., truncated ClientHello) - the ClientHello up to and including the
 * identities, without the binders list (see pt_transcript_current_with).
 */
PT_MUST_USE pt_err pt_tls13_binder(const pt_hash *h, const uint8_t *binder_key, const uint8_t *th_truncated_ch,
                                   uint8_t *out);

/* Check a received binder in constant time. Mismatch: PT_ERR(DECRYPT_ERROR, PEER_MISBEHAVED_ERROR). */
PT_MUST_USE pt_err pt_tls13_verify_binder(const pt_hash *h, const uint8_t *binder_key, const uint8_t *th_truncated_ch,
                                          pt_slice received);

/*
 * Traffic keys (RFC 8446 section 7.3):
 *     key = HKDF-Expand-Label(secret, "key", "", key_len)
 *     iv  = HKDF-Expand-Label(secret, "iv", "", iv_len)
 * Either output may be NULL.
 */
PT_MUST_USE pt_err pt_tls13_traffic_keys(const pt_hash *h, const uint8_t *secret, uint8_t *key, size_t key_len,
                                         uint8_t *iv, size_t iv_len);

/*
 * KeyUpdate (RFC 8446 section 7.2):
 *     application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N,
 *                                                        "traffic upd", "", Hash.length)
 * Updates `secret` in place; the old secret is overwritten.
 */
PT_MUST_USE pt_err pt_tls13_next_traffic_secret(const pt_hash *h, uint8_t *secret);

/*
 * TLS-Exporter (RFC 8446 section 7.5):
 *     HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length)
 * with Secret the (early_)exporter_master_secret.  A label over PT_HKDF_LABEL_MAX bytes, or
 * out_len 0 or over 255 * Hash.length, is PT_ERR_NOALERT(INVALID_PARAMETER); an empty label is
 * allowed (hkdf_label.h).  An absent context and an empty one are the same in TLS 1.3.
 */
PT_MUST_USE pt_err pt_tls13_export(const pt_hash *h, const uint8_t *exporter_master, pt_slice label, pt_slice context,
                                   uint8_t *out, size_t out_len);

#endif
