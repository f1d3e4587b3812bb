/*
 * test_hs_verify.c - a client that refuses the server's certificate: the exact rustls_result on
 * the client, the alert it sends (decrypted from the wire with the logged handshake secret) and
 * what the server reports on receiving it.
 */
#include <string.h>

#include "handshake/harness.h"
#include "testlib/pttest.h"

/*
 * rustls maps each CertificateError to a result (rustls-ffi error.rs) and to an alert
 * (rustls error.rs, From<CertificateError> for AlertDescription).
 */
static const struct {
    const char *chain;
    const char *root;
    const char *name;
    rustls_result client;
    uint8_t alert;
    rustls_result server;
} cases[] = {
    /* A root store that does not know our CA: UnknownIssuer -> unknown_ca (48). */
    {"rsa2048", "other-ca.pem", "localhost", RUSTLS_RESULT_CERT_UNKNOWN_ISSUER, 48, RUSTLS_RESULT_ALERT_UNKNOWN_CA},
    {"ed25519", "other-ca.pem", "localhost", RUSTLS_RESULT_CERT_UNKNOWN_ISSUER, 48, RUSTLS_RESULT_ALERT_UNKNOWN_CA},
    /* A name the leaf does not carry: NotValidForName -> bad_certificate (42). */
    {"rsa2048", "ca.pem", "example.com", RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME, 42, RUSTLS_RESULT_ALERT_BAD_CERTIFICATE},
    {"ecdsa-p256", "ca.pem", "127.0.0.2", RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME, 42,
     RUSTLS_RESULT_ALERT_BAD_CERTIFICATE},
    /* Only a CN, never matched (RFC 6125 / webpki): nosan.testserver.com. */
    {"nosan", "ca.pem", "nosan.testserver.com", RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME, 42,
     RUSTLS_RESULT_ALERT_BAD_CERTIFICATE},
    /* A partial wildcard b*z matches nothing. */
    {"wildcard", "ca.pem", "bz.testserver.com", RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME, 42,
     RUSTLS_RESULT_ALERT_BAD_CERTIFICATE},
    /* Expired / not yet valid: certificate_expired (45) for both (RFC 8446 section 6.2). */
    {"expired", "ca.pem", "localhost", RUSTLS_RESULT_CERT_EXPIRED, 45, RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED},
    {"notyet", "ca.pem", "localhost", RUSTLS_RESULT_CERT_NOT_YET_VALID, 45, RUSTLS_RESULT_ALERT_CERTIFICATE_EXPIRED},
    /* EKU clientAuth only: InvalidPurpose -> unsupported_certificate (43). */
    {"clientonly-eku", "ca.pem", "localhost", RUSTLS_RESULT_CERT_INVALID_PURPOSE, 43,
     RUSTLS_RESULT_ALERT_UNSUPPORTED_CERTIFICATE},
};

typedef struct last_rec {
    size_t n;
    hs_wire_rec last;
    uint8_t plain[8];
} last_rec;

static void keep_last(void *ctx, const hs_wire_rec *r)
{
    last_rec *l = ctx;
    l->n++;
    l->last = *r;
    memset(l->plain, 0, sizeof(l->plain));
    memcpy(l->plain, r->plain, r->len < sizeof(l->plain) ? r->len : sizeof(l->plain));
}

START_TEST(client_refuses_certificate)
{
    hs_keylog_reset();
    hs_opts o = {.server_chains = {cases[_i].chain}, .root = cases[_i].root, .server_name = cases[_i].name,
                 .keylog = true};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert_uint_eq(pr.client_err, cases[_i].client);
    ck_assert_uint_eq(pr.server_err, cases[_i].server);
    ck_assert(rustls_result_is_cert_error(pr.client_err));
    /* Errors are sticky. */
    ck_assert_uint_eq(rustls_connection_process_new_packets(pr.client), cases[_i].client);

    /*
     * The client's last record is its alert, protected with the client handshake traffic key
     * (RFC 8446 section 5: alerts are encrypted under the current traffic key): level fatal (2).
     */
    last_rec l = {0};
    hs_wire_decrypt(&pr, true, keep_last, &l);
    ck_assert_uint_ge(l.n, 2);
    ck_assert(l.last.opened);
    ck_assert_uint_eq(l.last.epoch, 1);
    ck_assert_uint_eq(l.last.type, 21);
    ck_assert_uint_eq(l.last.len, 2);
    ck_assert_uint_eq(l.plain[0], 2);
    ck_assert_uint_eq(l.plain[1], cases[_i].alert);

    /* Nothing was sent as application data, and the server saw no Finished. */
    ck_assert(rustls_connection_is_handshaking(pr.server));
    hs_pair_free(&pr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hs_verify");
    TCase *tc = tcase_create("verify");
    tcase_add_loop_test(tc, client_refuses_certificate, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(suite());
}
