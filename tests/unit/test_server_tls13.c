/*
 * test_server_tls13.c - the TLS 1.3 server handshake fed hand-made ClientHellos through the
 * public API (rustls_connection_read_tls / process_new_packets / write_tls).
 *
 * Each refusal asserts rustls 0.23's alert (the record the server queues) and the rustls_result
 * rustls-ffi maps its error to; the good paths check what the server sends (HelloRetryRequest,
 * ServerHello), the SNI it stores, the certified key it picks and the ClientHello callback.
 */
#include <stdlib.h>
#include <string.h>

#include "server/choose.h" /* before msgs/: see choose.h */
#include "server/tls13.h"
#include "api/certified_key.h"
#include "keys/tls13_schedule.h"
#include "msgs/certificate.h"
#include "msgs/certificate_request.h"
#include "msgs/certificate_verify.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/finished.h"
#include "msgs/server_hello.h"
#include "testlib/pttest.h"
#include "unit/server_testutil.h"

#define INCOMPATIBLE(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR)
#define MISBEHAVED(alert) PT_ERR(alert, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/* ---------------------------------------------------------------- keys and configs */

enum { K_RSA, K_P256, K_WILD, N_KEYS };
static const char *const key_files[N_KEYS][2] = {
    {"rsa2048.chain.pem", "rsa2048.key.pk8.pem"},
    {"ecdsa-p256.chain.pem", "ecdsa-p256.key.pk8.pem"},
    {"wildcard.chain.pem", "wildcard.key.pk8.pem"},
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

typedef struct cfg_spec {
    const struct rustls_certified_key *const *keys; /* NULL: {rsa2048} */
    size_t n_keys;
    const char *const *alpn;
    size_t n_alpn;
    rustls_client_hello_callback hello_cb;
    bool client_auth; /* a client verifier on ca.pem, its subject as the hint */
} cfg_spec;

/* Key log capture (one test at a time). */
static char logged[8][40];
static size_t n_logged;
static uint8_t logged_random[32];
static uint8_t server_hs_secret[48];

static void keylog_cb(struct rustls_str label, const uint8_t *client_random, size_t client_random_len,
                      const uint8_t *secret, size_t secret_len)
{
    ck_assert_uint_eq(client_random_len, 32);
    if (label.len == strlen("SERVER_HANDSHAKE_TRAFFIC_SECRET") &&
        memcmp(label.data, "SERVER_HANDSHAKE_TRAFFIC_SECRET", label.len) == 0) {
        memcpy(server_hs_secret, secret, secret_len);
    }
    ck_assert(secret_len == 32 || secret_len == 48);
    memcpy(logged_random, client_random, 32);
    if (n_logged < 8 && label.len < 40) {
        memcpy(logged[n_logged], label.data, label.len);
        logged[n_logged][label.len] = '\0';
        n_logged++;
    }
}

static const struct rustls_server_config *make_config(const cfg_spec *s)
{
    struct rustls_server_config_builder *b = rustls_server_config_builder_new();
    ck_assert_ptr_nonnull(b);
    if (s->hello_cb != NULL) {
        ck_assert_int_eq(rustls_server_config_builder_set_hello_callback(b, s->hello_cb), RUSTLS_RESULT_OK);
    } else {
        const struct rustls_certified_key *def[] = {keys[K_RSA]};
        ck_assert_int_eq(rustls_server_config_builder_set_certified_keys(b, s->keys ? s->keys : def,
                                                                         s->keys ? s->n_keys : 1),
                         RUSTLS_RESULT_OK);
    }
    if (s->n_alpn > 0) {
        struct rustls_slice_bytes v[4];
        for (size_t i = 0; i < s->n_alpn; i++) {
            v[i].data = (const uint8_t *)s->alpn[i];
            v[i].len = strlen(s->alpn[i]);
        }
        ck_assert_int_eq(rustls_server_config_builder_set_alpn_protocols(b, v, s->n_alpn), RUSTLS_RESULT_OK);
    }
    if (s->client_auth) {
        struct rustls_root_cert_store_builder *rb = rustls_root_cert_store_builder_new();
        const struct rustls_root_cert_store *store = NULL;
        size_t len = 0;
        uint8_t *pem = pt_test_read_data("ca.pem", &len);
        ck_assert_int_eq(rustls_root_cert_store_builder_add_pem(rb, pem, len, true), RUSTLS_RESULT_OK);
        free(pem);
        ck_assert_int_eq(rustls_root_cert_store_builder_build(rb, &store), RUSTLS_RESULT_OK);
        rustls_root_cert_store_builder_free(rb);
        struct rustls_web_pki_client_cert_verifier_builder *vb = rustls_web_pki_client_cert_verifier_builder_new(store);
        struct rustls_client_cert_verifier *v = NULL;
        ck_assert_int_eq(rustls_web_pki_client_cert_verifier_builder_build(vb, &v), RUSTLS_RESULT_OK);
        rustls_web_pki_client_cert_verifier_builder_free(vb);
        rustls_server_config_builder_set_client_verifier(b, v);
        rustls_client_cert_verifier_free(v);
        rustls_root_cert_store_free(store);
    }
    n_logged = 0;
    ck_assert_int_eq(rustls_server_config_builder_set_key_log(b, keylog_cb, NULL), RUSTLS_RESULT_OK);
    const struct rustls_server_config *cfg = NULL;
    ck_assert_int_eq(rustls_server_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

/* ---------------------------------------------------------------- feeding and reading */

typedef struct io_buf {
    uint8_t *p;
    size_t len, off, cap;
} io_buf;

static rustls_io_result read_cb(void *ud, uint8_t *buf, size_t n, size_t *out_n)
{
    io_buf *in = ud;
    size_t k = in->len - in->off < n ? in->len - in->off : n;
    memcpy(buf, in->p + in->off, k);
    in->off += k;
    *out_n = k;
    return 0;
}

static rustls_io_result write_cb(void *ud, const uint8_t *buf, size_t n, size_t *out_n)
{
    io_buf *out = ud;
    if (out->len + n > out->cap) {
        out->cap = (out->len + n) * 2;
        out->p = realloc(out->p, out->cap);
        ck_assert_ptr_nonnull(out->p);
    }
    memcpy(out->p + out->len, buf, n);
    out->len += n;
    *out_n = n;
    return 0;
}

/* Wrap one handshake message in a plaintext handshake record, feed it, process; return the result. */
static rustls_result feed_msg(struct rustls_connection *conn, const uint8_t *msg, size_t len)
{
    ck_assert_uint_le(len, 16384);
    uint8_t *rec = malloc(5 + len);
    ck_assert_ptr_nonnull(rec);
    rec[0] = 0x16;
    rec[1] = 0x03;
    rec[2] = 0x01;
    rec[3] = (uint8_t)(len >> 8);
    rec[4] = (uint8_t)len;
    memcpy(rec + 5, msg, len);
    io_buf in = {rec, 5 + len, 0, 0};
    while (in.off < in.len) {
        size_t n = 0;
        ck_assert_int_eq(rustls_connection_read_tls(conn, read_cb, &in, &n), 0);
        ck_assert_uint_gt(n, 0);
    }
    free(rec);
    return rustls_connection_process_new_packets(conn);
}

/* Everything the server queued. */
static io_buf drain(struct rustls_connection *conn)
{
    io_buf out = {NULL, 0, 0, 0};
    for (;;) {
        size_t n = 0;
        ck_assert_int_eq(rustls_connection_write_tls(conn, write_cb, &out, &n), 0);
        if (n == 0) {
            break;
        }
    }
    return out;
}

/* The i-th record of `out`: its type and payload. */
static bool record_at(const io_buf *out, size_t i, uint8_t *type, pt_slice *payload)
{
    size_t off = 0;
    for (size_t k = 0;; k++) {
        if (off + 5 > out->len) {
            return false;
        }
        size_t len = ((size_t)out->p[off + 3] << 8) | out->p[off + 4];
        ck_assert_uint_le(off + 5 + len, out->len);
        if (k == i) {
            *type = out->p[off];
            *payload = pt_slice_of(out->p + off + 5, len);
            return true;
        }
        off += 5 + len;
    }
}

/* The server queued exactly one record: a plaintext fatal alert `desc` (RFC 8446 6). */
static void assert_only_alert(const io_buf *out, uint8_t desc)
{
    uint8_t type;
    pt_slice p;
    ck_assert(record_at(out, 0, &type, &p));
    ck_assert_uint_eq(type, 0x15);
    ck_assert_uint_eq(p.len, 2);
    ck_assert_uint_eq(p.p[0], 2); /* fatal */
    ck_assert_uint_eq(p.p[1], desc);
    ck_assert(!record_at(out, 1, &type, &p));
}

/* Build a server, feed `ch`, assert the refusal `want` and its alert record. */
static void assert_refused(const cfg_spec *cs, const ch_spec *chs, pt_err want)
{
    const struct rustls_server_config *cfg = make_config(cs);
    struct rustls_connection *conn = NULL;
    ck_assert_int_eq(rustls_server_connection_new(cfg, &conn), RUSTLS_RESULT_OK);
    ch_built b;
    ch_build(chs, &b);
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), pt_err_result(want));
    io_buf out = drain(conn);
    if (pt_err_alert(want) >= 0) {
        assert_only_alert(&out, (uint8_t)pt_err_alert(want));
    } else {
        ck_assert_uint_eq(out.len, 0);
    }
    /* Errors are sticky. */
    ck_assert_int_eq(rustls_connection_process_new_packets(conn), pt_err_result(want));
    free(out.p);
    ch_free(&b);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
}

/* ---------------------------------------------------------------- refusals */

START_TEST(refuses_no_tls13)
{
    static const uint16_t tls12[] = {PT_VERSION_TLS12};
    cfg_spec cs = {0};
    ch_spec only12 = {.versions = tls12, .n_versions = 1};
    ch_spec none = {.omit_versions = true};
    /* RFC 8446 4.2.1 / rustls PeerIncompatible: protocol_version. */
    assert_refused(&cs, &only12, INCOMPATIBLE(PROTOCOL_VERSION));
    assert_refused(&cs, &none, INCOMPATIBLE(PROTOCOL_VERSION));
}
END_TEST

START_TEST(refuses_bad_compression)
{
    static const uint8_t two[] = {0, 1};
    static const uint8_t deflate[] = {1};
    cfg_spec cs = {0};
    /* RFC 8446 4.1.2: exactly one byte, zero (rustls OfferedIncorrectCompressions). */
    ch_spec s1 = {.compression = two, .n_compression = 2};
    assert_refused(&cs, &s1, MISBEHAVED(ILLEGAL_PARAMETER));
    /* No null method at all (rustls NullCompressionRequired). */
    ch_spec s2 = {.compression = deflate, .n_compression = 1};
    assert_refused(&cs, &s2, INCOMPATIBLE(ILLEGAL_PARAMETER));
}
END_TEST

START_TEST(refuses_no_common_suite)
{
    /* rustls resolves the certificate first, with the schemes of the suites both sides have
     * (hs.rs): a TLS 1.2 RSA suite keeps the RSA key usable, and the TLS 1.3 suite choice then
     * fails (NoCipherSuitesInCommon, handshake_failure)... */
    static const uint16_t tls12_rsa[] = {0xc02b, 0xc02f};
    cfg_spec cs = {0};
    ch_spec s = {.suites = tls12_rsa, .n_suites = 2};
    assert_refused(&cs, &s, INCOMPATIBLE(HANDSHAKE_FAILURE));
    /* ...while with only an ECDSA suite (or none the provider knows) no scheme is left for the
     * RSA key: "no server certificate chain resolved" (access_denied, GENERAL). */
    static const uint16_t tls12_ecdsa[] = {0xc02b};
    static const uint16_t unknown[] = {0x009c, 0x00ff};
    ch_spec s2 = {.suites = tls12_ecdsa, .n_suites = 1};
    assert_refused(&cs, &s2, PT_ERR(ACCESS_DENIED, RUSTLS_RESULT_GENERAL));
    ch_spec s3 = {.suites = unknown, .n_suites = 2};
    assert_refused(&cs, &s3, PT_ERR(ACCESS_DENIED, RUSTLS_RESULT_GENERAL));
}
END_TEST

START_TEST(refuses_no_common_group)
{
    static const uint16_t ffdhe[] = {0x0100};
    cfg_spec cs = {0};
    ch_spec s = {.groups = ffdhe, .n_groups = 1};
    assert_refused(&cs, &s, INCOMPATIBLE(HANDSHAKE_FAILURE));
}
END_TEST

START_TEST(refuses_no_sig_algs)
{
    cfg_spec cs = {0};
    ch_spec s = {.omit_sig_algs = true};
    /* rustls SignatureAlgorithmsExtensionRequired: handshake_failure. */
    assert_refused(&cs, &s, INCOMPATIBLE(HANDSHAKE_FAILURE));
}
END_TEST

START_TEST(refuses_no_usable_scheme)
{
    /* The RSA key can sign only with PKCS#1 here, which TLS 1.3 forbids (RFC 8446 4.2.3): rustls
     * picks the key, then fails with NoSignatureSchemesInCommon. */
    static const uint16_t pkcs1[] = {PT_SIG_RSA_PKCS1_SHA256};
    static const uint16_t ed448[] = {0x0808};
    cfg_spec cs = {0};
    ch_spec s = {.schemes = pkcs1, .n_schemes = 1};
    assert_refused(&cs, &s, INCOMPATIBLE(HANDSHAKE_FAILURE));
    /* No key at all for the schemes: "no server certificate chain resolved". */
    ch_spec s2 = {.schemes = ed448, .n_schemes = 1};
    assert_refused(&cs, &s2, PT_ERR(ACCESS_DENIED, RUSTLS_RESULT_GENERAL));
}
END_TEST

START_TEST(refuses_no_matching_alpn)
{
    static const char *const ours[] = {"h2"};
    static const char *const theirs[] = {"http/1.1"};
    cfg_spec cs = {.alpn = ours, .n_alpn = 1};
    ch_spec s = {.alpn = theirs, .n_alpn = 1};
    /* RFC 7301 3.2. */
    assert_refused(&cs, &s, PT_ERR(NO_APPLICATION_PROTOCOL, RUSTLS_RESULT_NO_APPLICATION_PROTOCOL));
}
END_TEST

START_TEST(refuses_duplicate_key_share_groups)
{
    static const uint16_t dup[] = {PT_GROUP_X25519, PT_GROUP_X25519};
    cfg_spec cs = {0};
    ch_spec s = {.share_groups = dup, .n_shares = 2};
    /* RFC 8446 4.2.8 (rustls OfferedDuplicateKeyShares). */
    assert_refused(&cs, &s, MISBEHAVED(ILLEGAL_PARAMETER));
}
END_TEST

START_TEST(refuses_missing_key_share)
{
    cfg_spec cs = {0};
    ch_spec s = {.omit_key_share = true};
    /* rustls KeyShareExtensionRequired: handshake_failure. */
    assert_refused(&cs, &s, INCOMPATIBLE(HANDSHAKE_FAILURE));
}
END_TEST

START_TEST(refuses_invalid_sni)
{
    cfg_spec cs = {0};
    ch_spec s = {.sni = "bad name!"};
    /* RFC 6066 3 (rustls ServerNameMustContainOneHostName). */
    assert_refused(&cs, &s, MISBEHAVED(ILLEGAL_PARAMETER));
}
END_TEST

/* ---------------------------------------------------------------- HelloRetryRequest */

static const uint16_t p256_share[] = {PT_GROUP_SECP256R1};
static const uint16_t x25519_share[] = {PT_GROUP_X25519};

/* Server with default config; CH1 offers x25519 first but a secp256r1 share only: HRR for x25519. */
static struct rustls_connection *start_hrr(const struct rustls_server_config **cfg_out, uint8_t sid_len)
{
    cfg_spec cs = {0};
    const struct rustls_server_config *cfg = make_config(&cs);
    struct rustls_connection *conn = NULL;
    ck_assert_int_eq(rustls_server_connection_new(cfg, &conn), RUSTLS_RESULT_OK);
    ch_spec s = {.share_groups = p256_share, .n_shares = 1, .session_id_len = sid_len, .random_fill = 7};
    ch_built b;
    ch_build(&s, &b);
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), RUSTLS_RESULT_OK);
    ch_free(&b);

    io_buf out = drain(conn);
    uint8_t type;
    pt_slice p;
    ck_assert(record_at(&out, 0, &type, &p));
    ck_assert_uint_eq(type, 0x16);
    ck_assert_uint_ge(p.len, 4);
    ck_assert_uint_eq(p.p[0], PT_HS_SERVER_HELLO);
    pt_server_hello sh;
    ck_assert_pt_ok(pt_server_hello_decode(pt_slice_of(p.p + 4, p.len - 4), &sh));
    ck_assert(sh.is_hrr);
    ck_assert_uint_eq(sh.session_id.len, sid_len); /* RFC 8446 4.1.4: echoed */
    pt_slice ks;
    uint16_t group;
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_KEY_SHARE, &ks));
    ck_assert_pt_ok(pt_ext_u16_decode(ks, &group));
    ck_assert_uint_eq(group, PT_GROUP_X25519);
    ck_assert(!pt_ext_has(&sh.ext, PT_EXT_COOKIE)); /* we send no cookie */
    /* RFC 8446 D.4: the CCS follows in compatibility mode only. */
    bool has_ccs = record_at(&out, 1, &type, &p);
    ck_assert(has_ccs == (sid_len > 0));
    if (has_ccs) {
        ck_assert_uint_eq(type, 0x14);
        ck_assert_uint_eq(p.len, 1);
        ck_assert_uint_eq(p.p[0], 1);
    }
    free(out.p);
    ck_assert(rustls_connection_is_handshaking(conn));
    *cfg_out = cfg;
    return conn;
}

