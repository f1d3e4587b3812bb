/*
 * test_hs_alpn_sni.c - ALPN (RFC 7301) and SNI (RFC 6066 section 3) between a patina client and
 * a patina server, through the public API.
 */
#include <stdlib.h>
#include <string.h>

#include "handshake/harness.h"
#include "testlib/pttest.h"

static void assert_alpn(const rustls_connection *c, const char *want)
{
    const uint8_t *p = (const uint8_t *)"sentinel";
    size_t len = 12345;
    rustls_connection_get_alpn_protocol(c, &p, &len);
    if (want == NULL) {
        ck_assert_ptr_null(p);
        ck_assert_uint_eq(len, 0);
    } else {
        ck_assert_msg(len == strlen(want) && p != NULL && memcmp(p, want, len) == 0, "ALPN: got '%.*s', want '%s'",
                      (int)len, p ? (const char *)p : "", want);
    }
}

static void assert_sni(const rustls_connection *server, const char *want)
{
    struct rustls_str s = rustls_server_connection_get_server_name(server);
    ck_assert_msg(s.len == strlen(want) && (s.len == 0 || memcmp(s.data, want, s.len) == 0),
                  "SNI: got '%.*s', want '%s'", (int)s.len, s.data ? s.data : "", want);
}

/* ---------------------------------------------------------------- ALPN */

static const char *const c_h2_http11[] = {"http/1.1", "h2", NULL};
static const char *const s_h2_http11[] = {"h2", "http/1.1", NULL};
static const char *const s_spdy[] = {"spdy/3", "acme-tls/1", NULL};

/* RFC 7301 section 3.2 / rustls: the server picks its most preferred protocol the client offers. */
START_TEST(alpn_server_preference_wins)
{
    hs_opts o = {.client_alpn = c_h2_http11, .server_alpn = s_h2_http11};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    assert_alpn(pr.client, NULL);
    hs_handshake_ok(&pr);
    assert_alpn(pr.client, "h2");
    assert_alpn(pr.server, "h2");
    hs_pair_free(&pr);
}
END_TEST

START_TEST(alpn_single_overlap)
{
    static const char *const c[] = {"acme-tls/1", "zz", NULL};
    hs_opts o = {.client_alpn = c, .server_alpn = s_spdy};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_alpn(pr.client, "acme-tls/1");
    assert_alpn(pr.server, "acme-tls/1");
    hs_pair_free(&pr);
}
END_TEST

/* A client that offers nothing gets nothing; the server does not insist (rustls, non-QUIC). */
START_TEST(alpn_client_offers_none)
{
    hs_opts o = {.server_alpn = s_h2_http11};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_alpn(pr.client, NULL);
    assert_alpn(pr.server, NULL);
    hs_pair_free(&pr);
}
END_TEST

/* A server without ALPN ignores the client's offer. */
START_TEST(alpn_server_has_none)
{
    hs_opts o = {.client_alpn = c_h2_http11};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_alpn(pr.client, NULL);
    assert_alpn(pr.server, NULL);
    hs_pair_free(&pr);
}
END_TEST

/*
 * No overlap: RFC 7301 section 3.2 - the server MUST respond with a fatal no_application_protocol
 * alert.  rustls: Error::NoApplicationProtocol on the server (NO_APPLICATION_PROTOCOL), the
 * client sees AlertReceived(NoApplicationProtocol).  The alert is the server's first and only
 * flight, in plaintext: 15 0303 0002 02 78.
 */
START_TEST(alpn_no_overlap)
{
    hs_opts o = {.client_alpn = c_h2_http11, .server_alpn = s_spdy};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_NO_APPLICATION_PROTOCOL);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_NO_APPLICATION_PROTOCOL);
    ck_assert_hex_eq(pr.s2c_log.p, pr.s2c_log.len, "15 0303 0002 02 78");
    assert_alpn(pr.client, NULL);
    hs_pair_free(&pr);
}
END_TEST

