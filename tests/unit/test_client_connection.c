/*
 * test_client_connection.c - rustls_client_connection_new and _new_alpn (src/api/
 * client_connection.c) through the public API, with rustls-ffi 0.15.3's results: NULL
 * parameters, names that are neither DNS names nor IP literals (INVALID_DNS_NAME_ERROR), output
 * written only on success, and the ClientHello queued at once with the right ALPN list.
 */
#include <stdlib.h>
#include <string.h>

#include "msgs/client_hello.h"
#include "msgs/extensions.h"
#include "testlib/pttest.h"

static uint32_t accept_all(void *userdata, const struct rustls_verify_server_cert_params *params)
{
    (void)userdata;
    (void)params;
    return RUSTLS_RESULT_OK;
}

static const struct rustls_client_config *config(void)
{
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    const struct rustls_client_config *cfg = NULL;
    struct rustls_slice_bytes alpn[1] = {{(const uint8_t *)"h2", 2}};
    ck_assert_int_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, accept_all), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 1), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

typedef struct out {
    uint8_t buf[8192];
    size_t len;
} out;

static rustls_io_result collect(void *ud, const uint8_t *buf, size_t n, size_t *out_n)
{
    out *o = ud;
    ck_assert(o->len + n <= sizeof(o->buf));
    memcpy(o->buf + o->len, buf, n);
    o->len += n;
    *out_n = n;
    return 0;
}

/* The ALPN names offered in the connection's queued ClientHello, as "a,b,...". */
static void offered_alpn(struct rustls_connection *conn, char *names, size_t cap)
{
    static out o;
    size_t n = 0;
    pt_client_hello ch;
    pt_slice body, proto;
    pt_alpn_list l;
    pt_alpn_iter it;
    o.len = 0;
    ck_assert_int_eq(rustls_connection_write_tls(conn, collect, &o, &n), 0);
    /* One plaintext handshake record (RFC 8446 5.1) holding the ClientHello. */
    ck_assert_uint_ge(o.len, 9);
    ck_assert_uint_eq(o.buf[0], 22);
    ck_assert_uint_eq(o.buf[5], PT_HS_CLIENT_HELLO);
    ck_assert_pt_ok(pt_client_hello_decode(pt_slice_of(o.buf + 9, o.len - 9), &ch));
    names[0] = 0;
    if (!pt_ext_get(&ch.ext, PT_EXT_ALPN, &body)) {
        return;
    }
    ck_assert_pt_ok(pt_ext_alpn_decode(body, &l));
    pt_alpn_iter_init(&it, &l);
    while (pt_alpn_iter_next(&it, &proto)) {
        size_t at = strlen(names);
        ck_assert(at + proto.len + 2 < cap);
        if (at > 0) {
            names[at++] = ',';
        }
        memcpy(names + at, proto.p, proto.len);
        names[at + proto.len] = 0;
    }
}

