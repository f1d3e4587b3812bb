/*
 * test_client13.c - the TLS 1.3 client handshake (src/client/) fed scripted server messages.
 *
 * The test plays the server: it reads the client's ClientHello from write_tls, answers with
 * messages built by the msgs/ codecs (a real ECDHE share, the tests/data ECDSA P-256 chain and
 * a real CertificateVerify signature), and feeds them to the connection's dispatcher
 * (pt_conn_dispatch) as the record layer would after decryption.  It keeps its own copy of the
 * transcript and runs the server's side of the RFC 8446 section 7.1 key schedule, so the
 * client's key-logged secrets are checked against an independent derivation.  Every refusal
 * path asserts rustls 0.23's alert and rustls-ffi's rustls_result.
 */
#include <stdlib.h>
#include <string.h>

#include "api/certified_key.h"
#include "client/client.h"
#include "client/tls13.h"
#include "conn/conn.h"
#include "conn/conn_impl.h"
#include "keys/tls13_schedule.h"
#include "msgs/certificate.h"
#include "msgs/certificate_request.h"
#include "msgs/certificate_verify.h"
#include "msgs/client_hello.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/extensions.h"
#include "msgs/finished.h"
#include "msgs/server_hello.h"
#include "patina.h"
#include "record/protect.h"
#include "testlib/pttest.h"

#define ERR_MISBEHAVED(a) PT_ERR(a, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR)

/* ---------------------------------------------------------------- a deterministic provider */

static pt_provider tables;
static unsigned random_calls;

/* Random bytes that differ per call (the client random, then the session id). */
static pt_err det_random(uint8_t *out, size_t len)
{
    random_calls++;
    for (size_t i = 0; i < len; i++) {
        out[i] = (uint8_t)(random_calls * 0x40 + i);
    }
    return PT_OK;
}

/* ---------------------------------------------------------------- key log capture */

typedef struct logged {
    const char *label;
    uint8_t secret[PT_HASH_MAX];
    size_t len;
    bool seen;
} logged;

static logged keylog[] = {
    {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", {0}, 0, false}, {"SERVER_HANDSHAKE_TRAFFIC_SECRET", {0}, 0, false},
    {"CLIENT_TRAFFIC_SECRET_0", {0}, 0, false},         {"SERVER_TRAFFIC_SECRET_0", {0}, 0, false},
    {"EXPORTER_SECRET", {0}, 0, false},
};
enum { LOG_CHS, LOG_SHS, LOG_CAP, LOG_SAP, LOG_EXP };

static void log_cb(struct rustls_str label, const uint8_t *client_random, size_t client_random_len,
                   const uint8_t *secret, size_t secret_len)
{
    (void)client_random;
    ck_assert_uint_eq(client_random_len, 32);
    for (size_t i = 0; i < sizeof(keylog) / sizeof(keylog[0]); i++) {
        if (strlen(keylog[i].label) == label.len && memcmp(keylog[i].label, label.data, label.len) == 0) {
            ck_assert(secret_len <= PT_HASH_MAX);
            memcpy(keylog[i].secret, secret, secret_len);
            keylog[i].len = secret_len;
            keylog[i].seen = true;
        }
    }
}

/* ---------------------------------------------------------------- the custom verifier */

static uint32_t verify_result;
static size_t verify_calls, verify_intermediates;
static char verify_name[64];

static uint32_t verify_cb(void *userdata, const struct rustls_verify_server_cert_params *p)
{
    (void)userdata;
    verify_calls++;
    verify_intermediates = rustls_slice_slice_bytes_len(p->intermediate_certs_der);
    ck_assert(p->server_name.len < sizeof(verify_name));
    memcpy(verify_name, p->server_name.data, p->server_name.len);
    verify_name[p->server_name.len] = 0;
    ck_assert_uint_gt(p->end_entity_cert_der.len, 0);
    return verify_result;
}

/* ---------------------------------------------------------------- the test server */

typedef struct server {
    pt_conn *c;
    const struct rustls_client_config *cfg;
    uint8_t ch[4096]; /* the latest ClientHello */
    size_t ch_len;
    uint16_t ch_record_version;
    pt_client_hello hello;
    size_t ccs_seen;
    uint8_t transcript[16384]; /* every handshake message, for the test's own hashes */
    size_t t_len;
    const pt_kx_group *kx;
    PT_CTX_ALIGN uint8_t kx_ctx[PT_KX_CTX_MAX];
    uint8_t kx_pub[PT_KX_PUB_MAX];
    pt_ks13 ks;
    uint8_t s_hs[PT_HASH_MAX], c_hs[PT_HASH_MAX];
} server;

static server S;

/* The server's chain (DER copies), freed by finish(). */
typedef struct chain {
    pt_slice certs[4];
    size_t n;
} chain;

static chain server_chain;

static void t_add(const uint8_t *p, size_t len)
{
    ck_assert(S.t_len + len <= sizeof(S.transcript));
    memcpy(S.transcript + S.t_len, p, len);
    S.t_len += len;
}

static void t_hash(uint8_t *out)
{
    pt_hash_digest(tables.sha256, S.transcript, S.t_len, out);
}

static rustls_io_result collect(void *ud, const uint8_t *buf, size_t n, size_t *out_n)
{
    pt_writer *w = ud;
    pt_w_bytes(w, buf, n);
    *out_n = n;
    return 0;
}

/* Take the client's queued records: plaintext handshake records become S.ch; CCS are counted. */
static void take_client_hello(void)
{
    pt_writer w;
    size_t n = 0;
    pt_writer_init_growable(&w, 1024, 1 << 20);
    ck_assert_int_eq(rustls_connection_write_tls(S.c, collect, &w, &n), 0);
    ck_assert_pt_ok(pt_w_finish(&w));
    S.ch_len = 0;
    S.ch_record_version = 0;
    for (size_t off = 0; off + 5 <= w.off;) {
        size_t len = (size_t)w.base[off + 3] << 8 | w.base[off + 4];
        if (w.base[off] == 20) {
            ck_assert_uint_eq(len, 1);
            ck_assert_uint_eq(w.base[off + 5], 1);
            S.ccs_seen++;
        } else {
            ck_assert_uint_eq(w.base[off], 22);
            S.ch_record_version = (uint16_t)(w.base[off + 1] << 8 | w.base[off + 2]);
            memcpy(S.ch + S.ch_len, w.base + off + 5, len);
            S.ch_len += len;
        }
        off += 5 + len;
    }
    pt_writer_free(&w);
    ck_assert_uint_gt(S.ch_len, 4);
    ck_assert_uint_eq(S.ch[0], PT_HS_CLIENT_HELLO);
    ck_assert_pt_ok(pt_client_hello_decode(pt_slice_of(S.ch + 4, S.ch_len - 4), &S.hello));
}

/*
 * The client's last flight: count its CCS records, open its protected records with the client
 * handshake traffic keys (RFC 8446 7.3, derived here from the test's own secret) and return the
 * handshake messages they hold, in `out` (a growable writer the caller frees).
 */
static size_t client_flight(pt_writer *out)
{
    pt_writer w;
    size_t n = 0, ccs = 0;
    const pt_suite *suite = S.c->suite;
    uint8_t key[PT_AEAD_KEY_MAX], iv[PT_AEAD_NONCE_LEN];
    pt_protect p;

    pt_protect_init(&p);
    ck_assert_pt_ok(pt_tls13_traffic_keys(suite->hash, S.c_hs, key, suite->aead->key_len, iv, sizeof(iv)));
    ck_assert_pt_ok(pt_protect_init_tls13(&p, suite->aead, key, iv));
    pt_writer_init_growable(&w, 1024, 1 << 20);
    pt_writer_init_growable(out, 1024, 1 << 20);
    ck_assert_int_eq(rustls_connection_write_tls(S.c, collect, &w, &n), 0);
    ck_assert_pt_ok(pt_w_finish(&w));
    for (size_t off = 0; off + 5 <= w.off;) {
        size_t len = (size_t)w.base[off + 3] << 8 | w.base[off + 4];
        if (w.base[off] == 20) {
            ccs++;
        } else {
            /* RFC 8446 5.2: protected records look like application_data. */
            ck_assert_uint_eq(w.base[off], 23);
            pt_record rec = {23, 0x0303, w.base + off, w.base + off + 5, len};
            ck_assert_pt_ok(pt_protect_open(&p, &rec));
            ck_assert_uint_eq(rec.type, 22);
            pt_w_bytes(out, rec.payload, rec.len);
        }
        off += 5 + len;
    }
    pt_protect_cleanup(&p);
    pt_writer_free(&w);
    ck_assert_pt_ok(pt_w_finish(out));
    return ccs;
}

/* Check the client's Finished at `msg` over the test's transcript, then add it. */
static void check_client_finished(const uint8_t *msg, size_t len)
{
    uint8_t th[PT_HASH_MAX], verify[PT_HASH_MAX];
    ck_assert_uint_eq(len, 4 + 32);
    ck_assert_uint_eq(msg[0], PT_HS_FINISHED);
    t_hash(th);
    /* RFC 8446 4.4.4: HMAC(finished_key(client_handshake_traffic_secret), TH). */
    ck_assert_pt_ok(pt_tls13_verify_data(tables.sha256, S.c_hs, th, verify));
    ck_assert_mem_eq(msg + 4, verify, 32);
    t_add(msg, len);
}

static const struct rustls_client_config *make_config(bool check_alpn, const struct rustls_certified_key *client_key)
{
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    const struct rustls_client_config *cfg = NULL;
    struct rustls_slice_bytes alpn[2] = {{(const uint8_t *)"h2", 2}, {(const uint8_t *)"http/1.1", 8}};
    ck_assert_int_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, verify_cb), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_set_alpn_protocols(b, alpn, 2), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_set_key_log(b, log_cb, NULL), RUSTLS_RESULT_OK);
    rustls_client_config_builder_set_check_selected_alpn(b, check_alpn);
    if (client_key != NULL) {
        ck_assert_int_eq(rustls_client_config_builder_set_certified_key(b, &client_key, 1), RUSTLS_RESULT_OK);
    }
    ck_assert_int_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

