/*
 * test_hs_matrix.c - TLS 1.3 handshakes between a patina client and a patina server for every
 * cipher suite x key exchange group x server key type, and HelloRetryRequest.
 */
#include <stdlib.h>
#include <string.h>

#include "handshake/harness.h"
#include "testlib/pttest.h"

static const struct {
    uint16_t id;
    const char *name;
} suites[] = {
    {0x1301, "TLS13_AES_128_GCM_SHA256"},
    {0x1302, "TLS13_AES_256_GCM_SHA384"},
    {0x1303, "TLS13_CHACHA20_POLY1305_SHA256"},
};

/* IANA NamedGroup values (RFC 8446 section 4.2.7) and rustls's names for them. */
static const struct {
    uint16_t id;
    const char *name;
} groups[] = {
    {0x001d, "X25519"},
    {0x0017, "secp256r1"},
    {0x0018, "secp384r1"},
};

static void assert_str(struct rustls_str s, const char *want)
{
    ck_assert_msg(s.len == strlen(want) && memcmp(s.data, want, s.len) == 0, "got '%.*s', want '%s'", (int)s.len,
                  s.data, want);
}

static void assert_negotiated(const rustls_connection *c, size_t si, size_t gi, rustls_handshake_kind kind)
{
    ck_assert_uint_eq(rustls_connection_get_protocol_version(c), 0x0304);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(c), suites[si].id);
    assert_str(rustls_connection_get_negotiated_ciphersuite_name(c), suites[si].name);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(c), groups[gi].id);
    assert_str(rustls_connection_get_negotiated_key_exchange_group_name(c), groups[gi].name);
    ck_assert_int_eq(rustls_connection_handshake_kind(c), kind);
}

/* The leaf the client saw is exactly the server's leaf, and the intermediate follows it. */
static void assert_peer_chain(const hs_pair *pr, const char *stem)
{
    size_t want_len;
    uint8_t *want = hs_leaf_der(stem, &want_len);
    const uint8_t *der = NULL;
    size_t der_len = 0;
    const struct rustls_certificate *leaf = rustls_connection_get_peer_certificate(pr->client, 0);
    ck_assert_ptr_nonnull(leaf);
    ck_assert_uint_eq(rustls_certificate_get_der(leaf, &der, &der_len), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(der_len, want_len);
    ck_assert_mem_eq(der, want, want_len);
    free(want);

    /* The same bytes as the certified key the server was given. */
    const struct rustls_certificate *mine = rustls_certified_key_get_certificate(pr->server_keys[0], 1);
    const uint8_t *inter = NULL, *inter_peer = NULL;
    size_t inter_len = 0, inter_peer_len = 0;
    ck_assert_uint_eq(rustls_certificate_get_der(mine, &inter, &inter_len), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_certificate_get_der(rustls_connection_get_peer_certificate(pr->client, 1), &inter_peer,
                                                 &inter_peer_len),
                      RUSTLS_RESULT_OK);
    ck_assert_uint_eq(inter_len, inter_peer_len);
    ck_assert_mem_eq(inter, inter_peer, inter_len);
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(pr->client, 2));
    /* No client authentication was asked for. */
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(pr->server, 0));
}

/*
 * One handshake of the matrix: suites[si] (offered alone by the client when restrict_suite, else
 * the default provider's first suite, which a rustls server picks by the client's order),
 * groups[gi], server key `key`.
 */
static void run_matrix(size_t si, size_t gi, hs_key key, bool restrict_suite, uint32_t seed)
{
    /* The client offers every group but its key share is for groups[gi]; the server has only it. */
    uint16_t cg[3] = {groups[gi].id, groups[(gi + 1) % 3].id, groups[(gi + 2) % 3].id};
    hs_opts o = {.suite = restrict_suite ? suites[si].id : 0, .client_groups = cg, .n_client_groups = 3,
                 .server_groups = &groups[gi].id, .n_server_groups = 1, .server_chains = {hs_key_name(key)}};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);

    /* Nothing is negotiated before the handshake. */
    ck_assert(rustls_connection_is_handshaking(pr.client));
    ck_assert(rustls_connection_is_handshaking(pr.server));
    ck_assert_int_eq(rustls_connection_handshake_kind(pr.client), RUSTLS_HANDSHAKE_KIND_UNKNOWN);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(pr.client), 0);
    ck_assert(rustls_connection_wants_write(pr.client)); /* the ClientHello is queued at once */

    hs_handshake_ok(&pr);
    assert_negotiated(pr.client, si, gi, RUSTLS_HANDSHAKE_KIND_FULL);
    assert_negotiated(pr.server, si, gi, RUSTLS_HANDSHAKE_KIND_FULL);
    assert_peer_chain(&pr, hs_key_name(key));

    /* No ALPN was configured on either side. */
    const uint8_t *proto = (const uint8_t *)"x";
    size_t proto_len = 99;
    rustls_connection_get_alpn_protocol(pr.client, &proto, &proto_len);
    ck_assert_ptr_null(proto);
    ck_assert_uint_eq(proto_len, 0);

    uint8_t data[3000];
    hs_fill(data, sizeof(data), seed);
    hs_transfer(&pr, true, data, sizeof(data));
    hs_fill(data, sizeof(data), seed + 100);
    hs_transfer(&pr, false, data, sizeof(data));
    hs_pair_free(&pr);
}

