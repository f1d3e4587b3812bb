/*
 * bench_patina.c - `make bench` for patina, through its public API only (rustls.h), linked
 * against libpatina.la as a user's program is.
 *
 * Client and server run in this process and thread, talking over two struct bench_wire
 * (bench.h); every call a side makes into patina sits inside bench_enter(side)/bench_leave(), so
 * each side's CPU time, and heap, is counted on its own.  The connections are driven the way
 * rustls-ffi's client.c and examples/tlsclient.c drive theirs: write_tls while wants_write,
 * read_tls until the wire is empty, process_new_packets, rustls_connection_read until it gives
 * no more.
 *
 * Rows, in this order (bench.h): hs.tls13.KEY.SIDE, bulk.tls13.SUITE.SIZE.{send,recv},
 * mem.idle.SIDE, mem.peak.SIDE.  After each setup what was negotiated (TLS 1.3, the suite,
 * X25519, the server's certificate) is checked, and the program dies on any mismatch.
 */
#include "config.h"

#include "bench.h"
#include "rustls.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIRE_CAP (4u * 1024u * 1024u)
#define TLS13 0x0304
#define GROUP_X25519 0x001d

static const uint16_t tls13_only[] = {TLS13};

/* ---------------------------------------------------------------- helpers */

static void die_result(const char *what, rustls_result r)
{
    char msg[256];
    size_t n = 0;
    rustls_error((unsigned)r, msg, sizeof(msg), &n);
    bench_die("%s: %.*s (%u)", what, (int)n, msg, (unsigned)r);
}

static void must(const char *what, rustls_result r)
{
    if (r != RUSTLS_RESULT_OK) {
        die_result(what, r);
    }
}

static uint8_t *read_data(const struct bench_opts *o, const char *name, size_t *len)
{
    return bench_read_file(bench_data_path(o, name), len);
}

/* Emit one side's rate under `row` if that row was asked for (callgrind mode prints nothing). */
static void emit_row(const struct bench_opts *o, const char *row, double rate)
{
    if (o->cg_side < 0 && bench_selected(o, row) && rate > 0) {
        bench_emit(row, rate);
    }
}

/* ---------------------------------------------------------------- configs */

/* A provider with the default's algorithms and only the suite `iana` (TLS 1.3 bulk rows). */
static const struct rustls_crypto_provider *provider_with_suite(uint16_t iana)
{
    const struct rustls_supported_ciphersuite *chosen = NULL;
    for (size_t i = 0;; i++) {
        const struct rustls_supported_ciphersuite *s = rustls_default_crypto_provider_ciphersuites_get(i);
        if (s == NULL) {
            break;
        }
        if (rustls_supported_ciphersuite_get_suite(s) == iana) {
            chosen = s;
            break;
        }
    }
    if (chosen == NULL) {
        return NULL;
    }
    struct rustls_crypto_provider_builder *b = NULL;
    const struct rustls_crypto_provider *p = NULL;
    must("rustls_crypto_provider_builder_new_from_default", rustls_crypto_provider_builder_new_from_default(&b));
    must("rustls_crypto_provider_builder_set_cipher_suites", rustls_crypto_provider_builder_set_cipher_suites(b, &chosen, 1));
    must("rustls_crypto_provider_builder_build", rustls_crypto_provider_builder_build(b, &p));
    rustls_crypto_provider_builder_free(b);
    return p;
}

/* A TLS 1.3 client config trusting `ca` (a file in the data dir); SNI is on by default. */
static const struct rustls_client_config *client_config(const struct bench_opts *o,
                                                        const struct rustls_crypto_provider *prov, const char *ca)
{
    struct rustls_client_config_builder *b = NULL;
    must("rustls_client_config_builder_new_custom", rustls_client_config_builder_new_custom(prov, tls13_only, 1, &b));
    struct rustls_root_cert_store_builder *rb = rustls_root_cert_store_builder_new();
    if (rb == NULL) {
        bench_die("rustls_root_cert_store_builder_new: out of memory");
    }
    must("load roots", rustls_root_cert_store_builder_load_roots_from_file(rb, bench_data_path(o, ca), true));
    const struct rustls_root_cert_store *roots = NULL;
    must("rustls_root_cert_store_builder_build", rustls_root_cert_store_builder_build(rb, &roots));
    struct rustls_web_pki_server_cert_verifier_builder *vb =
        rustls_web_pki_server_cert_verifier_builder_new_with_provider(prov, roots);
    if (vb == NULL) {
        bench_die("rustls_web_pki_server_cert_verifier_builder_new_with_provider failed");
    }
    struct rustls_server_cert_verifier *verifier = NULL;
    must("rustls_web_pki_server_cert_verifier_builder_build",
         rustls_web_pki_server_cert_verifier_builder_build(vb, &verifier));
    rustls_client_config_builder_set_server_verifier(b, verifier);
    const struct rustls_client_config *cfg = NULL;
    must("rustls_client_config_builder_build", rustls_client_config_builder_build(b, &cfg));
    rustls_server_cert_verifier_free(verifier);
    rustls_web_pki_server_cert_verifier_builder_free(vb);
    rustls_root_cert_store_free(roots);
    rustls_root_cert_store_builder_free(rb);
    return cfg;
}

