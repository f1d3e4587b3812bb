/*
 * test_conn_io.c - an established TLS 1.3 connection (keys from fixed secrets, a mirrored peer):
 * read/write/EOF semantics as rustls's Reader/Writer, close_notify (received, data after it,
 * sent once), buffer limits, received-plaintext back-pressure, a full input buffer, write_tls
 * and write_tls_vectored with 1-byte, partial, failing and lying callbacks, empty records.
 */
#include "tests/unit/conn_testutil.h"

#include <time.h>

#include "msgs/alert.h"

typedef struct io_fixture {
    pt_conn *c;
    t_peer peer;
} io_fixture;

static io_fixture fx;

static void setup(void)
{
    fx.c = t_conn(false);
    t_establish(fx.c, &fx.peer);
}

static void teardown(void)
{
    pt_conn_free(fx.c);
    t_peer_free(&fx.peer);
}

/* Seal `hex` as application data from the peer and process it. */
static rustls_result peer_sends(uint8_t type, const char *hex)
{
    t_bytes in = {0};
    t_add_sealed_hex(&in, &fx.peer.tx, type, hex);
    return t_feed_process(fx.c, &in);
}

/* Everything the connection sent, opened by the peer; returns the record count. */
static size_t peer_receives(t_rec *recs, size_t max)
{
    t_bytes out = t_drain(fx.c);
    size_t n = t_records(&out, &fx.peer.rx, recs, max);
    free(out.p);
    return n;
}

static t_rec recs[64];

/* ---------------------------------------------------------------- read */

START_TEST(read_semantics)
{
    uint8_t buf[8];
    size_t n = 77;
    /* nothing yet: PLAINTEXT_EMPTY, output untouched */
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_PLAINTEXT_EMPTY);
    ck_assert_uint_eq(n, 77);
    /* a zero-length read is Ok(0) (rustls Reader::read with an empty buffer) */
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, 0, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert(rustls_connection_wants_read(fx.c));
    ck_assert_int_eq(peer_sends(PT_CT_APPLICATION_DATA, "000102030405060708090a"), RUSTLS_RESULT_OK);
    ck_assert(!rustls_connection_wants_read(fx.c)); /* plaintext waits: back-pressure */
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_hex_eq(buf, n, "0001020304050607");
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_hex_eq(buf, n, "08090a");
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_PLAINTEXT_EMPTY);
    ck_assert(rustls_connection_wants_read(fx.c));
}
END_TEST

