/*
 * test_root_store.c - rustls_root_cert_store_builder and rustls_root_cert_store as a rustls-ffi
 * program uses them (public headers only).  What the store holds is checked in
 * test_api_internal.c and, through verification, in the verifier tests.
 */
#include "config.h"

#include <string.h>

#include "patina.h"
#include "testlib/pttest.h"

static rustls_result add_file(struct rustls_root_cert_store_builder *b, const char *name, bool strict)
{
    size_t len;
    uint8_t *p = pt_test_read_data(name, &len);
    rustls_result r = rustls_root_cert_store_builder_add_pem(b, p, len, strict);
    free(p);
    return r;
}

static rustls_result add_str(struct rustls_root_cert_store_builder *b, const char *pem, bool strict)
{
    return rustls_root_cert_store_builder_add_pem(b, (const uint8_t *)pem, strlen(pem), strict);
}

/* Base64 that decodes to DER which is not a certificate (INTEGER 1 in a SEQUENCE). */
static const char not_a_cert[] = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
static const char bad_base64[] = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";

START_TEST(build_and_free_in_any_order)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(add_file(b, "ca.pem", true), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(add_file(b, "other-ca.pem", true), RUSTLS_RESULT_OK);
    const struct rustls_root_cert_store *store = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &store), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(store);
    /* The builder is spent but still the caller's to free; the store does not depend on it. */
    ck_assert_uint_eq(add_file(b, "ca.pem", true), RUSTLS_RESULT_ALREADY_USED);
    const struct rustls_root_cert_store *again = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &again), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_ptr_null(again);
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path("ca.pem"), true),
                      RUSTLS_RESULT_ALREADY_USED);
    rustls_root_cert_store_builder_free(b);
    rustls_root_cert_store_free(store);
}
END_TEST

/* rustls-ffi builds an empty store without complaint (verifier builders refuse it later). */
START_TEST(empty_store_builds)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    const struct rustls_root_cert_store *store = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &store), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(store);
    rustls_root_cert_store_free(store);
    rustls_root_cert_store_builder_free(b);
    /* A builder abandoned without building. */
    b = rustls_root_cert_store_builder_new();
    ck_assert_uint_eq(add_file(b, "ca.pem", true), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(b);
}
END_TEST

START_TEST(strict_and_lenient_pem)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    /* Undecodable PEM fails even when lenient. */
    ck_assert_uint_eq(add_str(b, bad_base64, false), RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    ck_assert_uint_eq(add_str(b, bad_base64, true), RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    /* A section that is not a certificate: skipped when lenient, an error when strict. */
    ck_assert_uint_eq(add_str(b, not_a_cert, true), RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    ck_assert_uint_eq(add_str(b, not_a_cert, false), RUSTLS_RESULT_OK);
    /* No certificate at all: an error only when strict. */
    ck_assert_uint_eq(add_str(b, "", true), RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    ck_assert_uint_eq(add_str(b, "no pem here\n", true), RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    ck_assert_uint_eq(add_str(b, "no pem here\n", false), RUSTLS_RESULT_OK);
    /* A key file holds no certificate. */
    ck_assert_uint_eq(add_file(b, "ca.key.pk8.pem", true), RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    rustls_root_cert_store_builder_free(b);
}
END_TEST

START_TEST(load_from_file)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path("ca.pem"), true),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(
        rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path("no-such-file.pem"), false),
        RUSTLS_RESULT_IO);
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path("kat.msg"), true),
                      RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, pt_test_data_path("kat.msg"), false),
                      RUSTLS_RESULT_OK);
    /* A directory cannot be read as a file. */
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, PT_TEST_DATA_DIR, false),
                      RUSTLS_RESULT_IO);
    rustls_root_cert_store_builder_free(b);
}
END_TEST

START_TEST(null_arguments)
{
    struct rustls_root_cert_store_builder *b = rustls_root_cert_store_builder_new();
    static const uint8_t x[1] = {0};
    ck_assert_uint_eq(rustls_root_cert_store_builder_add_pem(NULL, x, 0, false), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_root_cert_store_builder_add_pem(b, NULL, 0, false), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(NULL, pt_test_data_path("ca.pem"), true),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(b, NULL, true),
                      RUSTLS_RESULT_NULL_PARAMETER);
    const struct rustls_root_cert_store *store = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(NULL, &store), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_null(store);
    /* As in rustls-ffi, a NULL output still spends the builder. */
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(b, &store), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_ptr_null(store);
    rustls_root_cert_store_builder_free(b);
    rustls_root_cert_store_builder_free(NULL);
    rustls_root_cert_store_free(NULL);
}
END_TEST

static Suite *root_store_suite(void)
{
    Suite *s = suite_create("root_store");
    TCase *tc = tcase_create("root_store");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, build_and_free_in_any_order);
    tcase_add_test(tc, empty_store_builds);
    tcase_add_test(tc, strict_and_lenient_pem);
    tcase_add_test(tc, load_from_file);
    tcase_add_test(tc, null_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(root_store_suite());
}
