/*
 * harness.c - in-memory client<->server connections for tests/handshake (see harness.h).
 *
 * The connections are driven only through rustls.h, the way rustls-ffi's client.c and curl's
 * rustls backend drive theirs; internal headers are used only to open recorded traffic with the
 * logged secrets (record/protect.h, keys/tls13_schedule.h), never to reach into a connection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/crypto_provider.h"
#include "handshake/harness.h"
#include "keys/tls13_schedule.h"
#include "provider/provider.h"
#include "record/protect.h"
#include "testlib/pttest.h"

/*
 * Check's passing ck_assert_* record their location with a write(2) each; in the per-byte loops
 * below that is millions of system calls, so hot paths only abort on failure.
 */
#define HS_REQUIRE(cond, ...)                                                                                          \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            ck_abort_msg(__VA_ARGS__);                                                                                 \
        }                                                                                                              \
    } while (0)

/* ---------------------------------------------------------------- bytes */

void hs_bytes_put(hs_bytes *b, const uint8_t *p, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        while (cap < b->len + len) {
            cap *= 2;
        }
        uint8_t *np = realloc(b->p, cap);
        HS_REQUIRE(np != NULL, "out of memory");
        b->p = np;
        b->cap = cap;
    }
    if (len > 0) {
        memcpy(b->p + b->len, p, len);
    }
    b->len += len;
}