/* close_notify: buffered data first, then Ok(0); data after it is ignored (RFC 8446 6.1). */
START_TEST(close_notify_received)
{
    t_bytes in = {0};
    t_add_sealed_hex(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA, "6869");
    t_add_sealed_hex(&in, &fx.peer.tx, PT_CT_ALERT, "01 00");
    t_add_sealed_hex(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA, "ffff");
    t_add_hex(&in, "17 0303 00"); /* and a partial record */
    ck_assert_int_eq(t_feed_process(fx.c, &in), RUSTLS_RESULT_OK);
    ck_assert(fx.c->peer_closed);
    ck_assert_ptr_null(fx.c->deframer.buf); /* everything after close_notify dropped */
    ck_assert(!rustls_connection_wants_read(fx.c));
    uint8_t buf[8];
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_hex_eq(buf, n, "6869");
    n = 5;
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 0);
    /* read_tls returns 0 without calling the callback */
    t_src s = {buf, sizeof(buf), 0, 0, 0, 0};
    n = 5;
    ck_assert_int_eq(rustls_connection_read_tls(fx.c, t_read_cb, &s, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(s.calls, 0);
    /* nothing was sent back; the connection is not failed */
    ck_assert(!rustls_connection_wants_write(fx.c));
    ck_assert_int_eq(rustls_connection_process_new_packets(fx.c), RUSTLS_RESULT_OK);
}
END_TEST

START_TEST(unexpected_eof)
{
    ck_assert_int_eq(peer_sends(PT_CT_APPLICATION_DATA, "41"), RUSTLS_RESULT_OK);
    t_src s = {NULL, 0, 0, 0, 0, 0};
    size_t n = 9;
    ck_assert_int_eq(rustls_connection_read_tls(fx.c, t_read_cb, &s, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert(fx.c->peer_eof);
    uint8_t buf[4];
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_hex_eq(buf, n, "41");
    n = 9;
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_UNEXPECTED_EOF);
    ck_assert_uint_eq(n, 9);
}
END_TEST

START_TEST(read_tls_callback_error_and_lie)
{
    uint8_t buf[4] = {0};
    t_src s = {buf, sizeof(buf), 0, 0, 0, EAGAIN};
    size_t n = 9;
    ck_assert_int_eq(rustls_connection_read_tls(fx.c, t_read_cb, &s, &n), EAGAIN);
    ck_assert_uint_eq(n, 9);
    ck_assert(!fx.c->peer_eof);
    ck_assert_uint_eq(pt_deframer_buffered(&fx.c->deframer), 0);
}
END_TEST

/* rustls: "received plaintext buffer full" once more than 16 KiB waits to be read. */
START_TEST(received_plaintext_limit)
{
    uint8_t *big = calloc(1, PT_RECORD_MAX_PLAINTEXT);
    t_bytes in = {0};
    t_add_sealed(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA, big, PT_RECORD_MAX_PLAINTEXT);
    t_add_sealed(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA, big, 1);
    t_add_sealed(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA, big, 2);
    ck_assert_int_eq(t_feed_process(fx.c, &in), RUSTLS_RESULT_OK);
    /* processing stopped once over the limit: the 2-byte record is still buffered */
    ck_assert_uint_eq(pt_buf_len(&fx.c->plain_in), PT_RECORD_MAX_PLAINTEXT + 1);
    ck_assert_uint_gt(pt_deframer_buffered(&fx.c->deframer), 0);
    t_src s = {big, 10, 0, 0, 0, 0};
    size_t n = 9;
    ck_assert_int_eq(rustls_connection_read_tls(fx.c, t_read_cb, &s, &n), EIO);
    ck_assert_int_eq(s.calls, 0);
    uint8_t buf[64];
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 64);
    ck_assert_int_eq(rustls_connection_process_new_packets(fx.c), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pt_buf_len(&fx.c->plain_in), PT_RECORD_MAX_PLAINTEXT + 1 - 64 + 2);
    ck_assert_uint_eq(pt_deframer_buffered(&fx.c->deframer), 0);
    free(big);
}
END_TEST

/* rustls: "message buffer full" when the input buffer holds only complete, unprocessed records. */
START_TEST(input_buffer_full)
{
    t_bytes in = {0};
    while (in.len < 2 * PT_DEFRAMER_INITIAL) {
        t_add_sealed_hex(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA, "00112233445566778899");
    }
    t_src s = {in.p, in.len, 0, 0, 0, 0};
    size_t n = 0;
    int r;
    int reads = 0;
    while ((r = rustls_connection_read_tls(fx.c, t_read_cb, &s, &n)) == 0) {
        ck_assert_uint_gt(n, 0);
        ck_assert_int_lt(++reads, 10);
    }
    ck_assert_int_eq(r, EIO);
    ck_assert_int_eq(s.calls, reads);
    ck_assert_int_eq(rustls_connection_process_new_packets(fx.c), RUSTLS_RESULT_OK);
    while (s.off < s.len) {
        ck_assert_int_eq(rustls_connection_read_tls(fx.c, t_read_cb, &s, &n), 0);
        ck_assert_int_eq(rustls_connection_process_new_packets(fx.c), RUSTLS_RESULT_OK);
    }
    free(in.p);
}
END_TEST

/* rustls: at most 32 empty records in a row; PeerMisbehaved without an alert after that. */
START_TEST(empty_records_limited)
{
    t_bytes in = {0};
    for (int i = 0; i < 32; i++) {
        t_add_sealed_empty(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA);
    }
    t_add_sealed_hex(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA, "01");
    for (int i = 0; i < 32; i++) {
        t_add_sealed_empty(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA);
    }
    ck_assert_int_eq(t_feed_process(fx.c, &in), RUSTLS_RESULT_OK);
    t_add_sealed_empty(&in, &fx.peer.tx, PT_CT_APPLICATION_DATA);
    ck_assert_int_eq(t_feed_process(fx.c, &in), RUSTLS_RESULT_PEER_MISBEHAVED_ERROR);
    ck_assert(!rustls_connection_wants_write(fx.c));
}
END_TEST

/* ---------------------------------------------------------------- write */

START_TEST(write_is_sealed)
{
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"hello", 5, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"", 0, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(peer_receives(recs, 64), 1);
    ck_assert_uint_eq(recs[0].type, PT_CT_APPLICATION_DATA);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "68656c6c6f");
}
END_TEST

