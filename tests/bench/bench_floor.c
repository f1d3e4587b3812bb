/*
 * bench_floor.c - the floor under bench-patina: the default provider's raw primitives, called
 * through patina's internal provider interface (provider/provider.h), with no TLS around them.
 * What a TLS row spends above the matching floor rows is patina's own overhead.
 *
 * Rows (all counted as BENCH_CLIENT time, printed under the row name):
 *   floor.seal.SUITE.SIZE, floor.open.SUITE.SIZE   MB/s: in-place AEAD of SIZE-byte records (16k:
 *       16384, 1k: 1024) with the 5-byte TLS 1.3 record header as additional data and the
 *       record nonce of RFC 8446 section 5.3 (per-record sequence number XOR IV); one iteration
 *       is BENCH_BULK_BATCH bytes of plaintext
 *   floor.x25519.keygen, floor.x25519.derive      ops/s
 *   floor.p256.sign, floor.p256.verify            ops/s, ecdsa_secp256r1_sha256 over 130 bytes
 *       (the size of a TLS 1.3 CertificateVerify's signed content, RFC 8446 section 4.4.3)
 *   floor.rsa2048.sign, floor.rsa2048.verify      ops/s, rsa_pss_rsae_sha256 over the same
 *   floor.chain.KEY.verify                        ops/s: the provider's RFC 5280 path validation
 *       (x509->verify_chain, libcrypto's X509_verify_cert) of KEY.chain.pem to KEY.ca.pem for
 *       "localhost": two signature checks plus X.509 parsing and path building.  Not part of the
 *       issue's public-key bound; it shows how much of a client handshake is X.509 handling.
 * Every result is checked once before timing (open gives the plaintext back, both ends of a key
 * exchange agree, a signature verifies); the program dies otherwise.
 */
#include "config.h"

#include "bench.h"
#include "base/mem.h"
#include "provider/provider.h"
#include "provider/suites.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Operations per iteration, so that one iteration takes at least ~20 us on this machine. */
#define KX_BATCH 8
#define P256_SIGN_BATCH 4
#define P256_VERIFY_BATCH 2
#define RSA_SIGN_BATCH 1
#define RSA_VERIFY_BATCH 8
#define KX_BATCH_MAX 8

/* RFC 8446 section 4.4.3: 64 spaces, the 33-byte context string, a zero byte, a 32-byte hash. */
#define SIGNED_LEN 130

static void must(const char *what, pt_err e)
{
    if (pt_failed(e)) {
        bench_die("%s failed (rustls_result %u)", what, (unsigned)pt_err_result(e));
    }
}

static void emit_row(const struct bench_opts *o, const char *row, const double rate[BENCH_NSIDES])
{
    if (o->cg_side < 0 && rate[BENCH_CLIENT] > 0) {
        bench_emit(row, rate[BENCH_CLIENT]);
    }
}

static void fill(uint8_t *p, size_t len, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)x;
    }
}

/* ---------------------------------------------------------------- AEAD */

struct aead_ctx {
    const pt_aead *aead;
    PT_CTX_ALIGN uint8_t key_ctx[PT_AEAD_CTX_MAX];
    uint8_t iv[PT_AEAD_NONCE_LEN];
    size_t len;     /* plaintext bytes per record */
    size_t records; /* BENCH_BULK_BATCH / len */
    size_t stride;  /* len + tag */
    uint8_t *work;  /* records * stride: sealed in place, or opened in place */
    uint8_t *sealed; /* open: the records as sealed with sequence numbers 0..records-1 */
    uint64_t seq;   /* seal: the next record's sequence number */
};

