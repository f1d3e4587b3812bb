/*
 * test_api_static.c - the static part of the public API: rustls_error for every result code,
 * rustls_result_is_cert_error, the string lookups, the version string and version arrays.
 */
#include "config.h"

#include <string.h>

#include "base/err.h"
#include "patina.h"
#include "testlib/pttest.h"

/* Every rustls_result of rustls-ffi 0.15.3 (librustls/src/rustls.h, enum rustls_result). */
static const unsigned int all_codes[] = {
    RUSTLS_RESULT_OK,
    RUSTLS_RESULT_IO,
    RUSTLS_RESULT_NULL_PARAMETER,
    RUSTLS_RESULT_INVALID_DNS_NAME_ERROR,
    RUSTLS_RESULT_PANIC,
    RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR,
    RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR,
    RUSTLS_RESULT_INSUFFICIENT_SIZE,
    RUSTLS_RESULT_NOT_FOUND,
    RUSTLS_RESULT_INVALID_PARAMETER,
    RUSTLS_RESULT_UNEXPECTED_EOF,
    RUSTLS_RESULT_PLAINTEXT_EMPTY,
    RUSTLS_RESULT_ACCEPTOR_NOT_READY,
    RUSTLS_RESULT_ALREADY_USED,
    RUSTLS_RESULT_CERTIFICATE_REVOCATION_LIST_PARSE_ERROR,
    RUSTLS_RESULT_NO_SERVER_CERT_VERIFIER,
    RUSTLS_RESULT_NO_DEFAULT_CRYPTO_PROVIDER,
    RUSTLS_RESULT_GET_RANDOM_FAILED,
    RUSTLS_RESULT_NO_CERT_RESOLVER,
    RUSTLS_RESULT_HPKE_ERROR,
    RUSTLS_RESULT_BUILDER_INCOMPATIBLE_TLS_VERSIONS,
    RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED,
    RUSTLS_RESULT_DECRYPT_ERROR,
    RUSTLS_RESULT_FAILED_TO_GET_CURRENT_TIME,
    RUSTLS_RESULT_FAILED_TO_GET_RANDOM_BYTES,
    RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE,
    RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD,
    RUSTLS_RESULT_NO_APPLICATION_PROTOCOL,
    RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE,
    RUSTLS_RESULT_UNSUPPORTED_NAME_TYPE,
    RUSTLS_RESULT_ENCRYPT_ERROR,
    RUSTLS_RESULT_CERT_ENCODING_BAD,
    RUSTLS_RESULT_CERT_EXPIRED,
    RUSTLS_RESULT_CERT_NOT_YET_VALID,
    RUSTLS_RESULT_CERT_REVOKED,
    RUSTLS_RESULT_CERT_UNHANDLED_CRITICAL_EXTENSION,
    RUSTLS_RESULT_CERT_UNKNOWN_ISSUER,
    RUSTLS_RESULT_CERT_BAD_SIGNATURE,
    RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME,
    RUSTLS_RESULT_CERT_INVALID_PURPOSE,
    RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE,
    RUSTLS_RESULT_CERT_OTHER_ERROR,
    RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS,
    RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST,
    RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM,
    RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE,
    RUSTLS_RESULT_MESSAGE_INVALID_CCS,
    RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE,
    RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE,
    RUSTLS_RESULT_MESSAGE_INVALID_CERT_REQUEST,
    RUSTLS_RESULT_MESSAGE_INVALID_DH_PARAMS,
    RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD,
    RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE,
    RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME,
    RUSTLS_RESULT_MESSAGE_TOO_LARGE,
    RUSTLS_RESULT_MESSAGE_TOO_SHORT,
    RUSTLS_RESULT_MESSAGE_MISSING_DATA,
    RUSTLS_RESULT_MESSAGE_MISSING_KEY_EXCHANGE,
    RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES,
    RUSTLS_RESULT_MESSAGE_TRAILING_DATA,
    RUSTLS_RESULT_MESSAGE_UNEXPECTED_MESSAGE,
    RUSTLS_RESULT_MESSAGE_UNKNOWN_PROTOCOL_VERSION,
    RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION,
    RUSTLS_RESULT_MESSAGE_UNSUPPORTED_CURVE_TYPE,
    RUSTLS_RESULT_MESSAGE_UNSUPPORTED_KEY_EXCHANGE_ALGORITHM,
    RUSTLS_RESULT_MESSAGE_INVALID_OTHER,
    RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE,
    RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR,
    RUSTLS_RESULT_PEER_MISBEHAVED_ERROR,
    RUSTLS_RESULT_INAPPROPRIATE_MESSAGE,
    RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE,
    RUSTLS_RESULT_GENERAL,
    RUSTLS_RESULT_ALERT_CLOSE_NOTIFY,
    RUSTLS_RESULT_ALERT_UNEXPECTED_MESSAGE,
    RUSTLS_RESULT_ALERT_BAD_RECORD_MAC,
    RUSTLS_RESULT_ALERT_DECRYPTION_FAILED,
    RUSTLS_RESULT_ALERT_RECORD_OVERFLOW,
    RUSTLS_RESULT_ALERT_DECOMPRESSION_FAILURE,
    RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE,
    RUSTLS_RESULT_ALERT_NO_CERTIFICATE,
    RUSTLS_RESULT_ALERT_BAD_CERTIFICATE,
    RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE,
    RUSTLS_RESULT_ALERT_CERTIFICATE_REVOKED,
    RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED,
    RUSTLS_RESULT_ALERT_CERTIFICATE_UNKNOWN,
    RUSTLS_RESULT_ALERT_ILLEGAL_PARAMETER,
    RUSTLS_RESULT_ALERT_UNKNOWN_CA,
    RUSTLS_RESULT_ALERT_ACCESS_DENIED,
    RUSTLS_RESULT_ALERT_DECODE_ERROR,
    RUSTLS_RESULT_ALERT_DECRYPT_ERROR,
    RUSTLS_RESULT_ALERT_EXPORT_RESTRICTION,
    RUSTLS_RESULT_ALERT_PROTOCOL_VERSION,
    RUSTLS_RESULT_ALERT_INSUFFICIENT_SECURITY,
    RUSTLS_RESULT_ALERT_INTERNAL_ERROR,
    RUSTLS_RESULT_ALERT_INAPPROPRIATE_FALLBACK,
    RUSTLS_RESULT_ALERT_USER_CANCELED,
    RUSTLS_RESULT_ALERT_NO_RENEGOTIATION,
    RUSTLS_RESULT_ALERT_MISSING_EXTENSION,
    RUSTLS_RESULT_ALERT_UNSUPPORTED_EXTENSION,
    RUSTLS_RESULT_ALERT_CERTIFICATE_UNOBTAINABLE,
    RUSTLS_RESULT_ALERT_UNRECOGNISED_NAME,
    RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE,
    RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_HASH_VALUE,
    RUSTLS_RESULT_ALERT_UNKNOWN_PSK_IDENTITY,
    RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED,
    RUSTLS_RESULT_ALERT_NO_APPLICATION_PROTOCOL,
    RUSTLS_RESULT_ALERT_UNKNOWN,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_BAD_SIGNATURE,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_CRL_NUMBER,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_INVALID_REVOKED_CERT_SERIAL_NUMBER,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_ISSUER_INVALID_FOR_CRL,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_OTHER_ERROR,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_PARSE_ERROR,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRL_VERSION,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_CRITICAL_EXTENSION,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_DELTA_CRL,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_INDIRECT_CRL,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_REVOCATION_REASON,
    RUSTLS_RESULT_CERT_REVOCATION_LIST_UNSUPPORTED_SIGNATURE_ALGORITHM,
    RUSTLS_RESULT_CLIENT_CERT_VERIFIER_BUILDER_NO_ROOT_ANCHORS,
    RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH,
    RUSTLS_RESULT_INCONSISTENT_KEYS_UNKNOWN,
    RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_INVALID_CONFIG_LIST,
    RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_NO_COMPATIBLE_CONFIG,
    RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED,
};

