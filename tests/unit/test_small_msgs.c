/*
 * test_small_msgs.c - the small fixed-shape messages: Finished (src/msgs/finished.c), KeyUpdate
 * (key_update.c), EndOfEarlyData (end_of_early_data.c), Alert (alert.c) and ChangeCipherSpec
 * (change_cipher_spec.c).  ServerHelloDone is tested with the TLS 1.2 key exchange.
 *
 * Real messages: the Finished and EndOfEarlyData messages of RFC 8448 sections 3, 4 and 5
 * (checked against the verify_data values the traces print), and the Finished, KeyUpdate,
 * ChangeCipherSpec and Alert messages of the captured OpenSSL handshakes
 * (tests/unit/capture_data.h).
 */
#include "msgs/alert.h"
#include "msgs/change_cipher_spec.h"
#include "msgs/end_of_early_data.h"
#include "msgs/finished.h"
#include "msgs/key_update.h"
#include "unit/capture_data.h"
#include "unit/msgs_testutil.h"
#include "vectors/rfc8448_data.h"

#define E_BAD_FINISHED PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_DECRYPT_ERROR)
#define E_KEY_UPDATE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE)
#define E_CCS PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CCS)
#define E_CCS13 PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/* ---------------------------------------------------------------- Finished */

START_TEST(decodes_rfc8448_finished)
{
    /* Each Finished body is the verify_data the trace computes ("calculate finished ...
     * finished"); SHA-256, so 32 bytes. */
    static const struct {
        const char *msg, *verify;
    } cases[] = {{RFC8448_S3_SFIN, RFC8448_S3_S_VERIFY}, {RFC8448_S3_CFIN, RFC8448_S3_C_VERIFY}};
    for (size_t i = 0; i < PT_ARRAY_LEN(cases); i++) {
        pt_slice body = hs_body(cases[i].msg, PT_HS_FINISHED);
        pt_finished f;
        ck_assert_pt_ok(pt_finished_decode(body, 32, &f));
        ck_assert_slice_eq(f.verify_data, hx(cases[i].verify));
        ck_assert_ptr_eq(f.verify_data.p, body.p);
        ck_assert_pt_ok(pt_finished_check(&f, hx(cases[i].verify)));
        /* the other side's value is refused */
        ck_assert_pt_err(pt_finished_check(&f, hx(cases[1 - i].verify)), E_BAD_FINISHED);

        pt_writer w;
        t_writer(&w, 64);
        pt_wvec v = pt_hs_open(&w, PT_HS_FINISHED);
        pt_finished_encode(&w, &f);
        pt_w_close_vec(&w, v);
        ck_assert_written(&w, hx(cases[i].msg));
    }
    /* sections 4 and 5 */
    const char *more[] = {RFC8448_S4_SFIN, RFC8448_S4_CFIN, RFC8448_S5_SFIN, RFC8448_S5_CFIN};
    for (size_t i = 0; i < PT_ARRAY_LEN(more); i++) {
        pt_finished f;
        ck_assert_pt_ok(pt_finished_decode(hs_body(more[i], PT_HS_FINISHED), 32, &f));
        ck_assert_reencodes(pt_finished_encode, &f, hs_body(more[i], PT_HS_FINISHED));
    }
}
END_TEST

START_TEST(finished_length_is_the_suites)
{
    /* TLS 1.3 with SHA-384 (the capture): 48 bytes; TLS 1.2: 12 bytes (RFC 5246 7.4.9) */
    pt_finished f;
    ck_assert_pt_ok(pt_finished_decode(hs_body(TLS13_CAP_SFIN, PT_HS_FINISHED), 48, &f));
    ck_assert_pt_ok(pt_finished_decode(hs_body(TLS13_CAP_CFIN, PT_HS_FINISHED), 48, &f));
    ck_assert_pt_err(pt_finished_decode(hs_body(TLS13_CAP_SFIN, PT_HS_FINISHED), 32, &f), E_BAD_FINISHED);
    ck_assert_pt_ok(pt_finished_decode(hs_body(TLS12_CAP_CFIN, PT_HS_FINISHED), PT_TLS12_VERIFY_DATA_LEN, &f));
    ck_assert_hex_eq(f.verify_data.p, f.verify_data.len, "92915f3fc9f6a2bbdf7be6a4");
    ck_assert_pt_ok(pt_finished_decode(hs_body(TLS12_CAP_SFIN, PT_HS_FINISHED), PT_TLS12_VERIFY_DATA_LEN, &f));

    /* any other length is a wrong verify_data: decrypt_error, as rustls, never decode_error */
    pt_slice body = hs_body(RFC8448_S3_SFIN, PT_HS_FINISHED);
    for (size_t n = 0; n < body.len; n++) {
        ck_assert_pt_err(pt_finished_decode(pt_slice_of(body.p, n), 32, &f), E_BAD_FINISHED);
    }
    ck_assert_pt_err(pt_finished_decode(t_append(body, 0x00), 32, &f), E_BAD_FINISHED);
    ck_assert_pt_err(pt_finished_decode(hs_body(TLS12_CAP_SFIN, PT_HS_FINISHED), 32, &f), E_BAD_FINISHED);
}
END_TEST

