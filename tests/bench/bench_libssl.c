/*
 * bench_libssl.c - the bench.h workloads on libssl: built twice by tests/bench/local.mk, as
 * bench-boringssl (Debian's BoringSSL, OPENSSL_IS_BORINGSSL defined) and bench-openssl (OpenSSL 3).
 * The two APIs differ in a few places only (#ifdef OPENSSL_IS_BORINGSSL).
 *
 * Configuration, the same on both libraries and kept as close to library defaults as fairness
 * allows (tests/bench/bench.h, the "Issue 4" rules):
 *   - TLS 1.3 only, group X25519 only on both sides;
 *   - no resumption: the server issues no tickets, no session cache on either side (patina has no
 *     resumption yet, so tickets would be work only the libssl side does);
 *   - the server presents KEY.chain.pem (leaf + intermediate) with KEY.key.pem; the client verifies
 *     it against a store holding only KEY.ca.pem, for the name "localhost", and sends SNI localhost;
 *   - everything else (buffers, record sizes, suite order) is the library's default.
 *
 * Transport: a custom BIO over struct bench_wire, one wire per direction, preallocated.  Not
 * BIO_s_mem: BoringSSL's memory BIO moves its remaining bytes to the front on every read, a cost no
 * real socket has.  This program holds its own reference on each BIO, so SSL_free never frees the
 * transport and the BIOs (allocated once, before any side window) never count in mem.* rows.
 */
#include "config.h"

#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#ifdef OPENSSL_IS_BORINGSSL
#define LIB_NAME "BoringSSL"
#else
#define LIB_NAME "OpenSSL"
#include <openssl/objects.h>
#endif

/* Each wire holds the largest batch with room to spare: 1 MiB of 1 KiB records plus overhead. */
#define WIRE_CAP (4u * 1024u * 1024u)
/* The receiver's plaintext buffer: one full TLS record (RFC 8446, section 5.1: 2^14 bytes). */
#define RECV_BUF 16384u
/* A TLS 1.3 handshake over this transport takes 2-3 round trips; far more means it is stuck. */
#define MAX_HS_ROUNDS 16

/* ---------------------------------------------------------------- errors */

static void __attribute__((noreturn)) die_ssl(const char *what)
{
    fprintf(stderr, "bench: %s: %s failed\n", LIB_NAME, what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* ---------------------------------------------------------------- transport */

/* One endpoint's view of the wire: it reads what the peer wrote and writes what the peer reads. */
struct endpoint {
    struct bench_wire *in;
    struct bench_wire *out;
};

static struct bench_wire wire_c2s, wire_s2c;
static struct endpoint ep_client = {&wire_s2c, &wire_c2s};
static struct endpoint ep_server = {&wire_c2s, &wire_s2c};
static BIO_METHOD *wire_method;
static BIO *bio_client, *bio_server;

static int wire_bio_read(BIO *b, char *buf, int len)
{
    struct endpoint *ep = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    if (len <= 0) {
        return 0;
    }
    size_t n = bench_wire_get(ep->in, (uint8_t *)buf, (size_t)len);
    if (n == 0) {
        /* Nothing yet: the peer has not written.  A socket would say EAGAIN. */
        BIO_set_retry_read(b);
        return -1;
    }
    return (int)n;
}

static int wire_bio_write(BIO *b, const char *buf, int len)
{
    struct endpoint *ep = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    if (len <= 0) {
        return 0;
    }
    /* Never short: the wire is sized for the largest batch (bench_wire_put dies otherwise). */
    bench_wire_put(ep->out, (const uint8_t *)buf, (size_t)len);
    return len;
}

static long wire_bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)num;
    (void)ptr;
    struct endpoint *ep = BIO_get_data(b);
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1; /* writes land on the wire at once: nothing to flush */
    case BIO_CTRL_PENDING:
        return (long)bench_wire_len(ep->in);
    case BIO_CTRL_WPENDING:
        return 0; /* nothing is held back in the BIO */
    default:
        return 0;
    }
}

