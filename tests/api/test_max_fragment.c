/*
 * test_max_fragment.c - patina_{client,server}_config_builder_set_max_fragment_size (patina.h):
 * rustls's max_fragment_size, which rustls-ffi does not expose.  The range is rustls's
 * (32..=16389, header included, overhead excluded), and connections made from the config really
 * send records no larger than that.
 */
#include "config.h"

#include <string.h>

#include "patina.h"
#include "testlib/pttest.h"

static uint32_t accept_any(void *userdata, const struct rustls_verify_server_cert_params *params)
{
    (void)userdata;
    (void)params;
    return RUSTLS_RESULT_OK;
}

typedef struct sink {
    uint8_t buf[8192];
    size_t len;
} sink;

static rustls_io_result write_cb(void *userdata, const uint8_t *buf, size_t n, size_t *out_n)
{
    sink *s = userdata;
    if (n > sizeof(s->buf) - s->len) {
        n = sizeof(s->buf) - s->len;
    }
    memcpy(s->buf + s->len, buf, n);
    s->len += n;
    *out_n = n;
    return 0;
}

START_TEST(range_checked)
{
    struct rustls_client_config_builder *cb = rustls_client_config_builder_new();
    ck_assert_int_eq(patina_client_config_builder_set_max_fragment_size(NULL, 100), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(patina_client_config_builder_set_max_fragment_size(cb, 31), RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE);
    ck_assert_int_eq(patina_client_config_builder_set_max_fragment_size(cb, 16390),
                     RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE);
    ck_assert_int_eq(patina_client_config_builder_set_max_fragment_size(cb, 32), RUSTLS_RESULT_OK);
    ck_assert_int_eq(patina_client_config_builder_set_max_fragment_size(cb, 16389), RUSTLS_RESULT_OK);
    ck_assert_int_eq(patina_client_config_builder_set_max_fragment_size(cb, 0), RUSTLS_RESULT_OK);
    rustls_client_config_builder_free(cb);

    struct rustls_server_config_builder *sb = rustls_server_config_builder_new();
    ck_assert_int_eq(patina_server_config_builder_set_max_fragment_size(NULL, 100), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(patina_server_config_builder_set_max_fragment_size(sb, 31), RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE);
    ck_assert_int_eq(patina_server_config_builder_set_max_fragment_size(sb, 64), RUSTLS_RESULT_OK);
    rustls_server_config_builder_free(sb);
}
END_TEST

/* Write the ClientHello of a client whose config limits records to `max` bytes; count records. */
static size_t client_hello_records(size_t max, size_t *largest, size_t *total)
{
    struct rustls_client_config_builder *cb = rustls_client_config_builder_new();
    ck_assert_int_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(cb, accept_any),
                     RUSTLS_RESULT_OK);
    ck_assert_int_eq(patina_client_config_builder_set_max_fragment_size(cb, max), RUSTLS_RESULT_OK);
    const struct rustls_client_config *cfg = NULL;
    ck_assert_int_eq(rustls_client_config_builder_build(cb, &cfg), RUSTLS_RESULT_OK);
    struct rustls_connection *conn = NULL;
    ck_assert_int_eq(rustls_client_connection_new(cfg, "localhost", &conn), RUSTLS_RESULT_OK);
    sink s = {.len = 0};
    size_t n = 0;
    while (rustls_connection_wants_write(conn)) {
        ck_assert_int_eq(rustls_connection_write_tls(conn, write_cb, &s, &n), 0);
        ck_assert_uint_gt(n, 0);
    }
    size_t records = 0;
    *largest = 0;
    *total = 0;
    for (size_t off = 0; off < s.len;) {
        ck_assert_uint_le(off + 5, s.len);
        ck_assert_uint_eq(s.buf[off], 22); /* handshake */
        size_t len = (size_t)s.buf[off + 3] << 8 | s.buf[off + 4];
        ck_assert_uint_le(off + 5 + len, s.len);
        *largest = len > *largest ? len : *largest;
        *total += len;
        off += 5 + len;
        records++;
    }
    rustls_connection_free(conn);
    rustls_client_config_free(cfg);
    return records;
}

START_TEST(records_respect_the_limit)
{
    size_t largest = 0, total = 0, total_default = 0;
    /* Default: the whole ClientHello in one record. */
    ck_assert_uint_eq(client_hello_records(0, &largest, &total_default), 1);
    ck_assert_uint_eq(largest, total_default);
    /* 64 bytes with the header: 59 bytes of handshake data per record, the same bytes in all. */
    size_t records = client_hello_records(64, &largest, &total);
    ck_assert_uint_eq(largest, 59);
    ck_assert_uint_eq(total, total_default);
    ck_assert_uint_eq(records, (total + 58) / 59);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("max_fragment");
    TCase *tc = tcase_create("max_fragment");
    tcase_add_test(tc, range_checked);
    tcase_add_test(tc, records_respect_the_limit);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
