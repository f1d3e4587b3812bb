/*
 * test_hs_algs.c - key exchange groups and signature schemes chosen through the public API
 * (patina.h): the setters' errors, and in-memory handshakes showing what each choice puts on the
 * wire (the ClientHello's supported_groups, key_share and signature_algorithms), which group and
 * scheme are negotiated, HelloRetryRequest, and the failures when nothing fits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/harness.h"
#include "patina.h"
#include "testlib/pttest.h"

enum {
    X25519 = 0x001d,
    P256 = 0x0017,
    P384 = 0x0018,
    /* SignatureScheme values, RFC 8446 section 4.2.3. */
    PKCS1_SHA256 = 0x0401,
    ECDSA_P256_SHA256 = 0x0403,
    ECDSA_P384_SHA384 = 0x0503,
    PSS_SHA256 = 0x0804,
    PSS_SHA384 = 0x0805,
    PSS_SHA512 = 0x0806,
    ED25519 = 0x0807,
};

static const uint16_t tls13_only[] = {0x0304};

/* ---------------------------------------------------------------- configs and pairs */

/* A provider over the default with `groups` / `schemes` (NULL: unchanged), asserting success. */
static const struct rustls_crypto_provider *provider(const uint16_t *groups, size_t n_groups, const uint16_t *schemes,
                                                     size_t n_schemes)
{
    struct rustls_crypto_provider_builder *b = NULL;
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b), RUSTLS_RESULT_OK);
    if (groups != NULL) {
        ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, groups, n_groups), RUSTLS_RESULT_OK);
    }
    if (schemes != NULL) {
        ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, schemes, n_schemes), RUSTLS_RESULT_OK);
    }
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b);
    return p;
}

static const struct rustls_certified_key *load_key(const char *stem)
{
    char name[64];
    size_t chain_len = 0, key_len = 0;
    const struct rustls_certified_key *ck = NULL;
    snprintf(name, sizeof(name), "%s.chain.pem", stem);
    uint8_t *chain = pt_test_read_data(name, &chain_len);
    snprintf(name, sizeof(name), "%s.key.pk8.pem", stem);
    uint8_t *key = pt_test_read_data(name, &key_len);
    ck_assert_uint_eq(rustls_certified_key_build(chain, chain_len, key, key_len, &ck), RUSTLS_RESULT_OK);
    free(chain);
    free(key);
    return ck;
}

static const struct rustls_root_cert_store *roots(void)
{
    struct rustls_root_cert_store_builder *rb = rustls_root_cert_store_builder_new();
    const struct rustls_root_cert_store *store = NULL;
    ck_assert_uint_eq(rustls_root_cert_store_builder_load_roots_from_file(rb, pt_test_data_path("ca.pem"), true),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_root_cert_store_builder_build(rb, &store), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(rb);
    return store;
}

/* What a side of a test pair is made of (zero: the defaults). */
typedef struct side {
    const struct rustls_crypto_provider *prov; /* taken over; NULL: the default provider */
    const uint16_t *signing;                   /* signing schemes, or NULL */
    size_t n_signing;
    const char *keys[3]; /* server: certificates (default {"rsa2048"}); client: its certificate or none */
    bool client_auth;    /* server: require a client certificate (WebPKI verifier over ca.pem) */
    /* server: taken over instead of a new one; without `keys` its certified keys are kept */
    struct rustls_server_config_builder *builder;
} side;

static const struct rustls_client_config *client_config(side *s)
{
    const struct rustls_crypto_provider *prov = s->prov != NULL ? s->prov : rustls_crypto_provider_default();
    struct rustls_client_config_builder *b = NULL;
    const struct rustls_client_config *cfg = NULL;
    ck_assert_uint_eq(rustls_client_config_builder_new_custom(prov, tls13_only, 1, &b), RUSTLS_RESULT_OK);
    const struct rustls_root_cert_store *store = roots();
    struct rustls_web_pki_server_cert_verifier_builder *vb =
        rustls_web_pki_server_cert_verifier_builder_new_with_provider(prov, store);
    struct rustls_server_cert_verifier *v = NULL;
    ck_assert_uint_eq(rustls_web_pki_server_cert_verifier_builder_build(vb, &v), RUSTLS_RESULT_OK);
    rustls_client_config_builder_set_server_verifier(b, v);
    if (s->keys[0] != NULL) {
        const struct rustls_certified_key *ck = load_key(s->keys[0]);
        ck_assert_uint_eq(rustls_client_config_builder_set_certified_key(b, &ck, 1), RUSTLS_RESULT_OK);
        rustls_certified_key_free(ck);
    }
    if (s->signing != NULL) {
        ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(b, s->signing, s->n_signing),
                          RUSTLS_RESULT_OK);
    }
    ck_assert_uint_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    rustls_server_cert_verifier_free(v);
    rustls_web_pki_server_cert_verifier_builder_free(vb);
    rustls_root_cert_store_free(store);
    rustls_crypto_provider_free(prov);
    return cfg;
}

