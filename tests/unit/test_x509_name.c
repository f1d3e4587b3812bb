/*
 * test_x509_name.c - pt_x509_ops.cert_matches_name, which a server uses to pick its certificate
 * by the client's server_name (RFC 6066 section 3), and store_subjects, its certificate_authorities
 * hints (RFC 8446 section 4.2.4).  The certificates are tests/data's (see its
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

typedef struct subjects {
    size_t n;
    bool root, inter;
} subjects;

static bool contains(pt_slice hay, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= hay.len; i++) {
        if (memcmp(hay.p + i, needle, n) == 0) {
            return true;
        }
    }
    return false;
}

static void subject_cb(void *arg, pt_slice dn)
{
    subjects *s = arg;
    /* A DER Name is a SEQUENCE (RFC 5280 4.1.2.4) of exactly this length. */
    ck_assert_uint_ge(dn.len, 2);
    ck_assert_uint_eq(dn.p[0], 0x30);
    s->n++;
    s->root |= contains(dn, "patina test root CA");
    s->inter |= contains(dn, "patina test intermediate CA");
}

START_TEST(store_subjects)
{
    pt_root_store *store = NULL;
    size_t len, added = 0;
    ck_assert_pt_ok(x509->store_new(&store));
    subjects s = {0, false, false};
    ck_assert_pt_ok(x509->store_subjects(store, subject_cb, &s));
    ck_assert_uint_eq(s.n, 0);
    const char *files[] = {"ca.pem", "inter.pem"};
    for (size_t i = 0; i < 2; i++) {
        uint8_t *pem = pt_test_read_data(files[i], &len);
        ck_assert_pt_ok(x509->store_add_pem(store, pt_slice_of(pem, len), true, &added));
        free(pem);
    }
    ck_assert_pt_ok(x509->store_subjects(store, subject_cb, &s));
    ck_assert_uint_eq(s.n, 2);
    ck_assert(s.root && s.inter);
    x509->store_free(store);
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
    TCase *ts = tcase_create("store_subjects");
    tcase_add_test(ts, store_subjects);
    suite_add_tcase(s, ts);
    return pt_test_run(s);
}
