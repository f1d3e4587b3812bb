/*
 * test_err.c - the pt_err packing (rustls_result + alert), the OK mapping, the control-flow
 * macros, and the alert names of RFC 8446 section 6 and RFC 5246 section 7.2.
 */
#include <string.h>

#include "base/err.h"
#include "testlib/pttest.h"

/* Every alert description: RFC 8446 section 6 / B.2, RFC 5246 section 7.2, RFC 6066 (111, 114). */
static const struct {
    int value;
    const char *name;
} alerts[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {21, "decryption_failed"},
    {22, "record_overflow"},
    {30, "decompression_failure"},
    {40, "handshake_failure"},
    {41, "no_certificate"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {60, "export_restriction"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {111, "certificate_unobtainable"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
};

START_TEST(ok_is_success_and_maps_to_result_ok)
{
    pt_err e = PT_OK;
    ck_assert(pt_ok(e));
    ck_assert(!pt_failed(e));
    ck_assert_uint_eq(pt_err_result(e), RUSTLS_RESULT_OK);
    ck_assert_int_eq(pt_err_alert(e), -1);
    ck_assert(pt_err_eq(e, PT_OK));
}
END_TEST

/* Both halves come back out for every result code and every alert. */
START_TEST(packs_result_and_alert)
{
    static const unsigned results[] = {
        RUSTLS_RESULT_IO, RUSTLS_RESULT_MESSAGE_MISSING_DATA, RUSTLS_RESULT_CERT_UNKNOWN_ISSUER,
        RUSTLS_RESULT_ALERT_UNKNOWN, RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_SIGNATURE_ALGORITHM,
        RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED,
    };
    for (size_t i = 0; i < PT_ARRAY_LEN(results); i++) {
        for (int a = 0; a <= 255; a++) {
            pt_err e = {results[i] | ((uint32_t)a << 16) | PT_ERR_HAS_ALERT};
            ck_assert(pt_failed(e));
            ck_assert_uint_eq(pt_err_result(e), results[i]);
            ck_assert_int_eq(pt_err_alert(e), a);
        }
    }
}
END_TEST

START_TEST(err_macro_carries_named_alert)
{
    pt_err e = PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TRAILING_DATA);
    ck_assert(pt_failed(e));
    ck_assert_uint_eq(pt_err_result(e), 7147);
    ck_assert_int_eq(pt_err_alert(e), 50);

    /* close_notify is alert 0: still an alert, not "no alert". */
    e = PT_ERR(CLOSE_NOTIFY, RUSTLS_RESULT_GENERAL);
    ck_assert_int_eq(pt_err_alert(e), 0);
    ck_assert_uint_eq(pt_err_result(e), RUSTLS_RESULT_GENERAL);

    e = PT_ERR(NO_APPLICATION_PROTOCOL, RUSTLS_RESULT_NO_APPLICATION_PROTOCOL);
    ck_assert_int_eq(pt_err_alert(e), 120);
    ck_assert_uint_eq(pt_err_result(e), 7106);
}
END_TEST

START_TEST(noalert_gives_minus_one)
{
    pt_err e = PT_ERR_NOALERT(RUSTLS_RESULT_INSUFFICIENT_SIZE);
    ck_assert(pt_failed(e));
    ck_assert_int_eq(pt_err_alert(e), -1);
    ck_assert_uint_eq(pt_err_result(e), RUSTLS_RESULT_INSUFFICIENT_SIZE);
    ck_assert(!pt_err_eq(e, PT_ERR(CLOSE_NOTIFY, RUSTLS_RESULT_INSUFFICIENT_SIZE)));
}
END_TEST

START_TEST(shorthands)
{
    ck_assert(pt_err_eq(PT_ERR_INTERNAL, PT_ERR(INTERNAL_ERROR, RUSTLS_RESULT_GENERAL)));
    ck_assert_int_eq(pt_err_alert(PT_ERR_INTERNAL), 80);
    pt_err d = PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TOO_SHORT);
    ck_assert_int_eq(pt_err_alert(d), 50);
    ck_assert_uint_eq(pt_err_result(d), RUSTLS_RESULT_MESSAGE_TOO_SHORT);
}
END_TEST

/* ------------------------------------------------------------------ control flow macros */

static int steps;

static pt_err fail_with(pt_err e)
{
    steps++;
    return e;
}

static pt_err use_try(pt_err first, pt_err second)
{
    PT_TRY(fail_with(first));
    PT_TRY(fail_with(second));
    steps += 10;
    return PT_OK;
}

static pt_err use_check(pt_err first, int *cleaned)
{
    pt_err err = PT_OK;
    PT_CHECK(fail_with(first));
    steps += 10;
out:
    (*cleaned)++;
    return err;
}

static pt_err use_ensure(bool cond)
{
    PT_ENSURE(cond, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

static pt_err use_ensure_out(bool cond, int *cleaned)
{
    pt_err err = PT_OK;
    PT_ENSURE_OUT(cond, PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    steps += 10;
out:
    (*cleaned)++;
    return err;
}

START_TEST(try_returns_first_failure)
{
    pt_err bad = PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_MISSING_DATA);
    steps = 0;
    ck_assert_pt_ok(use_try(PT_OK, PT_OK));
    ck_assert_int_eq(steps, 12);
    steps = 0;
    ck_assert_pt_err(use_try(bad, PT_OK), bad);
    ck_assert_int_eq(steps, 1);
    steps = 0;
    ck_assert_pt_err(use_try(PT_OK, bad), bad);
    ck_assert_int_eq(steps, 2);
}
END_TEST

START_TEST(check_jumps_to_out)
{
    int cleaned = 0;
    pt_err bad = PT_ERR_NOALERT(RUSTLS_RESULT_IO);
    steps = 0;
    ck_assert_pt_ok(use_check(PT_OK, &cleaned));
    ck_assert_int_eq(steps, 11);
    ck_assert_int_eq(cleaned, 1);
    steps = 0;
    ck_assert_pt_err(use_check(bad, &cleaned), bad);
    ck_assert_int_eq(steps, 1);
    ck_assert_int_eq(cleaned, 2);
}
END_TEST

START_TEST(ensure_forms)
{
    int cleaned = 0;
    ck_assert_pt_ok(use_ensure(true));
    ck_assert_pt_err(use_ensure(false), PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    steps = 0;
    ck_assert_pt_ok(use_ensure_out(true, &cleaned));
    ck_assert_int_eq(steps, 10);
    steps = 0;
    ck_assert_pt_err(use_ensure_out(false, &cleaned),
                     PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    ck_assert_int_eq(steps, 0);
    ck_assert_int_eq(cleaned, 2);
}
END_TEST

/* ------------------------------------------------------------------ alert names */

START_TEST(alert_enum_matches_rfc_values)
{
    ck_assert_int_eq(PT_ALERT_CLOSE_NOTIFY, 0);
    ck_assert_int_eq(PT_ALERT_DECRYPTION_FAILED, 21);
    ck_assert_int_eq(PT_ALERT_DECOMPRESSION_FAILURE, 30);
    ck_assert_int_eq(PT_ALERT_NO_CERTIFICATE, 41);
    ck_assert_int_eq(PT_ALERT_EXPORT_RESTRICTION, 60);
    ck_assert_int_eq(PT_ALERT_INAPPROPRIATE_FALLBACK, 86);
    ck_assert_int_eq(PT_ALERT_NO_RENEGOTIATION, 100);
    ck_assert_int_eq(PT_ALERT_CERTIFICATE_UNOBTAINABLE, 111);
    ck_assert_int_eq(PT_ALERT_UNRECOGNIZED_NAME, 112);
    ck_assert_int_eq(PT_ALERT_BAD_CERTIFICATE_HASH_VALUE, 114);
    ck_assert_int_eq(PT_ALERT_CERTIFICATE_REQUIRED, 116);
    ck_assert_int_eq(PT_ALERT_NO_APPLICATION_PROTOCOL, 120);
}
END_TEST

START_TEST(alert_names_cover_every_alert)
{
    for (size_t i = 0; i < PT_ARRAY_LEN(alerts); i++) {
        ck_assert_str_eq(pt_alert_name(alerts[i].value), alerts[i].name);
    }
}
END_TEST

START_TEST(other_alert_values_are_unknown)
{
    for (int v = -2; v <= 300; v++) {
        bool known = false;
        for (size_t i = 0; i < PT_ARRAY_LEN(alerts); i++) {
            known = known || alerts[i].value == v;
        }
        if (!known) {
            ck_assert_msg(strcmp(pt_alert_name(v), "unknown") == 0, "alert %d named %s", v, pt_alert_name(v));
        }
    }
}
END_TEST

START_TEST(result_text_of_unknown_code_is_invalid_parameter)
{
    const char *ip = pt_result_text(RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_str_ne(ip, pt_result_text(RUSTLS_RESULT_GENERAL));
    ck_assert_str_eq(pt_result_text(0), ip);
    ck_assert_str_eq(pt_result_text(7021), ip);
    ck_assert_str_eq(pt_result_text(0xffffffffu), ip);
    ck_assert_str_eq(pt_result_text(RUSTLS_RESULT_OK), "no error");
}
END_TEST

static Suite *err_suite(void)
{
    Suite *s = suite_create("err");
    TCase *tc = tcase_create("packing");
    tcase_add_test(tc, ok_is_success_and_maps_to_result_ok);
    tcase_add_test(tc, packs_result_and_alert);
    tcase_add_test(tc, err_macro_carries_named_alert);
    tcase_add_test(tc, noalert_gives_minus_one);
    tcase_add_test(tc, shorthands);
    suite_add_tcase(s, tc);

    tc = tcase_create("macros");
    tcase_add_test(tc, try_returns_first_failure);
    tcase_add_test(tc, check_jumps_to_out);
    tcase_add_test(tc, ensure_forms);
    suite_add_tcase(s, tc);

    tc = tcase_create("texts");
    tcase_add_test(tc, alert_enum_matches_rfc_values);
    tcase_add_test(tc, alert_names_cover_every_alert);
    tcase_add_test(tc, other_alert_values_are_unknown);
    tcase_add_test(tc, result_text_of_unknown_code_is_invalid_parameter);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(err_suite());
}