static const struct rustls_server_config *server_config(side *s)
{
    const struct rustls_crypto_provider *prov = s->prov != NULL ? s->prov : rustls_crypto_provider_default();
    struct rustls_server_config_builder *b = NULL;
    const struct rustls_server_config *cfg = NULL;
    const struct rustls_certified_key *keys[3] = {NULL, NULL, NULL};
    size_t n = 0;
    if (s->builder != NULL) {
        b = s->builder;
    } else {
        ck_assert_uint_eq(rustls_server_config_builder_new_custom(prov, tls13_only, 1, &b), RUSTLS_RESULT_OK);
    }
    if (s->builder == NULL || s->keys[0] != NULL) {
        for (; n < 3 && (n == 0 || s->keys[n] != NULL); n++) {
            keys[n] = load_key(s->keys[n] != NULL ? s->keys[n] : "rsa2048");
        }
        ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(b, keys, n), RUSTLS_RESULT_OK);
    }
    if (s->client_auth) {
        const struct rustls_root_cert_store *store = roots();
        struct rustls_web_pki_client_cert_verifier_builder *vb =
            rustls_web_pki_client_cert_verifier_builder_new_with_provider(prov, store);
        struct rustls_client_cert_verifier *v = NULL;
        ck_assert_uint_eq(rustls_web_pki_client_cert_verifier_builder_build(vb, &v), RUSTLS_RESULT_OK);
        rustls_server_config_builder_set_client_verifier(b, v);
        rustls_client_cert_verifier_free(v);
        rustls_web_pki_client_cert_verifier_builder_free(vb);
        rustls_root_cert_store_free(store);
    }
    if (s->signing != NULL) {
        ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(b, s->signing, s->n_signing),
                          RUSTLS_RESULT_OK);
    }
    ck_assert_uint_eq(rustls_server_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    for (size_t i = 0; i < n; i++) {
        rustls_certified_key_free(keys[i]);
    }
    rustls_crypto_provider_free(prov);
    return cfg;
}

/* A pair from these sides, pumped until neither side can go on (hs_pair_free releases it). */
static void run(hs_pair *pr, side *client, side *server)
{
    memset(pr, 0, sizeof(*pr));
    pr->client_err = RUSTLS_RESULT_OK;
    pr->server_err = RUSTLS_RESULT_OK;
    pr->client_read_res = RUSTLS_RESULT_PLAINTEXT_EMPTY;
    pr->server_read_res = RUSTLS_RESULT_PLAINTEXT_EMPTY;
    pr->client_config = client_config(client);
    pr->server_config = server_config(server);
    ck_assert_uint_eq(rustls_client_connection_new(pr->client_config, "localhost", &pr->client), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_server_connection_new(pr->server_config, &pr->server), RUSTLS_RESULT_OK);
    /* Nothing is signed before the handshake. */
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr->client), 0);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr->server), 0);
    hs_pump(pr);
}

/* ---------------------------------------------------------------- the ClientHello on the wire */