static BIO *wire_bio_new(struct endpoint *ep)
{
    BIO *b = BIO_new(wire_method);
    if (!b) {
        die_ssl("BIO_new");
    }
    BIO_set_data(b, ep);
    BIO_set_init(b, 1);
    return b;
}

static void transport_init(void)
{
    bench_wire_init(&wire_c2s, WIRE_CAP);
    bench_wire_init(&wire_s2c, WIRE_CAP);
    wire_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "bench_wire");
    if (!wire_method || !BIO_meth_set_read(wire_method, wire_bio_read) ||
        !BIO_meth_set_write(wire_method, wire_bio_write) || !BIO_meth_set_ctrl(wire_method, wire_bio_ctrl)) {
        die_ssl("BIO_meth_new");
    }
    bio_client = wire_bio_new(&ep_client);
    bio_server = wire_bio_new(&ep_server);
}

static void transport_free(void)
{
    BIO_free(bio_client);
    BIO_free(bio_server);
    BIO_meth_free(wire_method);
    bench_wire_free(&wire_c2s);
    bench_wire_free(&wire_s2c);
}

/* ---------------------------------------------------------------- configuration */

static void ctx_common(SSL_CTX *ctx)
{
    if (!SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) || !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION)) {
        die_ssl("SSL_CTX_set_{min,max}_proto_version");
    }
#ifdef OPENSSL_IS_BORINGSSL
    if (!SSL_CTX_set1_curves_list(ctx, "X25519")) {
        die_ssl("SSL_CTX_set1_curves_list");
    }
#else
    if (!SSL_CTX_set1_groups_list(ctx, "X25519")) {
        die_ssl("SSL_CTX_set1_groups_list");
    }
#endif
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
}

static SSL_CTX *server_ctx_new(const struct bench_opts *o, const struct bench_key *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    if (!ctx) {
        die_ssl("SSL_CTX_new");
    }
    ctx_common(ctx);
    if (!SSL_CTX_set_num_tickets(ctx, 0)) {
        die_ssl("SSL_CTX_set_num_tickets");
    }
    if (!SSL_CTX_use_certificate_chain_file(ctx, bench_data_path(o, key->chain))) {
        die_ssl(bench_data_path(o, key->chain));
    }
    if (!SSL_CTX_use_PrivateKey_file(ctx, bench_data_path(o, key->key), SSL_FILETYPE_PEM)) {
        die_ssl(bench_data_path(o, key->key));
    }
    if (!SSL_CTX_check_private_key(ctx)) {
        die_ssl("SSL_CTX_check_private_key");
    }
    return ctx;
}

/* `suite` (OpenSSL name) narrows the client's TLS 1.3 suites to one; NULL keeps the default. */
static SSL_CTX *client_ctx_new(const struct bench_opts *o, const struct bench_key *key, const char *suite)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    if (!ctx) {
        die_ssl("SSL_CTX_new");
    }
    ctx_common(ctx);
    /* A fresh SSL_CTX's store is empty (no default paths are loaded): it trusts KEY.ca.pem only. */
    if (!SSL_CTX_load_verify_locations(ctx, bench_data_path(o, key->ca), NULL)) {
        die_ssl(bench_data_path(o, key->ca));
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (suite) {
#ifdef OPENSSL_IS_BORINGSSL
        bench_die("BoringSSL: TLS 1.3 suites are not configurable (%s)", suite);
#else
        if (!SSL_CTX_set_ciphersuites(ctx, suite)) {
            die_ssl("SSL_CTX_set_ciphersuites");
        }
#endif
    }
    return ctx;
}

/* ---------------------------------------------------------------- one connection pair */

/*
 * SSL_set_bio is a call the application makes into libssl, so it runs inside the side's window,
 * right after SSL_new.  The BIO_up_ref that keeps this program's own reference (the SSL takes the
 * one passed in, and drops it in SSL_free) is transport bookkeeping and stays outside.
 */
struct pair {
    SSL *c, *s;
};