/* A config whose server verifier is the WebPKI one over tests/data/ca.pem. */
static const struct rustls_client_config *make_webpki_config(void)
{
    struct rustls_root_cert_store_builder *rb = rustls_root_cert_store_builder_new();
    const struct rustls_root_cert_store *roots = NULL;
    struct rustls_server_cert_verifier *v = NULL;
    const struct rustls_client_config *cfg = NULL;
    size_t len = 0;
    uint8_t *pem = pt_test_read_data("ca.pem", &len);
    ck_assert_int_eq(rustls_root_cert_store_builder_add_pem(rb, pem, len, true), RUSTLS_RESULT_OK);
    free(pem);
    ck_assert_int_eq(rustls_root_cert_store_builder_build(rb, &roots), RUSTLS_RESULT_OK);
    rustls_root_cert_store_builder_free(rb);
    struct rustls_web_pki_server_cert_verifier_builder *vb = rustls_web_pki_server_cert_verifier_builder_new(roots);
    ck_assert_int_eq(rustls_web_pki_server_cert_verifier_builder_build(vb, &v), RUSTLS_RESULT_OK);
    rustls_web_pki_server_cert_verifier_builder_free(vb);
    rustls_root_cert_store_free(roots);
    struct rustls_client_config_builder *b = rustls_client_config_builder_new();
    rustls_client_config_builder_set_server_verifier(b, v);
    rustls_server_cert_verifier_free(v);
    ck_assert_int_eq(rustls_client_config_builder_set_key_log(b, log_cb, NULL), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

/* A client connection over the deterministic provider, its ClientHello taken. */
static void start_with(const struct rustls_client_config *cfg, const char *name)
{
    memset(&S, 0, sizeof(S));
    for (size_t i = 0; i < sizeof(keylog) / sizeof(keylog[0]); i++) {
        keylog[i].seen = false;
    }
    random_calls = 0;
    verify_result = RUSTLS_RESULT_OK;
    verify_calls = 0;
    tables = *cfg->tables;
    tables.random = det_random;
    S.cfg = cfg;
    S.c = pt_conn_new(false, &tables);
    ck_assert_ptr_nonnull(S.c);
    S.c->client_config = pt_client_config_ref(cfg);
    ck_assert_pt_ok(pt_client_start(S.c, name, &cfg->alpn));
    take_client_hello();
    t_add(S.ch, S.ch_len);
}

static void start(void)
{
    start_with(make_config(true, NULL), "example.com");
}

static void finish(void)
{
    for (size_t i = 0; i < server_chain.n; i++) {
        free((void *)server_chain.certs[i].p);
    }
    memset(&server_chain, 0, sizeof(server_chain));
    pt_conn_free(S.c);
    rustls_client_config_free(S.cfg);
    if (S.kx != NULL) {
        S.kx->cleanup(S.kx_ctx);
    }
    pt_ks13_wipe(&S.ks);
}

/* Hand one handshake message to the client as the record layer would. */
static pt_err feed(const uint8_t *raw, size_t len)
{
    pt_hs_msg m;
    m.type = raw[0];
    m.body = pt_slice_of(raw + 4, len - 4);
    m.raw = pt_slice_of(raw, len);
    m.end_of_record = true;
    return pt_conn_dispatch(S.c, &m);
}

/* Wrap a body writer's output as a handshake message into `out` (returns its length). */
typedef void (*body_fn)(pt_writer *w, void *arg);
static size_t build(uint8_t type, body_fn fn, void *arg, uint8_t *out, size_t cap)
{
    pt_writer w;
    pt_writer_init_fixed(&w, out, cap);
    pt_wvec v = pt_hs_open(&w, type);
    fn(&w, arg);
    pt_w_close_vec(&w, v);
    ck_assert_pt_ok(pt_w_finish(&w));
    return w.off;
}

/* ---------------------------------------------------------------- ServerHello variants */

typedef struct sh_opts {
    uint16_t legacy_version;
    int supported_version; /* -1: omit */
    uint16_t suite;
    uint8_t compression;
    int key_share_group;  /* -1: omit; else the group (our share is for it when we have one) */
    bool bad_session_id;
    bool unknown_ext;
    bool downgrade_random;
    bool hrr;
    int hrr_group; /* HRR: -1 omit */
    const char *cookie;
} sh_opts;

static sh_opts sh_default(void)
{
    sh_opts o = {PT_VERSION_TLS12, PT_VERSION_TLS13, 0x1301, 0, PT_GROUP_X25519, false, false, false, false, -1, NULL};
    return o;
}

static void sh_body(pt_writer *w, void *arg)
{
    const sh_opts *o = arg;
    uint8_t ext_buf[512], random[32], sid[32];
    pt_writer e;
    pt_writer_init_fixed(&e, ext_buf, sizeof(ext_buf));
    if (o->supported_version >= 0) {
        pt_ext_supported_versions_sh_encode(&e, (uint16_t)o->supported_version);
    }
    if (o->hrr) {
        if (o->hrr_group >= 0) {
            pt_ext_key_share_hrr_encode(&e, (uint16_t)o->hrr_group);
        }
        if (o->cookie != NULL) {
            pt_ext_cookie_encode(&e, pt_slice_of(o->cookie, strlen(o->cookie)));
        }
    } else if (o->key_share_group >= 0) {
        pt_key_share ks = {(uint16_t)o->key_share_group, pt_slice_of(S.kx_pub, S.kx != NULL ? S.kx->pub_len : 32)};
        pt_ext_key_share_sh_encode(&e, &ks);
    }
    if (o->unknown_ext) {
        pt_ext_encode_raw(&e, 0x1234, pt_slice_of("x", 1));
    }
    ck_assert_pt_ok(pt_w_finish(&e));
    for (size_t i = 0; i < 32; i++) {
        random[i] = (uint8_t)(0xa0 + i);
    }
    if (o->downgrade_random) {
        pt_server_random_set_downgrade(random, PT_VERSION_TLS12);
    }
    memcpy(sid, S.hello.session_id.p, S.hello.session_id.len);
    if (o->bad_session_id) {
        sid[0] ^= 1;
    }
    pt_server_hello sh;
    memset(&sh, 0, sizeof(sh));
    sh.legacy_version = o->legacy_version;
    sh.random = pt_slice_of(random, 32);
    sh.session_id = pt_slice_of(sid, S.hello.session_id.len);
    sh.cipher_suite = o->suite;
    sh.compression_method = o->compression;
    sh.is_hrr = o->hrr;
    sh.has_extensions = true;
    pt_ext_block_init(&sh.ext);
    sh.ext.raw = pt_w_slice(&e);
    pt_server_hello_encode(w, &sh);
}

/* The server's key share for `group`, answering the client's share of that group. */
static void server_keygen(uint16_t group)
{
    S.kx = pt_provider_find_group(&tables, group);
    ck_assert_ptr_nonnull(S.kx);
    memset(S.kx_ctx, 0, sizeof(S.kx_ctx));
    ck_assert_pt_ok(S.kx->keygen(S.kx_ctx, S.kx_pub));
}

static pt_err send_sh(const sh_opts *o, bool hash)
{
    uint8_t msg[1024];
    size_t len = build(PT_HS_SERVER_HELLO, sh_body, (void *)o, msg, sizeof(msg));
    pt_err e = feed(msg, len);
    if (hash) {
        t_add(msg, len);
    }
    return e;
}

/* ServerHello accepted: run the server's key schedule and compare the client's secrets. */
static void good_server_hello(void)
{
    sh_opts o = sh_default();
    pt_slice client_share = PT_SLICE_EMPTY;
    pt_key_share_list l;
    pt_key_share_iter it;
    pt_key_share ks;
    pt_slice body;
    uint8_t shared[PT_KX_SECRET_MAX], th[PT_HASH_MAX];

    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_KEY_SHARE, &body));
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(body, &l));
    pt_key_share_iter_init(&it, &l);
    ck_assert(pt_key_share_iter_next(&it, &ks));
    client_share = ks.key_exchange;
    server_keygen(ks.group);
    o.key_share_group = ks.group;
    ck_assert_pt_ok(send_sh(&o, true));
    ck_assert_uint_eq(S.c->state, PT_C13_EXPECT_ENCRYPTED_EXTENSIONS);

    ck_assert_pt_ok(S.kx->derive(S.kx_ctx, client_share, shared));
    ck_assert_pt_ok(pt_ks13_init(&S.ks, tables.sha256, PT_SLICE_EMPTY));
    ck_assert_pt_ok(pt_ks13_to_handshake(&S.ks, pt_slice_of(shared, S.kx->secret_len)));
    t_hash(th);
    ck_assert_pt_ok(pt_ks13_handshake_traffic(&S.ks, th, S.c_hs, S.s_hs));
    ck_assert(keylog[LOG_CHS].seen && keylog[LOG_SHS].seen);
    ck_assert_uint_eq(keylog[LOG_SHS].len, 32);
    ck_assert_mem_eq(keylog[LOG_CHS].secret, S.c_hs, 32);
    ck_assert_mem_eq(keylog[LOG_SHS].secret, S.s_hs, 32);
}