static const struct rustls_certified_key *certified_key(const struct bench_opts *o, const struct bench_key *k)
{
    size_t chain_len, key_len;
    uint8_t *chain = read_data(o, k->chain, &chain_len);
    uint8_t *key = read_data(o, k->key, &key_len);
    const struct rustls_certified_key *ck = NULL;
    must("rustls_certified_key_build", rustls_certified_key_build(chain, chain_len, key, key_len, &ck));
    must("rustls_certified_key_keys_match", rustls_certified_key_keys_match(ck));
    free(chain);
    free(key);
    return ck;
}

static const struct rustls_server_config *server_config(const struct rustls_crypto_provider *prov,
                                                        const struct rustls_certified_key *ck)
{
    struct rustls_server_config_builder *b = NULL;
    must("rustls_server_config_builder_new_custom", rustls_server_config_builder_new_custom(prov, tls13_only, 1, &b));
    must("rustls_server_config_builder_set_certified_keys", rustls_server_config_builder_set_certified_keys(b, &ck, 1));
    const struct rustls_server_config *cfg = NULL;
    must("rustls_server_config_builder_build", rustls_server_config_builder_build(b, &cfg));
    return cfg;
}

/* Everything one workload needs: the two configs, the server's key, the wires, the connections. */
struct setup {
    const char *name; /* row prefix, for messages */
    const struct rustls_client_config *ccfg;
    const struct rustls_server_config *scfg;
    const struct rustls_certified_key *key;
    uint16_t want_suite; /* 0: the default's choice */
    struct bench_wire c2s, s2c;
    struct rustls_connection *client, *server;
    bool client_hs, server_hs; /* is_handshaking after the side's last step */
};

static void setup_init(struct setup *s, const struct bench_opts *o, const char *name, const struct bench_key *k,
                       uint16_t suite)
{
    memset(s, 0, sizeof(*s));
    s->name = name;
    s->want_suite = suite;
    const struct rustls_crypto_provider *prov = suite != 0 ? provider_with_suite(suite) : rustls_crypto_provider_default();
    if (prov == NULL) {
        return; /* the caller skips the workload */
    }
    s->key = certified_key(o, k);
    s->ccfg = client_config(o, prov, k->ca);
    s->scfg = server_config(prov, s->key);
    rustls_crypto_provider_free(prov);
    bench_wire_init(&s->c2s, WIRE_CAP);
    bench_wire_init(&s->s2c, WIRE_CAP);
}

static void setup_free(struct setup *s)
{
    rustls_client_config_free(s->ccfg);
    rustls_server_config_free(s->scfg);
    rustls_certified_key_free(s->key);
    bench_wire_free(&s->c2s);
    bench_wire_free(&s->s2c);
    memset(s, 0, sizeof(*s));
}

/* ---------------------------------------------------------------- the transport */

static rustls_io_result wire_write(void *userdata, const uint8_t *buf, size_t n, size_t *out_n)
{
    bench_wire_put(userdata, buf, n);
    *out_n = n;
    return 0;
}

static rustls_io_result wire_read(void *userdata, uint8_t *buf, size_t n, size_t *out_n)
{
    size_t got = bench_wire_get(userdata, buf, n);
    if (got == 0) {
        return EAGAIN;
    }
    *out_n = got;
    return 0;
}