/* rustls_client_connection_new_alpn replaces the config's list for one connection. */
START_TEST(alpn_per_connection_list)
{
    hs_opts o = {.client_alpn = c_h2_http11, .server_alpn = s_spdy};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    rustls_connection_free(pr.client);
    pr.client = NULL;
    struct rustls_slice_bytes protos[2] = {{(const uint8_t *)"x", 1}, {(const uint8_t *)"spdy/3", 6}};
    ck_assert_uint_eq(rustls_client_connection_new_alpn(pr.client_config, "localhost", protos, 2, &pr.client),
                      RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_alpn(pr.client, "spdy/3");
    assert_alpn(pr.server, "spdy/3");
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- SNI */

/* RFC 6066 section 3 / rustls: the server reports the host name lower-cased. */
START_TEST(sni_lower_cased)
{
    hs_opts o = {.server_name = "LocalHost"};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    assert_sni(pr.server, "");
    hs_handshake_ok(&pr);
    assert_sni(pr.server, "localhost");
    hs_pair_free(&pr);
}
END_TEST

START_TEST(sni_dns_name)
{
    hs_opts o = {.server_name = "testserver.com"};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_sni(pr.server, "testserver.com");
    hs_pair_free(&pr);
}
END_TEST

/*
 * RFC 6066 section 3: 'Literal IPv4 and IPv6 addresses are not permitted in "HostName".'  The
 * certificate is still checked against the address (the leaves have IP:127.0.0.1).  The
 * ClientHello must not even contain a server_name extension (type 0x0000).
 */
START_TEST(sni_not_sent_for_ip)
{
    hs_opts o = {.server_name = "127.0.0.1"};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_sni(pr.server, "");
    hs_pair_free(&pr);
}
END_TEST

START_TEST(sni_disabled)
{
    hs_opts o = {.no_sni = true};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_sni(pr.server, "");
    hs_pair_free(&pr);
}
END_TEST

/* Whether the ClientHello (first c2s record) carries the server_name extension, and for what. */
static bool hello_has_sni(const hs_pair *pr, const char *name)
{
    const uint8_t *p = pr->c2s_log.p;
    size_t len = pr->c2s_log.len;
    size_t nl = strlen(name);
    /* A crude scan is enough: the name bytes preceded by the host_name type and length. */
    for (size_t i = 3; i + nl <= len; i++) {
        if (p[i - 3] == 0 && p[i - 2] == (uint8_t)(nl >> 8) && p[i - 1] == (uint8_t)nl && memcmp(p + i, name, nl) == 0) {
            return true;
        }
    }
    return false;
}

START_TEST(sni_on_the_wire)
{
    hs_opts o = {.server_name = "testserver.com"};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    ck_assert(hello_has_sni(&pr, "testserver.com"));
    hs_pair_free(&pr);
    o.no_sni = true;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    ck_assert(!hello_has_sni(&pr, "testserver.com"));
    hs_pair_free(&pr);
}
END_TEST

/* The DER of the client's view of the server leaf equals tests/data/<stem>.chain.pem's first. */
static void assert_leaf_is(const hs_pair *pr, const char *stem)
{
    size_t want_len, der_len = 0;
    const uint8_t *der = NULL;
    uint8_t *want = hs_leaf_der(stem, &want_len);
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_connection_get_peer_certificate(pr->client, 0), &der, &der_len),
                      RUSTLS_RESULT_OK);
    ck_assert_msg(der_len == want_len && memcmp(der, want, der_len) == 0, "server did not present %s", stem);
    free(want);
}

/*
 * Several certified keys: the one whose leaf is valid for the SNI name wins, whatever its place
 * in the list; without SNI the first usable one is used.  _i chooses the key order.
 */
START_TEST(sni_selects_certified_key)
{
    hs_opts o = {.server_chains = {"wildcard", "rsa2048"}};
    if (_i == 1) {
        o.server_chains[0] = "rsa2048";
        o.server_chains[1] = "wildcard";
    }
    hs_pair pr;
    o.server_name = "a.wild.testserver.com";
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_sni(pr.server, "a.wild.testserver.com");
    assert_leaf_is(&pr, "wildcard");
    hs_pair_free(&pr);

    o.server_name = "localhost";
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_leaf_is(&pr, "rsa2048");
    hs_pair_free(&pr);

    o.server_name = "B.Wild.TestServer.com";
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_sni(pr.server, "b.wild.testserver.com");
    assert_leaf_is(&pr, "wildcard");
    hs_pair_free(&pr);
}
END_TEST

/* Without SNI the first key is used: with the wildcard first, the client refuses it for 127.0.0.1. */
START_TEST(no_sni_takes_first_key)
{
    hs_opts o = {.server_chains = {"rsa2048", "wildcard"}, .server_name = "127.0.0.1"};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    assert_leaf_is(&pr, "rsa2048");
    hs_pair_free(&pr);

    o.server_chains[0] = "wildcard";
    o.server_chains[1] = "rsa2048";
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_ALERT_BAD_CERTIFICATE);
    hs_pair_free(&pr);
}
END_TEST

/* A server name that is neither a DNS name nor an IP address is refused up front. */
START_TEST(invalid_server_name)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    rustls_connection *c = NULL;
    ck_assert_uint_eq(rustls_client_connection_new(pr.client_config, "not a name!", &c),
                      RUSTLS_RESULT_INVALID_DNS_NAME_ERROR);
    ck_assert_ptr_null(c);
    hs_pair_free(&pr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hs_alpn_sni");
    TCase *tc = tcase_create("alpn");
    tcase_add_test(tc, alpn_server_preference_wins);
    tcase_add_test(tc, alpn_single_overlap);
    tcase_add_test(tc, alpn_client_offers_none);
    tcase_add_test(tc, alpn_server_has_none);
    tcase_add_test(tc, alpn_no_overlap);
    tcase_add_test(tc, alpn_per_connection_list);
    suite_add_tcase(s, tc);
    tc = tcase_create("sni");
    tcase_add_test(tc, sni_lower_cased);
    tcase_add_test(tc, sni_dns_name);
    tcase_add_test(tc, sni_not_sent_for_ip);
    tcase_add_test(tc, sni_disabled);
    tcase_add_test(tc, sni_on_the_wire);
    tcase_add_loop_test(tc, sni_selects_certified_key, 0, 2);
    tcase_add_test(tc, no_sni_takes_first_key);
    tcase_add_test(tc, invalid_server_name);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(suite());
}