/* An extension's body in the first ClientHello of the client's wire log (RFC 8446 4.1.2). */
static bool ch_ext(hs_pair *pr, uint16_t type, const uint8_t **body, size_t *len)
{
    const uint8_t *p = pr->c2s_log.p;
    ck_assert_uint_ge(pr->c2s_log.len, 5 + 4 + 2 + 32 + 1);
    ck_assert_uint_eq(p[0], 22); /* handshake record */
    ck_assert_uint_eq(p[5], 1);  /* client_hello */
    size_t end = 5 + 4 + (((size_t)p[6] << 16) | ((size_t)p[7] << 8) | p[8]);
    ck_assert_uint_le(end, pr->c2s_log.len);
    size_t off = 5 + 4 + 2 + 32;
    off += 1 + p[off];                                    /* legacy_session_id */
    off += 2 + (((size_t)p[off] << 8) | p[off + 1]);      /* cipher_suites */
    off += 1 + p[off];                                    /* legacy_compression_methods */
    size_t ext_end = off + 2 + (((size_t)p[off] << 8) | p[off + 1]);
    ck_assert_uint_eq(ext_end, end);
    for (off += 2; off + 4 <= ext_end;) {
        uint16_t t = (uint16_t)((p[off] << 8) | p[off + 1]);
        size_t l = ((size_t)p[off + 2] << 8) | p[off + 3];
        if (t == type) {
            *body = p + off + 4;
            *len = l;
            return true;
        }
        off += 4 + l;
    }
    return false;
}

/* A u16 list with a 2-byte length (supported_groups, signature_algorithms) equals `want`. */
static void assert_u16_list(hs_pair *pr, uint16_t type, const uint16_t *want, size_t n)
{
    const uint8_t *b = NULL;
    size_t len = 0;
    ck_assert(ch_ext(pr, type, &b, &len));
    ck_assert_uint_eq(len, 2 + 2 * n);
    ck_assert_uint_eq(((size_t)b[0] << 8) | b[1], 2 * n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq((b[2 + 2 * i] << 8) | b[3 + 2 * i], want[i]);
    }
}

/* The key_share extension (RFC 8446 4.2.8) holds exactly one share, for `group`. */
static void assert_one_share(hs_pair *pr, uint16_t group, size_t share_len)
{
    const uint8_t *b = NULL;
    size_t len = 0;
    ck_assert(ch_ext(pr, 0x0033, &b, &len));
    ck_assert_uint_eq(len, 2 + 4 + share_len);
    ck_assert_uint_eq((b[2] << 8) | b[3], group);
    ck_assert_uint_eq(((size_t)b[4] << 8) | b[5], share_len);
}

static void assert_done(hs_pair *pr)
{
    ck_assert_uint_eq(pr->client_err, RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pr->server_err, RUSTLS_RESULT_OK);
    ck_assert(!rustls_connection_is_handshaking(pr->client));
    ck_assert(!rustls_connection_is_handshaking(pr->server));
}

/* ---------------------------------------------------------------- setters' errors */

START_TEST(provider_setter_errors)
{
    static const uint16_t ok_groups[] = {P384};
    static const uint16_t ok_schemes[] = {ECDSA_P256_SHA256};
    static const uint16_t repeated_group[] = {X25519, P256, X25519};
    static const uint16_t secp521r1[] = {X25519, 0x0019};
    static const uint16_t repeated_scheme[] = {PSS_SHA256, PSS_SHA256};
    static const uint16_t ed448[] = {0x0808};
    static const uint16_t rsa_pkcs1_sha1[] = {0x0201};
    struct rustls_crypto_provider_builder *b = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b), RUSTLS_RESULT_OK);

    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(NULL, ok_groups, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, NULL, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, ok_groups, 0), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, repeated_group, 3),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, secp521r1, 2), RUSTLS_RESULT_INVALID_PARAMETER);

    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(NULL, ok_schemes, 1),
                      RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, NULL, 1), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, ok_schemes, 0),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, repeated_scheme, 2),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, ed448, 1), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, rsa_pkcs1_sha1, 1),
                      RUSTLS_RESULT_INVALID_PARAMETER);

    /* A spent builder refuses further changes, as rustls-ffi's set_cipher_suites does. */
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, ok_groups, 1), RUSTLS_RESULT_ALREADY_USED);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, ok_schemes, 1), RUSTLS_RESULT_ALREADY_USED);
    rustls_crypto_provider_builder_free(b);
    rustls_crypto_provider_free(p);
}
END_TEST

