/*
 * test_rfc8448.c - the transcript and the TLS 1.3 key schedule (src/keys/) replayed through the
 * traces of RFC 8448 "Example Handshake Traces for TLS 1.3" (https://www.rfc-editor.org/rfc/rfc8448):
 *
 *   section 3 (Simple 1-RTT Handshake): every secret, traffic key and IV, both Finished values,
 *       the resumption master secret and the ticket's PSK;
 *   section 4 (Resumed 0-RTT Handshake): the PSK from section 3, the binder over the truncated
 *       ClientHello, the early traffic and early exporter secrets and keys, then the rest of the
 *       handshake through both Finished messages;
 *   section 5 (HelloRetryRequest): the transcript with the message_hash rewrite of ClientHello1,
 *       every secret, key and IV, and both Finished values.
 *
 * Handshake messages are fed into a pt_transcript exactly as the trace prints them; all secrets
 * are derived by the code under test from those messages and the printed (EC)DHE shared
 * secrets.  The hex lives in rfc8448_data.h.
 */
#include <stdlib.h>
#include <string.h>

#include "keys/hkdf_label.h"
#include "keys/tls13_schedule.h"
#include "keys/transcript.h"
#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"
#include "vectors/rfc8448_data.h"

#define SHA256 (&pt_bssl_sha256)
#define KEY_LEN 16 /* TLS_AES_128_GCM_SHA256 */
#define IV_LEN 12

/* ---------------------------------------------------------------- helpers */

static void add(pt_transcript *t, const char *msg_hex)
{
    pt_slice m = pt_test_hx(msg_hex);
    ck_assert_pt_ok(pt_transcript_add(t, m.p, m.len));
}

static void check_transcript(const pt_transcript *t, const char *expected_hex)
{
    uint8_t th[PT_HASH_MAX];
    ck_assert_pt_ok(pt_transcript_current(t, th));
    ck_assert_hex_eq(th, 32, expected_hex);
}

static void check_keys(const uint8_t *secret, const char *key_hex, const char *iv_hex)
{
    uint8_t key[KEY_LEN], iv[IV_LEN];
    ck_assert_pt_ok(pt_tls13_traffic_keys(SHA256, secret, key, sizeof(key), iv, sizeof(iv)));
    ck_assert_hex_eq(key, sizeof(key), key_hex);
    ck_assert_hex_eq(iv, sizeof(iv), iv_hex);
}

/* The verify_data inside a Finished message: skip the 4-byte handshake header (type 20, length 32). */
static pt_slice finished_body(const char *finished_msg_hex)
{
    pt_slice m = pt_test_hx(finished_msg_hex);
    ck_assert_uint_eq(m.len, 36);
    ck_assert_uint_eq(m.p[0], 20);
    return pt_slice_of(m.p + 4, 32);
}

/* Our verify_data for `base_key` over the current transcript must equal the trace's Finished. */
static void check_finished(const pt_transcript *t, const uint8_t *base_key, const char *finished_msg_hex)
{
    uint8_t th[PT_HASH_MAX], vd[PT_HASH_MAX];
    pt_slice expected = finished_body(finished_msg_hex);

    ck_assert_pt_ok(pt_transcript_current(t, th));
    ck_assert_pt_ok(pt_tls13_verify_data(SHA256, base_key, th, vd));
    ck_assert_mem_eq(vd, expected.p, 32);
    ck_assert_pt_ok(pt_tls13_verify_finished(SHA256, base_key, th, expected));
}

/* ---------------------------------------------------------------- section 3 */