/* ---------------------------------------------------------------- the rest of the flight */

static void ee_body(pt_writer *w, void *arg)
{
    const char *alpn = arg;
    uint8_t ext_buf[64];
    pt_writer e;
    pt_writer_init_fixed(&e, ext_buf, sizeof(ext_buf));
    if (alpn != NULL) {
        pt_slice p = pt_slice_of(alpn, strlen(alpn));
        pt_ext_alpn_encode(&e, &p, 1);
    }
    ck_assert_pt_ok(pt_w_finish(&e));
    pt_encrypted_extensions ee;
    pt_ext_block_init(&ee.ext);
    ee.ext.raw = pt_w_slice(&e);
    pt_encrypted_extensions_encode(w, &ee);
}

static pt_err send_ee(const char *alpn)
{
    uint8_t msg[128];
    size_t len = build(PT_HS_ENCRYPTED_EXTENSIONS, ee_body, (void *)alpn, msg, sizeof(msg));
    t_add(msg, len);
    return feed(msg, len);
}


static void add_cert(void *arg, pt_slice der)
{
    chain *ch = arg;
    ck_assert_uint_lt(ch->n, 4);
    /* The DER is only lent for the callback: keep a copy. */
    uint8_t *copy = malloc(der.len);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, der.p, der.len);
    ch->certs[ch->n++] = pt_slice_of(copy, der.len);
}

static void cert_body(pt_writer *w, void *arg)
{
    const chain *ch = arg;
    pt_certificate13_encode_chain(w, PT_SLICE_EMPTY, ch->certs, ch->n, PT_SLICE_EMPTY, PT_SLICE_EMPTY);
}

static pt_err send_certificate(bool empty)
{
    uint8_t msg[8192];
    size_t n_file = 0, count = 0;
    memset(&server_chain, 0, sizeof(server_chain));
    uint8_t *pem = pt_test_read_data("ecdsa-p256.chain.pem", &n_file);
    ck_assert_pt_ok(tables.x509->pem_certs(pt_slice_of(pem, n_file), add_cert, &server_chain, &count));
    free(pem);
    ck_assert_uint_ge(count, 2);
    chain none = {{{NULL, 0}}, 0};
    size_t len = build(PT_HS_CERTIFICATE, cert_body, empty ? &none : &server_chain, msg, sizeof(msg));
    t_add(msg, len);
    return feed(msg, len);
}