static bool is_known(unsigned int code)
{
    for (size_t i = 0; i < PT_ARRAY_LEN(all_codes); i++) {
        if (all_codes[i] == code) {
            return true;
        }
    }
    return false;
}

/* The text rustls_error gives for `code`, NUL-terminated, in `out` (at least 256 bytes). */
static size_t error_text(unsigned int code, char *out)
{
    size_t n = 12345;
    rustls_error(code, out, 255, &n);
    ck_assert_uint_le(n, 255);
    out[n] = '\0';
    return n;
}

START_TEST(there_are_125_codes)
{
    ck_assert_uint_eq(PT_ARRAY_LEN(all_codes), 125);
    ck_assert_uint_eq(RUSTLS_RESULT_OK, 7000);
    ck_assert_uint_eq(RUSTLS_RESULT_FAILED_TO_GET_RANDOM_BYTES, 7113);
    ck_assert_uint_eq(RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS, 7154);
    ck_assert_uint_eq(RUSTLS_RESULT_ALERT_UNKNOWN, 7234);
    ck_assert_uint_eq(RUSTLS_RESULT_INVALID_ENCRYPTED_CLIENT_HELLO_SNI_REQUIRED, 7702);
}
END_TEST

/* Each code has its own non-empty text of plain printable ASCII, fitting a log line. */
START_TEST(every_code_has_a_distinct_text)
{
    static char texts[PT_ARRAY_LEN(all_codes)][256];
    for (size_t i = 0; i < PT_ARRAY_LEN(all_codes); i++) {
        size_t n = error_text(all_codes[i], texts[i]);
        ck_assert_msg(n > 0, "code %u has no text", all_codes[i]);
        ck_assert_uint_lt(n, 100);
        ck_assert_uint_eq(strlen(texts[i]), n);
        for (size_t k = 0; k < n; k++) {
            ck_assert_msg(texts[i][k] >= 0x20 && texts[i][k] < 0x7f, "code %u: byte %zu", all_codes[i], k);
        }
        for (size_t j = 0; j < i; j++) {
            ck_assert_msg(strcmp(texts[i], texts[j]) != 0, "codes %u and %u share \"%s\"", all_codes[i],
                          all_codes[j], texts[i]);
        }
    }
}
END_TEST

