/*
 * test_hs_traffic.c - after the handshake: bulk data with every I/O chunking, key updates (RFC
 * 8446 section 4.6.3) checked on the wire, and connection closure (section 6.1).
 */
#include <stdlib.h>
#include <string.h>

#include "handshake/harness.h"
#include "testlib/pttest.h"

/* ---------------------------------------------------------------- bulk data */

/*
 * 1 MiB each way with whole, 1-byte and odd-sized I/O calls (the 1-byte case moves 256 KiB: it
 * makes a read_tls and process_new_packets call per byte, and valgrind runs it too).  The
 * handshake itself goes through the same chunking.
 */
static const size_t chunks[] = {0, 1, 7, 1000, 4095, 16389};

START_TEST(bulk_each_way)
{
    size_t total = chunks[_i] == 1 ? 256 * 1024 : 1024 * 1024;
    hs_opts o = {.suite = _i % 2 ? 0x1303 : 0x1301};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    pr.chunk = chunks[_i];
    hs_handshake_ok(&pr);
    uint8_t *data = malloc(total);
    ck_assert_ptr_nonnull(data);
    hs_fill(data, total, (uint32_t)_i + 1);
    hs_transfer(&pr, true, data, total);
    hs_fill(data, total, (uint32_t)_i + 1000);
    hs_transfer(&pr, false, data, total);
    free(data);
    hs_pair_free(&pr);
}
END_TEST

/* Data written before the handshake completes is held back, then delivered in order. */
START_TEST(early_writes_are_queued)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    uint8_t data[10000];
    hs_fill(data, sizeof(data), 3);
    size_t n = 0;
    ck_assert_uint_eq(rustls_connection_write(pr.client, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, sizeof(data));
    hs_handshake_ok(&pr);
    ck_assert_uint_eq(pr.server_plain.len, sizeof(data));
    ck_assert_mem_eq(pr.server_plain.p, data, sizeof(data));
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- key updates */

typedef struct ku_count {
    size_t requested, not_requested, app_records, unopened, tickets;
    unsigned last_epoch;
} ku_count;

/* Count KeyUpdate messages (type 24, RFC 8446 section 4.6.3) by their request_update field. */
static void count_key_updates(void *ctx, const hs_wire_rec *r)
{
    ku_count *k = ctx;
    if (!r->opened) {
        k->unopened++;
        return;
    }
    k->last_epoch = r->epoch;
    if (r->epoch >= 2 && r->type == 22 && r->plain[0] == 4) {
        k->tickets++; /* NewSessionTicket, not counted */
    } else if (r->epoch >= 2 && r->type == 22) {
        ck_assert_uint_eq(r->len, 5);
        ck_assert_uint_eq(r->plain[0], 24);
        ck_assert_uint_eq(r->plain[3], 1); /* 24-bit length 1 */
        if (r->plain[4] == 1) {
            k->requested++;
        } else {
            ck_assert_uint_eq(r->plain[4], 0);
            k->not_requested++;
        }
    } else if (r->epoch >= 2 && r->type == 23) {
        k->app_records++;
    }
}

#define KEY_UPDATES 100

/*
 * rustls_connection_refresh_traffic_keys sends KeyUpdate(update_requested) and switches keys
 * (rustls's refresh_traffic_keys); the peer MUST answer with its own KeyUpdate
 * (update_not_requested) before sending more data (RFC 8446 section 4.6.3).  100 updates from
 * each side, data both ways after each.  On the wire each direction then carries 100 requests
 * and 100 answers, and its final application key is generation 200 (epoch 202).
 */
START_TEST(key_updates_each_way)
{
    hs_keylog_reset();
    hs_opts o = {.keylog = true, .suite = (uint16_t)(0x1301 + _i)};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    uint8_t data[100];
    for (int side = 0; side < 2; side++) {
        rustls_connection *c = side ? pr.server : pr.client;
        for (int i = 0; i < KEY_UPDATES; i++) {
            ck_assert_uint_eq(rustls_connection_refresh_traffic_keys(c), RUSTLS_RESULT_OK);
            hs_fill(data, sizeof(data), (uint32_t)(side * 1000 + i));
            hs_transfer(&pr, side == 0, data, sizeof(data));
            hs_transfer(&pr, side != 0, data, sizeof(data));
        }
    }
    ku_count c2s = {0}, s2c = {0};
    hs_wire_decrypt(&pr, true, count_key_updates, &c2s);
    hs_wire_decrypt(&pr, false, count_key_updates, &s2c);
    ck_assert_uint_eq(c2s.unopened, 0);
    ck_assert_uint_eq(s2c.unopened, 0);
    ck_assert_uint_eq(c2s.requested, KEY_UPDATES);
    ck_assert_uint_eq(c2s.not_requested, KEY_UPDATES);
    ck_assert_uint_eq(s2c.requested, KEY_UPDATES);
    ck_assert_uint_eq(s2c.not_requested, KEY_UPDATES);
    ck_assert_uint_eq(c2s.last_epoch, 2 + 2 * KEY_UPDATES);
    ck_assert_uint_eq(s2c.last_epoch, 2 + 2 * KEY_UPDATES);
    /* One data record per transfer each way: 2 per round, 100 rounds per side. */
    ck_assert_uint_eq(c2s.app_records, 2 * KEY_UPDATES);
    ck_assert_uint_eq(s2c.app_records, 2 * KEY_UPDATES);
    hs_pair_free(&pr);
}
END_TEST

/* rustls: refresh_traffic_keys before the handshake completes is HandshakeNotComplete. */
START_TEST(key_update_before_handshake_refused)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_connection_refresh_traffic_keys(pr.client), RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);
    ck_assert_uint_eq(rustls_connection_refresh_traffic_keys(pr.server), RUSTLS_RESULT_HANDSHAKE_NOT_COMPLETE);
    /* And it did not break anything. */
    hs_handshake_ok(&pr);
    hs_pair_free(&pr);
}
END_TEST