typedef struct cv_arg {
    uint16_t scheme;
    uint8_t sig[PT_SIG_MAX];
    size_t sig_len;
} cv_arg;

static void cv_body(pt_writer *w, void *arg)
{
    const cv_arg *a = arg;
    pt_certificate_verify cv = {a->scheme, pt_slice_of(a->sig, a->sig_len)};
    pt_certificate_verify_encode(w, &cv);
}

/* The server's CertificateVerify signed with the P-256 key (`scheme` on the wire, `flip` one
 * bit of the signature). */
static pt_err send_cv(uint16_t scheme, bool flip)
{
    uint8_t th[PT_HASH_MAX], content[PT_CV_CONTENT_MAX], msg[1024];
    size_t key_len = 0;
    uint8_t *pem = pt_test_read_data("ecdsa-p256.key.pk8.pem", &key_len);
    pt_signing_key *key = NULL;
    cv_arg a;
    pt_writer w;

    ck_assert_pt_ok(tables.sig->key_load(pt_slice_of(pem, key_len), &key));
    t_hash(th);
    pt_writer_init_fixed(&w, content, sizeof(content));
    pt_certificate_verify_content(&w, true, pt_slice_of(th, 32));
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_pt_ok(tables.sig->sign(key, PT_SIG_ECDSA_SECP256R1_SHA256, pt_w_slice(&w), a.sig, sizeof(a.sig),
                                     &a.sig_len));
    tables.sig->key_free(key);
    free(pem);
    a.scheme = scheme;
    if (flip) {
        a.sig[a.sig_len / 2] ^= 0x10;
    }
    size_t len = build(PT_HS_CERTIFICATE_VERIFY, cv_body, &a, msg, sizeof(msg));
    pt_err e = feed(msg, len);
    t_add(msg, len);
    return e;
}

static void fin_body(pt_writer *w, void *arg)
{
    pt_finished f = {pt_slice_of(arg, 32)};
    pt_finished_encode(w, &f);
}

static pt_err send_finished(bool flip)
{
    uint8_t th[PT_HASH_MAX], verify[PT_HASH_MAX], msg[64];
    t_hash(th);
    ck_assert_pt_ok(pt_tls13_verify_data(tables.sha256, S.s_hs, th, verify));
    if (flip) {
        verify[31] ^= 1;
    }
    size_t len = build(PT_HS_FINISHED, fin_body, verify, msg, sizeof(msg));
    t_add(msg, len);
    return feed(msg, len);
}

static void to_certificate_verify(void)
{
    start();
    good_server_hello();
    ck_assert_pt_ok(send_ee("h2"));
    ck_assert_pt_ok(send_certificate(false));
}

/* ---------------------------------------------------------------- tests: the full flight */

START_TEST(client_hello_offers_what_rustls_offers)
{
    pt_slice body, list;
    pt_u16_list l;
    start();
    /* RFC 8446 5.1: an initial ClientHello's record may say 0x0301 (rustls's choice). */
    ck_assert_uint_eq(S.ch_record_version, 0x0301);
    /* RFC 8446 4.1.2: legacy_version 0x0303, a 32-byte random, compression {0}. */
    ck_assert_uint_eq(S.hello.legacy_version, 0x0303);
    ck_assert_mem_eq(S.hello.random.p, S.c->client_random, 32);
    /* RFC 8446 D.4: a 32-byte legacy_session_id (middlebox compatibility), not the random. */
    ck_assert_uint_eq(S.hello.session_id.len, 32);
    ck_assert(memcmp(S.hello.session_id.p, S.hello.random.p, 32) != 0);
    ck_assert_uint_eq(S.hello.compression_methods.len, 1);
    ck_assert_uint_eq(S.hello.compression_methods.p[0], 0);
    /* The provider's TLS 1.3 suites, in order, and nothing else. */
    size_t k = 0;
    for (size_t i = 0; tables.suites[i] != NULL; i++) {
        if (tables.suites[i]->version == PT_VERSION_TLS13) {
            ck_assert_uint_eq(pt_u16_list_at(&S.hello.cipher_suites, k), tables.suites[i]->id);
            k++;
        }
    }
    ck_assert_uint_eq(S.hello.cipher_suites.count, k);
    /* supported_versions = {TLS 1.3}. */
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_SUPPORTED_VERSIONS, &body));
    ck_assert_pt_ok(pt_ext_supported_versions_ch_decode(body, &l));
    ck_assert_uint_eq(l.count, 1);
    ck_assert_uint_eq(pt_u16_list_at(&l, 0), 0x0304);
    /* supported_groups in provider order; one key share, for the first. */
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_SUPPORTED_GROUPS, &body));
    ck_assert_pt_ok(pt_ext_supported_groups_decode(body, &l));
    ck_assert_uint_eq(pt_u16_list_at(&l, 0), tables.groups[0]->id);
    pt_key_share_list ksl;
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_KEY_SHARE, &body));
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(body, &ksl));
    ck_assert_uint_eq(ksl.count, 1);
    /* SNI for a DNS name; psk_dhe_ke only; ALPN as configured; no cookie in a first hello. */
    bool found;
    pt_slice host;
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_SERVER_NAME, &body));
    ck_assert_pt_ok(pt_ext_server_name_decode(body, &found, &host));
    ck_assert(found);
    ck_assert_uint_eq(host.len, 11);
    ck_assert_mem_eq(host.p, "example.com", 11);
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_PSK_KEY_EXCHANGE_MODES, &body));
    ck_assert_pt_ok(pt_ext_u8_list_decode(body, &list));
    ck_assert_uint_eq(list.len, 1);
    ck_assert_uint_eq(list.p[0], PT_PSK_DHE_KE);
    pt_alpn_list al;
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_ALPN, &body));
    ck_assert_pt_ok(pt_ext_alpn_decode(body, &al));
    ck_assert_uint_eq(al.count, 2);
    ck_assert(!pt_ext_has(&S.hello.ext, PT_EXT_COOKIE));
    ck_assert(!pt_ext_has(&S.hello.ext, PT_EXT_PRE_SHARED_KEY));
    ck_assert(!pt_ext_has(&S.hello.ext, PT_EXT_EARLY_DATA));
    ck_assert_uint_eq(S.ccs_seen, 0);
    finish();
}
END_TEST

START_TEST(no_sni_for_an_ip_address)
{
    start_with(make_config(true, NULL), "192.0.2.1");
    ck_assert(!pt_ext_has(&S.hello.ext, PT_EXT_SERVER_NAME));
    finish();
}
END_TEST