/* Written during the handshake: buffered up to the limit, sent when the handshake completes. */
START_TEST(write_before_handshake_done)
{
    pt_conn *c = t_conn(true);
    rustls_connection_set_buffer_limit(c, 10);
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"0123456789abc", 13, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 10);
    ck_assert_int_eq(rustls_connection_write(c, (const uint8_t *)"x", 1, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert(!rustls_connection_wants_write(c));
    t_peer peer;
    t_establish(c, &peer); /* pt_conn_handshake_done flushes, ignoring the limit */
    t_bytes out = t_drain(c);
    ck_assert_uint_eq(t_records(&out, &peer.rx, recs, 64), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "30313233343536373839");
    ck_assert(pt_buf_is_empty(&c->plain_out));
    free(out.p);
    t_peer_free(&peer);
    pt_conn_free(c);
}
END_TEST

/* rustls: the limit counts queued TLS bytes, applied to the plaintext accepted. */
START_TEST(write_buffer_limit)
{
    rustls_connection_set_buffer_limit(fx.c, 100);
    uint8_t data[300];
    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)i;
    }
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(fx.c, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 100);
    ck_assert_uint_eq(pt_buf_len(&fx.c->sendq), 100 + 5 + 1 + 16);
    ck_assert_int_eq(rustls_connection_write(fx.c, data + 100, 200, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(peer_receives(recs, 64), 1);
    ck_assert_mem_eq(recs[0].body, data, 100);
    /* 0 is a limit of zero bytes (rustls-ffi passes Some(0)), not "unlimited" */
    rustls_connection_set_buffer_limit(fx.c, 0);
    ck_assert_int_eq(rustls_connection_write(fx.c, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 0);
    /* a large limit takes everything */
    rustls_connection_set_buffer_limit(fx.c, SIZE_MAX);
    ck_assert_int_eq(rustls_connection_write(fx.c, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 300);
    /* protocol output ignores the limit */
    rustls_connection_set_buffer_limit(fx.c, 1);
    rustls_connection_send_close_notify(fx.c);
    ck_assert_uint_eq(peer_receives(recs, 64), 2);
    ck_assert_uint_eq(recs[1].type, PT_CT_ALERT);
}
END_TEST

/* A write larger than one record is fragmented at 2^14 (RFC 8446 5.1). */
START_TEST(write_fragments)
{
    size_t len = PT_RECORD_MAX_PLAINTEXT * 2 + 5;
    uint8_t *data = malloc(len);
    for (size_t i = 0; i < len; i++) {
        data[i] = (uint8_t)(i * 7);
    }
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(fx.c, data, len, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, PT_DEFAULT_BUFFER_LIMIT < len ? PT_DEFAULT_BUFFER_LIMIT : len);
    ck_assert_uint_eq(peer_receives(recs, 64), 3);
    ck_assert_uint_eq(recs[0].len, PT_RECORD_MAX_PLAINTEXT);
    ck_assert_uint_eq(recs[2].len, 5);
    ck_assert_mem_eq(recs[1].body, data + PT_RECORD_MAX_PLAINTEXT, PT_RECORD_MAX_PLAINTEXT);
    free(data);
}
END_TEST

/* close_notify: a warning alert, sealed, once; rustls still accepts writes after it. */
START_TEST(send_close_notify_once)
{
    rustls_connection_send_close_notify(fx.c);
    rustls_connection_send_close_notify(fx.c);
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"z", 1, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(peer_receives(recs, 64), 2);
    ck_assert_uint_eq(recs[0].type, PT_CT_ALERT);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "0100");
    ck_assert_uint_eq(recs[1].type, PT_CT_APPLICATION_DATA);
}
END_TEST

/* No close_notify after a fatal alert of ours (rustls sent_fatal_alert). */
START_TEST(no_close_notify_after_fatal_alert)
{
    ck_assert_int_eq(peer_sends(PT_CT_HANDSHAKE, "01 000000"), RUSTLS_RESULT_INAPPROPRIATE_HANDSHAKE_MESSAGE);
    rustls_connection_send_close_notify(fx.c);
    ck_assert_uint_eq(peer_receives(recs, 64), 1);
    ck_assert_hex_eq(recs[0].body, recs[0].len, "020a");
}
END_TEST

/* ---------------------------------------------------------------- write_tls */

static void queue_three_records(void)
{
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"one", 3, &n), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"two", 3, &n), RUSTLS_RESULT_OK);
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"three", 5, &n), RUSTLS_RESULT_OK);
}