/* Codes outside the list all read as INVALID_PARAMETER, and only those (rustls-ffi's conversion). */
START_TEST(unknown_codes_read_as_invalid_parameter)
{
    char ip[256], t[256];
    error_text(RUSTLS_RESULT_INVALID_PARAMETER, ip);
    for (unsigned int code = 0; code < 8200; code++) {
        if (code == RUSTLS_RESULT_INVALID_PARAMETER) {
            continue;
        }
        error_text(code, t);
        ck_assert_msg((strcmp(t, ip) == 0) == !is_known(code), "code %u: \"%s\"", code, t);
    }
    error_text(0xffffffffu, t);
    ck_assert_str_eq(t, ip);
    error_text(0x10000u + RUSTLS_RESULT_IO, t); /* not folded onto 16 bits */
    ck_assert_str_eq(t, ip);
}
END_TEST

/* Each ALERT_* text names the alert as RFC 8446 section 6 spells it. */
START_TEST(alert_texts_name_the_alert)
{
    static const struct {
        unsigned int code;
        int alert;
    } map[] = {
        {RUSTLS_RESULT_ALERT_CLOSE_NOTIFY, 0},
        {RUSTLS_RESULT_ALERT_UNEXPECTED_MESSAGE, 10},
        {RUSTLS_RESULT_ALERT_BAD_RECORD_MAC, 20},
        {RUSTLS_RESULT_ALERT_DECRYPTION_FAILED, 21},
        {RUSTLS_RESULT_ALERT_RECORD_OVERFLOW, 22},
        {RUSTLS_RESULT_ALERT_DECOMPRESSION_FAILURE, 30},
        {RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE, 40},
        {RUSTLS_RESULT_ALERT_NO_CERTIFICATE, 41},
        {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE, 42},
        {RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE, 43},
        {RUSTLS_RESULT_ALERT_CERTIFICATE_REVOKED, 44},
        {RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED, 45},
        {RUSTLS_RESULT_ALERT_CERTIFICATE_UNKNOWN, 46},
        {RUSTLS_RESULT_ALERT_ILLEGAL_PARAMETER, 47},
        {RUSTLS_RESULT_ALERT_UNKNOWN_CA, 48},
        {RUSTLS_RESULT_ALERT_ACCESS_DENIED, 49},
        {RUSTLS_RESULT_ALERT_DECODE_ERROR, 50},
        {RUSTLS_RESULT_ALERT_DECRYPT_ERROR, 51},
        {RUSTLS_RESULT_ALERT_EXPORT_RESTRICTION, 60},
        {RUSTLS_RESULT_ALERT_PROTOCOL_VERSION, 70},
        {RUSTLS_RESULT_ALERT_INSUFFICIENT_SECURITY, 71},
        {RUSTLS_RESULT_ALERT_INTERNAL_ERROR, 80},
        {RUSTLS_RESULT_ALERT_INAPPROPRIATE_FALLBACK, 86},
        {RUSTLS_RESULT_ALERT_USER_CANCELED, 90},
        {RUSTLS_RESULT_ALERT_NO_RENEGOTIATION, 100},
        {RUSTLS_RESULT_ALERT_MISSING_EXTENSION, 109},
        {RUSTLS_RESULT_ALERT_UNSUPPORTED_EXTENSION, 110},
        {RUSTLS_RESULT_ALERT_CERTIFICATE_UNOBTAINABLE, 111},
        {RUSTLS_RESULT_ALERT_UNRECOGNISED_NAME, 112},
        {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, 113},
        {RUSTLS_RESULT_ALERT_BAD_CERTIFICATE_HASH_VALUE, 114},
        {RUSTLS_RESULT_ALERT_UNKNOWN_PSK_IDENTITY, 115},
        {RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED, 116},
        {RUSTLS_RESULT_ALERT_NO_APPLICATION_PROTOCOL, 120},
    };
    char t[256];
    for (size_t i = 0; i < PT_ARRAY_LEN(map); i++) {
        error_text(map[i].code, t);
        const char *name = pt_alert_name(map[i].alert);
        size_t nl = strlen(name), tl = strlen(t);
        ck_assert_msg(tl >= nl && strcmp(t + tl - nl, name) == 0, "code %u: \"%s\" lacks %s", map[i].code, t, name);
    }
}
END_TEST