START_TEST(hrr_then_server_hello)
{
    for (uint8_t sid = 0; sid <= 32; sid += 32) {
        const struct rustls_server_config *cfg;
        struct rustls_connection *conn = start_hrr(&cfg, sid);
        ch_spec s = {.share_groups = x25519_share, .n_shares = 1, .session_id_len = sid, .random_fill = 7};
        ch_built b;
        ch_build(&s, &b);
        ck_assert_int_eq(feed_msg(conn, b.msg, b.len), RUSTLS_RESULT_OK);
        io_buf out = drain(conn);
        uint8_t type;
        pt_slice p;
        ck_assert(record_at(&out, 0, &type, &p));
        ck_assert_uint_eq(type, 0x16);
        pt_server_hello sh;
        ck_assert_pt_ok(pt_server_hello_decode(pt_slice_of(p.p + 4, p.len - 4), &sh));
        ck_assert(!sh.is_hrr);
        /* No second CCS after a HelloRetryRequest: the next record is protected (type 23). */
        ck_assert(record_at(&out, 1, &type, &p));
        ck_assert_uint_eq(type, 0x17);
        ck_assert_int_eq(rustls_connection_handshake_kind(conn), RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST);
        ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(conn), PT_GROUP_X25519);
        ck_assert(rustls_connection_is_handshaking(conn)); /* awaiting the client's Finished */
        free(out.p);
        ch_free(&b);
        rustls_connection_free(conn);
        rustls_server_config_free(cfg);
    }
}
END_TEST

