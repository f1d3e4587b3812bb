/*
 * test_hs_client_auth.c - server-side client authentication with patina's dangerous callback
 * verifier (patina_client_cert_verifier_new_dangerous), through the public API: what the
 * callback is shown, how its answer becomes the server's result and the alert the client
 * hears, the allow_unauthenticated switch, the CertificateVerify check that stays, the
 * CertificateRequest without certificate_authorities, and the NULL checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/harness.h"
#include "patina.h"
#include "testlib/pttest.h"

/* What the callback saw; the callback answers `answer`. */
typedef struct seen {
    int calls;
    void *userdata;
    uint8_t leaf[4096];
    size_t leaf_len;
    size_t n_inter;
    uint8_t inter0[4096];
    size_t inter0_len;
} seen;

static seen g_seen;
static uint32_t g_answer;

static uint32_t record_cb(void *userdata, const struct patina_verify_client_cert_params *params)
{
    g_seen.calls++;
    g_seen.userdata = userdata;
    ck_assert_uint_le(params->end_entity_cert_der.len, sizeof(g_seen.leaf));
    memcpy(g_seen.leaf, params->end_entity_cert_der.data, params->end_entity_cert_der.len);
    g_seen.leaf_len = params->end_entity_cert_der.len;
    g_seen.n_inter = rustls_slice_slice_bytes_len(params->intermediate_certs_der);
    if (g_seen.n_inter > 0) {
        struct rustls_slice_bytes b = rustls_slice_slice_bytes_get(params->intermediate_certs_der, 0);
        ck_assert_uint_le(b.len, sizeof(g_seen.inter0));
        memcpy(g_seen.inter0, b.data, b.len);
        g_seen.inter0_len = b.len;
    }
    return g_answer;
}

/* A pair whose server uses the callback verifier; the pair holds the only config reference. */
static void pair_with_callback(hs_pair *pr, bool allow_unauthenticated, const char *client_chain,
                               const char *client_key, uint32_t answer)
{
    struct rustls_client_cert_verifier *v = NULL;
    memset(&g_seen, 0, sizeof(g_seen));
    g_answer = answer;
    ck_assert_uint_eq(patina_client_cert_verifier_new_dangerous(record_cb, allow_unauthenticated, &v),
                      RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(v);
    hs_opts o = {.client_verifier = v, .client_chain = client_chain, .client_key = client_key, .keylog = true};
    hs_keylog_reset();
    ck_assert_uint_eq(hs_pair_init(pr, &o), RUSTLS_RESULT_OK);
    /* Reference counted: the server config keeps the verifier alive after this free. */
    rustls_client_cert_verifier_free(v);
}

/* The DER of certificate `i` of tests/data/<stem>.chain.pem, as rustls_certified_key parses it. */
static uint8_t *chain_cert_der(const char *stem, size_t i, size_t *len)
{
    char name[64];
    size_t chain_len, key_len;
    snprintf(name, sizeof(name), "%s.chain.pem", stem);
    uint8_t *chain = pt_test_read_data(name, &chain_len);
    snprintf(name, sizeof(name), "%s.key.pk8.pem", stem);
    uint8_t *key = pt_test_read_data(name, &key_len);
    const struct rustls_certified_key *ck = NULL;
    ck_assert_uint_eq(rustls_certified_key_build(chain, chain_len, key, key_len, &ck), RUSTLS_RESULT_OK);
    const uint8_t *der = NULL;
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_certified_key_get_certificate(ck, i), &der, len),
                      RUSTLS_RESULT_OK);
    uint8_t *copy = malloc(*len);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, der, *len);
    rustls_certified_key_free(ck);
    free(chain);
    free(key);
    return copy;
}

static void assert_peer_cert(const rustls_connection *conn, size_t i, const uint8_t *want, size_t want_len)
{
    const uint8_t *der = NULL;
    size_t len = 0;
    const struct rustls_certificate *c = rustls_connection_get_peer_certificate(conn, i);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(rustls_certificate_get_der(c, &der, &len), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(len, want_len);
    ck_assert_mem_eq(der, want, len);
}

START_TEST(callback_accepts_chain)
{
    static int marker;
    hs_pair pr;
    pair_with_callback(&pr, false, "client", NULL, RUSTLS_RESULT_OK);
    rustls_connection_set_userdata(pr.server, &marker);
    hs_handshake_ok(&pr);

    /* Called once, with the connection's userdata and the chain as client.chain.pem has it:
     * the leaf, then the intermediate (RFC 8446 4.4.2: sender's certificate first). */
    size_t leaf_len, inter_len;
    uint8_t *leaf = chain_cert_der("client", 0, &leaf_len);
    uint8_t *inter = chain_cert_der("client", 1, &inter_len);
    ck_assert_int_eq(g_seen.calls, 1);
    ck_assert_ptr_eq(g_seen.userdata, &marker);
    ck_assert_uint_eq(g_seen.leaf_len, leaf_len);
    ck_assert_mem_eq(g_seen.leaf, leaf, leaf_len);
    ck_assert_uint_eq(g_seen.n_inter, 1);
    ck_assert_uint_eq(g_seen.inter0_len, inter_len);
    ck_assert_mem_eq(g_seen.inter0, inter, inter_len);

    /* The server holds the client's chain afterwards. */
    assert_peer_cert(pr.server, 0, leaf, leaf_len);
    assert_peer_cert(pr.server, 1, inter, inter_len);
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(pr.server, 2));
    static const uint8_t hello[] = "client authenticated";
    hs_transfer(&pr, true, hello, sizeof(hello));
    free(leaf);
    free(inter);
    hs_pair_free(&pr);
}
END_TEST