/* ---------------------------------------------------------------- closure */

/* close_notify: the peer reads what was sent, then OK with 0 bytes, again and again. */
START_TEST(close_notify_is_clean_eof)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    uint8_t data[777];
    hs_fill(data, sizeof(data), 9);
    size_t n = 0;
    ck_assert_uint_eq(rustls_connection_write(pr.client, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    rustls_connection_send_close_notify(pr.client);
    hs_pump(&pr);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pr.server_plain.len, sizeof(data));
    ck_assert_mem_eq(pr.server_plain.p, data, sizeof(data));
    ck_assert_uint_eq(pr.server_read_res, RUSTLS_RESULT_OK);
    uint8_t buf[16];
    for (int i = 0; i < 2; i++) {
        n = 99;
        ck_assert_uint_eq(rustls_connection_read(pr.server, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
        ck_assert_uint_eq(n, 0);
    }
    ck_assert(!rustls_connection_wants_read(pr.server));
    ck_assert(!rustls_connection_wants_write(pr.client));
    /* The server may still answer (half close), and closes in turn. */
    hs_fill(data, sizeof(data), 10);
    ck_assert_uint_eq(rustls_connection_write(pr.server, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    rustls_connection_send_close_notify(pr.server);
    hs_pump(&pr);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pr.client_plain.len, sizeof(data));
    ck_assert_mem_eq(pr.client_plain.p, data, sizeof(data));
    ck_assert_uint_eq(pr.client_read_res, RUSTLS_RESULT_OK);
    hs_pair_free(&pr);
}
END_TEST

/*
 * The stream ends without close_notify: process_new_packets is fine, but reading says
 * UNEXPECTED_EOF (a truncation attack must be visible, RFC 8446 section 6.1) once the data
 * received before is read.
 */
START_TEST(bare_eof_is_unexpected)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    uint8_t data[300];
    hs_fill(data, sizeof(data), 4);
    hs_transfer(&pr, true, data, sizeof(data));
    pr.c2s.eof = true;
    hs_pump(&pr);
    ck_assert(pr.server_eof_seen);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pr.server_read_res, RUSTLS_RESULT_UNEXPECTED_EOF);
    uint8_t buf[16];
    size_t n = 99;
    ck_assert_uint_eq(rustls_connection_read(pr.server, buf, sizeof(buf), &n), RUSTLS_RESULT_UNEXPECTED_EOF);
    hs_pair_free(&pr);
}
END_TEST

/* Drop everything the server sends. */
static void drop_server(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len, hs_bytes *out)
{
    (void)ctx;
    (void)index;
    if (from_client) {
        hs_bytes_put(out, rec, len);
    }
}

/* EOF in the middle of the handshake is also no close_notify: the client's read says so. */
START_TEST(eof_during_handshake)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    pr.tamper = drop_server;
    pr.s2c.eof = true;
    hs_pump(&pr);
    ck_assert(pr.client_eof_seen);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_OK);
    ck_assert(rustls_connection_is_handshaking(pr.client));
    ck_assert_uint_eq(pr.client_read_res, RUSTLS_RESULT_UNEXPECTED_EOF);
    hs_pair_free(&pr);
}
END_TEST