void hs_bytes_free(hs_bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

void hs_fill(uint8_t *buf, size_t len, uint32_t seed)
{
    /* xorshift32: cheap, and every offset gets a different byte within a long run. */
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
}

static const char *const key_names[HS_KEY_COUNT] = {"rsa2048", "ecdsa-p256", "ecdsa-p384", "ed25519"};

const char *hs_key_name(hs_key k)
{
    return key_names[k];
}

static uint8_t *read_named(const char *stem, const char *suffix, size_t *len)
{
    char name[128];
    snprintf(name, sizeof(name), "%s%s", stem, suffix);
    return pt_test_read_data(name, len);
}

/* Decode the first PEM CERTIFICATE block of a file (base64 by hand: tests use no library). */
uint8_t *hs_leaf_der(const char *stem, size_t *len)
{
    size_t pem_len;
    char *pem = (char *)read_named(stem, ".chain.pem", &pem_len);
    const char *begin = strstr(pem, "-----BEGIN CERTIFICATE-----");
    ck_assert_ptr_nonnull(begin);
    begin = strchr(begin, '\n') + 1;
    const char *end = strstr(begin, "-----END CERTIFICATE-----");
    ck_assert_ptr_nonnull(end);
    uint8_t *der = malloc((size_t)(end - begin));
    ck_assert_ptr_nonnull(der);
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (const char *c = begin; c < end; c++) {
        int v;
        if (*c >= 'A' && *c <= 'Z') {
            v = *c - 'A';
        } else if (*c >= 'a' && *c <= 'z') {
            v = *c - 'a' + 26;
        } else if (*c >= '0' && *c <= '9') {
            v = *c - '0' + 52;
        } else if (*c == '+') {
            v = 62;
        } else if (*c == '/') {
            v = 63;
        } else {
            continue; /* newlines and '=' padding */
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            der[n++] = (uint8_t)(acc >> bits);
        }
    }
    free(pem);
    *len = n;
    return der;
}

/* ---------------------------------------------------------------- key log */

#define HS_KEYLOG_MAX 64

static struct {
    char label[48];
    uint8_t random[32];
    uint8_t secret[PT_HASH_MAX];
    size_t len;
} g_keylog[HS_KEYLOG_MAX];
static size_t g_keylog_n;

void hs_keylog_reset(void)
{
    memset(g_keylog, 0, sizeof(g_keylog));
    g_keylog_n = 0;
}

static void keylog_cb(struct rustls_str label, const uint8_t *client_random, size_t client_random_len,
                      const uint8_t *secret, size_t secret_len)
{
    ck_assert_uint_eq(client_random_len, 32);
    ck_assert_uint_le(secret_len, PT_HASH_MAX);
    ck_assert_uint_lt(label.len, sizeof(g_keylog[0].label));
    ck_assert_uint_lt(g_keylog_n, HS_KEYLOG_MAX);
    memcpy(g_keylog[g_keylog_n].label, label.data, label.len);
    g_keylog[g_keylog_n].label[label.len] = '\0';
    memcpy(g_keylog[g_keylog_n].random, client_random, 32);
    memcpy(g_keylog[g_keylog_n].secret, secret, secret_len);
    g_keylog[g_keylog_n].len = secret_len;
    g_keylog_n++;
}

bool hs_keylog_find(const char *label, const uint8_t random[32], uint8_t *secret, size_t *len)
{
    /* Client and server both log each secret: the two copies must agree. */
    bool found = false;
    for (size_t i = 0; i < g_keylog_n; i++) {
        if (strcmp(g_keylog[i].label, label) == 0 && memcmp(g_keylog[i].random, random, 32) == 0) {
            if (found) {
                ck_assert_uint_eq(*len, g_keylog[i].len);
                ck_assert_mem_eq(secret, g_keylog[i].secret, *len);
            }
            memcpy(secret, g_keylog[i].secret, g_keylog[i].len);
            *len = g_keylog[i].len;
            found = true;
        }
    }
    return found;
}

/* ---------------------------------------------------------------- configs */

static const uint16_t tls13_only[] = {0x0304};

/* A provider with the requested groups and (optionally) only one suite. */
static rustls_result make_provider(uint16_t suite, const uint16_t *groups, size_t n_groups,
                                   const struct rustls_crypto_provider **out)
{
    const struct rustls_crypto_provider *base =
        groups != NULL ? pt_crypto_provider_new_with_groups(groups, n_groups) : rustls_crypto_provider_default();
    if (base == NULL) {
        return RUSTLS_RESULT_GENERAL;
    }
    if (suite == 0) {
        *out = base;
        return RUSTLS_RESULT_OK;
    }
    const struct rustls_supported_ciphersuite *chosen = NULL;
    for (size_t i = 0; i < rustls_crypto_provider_ciphersuites_len(base); i++) {
        const struct rustls_supported_ciphersuite *s = rustls_crypto_provider_ciphersuites_get(base, i);
        if (rustls_supported_ciphersuite_get_suite(s) == suite) {
            chosen = s;
        }
    }
    struct rustls_crypto_provider_builder *b = rustls_crypto_provider_builder_new_with_base(base);
    rustls_crypto_provider_free(base);
    if (chosen == NULL || b == NULL) {
        rustls_crypto_provider_builder_free(b);
        return RUSTLS_RESULT_NOT_FOUND;
    }
    rustls_result r = rustls_crypto_provider_builder_set_cipher_suites(b, &chosen, 1);
    if (r == RUSTLS_RESULT_OK) {
        r = rustls_crypto_provider_builder_build(b, out);
    }
    rustls_crypto_provider_builder_free(b);
    return r;
}

/* Borrowed slices for a NULL-terminated list of protocol names (at most 8). */
static size_t alpn_slices(const char *const *names, struct rustls_slice_bytes *out)
{
    size_t n = 0;
    for (; names != NULL && names[n] != NULL; n++) {
        ck_assert_uint_lt(n, 8);
        out[n].data = (const uint8_t *)names[n];
        out[n].len = strlen(names[n]);
    }
    return n;
}

static rustls_result build_client_config(hs_pair *pr, const hs_opts *o)
{
    const struct rustls_crypto_provider *prov = NULL;
    struct rustls_client_config_builder *b = NULL;
    struct rustls_root_cert_store_builder *rb = NULL;
    const struct rustls_root_cert_store *roots = NULL;
    struct rustls_web_pki_server_cert_verifier_builder *vb = NULL;
    struct rustls_server_cert_verifier *verifier = NULL;
    struct rustls_slice_bytes alpn[8];

    rustls_result r = make_provider(o->suite, o->client_groups, o->n_client_groups, &prov);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    r = rustls_client_config_builder_new_custom(prov, tls13_only, 1, &b);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    rb = rustls_root_cert_store_builder_new();
    r = rustls_root_cert_store_builder_load_roots_from_file(rb, pt_test_data_path(o->root ? o->root : "ca.pem"), true);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    r = rustls_root_cert_store_builder_build(rb, &roots);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    vb = rustls_web_pki_server_cert_verifier_builder_new_with_provider(prov, roots);
    r = rustls_web_pki_server_cert_verifier_builder_build(vb, &verifier);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    rustls_client_config_builder_set_server_verifier(b, verifier);
    size_t n = alpn_slices(o->client_alpn, alpn);
    if (n > 0) {
        r = rustls_client_config_builder_set_alpn_protocols(b, alpn, n);
        if (r != RUSTLS_RESULT_OK) {
            goto out;
        }
    }
    if (o->no_sni) {
        rustls_client_config_builder_set_enable_sni(b, false);
    }
    if (o->client_chain != NULL) {
        size_t chain_len, key_len;
        uint8_t *chain = read_named(o->client_chain, ".chain.pem", &chain_len);
        uint8_t *key = read_named(o->client_key != NULL ? o->client_key : o->client_chain, ".key.pk8.pem", &key_len);
        const struct rustls_certified_key *ck = NULL;
        r = rustls_certified_key_build(chain, chain_len, key, key_len, &ck);
        free(chain);
        free(key);
        if (r == RUSTLS_RESULT_OK) {
            r = rustls_client_config_builder_set_certified_key(b, &ck, 1);
        }
        rustls_certified_key_free(ck); /* the config keeps its own reference */
        if (r != RUSTLS_RESULT_OK) {
            goto out;
        }
    }
    if (o->keylog) {
        r = rustls_client_config_builder_set_key_log(b, keylog_cb, NULL);
        if (r != RUSTLS_RESULT_OK) {
            goto out;
        }
    }
    r = rustls_client_config_builder_build(b, &pr->client_config);
    b = NULL; /* build consumes the builder, even on failure (rustls-ffi) */
out:
    rustls_client_config_builder_free(b);
    rustls_server_cert_verifier_free(verifier);
    rustls_web_pki_server_cert_verifier_builder_free(vb);
    rustls_root_cert_store_free(roots);
    rustls_root_cert_store_builder_free(rb);
    rustls_crypto_provider_free(prov);
    return r;
}

static rustls_result build_server_config(hs_pair *pr, const hs_opts *o)
{
    const struct rustls_crypto_provider *prov = NULL;
    struct rustls_server_config_builder *b = NULL;
    struct rustls_slice_bytes alpn[8];
    size_t n_keys = 0;

    rustls_result r = make_provider(o->server_suite, o->server_groups, o->n_server_groups, &prov);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    r = rustls_server_config_builder_new_custom(prov, tls13_only, 1, &b);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    for (; n_keys < 4 && (n_keys == 0 || o->server_chains[n_keys] != NULL); n_keys++) {
        const char *stem = o->server_chains[n_keys] != NULL ? o->server_chains[n_keys] : "rsa2048";
        size_t chain_len, key_len;
        uint8_t *chain = read_named(stem, ".chain.pem", &chain_len);
        uint8_t *key = read_named(stem, ".key.pk8.pem", &key_len);
        r = rustls_certified_key_build(chain, chain_len, key, key_len, &pr->server_keys[n_keys]);
        free(chain);
        free(key);
        if (r != RUSTLS_RESULT_OK) {
            goto out;
        }
    }
    r = rustls_server_config_builder_set_certified_keys(b, pr->server_keys, n_keys);
    if (r != RUSTLS_RESULT_OK) {
        goto out;
    }
    size_t n = alpn_slices(o->server_alpn, alpn);
    if (n > 0) {
        r = rustls_server_config_builder_set_alpn_protocols(b, alpn, n);
        if (r != RUSTLS_RESULT_OK) {
            goto out;
        }
    }
    if (o->client_verifier != NULL) {
        rustls_server_config_builder_set_client_verifier(b, o->client_verifier);
    }
    if (o->keylog) {
        r = rustls_server_config_builder_set_key_log(b, keylog_cb, NULL);
        if (r != RUSTLS_RESULT_OK) {
            goto out;
        }
    }
    r = rustls_server_config_builder_build(b, &pr->server_config);
    b = NULL; /* consumed, as the client's */
out:
    rustls_server_config_builder_free(b);
    rustls_crypto_provider_free(prov);
    return r;
}

rustls_result hs_pair_init(hs_pair *pr, const hs_opts *o)
{
    static const hs_opts defaults;
    if (o == NULL) {
        o = &defaults;
    }
    memset(pr, 0, sizeof(*pr));
    pr->client_err = RUSTLS_RESULT_OK;
    pr->server_err = RUSTLS_RESULT_OK;
    pr->client_read_res = RUSTLS_RESULT_PLAINTEXT_EMPTY;
    pr->server_read_res = RUSTLS_RESULT_PLAINTEXT_EMPTY;
    rustls_result r = build_client_config(pr, o);
    if (r != RUSTLS_RESULT_OK) {
        return r;
    }
    r = build_server_config(pr, o);
    if (r != RUSTLS_RESULT_OK) {
        return r;
    }
    r = rustls_client_connection_new(pr->client_config, o->server_name ? o->server_name : "localhost", &pr->client);
    if (r != RUSTLS_RESULT_OK) {
        return r;
    }
    return rustls_server_connection_new(pr->server_config, &pr->server);
}

void hs_pair_free(hs_pair *pr)
{
    rustls_connection_free(pr->client);
    rustls_connection_free(pr->server);
    rustls_client_config_free(pr->client_config);
    rustls_server_config_free(pr->server_config);
    for (size_t i = 0; i < 4; i++) {
        rustls_certified_key_free(pr->server_keys[i]);
    }
    hs_bytes_free(&pr->c2s.data);
    hs_bytes_free(&pr->s2c.data);
    hs_bytes_free(&pr->c2s_log);
    hs_bytes_free(&pr->s2c_log);
    hs_bytes_free(&pr->c2s_stage);
    hs_bytes_free(&pr->s2c_stage);
    hs_bytes_free(&pr->client_plain);
    hs_bytes_free(&pr->server_plain);
    memset(pr, 0, sizeof(*pr));
}

/* ---------------------------------------------------------------- I/O callbacks and the pump */

typedef struct hs_io {
    hs_pair *pr;
    bool from_client; /* the side doing this write (or the peer of the side reading) */
} hs_io;

/* Put bytes on the wire towards the peer, through the tamper hook when there is one. */
static void deliver(hs_pair *pr, bool from_client, const uint8_t *p, size_t len)
{
    hs_pipe *pipe = from_client ? &pr->c2s : &pr->s2c;
    hs_bytes *log = from_client ? &pr->c2s_log : &pr->s2c_log;
    if (pr->tamper == NULL) {
        hs_bytes_put(&pipe->data, p, len);
        hs_bytes_put(log, p, len);
        return;
    }
    hs_bytes *stage = from_client ? &pr->c2s_stage : &pr->s2c_stage;
    size_t *count = from_client ? &pr->c2s_records : &pr->s2c_records;
    hs_bytes_put(stage, p, len);
    size_t off = 0;
    while (stage->len - off >= 5) {
        size_t rec_len = 5 + (((size_t)stage->p[off + 3] << 8) | stage->p[off + 4]);
        if (stage->len - off < rec_len) {
            break;
        }
        hs_bytes out = {0};
        pr->tamper(pr->tamper_ctx, from_client, (*count)++, stage->p + off, rec_len, &out);
        hs_bytes_put(&pipe->data, out.p, out.len);
        hs_bytes_put(log, out.p, out.len);
        hs_bytes_free(&out);
        off += rec_len;
    }
    memmove(stage->p, stage->p + off, stage->len - off);
    stage->len -= off;
}

static rustls_io_result write_cb(void *userdata, const uint8_t *buf, size_t n, size_t *out_n)
{
    hs_io *io = userdata;
    size_t k = n;
    if (io->pr->chunk != 0 && k > io->pr->chunk) {
        k = io->pr->chunk;
    }
    deliver(io->pr, io->from_client, buf, k);
    *out_n = k;
    return 0;
}

static rustls_io_result read_cb(void *userdata, uint8_t *buf, size_t n, size_t *out_n)
{
    hs_io *io = userdata;
    hs_pipe *pipe = io->from_client ? &io->pr->c2s : &io->pr->s2c;
    size_t k = hs_pipe_avail(pipe);
    if (k == 0) {
        if (pipe->eof) {
            *out_n = 0;
            return 0;
        }
        return EAGAIN;
    }
    if (k > n) {
        k = n;
    }
    if (io->pr->chunk != 0 && k > io->pr->chunk) {
        k = io->pr->chunk;
    }
    memcpy(buf, pipe->data.p + pipe->off, k);
    pipe->off += k;
    *out_n = k;
    return 0;
}

rustls_result hs_read_all(rustls_connection *conn, hs_bytes *out)
{
    uint8_t buf[4096];
    for (;;) {
        size_t n = 0;
        rustls_result r = rustls_connection_read(conn, buf, sizeof(buf), &n);
        if (r != RUSTLS_RESULT_OK || n == 0) {
            return r;
        }
        hs_bytes_put(out, buf, n);
    }
}

/* One round for one side: flush its output, feed it its input.  Returns whether anything moved. */
static bool step(hs_pair *pr, bool client)
{
    rustls_connection *conn = client ? pr->client : pr->server;
    rustls_result *err = client ? &pr->client_err : &pr->server_err;
    hs_pipe *in = client ? &pr->s2c : &pr->c2s;
    bool *eof_seen = client ? &pr->client_eof_seen : &pr->server_eof_seen;
    hs_io wio = {pr, client};
    hs_io rio = {pr, !client};
    bool progress = false;

    /* A failed connection still writes: its fatal alert is queued (rustls-ffi client.c does so). */
    while (rustls_connection_wants_write(conn)) {
        size_t n = 0;
        int rc = rustls_connection_write_tls(conn, write_cb, &wio, &n);
        HS_REQUIRE(rc == 0, "write_tls: errno %d", rc);
        if (n == 0) {
            break;
        }
        progress = true;
    }
    if (*err != RUSTLS_RESULT_OK) {
        return progress;
    }
    while (hs_pipe_avail(in) > 0 || (in->eof && !*eof_seen)) {
        size_t n = 0;
        bool had_data = hs_pipe_avail(in) > 0;
        int rc = rustls_connection_read_tls(conn, read_cb, &rio, &n);
        HS_REQUIRE(rc == 0, "read_tls: errno %d", rc);
        if (n == 0 && had_data) {
            /* After close_notify read_tls takes nothing more (rustls): the rest stays unread. */
            break;
        }
        if (n == 0) {
            *eof_seen = true;
        }
        progress = true;
        rustls_result r = rustls_connection_process_new_packets(conn);
        if (r != RUSTLS_RESULT_OK) {
            *err = r;
            break;
        }
        rustls_result rr = hs_read_all(conn, client ? &pr->client_plain : &pr->server_plain);
        if (rr != RUSTLS_RESULT_PLAINTEXT_EMPTY) {
            *(client ? &pr->client_read_res : &pr->server_read_res) = rr;
        }
        if (n == 0) {
            break;
        }
    }
    return progress;
}

void hs_pump(hs_pair *pr)
{
    for (;;) {
        bool c = step(pr, true);
        bool s = step(pr, false);
        if (!c && !s) {
            break;
        }
    }
}

void hs_handshake_ok(hs_pair *pr)
{
    hs_pump(pr);
    ck_assert_msg(pr->client_err == RUSTLS_RESULT_OK && pr->server_err == RUSTLS_RESULT_OK,
                  "handshake failed: client %u, server %u", (unsigned)pr->client_err, (unsigned)pr->server_err);
    ck_assert(!rustls_connection_is_handshaking(pr->client));
    ck_assert(!rustls_connection_is_handshaking(pr->server));
}

void hs_transfer(hs_pair *pr, bool from_client, const uint8_t *data, size_t len)
{
    rustls_connection *tx = from_client ? pr->client : pr->server;
    hs_bytes *got = from_client ? &pr->server_plain : &pr->client_plain;
    size_t start = got->len;
    size_t sent = 0;
    while (sent < len || got->len - start < len) {
        size_t before = got->len;
        size_t n = 0;
        if (sent < len) {
            rustls_result r = rustls_connection_write(tx, data + sent, len - sent, &n);
            HS_REQUIRE(r == RUSTLS_RESULT_OK, "rustls_connection_write: %u", (unsigned)r);
            sent += n;
        }
        hs_pump(pr);
        HS_REQUIRE(pr->client_err == RUSTLS_RESULT_OK && pr->server_err == RUSTLS_RESULT_OK,
                   "failed during transfer: client %u, server %u", (unsigned)pr->client_err, (unsigned)pr->server_err);
        HS_REQUIRE(n > 0 || got->len > before, "no progress after %zu of %zu bytes", got->len - start, len);
    }
    ck_assert_uint_eq(got->len - start, len);
    ck_assert_mem_eq(got->p + start, data, len);
}

/* ---------------------------------------------------------------- wire decryption */

typedef struct hs_dir_keys {
    const pt_suite *suite;
    uint8_t secret[PT_HASH_MAX]; /* the secret of `epoch` */
    unsigned epoch;
    pt_protect prot;
} hs_dir_keys;

/* The secret of epoch `e` (1: handshake, 2: application 0, 3+: key updates) given that of e-1. */
static void next_secret(const pt_suite *s, bool from_client, const uint8_t *random, unsigned e, uint8_t *secret)
{
    size_t len = 0;
    if (e == 1 || e == 2) {
        const char *label = e == 1 ? (from_client ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET" : "SERVER_HANDSHAKE_TRAFFIC_SECRET")
                                   : (from_client ? "CLIENT_TRAFFIC_SECRET_0" : "SERVER_TRAFFIC_SECRET_0");
        ck_assert_msg(hs_keylog_find(label, random, secret, &len), "no %s logged", label);
        ck_assert_uint_eq(len, s->hash->out_len);
    } else {
        ck_assert_pt_ok(pt_tls13_next_traffic_secret(s->hash, secret));
    }
}

static void key_protect(const pt_suite *s, const uint8_t *secret, pt_protect *p)
{
    uint8_t key[PT_AEAD_KEY_MAX], iv[PT_AEAD_NONCE_LEN];
    ck_assert_pt_ok(pt_tls13_traffic_keys(s->hash, secret, key, s->aead->key_len, iv, sizeof(iv)));
    pt_protect_init(p);
    ck_assert_pt_ok(pt_protect_init_tls13(p, s->aead, key, iv));
}

/* Try to open a copy of `wire`; on success the plaintext is in `buf` and rec describes it. */
static bool try_open(pt_protect *p, const uint8_t *wire, size_t len, uint8_t *buf, pt_record *rec)
{
    memcpy(buf, wire, len);
    rec->type = buf[0];
    rec->version = (uint16_t)((buf[1] << 8) | buf[2]);
    rec->header = buf;
    rec->payload = buf + 5;
    rec->len = len - 5;
    return pt_ok(pt_protect_open(p, rec));
}

size_t hs_wire_decrypt(hs_pair *pr, bool from_client, void (*cb)(void *ctx, const hs_wire_rec *rec), void *ctx)
{
    const hs_bytes *log = from_client ? &pr->c2s_log : &pr->s2c_log;
    /* The ClientHello random names the connection in the key log (RFC 8446 section 4.1.2). */
    ck_assert_uint_ge(pr->c2s_log.len, 43);
    ck_assert_uint_eq(pr->c2s_log.p[0], 22);
    ck_assert_uint_eq(pr->c2s_log.p[5], 1);
    const uint8_t *random = pr->c2s_log.p + 11;
    const pt_suite *s =
        pt_provider_find_suite(pt_default_provider(), rustls_connection_get_negotiated_ciphersuite(pr->client));
    ck_assert_ptr_nonnull(s);

    hs_dir_keys cur = {.suite = s, .epoch = 0};
    pt_protect_init(&cur.prot);
    uint8_t *buf = malloc(PT_RECORD_MAX_WIRE + 64);
    ck_assert_ptr_nonnull(buf);
    size_t off = 0, index = 0;
    while (log->len - off >= 5) {
        const uint8_t *w = log->p + off;
        size_t wire_len = 5 + (((size_t)w[3] << 8) | w[4]);
        ck_assert_uint_le(wire_len, log->len - off);
        ck_assert_uint_le(wire_len, PT_RECORD_MAX_WIRE + 64);
        hs_wire_rec r = {.index = index, .type = w[0], .epoch = 0, .opened = true, .plain = w + 5,
                         .len = wire_len - 5, .wire_len = wire_len};
        if (w[0] == PT_CT_APPLICATION_DATA) {
            pt_record rec;
            if (cur.epoch == 0) {
                cur.epoch = 1;
                next_secret(s, from_client, random, 1, cur.secret);
                key_protect(s, cur.secret, &cur.prot);
            }
            bool ok = try_open(&cur.prot, w, wire_len, buf, &rec);
            if (!ok) {
                /* Maybe the sender moved to its next key: try that before calling it tampered. */
                uint8_t next[PT_HASH_MAX];
                memcpy(next, cur.secret, sizeof(next));
                next_secret(s, from_client, random, cur.epoch + 1, next);
                pt_protect np;
                key_protect(s, next, &np);
                bool next_ok = try_open(&np, w, wire_len, buf, &rec);
                pt_protect_cleanup(&np);
                if (next_ok) {
                    /* Adopt the next key (keyed afresh rather than copying a keyed context). */
                    pt_protect_cleanup(&cur.prot);
                    memcpy(cur.secret, next, sizeof(next));
                    key_protect(s, cur.secret, &cur.prot);
                    cur.epoch++;
                    ok = try_open(&cur.prot, w, wire_len, buf, &rec);
                    ck_assert(ok);
                }
            }
            r.epoch = cur.epoch;
            r.opened = ok;
            if (ok) {
                r.type = rec.type;
                r.plain = rec.payload;
                r.len = rec.len;
            }
        }
        cb(ctx, &r);
        off += wire_len;
        index++;
    }
    pt_protect_cleanup(&cur.prot);
    free(buf);
    return index;
}
