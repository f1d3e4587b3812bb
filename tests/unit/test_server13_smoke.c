/*
 * test_server13_smoke.c - the TLS 1.3 server against patina's TLS 1.3 client, in memory,
 * through the public API: the certificate picked by SNI (the client checks the name), client
 * authentication (required, refused without a certificate, optional), and the server's view of
 * the result.  The full matrix lives in tests/handshake/ (hstests).
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
    n = n < sizeof p->data - p->len ? n : sizeof p->data - p->len;
    memcpy(p->data + p->len, buf, n);
    p->len += n;
    *out_n = n;
    return 0;
}

static rustls_io_result from_pipe(void *ud, uint8_t *buf, size_t n, size_t *out_n)
{
    pipe_buf *p = ud;
    n = n < p->len ? n : p->len;
    memcpy(buf, p->data, n);
    memmove(p->data, p->data + n, p->len - n);
    p->len -= n;
    *out_n = n;
    return 0;
}

/* Move what `from` queued to `to` and process it; to's result. */
static rustls_result pass(struct rustls_connection *from, struct rustls_connection *to)
{
    static pipe_buf p;
    size_t n;
    p.len = 0;
    do {
        ck_assert_int_eq(rustls_connection_write_tls(from, to_pipe, &p, &n), 0);
    } while (n > 0);
    while (p.len > 0) {
        ck_assert_int_eq(rustls_connection_read_tls(to, from_pipe, &p, &n), 0);
        rustls_result r = rustls_connection_process_new_packets(to);
        if (r != RUSTLS_RESULT_OK) {
            return r;
        }
    }
    return RUSTLS_RESULT_OK;
}

