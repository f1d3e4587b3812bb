/*
 * test_server_choose.c - a TLS 1.3 server's choices from hand-made ClientHellos (src/server/
 * choose.c): version, group, suite, ALPN, signature scheme and certified key (by SNI), and
 * rustls_client_hello_select_certified_key.  Refusals assert rustls 0.23's alert and the
 * rustls_result rustls-ffi maps its error to.
 */
#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "conn/configs.h"
#include "server/choose.h"
#include "testlib/pttest.h"
#include "unit/server_testutil.h"

#define INCOMPATIBLE(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR)

static const pt_provider *prov(void)
{
    return pt_default_provider();
}

/* Build `s`, decode it into *ch (views into b->msg). */
static void build(const ch_spec *s, ch_built *b, pt_client_hello *ch)
{
    ch_build(s, b);
    ck_assert_pt_ok(pt_client_hello_decode(ch_body(b), ch));
}

START_TEST(version_tls13_offered)
{
    ch_spec s = {0};
    ch_built b;
    pt_client_hello ch;
    build(&s, &b, &ch);
    ck_assert_pt_ok(pt_server_check_version(&ch, PT_CFG_TLS13 | PT_CFG_TLS12));
    ck_assert_pt_ok(pt_server_check_version(&ch, PT_CFG_TLS13));
    /* RFC 8446 4.2.1: a config without TLS 1.3 cannot take it. */
    ck_assert_pt_err(pt_server_check_version(&ch, PT_CFG_TLS12), INCOMPATIBLE(PROTOCOL_VERSION));
    ch_free(&b);
}
END_TEST

START_TEST(version_refusals)
{
    static const uint16_t tls12[] = {PT_VERSION_TLS12, PT_VERSION_TLS11};
    ch_spec only12 = {.versions = tls12, .n_versions = 2};
    ch_spec none12 = {.omit_versions = true};
    ch_spec none11 = {.omit_versions = true, .legacy_version = PT_VERSION_TLS11};
    const ch_spec *all[] = {&only12, &none12, &none11};
    for (size_t i = 0; i < PT_ARRAY_LEN(all); i++) {
        ch_built b;
        pt_client_hello ch;
        build(all[i], &b, &ch);
        /* rustls: protocol_version with Tls12NotOfferedOrEnabled / SupportedVersionsExtensionRequired /
         * Tls12NotOffered, all PeerIncompatible. */
        ck_assert_pt_err(pt_server_check_version(&ch, PT_CFG_TLS13 | PT_CFG_TLS12),
                         INCOMPATIBLE(PROTOCOL_VERSION));
        ch_free(&b);
    }
}
END_TEST

START_TEST(group_server_preference)
{
    static const uint16_t p384_p256[] = {PT_GROUP_SECP384R1, PT_GROUP_SECP256R1};
    static const uint16_t p384[] = {PT_GROUP_SECP384R1};
    const pt_kx_group *g = NULL;
    ch_built b;
    pt_client_hello ch;

    ch_spec s = {0};
    build(&s, &b, &ch);
    ck_assert_pt_ok(pt_server_choose_group(prov(), &ch, &g));
    ck_assert_uint_eq(g->id, PT_GROUP_X25519);
    ch_free(&b);

    /* The provider prefers secp256r1 to secp384r1, whatever the client's order. */
    ch_spec s2 = {.groups = p384_p256, .n_groups = 2};
    build(&s2, &b, &ch);
    ck_assert_pt_ok(pt_server_choose_group(prov(), &ch, &g));
    ck_assert_uint_eq(g->id, PT_GROUP_SECP256R1);
    ch_free(&b);

    ch_spec s3 = {.groups = p384, .n_groups = 1};
    build(&s3, &b, &ch);
    ck_assert_pt_ok(pt_server_choose_group(prov(), &ch, &g));
    ck_assert_uint_eq(g->id, PT_GROUP_SECP384R1);
    ch_free(&b);
}
END_TEST

START_TEST(group_none_in_common)
{
    static const uint16_t ffdhe[] = {0x0100, 0x0101}; /* ffdhe2048, ffdhe3072 (RFC 7919) */
    const pt_kx_group *g = NULL;
    ch_built b;
    pt_client_hello ch;
    ch_spec s = {.groups = ffdhe, .n_groups = 2};
    build(&s, &b, &ch);
    /* rustls NoKxGroupsInCommon: handshake_failure. */
    ck_assert_pt_err(pt_server_choose_group(prov(), &ch, &g), INCOMPATIBLE(HANDSHAKE_FAILURE));
    ch_free(&b);
    ch_spec s2 = {.omit_groups = true};
    build(&s2, &b, &ch);
    ck_assert_pt_err(pt_server_choose_group(prov(), &ch, &g), INCOMPATIBLE(HANDSHAKE_FAILURE));
    ch_free(&b);
    ck_assert_ptr_null(g);
}
END_TEST