static void assert_bad_retry(const ch_spec *s2, pt_err want)
{
    const struct rustls_server_config *cfg;
    struct rustls_connection *conn = start_hrr(&cfg, 32);
    ch_built b;
    ch_build(s2, &b);
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), pt_err_result(want));
    io_buf out = drain(conn);
    assert_only_alert(&out, (uint8_t)pt_err_alert(want));
    free(out.p);
    ch_free(&b);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
}

START_TEST(refuses_bad_second_client_hello)
{
    /* RFC 8446 4.1.4: still no share for the requested group (rustls RefusedToFollowHelloRetryRequest). */
    ch_spec same = {.share_groups = p256_share, .n_shares = 1, .session_id_len = 32, .random_fill = 7};
    assert_bad_retry(&same, MISBEHAVED(ILLEGAL_PARAMETER));
    /* RFC 8446 4.1.2: anything else changed - the random, the suites, the ALPN list, the SNI. */
    ch_spec random = {.share_groups = x25519_share, .n_shares = 1, .session_id_len = 32, .random_fill = 8};
    assert_bad_retry(&random, MISBEHAVED(ILLEGAL_PARAMETER));
    static const uint16_t suites[] = {0x1301};
    ch_spec suite = {.share_groups = x25519_share, .n_shares = 1, .session_id_len = 32, .random_fill = 7,
                     .suites = suites, .n_suites = 1};
    assert_bad_retry(&suite, MISBEHAVED(ILLEGAL_PARAMETER));
    static const char *const alpn[] = {"h2"};
    ch_spec a = {.share_groups = x25519_share, .n_shares = 1, .session_id_len = 32, .random_fill = 7, .alpn = alpn,
                 .n_alpn = 1};
    assert_bad_retry(&a, MISBEHAVED(ILLEGAL_PARAMETER));
    /* Two shares: RFC 8446 4.1.2 asks for a single KeyShareEntry of the requested group. */
    static const uint16_t two[] = {PT_GROUP_X25519, PT_GROUP_SECP256R1};
    ch_spec shares = {.share_groups = two, .n_shares = 2, .session_id_len = 32, .random_fill = 7};
    assert_bad_retry(&shares, MISBEHAVED(ILLEGAL_PARAMETER));
    /* early_data in the second ClientHello (rustls EarlyDataAttemptedInSecondClientHello). */
    ch_spec early = {.share_groups = x25519_share, .n_shares = 1, .session_id_len = 32, .random_fill = 7,
                     .early_data = true};
    assert_bad_retry(&early, MISBEHAVED(ILLEGAL_PARAMETER));
}
END_TEST