START_TEST(write_tls_one_byte_at_a_time)
{
    queue_three_records();
    size_t total = pt_buf_len(&fx.c->sendq);
    t_sink s = {{NULL, 0}, 1, 0, 0, 0};
    size_t n = 0;
    while (rustls_connection_wants_write(fx.c)) {
        ck_assert_int_eq(rustls_connection_write_tls(fx.c, t_write_cb, &s, &n), 0);
        ck_assert_uint_eq(n, 1);
    }
    ck_assert_uint_eq(s.out.len, total);
    ck_assert_int_eq(s.calls, (int)total);
    ck_assert_uint_eq(t_records(&s.out, &fx.peer.rx, recs, 64), 3);
    ck_assert_hex_eq(recs[2].body, recs[2].len, "7468726565");
    /* nothing queued: 0 without calling */
    ck_assert_int_eq(rustls_connection_write_tls(fx.c, t_write_cb, &s, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(s.calls, (int)total);
    free(s.out.p);
}
END_TEST

START_TEST(write_tls_errors)
{
    queue_three_records();
    size_t total = pt_buf_len(&fx.c->sendq);
    t_sink s = {{NULL, 0}, 0, 0, EAGAIN, 0};
    size_t n = 42;
    ck_assert_int_eq(rustls_connection_write_tls(fx.c, t_write_cb, &s, &n), EAGAIN);
    ck_assert_uint_eq(n, 42);
    ck_assert_uint_eq(pt_buf_len(&fx.c->sendq), total); /* nothing consumed */
    /* a callback claiming more than offered: EIO and everything offered is dropped (rustls) */
    s.fail = 0;
    s.lie = total + 1;
    ck_assert_int_eq(rustls_connection_write_tls(fx.c, t_write_cb, &s, &n), EIO);
    ck_assert_uint_eq(n, 42);
    ck_assert(!rustls_connection_wants_write(fx.c));
    free(s.out.p);
}
END_TEST

typedef struct vsink {
    t_bytes out;
    size_t max; /* accept at most this many bytes per call */
    int calls;
    size_t last_count;
} vsink;

static rustls_io_result vec_cb(void *ud, const struct rustls_iovec *iov, size_t count, size_t *out_n)
{
    vsink *s = ud;
    /* rustls_iovec has struct iovec's layout (rustls.h): read it as one */
    const struct {
        const void *base;
        size_t len;
    } *v = (const void *)iov;
    s->calls++;
    s->last_count = count;
    size_t took = 0;
    for (size_t i = 0; i < count && took < s->max; i++) {
        size_t k = v[i].len < s->max - took ? v[i].len : s->max - took;
        t_add(&s->out, v[i].base, k);
        took += k;
    }
    *out_n = took;
    return 0;
}

START_TEST(write_tls_vectored_partial)
{
    /* chunks of the send queue: force several by writing more than one chunk's worth */
    uint8_t data[3000];
    memset(data, 0x5a, sizeof(data));
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(rustls_connection_write(fx.c, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    }
    size_t total = pt_buf_len(&fx.c->sendq);
    pt_slice chunks[8];
    size_t nchunks = pt_buf_peekv(&fx.c->sendq, chunks, 8);
    ck_assert_uint_gt(nchunks, 1);
    vsink s = {{NULL, 0}, 1000, 0, 0};
    ck_assert_int_eq(rustls_connection_write_tls_vectored(fx.c, vec_cb, &s, &n), 0);
    ck_assert_uint_eq(n, 1000);
    ck_assert_uint_eq(s.last_count, nchunks); /* every chunk offered in one call */
    s.max = 1;
    ck_assert_int_eq(rustls_connection_write_tls_vectored(fx.c, vec_cb, &s, &n), 0);
    ck_assert_uint_eq(n, 1);
    s.max = SIZE_MAX;
    ck_assert_int_eq(rustls_connection_write_tls_vectored(fx.c, vec_cb, &s, &n), 0);
    ck_assert_uint_eq(n, total - 1001);
    ck_assert_uint_eq(s.out.len, total);
    ck_assert_uint_eq(t_records(&s.out, &fx.peer.rx, recs, 64), 4);
    ck_assert_mem_eq(recs[3].body, data, sizeof(data));
    int calls = s.calls;
    ck_assert_int_eq(rustls_connection_write_tls_vectored(fx.c, vec_cb, &s, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(s.calls, calls);
    free(s.out.p);
}
END_TEST

/* ---------------------------------------------------------------- accessors */

START_TEST(accessors)
{
    pt_conn *c = fx.c;
    ck_assert_uint_eq(rustls_connection_get_protocol_version(c), 0x0304);
    ck_assert_uint_eq(rustls_connection_get_negotiated_ciphersuite(c), 0x1301);
    rustls_str name = rustls_connection_get_negotiated_ciphersuite_name(c);
    ck_assert_uint_eq(name.len, strlen("TLS13_AES_128_GCM_SHA256"));
    ck_assert_mem_eq(name.data, "TLS13_AES_128_GCM_SHA256", name.len);
    /* not set by this fixture: rustls-ffi's "not yet" answers */
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(c), 0);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group_name(c).len, 0);
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(c, 0));
    const uint8_t *p = (const uint8_t *)"x";
    size_t len = 9;
    rustls_connection_get_alpn_protocol(c, &p, &len);
    ck_assert_ptr_null(p);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(rustls_connection_handshake_kind(c), RUSTLS_HANDSHAKE_KIND_UNKNOWN);
    ck_assert(!rustls_connection_fips(c));

    c->group = pt_provider_find_group(pt_default_provider(), PT_GROUP_X25519);
    ck_assert_uint_eq(rustls_connection_get_negotiated_key_exchange_group(c), 0x001d);
    name = rustls_connection_get_negotiated_key_exchange_group_name(c);
    ck_assert_mem_eq(name.data, "X25519", name.len);
    memcpy(c->alpn, "h2", 2);
    c->alpn_len = 2;
    rustls_connection_get_alpn_protocol(c, &p, &len);
    ck_assert_uint_eq(len, 2);
    ck_assert_mem_eq(p, "h2", 2);
    pt_slice certs[2] = {pt_slice_of("\x30\x01\x00", 3), pt_slice_of("\x30\x00", 2)};
    ck_assert_pt_ok(pt_conn_set_peer_certs(c, certs, 2));
    ck_assert_pt_ok(pt_conn_set_peer_certs(c, certs, 2)); /* replacing frees the old copy */
    const struct rustls_certificate *leaf = rustls_connection_get_peer_certificate(c, 0);
    ck_assert_ptr_nonnull(leaf);
    ck_assert_uint_eq(leaf->der.len, 3);
    ck_assert_ptr_ne(leaf->der.p, certs[0].p);
    ck_assert_ptr_nonnull(rustls_connection_get_peer_certificate(c, 1));
    ck_assert_ptr_null(rustls_connection_get_peer_certificate(c, 2));
    c->tls13_tickets_received = 3;
    ck_assert_uint_eq(rustls_connection_get_tls13_tickets_received(c), 3);
    c->is_server = true;
    ck_assert_uint_eq(rustls_connection_get_tls13_tickets_received(c), 0);
}
END_TEST

static int log_lines;
static void *log_userdata;
static rustls_log_level log_level;

static void log_cb(void *userdata, const struct rustls_log_params *params)
{
    log_lines++;
    log_userdata = userdata;
    log_level = params->level;
}

/* The log callback receives the connection's userdata, whenever it was set. */
START_TEST(log_gets_userdata)
{
    int tag;
    rustls_connection_set_log_callback(fx.c, log_cb);
    rustls_connection_set_userdata(fx.c, &tag);
    ck_assert_ptr_eq(fx.c->userdata, &tag);
    log_lines = 0;
    ck_assert_int_eq(peer_sends(PT_CT_ALERT, "02 28"), RUSTLS_RESULT_ALERT_HANDSHAKE_FAILURE);
    ck_assert_int_gt(log_lines, 0);
    ck_assert_ptr_eq(log_userdata, &tag);
    ck_assert_uint_ge(log_level, PT_LOG_ERROR);
    ck_assert_uint_le(log_level, PT_LOG_DEBUG);
}
END_TEST

static uint64_t fixed_now(const pt_conn *c)
{
    (void)c;
    return 1234567;
}

START_TEST(now_hook)
{
    uint64_t before = (uint64_t)time(NULL);
    uint64_t now = pt_conn_now(fx.c);
    ck_assert_uint_ge(now, before);
    ck_assert_uint_le(now, before + 5);
    pt_conn_set_now_hook(fixed_now);
    ck_assert_uint_eq(pt_conn_now(fx.c), 1234567);
    pt_conn_set_now_hook(NULL);
    ck_assert_uint_ge(pt_conn_now(fx.c), before);
}
END_TEST

/* DESIGN.md 3: an idle established connection holds no buffers once its queues are drained. */
START_TEST(idle_connection_holds_no_buffers)
{
    ck_assert_int_eq(peer_sends(PT_CT_APPLICATION_DATA, "0102"), RUSTLS_RESULT_OK);
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"ab", 2, &n), RUSTLS_RESULT_OK);
    ck_assert_uint_gt(pt_buf_heap_bytes(&fx.c->sendq), 0);
    ck_assert_uint_gt(pt_buf_heap_bytes(&fx.c->plain_in), 0);
    uint8_t buf[4];
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(peer_receives(recs, 64), 1);
    ck_assert_ptr_null(fx.c->deframer.buf);
    ck_assert_ptr_null(fx.c->joiner.buf);
    ck_assert_uint_eq(pt_buf_heap_bytes(&fx.c->sendq), 0);
    ck_assert_uint_eq(pt_buf_heap_bytes(&fx.c->plain_in), 0);
    ck_assert_uint_eq(pt_buf_heap_bytes(&fx.c->plain_out), 0);
    ck_assert_ptr_null(fx.c->hs);
}
END_TEST