START_TEST(config_setter_errors)
{
    static const uint16_t ok[] = {PSS_SHA384, ECDSA_P256_SHA256};
    static const uint16_t unknown[] = {PSS_SHA256, 0x0808};
    static const uint16_t repeated[] = {PSS_SHA256, ED25519, PSS_SHA256};
    uint16_t too_many[17];
    for (size_t i = 0; i < 17; i++) {
        too_many[i] = PSS_SHA256;
    }
    struct rustls_client_config_builder *cb = rustls_client_config_builder_new();
    struct rustls_server_config_builder *sb = rustls_server_config_builder_new();

    ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(NULL, ok, 2), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(NULL, ok, 2), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(cb, NULL, 2), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, NULL, 2), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(cb, unknown, 2),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, unknown, 2),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(cb, repeated, 3),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, repeated, 3),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(cb, too_many, 17),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, too_many, 17),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    /* Valid lists, and len 0 (back to the default, schemes may then be NULL). */
    ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(cb, ok, 2), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, ok, 2), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_client_config_builder_set_signing_schemes(cb, NULL, 0), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, NULL, 0), RUSTLS_RESULT_OK);
    rustls_client_config_builder_free(cb);
    rustls_server_config_builder_free(sb);

    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(NULL), 0);
}
END_TEST

/*
 * A refused call leaves the builder as it was: the earlier, valid choices are what the
 * handshake shows (groups and schemes on the wire, the negotiated group, the signing scheme).
 */
START_TEST(builders_unchanged_on_error)
{
    static const uint16_t groups[] = {P384, P256};
    static const uint16_t bad_groups[] = {X25519, X25519};
    static const uint16_t schemes[] = {PSS_SHA512, PSS_SHA256};
    static const uint16_t bad_schemes[] = {PSS_SHA384, 0x0808};
    static const uint16_t signing[] = {PSS_SHA512};
    static const uint16_t bad_signing[] = {PSS_SHA256, 0x0201};
    struct rustls_crypto_provider_builder *b = NULL;
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_builder_new_from_default(&b), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, groups, 2), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_kx_groups(b, bad_groups, 2), RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, schemes, 2), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_crypto_provider_builder_set_verify_schemes(b, bad_schemes, 2),
                      RUSTLS_RESULT_INVALID_PARAMETER);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b);

    /* The server's signing schemes through a refused second call: still PSS-SHA512 only (the
     * default, and the refused list, would sign with PSS-SHA256). */
    struct rustls_server_config_builder *sb = NULL;
    ck_assert_uint_eq(rustls_server_config_builder_new_custom(p, tls13_only, 1, &sb), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, signing, 1), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(patina_server_config_builder_set_signing_schemes(sb, bad_signing, 2),
                      RUSTLS_RESULT_INVALID_PARAMETER);

    hs_pair pr;
    side client = {.prov = p};
    side server = {.builder = sb, .keys = {"rsa2048"}};
    run(&pr, &client, &server);
    assert_done(&pr);
    assert_u16_list(&pr, 0x000a, groups, 2);  /* supported_groups */
    assert_u16_list(&pr, 0x000d, schemes, 2); /* signature_algorithms */
    assert_one_share(&pr, P384, 97);          /* uncompressed secp384r1 point */
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(pr.client), P384);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(pr.server), P384);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), PSS_SHA512);
    hs_pair_free(&pr);
}
END_TEST

/* A provider built on a narrowed one keeps its groups and verify schemes (as its suites). */
START_TEST(narrowed_base_is_inherited)
{
    static const uint16_t groups[] = {P256};
    static const uint16_t schemes[] = {ECDSA_P256_SHA256, ED25519};
    const struct rustls_crypto_provider *base = provider(groups, 1, schemes, 2);
    struct rustls_crypto_provider_builder *b = rustls_crypto_provider_builder_new_with_base(base);
    const struct rustls_crypto_provider *p = NULL;
    ck_assert_ptr_nonnull(b);
    rustls_crypto_provider_free(base);
    ck_assert_uint_eq(rustls_crypto_provider_builder_build(b, &p), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(b);
    hs_pair pr;
    side client = {.prov = p};
    side server = {.keys = {"rsa2048", "ed25519"}};
    run(&pr, &client, &server);
    assert_done(&pr);
    assert_u16_list(&pr, 0x000a, groups, 1);
    assert_u16_list(&pr, 0x000d, schemes, 2);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), ED25519);
    hs_pair_free(&pr);
}
END_TEST