/*
 * The callback's answer as rustls-ffi maps it for the client-side callback (error.rs
 * cert_result_to_error) and rustls turns it into an alert (From<CertificateError> for
 * AlertDescription); anything that is not a CERT_* code is General with handshake_failure.
 */
static const struct {
    uint32_t answer;
    rustls_result server;
    rustls_result client; /* the alert the client receives */
} rejections[] = {
    {RUSTLS_RESULT_CERT_ENCODING_BAD, RUSTLS_RESULT_CERT_ENCODING_BAD, RUSTLS_RESULT_ALERT_BAD_CERTIFICATE},
    {RUSTLS_RESULT_CERT_EXPIRED, RUSTLS_RESULT_CERT_EXPIRED, RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED},
    {RUSTLS_RESULT_CERT_NOT_YET_VALID, RUSTLS_RESULT_CERT_NOT_YET_VALID, RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED},
    {RUSTLS_RESULT_CERT_REVOKED, RUSTLS_RESULT_CERT_REVOKED, RUSTLS_RESULT_ALERT_CERTIFICATE_REVOKED},
    {RUSTLS_RESULT_CERT_UNKNOWN_ISSUER, RUSTLS_RESULT_CERT_UNKNOWN_ISSUER, RUSTLS_RESULT_ALERT_UNKNOWN_CA},
    {RUSTLS_RESULT_CERT_BAD_SIGNATURE, RUSTLS_RESULT_CERT_BAD_SIGNATURE, RUSTLS_RESULT_ALERT_DECRYPT_ERROR},
    {RUSTLS_RESULT_CERT_INVALID_PURPOSE, RUSTLS_RESULT_CERT_INVALID_PURPOSE,
     RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE},
    {RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE, RUSTLS_RESULT_CERT_APPLICATION_VERIFICATION_FAILURE,
     RUSTLS_RESULT_ALERT_ACCESS_DENIED},
    {RUSTLS_RESULT_CERT_OTHER_ERROR, RUSTLS_RESULT_CERT_OTHER_ERROR, RUSTLS_RESULT_ALERT_CERTIFICATE_UNKNOWN},
    {RUSTLS_RESULT_GENERAL, RUSTLS_RESULT_GENERAL, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE},
    {RUSTLS_RESULT_IO, RUSTLS_RESULT_GENERAL, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE},
    {123456u, RUSTLS_RESULT_GENERAL, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE},
};

START_TEST(callback_rejects)
{
    hs_pair pr;
    pair_with_callback(&pr, false, "client", NULL, rejections[_i].answer);
    hs_pump(&pr);
    ck_assert_int_eq(g_seen.calls, 1);
    ck_assert_uint_eq(pr.server_err, rejections[_i].server);
    ck_assert_uint_eq(pr.client_err, rejections[_i].client);
    /* Errors are sticky, and the refused client is not a peer. */
    ck_assert_uint_eq(rustls_connection_process_new_packets(pr.server), rejections[_i].server);
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(pr.server, 0));
    hs_pair_free(&pr);
}
END_TEST

START_TEST(no_certificate_allowed)
{
    hs_pair pr;
    pair_with_callback(&pr, true, NULL, NULL, RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    /* RFC 8446 4.4.2.4: the server MAY continue without client authentication. */
    ck_assert_int_eq(g_seen.calls, 0);
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(pr.server, 0));
    static const uint8_t hello[] = "anonymous";
    hs_transfer(&pr, true, hello, sizeof(hello));
    hs_pair_free(&pr);

    /* allow_unauthenticated does not stop a client that has a certificate from using it. */
    pair_with_callback(&pr, true, "client", NULL, RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    ck_assert_int_eq(g_seen.calls, 1);
    ck_assert_ptr_nonnull(rustls_connection_get_peer_certificate(pr.server, 0));
    hs_pair_free(&pr);
}
END_TEST

START_TEST(no_certificate_refused)
{
    hs_pair pr;
    pair_with_callback(&pr, false, NULL, NULL, RUSTLS_RESULT_OK);
    hs_pump(&pr);
    /* RFC 8446 4.4.2.4: "it MAY abort the handshake with a certificate_required alert". */
    ck_assert_int_eq(g_seen.calls, 0);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED);
    hs_pair_free(&pr);
}
END_TEST