START_TEST(simple_1rtt_every_secret_key_and_finished)
{
    pt_transcript t;
    pt_ks13 ks;
    uint8_t c_hs[32], s_hs[32], c_ap[32], s_ap[32], out[32];
    pt_slice ecdhe = pt_test_hx(RFC8448_S3_ECDHE);

    /* The client sends ClientHello before the suite is known: the transcript buffers it. */
    pt_transcript_init(&t);
    add(&t, RFC8448_S3_CH);
    ck_assert_ptr_null(pt_transcript_hash(&t));
    add(&t, RFC8448_S3_SH);
    /* ServerHello selects TLS_AES_128_GCM_SHA256: hash what was buffered and carry on hashing. */
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    ck_assert_uint_eq(pt_transcript_messages(&t).len, 0);
    check_transcript(&t, RFC8448_S3_TH_CH_SH);

    /* {server} extract secret "early" (no PSK) */
    ck_assert_pt_ok(pt_ks13_init(&ks, SHA256, PT_SLICE_EMPTY));
    ck_assert_hex_eq(ks.secret, 32, RFC8448_S3_EARLY);
    /* {server} derive secret for handshake "tls13 derived" */
    ck_assert_pt_ok(pt_derive_secret_empty(SHA256, pt_slice_of(ks.secret, 32), PT_LABEL("derived"), out));
    ck_assert_hex_eq(out, 32, RFC8448_S3_DERIVED_HS);
    /* {server} extract secret "handshake" */
    ck_assert_pt_ok(pt_ks13_to_handshake(&ks, ecdhe));
    ck_assert_int_eq(ks.stage, PT_KS13_HANDSHAKE);
    ck_assert_hex_eq(ks.secret, 32, RFC8448_S3_HS);

    uint8_t th[PT_HASH_MAX];
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_pt_ok(pt_ks13_handshake_traffic(&ks, th, c_hs, s_hs));
    ck_assert_hex_eq(c_hs, 32, RFC8448_S3_C_HS);
    ck_assert_hex_eq(s_hs, 32, RFC8448_S3_S_HS);
    check_keys(s_hs, RFC8448_S3_S_HS_KEY, RFC8448_S3_S_HS_IV);
    check_keys(c_hs, RFC8448_S3_C_HS_KEY, RFC8448_S3_C_HS_IV);

    /* {server} derive secret for master "tls13 derived", extract secret "master" */
    ck_assert_pt_ok(pt_derive_secret_empty(SHA256, pt_slice_of(ks.secret, 32), PT_LABEL("derived"), out));
    ck_assert_hex_eq(out, 32, RFC8448_S3_DERIVED_MS);
    ck_assert_pt_ok(pt_ks13_to_master(&ks));
    ck_assert_hex_eq(ks.secret, 32, RFC8448_S3_MASTER);

    /* {server} calculate finished "tls13 finished" over CH..CertificateVerify */
    add(&t, RFC8448_S3_EE);
    add(&t, RFC8448_S3_CERT);
    add(&t, RFC8448_S3_CV);
    ck_assert_pt_ok(pt_tls13_finished_key(SHA256, s_hs, out));
    ck_assert_hex_eq(out, 32, RFC8448_S3_S_FIN_KEY);
    check_finished(&t, s_hs, RFC8448_S3_SFIN);
    ck_assert_hex_eq(finished_body(RFC8448_S3_SFIN).p, 32, RFC8448_S3_S_VERIFY);

    /* Application secrets over CH..server Finished */
    add(&t, RFC8448_S3_SFIN);
    check_transcript(&t, RFC8448_S3_TH_CH_SF);
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_pt_ok(pt_ks13_app_traffic(&ks, th, c_ap, s_ap));
    ck_assert_hex_eq(c_ap, 32, RFC8448_S3_C_AP);
    ck_assert_hex_eq(s_ap, 32, RFC8448_S3_S_AP);
    ck_assert_pt_ok(pt_ks13_exporter_master(&ks, th, out));
    ck_assert_hex_eq(out, 32, RFC8448_S3_EXP_MASTER);
    check_keys(s_ap, RFC8448_S3_S_AP_KEY, RFC8448_S3_S_AP_IV);
    check_keys(c_ap, RFC8448_S3_C_AP_KEY, RFC8448_S3_C_AP_IV);

    /* {client} calculate finished "tls13 finished" over CH..server Finished */
    ck_assert_pt_ok(pt_tls13_finished_key(SHA256, c_hs, out));
    ck_assert_hex_eq(out, 32, RFC8448_S3_C_FIN_KEY);
    check_finished(&t, c_hs, RFC8448_S3_CFIN);
    ck_assert_hex_eq(finished_body(RFC8448_S3_CFIN).p, 32, RFC8448_S3_C_VERIFY);

    /* {client} derive secret "tls13 res master" over CH..client Finished, then the ticket PSK */
    add(&t, RFC8448_S3_CFIN);
    check_transcript(&t, RFC8448_S3_TH_CH_CF);
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    uint8_t res[32];
    ck_assert_pt_ok(pt_ks13_resumption_master(&ks, th, res));
    ck_assert_hex_eq(res, 32, RFC8448_S3_RES_MASTER);
    /* The NewSessionTicket carries ticket_nonce = 00 00 (lifetime 4, age_add 4, nonce<1>). */
    pt_slice nst = pt_test_hx(RFC8448_S3_NST);
    pt_slice nonce = pt_test_hx(RFC8448_S3_NONCE);
    ck_assert_uint_eq(nst.p[4 + 8], nonce.len);
    ck_assert_mem_eq(nst.p + 4 + 9, nonce.p, nonce.len);
    ck_assert_pt_ok(pt_tls13_resumption_psk(SHA256, res, nonce, out));
    ck_assert_hex_eq(out, 32, RFC8448_S3_PSK);

    pt_ks13_wipe(&ks);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(simple_1rtt_server_view_hashes_from_the_start)
{
    /* A server knows the hash once it has read ClientHello; the transcript hashes from there. */
    pt_transcript t;
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    add(&t, RFC8448_S3_CH);
    add(&t, RFC8448_S3_SH);
    check_transcript(&t, RFC8448_S3_TH_CH_SH);
    add(&t, RFC8448_S3_EE);
    add(&t, RFC8448_S3_CERT);
    add(&t, RFC8448_S3_CV);
    add(&t, RFC8448_S3_SFIN);
    check_transcript(&t, RFC8448_S3_TH_CH_SF);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(finished_rejects_every_flipped_bit_and_wrong_length)
{
    pt_slice s_hs = pt_test_hx(RFC8448_S3_S_HS);
    pt_slice th = pt_test_hx(RFC8448_S3_TH_CH_SF); /* any transcript hash will do; the MAC is what is tested */
    uint8_t vd[32], bad[33];
    const pt_err decrypt_error = PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_DECRYPT_ERROR);

    ck_assert_pt_ok(pt_tls13_verify_data(SHA256, s_hs.p, th.p, vd));
    ck_assert_pt_ok(pt_tls13_verify_finished(SHA256, s_hs.p, th.p, pt_slice_of(vd, 32)));
    for (size_t i = 0; i < 32 * 8; i++) {
        memcpy(bad, vd, 32);
        bad[i / 8] ^= (uint8_t)(1u << (i % 8));
        ck_assert_pt_err(pt_tls13_verify_finished(SHA256, s_hs.p, th.p, pt_slice_of(bad, 32)), decrypt_error);
    }
    memcpy(bad, vd, 32);
    bad[32] = 0;
    ck_assert_pt_err(pt_tls13_verify_finished(SHA256, s_hs.p, th.p, pt_slice_of(bad, 33)), decrypt_error);
    ck_assert_pt_err(pt_tls13_verify_finished(SHA256, s_hs.p, th.p, pt_slice_of(vd, 31)), decrypt_error);
    ck_assert_pt_err(pt_tls13_verify_finished(SHA256, s_hs.p, th.p, PT_SLICE_EMPTY), decrypt_error);
}
END_TEST

/* ---------------------------------------------------------------- section 4 */

START_TEST(resumed_0rtt_psk_binder_and_early_secrets)
{
    pt_transcript t;
    pt_ks13 ks;
    uint8_t psk[32], binder_key[32], th[PT_HASH_MAX], out[32];
    pt_slice ch = pt_test_hx(RFC8448_S4_CH);
    pt_slice truncated = pt_slice_of(ch.p, RFC8448_S4_CH_TRUNCATED_LEN);

    /* The PSK comes from section 3's resumption secret and the ticket nonce (RFC 8446 4.6.1). */
    ck_assert_pt_ok(pt_tls13_resumption_psk(SHA256, pt_test_hx(RFC8448_S3_RES_MASTER).p, pt_test_hx(RFC8448_S3_NONCE), psk));
    ck_assert_hex_eq(psk, 32, RFC8448_S3_PSK);

    /* {client} extract secret "early" with the PSK */
    ck_assert_pt_ok(pt_ks13_init(&ks, SHA256, pt_slice_of(psk, 32)));
    ck_assert_hex_eq(ks.secret, 32, RFC8448_S4_EARLY);

    /* {client} calculate PSK binder: before sending ClientHello the transcript is empty and
     * buffering; the binder hash covers the ClientHello up to the binders list. */
    pt_transcript_init(&t);
    ck_assert_pt_ok(pt_transcript_current_with(&t, SHA256, truncated, th));
    ck_assert_hex_eq(th, 32, RFC8448_S4_BINDER_HASH);
    ck_assert_pt_ok(pt_ks13_binder_key(&ks, false, binder_key));
    ck_assert_hex_eq(binder_key, 32, RFC8448_S4_BINDER_KEY);
    ck_assert_pt_ok(pt_tls13_finished_key(SHA256, binder_key, out));
    ck_assert_hex_eq(out, 32, RFC8448_S4_BINDER_FIN_KEY);
    ck_assert_pt_ok(pt_tls13_binder(SHA256, binder_key, th, out));
    ck_assert_hex_eq(out, 32, RFC8448_S4_BINDER);
    /* ... and it is the binder the ClientHello carries: binders<33..2^16-1> = 00 21, 20, binder. */
    ck_assert_uint_eq(ch.len, RFC8448_S4_CH_TRUNCATED_LEN + 2 + 1 + 32);
    ck_assert_mem_eq(ch.p + RFC8448_S4_CH_TRUNCATED_LEN, "\x00\x21\x20", 3);
    pt_slice wire_binder = pt_slice_of(ch.p + RFC8448_S4_CH_TRUNCATED_LEN + 3, 32);
    ck_assert_mem_eq(out, wire_binder.p, 32);
    /* The server's check accepts it, and rejects a binder with any bit flipped. */
    ck_assert_pt_ok(pt_tls13_verify_binder(SHA256, binder_key, th, wire_binder));
    for (size_t i = 0; i < 32 * 8; i++) {
        uint8_t bad[32];
        memcpy(bad, wire_binder.p, 32);
        bad[i / 8] ^= (uint8_t)(1u << (i % 8));
        ck_assert_pt_err(pt_tls13_verify_binder(SHA256, binder_key, th, pt_slice_of(bad, 32)),
                         PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    }
    /* An "ext binder" key is a different key (external PSKs are domain-separated). */
    ck_assert_pt_ok(pt_ks13_binder_key(&ks, true, out));
    ck_assert_mem_ne(out, binder_key, 32);

    /* {client} derive secret "tls13 c e traffic" / "tls13 e exp master" over the whole ClientHello */
    ck_assert_pt_ok(pt_transcript_add(&t, ch.p, ch.len));
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    check_transcript(&t, RFC8448_S4_TH_CH);
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_pt_ok(pt_ks13_client_early_traffic(&ks, th, out));
    ck_assert_hex_eq(out, 32, RFC8448_S4_C_E);
    check_keys(out, RFC8448_S4_EARLY_KEY, RFC8448_S4_EARLY_IV);
    ck_assert_pt_ok(pt_ks13_early_exporter_master(&ks, th, out));
    ck_assert_hex_eq(out, 32, RFC8448_S4_E_EXP);

    /* The rest of the resumed handshake: (EC)DHE on top of the PSK. */
    uint8_t c_hs[32], s_hs[32], c_ap[32];
    add(&t, RFC8448_S4_SH);
    ck_assert_pt_ok(pt_ks13_to_handshake(&ks, pt_test_hx(RFC8448_S4_ECDHE)));
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_pt_ok(pt_ks13_handshake_traffic(&ks, th, c_hs, s_hs));
    check_keys(s_hs, RFC8448_S4_S_HS_KEY, RFC8448_S4_S_HS_IV);
    add(&t, RFC8448_S4_EE);
    check_finished(&t, s_hs, RFC8448_S4_SFIN);
    add(&t, RFC8448_S4_SFIN);
    ck_assert_pt_ok(pt_ks13_to_master(&ks));
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_pt_ok(pt_ks13_app_traffic(&ks, th, c_ap, NULL));
    check_keys(c_ap, RFC8448_S4_C_AP_KEY, RFC8448_S4_C_AP_IV);
    /* The client's Finished follows EndOfEarlyData. */
    add(&t, RFC8448_S4_EOED);
    check_finished(&t, c_hs, RFC8448_S4_CFIN);

    pt_ks13_wipe(&ks);
    pt_transcript_free(&t);
}
END_TEST

/* ---------------------------------------------------------------- section 5 */

/* _i == 0: the client's view (ClientHello1 buffered before the HRR names the suite);
 * _i == 1: the server's view (hash chosen when ClientHello1 arrives). */
START_TEST(hello_retry_request_transcript_and_secrets)
{
    pt_transcript t;
    pt_ks13 ks;
    uint8_t th[PT_HASH_MAX], c_hs[32], s_hs[32], c_ap[32], s_ap[32], out[32];

    pt_transcript_init(&t);
    if (_i == 1) {
        ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    }
    add(&t, RFC8448_S5_CH1);
    if (_i == 0) {
        ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    }
    /* RFC 8446 4.4.1: ClientHello1 becomes message_hash || 00 00 20 || Hash(ClientHello1). */
    ck_assert_pt_ok(pt_transcript_hrr_rewrite(&t));
    add(&t, RFC8448_S5_HRR);
    add(&t, RFC8448_S5_CH2);
    add(&t, RFC8448_S5_SH);
    check_transcript(&t, RFC8448_S5_TH_CH_SH);

    ck_assert_pt_ok(pt_ks13_init(&ks, SHA256, PT_SLICE_EMPTY));
    ck_assert_hex_eq(ks.secret, 32, RFC8448_S3_EARLY); /* no PSK: the same early secret as section 3 */
    ck_assert_pt_ok(pt_ks13_to_handshake(&ks, pt_test_hx(RFC8448_S5_ECDHE)));
    ck_assert_hex_eq(ks.secret, 32, RFC8448_S5_HS);
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_pt_ok(pt_ks13_handshake_traffic(&ks, th, c_hs, s_hs));
    ck_assert_hex_eq(c_hs, 32, RFC8448_S5_C_HS);
    ck_assert_hex_eq(s_hs, 32, RFC8448_S5_S_HS);
    check_keys(s_hs, RFC8448_S5_S_HS_KEY, RFC8448_S5_S_HS_IV);
    check_keys(c_hs, RFC8448_S5_C_HS_KEY, RFC8448_S5_C_HS_IV);
    ck_assert_pt_ok(pt_ks13_to_master(&ks));
    ck_assert_hex_eq(ks.secret, 32, RFC8448_S5_MASTER);

    add(&t, RFC8448_S5_EE);
    add(&t, RFC8448_S5_CERT);
    add(&t, RFC8448_S5_CV);
    ck_assert_pt_ok(pt_tls13_finished_key(SHA256, s_hs, out));
    ck_assert_hex_eq(out, 32, RFC8448_S5_S_FIN_KEY);
    check_finished(&t, s_hs, RFC8448_S5_SFIN);
    add(&t, RFC8448_S5_SFIN);
    check_transcript(&t, RFC8448_S5_TH_CH_SF);
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_pt_ok(pt_ks13_app_traffic(&ks, th, c_ap, s_ap));
    ck_assert_hex_eq(c_ap, 32, RFC8448_S5_C_AP);
    ck_assert_hex_eq(s_ap, 32, RFC8448_S5_S_AP);
    ck_assert_pt_ok(pt_ks13_exporter_master(&ks, th, out));
    ck_assert_hex_eq(out, 32, RFC8448_S5_EXP_MASTER);
    check_keys(s_ap, RFC8448_S5_S_AP_KEY, RFC8448_S5_S_AP_IV);
    check_keys(c_ap, RFC8448_S5_C_AP_KEY, RFC8448_S5_C_AP_IV);
    ck_assert_pt_ok(pt_tls13_finished_key(SHA256, c_hs, out));
    ck_assert_hex_eq(out, 32, RFC8448_S5_C_FIN_KEY);
    check_finished(&t, c_hs, RFC8448_S5_CFIN);
    add(&t, RFC8448_S5_CFIN);
    check_transcript(&t, RFC8448_S5_TH_CH_CF);

    pt_ks13_wipe(&ks);
    pt_transcript_free(&t);
}
END_TEST

START_TEST(hello_retry_request_without_rewrite_does_not_match)
{
    /* The rewrite is what makes the trace match: hashing ClientHello1 verbatim gives another value. */
    pt_transcript t;
    uint8_t th[PT_HASH_MAX];
    pt_transcript_init(&t);
    add(&t, RFC8448_S5_CH1);
    ck_assert_pt_ok(pt_transcript_start_hash(&t, SHA256, false));
    add(&t, RFC8448_S5_HRR);
    add(&t, RFC8448_S5_CH2);
    add(&t, RFC8448_S5_SH);
    ck_assert_pt_ok(pt_transcript_current(&t, th));
    ck_assert_mem_ne(th, pt_test_hx(RFC8448_S5_TH_CH_SH).p, 32);
    pt_transcript_free(&t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rfc8448");
    TCase *tc = tcase_create("simple_1rtt");
    tcase_add_checked_fixture(tc, pt_test_hx_reset, NULL);
    tcase_add_test(tc, simple_1rtt_every_secret_key_and_finished);
    tcase_add_test(tc, simple_1rtt_server_view_hashes_from_the_start);
    tcase_add_test(tc, finished_rejects_every_flipped_bit_and_wrong_length);
    suite_add_tcase(s, tc);

    tc = tcase_create("resumed_0rtt");
    tcase_add_checked_fixture(tc, pt_test_hx_reset, NULL);
    tcase_add_test(tc, resumed_0rtt_psk_binder_and_early_secrets);
    suite_add_tcase(s, tc);

    tc = tcase_create("hello_retry_request");
    tcase_add_checked_fixture(tc, pt_test_hx_reset, NULL);
    tcase_add_loop_test(tc, hello_retry_request_transcript_and_secrets, 0, 2);
    tcase_add_test(tc, hello_retry_request_without_rewrite_does_not_match);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