/* A short buffer gets a prefix of the text, out_n says how much; len 0 writes nothing. */
START_TEST(error_truncates_to_buffer)
{
    char full[256];
    size_t full_len = error_text(RUSTLS_RESULT_UNEXPECTED_EOF, full);
    ck_assert_uint_gt(full_len, 10);
    for (size_t len = 0; len <= full_len + 2; len++) {
        char buf[300];
        memset(buf, '#', sizeof(buf));
        size_t n = 9999;
        rustls_error(RUSTLS_RESULT_UNEXPECTED_EOF, buf, len, &n);
        size_t want = len < full_len ? len : full_len;
        ck_assert_uint_eq(n, want);
        ck_assert_mem_eq(buf, full, want);
        ck_assert_int_eq(buf[want], '#'); /* no NUL terminator, nothing past the text */
    }
}
END_TEST

START_TEST(error_with_null_arguments_does_nothing)
{
    char buf[64];
    size_t n = 77;
    memset(buf, '#', sizeof(buf));
    rustls_error(RUSTLS_RESULT_IO, NULL, 64, &n);
    ck_assert_uint_eq(n, 77);
    rustls_error(RUSTLS_RESULT_IO, buf, sizeof(buf), NULL);
    ck_assert_int_eq(buf[0], '#');
    rustls_error(RUSTLS_RESULT_IO, NULL, 0, NULL);
}
END_TEST

/* ------------------------------------------------------------------ is_cert_error */

START_TEST(cert_errors_are_exactly_7121_to_7131_and_7154)
{
    for (unsigned int code = 7000; code <= 7800; code++) {
        bool want = (code >= 7121 && code <= 7131) || code == 7154;
        ck_assert_msg(rustls_result_is_cert_error(code) == want, "code %u", code);
    }
    ck_assert(!rustls_result_is_cert_error(0));
    ck_assert(!rustls_result_is_cert_error(121));
    ck_assert(!rustls_result_is_cert_error(0x10000u + 7121));
    ck_assert(!rustls_result_is_cert_error(0xffffffffu));
    /* The newer CERT_ codes and the CRL errors are not counted, as in rustls-ffi. */
    ck_assert(!rustls_result_is_cert_error(RUSTLS_RESULT_CERT_EXPIRED_REVOCATION_LIST));
    ck_assert(!rustls_result_is_cert_error(RUSTLS_RESULT_CERT_UNSUPPORTED_SIGNATURE_ALGORITHM));
    ck_assert(!rustls_result_is_cert_error(RUSTLS_RESULT_CERT_REVOCATION_LIST_BAD_SIGNATURE));
}
END_TEST

/* ------------------------------------------------------------------ strings */

static void assert_str(struct rustls_str s, const char *want)
{
    ck_assert_ptr_nonnull(s.data);
    ck_assert_uint_eq(s.len, strlen(want));
    ck_assert_mem_eq(s.data, want, s.len);
}

START_TEST(log_level_names)
{
    assert_str(rustls_log_level_str(1), "ERROR");
    assert_str(rustls_log_level_str(2), "WARN");
    assert_str(rustls_log_level_str(3), "INFO");
    assert_str(rustls_log_level_str(4), "DEBUG");
    assert_str(rustls_log_level_str(5), "TRACE");
    assert_str(rustls_log_level_str(0), "INVALID");
    assert_str(rustls_log_level_str(6), "INVALID");
    assert_str(rustls_log_level_str((rustls_log_level)-1), "INVALID");
}
END_TEST

