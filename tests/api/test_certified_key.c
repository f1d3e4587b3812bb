/*
 * test_certified_key.c - rustls_certified_key and rustls_certificate as a rustls-ffi program
 * uses them: build from PEM files, walk the chain, check the keys match, clone with OCSP, free
 * in any order.  Fixtures are tests/data (see its README for what each file is).
 */
#include "config.h"

#include <string.h>

#include "patina.h"
#include "testlib/pttest.h"

typedef struct file {
    uint8_t *p;
    size_t len;
} file;

static file load(const char *name)
{
    file f;
    f.p = pt_test_read_data(name, &f.len);
    return f;
}

/* Build from two data files; returns the rustls_result and leaves *out as built (or NULL). */
static rustls_result build(const char *chain, const char *key, const struct rustls_certified_key **out)
{
    file c = load(chain), k = load(key);
    *out = NULL;
    rustls_result r = rustls_certified_key_build(c.p, c.len, k.p, k.len, out);
    free(c.p);
    free(k.p);
    return r;
}

static void assert_keys_match(const char *chain, const char *key)
{
    const struct rustls_certified_key *ck;
    ck_assert_uint_eq(build(chain, key, &ck), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(ck);
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_OK);
    rustls_certified_key_free(ck);
}

START_TEST(build_every_key_type_and_format)
{
    assert_keys_match("rsa2048.chain.pem", "rsa2048.key.pk8.pem");
    assert_keys_match("rsa2048.chain.pem", "rsa2048.key.pkcs1.pem");
    assert_keys_match("ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem");
    assert_keys_match("ecdsa-p256.chain.pem", "ecdsa-p256.key.sec1.pem");
    assert_keys_match("ecdsa-p384.chain.pem", "ecdsa-p384.key.pk8.pem");
    assert_keys_match("ecdsa-p384.chain.pem", "ecdsa-p384.key.sec1.pem");
    assert_keys_match("ed25519.chain.pem", "ed25519.key.pk8.pem");
}
END_TEST

/* The chain comes back leaf first, byte for byte, and NULL past its end. */
START_TEST(chain_is_kept_in_order)
{
    const struct rustls_certified_key *ck;
    ck_assert_uint_eq(build("ca.pem", "ca.key.pk8.pem", &ck), RUSTLS_RESULT_OK);
    file der = load("ca.der");
    const struct rustls_certificate *cert = rustls_certified_key_get_certificate(ck, 0);
    ck_assert_ptr_nonnull(cert);
    const uint8_t *p = NULL;
    size_t len = 0;
    ck_assert_uint_eq(rustls_certificate_get_der(cert, &p, &len), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(len, der.len);
    ck_assert_mem_eq(p, der.p, len);
    ck_assert_ptr_null(rustls_certified_key_get_certificate(ck, 1));
    ck_assert_ptr_null(rustls_certified_key_get_certificate(ck, (size_t)-1));
    free(der.p);
    rustls_certified_key_free(ck);

    /* A two-certificate chain: index 0 is the leaf, 1 the intermediate, 2 is past the end. */
    ck_assert_uint_eq(build("ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem", &ck), RUSTLS_RESULT_OK);
    const struct rustls_certificate *leaf = rustls_certified_key_get_certificate(ck, 0);
    const struct rustls_certificate *inter = rustls_certified_key_get_certificate(ck, 1);
    ck_assert_ptr_nonnull(leaf);
    ck_assert_ptr_nonnull(inter);
    ck_assert_ptr_null(rustls_certified_key_get_certificate(ck, 2));
    const uint8_t *lp, *ip;
    size_t ll, il;
    ck_assert_uint_eq(rustls_certificate_get_der(leaf, &lp, &ll), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certificate_get_der(inter, &ip, &il), RUSTLS_RESULT_OK);
    ck_assert(ll != il || memcmp(lp, ip, ll) != 0);
    /* The intermediate built alone as a one-certificate chain gives the same DER. */
    const struct rustls_certified_key *ick;
    ck_assert_uint_eq(build("inter.pem", "inter.key.pk8.pem", &ick), RUSTLS_RESULT_OK);
    const uint8_t *ip2;
    size_t il2;
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_certified_key_get_certificate(ick, 0), &ip2, &il2),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(il, il2);
    ck_assert_mem_eq(ip, ip2, il);
    rustls_certified_key_free(ick);
    rustls_certified_key_free(ck);
}
END_TEST