/* Run the handshake; the first failure (with the side that saw it) or OK. */
static rustls_result run(struct rustls_connection *client, struct rustls_connection *server, bool *server_failed)
{
    *server_failed = false;
    for (int round = 0; round < 8; round++) {
        rustls_result r = pass(client, server);
        if (r != RUSTLS_RESULT_OK) {
            *server_failed = true;
            return r;
        }
        r = pass(server, client);
        if (r != RUSTLS_RESULT_OK) {
            return r;
        }
        if (!rustls_connection_is_handshaking(client) && !rustls_connection_is_handshaking(server)) {
            return RUSTLS_RESULT_OK;
        }
    }
    ck_abort_msg("handshake did not finish");
    return RUSTLS_RESULT_GENERAL;
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

static const struct rustls_root_cert_store *roots(void)
{
    struct rustls_root_cert_store_builder *rb = rustls_root_cert_store_builder_new();
    const struct rustls_root_cert_store *store = NULL;
    size_t len = 0;
    uint8_t *pem = pt_test_read_data("ca.pem", &len);
    ck_assert_int_eq(rustls_root_cert_store_builder_add_pem(rb, pem, len, true), RUSTLS_RESULT_OK);
    free(pem);
    ck_assert_int_eq(rustls_root_cert_store_builder_build(rb, &store), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(rb);
    return store;
}

enum client_auth { NO_CLIENT_AUTH, CLIENT_AUTH_REQUIRED, CLIENT_AUTH_OPTIONAL };

static const struct rustls_server_config *server_config(enum client_auth auth)
{
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    const struct rustls_certified_key *ks[] = {load_key("rsa2048.chain.pem", "rsa2048.key.pk8.pem"),
                                               load_key("wildcard.chain.pem", "wildcard.key.pk8.pem")};
    ck_assert_int_eq(rustls_server_config_builder_set_certified_keys(b, ks, 2), RUSTLS_RESULT_OK);
    if (auth != NO_CLIENT_AUTH) {
        const struct rustls_root_cert_store *store = roots();
        struct rustls_web_pki_client_cert_verifier_builder *vb = rustls_web_pki_client_cert_verifier_builder_new(store);
        struct rustls_client_cert_verifier *v = NULL;
        if (auth == CLIENT_AUTH_OPTIONAL) {
            ck_assert_int_eq(rustls_web_pki_client_cert_verifier_builder_allow_unauthenticated(vb), RUSTLS_RESULT_OK);
        }
        ck_assert_int_eq(rustls_web_pki_client_cert_verifier_builder_build(vb, &v), RUSTLS_RESULT_OK);
        rustls_web_pki_client_cert_verifier_builder_free(vb);
        rustls_server_config_builder_set_client_verifier(b, v);
        rustls_client_cert_verifier_free(v);
        rustls_root_cert_store_free(store);
    }
    const struct rustls_server_config *cfg = NULL;
    ck_assert_int_eq(rustls_server_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    rustls_certified_key_free(ks[0]);
    rustls_certified_key_free(ks[1]);
    return cfg;
}

static const struct rustls_client_config *client_config(bool with_cert)
{
    const struct rustls_root_cert_store *store = roots();
    struct rustls_server_cert_verifier *v = NULL;
    struct rustls_web_pki_server_cert_verifier_builder *vb = rustls_web_pki_server_cert_verifier_builder_new(store);
    ck_assert_int_eq(rustls_web_pki_server_cert_verifier_builder_build(vb, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_server_cert_verifier_builder_free(vb);
    rustls_root_cert_store_free(store);
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    rustls_client_config_builder_set_server_verifier(b, v);
    rustls_server_cert_verifier_free(v);
    if (with_cert) {
        const struct rustls_certified_key *ck = load_key("client.chain.pem", "client.key.pk8.pem");
        ck_assert_int_eq(rustls_client_config_builder_set_certified_key(b, &ck, 1), RUSTLS_RESULT_OK);
        rustls_certified_key_free(ck);
    }
    const struct rustls_client_config *cfg = NULL;
    ck_assert_int_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

typedef struct pair {
    const struct rustls_server_config *scfg;
    const struct rustls_client_config *ccfg;
    struct rustls_connection *server, *client;
} pair;

static void pair_new(pair *p, enum client_auth auth, bool client_cert, const char *name)
{
    p->scfg = server_config(auth);
    p->ccfg = client_config(client_cert);
    ck_assert_int_eq(rustls_server_connection_new(p->scfg, &p->server), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_connection_new(p->ccfg, name, &p->client), RUSTLS_RESULT_OK);
}

static void pair_free(pair *p)
{
    rustls_connection_free(p->client);
    rustls_connection_free(p->server);
    rustls_client_config_free(p->ccfg);
    rustls_server_config_free(p->scfg);
}

static void assert_data_flows(struct rustls_connection *from, struct rustls_connection *to)
{
    uint8_t buf[16];
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(from, (const uint8_t *)"ping", 4, &n), RUSTLS_RESULT_OK);
    ck_assert_int_eq(pass(from, to), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_connection_read(to, buf, sizeof buf, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_mem_eq(buf, "ping", 4);
}

START_TEST(certificate_by_sni)
{
    /* The client verifies the name, so the handshake only completes if the server picked the
     * wildcard leaf (the first key, RSA, is not valid for this name). */
    static const char *const names[] = {"www.wild.testserver.com", "Mixed.WILD.testserver.com", "localhost"};
    for (size_t i = 0; i < PT_ARRAY_LEN(names); i++) {
        pair p;
        bool server_failed;
        pair_new(&p, NO_CLIENT_AUTH, false, names[i]);
        ck_assert_int_eq(run(p.client, p.server, &server_failed), RUSTLS_RESULT_OK);
        struct rustls_str sni = rustls_server_connection_get_server_name(p.server);
        ck_assert_uint_eq(sni.len, strlen(names[i]));
        for (size_t k = 0; k < sni.len; k++) {
            char want = names[i][k] >= 'A' && names[i][k] <= 'Z' ? (char)(names[i][k] + 32) : names[i][k];
            ck_assert_int_eq(sni.data[k], want);
        }
        ck_assert_int_eq(rustls_connection_handshake_kind(p.server), RUSTLS_HANDSHAKE_KIND_FULL);
        ck_assert_ptr_null(rustls_connection_get_peer_certificate(p.server, 0));
        assert_data_flows(p.client, p.server);
        assert_data_flows(p.server, p.client);
        pair_free(&p);
    }
}
END_TEST

START_TEST(client_auth_required)
{
    pair p;
    bool server_failed;
    pair_new(&p, CLIENT_AUTH_REQUIRED, true, "localhost");
    ck_assert_int_eq(run(p.client, p.server, &server_failed), RUSTLS_RESULT_OK);
    /* RFC 8446 4.4.2: the server now holds the client's chain, leaf first. */
    const struct rustls_certificate *leaf = rustls_connection_get_peer_certificate(p.server, 0);
    ck_assert_ptr_nonnull(leaf);
    const uint8_t *der = NULL;
    size_t der_len = 0;
    ck_assert_int_eq(rustls_certificate_get_der(leaf, &der, &der_len), RUSTLS_RESULT_OK);
    ck_assert_uint_gt(der_len, 0);
    assert_data_flows(p.client, p.server);
    pair_free(&p);
}
END_TEST

START_TEST(client_auth_refused_without_certificate)
{
    pair p;
    bool server_failed;
    pair_new(&p, CLIENT_AUTH_REQUIRED, false, "localhost");
    /* RFC 8446 4.4.2.4 / rustls NoCertificatesPresented: certificate_required. */
    ck_assert_int_eq(run(p.client, p.server, &server_failed), RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED);
    ck_assert(server_failed);
    /* The client hears the alert. */
    ck_assert_int_eq(pass(p.server, p.client), RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED);
    pair_free(&p);
}
END_TEST

START_TEST(client_auth_optional)
{
    pair p;
    bool server_failed;
    pair_new(&p, CLIENT_AUTH_OPTIONAL, false, "localhost");
    ck_assert_int_eq(run(p.client, p.server, &server_failed), RUSTLS_RESULT_OK);
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(p.server, 0));
    assert_data_flows(p.client, p.server);
    pair_free(&p);

    pair_new(&p, CLIENT_AUTH_OPTIONAL, true, "localhost");
    ck_assert_int_eq(run(p.client, p.server, &server_failed), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(rustls_connection_get_peer_certificate(p.server, 0));
    pair_free(&p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("server13_smoke");
    TCase *tc = tcase_create("client_and_server");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, certificate_by_sni);
    tcase_add_test(tc, client_auth_required);
    tcase_add_test(tc, client_auth_refused_without_certificate);
    tcase_add_test(tc, client_auth_optional);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
