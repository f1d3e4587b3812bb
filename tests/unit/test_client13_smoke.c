/*
 * test_client13_smoke.c - the TLS 1.3 client against patina's own TLS 1.3 server, in memory,
 * through the public API only: the handshake with each server key type, ALPN, application
 * data both ways, and a refused server name.  The full version x suite x group x key matrix lives in
 * tests/handshake/ (hstests); this is the client's smoke test.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib/pttest.h"

typedef struct pipe_buf {
    uint8_t data[65536];
    size_t len;
} pipe_buf;

static rustls_io_result to_pipe(void *ud, const uint8_t *buf, size_t n, size_t *out_n)
{
    pipe_buf *p = ud;
    if (n > sizeof(p->data) - p->len) {
        n = sizeof(p->data) - p->len;
    }
    memcpy(p->data + p->len, buf, n);
    p->len += n;
    *out_n = n;
    return 0;
}

static rustls_io_result from_pipe(void *ud, uint8_t *buf, size_t n, size_t *out_n)
{
    pipe_buf *p = ud;
    if (n > p->len) {
        n = p->len;
    }
    memcpy(buf, p->data, n);
    memmove(p->data, p->data + n, p->len - n);
    p->len -= n;
    *out_n = n;
    return 0;
}

/* Move everything `from` has queued into `to` and process it; returns to's result. */
static rustls_result transfer(struct rustls_connection *from, struct rustls_connection *to)
{
    static pipe_buf p;
    size_t n;
    p.len = 0;
    while (rustls_connection_wants_write(from)) {
        ck_assert_int_eq(rustls_connection_write_tls(from, to_pipe, &p, &n), 0);
        if (n == 0) {
            break;
        }
    }
    while (p.len > 0) {
        ck_assert_int_eq(rustls_connection_read_tls(to, from_pipe, &p, &n), 0);
        rustls_result r = rustls_connection_process_new_packets(to);
        if (r != RUSTLS_RESULT_OK) {
            return r;
        }
    }
    return RUSTLS_RESULT_OK;
}

static const struct rustls_certified_key *load_key(const char *chain, const char *key)
{
    size_t cl = 0, kl = 0;
    uint8_t *c = pt_test_read_data(chain, &cl);
    uint8_t *k = pt_test_read_data(key, &kl);
    const struct rustls_certified_key *ck = NULL;
    ck_assert_int_eq(rustls_certified_key_build(c, cl, k, kl, &ck), RUSTLS_RESULT_OK);
    free(c);
    free(k);
    return ck;
}

