/*
 * test_x509_name.c - pt_x509_ops.cert_matches_name, which a server uses to pick its certificate
 * by the client's server_name (RFC 6066 section 3).  The certificates are tests/data's (see its
 * README for their subjectAltNames).
 */
#include <stdlib.h>
#include <string.h>

#include "provider/boringssl/pki.h"
#include "testlib/pttest.h"

static const pt_x509_ops *x509 = &pt_bssl_x509_ops;

typedef struct leaf {
    uint8_t *der;
    size_t len;
} leaf;

static void first_cert(void *arg, pt_slice der)
{
    leaf *l = arg;
    if (l->der == NULL) {
        l->der = malloc(der.len);
        ck_assert_ptr_nonnull(l->der);
        memcpy(l->der, der.p, der.len);
        l->len = der.len;
    }
}

static bool matches(const char *file, const char *name)
{
    size_t pem_len, n;
    uint8_t *pem = pt_test_read_data(file, &pem_len);
    leaf l = {NULL, 0};
    ck_assert_pt_ok(x509->pem_certs(pt_slice_of(pem, pem_len), first_cert, &l, &n));
    ck_assert_ptr_nonnull(l.der);
    bool ok = x509->cert_matches_name(pt_slice_of(l.der, l.len), name);
    free(l.der);
    free(pem);
    return ok;
}

START_TEST(dns_names_of_a_server_leaf)
{
    /* SANs DNS:localhost, DNS:testserver.com, IP:127.0.0.1 */
    ck_assert(matches("rsa2048.pem", "localhost"));
    ck_assert(matches("rsa2048.pem", "testserver.com"));
    ck_assert(matches("ecdsa-p256.pem", "TestServer.COM")); /* RFC 6125 6.4.1: case-insensitive */
    ck_assert(matches("ecdsa-p256.pem", "testserver.com.")); /* absolute form */
    ck_assert(!matches("rsa2048.pem", "example.com"));
    ck_assert(!matches("rsa2048.pem", "www.testserver.com"));
    ck_assert(!matches("rsa2048.pem", "testserver.co"));
    ck_assert(!matches("rsa2048.pem", ""));
}
END_TEST

START_TEST(ip_addresses)
{
    ck_assert(matches("rsa2048.pem", "127.0.0.1"));
    ck_assert(!matches("rsa2048.pem", "127.0.0.2"));
    ck_assert(!matches("rsa2048.pem", "::1"));
    ck_assert(matches("ipsan.pem", "127.0.0.1"));
    /* The CN is never a name (RFC 6125 6.4.4, as webpki): ipsan's only SAN is an IP. */
    ck_assert(!matches("ipsan.pem", "ipsan.testserver.com"));
}
END_TEST

START_TEST(wildcards)
{
    /* SANs DNS:*.wild.testserver.com and the partial wildcard DNS:b*z.testserver.com */
    ck_assert(matches("wildcard.pem", "a.wild.testserver.com"));
    ck_assert(matches("wildcard.pem", "WWW.Wild.TestServer.com"));
    ck_assert(!matches("wildcard.pem", "wild.testserver.com"));
    ck_assert(!matches("wildcard.pem", "a.b.wild.testserver.com"));
    ck_assert(!matches("wildcard.pem", "baz.testserver.com"));
    /* A reference name is never itself a pattern. */
    ck_assert(!matches("wildcard.pem", "*.wild.testserver.com"));
}
END_TEST

START_TEST(no_san_and_bad_input)
{
    ck_assert(!matches("nosan.pem", "nosan.testserver.com"));
    static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    ck_assert(!x509->cert_matches_name(pt_slice_of(junk, sizeof junk), "localhost"));
    ck_assert(!x509->cert_matches_name(PT_SLICE_EMPTY, "localhost"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("x509_name");
    TCase *tc = tcase_create("cert_matches_name");
    tcase_add_test(tc, dns_names_of_a_server_leaf);
    tcase_add_test(tc, ip_addresses);
    tcase_add_test(tc, wildcards);
    tcase_add_test(tc, no_san_and_bad_input);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