START_TEST(suite_client_or_server_order)
{
    /* The client prefers CHACHA20 then AES-128; the provider prefers AES-256, AES-128, CHACHA20. */
    static const uint16_t client[] = {0xc02b, 0x1303, 0x1301};
    const pt_suite *suite = NULL;
    ch_built b;
    pt_client_hello ch;
    ch_spec s = {.suites = client, .n_suites = 3};
    build(&s, &b, &ch);
    ck_assert_pt_ok(pt_server_choose_suite13(prov(), &ch, false, &suite));
    ck_assert_uint_eq(suite->id, 0x1303);
    ck_assert_pt_ok(pt_server_choose_suite13(prov(), &ch, true, &suite));
    ck_assert_uint_eq(suite->id, 0x1301);
    ch_free(&b);
}
END_TEST

START_TEST(suite_none_in_common)
{
    /* Only TLS 1.2 suites (and an SCSV): nothing for TLS 1.3 (rustls NoCipherSuitesInCommon). */
    static const uint16_t tls12[] = {0xc02b, 0xc02f, PT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV};
    const pt_suite *suite = NULL;
    ch_built b;
    pt_client_hello ch;
    ch_spec s = {.suites = tls12, .n_suites = 3};
    build(&s, &b, &ch);
    ck_assert_pt_err(pt_server_choose_suite13(prov(), &ch, false, &suite), INCOMPATIBLE(HANDSHAKE_FAILURE));
    ck_assert_pt_err(pt_server_choose_suite13(prov(), &ch, true, &suite), INCOMPATIBLE(HANDSHAKE_FAILURE));
    ck_assert_ptr_null(suite);
    ch_free(&b);
}
END_TEST

static void set_alpn(pt_alpn_protos *a, const char *const *names, size_t n)
{
    struct rustls_slice_bytes v[4];
    for (size_t i = 0; i < n; i++) {
        v[i].data = (const uint8_t *)names[i];
        v[i].len = strlen(names[i]);
    }
    memset(a, 0, sizeof *a);
    ck_assert_pt_ok(pt_alpn_protos_set(a, v, n));
}

START_TEST(alpn_server_preference)
{
    static const char *const ours[] = {"h2", "http/1.1"};
    static const char *const theirs[] = {"http/1.1", "h2"};
    pt_alpn_protos a;
    set_alpn(&a, ours, 2);
    ch_built b;
    pt_client_hello ch;
    pt_slice got;
    ch_spec s = {.alpn = theirs, .n_alpn = 2};
    build(&s, &b, &ch);
    ck_assert_pt_ok(pt_server_choose_alpn(&a, &ch, &got));
    ck_assert_uint_eq(got.len, 2);
    ck_assert_mem_eq(got.p, "h2", 2);
    ch_free(&b);

    /* RFC 7301 3.1: a client without ALPN negotiates none. */
    ch_spec s2 = {0};
    build(&s2, &b, &ch);
    ck_assert_pt_ok(pt_server_choose_alpn(&a, &ch, &got));
    ck_assert_uint_eq(got.len, 0);
    ch_free(&b);
    pt_alpn_protos_free(&a);
}
END_TEST

START_TEST(alpn_none_in_common)
{
    static const char *const ours[] = {"h2"};
    static const char *const theirs[] = {"spdy/3", "http/1.1"};
    pt_alpn_protos a, empty;
    set_alpn(&a, ours, 1);
    set_alpn(&empty, NULL, 0);
    ch_built b;
    pt_client_hello ch;
    pt_slice got;
    ch_spec s = {.alpn = theirs, .n_alpn = 2};
    build(&s, &b, &ch);
    /* RFC 7301 3.2; rustls Error::NoApplicationProtocol. */
    ck_assert_pt_err(pt_server_choose_alpn(&a, &ch, &got),
                     PT_ERR(NO_APPLICATION_PROTOCOL, RUSTLS_RESULT_NO_APPLICATION_PROTOCOL));
    /* A server without protocols ignores the client's (rustls: nothing selected, no error). */
    ck_assert_pt_ok(pt_server_choose_alpn(&empty, &ch, &got));
    ck_assert_uint_eq(got.len, 0);
    ch_free(&b);
    pt_alpn_protos_free(&a);
    pt_alpn_protos_free(&empty);
}
END_TEST