/*
 * A key loaded with a narrowed provider outlives it (the key keeps the backend's operations, not
 * the provider's own copy of them): the provider is freed before the key signs a handshake.
 */
START_TEST(key_outlives_a_narrowed_provider)
{
    static const uint16_t schemes[] = {ED25519};
    const struct rustls_crypto_provider *p = provider(NULL, 0, schemes, 1);
    size_t chain_len = 0, key_len = 0;
    uint8_t *chain = pt_test_read_data("ed25519.chain.pem", &chain_len);
    uint8_t *key = pt_test_read_data("ed25519.key.pk8.pem", &key_len);
    struct rustls_signing_key *sk = NULL;
    const struct rustls_certified_key *ck = NULL;
    ck_assert_uint_eq(rustls_crypto_provider_load_key(p, key, key_len, &sk), RUSTLS_RESULT_OK);
    rustls_crypto_provider_free(p);
    ck_assert_uint_eq(rustls_certified_key_build_with_signing_key(chain, chain_len, sk, &ck), RUSTLS_RESULT_OK);
    free(chain);
    free(key);

    struct rustls_server_config_builder *sb = rustls_server_config_builder_new();
    ck_assert_uint_eq(rustls_server_config_builder_set_certified_keys(sb, &ck, 1), RUSTLS_RESULT_OK);
    rustls_certified_key_free(ck);
    hs_pair pr;
    side client = {0};
    side server = {.builder = sb};
    run(&pr, &client, &server);
    assert_done(&pr);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), ED25519);
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- groups */

/* The client lists its groups in order and sends a key share for the first only. */
START_TEST(client_group_order_and_key_share)
{
    static const uint16_t groups[] = {P256, X25519, P384};
    hs_pair pr;
    side client = {.prov = provider(groups, 3, NULL, 0)};
    side server = {0};
    run(&pr, &client, &server);
    assert_done(&pr);
    assert_u16_list(&pr, 0x000a, groups, 3);
    assert_one_share(&pr, P256, 65); /* uncompressed secp256r1 point */
    /* The server's default prefers X25519, but takes the group it has a share for (no HRR). */
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(pr.client), P256);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(pr.server), P256);
    ck_assert_int_eq(rustls_connection_handshake_kind(pr.client), RUSTLS_HANDSHAKE_KIND_FULL);
    ck_assert_int_eq(rustls_connection_handshake_kind(pr.server), RUSTLS_HANDSHAKE_KIND_FULL);
    hs_pair_free(&pr);
}
END_TEST

/* A server without the client's first group asks for another with HelloRetryRequest (RFC 8446
 * 4.1.4), which the client's second ClientHello answers. */
START_TEST(server_groups_force_hello_retry_request)
{
    static const uint16_t client_groups[] = {X25519, P384};
    static const uint16_t server_groups[] = {P256, P384};
    hs_pair pr;
    side client = {.prov = provider(client_groups, 2, NULL, 0)};
    side server = {.prov = provider(server_groups, 2, NULL, 0)};
    run(&pr, &client, &server);
    assert_done(&pr);
    assert_one_share(&pr, X25519, 32);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(pr.client), P384);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(pr.server), P384);
    ck_assert_int_eq(rustls_connection_handshake_kind(pr.client), RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST);
    ck_assert_int_eq(rustls_connection_handshake_kind(pr.server), RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST);
    hs_pair_free(&pr);
}
END_TEST