START_TEST(finished_check_catches_every_bit)
{
    /* tamper test: every single-bit change of the received verify_data is refused */
    pt_slice expected = hx(RFC8448_S3_S_VERIFY);
    uint8_t got[32];
    for (size_t i = 0; i < 32 * 8; i++) {
        memcpy(got, expected.p, 32);
        got[i / 8] ^= (uint8_t)(1u << (i % 8));
        pt_finished f;
        ck_assert_pt_ok(pt_finished_decode(pt_slice_of(got, 32), 32, &f));
        ck_assert_pt_err(pt_finished_check(&f, expected), E_BAD_FINISHED);
    }
    /* a length mismatch, too */
    pt_finished f = {pt_slice_of(expected.p, 31)};
    ck_assert_pt_err(pt_finished_check(&f, expected), E_BAD_FINISHED);
}
END_TEST

/* ---------------------------------------------------------------- KeyUpdate */

static pt_err dec_ku(pt_slice b)
{
    pt_key_update ku;
    return pt_key_update_decode(b, &ku);
}

START_TEST(key_update_codec)
{
    /* the capture: OpenSSL's "K" command sends update_requested */
    pt_key_update ku;
    pt_slice body = hs_body(TLS13_CAP_KEY_UPDATE, PT_HS_KEY_UPDATE);
    ck_assert_pt_ok(pt_key_update_decode(body, &ku));
    ck_assert_int_eq(ku.request_update, PT_KEY_UPDATE_REQUESTED);
    ck_assert_reencodes(pt_key_update_encode, &ku, body);
    ck_assert_pt_ok(pt_key_update_decode(hx("00"), &ku));
    ck_assert_int_eq(ku.request_update, PT_KEY_UPDATE_NOT_REQUESTED);
    ck_assert_reencodes(pt_key_update_encode, &ku, hx("00"));

    /* RFC 8446 section 4.6.3: any other value is illegal_parameter */
    for (unsigned v = 2; v < 256; v++) {
        uint8_t b = (uint8_t)v;
        ck_assert_pt_err(dec_ku(pt_slice_of(&b, 1)), E_KEY_UPDATE);
    }
    ck_assert_pt_err(dec_ku(PT_SLICE_EMPTY), E_MISSING);
    ck_assert_pt_err(dec_ku(hx("0000")), E_TRAILING);
    ck_assert_pt_err(dec_ku(hx("0100")), E_TRAILING);
    /* the message is finished before its value is judged, as rustls does */
    ck_assert_pt_err(dec_ku(hx("0200")), E_TRAILING);
}
END_TEST

/* ---------------------------------------------------------------- EndOfEarlyData */

START_TEST(end_of_early_data_codec)
{
    /* RFC 8448 section 4: "05000000" */
    ck_assert_pt_ok(pt_end_of_early_data_decode(hs_body(RFC8448_S4_EOED, PT_HS_END_OF_EARLY_DATA)));
    ck_assert_pt_ok(pt_end_of_early_data_decode(PT_SLICE_EMPTY));
    ck_assert_pt_err(pt_end_of_early_data_decode(hx("00")), E_TRAILING);
    ck_assert_pt_err(pt_end_of_early_data_decode(hx("05000000")), E_TRAILING);
    /* what a sender writes: the header alone */
    pt_writer w;
    t_writer(&w, 8);
    pt_wvec v = pt_hs_open(&w, PT_HS_END_OF_EARLY_DATA);
    pt_w_close_vec(&w, v);
    ck_assert_written(&w, hx(RFC8448_S4_EOED));
}
END_TEST

/* ---------------------------------------------------------------- Alert */

static pt_err dec_alert(pt_slice b)
{
    pt_alert_msg a;
    return pt_alert_decode(b, &a);
}

START_TEST(alert_codec)
{
    /* both captures end with warning(1) close_notify(0) */
    pt_alert_msg a;
    ck_assert_pt_ok(pt_alert_decode(hx(TLS12_CAP_ALERT), &a));
    ck_assert_uint_eq(a.level, PT_ALERT_LEVEL_WARNING);
    ck_assert_uint_eq(a.description, PT_ALERT_CLOSE_NOTIFY);
    ck_assert_reencodes(pt_alert_encode, &a, hx(TLS12_CAP_ALERT));
    ck_assert_pt_ok(pt_alert_decode(hx(TLS13_CAP_ALERT), &a));
    ck_assert_uint_eq(a.description, PT_ALERT_CLOSE_NOTIFY);

    pt_alert_msg fatal = {PT_ALERT_LEVEL_FATAL, PT_ALERT_BAD_RECORD_MAC};
    ck_assert_reencodes(pt_alert_encode, &fatal, hx("0214"));
    ck_assert_pt_ok(pt_alert_decode(hx("0214"), &a));
    ck_assert_uint_eq(a.level, PT_ALERT_LEVEL_FATAL);
    ck_assert_uint_eq(a.description, PT_ALERT_BAD_RECORD_MAC);
    /* descriptions we do not know are carried, not refused (121: encrypted_client_hello_required) */
    ck_assert_pt_ok(pt_alert_decode(hx("0279"), &a));
    ck_assert_uint_eq(a.description, 121);

    t_every_prefix_truncated(dec_alert, hx("0228"));
    ck_assert_pt_err(dec_alert(hx("022800")), E_TRAILING);
    ck_assert_pt_err(dec_alert(hx("0528ff")), E_TRAILING);
    /* an unknown level: rustls answers illegal_parameter and reports the alert it carried */
    ck_assert_pt_err(dec_alert(hx("0028")), PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE));
    ck_assert_pt_err(dec_alert(hx("0300")), PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_ALERT_CLOSE_NOTIFY));
    ck_assert_pt_err(dec_alert(hx("ff99")), PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_ALERT_UNKNOWN));
}
END_TEST