START_TEST(keys_mismatch)
{
    const struct rustls_certified_key *ck;
    /* Different algorithms. */
    ck_assert_uint_eq(build("rsa2048.chain.pem", "ecdsa-p256.key.pk8.pem", &ck), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH);
    rustls_certified_key_free(ck);
    /* Same algorithm (P-256), different key. */
    ck_assert_uint_eq(build("ecdsa-p256.chain.pem", "expired.key.pk8.pem", &ck), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH);
    rustls_certified_key_free(ck);
    /* The key of the second certificate does not make the chain match: only the leaf counts. */
    ck_assert_uint_eq(build("ecdsa-p256.chain.pem", "inter.key.pk8.pem", &ck), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_INCONSISTENT_KEYS_KEYS_MISMATCH);
    rustls_certified_key_free(ck);
}
END_TEST

START_TEST(bad_private_keys)
{
    const struct rustls_certified_key *ck;
    /* DER is refused: rustls-ffi reads keys as PEM only. */
    ck_assert_uint_eq(build("rsa2048.chain.pem", "rsa2048.key.pk8.der", &ck), RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR);
    ck_assert_ptr_null(ck);
    /* Encrypted keys: no passwords. */
    ck_assert_uint_eq(build("ecdsa-p256.chain.pem", "ecdsa-p256.key.encrypted.pem", &ck),
                      RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR);
    ck_assert_ptr_null(ck);
    /* A certificate where the key should be. */
    ck_assert_uint_eq(build("ecdsa-p256.chain.pem", "ecdsa-p256.pem", &ck), RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR);
    /* Unsupported: RSA under 2048 bits, the secp256k1 curve. */
    ck_assert_uint_eq(build("rsa2048.chain.pem", "rsa1024.key.pk8.pem", &ck), RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR);
    ck_assert_uint_eq(build("rsa2048.chain.pem", "secp256k1.key.pk8.pem", &ck), RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR);
    ck_assert_ptr_null(ck);
    /* Empty key. */
    static const uint8_t empty[1] = {0};
    file c = load("rsa2048.chain.pem");
    ck_assert_uint_eq(rustls_certified_key_build(c.p, c.len, empty, 0, &ck), RUSTLS_RESULT_PRIVATE_KEY_PARSE_ERROR);
    free(c.p);
}
END_TEST

START_TEST(bad_chains)
{
    static const char bad_b64[] = "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n";
    file k = load("ecdsa-p256.key.pk8.pem");
    const struct rustls_certified_key *ck = NULL;
    ck_assert_uint_eq(rustls_certified_key_build((const uint8_t *)bad_b64, strlen(bad_b64), k.p, k.len, &ck),
                      RUSTLS_RESULT_CERTIFICATE_PARSE_ERROR);
    ck_assert_ptr_null(ck);

    /*
     * rustls-ffi accepts a buffer without any certificate (an empty chain) and only
     * rustls_certified_key_keys_match notices there is no end-entity certificate.
     */
    static const char no_certs[] = "just some text\n";
    ck_assert_uint_eq(rustls_certified_key_build((const uint8_t *)no_certs, strlen(no_certs), k.p, k.len, &ck),
                      RUSTLS_RESULT_OK);
    ck_assert_ptr_null(rustls_certified_key_get_certificate(ck, 0));
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED);
    rustls_certified_key_free(ck);

    /* A well-formed PEM section whose content is not a certificate: the leaf cannot be read. */
    static const char not_cert[] = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    ck_assert_uint_eq(rustls_certified_key_build((const uint8_t *)not_cert, strlen(not_cert), k.p, k.len, &ck),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_CERT_ENCODING_BAD);
    rustls_certified_key_free(ck);
    free(k.p);
}
END_TEST

