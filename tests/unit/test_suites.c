/* test_suites.c - the default provider's suite and group tables (src/provider/suites.c). */
#include <string.h>

#include "provider/boringssl/bssl.h"
#include "provider/suites.h"
#include "testlib/pttest.h"

/* Expected table, in rustls's default order (rustls crypto::aws_lc_rs::DEFAULT_CIPHER_SUITES). */
typedef struct expect_suite {
    uint16_t id;
    const char *name;
} expect_suite;

static const expect_suite expected[] = {
    {0x1302, "TLS13_AES_256_GCM_SHA384"},
    {0x1301, "TLS13_AES_128_GCM_SHA256"},
    {0x1303, "TLS13_CHACHA20_POLY1305_SHA256"},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
};

static bool has(const char *s, const char *part)
{
    return strstr(s, part) != NULL;
}

START_TEST(table_is_in_default_order_and_null_terminated)
{
    size_t n = 0;

    while (pt_all_suites[n] != NULL) {
        n++;
    }
    ck_assert_uint_eq(n, PT_ARRAY_LEN(expected));
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(pt_all_suites[i]->id, expected[i].id);
        ck_assert_str_eq(pt_all_suites[i]->name, expected[i].name);
        for (size_t j = 0; j < i; j++) {
            ck_assert_ptr_ne(pt_all_suites[i], pt_all_suites[j]);
            ck_assert_uint_ne(pt_all_suites[i]->id, pt_all_suites[j]->id);
        }
    }
}
END_TEST

START_TEST(suite_fields_follow_from_its_name)
{
    const pt_suite *s = pt_all_suites[_i];
    bool tls13 = strncmp(s->name, "TLS13_", 6) == 0;

    /* Version: RFC 8446 appendix B.4 suites are 0x13xx and TLS 1.3 only. */
    ck_assert_uint_eq(s->version, tls13 ? 0x0304 : 0x0303);
    ck_assert_uint_eq(tls13, (s->id >> 8) == 0x13);

    /* AEAD and hash: the name says which. */
    if (has(s->name, "AES_256_GCM")) {
        ck_assert_ptr_eq(s->aead, &pt_bssl_aes256gcm);
    } else if (has(s->name, "AES_128_GCM")) {
        ck_assert_ptr_eq(s->aead, &pt_bssl_aes128gcm);
    } else {
        ck_assert(has(s->name, "CHACHA20_POLY1305"));
        ck_assert_ptr_eq(s->aead, &pt_bssl_chacha20poly1305);
    }
    if (has(s->name, "_SHA384")) {
        ck_assert_ptr_eq(s->hash, &pt_bssl_sha384);
        ck_assert_uint_eq(s->hash->out_len, 48);
    } else {
        ck_assert(has(s->name, "_SHA256"));
        ck_assert_ptr_eq(s->hash, &pt_bssl_sha256);
        ck_assert_uint_eq(s->hash->out_len, 32);
    }

    /* Certificate type: TLS 1.2 suites fix it, TLS 1.3 suites do not (RFC 8446 section 4.1.2). */
    if (tls13) {
        ck_assert_int_eq(s->auth, PT_AUTH_ANY);
    } else if (has(s->name, "_ECDSA_")) {
        ck_assert_int_eq(s->auth, PT_AUTH_ECDSA);
    } else {
        ck_assert(has(s->name, "_RSA_"));
        ck_assert_int_eq(s->auth, PT_AUTH_RSA);
    }

    /* Nonce construction. */
    if (tls13) {
        ck_assert_uint_eq(s->tls12_fixed_iv_len, 0);
        ck_assert_uint_eq(s->tls12_explicit_nonce_len, 0);
    } else if (s->aead == &pt_bssl_chacha20poly1305) {
        /* RFC 7905 section 2: 12-byte write IV, no explicit nonce. */
        ck_assert_uint_eq(s->tls12_fixed_iv_len, 12);
        ck_assert_uint_eq(s->tls12_explicit_nonce_len, 0);
    } else {
        /* RFC 5288 section 3: 4-byte salt + 8-byte nonce_explicit. */
        ck_assert_uint_eq(s->tls12_fixed_iv_len, 4);
        ck_assert_uint_eq(s->tls12_explicit_nonce_len, 8);
    }
    if (!tls13) {
        ck_assert_uint_eq(s->tls12_fixed_iv_len + s->tls12_explicit_nonce_len, s->aead->nonce_len);
    }
}
END_TEST