static const struct rustls_server_config *server_config(const char *chain, const char *key)
{
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    const struct rustls_server_config *cfg = NULL;
    const struct rustls_certified_key *ck = load_key(chain, key);
    struct rustls_slice_bytes alpn[2] = {{(const uint8_t *)"http/1.1", 8}, {(const uint8_t *)"h2", 2}};
    ck_assert_int_eq(rustls_server_config_builder_set_certified_keys(b, &ck, 1), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_server_config_builder_set_alpn_protocols(b, alpn, 2), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_server_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    rustls_certified_key_free(ck);
    return cfg;
}

static const struct rustls_client_config *client_config(void)
{
    struct rustls_root_cert_store_builder *rb = rustls_root_cert_store_builder_new();
    const struct rustls_root_cert_store *roots = NULL;
    struct rustls_server_cert_verifier *v = NULL;
    const struct rustls_client_config *cfg = NULL;
    size_t len = 0;
    uint8_t *pem = pt_test_read_data("ca.pem", &len);
    ck_assert_int_eq(rustls_root_cert_store_builder_add_pem(rb, pem, len, true), RUSTLS_RESULT_OK);
    free(pem);
    ck_assert_int_eq(rustls_root_cert_store_builder_build(rb, &roots), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(rb);
    struct rustls_web_pki_server_cert_verifier_builder *vb = rustls_web_pki_server_cert_verifier_builder_new(roots);
    ck_assert_int_eq(rustls_web_pki_server_cert_verifier_builder_build(vb, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_server_cert_verifier_builder_free(vb);
    rustls_root_cert_store_free(roots);
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    struct rustls_slice_bytes alpn[2] = {{(const uint8_t *)"h2", 2}, {(const uint8_t *)"http/1.1", 8}};
    rustls_client_config_builder_set_server_verifier(b, v);
    rustls_server_cert_verifier_free(v);
    ck_assert_int_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 2), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

static void handshake(struct rustls_connection *client, struct rustls_connection *server)
{
    for (int round = 0; round < 10; round++) {
        ck_assert_int_eq(transfer(client, server), RUSTLS_RESULT_OK);
        ck_assert_int_eq(transfer(server, client), RUSTLS_RESULT_OK);
        if (!rustls_connection_is_handshaking(client) && !rustls_connection_is_handshaking(server)) {
            return;
        }
    }
    ck_abort_msg("handshake did not finish");
}

static void exchange(struct rustls_connection *from, struct rustls_connection *to, const char *text)
{
    uint8_t buf[64];
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(from, (const uint8_t *)text, strlen(text), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, strlen(text));
    ck_assert_int_eq(transfer(from, to), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_connection_read(to, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, strlen(text));
    ck_assert_mem_eq(buf, text, n);
}

static const char *const keys[][2] = {
    {"ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem"},
    {"ecdsa-p384.chain.pem", "ecdsa-p384.key.pk8.pem"},
    {"rsa2048.chain.pem", "rsa2048.key.pk8.pem"},
    {"ed25519.chain.pem", "ed25519.key.pk8.pem"},
};

START_TEST(client_talks_to_server)
{
    const struct rustls_server_config *scfg = server_config(keys[_i][0], keys[_i][1]);
    const struct rustls_client_config *ccfg = client_config();
    struct rustls_connection *client = NULL, *server = NULL;
    const uint8_t *proto = NULL;
    size_t proto_len = 0;

    ck_assert_int_eq(rustls_client_connection_new(ccfg, "localhost", &client), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_server_connection_new(scfg, &server), RUSTLS_RESULT_OK);
    handshake(client, server);
    ck_assert_uint_eq(rustls_connection_get_protocol_version(client), 0x0304);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(client),
                      rustls_connection_get_negotiated_ciphersuite(server));
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(client), 0x001d);
    /* rustls's server picks by its own preference: "http/1.1" (the client listed "h2" first). */
    rustls_connection_get_alpn_protocol(client, &proto, &proto_len);
    ck_assert_uint_eq(proto_len, 8);
    ck_assert_mem_eq(proto, "http/1.1", 8);
    exchange(client, server, "GET / HTTP/1.1\r\n\r\n");
    exchange(server, client, "HTTP/1.1 200 OK\r\n\r\n");
    rustls_connection_free(client);
    rustls_connection_free(server);
    rustls_client_config_free(ccfg);
    rustls_server_config_free(scfg);
}
END_TEST

START_TEST(client_refuses_wrong_name)
{
    const struct rustls_server_config *scfg = server_config(keys[0][0], keys[0][1]);
    const struct rustls_client_config *ccfg = client_config();
    struct rustls_connection *client = NULL, *server = NULL;
    ck_assert_int_eq(rustls_client_connection_new(ccfg, "example.com", &client), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_server_connection_new(scfg, &server), RUSTLS_RESULT_OK);
    ck_assert_int_eq(transfer(client, server), RUSTLS_RESULT_OK);
    ck_assert_int_eq(transfer(server, client), RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME);
    /* The client's bad_certificate alert reaches the server (RFC 8446 6.2). */
    ck_assert_int_eq(transfer(client, server), RUSTLS_RESULT_ALERT_BAD_CERTIFICATE);
    rustls_connection_free(client);
    rustls_connection_free(server);
    rustls_client_config_free(ccfg);
    rustls_server_config_free(scfg);
}
END_TEST

static Suite *smoke_suite(void)
{
    Suite *s = suite_create("client13_smoke");
    TCase *tc = tcase_create("in_memory");
    tcase_add_loop_test(tc, client_talks_to_server, 0, (int)(sizeof(keys) / sizeof(keys[0])));
    tcase_add_test(tc, client_refuses_wrong_name);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(smoke_suite());
}