/* RFC 8446 section 5.3: the 64-bit sequence number, big-endian, left-padded, XORed with the IV. */
static void record_nonce(const uint8_t *iv, uint64_t seq, uint8_t *nonce)
{
    memcpy(nonce, iv, PT_AEAD_NONCE_LEN);
    for (int i = 0; i < 8; i++) {
        nonce[PT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(seq >> (8 * i));
    }
}

/* RFC 8446 section 5.2: additional_data = opaque_type || legacy_record_version || length. */
static void record_header(size_t ciphertext_len, uint8_t ad[5])
{
    ad[0] = 23; /* application_data */
    ad[1] = 0x03;
    ad[2] = 0x03;
    ad[3] = (uint8_t)(ciphertext_len >> 8);
    ad[4] = (uint8_t)ciphertext_len;
}

static int seal_iter(void *ctx)
{
    struct aead_ctx *a = ctx;
    uint8_t ad[5], nonce[PT_AEAD_NONCE_LEN];
    record_header(a->stride, ad);
    bench_enter(BENCH_CLIENT);
    for (size_t i = 0; i < a->records; i++) {
        record_nonce(a->iv, a->seq++, nonce);
        if (pt_failed(a->aead->seal(a->key_ctx, nonce, ad, sizeof(ad), a->work + i * a->stride, a->len))) {
            bench_die("%s seal failed", a->aead->name);
        }
    }
    bench_leave();
    return 0;
}

static int open_iter(void *ctx)
{
    struct aead_ctx *a = ctx;
    uint8_t ad[5], nonce[PT_AEAD_NONCE_LEN];
    record_header(a->stride, ad);
    memcpy(a->work, a->sealed, a->records * a->stride); /* a fresh copy, outside the window */
    bench_enter(BENCH_CLIENT);
    for (size_t i = 0; i < a->records; i++) {
        size_t out_len = 0;
        record_nonce(a->iv, i, nonce);
        if (pt_failed(a->aead->open(a->key_ctx, nonce, ad, sizeof(ad), a->work + i * a->stride, a->stride, &out_len)) ||
            out_len != a->len) {
            bench_die("%s open failed", a->aead->name);
        }
    }
    bench_leave();
    return 0;
}

/* Key a context, seal the batch once (sequence numbers 0..) and check that it opens again. */
static void aead_setup(struct aead_ctx *a, const pt_aead *aead, size_t len)
{
    const pt_provider *p = pt_default_provider();
    uint8_t key[PT_AEAD_KEY_MAX];
    if (aead->ctx_size > PT_AEAD_CTX_MAX || aead->nonce_len != PT_AEAD_NONCE_LEN) {
        bench_die("%s: unexpected sizes", aead->name);
    }
    a->aead = aead;
    a->len = len;
    a->records = BENCH_BULK_BATCH / len;
    a->stride = len + aead->tag_len;
    a->seq = 0;
    must("random", p->random(key, aead->key_len));
    must("random", p->random(a->iv, sizeof(a->iv)));
    must("aead init", aead->init(a->key_ctx, key));
    a->work = malloc(a->records * a->stride);
    a->sealed = malloc(a->records * a->stride);
    uint8_t *plain = malloc(a->records * a->len);
    if (a->work == NULL || a->sealed == NULL || plain == NULL) {
        bench_die("out of memory");
    }
    fill(plain, a->records * a->len, (uint32_t)len);
    for (size_t i = 0; i < a->records; i++) {
        memcpy(a->work + i * a->stride, plain + i * a->len, a->len);
    }
    seal_iter(a);
    memcpy(a->sealed, a->work, a->records * a->stride);
    open_iter(a);
    for (size_t i = 0; i < a->records; i++) {
        if (memcmp(a->work + i * a->stride, plain + i * a->len, a->len) != 0) {
            bench_die("%s: open did not give the plaintext back", aead->name);
        }
    }
    /* A record with one bit flipped must not open (the tag is really checked). */
    uint8_t ad[5], nonce[PT_AEAD_NONCE_LEN];
    size_t out_len = 0;
    record_header(a->stride, ad);
    record_nonce(a->iv, 0, nonce);
    memcpy(a->work, a->sealed, a->stride);
    a->work[a->len / 2] ^= 1;
    if (pt_ok(aead->open(a->key_ctx, nonce, ad, sizeof(ad), a->work, a->stride, &out_len))) {
        bench_die("%s: a damaged record opened", aead->name);
    }
    pt_wipe(key, sizeof(key));
    free(plain);
}

static void aead_free(struct aead_ctx *a)
{
    a->aead->cleanup(a->key_ctx);
    free(a->work);
    free(a->sealed);
}

static void run_aead(const struct bench_opts *o, bool seal)
{
    for (const struct bench_suite *su = bench_suites; su->row != NULL; su++) {
        for (const struct bench_size *sz = bench_sizes; sz->row != NULL; sz++) {
            char row[128];
            snprintf(row, sizeof(row), "floor.%s.%s.%s", seal ? "seal" : "open", su->row, sz->row);
            if (!bench_selected(o, row)) {
                continue;
            }
            const pt_suite *s = pt_provider_find_suite(pt_default_provider(), su->iana);
            if (s == NULL) {
                fprintf(stderr, "bench: %s: suite 0x%04x not in the provider, skipped\n", row, su->iana);
                continue;
            }
            struct aead_ctx *a = calloc(1, sizeof(*a));
            if (a == NULL) {
                bench_die("out of memory");
            }
            aead_setup(a, s->aead, sz->len);
            double rate[BENCH_NSIDES];
            bench_measure(o, seal ? seal_iter : open_iter, a, BENCH_BULK_BATCH / 1e6, rate);
            emit_row(o, row, rate);
            aead_free(a);
            free(a);
        }
    }
}

/* ---------------------------------------------------------------- X25519 */

struct kx_ctx {
    const pt_kx_group *g;
    PT_CTX_ALIGN uint8_t ctx[KX_BATCH_MAX][PT_KX_CTX_MAX];
    uint8_t pub[PT_KX_PUB_MAX];
    uint8_t peer[PT_KX_PUB_MAX]; /* a valid share from a key pair made at setup */
    uint8_t secret[PT_KX_SECRET_MAX];
};

static int keygen_iter(void *ctx)
{
    struct kx_ctx *k = ctx;
    bench_enter(BENCH_CLIENT);
    for (int i = 0; i < KX_BATCH; i++) {
        if (pt_failed(k->g->keygen(k->ctx[0], k->pub))) {
            bench_die("x25519 keygen failed");
        }
        k->g->cleanup(k->ctx[0]);
    }
    bench_leave();
    return 0;
}

static int derive_iter(void *ctx)
{
    struct kx_ctx *k = ctx;
    /* A context derives once (provider.h), so the key pairs are made outside the window. */
    for (int i = 0; i < KX_BATCH; i++) {
        must("x25519 keygen", k->g->keygen(k->ctx[i], k->pub));
    }
    bench_enter(BENCH_CLIENT);
    for (int i = 0; i < KX_BATCH; i++) {
        if (pt_failed(k->g->derive(k->ctx[i], pt_slice_of(k->peer, k->g->pub_len), k->secret))) {
            bench_die("x25519 derive failed");
        }
    }
    bench_leave();
    return 0;
}

static void run_x25519(const struct bench_opts *o)
{
    if (!bench_selected(o, "floor.x25519")) {
        return;
    }
    struct kx_ctx *k = calloc(1, sizeof(*k));
    if (k == NULL) {
        bench_die("out of memory");
    }
    k->g = pt_provider_find_group(pt_default_provider(), PT_GROUP_X25519);
    if (k->g == NULL || k->g->ctx_size > PT_KX_CTX_MAX) {
        bench_die("no usable X25519 in the provider");
    }
    /* Both ends of one exchange must reach the same secret. */
    PT_CTX_ALIGN uint8_t peer_ctx[PT_KX_CTX_MAX] = {0};
    uint8_t mine[PT_KX_SECRET_MAX], theirs[PT_KX_SECRET_MAX];
    must("x25519 keygen", k->g->keygen(peer_ctx, k->peer));
    must("x25519 keygen", k->g->keygen(k->ctx[0], k->pub));
    must("x25519 derive", k->g->derive(k->ctx[0], pt_slice_of(k->peer, k->g->pub_len), mine));
    must("x25519 derive", k->g->derive(peer_ctx, pt_slice_of(k->pub, k->g->pub_len), theirs));
    if (memcmp(mine, theirs, k->g->secret_len) != 0) {
        bench_die("x25519: the two ends derived different secrets");
    }
    /* The peer share stays valid for the derive row: make it again and keep only the public part. */
    must("x25519 keygen", k->g->keygen(peer_ctx, k->peer));
    k->g->cleanup(peer_ctx);

    double rate[BENCH_NSIDES];
    if (bench_selected(o, "floor.x25519.keygen")) {
        bench_measure(o, keygen_iter, k, KX_BATCH, rate);
        emit_row(o, "floor.x25519.keygen", rate);
    }
    if (bench_selected(o, "floor.x25519.derive")) {
        bench_measure(o, derive_iter, k, KX_BATCH, rate);
        emit_row(o, "floor.x25519.derive", rate);
    }
    for (int i = 0; i < KX_BATCH_MAX; i++) {
        k->g->cleanup(k->ctx[i]);
    }
    free(k);
}

/* ---------------------------------------------------------------- signatures */

struct sig_ctx {
    const pt_sig_ops *ops;
    pt_signing_key *key;
    pt_pubkey *pub;
    uint16_t scheme;
    int sign_batch, verify_batch;
    uint8_t msg[SIGNED_LEN];
    uint8_t sig[PT_SIG_MAX];
    size_t sig_len;
    uint8_t scratch[PT_SIG_MAX];
};

static int sign_iter(void *ctx)
{
    struct sig_ctx *s = ctx;
    size_t n = 0;
    bench_enter(BENCH_CLIENT);
    for (int i = 0; i < s->sign_batch; i++) {
        if (pt_failed(s->ops->sign(s->key, s->scheme, pt_slice_of(s->msg, sizeof(s->msg)), s->scratch,
                                   sizeof(s->scratch), &n))) {
            bench_die("sign failed");
        }
    }
    bench_leave();
    return 0;
}

static int verify_iter(void *ctx)
{
    struct sig_ctx *s = ctx;
    bench_enter(BENCH_CLIENT);
    for (int i = 0; i < s->verify_batch; i++) {
        if (pt_failed(s->ops->verify(s->pub, s->scheme, pt_slice_of(s->msg, sizeof(s->msg)),
                                     pt_slice_of(s->sig, s->sig_len)))) {
            bench_die("verify failed");
        }
    }
    bench_leave();
    return 0;
}

struct first_cert {
    uint8_t *der;
    size_t len;
};

static void keep_first(void *arg, pt_slice der)
{
    struct first_cert *f = arg;
    if (f->der != NULL) {
        return;
    }
    f->der = malloc(der.len);
    if (f->der == NULL) {
        bench_die("out of memory");
    }
    memcpy(f->der, der.p, der.len);
    f->len = der.len;
}

static void run_sig(const struct bench_opts *o, const char *row, const char *key_file, const char *chain_file,
                    pt_key_type type, uint16_t scheme, int sign_batch, int verify_batch)
{
    char prefix[64], r[96];
    snprintf(prefix, sizeof(prefix), "floor.%s", row);
    if (!bench_selected(o, prefix)) {
        return;
    }
    const pt_provider *p = pt_default_provider();
    struct sig_ctx *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        bench_die("out of memory");
    }
    s->ops = p->sig;
    s->scheme = scheme;
    s->sign_batch = sign_batch;
    s->verify_batch = verify_batch;
    fill(s->msg, sizeof(s->msg), 130);

    size_t len;
    uint8_t *pem = bench_read_file(bench_data_path(o, key_file), &len);
    must("key_load", s->ops->key_load(pt_slice_of(pem, len), &s->key));
    free(pem);
    if (s->ops->key_type(s->key) != type) {
        bench_die("%s: %s is not the expected key type", prefix, key_file);
    }
    /* The public key from the leaf certificate of the chain, as a TLS client gets it. */
    pem = bench_read_file(bench_data_path(o, chain_file), &len);
    struct first_cert leaf = {NULL, 0};
    size_t count = 0;
    must("pem_certs", p->x509->pem_certs(pt_slice_of(pem, len), keep_first, &leaf, &count));
    free(pem);
    if (leaf.der == NULL) {
        bench_die("%s: no certificate in %s", prefix, chain_file);
    }
    if (!s->ops->key_matches_cert(s->key, pt_slice_of(leaf.der, leaf.len))) {
        bench_die("%s: the leaf of %s is not for %s", prefix, chain_file, key_file);
    }
    pt_slice spki;
    must("cert_spki", p->x509->cert_spki(pt_slice_of(leaf.der, leaf.len), &spki));
    must("pubkey_from_spki", s->ops->pubkey_from_spki(spki, &s->pub));
    free(leaf.der);

    /* A fresh signature verifies, and one over another message does not. */
    must("sign", s->ops->sign(s->key, scheme, pt_slice_of(s->msg, sizeof(s->msg)), s->sig, sizeof(s->sig),
                              &s->sig_len));
    must("verify", s->ops->verify(s->pub, scheme, pt_slice_of(s->msg, sizeof(s->msg)), pt_slice_of(s->sig, s->sig_len)));
    s->msg[0] ^= 1;
    if (pt_ok(s->ops->verify(s->pub, scheme, pt_slice_of(s->msg, sizeof(s->msg)), pt_slice_of(s->sig, s->sig_len)))) {
        bench_die("%s: a signature verified over another message", prefix);
    }
    s->msg[0] ^= 1;

    double rate[BENCH_NSIDES];
    snprintf(r, sizeof(r), "%s.sign", prefix);
    if (bench_selected(o, r)) {
        bench_measure(o, sign_iter, s, sign_batch, rate);
        emit_row(o, r, rate);
    }
    snprintf(r, sizeof(r), "%s.verify", prefix);
    if (bench_selected(o, r)) {
        bench_measure(o, verify_iter, s, verify_batch, rate);
        emit_row(o, r, rate);
    }
    s->ops->pubkey_free(s->pub);
    s->ops->key_free(s->key);
    free(s);
}