/* The default provider's most preferred suite, as an index into suites[]. */
static size_t default_suite_index(void)
{
    const struct rustls_crypto_provider *p = rustls_crypto_provider_default();
    uint16_t id = rustls_supported_ciphersuite_get_suite(rustls_crypto_provider_ciphersuites_get(p, 0));
    rustls_crypto_provider_free(p);
    for (size_t i = 0; i < 3; i++) {
        if (suites[i].id == id) {
            return i;
        }
    }
    ck_abort_msg("unexpected default suite %04x", id);
    return 0;
}

/* _i = group + 3 * key type: 12 handshakes with the default suites. */
START_TEST(matrix_groups_keys)
{
    run_matrix(default_suite_index(), (size_t)_i % 3, (hs_key)(_i / 3), false, (uint32_t)_i);
}
END_TEST

/* _i = suite + 3 * group + 9 * key type: 36 handshakes, the client offering one suite. */
START_TEST(matrix)
{
    run_matrix((size_t)_i % 3, ((size_t)_i / 3) % 3, (hs_key)(_i / 9), true, (uint32_t)_i);
}
END_TEST

/* RFC 8446 section 4.1.3: the ServerHello.random that marks a HelloRetryRequest. */
static const uint8_t hrr_random[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
                                       0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
                                       0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

/* Count handshake messages of `type` at the start of plaintext handshake records. */
static size_t count_plain_hs(const hs_bytes *log, uint8_t type)
{
    size_t n = 0;
    for (size_t off = 0; off + 5 <= log->len; off += 5 + (((size_t)log->p[off + 3] << 8) | log->p[off + 4])) {
        if (log->p[off] == 22 && off + 6 <= log->len && log->p[off + 5] == type) {
            n++;
        }
    }
    return n;
}

/*
 * The client's key share is X25519 (its first group) but the server supports only groups[_i]
 * (secp256r1, secp384r1): the server must ask again (RFC 8446 section 4.1.4).
 */
START_TEST(hello_retry_request)
{
    size_t gi = (size_t)_i + 1;
    hs_opts o = {.server_groups = &groups[gi].id, .n_server_groups = 1};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    for (int side = 0; side < 2; side++) {
        rustls_connection *c = side ? pr.server : pr.client;
        ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(c), groups[gi].id);
        assert_str(rustls_connection_get_negotiated_key_exchange_group_name(c), groups[gi].name);
        ck_assert_int_eq(rustls_connection_handshake_kind(c), RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST);
    }
    /* On the wire: two ClientHellos, and the server's first message has the HRR random. */
    ck_assert_uint_eq(count_plain_hs(&pr.c2s_log, 1), 2);
    ck_assert_uint_ge(pr.s2c_log.len, 5 + 4 + 2 + 32);
    ck_assert_uint_eq(pr.s2c_log.p[5], 2);
    ck_assert_mem_eq(pr.s2c_log.p + 11, hrr_random, 32);

    uint8_t data[500];
    hs_fill(data, sizeof(data), 7);
    hs_transfer(&pr, true, data, sizeof(data));
    hs_transfer(&pr, false, data, sizeof(data));
    hs_pair_free(&pr);
}
END_TEST

/*
 * The client's share is for a group the server prefers less, but supports: it is taken as it is,
 * with no HRR round trip (patina: the server's most preferred group among those the client sent
 * shares for; rustls 0.23.39 likewise uses a group it has a share for).
 */
START_TEST(share_accepted_without_hrr)
{
    uint16_t cg[] = {0x0018, 0x001d};
    hs_opts o = {.client_groups = cg, .n_client_groups = 2};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(pr.server), 0x0018);
    ck_assert_int_eq(rustls_connection_handshake_kind(pr.client), RUSTLS_HANDSHAKE_KIND_FULL);
    ck_assert_int_eq(rustls_connection_handshake_kind(pr.server), RUSTLS_HANDSHAKE_KIND_FULL);
    ck_assert_uint_eq(count_plain_hs(&pr.c2s_log, 1), 1);
    hs_pair_free(&pr);
}
END_TEST