START_TEST(handshake_kind_names)
{
    assert_str(rustls_handshake_kind_str(RUSTLS_HANDSHAKE_KIND_UNKNOWN), "unknown");
    assert_str(rustls_handshake_kind_str(RUSTLS_HANDSHAKE_KIND_FULL), "full");
    assert_str(rustls_handshake_kind_str(RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST),
               "full with hello retry request");
    assert_str(rustls_handshake_kind_str(RUSTLS_HANDSHAKE_KIND_RESUMED), "resumed");
    assert_str(rustls_handshake_kind_str((enum rustls_handshake_kind)42), "unknown");
}
END_TEST

START_TEST(version_string)
{
    struct rustls_str v = rustls_version();
    const char *prefix = "rustls-ffi/0.15.3/";
    ck_assert_ptr_nonnull(v.data);
    ck_assert_uint_gt(v.len, strlen(prefix));
    ck_assert_mem_eq(v.data, prefix, strlen(prefix));
    ck_assert_ptr_null(memchr(v.data, '\0', v.len));
    assert_str(rustls_version(), "rustls-ffi/0.15.3/patina/" PACKAGE_VERSION "/boringssl");
    assert_str(patina_version(), PACKAGE_VERSION);
}
END_TEST

START_TEST(version_constants)
{
    ck_assert_int_eq(RUSTLS_VERSION_MAJOR, 0);
    ck_assert_int_eq(RUSTLS_VERSION_MINOR, 15);
    ck_assert_int_eq(RUSTLS_VERSION_PATCH, 3);
    /* rustls-ffi 0.15.3's own definition puts MINOR in the PATCH byte; we keep it. */
    ck_assert_int_eq(RUSTLS_VERSION_NUMBER, 0x000f0f00);
    ck_assert_uint_eq(RUSTLS_ALL_VERSIONS_LEN, 2);
    ck_assert_uint_eq(RUSTLS_ALL_VERSIONS[0], 0x0304);
    ck_assert_uint_eq(RUSTLS_ALL_VERSIONS[1], 0x0303);
    ck_assert_uint_eq(RUSTLS_DEFAULT_VERSIONS_LEN, 2);
    ck_assert_uint_eq(RUSTLS_DEFAULT_VERSIONS[0], RUSTLS_TLS_VERSION_TLSV1_3);
    ck_assert_uint_eq(RUSTLS_DEFAULT_VERSIONS[1], RUSTLS_TLS_VERSION_TLSV1_2);
    ck_assert_int_eq(RUSTLS_TLS_VERSION_SSLV2, 0x0200);
    ck_assert_int_eq(RUSTLS_TLS_VERSION_TLSV1_0, 0x0301);
}
END_TEST

/* The structs a C program shares with the library have rustls-ffi's layout. */
START_TEST(struct_layouts)
{
    ck_assert_uint_eq(offsetof(struct rustls_str, data), 0);
    ck_assert_uint_eq(offsetof(struct rustls_str, len), sizeof(void *));
    ck_assert_uint_eq(sizeof(struct rustls_str), 2 * sizeof(void *));
    ck_assert_uint_eq(offsetof(struct rustls_slice_bytes, len), sizeof(void *));
    ck_assert_uint_eq(offsetof(struct rustls_slice_u16, len), sizeof(void *));
    ck_assert_uint_eq(offsetof(struct rustls_log_params, level), 0);
    ck_assert_uint_eq(offsetof(struct rustls_log_params, message), sizeof(size_t));
    ck_assert_uint_eq(sizeof(rustls_log_level), sizeof(size_t));
    ck_assert_uint_eq(sizeof(rustls_result), 4);
    ck_assert_uint_eq(sizeof(rustls_io_result), sizeof(int));
}
END_TEST

static Suite *api_static_suite(void)
{
    Suite *s = suite_create("api_static");
    TCase *tc = tcase_create("rustls_error");
    tcase_add_test(tc, there_are_125_codes);
    tcase_add_test(tc, every_code_has_a_distinct_text);
    tcase_add_test(tc, unknown_codes_read_as_invalid_parameter);
    tcase_add_test(tc, alert_texts_name_the_alert);
    tcase_add_test(tc, error_truncates_to_buffer);
    tcase_add_test(tc, error_with_null_arguments_does_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("is_cert_error");
    tcase_add_test(tc, cert_errors_are_exactly_7121_to_7131_and_7154);
    suite_add_tcase(s, tc);

    tc = tcase_create("strings");
    tcase_add_test(tc, log_level_names);
    tcase_add_test(tc, handshake_kind_names);
    tcase_add_test(tc, version_string);
    tcase_add_test(tc, version_constants);
    tcase_add_test(tc, struct_layouts);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(api_static_suite());
}
