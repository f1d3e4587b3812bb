/*
 * test_connection_api.c - every rustls_connection_* function called with NULL arguments, as a
 * rustls-ffi program may call them (public headers only).  The answers are rustls-ffi 0.15.3's
 * (librustls/src/connection.rs with panic.rs NullParameterOrDefault): NULL_PARAMETER for a
 * rustls_result, EINVAL for a rustls_io_result, false / 0 / NULL / "" / UNKNOWN otherwise, and
 * outputs left untouched.  The same functions with a live connection and NULL callbacks or
 * outputs are exercised in tests/unit/test_conn_io.c.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "patina.h"
#include "testlib/pttest.h"

static int calls;

static rustls_io_result read_cb(void *ud, uint8_t *buf, size_t n, size_t *out_n)
{
    (void)ud, (void)buf, (void)n;
    calls++;
    *out_n = 0;
    return 0;
}

static rustls_io_result write_cb(void *ud, const uint8_t *buf, size_t n, size_t *out_n)
{
    (void)ud, (void)buf;
    calls++;
    *out_n = n;
    return 0;
}

static rustls_io_result writev_cb(void *ud, const struct rustls_iovec *iov, size_t count, size_t *out_n)
{
    (void)ud, (void)iov, (void)count;
    calls++;
    *out_n = 0;
    return 0;
}

static void log_cb(void *ud, const struct rustls_log_params *params)
{
    (void)ud, (void)params;
    calls++;
}

START_TEST(null_connection)
{
    size_t n = 42;
    uint8_t buf[8];
    calls = 0;

    ck_assert_int_eq(rustls_connection_read_tls(NULL, read_cb, NULL, &n), EINVAL);
    ck_assert_int_eq(rustls_connection_write_tls(NULL, write_cb, NULL, &n), EINVAL);
    ck_assert_int_eq(rustls_connection_write_tls_vectored(NULL, writev_cb, NULL, &n), EINVAL);
    ck_assert_uint_eq(n, 42);
    ck_assert_int_eq(calls, 0);

    ck_assert_int_eq(rustls_connection_process_new_packets(NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_connection_refresh_traffic_keys(NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_connection_write(NULL, buf, sizeof(buf), &n), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_connection_read(NULL, buf, sizeof(buf), &n), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(n, 42);

    ck_assert(!rustls_connection_wants_read(NULL));
    ck_assert(!rustls_connection_wants_write(NULL));
    ck_assert(!rustls_connection_is_handshaking(NULL));
    ck_assert(!rustls_connection_fips(NULL));
    ck_assert_int_eq(rustls_connection_handshake_kind(NULL), RUSTLS_HANDSHAKE_KIND_UNKNOWN);

    ck_assert_ptr_null(rustls_connection_get_peer_certificate(NULL, 0));
    ck_assert_uint_eq(rustls_connection_get_protocol_version(NULL), 0);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(NULL), 0);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(NULL), 0);
    ck_assert_uint_eq(rustls_connection_get_tls13_tickets_received(NULL), 0);
    rustls_str s = rustls_connection_get_negotiated_ciphersuite_name(NULL);
    ck_assert_ptr_nonnull(s.data);
    ck_assert_uint_eq(s.len, 0);
    s = rustls_connection_get_negotiated_key_exchange_group_name(NULL);
    ck_assert_ptr_nonnull(s.data);
    ck_assert_uint_eq(s.len, 0);

    const uint8_t *proto = buf;
    size_t proto_len = 42;
    rustls_connection_get_alpn_protocol(NULL, &proto, &proto_len);
    ck_assert_ptr_eq(proto, buf);
    ck_assert_uint_eq(proto_len, 42);

    /* void functions: no effect, no crash */
    rustls_connection_set_userdata(NULL, buf);
    rustls_connection_set_log_callback(NULL, log_cb);
    rustls_connection_set_buffer_limit(NULL, 10);
    rustls_connection_send_close_notify(NULL);
    rustls_connection_free(NULL);
    ck_assert_int_eq(calls, 0);
}
END_TEST

/* All arguments NULL at once, as a careless caller might. */
START_TEST(everything_null)
{
    ck_assert_int_eq(rustls_connection_read_tls(NULL, NULL, NULL, NULL), EINVAL);
    ck_assert_int_eq(rustls_connection_write_tls(NULL, NULL, NULL, NULL), EINVAL);
    ck_assert_int_eq(rustls_connection_write_tls_vectored(NULL, NULL, NULL, NULL), EINVAL);
    ck_assert_int_eq(rustls_connection_write(NULL, NULL, 0, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_connection_read(NULL, NULL, 0, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    rustls_connection_get_alpn_protocol(NULL, NULL, NULL);
    rustls_connection_set_log_callback(NULL, NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("connection_api");
    TCase *tc = tcase_create("null");
    tcase_add_test(tc, null_connection);
    tcase_add_test(tc, everything_null);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