/*
 * No group in common: rustls's server fails with PeerIncompatible(NoKxGroupsInCommon)
 * (PEER_INCOMPATIBLE_ERROR) and a handshake_failure alert, which the client reports as received.
 */
START_TEST(no_common_group)
{
    uint16_t cg[] = {0x001d};
    uint16_t sg[] = {0x0017, 0x0018};
    hs_opts o = {.client_groups = cg, .n_client_groups = 1, .server_groups = sg, .n_server_groups = 2};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE);
    /* The alert is in plaintext (no keys yet): 15 03 03 00 02 02 28. */
    ck_assert_uint_eq(pr.s2c_log.len, 7);
    ck_assert_hex_eq(pr.s2c_log.p, pr.s2c_log.len, "15 0303 0002 02 28");
    /* Errors are sticky. */
    ck_assert_uint_eq(rustls_connection_process_new_packets(pr.server), RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR);
    ck_assert_uint_eq(rustls_connection_process_new_packets(pr.client), RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE);
    hs_pair_free(&pr);
}
END_TEST

/*
 * The server's provider has only suites[_i] (rustls_crypto_provider_builder_set_cipher_suites);
 * the client offers all three: that one is chosen whatever the client's order.
 */
START_TEST(server_suite_subset)
{
    hs_opts o = {.server_suite = suites[_i].id};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(pr.client), suites[_i].id);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(pr.server), suites[_i].id);
    hs_pair_free(&pr);
}
END_TEST

/*
 * No suite in common.  rustls 0.23's server resolves the certificate before it chooses the
 * suite, offering the resolver only the signature schemes usable with a suite both sides share
 * (server/hs.rs, compatible_sigscheme_for_suites): with no common suite that is none, so the
 * resolver finds no key and the server fails with access_denied and Error::General ("no server
 * certificate chain resolved"), i.e. RUSTLS_RESULT_GENERAL, in plaintext (no keys yet).
 */
START_TEST(no_common_suite)
{
    hs_opts o = {.suite = 0x1301, .server_suite = 0x1302};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_GENERAL);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_ACCESS_DENIED);
    ck_assert_hex_eq(pr.s2c_log.p, pr.s2c_log.len, "15 0303 0002 02 31");
    hs_pair_free(&pr);
}
END_TEST

/* Rewrite the ServerHello's cipher_suite (plaintext, the server's first record) to 0x1301. */
static void rewrite_sh_suite(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len, hs_bytes *out)
{
    uint16_t *was = ctx;
    static uint8_t copy[5 + 16384 + 256];
    ck_assert_uint_le(len, sizeof(copy));
    memcpy(copy, rec, len);
    if (!from_client && index == 0) {
        /* header 5, handshake header 4, legacy_version 2, random 32, session id (1 + n) */
        ck_assert_uint_eq(copy[5], 2);
        size_t at = 5 + 4 + 2 + 32 + 1 + copy[5 + 4 + 2 + 32];
        *was = (uint16_t)((copy[at] << 8) | copy[at + 1]);
        copy[at] = 0x13;
        copy[at + 1] = *was == 0x1301 ? 0x02 : 0x01;
    }
    hs_bytes_put(out, copy, len);
}

/*
 * RFC 8446 section 4.1.3: a client MUST abort when the server selects a cipher suite it did not
 * offer.  The client offers only TLS13_CHACHA20_POLY1305_SHA256; the ServerHello is rewritten to
 * another suite.  rustls (client/hs.rs): PeerMisbehaved::SelectedUnofferedCipherSuite with a
 * handshake_failure alert, in plaintext since the client has no keys yet.
 */
START_TEST(unoffered_suite_refused)
{
    hs_opts o = {.suite = 0x1303};
    hs_pair pr;
    uint16_t was = 0;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    pr.tamper = rewrite_sh_suite;
    pr.tamper_ctx = &was;
    hs_pump(&pr);
    ck_assert_uint_eq(was, 0x1303);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE);
    hs_pair_free(&pr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hs_matrix");
    TCase *tc = tcase_create("matrix");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, matrix, 0, 36);
    tcase_add_loop_test(tc, matrix_groups_keys, 0, 12);
    tcase_add_test(tc, no_common_group);
    tcase_add_test(tc, unoffered_suite_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("hrr");
    tcase_add_loop_test(tc, hello_retry_request, 0, 2);
    tcase_add_test(tc, share_accepted_without_hrr);
    suite_add_tcase(s, tc);
    tc = tcase_create("suites");
    tcase_add_loop_test(tc, server_suite_subset, 0, 3);
    tcase_add_test(tc, no_common_suite);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(suite());
}