/* Inside a window: hand everything the connection has queued to the wire. */
static void flush(struct rustls_connection *conn, struct bench_wire *out)
{
    while (rustls_connection_wants_write(conn)) {
        size_t n = 0;
        int rc = rustls_connection_write_tls(conn, wire_write, out, &n);
        if (rc != 0 || n == 0) {
            bench_die("write_tls: errno %d, %zu bytes", rc, n);
        }
    }
}

/*
 * Inside a window: take in what the wire holds, process it and read the plaintext it carried
 * into plain[*got..cap) (patina keeps at most 16 KiB of it, so reading as we go is what lets
 * read_tls take more).  Plaintext beyond cap is an error.
 */
static void receive(struct rustls_connection *conn, struct bench_wire *in, uint8_t *plain, size_t cap, size_t *got)
{
    while (bench_wire_len(in) > 0) {
        size_t n = 0;
        int rc = rustls_connection_read_tls(conn, wire_read, in, &n);
        if (rc != 0 || n == 0) {
            bench_die("read_tls: errno %d, %zu bytes", rc, n);
        }
        rustls_result r = rustls_connection_process_new_packets(conn);
        if (r != RUSTLS_RESULT_OK) {
            die_result("rustls_connection_process_new_packets", r);
        }
        for (;;) {
            uint8_t spare[1];
            bool full = *got == cap;
            size_t k = 0;
            r = full ? rustls_connection_read(conn, spare, sizeof(spare), &k)
                     : rustls_connection_read(conn, plain + *got, cap - *got, &k);
            if (r == RUSTLS_RESULT_PLAINTEXT_EMPTY) {
                break;
            }
            if (r != RUSTLS_RESULT_OK) {
                die_result("rustls_connection_read", r);
            }
            if (k == 0) {
                bench_die("the peer closed the connection");
            }
            if (full) {
                bench_die("more plaintext than expected");
            }
            *got += k;
        }
    }
}

/* ---------------------------------------------------------------- handshake */

/* The client's first window: create the connection and send the ClientHello. */
static void client_start(struct setup *s)
{
    bench_enter(BENCH_CLIENT);
    rustls_result r = rustls_client_connection_new(s->ccfg, BENCH_SERVER_NAME, &s->client);
    if (r != RUSTLS_RESULT_OK) {
        die_result("rustls_client_connection_new", r);
    }
    flush(s->client, &s->c2s);
    s->client_hs = rustls_connection_is_handshaking(s->client);
    bench_leave();
}

/* One step of a side that has input waiting; the server's first step creates its connection. */
static void step(struct setup *s, enum bench_side side)
{
    bool client = side == BENCH_CLIENT;
    struct bench_wire *in = client ? &s->s2c : &s->c2s;
    struct bench_wire *out = client ? &s->c2s : &s->s2c;
    size_t got = 0;
    bench_enter(side);
    if (!client && s->server == NULL) {
        rustls_result r = rustls_server_connection_new(s->scfg, &s->server);
        if (r != RUSTLS_RESULT_OK) {
            die_result("rustls_server_connection_new", r);
        }
    }
    struct rustls_connection *conn = client ? s->client : s->server;
    receive(conn, in, NULL, 0, &got); /* no application data during the handshake */
    flush(conn, out);
    bool hs = rustls_connection_is_handshaking(conn);
    bench_leave();
    *(client ? &s->client_hs : &s->server_hs) = hs;
}

/* A full handshake; afterwards both connections exist and nothing is left on the wires. */
static void handshake(struct setup *s)
{
    client_start(s);
    while (bench_wire_len(&s->c2s) > 0 || bench_wire_len(&s->s2c) > 0) {
        if (bench_wire_len(&s->c2s) > 0) {
            step(s, BENCH_SERVER);
        }
        if (bench_wire_len(&s->s2c) > 0) {
            step(s, BENCH_CLIENT);
        }
    }
    if (s->client_hs || s->server_hs) {
        bench_die("%s: handshake did not complete (client %d, server %d)", s->name, s->client_hs, s->server_hs);
    }
}

static void free_side(struct setup *s, enum bench_side side)
{
    bench_enter(side);
    rustls_connection_free(side == BENCH_CLIENT ? s->client : s->server);
    bench_leave();
    *(side == BENCH_CLIENT ? &s->client : &s->server) = NULL;
}