static void pair_new(struct pair *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    if (bench_wire_len(&wire_c2s) != 0 || bench_wire_len(&wire_s2c) != 0) {
        bench_die("wire not empty before a new connection");
    }
    BIO_up_ref(bio_client);
    BIO_up_ref(bio_server);

    bench_enter(BENCH_CLIENT);
    int ok = 0;
    p->c = SSL_new(cctx);
    if (p->c) {
        SSL_set_connect_state(p->c);
        SSL_set_bio(p->c, bio_client, bio_client);
        /* An explicit length: BoringSSL rejects 0 (OpenSSL reads it as "use strlen"). */
        ok = SSL_set_tlsext_host_name(p->c, BENCH_SERVER_NAME) &&
             X509_VERIFY_PARAM_set1_host(SSL_get0_param(p->c), BENCH_SERVER_NAME, strlen(BENCH_SERVER_NAME));
    }
    bench_leave();
    if (!ok) {
        die_ssl("client SSL_new/SSL_set_tlsext_host_name/X509_VERIFY_PARAM_set1_host");
    }

    bench_enter(BENCH_SERVER);
    p->s = SSL_new(sctx);
    if (p->s) {
        SSL_set_accept_state(p->s);
        SSL_set_bio(p->s, bio_server, bio_server);
    }
    bench_leave();
    if (!p->s) {
        die_ssl("server SSL_new");
    }
}

/* One SSL_do_handshake call in the side's window; returns 1 once that side is done. */
static int hs_step(SSL *ssl, enum bench_side side)
{
    bench_enter(side);
    int r = SSL_do_handshake(ssl);
    int err = r == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, r);
    bench_leave();
    if (r == 1) {
        return 1;
    }
    if (err != SSL_ERROR_WANT_READ) {
        fprintf(stderr, "bench: %s: %s handshake failed (SSL_get_error %d)\n", LIB_NAME,
                side == BENCH_CLIENT ? "client" : "server", err);
        ERR_print_errors_fp(stderr);
        exit(1);
    }
    return 0;
}

static void pair_handshake(struct pair *p)
{
    int cdone = 0, sdone = 0;
    for (int round = 0; !cdone || !sdone; round++) {
        if (round == MAX_HS_ROUNDS) {
            bench_die("%s: handshake made no progress", LIB_NAME);
        }
        if (!cdone) {
            cdone = hs_step(p->c, BENCH_CLIENT);
        }
        if (!sdone) {
            sdone = hs_step(p->s, BENCH_SERVER);
        }
    }
    /* Both done and nothing left in flight (no tickets, no half-read flight). */
    if (bench_wire_len(&wire_c2s) != 0 || bench_wire_len(&wire_s2c) != 0) {
        bench_die("%s: %zu/%zu bytes left on the wire after the handshake", LIB_NAME, bench_wire_len(&wire_c2s),
                  bench_wire_len(&wire_s2c));
    }
}

static void pair_free(struct pair *p)
{
    bench_enter(BENCH_CLIENT);
    SSL_free(p->c);
    bench_leave();
    bench_enter(BENCH_SERVER);
    SSL_free(p->s);
    bench_leave();
    p->c = p->s = NULL;
}

/* ---------------------------------------------------------------- what was negotiated */

static int group_is_x25519(SSL *ssl)
{
#ifdef OPENSSL_IS_BORINGSSL
    return SSL_get_curve_id(ssl) == SSL_CURVE_X25519;
#else
    return SSL_get_negotiated_group(ssl) == NID_X25519;
#endif
}

static int pkey_matches(EVP_PKEY *pk, const struct bench_key *key)
{
    if (strcmp(key->row, "rsa2048") == 0) {
        return EVP_PKEY_id(pk) == EVP_PKEY_RSA && EVP_PKEY_bits(pk) == 2048;
    }
    if (strcmp(key->row, "ecdsa-p256") == 0) {
        if (EVP_PKEY_id(pk) != EVP_PKEY_EC) {
            return 0;
        }
#ifdef OPENSSL_IS_BORINGSSL
        const EC_KEY *ec = EVP_PKEY_get0_EC_KEY(pk);
        return ec && EC_GROUP_get_curve_name(EC_KEY_get0_group(ec)) == NID_X9_62_prime256v1;
#else
        char name[64];
        size_t len = 0;
        return EVP_PKEY_get_group_name(pk, name, sizeof name, &len) == 1 &&
               OBJ_sn2nid(name) == NID_X9_62_prime256v1;
#endif
    }
    bench_die("unknown key type %s", key->row);
}