START_TEST(refuses_second_server_name_change)
{
    /* rustls ServerNameDifferedOnRetry: an error without an alert. */
    ch_spec sni = {.share_groups = x25519_share, .n_shares = 1, .session_id_len = 32, .random_fill = 7,
                   .sni = "localhost"};
    const struct rustls_server_config *cfg;
    struct rustls_connection *conn = start_hrr(&cfg, 32);
    ch_built b;
    ch_build(&sni, &b);
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    io_buf out = drain(conn);
    ck_assert_uint_eq(out.len, 0);
    free(out.p);
    ch_free(&b);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
}
END_TEST

/* ---------------------------------------------------------------- SNI and certificates */

/* Run one ClientHello to the point where the server awaits the client's Finished. */
static struct rustls_connection *accept_hello(const struct rustls_server_config *cfg, const ch_spec *s)
{
    struct rustls_connection *conn = NULL;
    ck_assert_int_eq(rustls_server_connection_new(cfg, &conn), RUSTLS_RESULT_OK);
    ch_built b;
    ch_build(s, &b);
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), RUSTLS_RESULT_OK);
    ch_free(&b);
    io_buf out = drain(conn);
    ck_assert_uint_gt(out.len, 0);
    free(out.p);
    ck_assert_int_eq(conn->state, PT_S13_EXPECT_FINISHED);
    return conn;
}