START_TEST(new_connects_and_queues_client_hello)
{
    const struct rustls_client_config *cfg = config();
    struct rustls_connection *conn = NULL;
    char names[64];
    ck_assert_int_eq(rustls_client_connection_new(cfg, "example.com", &conn), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(conn);
    ck_assert(rustls_connection_is_handshaking(conn));
    ck_assert(rustls_connection_wants_write(conn));
    offered_alpn(conn, names, sizeof(names));
    ck_assert_str_eq(names, "h2");
    rustls_connection_free(conn);
    /* IP literals are valid server names (no SNI is sent for them). */
    ck_assert_int_eq(rustls_client_connection_new(cfg, "::1", &conn), RUSTLS_RESULT_OK);
    rustls_connection_free(conn);
    /* The connection keeps its own reference: the config may go first. */
    ck_assert_int_eq(rustls_client_connection_new(cfg, "127.0.0.1", &conn), RUSTLS_RESULT_OK);
    rustls_client_config_free(cfg);
    ck_assert(rustls_connection_wants_write(conn));
    rustls_connection_free(conn);
}
END_TEST

START_TEST(new_refuses_bad_parameters)
{
    const struct rustls_client_config *cfg = config();
    struct rustls_connection *conn = (struct rustls_connection *)&conn; /* must stay unchanged */
    struct rustls_connection *before = conn;
    ck_assert_int_eq(rustls_client_connection_new(NULL, "example.com", &conn), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_client_connection_new(cfg, NULL, &conn), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_client_connection_new(cfg, "example.com", NULL), RUSTLS_RESULT_NULL_PARAMETER);
    /* rustls-pki-types ServerName::try_from: neither a DNS name nor an IP address. */
    ck_assert_int_eq(rustls_client_connection_new(cfg, "", &conn), RUSTLS_RESULT_INVALID_DNS_NAME_ERROR);
    ck_assert_int_eq(rustls_client_connection_new(cfg, "a..b", &conn), RUSTLS_RESULT_INVALID_DNS_NAME_ERROR);
    ck_assert_int_eq(rustls_client_connection_new(cfg, "*.example.com", &conn), RUSTLS_RESULT_INVALID_DNS_NAME_ERROR);
    ck_assert_int_eq(rustls_client_connection_new(cfg, "exa mple.com", &conn), RUSTLS_RESULT_INVALID_DNS_NAME_ERROR);
    ck_assert_ptr_eq(conn, before);
    rustls_client_config_free(cfg);
}
END_TEST

START_TEST(new_alpn_overrides_the_config)
{
    const struct rustls_client_config *cfg = config();
    struct rustls_connection *conn = NULL;
    struct rustls_connection *const sentinel = (struct rustls_connection *)&cfg;
    struct rustls_slice_bytes alpn[2] = {{(const uint8_t *)"http/1.1", 8}, {(const uint8_t *)"x", 1}};
    char names[64];
    ck_assert_int_eq(rustls_client_connection_new_alpn(cfg, "example.com", alpn, 2, &conn), RUSTLS_RESULT_OK);
    offered_alpn(conn, names, sizeof(names));
    ck_assert_str_eq(names, "http/1.1,x");
    rustls_connection_free(conn);
    /* An empty list offers no ALPN at all. */
    ck_assert_int_eq(rustls_client_connection_new_alpn(cfg, "example.com", alpn, 0, &conn), RUSTLS_RESULT_OK);
    offered_alpn(conn, names, sizeof(names));
    ck_assert_str_eq(names, "");
    rustls_connection_free(conn);

    conn = sentinel;
    /* rustls-ffi's try_slice!: a NULL list is NULL_PARAMETER even when empty, as is a NULL item. */
    ck_assert_int_eq(rustls_client_connection_new_alpn(cfg, "example.com", NULL, 0, &conn),
                     RUSTLS_RESULT_NULL_PARAMETER);
    struct rustls_slice_bytes bad[1] = {{NULL, 0}};
    ck_assert_int_eq(rustls_client_connection_new_alpn(cfg, "example.com", bad, 1, &conn),
                     RUSTLS_RESULT_NULL_PARAMETER);
    /* The list is checked before the name, the name before the config. */
    ck_assert_int_eq(rustls_client_connection_new_alpn(NULL, "not a name", alpn, 2, &conn),
                     RUSTLS_RESULT_INVALID_DNS_NAME_ERROR);
    ck_assert_int_eq(rustls_client_connection_new_alpn(NULL, "example.com", alpn, 2, &conn),
                     RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_client_connection_new_alpn(cfg, "example.com", alpn, 2, NULL),
                     RUSTLS_RESULT_NULL_PARAMETER);
    /* An empty protocol name cannot be encoded (rustls refuses it). */
    struct rustls_slice_bytes empty[1] = {{(const uint8_t *)"", 0}};
    ck_assert_int_eq(rustls_client_connection_new_alpn(cfg, "example.com", empty, 1, &conn),
                     RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_ptr_eq(conn, sentinel);
    rustls_client_config_free(cfg);
}
END_TEST

static Suite *client_connection_suite(void)
{
    Suite *s = suite_create("client_connection");
    TCase *tc = tcase_create("new");
    tcase_add_test(tc, new_connects_and_queues_client_hello);
    tcase_add_test(tc, new_refuses_bad_parameters);
    tcase_add_test(tc, new_alpn_overrides_the_config);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(client_connection_suite());
}