/* No group in common: handshake_failure (rustls NoKxGroupsInCommon, PeerIncompatible). */
START_TEST(no_group_in_common)
{
    static const uint16_t client_groups[] = {X25519};
    static const uint16_t server_groups[] = {P256, P384};
    hs_pair pr;
    side client = {.prov = provider(client_groups, 1, NULL, 0)};
    side server = {.prov = provider(server_groups, 2, NULL, 0)};
    run(&pr, &client, &server);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE);
    hs_pair_free(&pr);
}
END_TEST

/* Every group the provider has is negotiated and reported, by id and by name, on both sides. */
static const struct {
    uint16_t id;
    const char *name;
    size_t share_len;
} every_group[] = {{X25519, "X25519", 32}, {P256, "secp256r1", 65}, {P384, "secp384r1", 97}};

START_TEST(each_group_negotiated_and_reported)
{
    hs_pair pr;
    side client = {.prov = provider(&every_group[_i].id, 1, NULL, 0)};
    side server = {0};
    run(&pr, &client, &server);
    assert_done(&pr);
    assert_one_share(&pr, every_group[_i].id, every_group[_i].share_len);
    rustls_connection *sides[2] = {pr.client, pr.server};
    for (size_t k = 0; k < 2; k++) {
        ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(sides[k]), every_group[_i].id);
        struct rustls_str name = rustls_connection_get_negotiated_key_exchange_group_name(sides[k]);
        ck_assert_uint_eq(name.len, strlen(every_group[_i].name));
        ck_assert_mem_eq(name.data, every_group[_i].name, name.len);
    }
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- verify schemes */

/* The client offers only its verify schemes; the server picks the key that can sign with one. */
START_TEST(verify_schemes_narrow_the_offer_and_pick_the_key)
{
    static const uint16_t schemes[] = {ED25519, ECDSA_P384_SHA384};
    hs_pair pr;
    side client = {.prov = provider(NULL, 0, schemes, 2)};
    side server = {.keys = {"rsa2048", "ecdsa-p256", "ecdsa-p384"}};
    run(&pr, &client, &server);
    assert_done(&pr);
    assert_u16_list(&pr, 0x000d, schemes, 2);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), ECDSA_P384_SHA384);
    /* The client sent no certificate: the server has no peer signature. */
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.server), 0);
    /* And the chain the client saw is the P-384 one. */
    size_t len = 0;
    uint8_t *want = hs_leaf_der("ecdsa-p384", &len);
    const uint8_t *der = NULL;
    size_t der_len = 0;
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_connection_get_peer_certificate(pr.client, 0), &der, &der_len),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(der_len, len);
    ck_assert_mem_eq(der, want, len);
    free(want);
    hs_pair_free(&pr);
}
END_TEST

/*
 * No server key can sign with what the client verifies: no certificate is resolved, which
 * patina, like rustls, reports as access_denied with Error::General.
 */
START_TEST(verify_schemes_no_server_key_fits)
{
    static const uint16_t schemes[] = {ECDSA_P256_SHA256};
    hs_pair pr;
    side client = {.prov = provider(NULL, 0, schemes, 1)};
    side server = {0};
    run(&pr, &client, &server);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_ACCESS_DENIED);
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- signing schemes */

/* The server signs with the first of its signing schemes the client offered, not the key's
 * own first (PSS-SHA256, which the default gives). */
START_TEST(server_signing_schemes_choose_the_scheme)
{
    static const uint16_t signing[] = {PKCS1_SHA256, PSS_SHA512, PSS_SHA256};
    hs_pair pr;
    side client = {0};
    side server = {0};
    run(&pr, &client, &server);
    assert_done(&pr);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), PSS_SHA256);
    hs_pair_free(&pr);

    /* PKCS#1 is offered but not allowed in a TLS 1.3 CertificateVerify (RFC 8446 4.2.3). */
    server.signing = signing;
    server.n_signing = 3;
    run(&pr, &client, &server);
    assert_done(&pr);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), PSS_SHA512);
    hs_pair_free(&pr);
}
END_TEST

/* The signing schemes steer the key: the RSA key comes first but cannot sign with them. */
START_TEST(server_signing_schemes_pick_the_key)
{
    static const uint16_t signing[] = {ED25519, ECDSA_P256_SHA256};
    hs_pair pr;
    side client = {0};
    side server = {.signing = signing, .n_signing = 2, .keys = {"rsa2048", "ecdsa-p256"}};
    run(&pr, &client, &server);
    assert_done(&pr);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), ECDSA_P256_SHA256);
    hs_pair_free(&pr);
}
END_TEST