/*
 * Die unless the pair runs TLS 1.3 with X25519, the client verified the server's chain, and the
 * server's leaf carries the row's key type.  Returns the negotiated suite (IANA number), which
 * the caller compares with its row.
 */
static uint16_t pair_check(const struct pair *p, const struct bench_key *key)
{
    if (SSL_version(p->c) != TLS1_3_VERSION || SSL_version(p->s) != TLS1_3_VERSION) {
        bench_die("%s: negotiated version %#x/%#x, not TLS 1.3", LIB_NAME, (unsigned)SSL_version(p->c),
                  (unsigned)SSL_version(p->s));
    }
    const SSL_CIPHER *cc = SSL_get_current_cipher(p->c), *sc = SSL_get_current_cipher(p->s);
    if (!cc || !sc || SSL_CIPHER_get_protocol_id(cc) != SSL_CIPHER_get_protocol_id(sc)) {
        bench_die("%s: client and server disagree on the suite", LIB_NAME);
    }
    uint16_t suite = SSL_CIPHER_get_protocol_id(cc);
    if (suite < 0x1301 || suite > 0x1303) {
        bench_die("%s: unexpected suite %#06x", LIB_NAME, (unsigned)suite);
    }
    if (!group_is_x25519(p->c) || !group_is_x25519(p->s)) {
        bench_die("%s: the key exchange group is not X25519", LIB_NAME);
    }
    if (SSL_get_verify_result(p->c) != X509_V_OK) {
        bench_die("%s: the client did not verify the server's chain", LIB_NAME);
    }
    X509 *leaf = SSL_get_peer_certificate(p->c); /* a new reference in both libraries */
    EVP_PKEY *pk = leaf ? X509_get_pubkey(leaf) : NULL;
    int ok = pk && pkey_matches(pk, key);
    EVP_PKEY_free(pk);
    X509_free(leaf);
    if (!ok) {
        bench_die("%s: the server's key is not %s", LIB_NAME, key->row);
    }
    return suite;
}

/* The rows of `prefix` that --only selects: rate[s] = 0 hides the others from bench_emit_sides. */
static void emit_selected(const struct bench_opts *o, const char *prefix, const char *cname, const char *sname,
                          double rate[BENCH_NSIDES])
{
    const char *names[BENCH_NSIDES] = {cname, sname};
    for (int s = 0; s < BENCH_NSIDES; s++) {
        char row[256];
        snprintf(row, sizeof row, "%s.%s", prefix, names[s]);
        if (!bench_selected(o, row)) {
            rate[s] = 0;
        }
    }
    bench_emit_sides(o, prefix, cname, sname, rate);
}

/* ---------------------------------------------------------------- workloads */

struct hs_work {
    SSL_CTX *cctx, *sctx;
    const struct bench_key *key;
};

/* One full handshake: both connections created, the handshake completed, both freed. */
static int hs_iter(void *arg)
{
    struct hs_work *w = arg;
    struct pair p;
    pair_new(&p, w->cctx, w->sctx);
    pair_handshake(&p);
    if (pair_check(&p, w->key) != BENCH_HS_SUITE) { /* outside every window: costs neither side */
        bench_die("%s: handshake rows must negotiate %s", LIB_NAME, BENCH_HS_SUITE_NAME);
    }
    pair_free(&p);
    return 0;
}