START_TEST(named_objects_are_the_table_entries)
{
    ck_assert_ptr_eq(pt_all_suites[0], &pt_tls13_aes_256_gcm_sha384);
    ck_assert_ptr_eq(pt_all_suites[1], &pt_tls13_aes_128_gcm_sha256);
    ck_assert_ptr_eq(pt_all_suites[2], &pt_tls13_chacha20_poly1305_sha256);
    ck_assert_ptr_eq(pt_all_suites[3], &pt_tls_ecdhe_ecdsa_with_aes_256_gcm_sha384);
    ck_assert_ptr_eq(pt_all_suites[4], &pt_tls_ecdhe_ecdsa_with_aes_128_gcm_sha256);
    ck_assert_ptr_eq(pt_all_suites[5], &pt_tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256);
    ck_assert_ptr_eq(pt_all_suites[6], &pt_tls_ecdhe_rsa_with_aes_256_gcm_sha384);
    ck_assert_ptr_eq(pt_all_suites[7], &pt_tls_ecdhe_rsa_with_aes_128_gcm_sha256);
    ck_assert_ptr_eq(pt_all_suites[8], &pt_tls_ecdhe_rsa_with_chacha20_poly1305_sha256);
}
END_TEST

START_TEST(groups_table)
{
    /* X25519 first: it is the default key share (rustls DEFAULT_KX_GROUPS). */
    ck_assert_ptr_eq(pt_all_groups[0], &pt_bssl_x25519);
    ck_assert_ptr_eq(pt_all_groups[1], &pt_bssl_secp256r1);
    ck_assert_ptr_eq(pt_all_groups[2], &pt_bssl_secp384r1);
    ck_assert_ptr_null(pt_all_groups[3]);
    ck_assert_uint_eq(pt_all_groups[0]->id, PT_GROUP_X25519);
    ck_assert_uint_eq(pt_all_groups[1]->id, PT_GROUP_SECP256R1);
    ck_assert_uint_eq(pt_all_groups[2]->id, PT_GROUP_SECP384R1);
}
END_TEST

START_TEST(default_provider_and_lookups)
{
    const pt_provider *p = pt_default_provider();
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->name, "boringssl");
    ck_assert_ptr_eq(p->suites, pt_all_suites);
    ck_assert_ptr_eq(p->groups, pt_all_groups);
    ck_assert_ptr_eq(p->sha256, &pt_bssl_sha256);
    ck_assert_ptr_eq(p->sha384, &pt_bssl_sha384);
    ck_assert_ptr_nonnull(p->sig);
    ck_assert_ptr_nonnull(p->x509);
    ck_assert_ptr_nonnull(p->random);
    /* Every suite and group is found by its IANA value... */
    for (size_t i = 0; pt_all_suites[i] != NULL; i++) {
        ck_assert_ptr_eq(pt_provider_find_suite(p, pt_all_suites[i]->id), pt_all_suites[i]);
    }
    for (size_t i = 0; pt_all_groups[i] != NULL; i++) {
        ck_assert_ptr_eq(pt_provider_find_group(p, pt_all_groups[i]->id), pt_all_groups[i]);
    }
    /* ...and values we do not offer are not: CBC and NULL suites, ffdhe2048, x448, secp521r1. */
    static const uint16_t other_suites[] = {0x0000, 0x002f, 0xc013, 0x1304, 0x1305, 0xffff};
    static const uint16_t other_groups[] = {0x0000, 0x0019, 0x001e, 0x0100, 0x11ec, 0xffff};
    for (size_t i = 0; i < PT_ARRAY_LEN(other_suites); i++) {
        ck_assert_ptr_null(pt_provider_find_suite(p, other_suites[i]));
    }
    for (size_t i = 0; i < PT_ARRAY_LEN(other_groups); i++) {
        ck_assert_ptr_null(pt_provider_find_group(p, other_groups[i]));
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("suites");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, table_is_in_default_order_and_null_terminated);
    tcase_add_loop_test(tc, suite_fields_follow_from_its_name, 0, (int)PT_ARRAY_LEN(expected));
    tcase_add_test(tc, named_objects_are_the_table_entries);
    tcase_add_test(tc, groups_table);
    tcase_add_test(tc, default_provider_and_lookups);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