/* ---------------------------------------------------------------- chain validation */

struct chain_ctx {
    const pt_x509_ops *x509;
    pt_root_store *roots;
    pt_slice certs[4];
    size_t n;
};

static void keep_all(void *arg, pt_slice der)
{
    struct chain_ctx *c = arg;
    if (c->n == sizeof(c->certs) / sizeof(c->certs[0])) {
        bench_die("too many certificates in the chain file");
    }
    uint8_t *copy = malloc(der.len);
    if (copy == NULL) {
        bench_die("out of memory");
    }
    memcpy(copy, der.p, der.len);
    c->certs[c->n++] = pt_slice_of(copy, der.len);
}

static pt_err chain_verify(const struct chain_ctx *c)
{
    pt_verify_params vp = {
        .chain = c->certs,
        .chain_len = c->n,
        .name = BENCH_SERVER_NAME,
        .now = 1800000000, /* 2027: inside every bench certificate's validity */
        .purpose = PT_PURPOSE_SERVER_AUTH,
    };
    return c->x509->verify_chain(c->roots, &vp, NULL);
}

static int chain_iter(void *ctx)
{
    bench_enter(BENCH_CLIENT);
    pt_err e = chain_verify(ctx);
    bench_leave();
    return pt_ok(e) ? 0 : 1;
}