/*
 * While records stream in (more input already buffered), the plaintext queue keeps the drained
 * record's chunk for the next one; once nothing more waits, the connection drops it.
 */
START_TEST(plaintext_chunk_kept_only_while_records_stream)
{
    uint8_t body[3000], buf[4000];
    for (size_t i = 0; i < sizeof(body); i++) {
        body[i] = (uint8_t)(i * 13);
    }
    t_bytes two = {0}, part = {0}, rest = {0};
    t_add_sealed(&two, &fx.peer.tx, PT_CT_APPLICATION_DATA, body, sizeof(body));
    t_add_sealed(&two, &fx.peer.tx, PT_CT_APPLICATION_DATA, body, sizeof(body));
    size_t one = two.len / 2;
    t_add(&part, two.p, one + 3); /* the first record and 3 bytes of the second */
    t_add(&rest, two.p + one + 3, two.len - one - 3);
    free(two.p);

    ck_assert_int_eq(t_feed_process(fx.c, &part), RUSTLS_RESULT_OK);
    size_t n = 0;
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, sizeof(body));
    ck_assert_mem_eq(buf, body, sizeof(body));
    /* Nothing to read, but a record is arriving: the chunk is kept as the spare. */
    ck_assert_uint_eq(pt_buf_len(&fx.c->plain_in), 0);
    ck_assert_ptr_nonnull(fx.c->plain_in.spare);
    const pt_buf_chunk *spare = fx.c->plain_in.spare;

    ck_assert_int_eq(t_feed_process(fx.c, &rest), RUSTLS_RESULT_OK);
    ck_assert_ptr_eq(fx.c->plain_in.head, spare); /* the second record reused it */
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, sizeof(body));
    ck_assert_mem_eq(buf, body, sizeof(body));
    /* Idle now: no spare, no heap. */
    ck_assert_ptr_null(fx.c->plain_in.spare);
    ck_assert_uint_eq(pt_buf_heap_bytes(&fx.c->plain_in), 0);
}
END_TEST