/*
 * The server's signing schemes and the client's offer have nothing in common: handshake_failure,
 * PEER_INCOMPATIBLE_ERROR (rustls NoSignatureSchemesInCommon), the alert the client reports.
 */
START_TEST(server_signing_schemes_none_offered)
{
    static const uint16_t signing[] = {PSS_SHA384};
    static const uint16_t schemes[] = {PSS_SHA256, ED25519};
    hs_pair pr;
    side client = {.prov = provider(NULL, 0, schemes, 2)};
    side server = {.signing = signing, .n_signing = 1};
    run(&pr, &client, &server);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), 0);
    hs_pair_free(&pr);
}
END_TEST

/* Client authentication: the server verifies the client's CertificateVerify, scheme reported. */
START_TEST(client_signing_schemes_and_server_verify_schemes)
{
    static const uint16_t verify[] = {PSS_SHA256, ECDSA_P256_SHA256};
    static const uint16_t signing[] = {ED25519, ECDSA_P256_SHA256};
    hs_pair pr;
    side client = {.keys = {"client"}, .signing = signing, .n_signing = 2};
    side server = {.prov = provider(NULL, 0, verify, 2), .client_auth = true};
    run(&pr, &client, &server);
    assert_done(&pr);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.server), ECDSA_P256_SHA256);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.client), PSS_SHA256);
    hs_pair_free(&pr);
}
END_TEST

/*
 * The client's P-256 key cannot sign with what its signing schemes allow (or, below, with what
 * the server's verify schemes ask for): it has no suitable certificate and sends an empty one
 * (RFC 8446 4.4.2), which a server that requires one refuses with certificate_required.
 */
START_TEST(client_key_unusable_sends_no_certificate)
{
    static const uint16_t signing[] = {ED25519, PSS_SHA256};
    static const uint16_t verify[] = {PSS_SHA256, ED25519};
    hs_pair pr;
    side client = {.keys = {"client"}, .signing = signing, .n_signing = 2};
    side server = {.client_auth = true};
    run(&pr, &client, &server);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED);
    ck_assert_uint_eq(patina_connection_get_peer_signature_scheme(pr.server), 0);
    hs_pair_free(&pr);

    side client2 = {.keys = {"client"}};
    side server2 = {.prov = provider(NULL, 0, verify, 2), .client_auth = true};
    run(&pr, &client2, &server2);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_CERTIFICATE_REQUIRED);
    hs_pair_free(&pr);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hs_algs");
    TCase *tc = tcase_create("setters");
    tcase_add_test(tc, provider_setter_errors);
    tcase_add_test(tc, config_setter_errors);
    tcase_add_test(tc, builders_unchanged_on_error);
    tcase_add_test(tc, narrowed_base_is_inherited);
    tcase_add_test(tc, key_outlives_a_narrowed_provider);
    suite_add_tcase(s, tc);
    TCase *tg = tcase_create("groups");
    tcase_add_test(tg, client_group_order_and_key_share);
    tcase_add_test(tg, server_groups_force_hello_retry_request);
    tcase_add_test(tg, no_group_in_common);
    tcase_add_loop_test(tg, each_group_negotiated_and_reported, 0, 3);
    suite_add_tcase(s, tg);
    TCase *ts = tcase_create("schemes");
    tcase_add_test(ts, verify_schemes_narrow_the_offer_and_pick_the_key);
    tcase_add_test(ts, verify_schemes_no_server_key_fits);
    tcase_add_test(ts, server_signing_schemes_choose_the_scheme);
    tcase_add_test(ts, server_signing_schemes_pick_the_key);
    tcase_add_test(ts, server_signing_schemes_none_offered);
    tcase_add_test(ts, client_signing_schemes_and_server_verify_schemes);
    tcase_add_test(ts, client_key_unusable_sends_no_certificate);
    suite_add_tcase(s, ts);
    return pt_test_run(s);
}