START_TEST(null_arguments)
{
    file c = load("ecdsa-p256.chain.pem"), k = load("ecdsa-p256.key.pk8.pem");
    const struct rustls_certified_key *ck = (const void *)&c; /* must stay untouched on failure */
    const struct rustls_certified_key *const sentinel = ck;
    ck_assert_uint_eq(rustls_certified_key_build(NULL, c.len, k.p, k.len, &ck), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_certified_key_build(c.p, c.len, NULL, k.len, &ck), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_eq(ck, sentinel);
    ck_assert_uint_eq(rustls_certified_key_build(c.p, c.len, k.p, k.len, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_certified_key_build_with_signing_key(NULL, c.len, NULL, &ck),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_certified_key_build_with_signing_key(c.p, c.len, NULL, &ck),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_eq(ck, sentinel);

    ck_assert_uint_eq(rustls_certified_key_build(c.p, c.len, k.p, k.len, &ck), RUSTLS_RESULT_OK);
    const struct rustls_certificate *cert = rustls_certified_key_get_certificate(ck, 0);
    const uint8_t *p = (const uint8_t *)"x";
    size_t len = 77;
    ck_assert_uint_eq(rustls_certificate_get_der(NULL, &p, &len), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_certificate_get_der(cert, NULL, &len), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_certificate_get_der(cert, &p, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(len, 77);
    ck_assert_ptr_null(rustls_certified_key_get_certificate(NULL, 0));
    ck_assert_uint_eq(rustls_certified_key_keys_match(NULL), RUSTLS_RESULT_NULL_PARAMETER);

    const struct rustls_certified_key *clone = sentinel;
    struct rustls_slice_bytes null_data = {NULL, 3};
    ck_assert_uint_eq(rustls_certified_key_clone_with_ocsp(NULL, NULL, &clone), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_certified_key_clone_with_ocsp(ck, NULL, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(rustls_certified_key_clone_with_ocsp(ck, &null_data, &clone), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_ptr_eq(clone, sentinel);

    rustls_certified_key_free(ck);
    rustls_certified_key_free(NULL);
    rustls_signing_key_free(NULL);
    free(c.p);
    free(k.p);
}
END_TEST

/* A clone outlives its source, and certificates outlive the caller's input buffers. */
START_TEST(clone_with_ocsp_lifetimes)
{
    file c = load("rsa2048.chain.pem"), k = load("rsa2048.key.pk8.pem");
    const struct rustls_certified_key *ck;
    ck_assert_uint_eq(rustls_certified_key_build(c.p, c.len, k.p, k.len, &ck), RUSTLS_RESULT_OK);
    /* Copies were made: wiping the inputs changes nothing. */
    memset(c.p, 0, c.len);
    memset(k.p, 0, k.len);
    free(c.p);
    free(k.p);
    ck_assert_uint_eq(rustls_certified_key_keys_match(ck), RUSTLS_RESULT_OK);

    static const uint8_t ocsp[] = {0x30, 0x03, 0x0a, 0x01, 0x00};
    struct rustls_slice_bytes resp = {ocsp, sizeof(ocsp)};
    const struct rustls_certified_key *with = NULL, *without = NULL;
    ck_assert_uint_eq(rustls_certified_key_clone_with_ocsp(ck, &resp, &with), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certified_key_clone_with_ocsp(with, NULL, &without), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(with);
    ck_assert_ptr_nonnull(without);
    ck_assert_ptr_ne(with, ck);
    ck_assert_ptr_ne(without, with);

    const uint8_t *p0, *p1;
    size_t l0, l1;
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_certified_key_get_certificate(ck, 0), &p0, &l0),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_certified_key_get_certificate(without, 0), &p1, &l1),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(l0, l1);
    ck_assert_mem_eq(p0, p1, l0);

    /* Free the source first: the clones keep working, with the shared signing key. */
    rustls_certified_key_free(ck);
    ck_assert_uint_eq(rustls_certified_key_keys_match(with), RUSTLS_RESULT_OK);
    ck_assert_ptr_nonnull(rustls_certified_key_get_certificate(with, 1));
    rustls_certified_key_free(with);
    ck_assert_uint_eq(rustls_certified_key_keys_match(without), RUSTLS_RESULT_OK);
    rustls_certified_key_free(without);
}
END_TEST

static Suite *certified_key_suite(void)
{
    Suite *s = suite_create("certified_key");
    TCase *tc = tcase_create("certified_key");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, build_every_key_type_and_format);
    tcase_add_test(tc, chain_is_kept_in_order);
    tcase_add_test(tc, keys_mismatch);
    tcase_add_test(tc, bad_private_keys);
    tcase_add_test(tc, bad_chains);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, clone_with_ocsp_lifetimes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(certified_key_suite());
}