START_TEST(full_handshake_against_scripted_server)
{
    uint8_t th[PT_HASH_MAX], c_ap[PT_HASH_MAX], s_ap[PT_HASH_MAX], exp[PT_HASH_MAX];
    to_certificate_verify();
    ck_assert_uint_eq(S.c->alpn_len, 2);
    ck_assert_mem_eq(S.c->alpn, "h2", 2);
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    ck_assert_uint_eq(verify_calls, 1);
    ck_assert_str_eq(verify_name, "example.com");
    ck_assert_uint_eq(verify_intermediates, server_chain.n - 1);
    ck_assert_pt_ok(send_finished(false));

    /* The server's side of RFC 8446 7.1 over ClientHello...server Finished. */
    t_hash(th);
    ck_assert_pt_ok(pt_ks13_to_master(&S.ks));
    ck_assert_pt_ok(pt_ks13_app_traffic(&S.ks, th, c_ap, s_ap));
    ck_assert_pt_ok(pt_ks13_exporter_master(&S.ks, th, exp));
    ck_assert(keylog[LOG_CAP].seen && keylog[LOG_SAP].seen && keylog[LOG_EXP].seen);
    ck_assert_mem_eq(keylog[LOG_CAP].secret, c_ap, 32);
    ck_assert_mem_eq(keylog[LOG_SAP].secret, s_ap, 32);
    ck_assert_mem_eq(keylog[LOG_EXP].secret, exp, 32);

    ck_assert(!S.c->handshaking);
    ck_assert_ptr_null(S.c->hs);
    ck_assert_uint_eq(S.c->version, 0x0304);
    ck_assert_uint_eq(S.c->suite->id, 0x1301);
    ck_assert_uint_eq(S.c->group->id, tables.groups[0]->id);
    ck_assert_int_eq(S.c->kind, RUSTLS_HANDSHAKE_KIND_FULL);
    ck_assert_uint_eq(S.c->n_peer_certs, server_chain.n);
    ck_assert_mem_eq(S.c->peer_certs[0].der.p, server_chain.certs[0].p, server_chain.certs[0].len);
    /* RFC 8446 D.4: one CCS (sent with the ServerHello's answer), then the protected Finished. */
    pt_writer fl;
    ck_assert_uint_eq(client_flight(&fl), 1);
    check_client_finished(fl.base, fl.off);
    pt_writer_free(&fl);
    finish();
}
END_TEST

/* ---------------------------------------------------------------- tests: ServerHello refusals */

static void refuse_sh(sh_opts o, pt_err expected)
{
    start();
    server_keygen(PT_GROUP_X25519);
    ck_assert_pt_err(send_sh(&o, false), expected);
    finish();
}