/*
 * Replay a copy of an application data record right after the close_notify: RFC 8446 section
 * 6.1, "Any data received after a closure alert has been received MUST be ignored."  (Were it
 * processed, it would not even decrypt: its sequence number is stale.)
 */
typedef struct replay {
    hs_bytes copy;
    size_t seen;
} replay;

static void replay_after_close(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len,
                               hs_bytes *out)
{
    replay *h = ctx;
    (void)index;
    hs_bytes_put(out, rec, len);
    if (!from_client) {
        return;
    }
    h->seen++;
    if (h->seen == 1) {
        hs_bytes_put(&h->copy, rec, len); /* the data record, delivered and kept */
    } else if (h->seen == 2) {
        hs_bytes_put(out, h->copy.p, h->copy.len); /* after the close_notify record */
    }
}

START_TEST(data_after_close_notify_ignored)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    pr.chunk = (size_t)_i * 3; /* 0: close_notify and replay in one read; 3: in small pieces */
    hs_handshake_ok(&pr);
    replay h = {0};
    pr.tamper = replay_after_close;
    pr.tamper_ctx = &h;
    uint8_t data[50];
    hs_fill(data, sizeof(data), 5);
    /* The data record alone first, so that the close_notify is a separate record. */
    hs_transfer(&pr, true, data, sizeof(data));
    ck_assert_uint_eq(h.seen, 1);
    rustls_connection_send_close_notify(pr.client);
    hs_pump(&pr);
    ck_assert_uint_eq(h.seen, 2);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_OK);
    ck_assert_uint_eq(pr.server_plain.len, sizeof(data));
    ck_assert_uint_eq(pr.server_read_res, RUSTLS_RESULT_OK);
    ck_assert_uint_eq(rustls_connection_process_new_packets(pr.server), RUSTLS_RESULT_OK);
    size_t n = 99;
    uint8_t buf[8];
    ck_assert_uint_eq(rustls_connection_read(pr.server, buf, sizeof(buf), &n), RUSTLS_RESULT_OK);
    ck_assert_uint_eq(n, 0);
    hs_bytes_free(&h.copy);
    hs_pair_free(&pr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hs_traffic");
    TCase *tc = tcase_create("bulk");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, bulk_each_way, 0, (int)(sizeof(chunks) / sizeof(chunks[0])));
    tcase_add_test(tc, early_writes_are_queued);
    suite_add_tcase(s, tc);
    tc = tcase_create("key_update");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, key_updates_each_way, 0, 3);
    tcase_add_test(tc, key_update_before_handshake_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("close");
    tcase_add_test(tc, close_notify_is_clean_eof);
    tcase_add_test(tc, bare_eof_is_unexpected);
    tcase_add_loop_test(tc, data_after_close_notify_ignored, 0, 2);
    suite_add_tcase(s, tc);
    tcase_add_test(tc, eof_during_handshake);
    return s;
}

int main(void)
{
    return pt_test_run(suite());
}