static void run_hs(const struct bench_opts *o, const struct bench_key *key, SSL_CTX *cctx, SSL_CTX *sctx)
{
    char prefix[128];
    snprintf(prefix, sizeof prefix, "hs.tls13.%s", key->row);
    if (!bench_selected(o, prefix)) {
        return;
    }
    struct hs_work w = {cctx, sctx, key};
    double rate[BENCH_NSIDES];
    bench_measure(o, hs_iter, &w, 1.0, rate);
    emit_selected(o, prefix, "client", "server", rate);
}

struct bulk_work {
    struct pair p;
    size_t size;
    const uint8_t *sendbuf;
    uint8_t *recvbuf;
};

/* One batch: the client writes it in `size` pieces, then the server reads all of it. */
static int bulk_iter(void *arg)
{
    struct bulk_work *w = arg;
    size_t writes = BENCH_BULK_BATCH / w->size, done = 0;
    int r = 0;

    bench_enter(BENCH_CLIENT);
    for (; done < writes; done++) {
        r = SSL_write(w->p.c, w->sendbuf, (int)w->size);
        if (r != (int)w->size) {
            break;
        }
    }
    bench_leave();
    if (done != writes) {
        fprintf(stderr, "bench: %s: SSL_write returned %d\n", LIB_NAME, r);
        ERR_print_errors_fp(stderr);
        return 1;
    }

    size_t got = 0;
    bench_enter(BENCH_SERVER);
    while (got < BENCH_BULK_BATCH) {
        r = SSL_read(w->p.s, w->recvbuf, RECV_BUF);
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    bench_leave();
    if (got != BENCH_BULK_BATCH || bench_wire_len(&wire_c2s) != 0) {
        fprintf(stderr, "bench: %s: the server read %zu of %u bytes (SSL_read %d)\n", LIB_NAME, got,
                BENCH_BULK_BATCH, r);
        ERR_print_errors_fp(stderr);
        return 1;
    }
    return 0;
}

static void run_bulk(const struct bench_opts *o, const struct bench_key *key, SSL_CTX *default_cctx, SSL_CTX *sctx,
                     const struct bench_suite *suite, uint8_t *sendbuf, uint8_t *recvbuf)
{
    char prefix[128];
    snprintf(prefix, sizeof prefix, "bulk.tls13.%s", suite->row);
    if (!bench_selected(o, prefix)) {
        return;
    }
#ifdef OPENSSL_IS_BORINGSSL
    /* No API here chooses TLS 1.3 suites: measure the rows of the suite BoringSSL picks. */
    SSL_CTX *cctx = default_cctx;
#else
    (void)default_cctx;
    SSL_CTX *cctx = client_ctx_new(o, key, suite->ossl_name);
#endif
    for (const struct bench_size *sz = bench_sizes; sz->row; sz++) {
        snprintf(prefix, sizeof prefix, "bulk.tls13.%s.%s", suite->row, sz->row);
        if (!bench_selected(o, prefix)) {
            continue;
        }
        struct bulk_work w = {{NULL, NULL}, sz->len, sendbuf, recvbuf};
        pair_new(&w.p, cctx, sctx);
        pair_handshake(&w.p);
        uint16_t got = pair_check(&w.p, key);
        if (got != suite->iana) {
            pair_free(&w.p);
#ifdef OPENSSL_IS_BORINGSSL
            fprintf(stderr, "bench: BoringSSL: TLS 1.3 suites are not configurable (it negotiates %#06x): "
                            "no bulk.tls13.%s rows\n", (unsigned)got, suite->row);
            break;
#else
            bench_die("OpenSSL: negotiated suite %#06x, not %s", (unsigned)got, suite->ossl_name);
#endif
        }
        double rate[BENCH_NSIDES];
        bench_measure(o, bulk_iter, &w, BENCH_BULK_BATCH / 1e6, rate);
        emit_selected(o, prefix, "send", "recv", rate);
        pair_free(&w.p);
    }
#ifndef OPENSSL_IS_BORINGSSL
    SSL_CTX_free(cctx);
#endif
}

/*
 * mem.peak: the most heap each side holds during one handshake (from before SSL_new to the
 * completed handshake).  mem.idle: what each connection still holds after it, measured as what
 * SSL_free gives back.
 */
static void run_mem(const struct bench_opts *o, const struct bench_key *key, SSL_CTX *cctx, SSL_CTX *sctx)
{
    int want_idle = bench_selected(o, "mem.idle"), want_peak = bench_selected(o, "mem.peak");
    if ((!want_idle && !want_peak) || !bench_mem_tracking() || o->cg_side >= 0) {
        return;
    }
    /* A first handshake takes the library's one-time allocations (tables, per-thread state). */
    struct hs_work warm = {cctx, sctx, key};
    (void)hs_iter(&warm);

    struct pair p;
    bench_mem_peak_reset();
    pair_new(&p, cctx, sctx);
    pair_handshake(&p);
    size_t peak[BENCH_NSIDES] = {bench_mem_peak(BENCH_CLIENT), bench_mem_peak(BENCH_SERVER)};
    if (pair_check(&p, key) != BENCH_HS_SUITE) {
        bench_die("%s: mem rows must negotiate %s", LIB_NAME, BENCH_HS_SUITE_NAME);
    }

    size_t before = bench_mem_live();
    bench_enter(BENCH_CLIENT);
    SSL_free(p.c);
    bench_leave();
    size_t mid = bench_mem_live();
    bench_enter(BENCH_SERVER);
    SSL_free(p.s);
    bench_leave();
    size_t after = bench_mem_live();

    const char *rows[2][BENCH_NSIDES] = {{"mem.idle.client", "mem.idle.server"},
                                          {"mem.peak.client", "mem.peak.server"}};
    double vals[2][BENCH_NSIDES] = {{(double)(before - mid), (double)(mid - after)},
                                    {(double)peak[BENCH_CLIENT], (double)peak[BENCH_SERVER]}};
    for (int k = 0; k < 2; k++) {
        for (int s = 0; s < BENCH_NSIDES; s++) {
            if (bench_selected(o, rows[k][s])) {
                bench_emit(rows[k][s], vals[k][s]);
            }
        }
    }
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    struct bench_opts o;
    if (bench_parse_args(argc, argv, &o) != 0) {
        return 2;
    }
    transport_init();

    size_t nkeys = 0;
    while (bench_keys[nkeys].row) {
        nkeys++;
    }
    SSL_CTX **cctx = calloc(nkeys, sizeof *cctx), **sctx = calloc(nkeys, sizeof *sctx);
    uint8_t *sendbuf = malloc(RECV_BUF), *recvbuf = malloc(RECV_BUF);
    if (!cctx || !sctx || !sendbuf || !recvbuf) {
        bench_die("out of memory");
    }
    memset(sendbuf, 0xa5, RECV_BUF);
    for (size_t k = 0; k < nkeys; k++) {
#ifdef OPENSSL_IS_BORINGSSL
        cctx[k] = client_ctx_new(&o, &bench_keys[k], NULL); /* it negotiates BENCH_HS_SUITE by itself */
#else
        cctx[k] = client_ctx_new(&o, &bench_keys[k], BENCH_HS_SUITE_NAME);
#endif
        sctx[k] = server_ctx_new(&o, &bench_keys[k]);
    }
    /* Bulk and memory rows use the ECDSA P-256 key (bench.h). */
    size_t ec = 0;
    while (strcmp(bench_keys[ec].row, "ecdsa-p256") != 0) {
        ec++;
    }

    for (size_t k = 0; k < nkeys; k++) {
        run_hs(&o, &bench_keys[k], cctx[k], sctx[k]);
    }
    for (const struct bench_suite *s = bench_suites; s->row; s++) {
        run_bulk(&o, &bench_keys[ec], cctx[ec], sctx[ec], s, sendbuf, recvbuf);
    }
    run_mem(&o, &bench_keys[ec], cctx[ec], sctx[ec]);

    for (size_t k = 0; k < nkeys; k++) {
        SSL_CTX_free(cctx[k]);
        SSL_CTX_free(sctx[k]);
    }
    free(cctx);
    free(sctx);
    free(sendbuf);
    free(recvbuf);
    transport_free();
    return 0;
}