START_TEST(tls13_schemes)
{
    /* RFC 8446 4.2.3: PKCS#1 v1.5 and SHA-1 never sign a TLS 1.3 handshake. */
    ck_assert(pt_sig_scheme_tls13_ok(PT_SIG_RSA_PSS_RSAE_SHA256));
    ck_assert(pt_sig_scheme_tls13_ok(PT_SIG_ECDSA_SECP256R1_SHA256));
    ck_assert(pt_sig_scheme_tls13_ok(PT_SIG_ED25519));
    ck_assert(!pt_sig_scheme_tls13_ok(PT_SIG_RSA_PKCS1_SHA256));
    ck_assert(!pt_sig_scheme_tls13_ok(PT_SIG_RSA_PKCS1_SHA512));
    ck_assert(!pt_sig_scheme_tls13_ok(0x0201)); /* rsa_pkcs1_sha1 */
    ck_assert(!pt_sig_scheme_tls13_ok(0x0203)); /* ecdsa_sha1 */
}
END_TEST

START_TEST(schemes_for_shared_suites)
{
    static const uint16_t tls12_ecdsa[] = {0xc02b};
    static const uint16_t tls12_rsa[] = {0xc02f, 0x009c}; /* 0x009c: not a provider suite */
    static const uint16_t unknown[] = {0x009c};
    ch_built b;
    pt_client_hello ch;
    uint16_t v[PT_ARRAY_LEN(ch_default_schemes)];
    size_t n = PT_ARRAY_LEN(ch_default_schemes);

    /* A shared TLS 1.3 suite keeps every scheme, in order. */
    ch_spec s13 = {0};
    build(&s13, &b, &ch);
    memcpy(v, ch_default_schemes, sizeof v);
    ck_assert_uint_eq(pt_server_compatible_schemes(prov(), &ch, v, n), n);
    ck_assert_mem_eq(v, ch_default_schemes, sizeof v);
    ch_free(&b);

    /* Only a TLS 1.2 ECDSA suite: ECDSA and Ed25519 schemes (rustls TLS12_ECDSA_SCHEMES). */
    ch_spec se = {.suites = tls12_ecdsa, .n_suites = 1};
    build(&se, &b, &ch);
    memcpy(v, ch_default_schemes, sizeof v);
    ck_assert_uint_eq(pt_server_compatible_schemes(prov(), &ch, v, n), 3);
    ck_assert_uint_eq(v[0], 0x0503);
    ck_assert_uint_eq(v[1], 0x0403);
    ck_assert_uint_eq(v[2], 0x0807);
    ch_free(&b);

    /* Only a TLS 1.2 RSA suite: the six RSA schemes. */
    ch_spec sr = {.suites = tls12_rsa, .n_suites = 2};
    build(&sr, &b, &ch);
    memcpy(v, ch_default_schemes, sizeof v);
    ck_assert_uint_eq(pt_server_compatible_schemes(prov(), &ch, v, n), 6);
    ck_assert_uint_eq(v[0], 0x0806);
    ck_assert_uint_eq(v[5], 0x0401);
    ch_free(&b);

    /* Nothing shared: nothing left. */
    ch_spec su = {.suites = unknown, .n_suites = 1};
    build(&su, &b, &ch);
    memcpy(v, ch_default_schemes, sizeof v);
    ck_assert_uint_eq(pt_server_compatible_schemes(prov(), &ch, v, n), 0);
    ch_free(&b);
}
END_TEST

/* ---------------------------------------------------------------- certified keys */

enum { K_RSA, K_P256, K_WILD, K_ED25519, N_KEYS };
static const char *const key_files[N_KEYS][2] = {
    {"rsa2048.chain.pem", "rsa2048.key.pk8.pem"},
    {"ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem"},
    {"wildcard.chain.pem", "wildcard.key.pk8.pem"},
    {"ed25519.chain.pem", "ed25519.key.pk8.pem"},
};
static const struct rustls_certified_key *keys[N_KEYS];

static void load_keys(void)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        size_t cl, kl;
        uint8_t *chain = pt_test_read_data(key_files[i][0], &cl);
        uint8_t *key = pt_test_read_data(key_files[i][1], &kl);
        ck_assert_int_eq(rustls_certified_key_build(chain, cl, key, kl, &keys[i]), RUSTLS_RESULT_OK);
        free(chain);
        free(key);
    }
}