/* A live connection with NULL callbacks, buffers or outputs: rustls-ffi's answers, nothing consumed. */
START_TEST(null_arguments)
{
    size_t n = 42;
    uint8_t buf[8];
    ck_assert_int_eq(rustls_connection_write(fx.c, (const uint8_t *)"q", 1, &n), RUSTLS_RESULT_OK);
    size_t queued = pt_buf_len(&fx.c->sendq);
    n = 42;
    ck_assert_int_eq(rustls_connection_read_tls(fx.c, NULL, NULL, &n), EINVAL);
    t_src src = {buf, sizeof(buf), 0, 0, 0, 0};
    ck_assert_int_eq(rustls_connection_read_tls(fx.c, t_read_cb, &src, NULL), EINVAL);
    ck_assert_int_eq(src.calls, 0);
    ck_assert_int_eq(rustls_connection_write_tls(fx.c, NULL, NULL, &n), EINVAL);
    t_sink sink = {{NULL, 0}, 0, 0, 0, 0};
    ck_assert_int_eq(rustls_connection_write_tls(fx.c, t_write_cb, &sink, NULL), EINVAL);
    ck_assert_int_eq(rustls_connection_write_tls_vectored(fx.c, NULL, NULL, &n), EINVAL);
    ck_assert_int_eq(sink.calls, 0);
    ck_assert_uint_eq(pt_buf_len(&fx.c->sendq), queued);
    /* rustls-ffi: a NULL buffer is NULL_PARAMETER even for 0 bytes */
    ck_assert_int_eq(rustls_connection_write(fx.c, NULL, 0, &n), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_connection_write(fx.c, buf, 1, NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_connection_read(fx.c, NULL, 0, &n), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_int_eq(rustls_connection_read(fx.c, buf, sizeof(buf), NULL), RUSTLS_RESULT_NULL_PARAMETER);
    ck_assert_uint_eq(n, 42);
    ck_assert_uint_eq(pt_buf_len(&fx.c->sendq), queued);
    /* get_alpn_protocol with one NULL output writes neither */
    memcpy(fx.c->alpn, "h2", 2);
    fx.c->alpn_len = 2;
    const uint8_t *p = buf;
    rustls_connection_get_alpn_protocol(fx.c, &p, NULL);
    ck_assert_ptr_eq(p, buf);
    rustls_connection_get_alpn_protocol(fx.c, NULL, &n);
    ck_assert_uint_eq(n, 42);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conn_io");
    TCase *tc = tcase_create("read");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, read_semantics);
    tcase_add_test(tc, close_notify_received);
    tcase_add_test(tc, unexpected_eof);
    tcase_add_test(tc, read_tls_callback_error_and_lie);
    tcase_add_test(tc, received_plaintext_limit);
    tcase_add_test(tc, input_buffer_full);
    tcase_add_test(tc, empty_records_limited);
    suite_add_tcase(s, tc);
    tc = tcase_create("write");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, write_is_sealed);
    tcase_add_test(tc, write_before_handshake_done);
    tcase_add_test(tc, write_buffer_limit);
    tcase_add_test(tc, write_fragments);
    tcase_add_test(tc, send_close_notify_once);
    tcase_add_test(tc, no_close_notify_after_fatal_alert);
    tcase_add_test(tc, write_tls_one_byte_at_a_time);
    tcase_add_test(tc, write_tls_errors);
    tcase_add_test(tc, write_tls_vectored_partial);
    suite_add_tcase(s, tc);
    tc = tcase_create("misc");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, accessors);
    tcase_add_test(tc, log_gets_userdata);
    tcase_add_test(tc, now_hook);
    tcase_add_test(tc, null_arguments);
    tcase_add_test(tc, idle_connection_holds_no_buffers);
    tcase_add_test(tc, plaintext_chunk_kept_only_while_records_stream);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