START_TEST(refuses_tls12_server_hello)
{
    /* We offered only TLS 1.3 (rustls: protocol_version, ServerTlsVersionIsDisabledByOurConfig). */
    sh_opts o = sh_default();
    o.supported_version = PT_VERSION_TLS12;
    refuse_sh(o, PT_ERR(PROTOCOL_VERSION, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    o.supported_version = -1;
    o.key_share_group = -1;
    o.downgrade_random = true;
    refuse_sh(o, PT_ERR(PROTOCOL_VERSION, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    o.legacy_version = PT_VERSION_TLS11;
    refuse_sh(o, PT_ERR(PROTOCOL_VERSION, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
}
END_TEST

START_TEST(refuses_session_id_mismatch)
{
    sh_opts o = sh_default();
    o.bad_session_id = true;
    refuse_sh(o, ERR_MISBEHAVED(ILLEGAL_PARAMETER));
}
END_TEST

/* A config whose provider enables only TLS13_CHACHA20_POLY1305_SHA256 (rustls-ffi's
 * provider builder with a suite subset). */
static const struct rustls_client_config *make_chacha_only_config(void)
{
    struct rustls_crypto_provider_builder *pb = NULL;
    const struct rustls_crypto_provider *provider = NULL;
    const struct rustls_supported_ciphersuite *chacha = NULL;
    for (size_t i = 0; i < rustls_default_crypto_provider_ciphersuites_len(); i++) {
        const struct rustls_supported_ciphersuite *cs = rustls_default_crypto_provider_ciphersuites_get(i);
        if (rustls_supported_ciphersuite_get_suite(cs) == 0x1303) {
            chacha = cs;
        }
    }
    ck_assert_ptr_nonnull(chacha);
    ck_assert_int_eq(rustls_crypto_provider_builder_new_from_default(&pb), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_crypto_provider_builder_set_cipher_suites(pb, &chacha, 1), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_crypto_provider_builder_build(pb, &provider), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(pb);
    struct rustls_client_config_builder *b = NULL;
    static const uint16_t versions[] = {0x0304};
    const struct rustls_client_config *cfg = NULL;
    ck_assert_int_eq(rustls_client_config_builder_new_custom(provider, versions, 1, &b), RUSTLS_RESULT_OK);
    rustls_crypto_provider_free(provider);
    ck_assert_int_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, verify_cb), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

START_TEST(offers_and_accepts_only_the_providers_suites)
{
    start_with(make_chacha_only_config(), "example.com");
    ck_assert_uint_eq(S.hello.cipher_suites.count, 1);
    ck_assert_uint_eq(pt_u16_list_at(&S.hello.cipher_suites, 0), 0x1303);
    /* TLS13_AES_128_GCM_SHA256 is in the tables but was not offered (rustls:
     * handshake_failure, SelectedUnofferedCipherSuite). */
    sh_opts o = sh_default();
    server_keygen(PT_GROUP_X25519);
    ck_assert_pt_err(send_sh(&o, false), ERR_MISBEHAVED(HANDSHAKE_FAILURE));
    finish();
}
END_TEST

START_TEST(refuses_unoffered_suite)
{
    sh_opts o = sh_default();
    o.suite = 0x1304; /* TLS_AES_128_CCM_SHA256: not in the provider */
    refuse_sh(o, ERR_MISBEHAVED(HANDSHAKE_FAILURE));
    o.suite = 0xc02b; /* a TLS 1.2 suite with TLS 1.3 */
    refuse_sh(o, ERR_MISBEHAVED(ILLEGAL_PARAMETER));
}
END_TEST

START_TEST(refuses_unoffered_group_and_missing_share)
{
    sh_opts o = sh_default();
    o.key_share_group = PT_GROUP_SECP256R1; /* supported, but no share was sent for it */
    refuse_sh(o, ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    o.key_share_group = -1;
    refuse_sh(o, ERR_MISBEHAVED(MISSING_EXTENSION));
}
END_TEST

START_TEST(refuses_compression_and_unsolicited_extension)
{
    sh_opts o = sh_default();
    o.compression = 1;
    refuse_sh(o, ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    o = sh_default();
    o.unknown_ext = true;
    refuse_sh(o, ERR_MISBEHAVED(UNSUPPORTED_EXTENSION));
}
END_TEST

START_TEST(refuses_other_handshake_message_first)
{
    start();
    ck_assert_pt_err(send_ee(NULL), PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE));
    finish();
}
END_TEST

/* ---------------------------------------------------------------- tests: HelloRetryRequest */

static sh_opts hrr_opts(int group, const char *cookie)
{
    sh_opts o = sh_default();
    o.hrr = true;
    o.hrr_group = group;
    o.cookie = cookie;
    return o;
}

START_TEST(hello_retry_request_for_another_group)
{
    sh_opts o = hrr_opts(PT_GROUP_SECP256R1, "cookie!");
    uint8_t ch1_random[32], ch1_sid[32], hrr[256], hash1[32];
    pt_slice body, cookie;
    start();
    memcpy(ch1_random, S.hello.random.p, 32);
    memcpy(ch1_sid, S.hello.session_id.p, 32);
    size_t len = build(PT_HS_SERVER_HELLO, sh_body, &o, hrr, sizeof(hrr));
    ck_assert_pt_ok(feed(hrr, len));
    ck_assert_uint_eq(S.c->state, PT_C13_EXPECT_SERVER_HELLO);
    /* RFC 8446 4.4.1: message_hash(ClientHello1) || HRR || ClientHello2 ... */
    pt_hash_digest(tables.sha256, S.ch, S.ch_len, hash1);
    S.t_len = 0;
    uint8_t mh[4] = {PT_HS_MESSAGE_HASH, 0, 0, 32};
    t_add(mh, 4);
    t_add(hash1, 32);
    t_add(hrr, len);
    take_client_hello();
    t_add(S.ch, S.ch_len);
    /* RFC 8446 5.1: "MUST be set to 0x0303" for a ClientHello after an HRR. */
    ck_assert_uint_eq(S.ch_record_version, 0x0303);
    /* RFC 8446 D.4: one CCS, before the second ClientHello. */
    ck_assert_uint_eq(S.ccs_seen, 1);
    /* RFC 8446 4.1.2: the same random and session id, the cookie echoed, a share for P-256. */
    ck_assert_mem_eq(S.hello.random.p, ch1_random, 32);
    ck_assert_mem_eq(S.hello.session_id.p, ch1_sid, 32);
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_COOKIE, &body));
    ck_assert_pt_ok(pt_ext_cookie_decode(body, &cookie));
    ck_assert_uint_eq(cookie.len, 7);
    ck_assert_mem_eq(cookie.p, "cookie!", 7);
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_KEY_SHARE, &body));
    pt_key_share_list ksl;
    pt_key_share_iter it;
    pt_key_share ks;
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(body, &ksl));
    ck_assert_uint_eq(ksl.count, 1);
    pt_key_share_iter_init(&it, &ksl);
    ck_assert(pt_key_share_iter_next(&it, &ks));
    ck_assert_uint_eq(ks.group, PT_GROUP_SECP256R1);

    /* A second HRR is unexpected_message (RFC 8446 4.1.4). */
    o = hrr_opts(PT_GROUP_SECP384R1, NULL);
    ck_assert_pt_err(send_sh(&o, false), PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE));
    finish();
}
END_TEST

START_TEST(hello_retry_request_then_full_handshake)
{
    sh_opts o = hrr_opts(PT_GROUP_SECP384R1, NULL);
    uint8_t hrr[256], hash1[32];
    start();
    size_t len = build(PT_HS_SERVER_HELLO, sh_body, &o, hrr, sizeof(hrr));
    ck_assert_pt_ok(feed(hrr, len));
    pt_hash_digest(tables.sha256, S.ch, S.ch_len, hash1);
    S.t_len = 0;
    uint8_t mh[4] = {PT_HS_MESSAGE_HASH, 0, 0, 32};
    t_add(mh, 4);
    t_add(hash1, 32);
    t_add(hrr, len);
    take_client_hello();
    t_add(S.ch, S.ch_len);
    good_server_hello();
    ck_assert_uint_eq(S.c->group->id, PT_GROUP_SECP384R1);
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    ck_assert_pt_ok(send_finished(false));
    ck_assert(!S.c->handshaking);
    ck_assert_int_eq(S.c->kind, RUSTLS_HANDSHAKE_KIND_FULL_WITH_HELLO_RETRY_REQUEST);
    ck_assert_uint_eq(S.c->alpn_len, 0);
    /* The CCS went out before the second ClientHello: none again (rustls sends it once). */
    pt_writer fl;
    ck_assert_uint_eq(client_flight(&fl), 0);
    check_client_finished(fl.base, fl.off);
    pt_writer_free(&fl);
    finish();
}
END_TEST

START_TEST(refuses_useless_hello_retry_requests)
{
    sh_opts o = hrr_opts(-1, NULL); /* asks for nothing */
    start();
    ck_assert_pt_err(send_sh(&o, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
    o = hrr_opts(PT_GROUP_X25519, NULL); /* the group we sent a share for */
    start();
    ck_assert_pt_err(send_sh(&o, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
    o = hrr_opts(PT_GROUP_SECP256R1, NULL);
    o.bad_session_id = true;
    start();
    ck_assert_pt_err(send_sh(&o, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
    o = hrr_opts(PT_GROUP_SECP256R1, NULL);
    o.suite = 0x1304;
    start();
    ck_assert_pt_err(send_sh(&o, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
    o = hrr_opts(PT_GROUP_SECP256R1, NULL);
    o.supported_version = PT_VERSION_TLS12;
    start();
    ck_assert_pt_err(send_sh(&o, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
}
END_TEST

START_TEST(hello_retry_request_with_cookie_keeps_the_share)
{
    /* A cookie alone is a change (RFC 8446 4.1.4): the same group may be asked for again, and
     * the second ClientHello repeats the first key share (rustls reuses it). */
    sh_opts o = hrr_opts(PT_GROUP_X25519, "c");
    pt_slice body1, body2;
    uint8_t ks1[256];
    size_t ks1_len;
    start();
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_KEY_SHARE, &body1));
    ks1_len = body1.len;
    memcpy(ks1, body1.p, ks1_len);
    ck_assert_pt_ok(send_sh(&o, false));
    take_client_hello();
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_KEY_SHARE, &body2));
    ck_assert_uint_eq(body2.len, ks1_len);
    ck_assert_mem_eq(body2.p, ks1, ks1_len);
    ck_assert(pt_ext_has(&S.hello.ext, PT_EXT_COOKIE));
    finish();
}
END_TEST

START_TEST(refuses_unsolicited_encrypted_extension)
{
    /* RFC 8446 4.2: a response to an extension we did not send (rustls: unsupported_extension,
     * UnsolicitedEncryptedExtension); here one of a type patina does not know. */
    static const uint8_t ee[] = {PT_HS_ENCRYPTED_EXTENSIONS, 0, 0, 6, 0, 4, 0x12, 0x34, 0, 0};
    start();
    good_server_hello();
    ck_assert_pt_err(feed(ee, sizeof(ee)), ERR_MISBEHAVED(UNSUPPORTED_EXTENSION));
    finish();
}
END_TEST

START_TEST(refuses_changed_suite_after_hrr)
{
    sh_opts o = hrr_opts(PT_GROUP_SECP256R1, NULL);
    start();
    ck_assert_pt_ok(send_sh(&o, false));
    take_client_hello();
    server_keygen(PT_GROUP_SECP256R1);
    o = sh_default();
    o.key_share_group = PT_GROUP_SECP256R1;
    o.suite = 0x1302;
    ck_assert_pt_err(send_sh(&o, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
}
END_TEST

/* ---------------------------------------------------------------- tests: later refusals */

START_TEST(refuses_unoffered_alpn)
{
    start();
    good_server_hello();
    ck_assert_pt_err(send_ee("spdy/1"), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
    /* check_selected_alpn off: accepted (rustls's ClientConfig::check_selected_alpn). */
    start_with(make_config(false, NULL), "example.com");
    good_server_hello();
    ck_assert_pt_ok(send_ee("spdy/1"));
    ck_assert_uint_eq(S.c->alpn_len, 6);
    finish();
}
END_TEST

START_TEST(refuses_empty_server_chain)
{
    start();
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_certificate(true));
    /* rustls: NoCertificatesPresented, returned without an alert. */
    ck_assert_pt_err(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false),
                     PT_ERR_NOALERT(RUSTLS_RESULT_NO_CERTIFICATES_PRESENTED));
    finish();
}
END_TEST

START_TEST(refuses_bad_certificate_verify)
{
    to_certificate_verify();
    /* RSASSA-PKCS1-v1_5 is not allowed in TLS 1.3 (RFC 8446 4.2.3). */
    ck_assert_pt_err(send_cv(PT_SIG_RSA_PKCS1_SHA256, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    finish();
    to_certificate_verify();
    ck_assert_pt_err(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, true),
                     PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_CERT_BAD_SIGNATURE));
    finish();
}
END_TEST

START_TEST(custom_verifier_refusal_becomes_the_error)
{
    to_certificate_verify();
    verify_result = RUSTLS_RESULT_CERT_EXPIRED;
    ck_assert_pt_err(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false),
                     PT_ERR(CERTIFICATE_EXPIRED, RUSTLS_RESULT_CERT_EXPIRED));
    finish();
    to_certificate_verify();
    verify_result = RUSTLS_RESULT_CERT_UNKNOWN_ISSUER;
    ck_assert_pt_err(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false),
                     PT_ERR(UNKNOWN_CA, RUSTLS_RESULT_CERT_UNKNOWN_ISSUER));
    finish();
    /* Not a certificate error: rustls-ffi makes it General, rustls sends handshake_failure. */
    to_certificate_verify();
    verify_result = RUSTLS_RESULT_IO;
    ck_assert_pt_err(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false),
                     PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_GENERAL));
    finish();
}
END_TEST

START_TEST(webpki_verifier_checks_chain_and_name)
{
    /* tests/data: the ECDSA P-256 leaf is valid for localhost, testserver.com and 127.0.0.1. */
    start_with(make_webpki_config(), "localhost");
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    ck_assert_pt_ok(send_finished(false));
    ck_assert(!S.c->handshaking);
    finish();
    start_with(make_webpki_config(), "127.0.0.1");
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    finish();
    /* rustls: NotValidForName is bad_certificate (RFC 8446 6.2). */
    start_with(make_webpki_config(), "example.com");
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_err(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false),
                     PT_ERR(BAD_CERTIFICATE, RUSTLS_RESULT_CERT_NOT_VALID_FOR_NAME));
    finish();
}
END_TEST

/* A config over a provider that verifies only `schemes` (patina_crypto_provider_builder_set_verify_schemes). */
static const struct rustls_client_config *make_narrow_config(const uint16_t *schemes, size_t n)
{
    struct rustls_crypto_provider_builder *pb = NULL;
    const struct rustls_crypto_provider *p = NULL;
    struct rustls_client_config_builder *b = NULL;
    const struct rustls_client_config *cfg = NULL;
    static const uint16_t tls13[] = {0x0304};
    ck_assert_int_eq(rustls_crypto_provider_builder_new_from_default(&pb), RUSTLS_RESULT_OK);
    ck_assert_int_eq(patina_crypto_provider_builder_set_verify_schemes(pb, schemes, n), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_crypto_provider_builder_build(pb, &p), RUSTLS_RESULT_OK);
    rustls_crypto_provider_builder_free(pb);
    ck_assert_int_eq(rustls_client_config_builder_new_custom(p, tls13, 1, &b), RUSTLS_RESULT_OK);
    rustls_crypto_provider_free(p);
    ck_assert_int_eq(rustls_client_config_builder_dangerous_set_certificate_verifier(b, verify_cb), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_set_key_log(b, log_cb, NULL), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_client_config_builder_build(b, &cfg), RUSTLS_RESULT_OK);
    return cfg;
}

/*
 * RFC 8446 4.4.3: the CertificateVerify scheme must be one the client offered; with the verify
 * schemes narrowed, ecdsa_secp256r1_sha256 (valid, and in the default list) is refused as
 * rustls refuses an unadvertised scheme: illegal_parameter, PEER_MISBEHAVED_ERROR.
 */
START_TEST(verify_schemes_narrow_the_offer_and_the_accepted_signature)
{
    static const uint16_t no_p256[] = {PT_SIG_RSA_PSS_RSAE_SHA256, PT_SIG_ED25519};
    static const uint16_t with_p256[] = {PT_SIG_ED25519, PT_SIG_ECDSA_SECP256R1_SHA256};
    pt_slice body;
    pt_u16_list offered;
    start_with(make_narrow_config(no_p256, 2), "example.com");
    ck_assert(pt_ext_get(&S.hello.ext, PT_EXT_SIGNATURE_ALGORITHMS, &body));
    ck_assert_pt_ok(pt_ext_signature_algorithms_decode(body, &offered));
    ck_assert_uint_eq(offered.count, 2);
    ck_assert_uint_eq(pt_u16_list_at(&offered, 0), PT_SIG_RSA_PSS_RSAE_SHA256);
    ck_assert_uint_eq(pt_u16_list_at(&offered, 1), PT_SIG_ED25519);
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_err(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false), ERR_MISBEHAVED(ILLEGAL_PARAMETER));
    ck_assert_uint_eq(S.c->peer_sig_scheme, 0);
    finish();
    /* The same signature is accepted, and its scheme recorded, when the list has it. */
    start_with(make_narrow_config(with_p256, 2), "example.com");
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    ck_assert_uint_eq(S.c->peer_sig_scheme, PT_SIG_ECDSA_SECP256R1_SHA256);
    finish();
}
END_TEST

START_TEST(refuses_bad_finished)
{
    to_certificate_verify();
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    ck_assert_pt_err(send_finished(true), PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_DECRYPT_ERROR));
    ck_assert(S.c->handshaking);
    finish();
}
END_TEST

/* ---------------------------------------------------------------- tests: CertificateRequest */

static void cr_body(pt_writer *w, void *arg)
{
    const uint16_t *schemes = arg;
    uint8_t ext_buf[64];
    pt_writer e;
    pt_writer_init_fixed(&e, ext_buf, sizeof(ext_buf));
    pt_ext_signature_algorithms_encode(&e, PT_EXT_SIGNATURE_ALGORITHMS, schemes + 1, schemes[0]);
    ck_assert_pt_ok(pt_w_finish(&e));
    pt_certificate_request13 cr = {PT_SLICE_EMPTY, pt_w_slice(&e)};
    pt_certificate_request13_encode(w, &cr);
}

static pt_err send_cr(const uint16_t *schemes)
{
    uint8_t msg[128];
    size_t len = build(PT_HS_CERTIFICATE_REQUEST, cr_body, (void *)schemes, msg, sizeof(msg));
    t_add(msg, len);
    return feed(msg, len);
}

START_TEST(certificate_request_without_keys_sends_empty_certificate)
{
    static const uint16_t schemes[] = {2, PT_SIG_ECDSA_SECP256R1_SHA256, PT_SIG_RSA_PSS_RSAE_SHA256};
    start();
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_cr(schemes));
    ck_assert_uint_eq(S.c->state, PT_C13_EXPECT_CERTIFICATE);
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    ck_assert_pt_ok(send_finished(false));
    ck_assert(!S.c->handshaking);
    /* RFC 8446 4.4.2: an empty Certificate (empty context, no entries), then Finished. */
    pt_writer fl;
    ck_assert_uint_eq(client_flight(&fl), 1);
    static const uint8_t empty_cert[] = {PT_HS_CERTIFICATE, 0, 0, 4, 0, 0, 0, 0};
    ck_assert_uint_ge(fl.off, sizeof(empty_cert));
    ck_assert_mem_eq(fl.base, empty_cert, sizeof(empty_cert));
    t_add(fl.base, sizeof(empty_cert));
    check_client_finished(fl.base + sizeof(empty_cert), fl.off - sizeof(empty_cert));
    pt_writer_free(&fl);
    finish();
}
END_TEST

START_TEST(certificate_request_with_key_sends_chain_and_signature)
{
    /* The server accepts PSS and P-256; the client key (tests/data/client.*) is P-256. */
    static const uint16_t schemes[] = {3, PT_SIG_RSA_PKCS1_SHA256, PT_SIG_RSA_PSS_RSAE_SHA256,
                                       PT_SIG_ECDSA_SECP256R1_SHA256};
    size_t chain_len = 0, key_len = 0;
    uint8_t *chain_pem = pt_test_read_data("client.chain.pem", &chain_len);
    uint8_t *key_pem = pt_test_read_data("client.key.pk8.pem", &key_len);
    const struct rustls_certified_key *ck = NULL;
    ck_assert_int_eq(rustls_certified_key_build(chain_pem, chain_len, key_pem, key_len, &ck), RUSTLS_RESULT_OK);
    free(chain_pem);
    free(key_pem);
    start_with(make_config(true, ck), "example.com");
    rustls_certified_key_free(ck);
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_ok(send_cr(schemes));
    ck_assert_pt_ok(send_certificate(false));
    ck_assert_pt_ok(send_cv(PT_SIG_ECDSA_SECP256R1_SHA256, false));
    ck_assert_pt_ok(send_finished(false));
    ck_assert(!S.c->handshaking);

    pt_writer fl;
    ck_assert_uint_eq(client_flight(&fl), 1);
    pt_reader r = pt_reader_init(fl.base, fl.off);
    pt_slice hdr, body;
    uint32_t len;
    /* Certificate: the configured chain, leaf first. */
    ck_assert_pt_ok(pt_r_bytes(&r, 1, &hdr));
    ck_assert_uint_eq(hdr.p[0], PT_HS_CERTIFICATE);
    ck_assert_pt_ok(pt_r_u24(&r, &len));
    ck_assert_pt_ok(pt_r_bytes(&r, len, &body));
    pt_certificate13 cm;
    pt_cert_iter it;
    pt_cert_entry e;
    ck_assert_pt_ok(pt_certificate13_decode(body, &cm));
    ck_assert_uint_eq(cm.context.len, 0);
    ck_assert_uint_ge(cm.count, 1);
    pt_cert_iter_init13(&it, &cm);
    ck_assert(pt_cert_iter_next(&it, &e));
    pt_slice leaf = e.cert;
    t_add(hdr.p, 4 + len);
    /* CertificateVerify: ECDSA P-256 over the RFC 8446 4.4.3 client content. */
    uint8_t th[PT_HASH_MAX], content[PT_CV_CONTENT_MAX];
    t_hash(th);
    ck_assert_pt_ok(pt_r_bytes(&r, 1, &hdr));
    ck_assert_uint_eq(hdr.p[0], PT_HS_CERTIFICATE_VERIFY);
    ck_assert_pt_ok(pt_r_u24(&r, &len));
    ck_assert_pt_ok(pt_r_bytes(&r, len, &body));
    pt_certificate_verify cv;
    ck_assert_pt_ok(pt_certificate_verify_decode(body, &cv));
    ck_assert_uint_eq(cv.scheme, PT_SIG_ECDSA_SECP256R1_SHA256);
    pt_writer cw;
    pt_writer_init_fixed(&cw, content, sizeof(content));
    pt_certificate_verify_content(&cw, false, pt_slice_of(th, 32));
    ck_assert_pt_ok(pt_w_finish(&cw));
    pt_slice spki;
    pt_pubkey *pub = NULL;
    ck_assert_pt_ok(tables.x509->cert_spki(leaf, &spki));
    ck_assert_pt_ok(tables.sig->pubkey_from_spki(spki, &pub));
    ck_assert_pt_ok(tables.sig->verify(pub, cv.scheme, pt_w_slice(&cw), cv.signature));
    tables.sig->pubkey_free(pub);
    t_add(hdr.p, 4 + len);
    /* Finished over everything before it. */
    check_client_finished(fl.base + (fl.off - pt_r_left(&r)), pt_r_left(&r));
    pt_writer_free(&fl);
    finish();
}
END_TEST

START_TEST(refuses_certificate_request_without_tls13_schemes)
{
    static const uint16_t schemes[] = {1, PT_SIG_RSA_PKCS1_SHA256};
    start();
    good_server_hello();
    ck_assert_pt_ok(send_ee(NULL));
    ck_assert_pt_err(send_cr(schemes), PT_ERR(HANDSHAKE_FAILURE, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    finish();
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *client13_suite(void)
{
    Suite *s = suite_create("client13");
    TCase *tc = tcase_create("hello");
    tcase_add_test(tc, client_hello_offers_what_rustls_offers);
    tcase_add_test(tc, no_sni_for_an_ip_address);
    suite_add_tcase(s, tc);
    tc = tcase_create("handshake");
    tcase_add_test(tc, full_handshake_against_scripted_server);
    tcase_add_test(tc, hello_retry_request_for_another_group);
    tcase_add_test(tc, hello_retry_request_then_full_handshake);
    tcase_add_test(tc, certificate_request_without_keys_sends_empty_certificate);
    tcase_add_test(tc, certificate_request_with_key_sends_chain_and_signature);
    suite_add_tcase(s, tc);
    tc = tcase_create("refusals");
    tcase_add_test(tc, refuses_tls12_server_hello);
    tcase_add_test(tc, refuses_session_id_mismatch);
    tcase_add_test(tc, refuses_unoffered_suite);
    tcase_add_test(tc, offers_and_accepts_only_the_providers_suites);
    tcase_add_test(tc, refuses_unoffered_group_and_missing_share);
    tcase_add_test(tc, refuses_compression_and_unsolicited_extension);
    tcase_add_test(tc, refuses_other_handshake_message_first);
    tcase_add_test(tc, refuses_useless_hello_retry_requests);
    tcase_add_test(tc, refuses_changed_suite_after_hrr);
    tcase_add_test(tc, hello_retry_request_with_cookie_keeps_the_share);
    tcase_add_test(tc, refuses_unsolicited_encrypted_extension);
    tcase_add_test(tc, refuses_unoffered_alpn);
    tcase_add_test(tc, refuses_empty_server_chain);
    tcase_add_test(tc, refuses_bad_certificate_verify);
    tcase_add_test(tc, verify_schemes_narrow_the_offer_and_the_accepted_signature);
    tcase_add_test(tc, custom_verifier_refusal_becomes_the_error);
    tcase_add_test(tc, webpki_verifier_checks_chain_and_name);
    tcase_add_test(tc, refuses_bad_finished);
    tcase_add_test(tc, refuses_certificate_request_without_tls13_schemes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(client13_suite());
}