/* Outside any window: is what was negotiated what the row says? */
static void check_negotiated(const struct setup *s)
{
    for (int i = 0; i < 2; i++) {
        const struct rustls_connection *c = i == 0 ? s->client : s->server;
        const char *who = i == 0 ? "client" : "server";
        uint16_t v = rustls_connection_get_protocol_version(c);
        uint16_t suite = rustls_connection_get_negotiated_ciphersuite(c);
        uint16_t group = rustls_connection_get_negotiated_key_exchange_group(c);
        if (v != TLS13) {
            bench_die("%s: %s negotiated version 0x%04x, not TLS 1.3", s->name, who, v);
        }
        if (s->want_suite != 0 && suite != s->want_suite) {
            bench_die("%s: %s negotiated suite 0x%04x, not 0x%04x", s->name, who, suite, s->want_suite);
        }
        if (suite == 0) {
            bench_die("%s: %s has no suite", s->name, who);
        }
        if (group != GROUP_X25519) {
            bench_die("%s: %s negotiated group 0x%04x, not X25519", s->name, who, group);
        }
    }
    /* The key type: the leaf the client verified is the one configured for this row. */
    const uint8_t *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    const struct rustls_certificate *peer = rustls_connection_get_peer_certificate(s->client, 0);
    const struct rustls_certificate *mine = rustls_certified_key_get_certificate(s->key, 0);
    if (peer == NULL || mine == NULL || rustls_certificate_get_der(peer, &a, &alen) != RUSTLS_RESULT_OK ||
        rustls_certificate_get_der(mine, &b, &blen) != RUSTLS_RESULT_OK || alen != blen || memcmp(a, b, alen) != 0) {
        bench_die("%s: the client did not get the configured server certificate", s->name);
    }
}

struct hs_ctx {
    struct setup *s;
    bool check; /* check the next handshake's parameters */
};

static int hs_iter(void *ctx)
{
    struct hs_ctx *h = ctx;
    handshake(h->s);
    if (h->check) {
        check_negotiated(h->s);
        h->check = false;
    }
    free_side(h->s, BENCH_CLIENT);
    free_side(h->s, BENCH_SERVER);
    return 0;
}

static void run_handshakes(const struct bench_opts *o)
{
    for (const struct bench_key *k = bench_keys; k->row != NULL; k++) {
        char prefix[128], row[160];
        snprintf(prefix, sizeof(prefix), "hs.tls13.%s", k->row);
        if (!bench_selected(o, prefix)) {
            continue;
        }
        struct setup s;
        setup_init(&s, o, prefix, k, BENCH_HS_SUITE);
        struct hs_ctx h = {&s, true};
        double rate[BENCH_NSIDES];
        bench_measure(o, hs_iter, &h, 1.0, rate);
        snprintf(row, sizeof(row), "%s.client", prefix);
        emit_row(o, row, rate[BENCH_CLIENT]);
        snprintf(row, sizeof(row), "%s.server", prefix);
        emit_row(o, row, rate[BENCH_SERVER]);
        setup_free(&s);
    }
}

/* ---------------------------------------------------------------- bulk */

struct bulk_ctx {
    struct setup *s;
    size_t size;         /* bytes per application write */
    const uint8_t *data; /* BENCH_BULK_BATCH bytes to send */
    uint8_t *recv;       /* where the server reads them to */
    bool check;          /* compare what arrived with what was sent */
};

static int bulk_iter(void *ctx)
{
    struct bulk_ctx *b = ctx;
    struct setup *s = b->s;

    /* One client window: BENCH_BULK_BATCH / size writes, each flushed to the wire as it is made. */
    bench_enter(BENCH_CLIENT);
    for (size_t off = 0; off < BENCH_BULK_BATCH; off += b->size) {
        size_t n = 0;
        rustls_result r = rustls_connection_write(s->client, b->data + off, b->size, &n);
        if (r != RUSTLS_RESULT_OK) {
            die_result("rustls_connection_write", r);
        }
        if (n != b->size) {
            bench_die("rustls_connection_write took %zu of %zu bytes", n, b->size);
        }
        flush(s->client, &s->c2s);
    }
    bench_leave();

    /* One server window: take in the whole batch, reading the plaintext as it comes. */
    size_t got = 0;
    bench_enter(BENCH_SERVER);
    receive(s->server, &s->c2s, b->recv, BENCH_BULK_BATCH, &got);
    bench_leave();
    if (got != BENCH_BULK_BATCH) {
        bench_die("%s: the server read %zu of %u bytes", s->name, got, BENCH_BULK_BATCH);
    }
    if (b->check) {
        if (memcmp(b->recv, b->data, BENCH_BULK_BATCH) != 0) {
            bench_die("%s: the server read other bytes than the client sent", s->name);
        }
        b->check = false;
    }
    return 0;
}