static const struct rustls_certified_key *chosen_key(const struct rustls_connection *conn)
{
    return ((const pt_server_hs *)conn->hs)->key;
}

START_TEST(sni_stored_lower_case)
{
    cfg_spec cs = {0};
    const struct rustls_server_config *cfg = make_config(&cs);
    struct rustls_str none = rustls_server_connection_get_server_name(NULL);
    ck_assert_uint_eq(none.len, 0);
    ch_spec s = {.sni = "LocalHost", .random_fill = 0x42};
    struct rustls_connection *conn = accept_hello(cfg, &s);
    struct rustls_str name = rustls_server_connection_get_server_name(conn);
    ck_assert_uint_eq(name.len, strlen("localhost"));
    ck_assert_mem_eq(name.data, "localhost", name.len);
    /* Key log: the four traffic secrets and the exporter secret, for this client random. */
    ck_assert_uint_eq(n_logged, 5);
    ck_assert_str_eq(logged[0], "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
    ck_assert_str_eq(logged[1], "SERVER_HANDSHAKE_TRAFFIC_SECRET");
    ck_assert_str_eq(logged[2], "CLIENT_TRAFFIC_SECRET_0");
    ck_assert_str_eq(logged[3], "SERVER_TRAFFIC_SECRET_0");
    ck_assert_str_eq(logged[4], "EXPORTER_SECRET");
    for (size_t i = 0; i < 32; i++) {
        ck_assert_uint_eq(logged_random[i], 0x42);
    }
    ck_assert_int_eq(rustls_connection_handshake_kind(conn), RUSTLS_HANDSHAKE_KIND_FULL);
    rustls_connection_free(conn);

    /* Without SNI the name stays empty. */
    ch_spec s2 = {0};
    conn = accept_hello(cfg, &s2);
    ck_assert_uint_eq(rustls_server_connection_get_server_name(conn).len, 0);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
}
END_TEST

START_TEST(key_chosen_by_sni)
{
    const struct rustls_certified_key *list[] = {keys[K_RSA], keys[K_P256], keys[K_WILD]};
    cfg_spec cs = {.keys = list, .n_keys = 3};
    const struct rustls_server_config *cfg = make_config(&cs);
    ch_spec wild = {.sni = "Www.Wild.TestServer.COM"};
    struct rustls_connection *conn = accept_hello(cfg, &wild);
    ck_assert_ptr_eq(chosen_key(conn), keys[K_WILD]);
    rustls_connection_free(conn);

    ch_spec local = {.sni = "localhost"};
    conn = accept_hello(cfg, &local);
    ck_assert_ptr_eq(chosen_key(conn), keys[K_RSA]);
    rustls_connection_free(conn);

    /* Only ECDSA P-256 offered: the RSA leaf for localhost cannot sign, the P-256 one can. */
    static const uint16_t p256[] = {PT_SIG_ECDSA_SECP256R1_SHA256};
    ch_spec ec = {.sni = "localhost", .schemes = p256, .n_schemes = 1};
    conn = accept_hello(cfg, &ec);
    ck_assert_ptr_eq(chosen_key(conn), keys[K_P256]);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
}
END_TEST

/* ---------------------------------------------------------------- the ClientHello callback */

typedef struct cb_seen {
    int calls;
    char name[64];
    size_t n_schemes, n_groups, n_alpn;
    uint16_t first_group;
    char alpn0[16];
    const struct rustls_certified_key *answer;
} cb_seen;

static const struct rustls_certified_key *hello_cb(rustls_client_hello_userdata ud,
                                                   const struct rustls_client_hello *hello)
{
    cb_seen *seen = ud;
    ck_assert_ptr_nonnull(seen);
    seen->calls++;
    ck_assert_uint_lt(hello->server_name.len, sizeof seen->name);
    memcpy(seen->name, hello->server_name.data, hello->server_name.len);
    seen->name[hello->server_name.len] = '\0';
    seen->n_schemes = hello->signature_schemes.len;
    seen->n_groups = hello->named_groups.len;
    seen->first_group = hello->named_groups.len > 0 ? hello->named_groups.data[0] : 0;
    seen->n_alpn = rustls_slice_slice_bytes_len(hello->alpn);
    if (seen->n_alpn > 0) {
        struct rustls_slice_bytes a = rustls_slice_slice_bytes_get(hello->alpn, 0);
        ck_assert_uint_lt(a.len, sizeof seen->alpn0);
        memcpy(seen->alpn0, a.data, a.len);
    }
    if (seen->answer != NULL) {
        return seen->answer;
    }
    /* What an application would do: pick among its keys with the helper. */
    const struct rustls_certified_key *list[] = {keys[K_RSA], keys[K_P256]};
    const struct rustls_certified_key *out = NULL;
    if (rustls_client_hello_select_certified_key(hello, list, 2, &out) != RUSTLS_RESULT_OK) {
        return NULL;
    }
    return out;
}

static const struct rustls_certified_key *null_cb(rustls_client_hello_userdata ud,
                                                  const struct rustls_client_hello *hello)
{
    (void)hello;
    ((cb_seen *)ud)->calls++;
    return NULL;
}

START_TEST(hello_callback_called)
{
    static const char *const alpn[] = {"h2", "http/1.1"};
    static const uint16_t schemes[] = {PT_SIG_ECDSA_SECP256R1_SHA256, PT_SIG_RSA_PSS_RSAE_SHA256};
    cfg_spec cs = {.hello_cb = hello_cb};
    const struct rustls_server_config *cfg = make_config(&cs);
    struct rustls_connection *conn = NULL;
    ck_assert_int_eq(rustls_server_connection_new(cfg, &conn), RUSTLS_RESULT_OK);
    cb_seen seen;
    memset(&seen, 0, sizeof seen);
    rustls_connection_set_userdata(conn, &seen);
    ch_spec s = {.sni = "TestServer.com", .alpn = alpn, .n_alpn = 2, .schemes = schemes, .n_schemes = 2};
    ch_built b;
    ch_build(&s, &b);
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), RUSTLS_RESULT_OK);
    ch_free(&b);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_str_eq(seen.name, "testserver.com");
    ck_assert_uint_eq(seen.n_schemes, 2);
    ck_assert_uint_eq(seen.n_groups, 3);
    ck_assert_uint_eq(seen.first_group, PT_GROUP_X25519);
    ck_assert_uint_eq(seen.n_alpn, 2);
    ck_assert_str_eq(seen.alpn0, "h2");
    /* rustls_client_hello_select_certified_key: the first key that can sign (RSA, with PSS). */
    ck_assert_ptr_eq(chosen_key(conn), keys[K_RSA]);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
}
END_TEST