START_TEST(bad_certificate_verify_refused)
{
    /* client.chain.pem sent, but signed with ecdsa-p256's key (the same scheme, another key): the
     * callback accepts the chain, the RFC 8446 4.4.3 signature check still fails. */
    hs_pair pr;
    pair_with_callback(&pr, false, "client", "ecdsa-p256", RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert_int_eq(g_seen.calls, 1);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_CERT_BAD_SIGNATURE);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_DECRYPT_ERROR);
    ck_assert(rustls_connection_is_handshaking(pr.server));
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(pr.server, 0));
    hs_pair_free(&pr);
}
END_TEST

/* The extension types of the server's CertificateRequest, found in its decrypted flight. */
typedef struct certreq_scan {
    int found;
    bool has_sig_algs, has_cas;
    hs_bytes hs; /* the server's handshake-key handshake bytes, joined */
} certreq_scan;

static void collect_hs(void *ctx, const hs_wire_rec *r)
{
    certreq_scan *s = ctx;
    if (r->opened && r->epoch == 1 && r->type == 22) {
        hs_bytes_put(&s->hs, r->plain, r->len);
    }
}

START_TEST(certificate_request_has_no_authorities)
{
    hs_pair pr;
    pair_with_callback(&pr, false, "client", NULL, RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    certreq_scan s = {0};
    hs_wire_decrypt(&pr, false, collect_hs, &s);
    /* Walk the messages: type(1) length(3) body; CertificateRequest (13) is
     * context<0..255> extensions<2..2^16-1> (RFC 8446 4.3.2). */
    size_t off = 0;
    while (off + 4 <= s.hs.len) {
        const uint8_t *m = s.hs.p + off;
        size_t len = ((size_t)m[1] << 16) | ((size_t)m[2] << 8) | m[3];
        ck_assert_uint_le(off + 4 + len, s.hs.len);
        if (m[0] == 13) {
            s.found++;
            const uint8_t *b = m + 4;
            size_t p = 1 + b[0];
            size_t ext_end = p + 2 + (((size_t)b[p] << 8) | b[p + 1]);
            ck_assert_uint_eq(ext_end, len);
            for (p += 2; p + 4 <= ext_end;) {
                uint16_t type = (uint16_t)((b[p] << 8) | b[p + 1]);
                size_t elen = ((size_t)b[p + 2] << 8) | b[p + 3];
                s.has_sig_algs |= type == 13;
                s.has_cas |= type == 47;
                p += 4 + elen;
            }
        }
        off += 4 + len;
    }
    ck_assert_uint_eq(off, s.hs.len);
    ck_assert_int_eq(s.found, 1);
    /* signature_algorithms is mandatory (RFC 8446 4.3.2); certificate_authorities (47) is left
     * out: the verifier has no roots to name. */
    ck_assert(s.has_sig_algs);
    ck_assert(!s.has_cas);
    hs_bytes_free(&s.hs);
    hs_pair_free(&pr);
}
END_TEST

START_TEST(null_parameters)
{
    struct rustls_client_cert_verifier *v = NULL;
    ck_assert_uint_eq(patina_client_cert_verifier_new_dangerous(NULL, false, &v), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_null(v);
    ck_assert_uint_eq(patina_client_cert_verifier_new_dangerous(record_cb, true, NULL),
                      RUSTLS_RESULT_NULL_PARAMETER);
    /* A verifier no config took is freed by its one reference. */
    ck_assert_uint_eq(patina_client_cert_verifier_new_dangerous(record_cb, true, &v), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(v);
    rustls_client_cert_verifier_free(v);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hs_client_auth");
    TCase *tc = tcase_create("callback_verifier");
    tcase_add_test(tc, callback_accepts_chain);
    tcase_add_loop_test(tc, callback_rejects, 0, (int)(sizeof(rejections) / sizeof(rejections[0])));
    tcase_add_test(tc, no_certificate_allowed);
    tcase_add_test(tc, no_certificate_refused);
    tcase_add_test(tc, bad_certificate_verify_refused);
    tcase_add_test(tc, certificate_request_has_no_authorities);
    tcase_add_test(tc, null_parameters);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(suite());
}