static void run_chain(const struct bench_opts *o, const struct bench_key *k)
{
    char row[96];
    snprintf(row, sizeof(row), "floor.chain.%s.verify", k->row);
    if (!bench_selected(o, row)) {
        return;
    }
    const pt_provider *p = pt_default_provider();
    struct chain_ctx c = {.x509 = p->x509};
    size_t len, added = 0;
    uint8_t *pem = bench_read_file(bench_data_path(o, k->ca), &len);
    must("store_new", c.x509->store_new(&c.roots));
    must("store_add_pem", c.x509->store_add_pem(c.roots, pt_slice_of(pem, len), true, &added));
    free(pem);
    pem = bench_read_file(bench_data_path(o, k->chain), &len);
    must("pem_certs", p->x509->pem_certs(pt_slice_of(pem, len), keep_all, &c, NULL));
    free(pem);
    if (added != 1 || c.n != 2) {
        bench_die("%s: expected one root and a two-certificate chain", row);
    }
    must("verify_chain", chain_verify(&c));
    /* And it is a real check: the chain does not verify for another name. */
    pt_verify_params bad = {c.certs, c.n, "example.com", 1800000000, PT_PURPOSE_SERVER_AUTH, NULL, 0, PT_SLICE_EMPTY};
    if (pt_ok(c.x509->verify_chain(c.roots, &bad, NULL))) {
        bench_die("%s: the chain verified for another name", row);
    }
    double rate[BENCH_NSIDES];
    bench_measure(o, chain_iter, &c, 1.0, rate);
    emit_row(o, row, rate);
    for (size_t i = 0; i < c.n; i++) {
        free((void *)c.certs[i].p);
    }
    c.x509->store_free(c.roots);
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    if (bench_parse_args(argc, argv, &o) != 0) {
        return 2;
    }
    run_aead(&o, true);
    run_aead(&o, false);
    run_x25519(&o);
    run_sig(&o, "p256", "ecdsa-p256.key.pem", "ecdsa-p256.chain.pem", PT_KEY_EC_P256, PT_SIG_ECDSA_SECP256R1_SHA256,
            P256_SIGN_BATCH, P256_VERIFY_BATCH);
    run_sig(&o, "rsa2048", "rsa2048.key.pem", "rsa2048.chain.pem", PT_KEY_RSA, PT_SIG_RSA_PSS_RSAE_SHA256,
            RSA_SIGN_BATCH, RSA_VERIFY_BATCH);
    for (const struct bench_key *k = bench_keys; k->row != NULL; k++) {
        run_chain(&o, k);
    }
    return 0;
}