static void run_bulk(const struct bench_opts *o)
{
    const struct bench_key *ecdsa = &bench_keys[0];
    if (strcmp(ecdsa->row, "ecdsa-p256") != 0) {
        bench_die("bench_keys[0] is not ecdsa-p256");
    }
    uint8_t *data = malloc(BENCH_BULK_BATCH);
    uint8_t *recv = malloc(BENCH_BULK_BATCH);
    if (data == NULL || recv == NULL) {
        bench_die("out of memory");
    }
    uint32_t x = 0x9e3779b9u;
    for (size_t i = 0; i < BENCH_BULK_BATCH; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = (uint8_t)x;
    }
    for (const struct bench_suite *su = bench_suites; su->row != NULL; su++) {
        char prefix[128];
        snprintf(prefix, sizeof(prefix), "bulk.tls13.%s", su->row);
        if (!bench_selected(o, prefix)) {
            continue;
        }
        struct setup s;
        setup_init(&s, o, prefix, ecdsa, su->iana);
        if (s.ccfg == NULL) {
            fprintf(stderr, "bench: %s: suite 0x%04x not available, skipped\n", prefix, su->iana);
            continue;
        }
        /* One handshake per suite, outside the measurement. */
        handshake(&s);
        check_negotiated(&s);
        for (const struct bench_size *sz = bench_sizes; sz->row != NULL; sz++) {
            char sprefix[160], row[192];
            snprintf(sprefix, sizeof(sprefix), "%s.%s", prefix, sz->row);
            if (!bench_selected(o, sprefix)) {
                continue;
            }
            struct bulk_ctx b = {&s, sz->len, data, recv, true};
            double rate[BENCH_NSIDES];
            bench_measure(o, bulk_iter, &b, BENCH_BULK_BATCH / 1e6, rate);
            snprintf(row, sizeof(row), "%s.send", sprefix);
            emit_row(o, row, rate[BENCH_CLIENT]);
            snprintf(row, sizeof(row), "%s.recv", sprefix);
            emit_row(o, row, rate[BENCH_SERVER]);
        }
        free_side(&s, BENCH_CLIENT);
        free_side(&s, BENCH_SERVER);
        setup_free(&s);
    }
    free(data);
    free(recv);
}

/* ---------------------------------------------------------------- memory */

static void run_mem(const struct bench_opts *o)
{
    bool idle = bench_selected(o, "mem.idle"), peak = bench_selected(o, "mem.peak");
    if (!idle && !peak) {
        return;
    }
    if (!bench_mem_tracking() || o->cg_side >= 0) {
        if (!bench_mem_tracking()) {
            fprintf(stderr, "bench: no heap tracking in this build: mem rows skipped\n");
        }
        return;
    }
    struct setup s;
    setup_init(&s, o, "mem", &bench_keys[0], BENCH_HS_SUITE);
    /* A first handshake, so that one-time initialisation (in patina or libcrypto) is not counted. */
    handshake(&s);
    check_negotiated(&s);
    free_side(&s, BENCH_CLIENT);
    free_side(&s, BENCH_SERVER);

    bench_mem_peak_reset();
    handshake(&s);
    size_t peak_c = bench_mem_peak(BENCH_CLIENT), peak_s = bench_mem_peak(BENCH_SERVER);
    size_t live0 = bench_mem_live();
    free_side(&s, BENCH_CLIENT);
    size_t live1 = bench_mem_live();
    free_side(&s, BENCH_SERVER);
    size_t live2 = bench_mem_live();

    emit_row(o, "mem.idle.client", (double)(live0 - live1));
    emit_row(o, "mem.idle.server", (double)(live1 - live2));
    emit_row(o, "mem.peak.client", (double)peak_c);
    emit_row(o, "mem.peak.server", (double)peak_s);
    setup_free(&s);
}

int main(int argc, char **argv)
{
    struct bench_opts o;
    if (bench_parse_args(argc, argv, &o) != 0) {
        return 2;
    }
    run_handshakes(&o);
    run_bulk(&o);
    run_mem(&o);
    return 0;
}