static void free_keys(void)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        rustls_certified_key_free(keys[i]);
        keys[i] = NULL;
    }
}

START_TEST(key_scheme_choice)
{
    static const uint16_t offered[] = {PT_SIG_RSA_PKCS1_SHA256, PT_SIG_RSA_PSS_RSAE_SHA384, PT_SIG_ED25519};
    static const uint16_t pkcs1[] = {PT_SIG_RSA_PKCS1_SHA384};
    uint16_t scheme = 0;
    /* The key's own preference order (PSS before PKCS#1), restricted to what was offered. */
    ck_assert(pt_server_key_scheme(keys[K_RSA], offered, 3, true, NULL, &scheme));
    ck_assert_uint_eq(scheme, PT_SIG_RSA_PSS_RSAE_SHA384);
    ck_assert(pt_server_key_scheme(keys[K_RSA], offered, 3, false, NULL, &scheme));
    ck_assert_uint_eq(scheme, PT_SIG_RSA_PSS_RSAE_SHA384);
    ck_assert(!pt_server_key_scheme(keys[K_RSA], pkcs1, 1, true, NULL, &scheme));
    ck_assert(pt_server_key_scheme(keys[K_RSA], pkcs1, 1, false, NULL, &scheme));
    ck_assert_uint_eq(scheme, PT_SIG_RSA_PKCS1_SHA384);
    ck_assert(!pt_server_key_scheme(keys[K_P256], offered, 3, true, NULL, &scheme));
    ck_assert(pt_server_key_scheme(keys[K_ED25519], offered, 3, true, NULL, &scheme));
    ck_assert_uint_eq(scheme, PT_SIG_ED25519);
}
END_TEST

START_TEST(key_by_sni)
{
    const struct rustls_certified_key *list[] = {keys[K_RSA], keys[K_P256], keys[K_WILD]};
    const pt_x509_ops *x = prov()->x509;
    const uint16_t *all = ch_default_schemes;
    size_t n = PT_ARRAY_LEN(ch_default_schemes);
    /* The wildcard leaf is the only one for *.wild.testserver.com (tests/data/README). */
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 3, "a.wild.testserver.com", all, n, NULL), keys[K_WILD]);
    /* Several leaves are valid for localhost: the first in the config's order. */
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 3, "localhost", all, n, NULL), keys[K_RSA]);
    const struct rustls_certified_key *rev[] = {keys[K_WILD], keys[K_P256], keys[K_RSA]};
    ck_assert_ptr_eq(pt_server_pick_key(x, rev, 3, "testserver.com", all, n, NULL), keys[K_P256]);
    /* No leaf for the name, or no SNI: the first key that can sign. */
    ck_assert_ptr_eq(pt_server_pick_key(x, rev, 3, "unknown.example", all, n, NULL), keys[K_WILD]);
    ck_assert_ptr_eq(pt_server_pick_key(x, rev, 3, "", all, n, NULL), keys[K_WILD]);
}
END_TEST

START_TEST(key_by_scheme)
{
    static const uint16_t p256_only[] = {PT_SIG_ECDSA_SECP256R1_SHA256};
    static const uint16_t pkcs1_only[] = {PT_SIG_RSA_PKCS1_SHA256};
    static const uint16_t ed448_only[] = {0x0808};
    const struct rustls_certified_key *list[] = {keys[K_RSA], keys[K_WILD], keys[K_P256]};
    const pt_x509_ops *x = prov()->x509;
    /* The SNI leaf (RSA, valid for localhost) cannot sign with what was offered: skip it. */
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 3, "localhost", p256_only, 1, NULL), keys[K_P256]);
    /* The wildcard leaf can: it wins for its name. */
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 3, "x.wild.testserver.com", p256_only, 1, NULL), keys[K_WILD]);
    /* Only PKCS#1: rustls-ffi's resolver still picks the RSA key (its handshake fails later). */
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 3, "localhost", pkcs1_only, 1, NULL), keys[K_RSA]);
    ck_assert_ptr_null(pt_server_pick_key(x, list, 3, "localhost", ed448_only, 1, NULL));
    ck_assert_ptr_null(pt_server_pick_key(x, list, 0, "localhost", p256_only, 1, NULL));
}
END_TEST