START_TEST(hello_callback_null_refused)
{
    cfg_spec cs = {.hello_cb = null_cb};
    const struct rustls_server_config *cfg = make_config(&cs);
    struct rustls_connection *conn = NULL;
    ck_assert_int_eq(rustls_server_connection_new(cfg, &conn), RUSTLS_RESULT_OK);
    cb_seen seen;
    memset(&seen, 0, sizeof seen);
    rustls_connection_set_userdata(conn, &seen);
    ch_spec s = {0};
    ch_built b;
    ch_build(&s, &b);
    /* rustls: access_denied, Error::General("no server certificate chain resolved"). */
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), RUSTLS_RESULT_GENERAL);
    ck_assert_int_eq(seen.calls, 1);
    io_buf out = drain(conn);
    assert_only_alert(&out, PT_ALERT_ACCESS_DENIED);
    free(out.p);
    ch_free(&b);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
}
END_TEST

/* ---------------------------------------------------------------- the server's flight, decrypted */

/* Open every protected record of `out` with the server handshake traffic keys (RFC 8446 5.2,
 * 7.3) and append the inner handshake bytes to `hs`. */
static void decrypt_flight(const io_buf *out, const pt_suite *suite, io_buf *hs)
{
    const pt_aead *aead = suite->aead;
    uint8_t key[PT_AEAD_KEY_MAX], iv[PT_AEAD_NONCE_LEN];
    PT_CTX_ALIGN uint8_t ctx[PT_AEAD_CTX_MAX];
    ck_assert_pt_ok(pt_tls13_traffic_keys(suite->hash, server_hs_secret, key, aead->key_len, iv, sizeof iv));
    ck_assert_pt_ok(aead->init(ctx, key));
    uint64_t seq = 0;
    uint8_t type;
    pt_slice p;
    for (size_t i = 0; record_at(out, i, &type, &p); i++) {
        if (type != 0x17) {
            continue;
        }
        uint8_t nonce[PT_AEAD_NONCE_LEN], ad[5];
        memcpy(nonce, iv, sizeof nonce);
        for (int k = 0; k < 8; k++) {
            nonce[PT_AEAD_NONCE_LEN - 1 - k] ^= (uint8_t)(seq >> (8 * k));
        }
        seq++;
        memcpy(ad, p.p - 5, 5);
        uint8_t *buf = malloc(p.len);
        memcpy(buf, p.p, p.len);
        size_t n = 0;
        ck_assert_pt_ok(aead->open(ctx, nonce, ad, 5, buf, p.len, &n));
        while (n > 0 && buf[n - 1] == 0) {
            n--;
        }
        ck_assert_uint_gt(n, 0);
        ck_assert_uint_eq(buf[n - 1], 0x16); /* TLSInnerPlaintext content type: handshake */
        write_cb(hs, buf, n - 1, &n);
        free(buf);
    }
    aead->cleanup(ctx);
}

