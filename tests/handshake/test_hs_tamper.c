/*
 * test_hs_tamper.c - records modified in flight after the handshake.  The receiver must fail
 * with the exact rustls_result, queue the right alert (opened here with the key-logged
 * application traffic secret) and the sender must report that alert.
 */
#include <string.h>

#include "handshake/harness.h"
#include "testlib/pttest.h"

typedef enum edit {
    EDIT_FLIP,     /* flip one bit at `pos` (from the payload start; negative: from the end) */
    EDIT_TRUNCATE, /* drop the last byte (length fixed up) */
    EDIT_APPEND,   /* add one byte (length fixed up) */
    EDIT_TINY,     /* cut the payload to 16 bytes: too short for any tag plus content type */
} edit;

typedef struct tamper {
    bool from_client; /* which direction to hit */
    edit what;
    long pos;
    uint8_t mask;
    bool done;
} tamper;

static void tamper_first(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len, hs_bytes *out)
{
    tamper *t = ctx;
    (void)index;
    if (t->done || from_client != t->from_client || rec[0] != 23) {
        hs_bytes_put(out, rec, len);
        return;
    }
    t->done = true;
    uint8_t copy[5 + 16384 + 256 + 1];
    ck_assert_uint_le(len, sizeof(copy) - 1);
    memcpy(copy, rec, len);
    size_t plen = len - 5;
    switch (t->what) {
    case EDIT_FLIP: {
        size_t at = t->pos >= 0 ? (size_t)t->pos : plen - (size_t)(-t->pos);
        ck_assert_uint_lt(at, plen);
        copy[5 + at] ^= t->mask;
        break;
    }
    case EDIT_TRUNCATE:
        plen--;
        break;
    case EDIT_APPEND:
        copy[len] = 0x00;
        plen++;
        break;
    case EDIT_TINY:
        plen = 16;
        break;
    }
    copy[3] = (uint8_t)(plen >> 8);
    copy[4] = (uint8_t)plen;
    hs_bytes_put(out, copy, 5 + plen);
}

typedef struct last_rec {
    size_t n, unopened;
    hs_wire_rec last;
    uint8_t plain[2];
} last_rec;

static void keep_last(void *ctx, const hs_wire_rec *r)
{
    last_rec *l = ctx;
    l->n++;
    if (!r->opened) {
        l->unopened++;
        return;
    }
    l->last = *r;
    if (r->len >= 2) {
        memcpy(l->plain, r->plain, 2);
    }
}