START_TEST(alert_received_result_covers_every_description)
{
    /* Cross-check with base/err.c's independent tables: every description with a name maps to
     * the RUSTLS_RESULT_ALERT_* whose text names it; every other one to ALERT_UNKNOWN. */
    size_t named = 0;
    for (unsigned d = 0; d < 256; d++) {
        rustls_result r = pt_alert_received_result((uint8_t)d);
        const char *name = pt_alert_name((int)d);
        if (strcmp(name, "unknown") == 0) {
            ck_assert_int_eq(r, RUSTLS_RESULT_ALERT_UNKNOWN);
            continue;
        }
        named++;
        ck_assert_int_ge(r, RUSTLS_RESULT_ALERT_CLOSE_NOTIFY);
        ck_assert_int_lt(r, RUSTLS_RESULT_ALERT_UNKNOWN);
        ck_assert_msg(strstr(pt_result_text(r), name) != NULL, "alert %u (%s) -> %d (%s)", d, name, (int)r,
                      pt_result_text(r));
    }
    ck_assert_uint_eq(named, 34); /* rustls-ffi names 34 alerts (7200..7233) */
}
END_TEST

/* ---------------------------------------------------------------- ChangeCipherSpec */

START_TEST(change_cipher_spec_codec)
{
    /* both captures send the single byte 01 (the TLS 1.3 one for middlebox compatibility) */
    ck_assert_pt_ok(pt_ccs_decode(hx(TLS12_CAP_CCS)));
    ck_assert_pt_ok(pt_ccs_decode_tls13(hx(TLS12_CAP_CCS)));
    uint8_t buf[4];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_ccs_encode(&w);
    ck_assert_written(&w, hx("01"));

    /* TLS 1.2: rustls's ChangeCipherSpecPayload */
    ck_assert_pt_err(pt_ccs_decode(PT_SLICE_EMPTY), E_MISSING);
    ck_assert_pt_err(pt_ccs_decode(hx("00")), E_CCS);
    ck_assert_pt_err(pt_ccs_decode(hx("02")), E_CCS);
    ck_assert_pt_err(pt_ccs_decode(hx("ff")), E_CCS);
    ck_assert_pt_err(pt_ccs_decode(hx("0201")), E_CCS);
    ck_assert_pt_err(pt_ccs_decode(hx("0101")), E_TRAILING);
    ck_assert_pt_err(pt_ccs_decode(hx("0100")), E_TRAILING);

    /* TLS 1.3 middlebox CCS: anything but exactly 01 is unexpected_message (RFC 8446 section 5) */
    ck_assert_pt_err(pt_ccs_decode_tls13(PT_SLICE_EMPTY), E_CCS13);
    ck_assert_pt_err(pt_ccs_decode_tls13(hx("00")), E_CCS13);
    ck_assert_pt_err(pt_ccs_decode_tls13(hx("02")), E_CCS13);
    ck_assert_pt_err(pt_ccs_decode_tls13(hx("0101")), E_CCS13);
}
END_TEST

static Suite *small_msgs_suite(void)
{
    Suite *s = suite_create("small_msgs");
    TCase *tc = tcase_create("finished");
    tcase_add_test(tc, decodes_rfc8448_finished);
    tcase_add_test(tc, finished_length_is_the_suites);
    tcase_add_test(tc, finished_check_catches_every_bit);
    suite_add_tcase(s, tc);
    tc = tcase_create("key_update");
    tcase_add_test(tc, key_update_codec);
    suite_add_tcase(s, tc);
    tc = tcase_create("end_of_early_data");
    tcase_add_test(tc, end_of_early_data_codec);
    suite_add_tcase(s, tc);
    tc = tcase_create("alert");
    tcase_add_test(tc, alert_codec);
    tcase_add_test(tc, alert_received_result_covers_every_description);
    suite_add_tcase(s, tc);
    tc = tcase_create("change_cipher_spec");
    tcase_add_test(tc, change_cipher_spec_codec);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(small_msgs_suite());
}