/* patina_server_config_builder_set_signing_schemes: our order, and the key that fits it. */
START_TEST(key_and_scheme_by_signing_prefs)
{
    static const uint16_t offered[] = {PT_SIG_RSA_PSS_RSAE_SHA256, PT_SIG_RSA_PSS_RSAE_SHA512,
                                       PT_SIG_ECDSA_SECP256R1_SHA256, PT_SIG_ED25519};
    const struct rustls_certified_key *list[] = {keys[K_RSA], keys[K_P256]};
    const pt_x509_ops *x = prov()->x509;
    uint16_t scheme = 0;
    /* The preference order, not the key's (PSS SHA-256 first) nor the client's. */
    pt_sig_prefs prefs = {{PT_SIG_RSA_PSS_RSAE_SHA384, PT_SIG_RSA_PSS_RSAE_SHA512, PT_SIG_RSA_PSS_RSAE_SHA256}, 3};
    ck_assert(pt_server_key_scheme(keys[K_RSA], offered, 4, true, &prefs, &scheme));
    ck_assert_uint_eq(scheme, PT_SIG_RSA_PSS_RSAE_SHA512);
    /* A preferred scheme the key cannot make is skipped; none left: false. */
    pt_sig_prefs ecdsa = {{PT_SIG_ED25519, PT_SIG_ECDSA_SECP256R1_SHA256}, 2};
    ck_assert(pt_server_key_scheme(keys[K_P256], offered, 4, true, &ecdsa, &scheme));
    ck_assert_uint_eq(scheme, PT_SIG_ECDSA_SECP256R1_SHA256);
    ck_assert(!pt_server_key_scheme(keys[K_RSA], offered, 4, true, &ecdsa, &scheme));
    /* The RSA key comes first and is valid for localhost, but only the P-256 key fits. */
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 2, "localhost", offered, 4, &ecdsa), keys[K_P256]);
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 2, "localhost", offered, 4, NULL), keys[K_RSA]);
    /* No key fits the preferences: the choice without them (the handshake then fails). */
    pt_sig_prefs ed = {{PT_SIG_ED25519}, 1};
    ck_assert_ptr_eq(pt_server_pick_key(x, list, 2, "localhost", offered, 4, &ed), keys[K_RSA]);
}
END_TEST

START_TEST(select_certified_key_api)
{
    static const uint16_t p256_only[] = {PT_SIG_ECDSA_SECP256R1_SHA256};
    static const uint16_t ed448_only[] = {0x0808};
    const struct rustls_certified_key *list[] = {keys[K_RSA], keys[K_P256], keys[K_WILD]};
    const struct rustls_certified_key *out = NULL;
    struct rustls_client_hello hello;
    memset(&hello, 0, sizeof hello);
    hello.server_name.data = "";
    hello.signature_schemes.data = p256_only;
    hello.signature_schemes.len = 1;
    ck_assert_int_eq(rustls_client_hello_select_certified_key(&hello, list, 3, &out), RUSTLS_RESULT_OK);
    ck_assert_ptr_eq(out, keys[K_P256]);
    hello.signature_schemes.data = ed448_only;
    out = NULL;
    ck_assert_int_eq(rustls_client_hello_select_certified_key(&hello, list, 3, &out), RUSTLS_RESULT_NOT_FOUND);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(rustls_client_hello_select_certified_key(NULL, list, 3, &out), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_client_hello_select_certified_key(&hello, NULL, 0, &out), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_client_hello_select_certified_key(&hello, list, 3, NULL), RUSTLS_RESULT_NULL_PARAMETER);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("server_choose");
    TCase *tc = tcase_create("negotiation");
    tcase_add_test(tc, version_tls13_offered);
    tcase_add_test(tc, version_refusals);
    tcase_add_test(tc, group_server_preference);
    tcase_add_test(tc, group_none_in_common);
    tcase_add_test(tc, suite_client_or_server_order);
    tcase_add_test(tc, suite_none_in_common);
    tcase_add_test(tc, alpn_server_preference);
    tcase_add_test(tc, alpn_none_in_common);
    tcase_add_test(tc, tls13_schemes);
    tcase_add_test(tc, schemes_for_shared_suites);
    suite_add_tcase(s, tc);
    TCase *tk = tcase_create("certified_key");
    tcase_add_checked_fixture(tk, load_keys, free_keys);
    tcase_add_test(tk, key_scheme_choice);
    tcase_add_test(tk, key_by_sni);
    tcase_add_test(tk, key_by_scheme);
    tcase_add_test(tk, key_and_scheme_by_signing_prefs);
    tcase_add_test(tk, select_certified_key_api);
    suite_add_tcase(s, tk);
    return pt_test_run(s);
}