/* One case: the edit and where; all end in DECRYPT_ERROR + bad_record_mac (RFC 8446 section 5.2). */
static const struct {
    edit what;
    long pos;
    uint8_t mask;
} cases[] = {
    {EDIT_FLIP, 0, 0x01},    /* first ciphertext byte */
    {EDIT_FLIP, 7, 0x80},    /* inside the data */
    {EDIT_FLIP, -17, 0x10},  /* the encrypted content type */
    {EDIT_FLIP, -16, 0x01},  /* first tag byte */
    {EDIT_FLIP, -1, 0x80},   /* last tag byte */
    {EDIT_TRUNCATE, 0, 0},
    {EDIT_APPEND, 0, 0},
    {EDIT_TINY, 0, 0},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/*
 * _i: case index, and direction (client to server for the first N_CASES, then server to
 * client).  rustls: the receiver fails with Error::DecryptError (DECRYPT_ERROR) and sends a fatal
 * bad_record_mac (20) under its application traffic key; the sender then reports
 * AlertReceived(BadRecordMac).
 */
START_TEST(tampered_application_record)
{
    size_t ci = (size_t)_i % N_CASES;
    bool from_client = (size_t)_i < N_CASES;
    hs_keylog_reset();
    hs_opts o = {.keylog = true, .suite = (uint16_t)(0x1301 + _i % 3)};
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, &o), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    uint8_t data[64];
    hs_fill(data, sizeof(data), 1);
    hs_transfer(&pr, from_client, data, sizeof(data));

    tamper t = {.from_client = from_client, .what = cases[ci].what, .pos = cases[ci].pos, .mask = cases[ci].mask};
    pr.tamper = tamper_first;
    pr.tamper_ctx = &t;
    rustls_connection *tx = from_client ? pr.client : pr.server;
    size_t n = 0;
    hs_fill(data, sizeof(data), 2);
    ck_assert_uint_eq(rustls_connection_write(tx, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert(t.done);

    rustls_result rx_err = from_client ? pr.server_err : pr.client_err;
    rustls_result tx_err = from_client ? pr.client_err : pr.server_err;
    ck_assert_uint_eq(rx_err, RUSTLS_RESULT_DECRYPT_ERROR);
    ck_assert_uint_eq(tx_err, RUSTLS_RESULT_ALERT_BAD_RECORD_MAC);
    /* The tampered data was not delivered: only the first transfer arrived. */
    ck_assert_uint_eq((from_client ? pr.server_plain : pr.client_plain).len, sizeof(data));

    /* The receiver's last record is the alert, fatal bad_record_mac, under application keys. */
    last_rec rx = {0}, txl = {0};
    hs_wire_decrypt(&pr, !from_client, keep_last, &rx);
    ck_assert_uint_eq(rx.unopened, 0);
    ck_assert(rx.last.opened);
    ck_assert_uint_eq(rx.last.epoch, 2);
    ck_assert_uint_eq(rx.last.type, 21);
    ck_assert_uint_eq(rx.last.len, 2);
    ck_assert_uint_eq(rx.plain[0], 2);
    ck_assert_uint_eq(rx.plain[1], 20);
    /* ... and the one record that does not open on the sender's side is the tampered one. */
    hs_wire_decrypt(&pr, from_client, keep_last, &txl);
    ck_assert_uint_eq(txl.unopened, 1);

    /* Sticky on both sides. */
    ck_assert_uint_eq(rustls_connection_process_new_packets(from_client ? pr.server : pr.client),
                      RUSTLS_RESULT_DECRYPT_ERROR);
    ck_assert_uint_eq(rustls_connection_write(from_client ? pr.server : pr.client, data, 1, &n),
                      RUSTLS_RESULT_DECRYPT_ERROR);
    hs_pair_free(&pr);
}
END_TEST

/*
 * An application data record whose header says 03 02: RFC 8446 section 5.2 makes the received
 * header the AEAD's additional data, so the record cannot open (patina's record/protect.h
 * contract: DECRYPT_ERROR with bad_record_mac).  rustls 0.23 would accept it, as it authenticates
 * a constant 17 03 03 header instead of the received one.
 */
static void flip_header(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len, hs_bytes *out)
{
    tamper *t = ctx;
    (void)index;
    uint8_t copy[5 + 16384 + 256];
    memcpy(copy, rec, len);
    if (!t->done && from_client && rec[0] == 23) {
        t->done = true;
        copy[t->pos] ^= t->mask;
    }
    hs_bytes_put(out, copy, len);
}

START_TEST(tampered_header_version)
{
    hs_pair pr;
    ck_assert_uint_eq(hs_pair_init(&pr, NULL), RUSTLS_RESULT_OK);
    hs_handshake_ok(&pr);
    tamper t = {.pos = 2, .mask = 0x01}; /* 03 03 -> 03 02 */
    pr.tamper = flip_header;
    pr.tamper_ctx = &t;
    uint8_t data[10] = {0};
    size_t n;
    ck_assert_uint_eq(rustls_connection_write(pr.client, data, sizeof(data), &n), RUSTLS_RESULT_OK);
    hs_pump(&pr);
    ck_assert(t.done);
    ck_assert_uint_eq(pr.server_err, RUSTLS_RESULT_DECRYPT_ERROR);
    ck_assert_uint_eq(pr.client_err, RUSTLS_RESULT_ALERT_BAD_RECORD_MAC);
    hs_pair_free(&pr);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hs_tamper");
    TCase *tc = tcase_create("records");
    tcase_add_loop_test(tc, tampered_application_record, 0, (int)(2 * N_CASES));
    tcase_add_test(tc, tampered_header_version);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(suite());
}
