/*
 * conn_testutil.h - a peer for the connection-core tests (test_conn_*.c).
 *
 * The "peer" is a pair of pt_protect states keyed from the same TLS 1.3 secrets as the
 * connection under test: peer.tx seals what the connection receives, peer.rx opens what it
 * sends.  Input reaches the connection through rustls_connection_read_tls with a callback over
 * a byte buffer; output is collected with rustls_connection_write_tls and split into records
 * with a pt_deframer, so every assertion looks at real wire bytes.
 */
#ifndef PT_TEST_CONN_TESTUTIL_H
#define PT_TEST_CONN_TESTUTIL_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "conn/conn.h"
#include "conn/conn_impl.h"
#include "keys/tls13_schedule.h"
#include "record/deframer.h"
#include "record/fragmenter.h"
#include "testlib/pttest.h"

/* TLS_AES_128_GCM_SHA256 (RFC 8446 B.4). */
#define T_SUITE 0x1301

/* Two fixed traffic secrets (32 bytes: SHA-256), one per direction. */
static const uint8_t t_secret_c2s[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                         17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t t_secret_s2c[32] = {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
                                         0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
                                         0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0};

typedef struct t_peer {
    const pt_suite *suite;
    pt_protect tx; /* seals what the connection receives */
    pt_protect rx; /* opens what the connection sends */
    uint8_t tx_secret[32];
    uint8_t rx_secret[32];
} t_peer;

static inline const pt_suite *t_suite(void)
{
    const pt_suite *s = pt_provider_find_suite(pt_default_provider(), T_SUITE);
    ck_assert_ptr_nonnull(s);
    return s;
}

/* Key one peer direction from `secret` (RFC 8446 section 7.3). */
static inline void t_key(pt_protect *p, const uint8_t *secret)
{
    const pt_suite *s = t_suite();
    uint8_t key[PT_AEAD_KEY_MAX], iv[PT_AEAD_NONCE_LEN];
    ck_assert_pt_ok(pt_tls13_traffic_keys(s->hash, secret, key, s->aead->key_len, iv, sizeof(iv)));
    ck_assert_pt_ok(pt_protect_init_tls13(p, s->aead, key, iv));
}

/* Next application traffic secret for one peer direction (RFC 8446 section 7.2). */
static inline void t_peer_update(pt_protect *p, uint8_t *secret)
{
    ck_assert_pt_ok(pt_tls13_next_traffic_secret(t_suite()->hash, secret));
    t_key(p, secret);
}

/* A client connection with no config (pt_conn_free is NULL-safe about it). */
static inline pt_conn *t_conn(bool is_server)
{
    pt_conn *c = pt_conn_new(is_server, pt_default_provider());
    ck_assert_ptr_nonnull(c);
    return c;
}

/* Make `c` an established TLS 1.3 connection with the test secrets, and the peer its mirror. */
static inline void t_establish(pt_conn *c, t_peer *peer)
{
    c->version = 0x0304;
    c->suite = t_suite();
    const uint8_t *ours = c->is_server ? t_secret_s2c : t_secret_c2s;
    const uint8_t *theirs = c->is_server ? t_secret_c2s : t_secret_s2c;
    ck_assert_pt_ok(pt_conn_set_tx_keys13(c, ours, true));
    ck_assert_pt_ok(pt_conn_set_rx_keys13(c, theirs, true));
    c->rx_changed = false;
    c->may_receive_app_data = true;
    ck_assert_pt_ok(pt_conn_handshake_done(c));
    memset(peer, 0, sizeof(*peer));
    peer->suite = c->suite;
    memcpy(peer->tx_secret, theirs, 32);
    memcpy(peer->rx_secret, ours, 32);
    t_key(&peer->tx, peer->tx_secret);
    t_key(&peer->rx, peer->rx_secret);
}

static inline void t_peer_free(t_peer *peer)
{
    pt_protect_cleanup(&peer->tx);
    pt_protect_cleanup(&peer->rx);
}

/* ---------------------------------------------------------------- building input */

/* A growable byte string. */
typedef struct t_bytes {
    uint8_t *p;
    size_t len;
} t_bytes;

static inline void t_add(t_bytes *b, const void *p, size_t n)
{
    b->p = realloc(b->p, b->len + n + 1);
    ck_assert_ptr_nonnull(b->p);
    if (n) {
        memcpy(b->p + b->len, p, n);
    }
    b->len += n;
}

static inline void t_add_hex(t_bytes *b, const char *hex)
{
    size_t n;
    uint8_t *p = pt_test_unhex(hex, &n);
    t_add(b, p, n);
    free(p);
}

/* An unprotected record: header (version 0x0303) and body. */
static inline void t_add_plain(t_bytes *b, uint8_t type, const void *body, size_t n)
{
    uint8_t h[5] = {type, 3, 3, (uint8_t)(n >> 8), (uint8_t)n};
    t_add(b, h, 5);
    t_add(b, body, n);
}

static inline void t_add_plain_hex(t_bytes *b, uint8_t type, const char *hex)
{
    size_t n;
    uint8_t *p = pt_test_unhex(hex, &n);
    t_add_plain(b, type, p, n);
    free(p);
}

/* One record of `type` sealed by `p` (TLS 1.3 inner type, no padding). */
static inline void t_add_sealed(t_bytes *b, pt_protect *p, uint8_t type, const void *body, size_t n)
{
    pt_fragmenter f;
    pt_fragmenter_init(&f);
    pt_buf q;
    pt_buf_init(&q, PT_BUF_UNLIMITED);
    size_t consumed = 0;
    ck_assert_pt_ok(pt_fragmenter_queue(&f, p, type, body, n, &q, &consumed));
    ck_assert_uint_eq(consumed, n);
    size_t len = pt_buf_len(&q);
    uint8_t *tmp = malloc(len + 1);
    ck_assert_uint_eq(pt_buf_read(&q, tmp, len), len);
    t_add(b, tmp, len);
    free(tmp);
    pt_buf_free(&q);
}

/* An empty record of `type` sealed by `p` (the fragmenter never makes one). */
static inline void t_add_sealed_empty(t_bytes *b, pt_protect *p, uint8_t type)
{
    uint8_t rec[PT_RECORD_HEADER_LEN + 1 + PT_AEAD_TAG_LEN];
    size_t len = 0;
    ck_assert_pt_ok(pt_protect_seal(p, type, 0x0303, rec, 0, 0, sizeof(rec), &len));
    ck_assert_uint_eq(len, sizeof(rec));
    t_add(b, rec, len);
}

static inline void t_add_sealed_hex(t_bytes *b, pt_protect *p, uint8_t type, const char *hex)
{
    size_t n;
    uint8_t *q = pt_test_unhex(hex, &n);
    t_add_sealed(b, p, type, q, n);
    free(q);
}

/* ---------------------------------------------------------------- moving bytes */

/* Source for the read callback: at most `chunk` bytes per call (0: as many as fit). */
typedef struct t_src {
    const uint8_t *p;
    size_t len;
    size_t off;
    size_t chunk;
    int calls;
    int fail; /* errno to return instead, when non-zero */
} t_src;

static inline rustls_io_result t_read_cb(void *ud, uint8_t *buf, size_t n, size_t *out_n)
{
    t_src *s = ud;
    s->calls++;
    if (s->fail) {
        return s->fail;
    }
    size_t k = s->len - s->off;
    if (k > n) {
        k = n;
    }
    if (s->chunk && k > s->chunk) {
        k = s->chunk;
    }
    if (k) {
        memcpy(buf, s->p + s->off, k);
    }
    s->off += k;
    *out_n = k;
    return 0;
}

/* Read all of `b` into the connection (process_new_packets is the caller's business). */
static inline void t_feed(pt_conn *c, const t_bytes *b)
{
    t_src s = {b->p, b->len, 0, 0, 0, 0};
    while (s.off < s.len) {
        size_t n = 0;
        ck_assert_int_eq(rustls_connection_read_tls(c, t_read_cb, &s, &n), 0);
        ck_assert_uint_gt(n, 0);
    }
}

/* Feed, process, and return the result. */
static inline rustls_result t_feed_process(pt_conn *c, t_bytes *b)
{
    t_feed(c, b);
    free(b->p);
    b->p = NULL;
    b->len = 0;
    return rustls_connection_process_new_packets(c);
}

/* Sink for the write callbacks: accepts at most `chunk` bytes per call (0: everything). */
typedef struct t_sink {
    t_bytes out;
    size_t chunk;
    int calls;
    int fail;
    size_t lie; /* when non-zero, report this many bytes written */
} t_sink;

static inline rustls_io_result t_write_cb(void *ud, const uint8_t *buf, size_t n, size_t *out_n)
{
    t_sink *s = ud;
    s->calls++;
    if (s->fail) {
        return s->fail;
    }
    size_t k = (s->chunk && n > s->chunk) ? s->chunk : n;
    t_add(&s->out, buf, k);
    *out_n = s->lie ? s->lie : k;
    return 0;
}

/* Everything the connection has queued, via write_tls. */
static inline t_bytes t_drain(pt_conn *c)
{
    t_sink s = {{NULL, 0}, 0, 0, 0, 0};
    while (rustls_connection_wants_write(c)) {
        size_t n = 0;
        ck_assert_int_eq(rustls_connection_write_tls(c, t_write_cb, &s, &n), 0);
        ck_assert_uint_gt(n, 0);
    }
    return s.out;
}

/* ---------------------------------------------------------------- reading output */

typedef struct t_rec {
    uint8_t type; /* after opening, the inner type */
    uint8_t body[PT_RECORD_MAX_WIRE];
    size_t len;
} t_rec;

/* Split `out` into records; open each with `p` when p is non-NULL.  Returns the count. */
static inline size_t t_records(const t_bytes *out, pt_protect *p, t_rec *recs, size_t max)
{
    pt_deframer d;
    pt_deframer_init(&d);
    size_t off = 0, n = 0;
    for (;;) {
        pt_record r;
        bool have = false;
        ck_assert_pt_ok(pt_deframer_next(&d, p != NULL, &r, &have));
        if (have) {
            ck_assert_uint_lt(n, max);
            if (p != NULL) {
                ck_assert_pt_ok(pt_protect_open(p, &r));
            }
            recs[n].type = r.type;
            memcpy(recs[n].body, r.payload, r.len);
            recs[n].len = r.len;
            n++;
            continue;
        }
        if (off == out->len) {
            break;
        }
        uint8_t *space;
        size_t room;
        ck_assert_pt_ok(pt_deframer_space(&d, &space, &room));
        ck_assert_uint_gt(room, 0);
        size_t k = out->len - off < room ? out->len - off : room;
        memcpy(space, out->p + off, k);
        pt_deframer_commit(&d, k);
        off += k;
    }
    ck_assert_uint_eq(pt_deframer_buffered(&d), 0);
    pt_deframer_cleanup(&d);
    return n;
}

#endif