/* The next handshake message of `r`: its type, whole bytes and body. */
static void next_msg(pt_reader *r, uint8_t want, pt_slice *raw, pt_slice *body)
{
    uint8_t type;
    uint32_t len;
    const uint8_t *start = r->p;
    ck_assert_pt_ok(pt_r_u8(r, &type));
    ck_assert_uint_eq(type, want);
    ck_assert_pt_ok(pt_r_u24(r, &len));
    ck_assert_pt_ok(pt_r_bytes(r, len, body));
    *raw = pt_slice_of(start, 4 + len);
}

START_TEST(server_flight_contents)
{
    static const uint8_t ocsp[] = {0x30, 0x03, 0x0a, 0x01, 0x00}; /* opaque to the server */
    static const char *const ours[] = {"h2"};
    static const char *const theirs[] = {"http/1.1", "h2"};
    const struct rustls_certified_key *stapled = NULL;
    struct rustls_slice_bytes o = {ocsp, sizeof ocsp};
    ck_assert_int_eq(rustls_certified_key_clone_with_ocsp(keys[K_P256], &o, &stapled), RUSTLS_RESULT_OK);
    cfg_spec cs = {.keys = &stapled, .n_keys = 1, .alpn = ours, .n_alpn = 1, .client_auth = true};
    const struct rustls_server_config *cfg = make_config(&cs);
    struct rustls_connection *conn = NULL;
    ck_assert_int_eq(rustls_server_connection_new(cfg, &conn), RUSTLS_RESULT_OK);
    ch_spec s = {.sni = "localhost", .alpn = theirs, .n_alpn = 2, .status_request = true};
    ch_built b;
    ch_build(&s, &b);
    ck_assert_int_eq(feed_msg(conn, b.msg, b.len), RUSTLS_RESULT_OK);
    io_buf out = drain(conn);
    uint8_t type;
    pt_slice sh_raw;
    ck_assert(record_at(&out, 0, &type, &sh_raw));
    const pt_suite *suite = pt_provider_find_suite(pt_default_provider(), 0x1301); /* the client's first */
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(conn), 0x1301);
    io_buf hs = {NULL, 0, 0, 0};
    decrypt_flight(&out, suite, &hs);

    pt_reader r = pt_reader_init(hs.p, hs.len);
    pt_slice ee_raw, cr_raw, cert_raw, cv_raw, fin_raw, body, ext;
    /* RFC 8446 4.3.1: EncryptedExtensions with the ALPN choice and the empty server_name ack. */
    next_msg(&r, PT_HS_ENCRYPTED_EXTENSIONS, &ee_raw, &body);
    pt_encrypted_extensions ee;
    ck_assert_pt_ok(pt_encrypted_extensions_decode(body, &ee));
    pt_slice proto;
    ck_assert(pt_ext_get(&ee.ext, PT_EXT_ALPN, &ext));
    ck_assert_pt_ok(pt_ext_alpn_single_decode(ext, &proto));
    ck_assert_uint_eq(proto.len, 2);
    ck_assert_mem_eq(proto.p, "h2", 2);
    ck_assert(pt_ext_get(&ee.ext, PT_EXT_SERVER_NAME, &ext));
    ck_assert_uint_eq(ext.len, 0);
    /* RFC 8446 4.3.2: CertificateRequest with signature_algorithms and the CA hint. */
    next_msg(&r, PT_HS_CERTIFICATE_REQUEST, &cr_raw, &body);
    pt_certificate_request13 cr;
    ck_assert_pt_ok(pt_certificate_request13_decode(body, &cr));
    ck_assert_uint_eq(cr.context.len, 0);
    pt_ext_block crx;
    uint8_t vec[2 + 1024];
    ck_assert_uint_le(cr.extensions.len, 1024);
    vec[0] = (uint8_t)(cr.extensions.len >> 8);
    vec[1] = (uint8_t)cr.extensions.len;
    memcpy(vec + 2, cr.extensions.p, cr.extensions.len);
    pt_reader xr = pt_reader_init(vec, 2 + cr.extensions.len);
    ck_assert_pt_ok(pt_ext_parse_block(&xr, PT_EXT_CTX_CERTIFICATE_REQUEST, &crx));
    ck_assert(pt_ext_has(&crx, PT_EXT_SIGNATURE_ALGORITHMS));
    pt_dn_list dns;
    ck_assert(pt_ext_get(&crx, PT_EXT_CERTIFICATE_AUTHORITIES, &ext));
    ck_assert_pt_ok(pt_ext_certificate_authorities_decode(ext, &dns));
    ck_assert_uint_eq(dns.count, 1);
    /* RFC 8446 4.4.2 / 4.4.2.1: the chain, the OCSP response in the leaf's status_request. */
    next_msg(&r, PT_HS_CERTIFICATE, &cert_raw, &body);
    pt_certificate13 cert;
    ck_assert_pt_ok(pt_certificate13_decode(body, &cert));
    ck_assert_uint_eq(cert.count, pt_certified_key_chain_len(stapled));
    pt_cert_iter it;
    pt_cert_entry leaf;
    pt_cert_iter_init13(&it, &cert);
    ck_assert(pt_cert_iter_next(&it, &leaf));
    ck_assert_uint_eq(leaf.cert.len, pt_certified_key_cert(stapled, 0).len);
    ck_assert_mem_eq(leaf.cert.p, pt_certified_key_cert(stapled, 0).p, leaf.cert.len);
    ck_assert_uint_le(leaf.extensions.len, 64);
    vec[0] = 0;
    vec[1] = (uint8_t)leaf.extensions.len;
    memcpy(vec + 2, leaf.extensions.p, leaf.extensions.len);
    pt_ext_block lx;
    pt_slice stapled_ocsp;
    xr = pt_reader_init(vec, 2 + leaf.extensions.len);
    ck_assert_pt_ok(pt_ext_parse_block(&xr, PT_EXT_CTX_CERTIFICATE, &lx));
    ck_assert(pt_ext_get(&lx, PT_EXT_STATUS_REQUEST, &ext));
    ck_assert_pt_ok(pt_ext_cert_status_decode(ext, &stapled_ocsp));
    ck_assert_uint_eq(stapled_ocsp.len, sizeof ocsp);
    ck_assert_mem_eq(stapled_ocsp.p, ocsp, sizeof ocsp);
    /* RFC 8446 4.4.3: CertificateVerify over the transcript, checked with the leaf's key. */
    next_msg(&r, PT_HS_CERTIFICATE_VERIFY, &cv_raw, &body);
    pt_certificate_verify cv;
    ck_assert_pt_ok(pt_certificate_verify_decode(body, &cv));
    ck_assert_uint_eq(cv.scheme, PT_SIG_ECDSA_SECP256R1_SHA256);
    const pt_hash *h = suite->hash;
    PT_CTX_ALIGN uint8_t hctx[PT_HASH_CTX_MAX];
    uint8_t th[PT_HASH_MAX], content[PT_CV_CONTENT_MAX];
    h->init(hctx);
    h->update(hctx, b.msg, b.len);
    h->update(hctx, sh_raw.p, sh_raw.len);
    h->update(hctx, ee_raw.p, ee_raw.len);
    h->update(hctx, cr_raw.p, cr_raw.len);
    h->update(hctx, cert_raw.p, cert_raw.len);
    PT_CTX_ALIGN uint8_t hcopy[PT_HASH_CTX_MAX];
    h->copy(hcopy, hctx);
    h->final(hcopy, th);
    pt_writer w;
    pt_writer_init_fixed(&w, content, sizeof content);
    pt_certificate_verify_content(&w, true, pt_slice_of(th, h->out_len));
    ck_assert_pt_ok(pt_w_finish(&w));
    const pt_provider *p = pt_default_provider();
    pt_slice spki;
    pt_pubkey *pub = NULL;
    ck_assert_pt_ok(p->x509->cert_spki(leaf.cert, &spki));
    ck_assert_pt_ok(p->sig->pubkey_from_spki(spki, &pub));
    ck_assert_pt_ok(p->sig->verify(pub, cv.scheme, pt_w_slice(&w), cv.signature));
    p->sig->pubkey_free(pub);
    /* RFC 8446 4.4.4: Finished over CH..CertificateVerify with the server handshake secret. */
    next_msg(&r, PT_HS_FINISHED, &fin_raw, &body);
    h->update(hctx, cv_raw.p, cv_raw.len);
    h->final(hctx, th);
    ck_assert_pt_ok(pt_tls13_verify_finished(h, server_hs_secret, th, body));
    ck_assert_uint_eq(pt_r_left(&r), 0);
    ck_assert_int_eq(conn->state, PT_S13_EXPECT_CERTIFICATE);

    free(hs.p);
    free(out.p);
    ch_free(&b);
    rustls_connection_free(conn);
    rustls_server_config_free(cfg);
    rustls_certified_key_free(stapled);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("server_tls13");
    TCase *tr = tcase_create("refusals");
    tcase_add_checked_fixture(tr, load_keys, free_keys);
    tcase_add_test(tr, refuses_no_tls13);
    tcase_add_test(tr, refuses_bad_compression);
    tcase_add_test(tr, refuses_no_common_suite);
    tcase_add_test(tr, refuses_no_common_group);
    tcase_add_test(tr, refuses_no_sig_algs);
    tcase_add_test(tr, refuses_no_usable_scheme);
    tcase_add_test(tr, refuses_no_matching_alpn);
    tcase_add_test(tr, refuses_duplicate_key_share_groups);
    tcase_add_test(tr, refuses_missing_key_share);
    tcase_add_test(tr, refuses_invalid_sni);
    suite_add_tcase(s, tr);
    TCase *th = tcase_create("hello_retry_request");
    tcase_add_checked_fixture(th, load_keys, free_keys);
    tcase_add_test(th, hrr_then_server_hello);
    tcase_add_test(th, refuses_bad_second_client_hello);
    tcase_add_test(th, refuses_second_server_name_change);
    suite_add_tcase(s, th);
    TCase *tk = tcase_create("certificates");
    tcase_add_checked_fixture(tk, load_keys, free_keys);
    tcase_add_test(tk, sni_stored_lower_case);
    tcase_add_test(tk, key_chosen_by_sni);
    tcase_add_test(tk, hello_callback_called);
    tcase_add_test(tk, hello_callback_null_refused);
    tcase_add_test(tk, server_flight_contents);
    suite_add_tcase(s, tk);
    return pt_test_run(s);
}
