/*
 * test_fragmenter.c - the fragmenter (src/record/fragmenter.c): fragment boundaries, the
 * max_fragment_size rules rustls applies, plaintext record headers, sealed records that a
 * receiver opens back into the payload, and partial writes into a bounded buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "provider/boringssl/bssl.h"
#include "record/deframer.h"
#include "record/fragmenter.h"
#include "testlib/pttest.h"

#define BAD_SIZE PT_ERR_NOALERT(RUSTLS_RESULT_BAD_MAX_FRAGMENT_SIZE)

static const uint8_t key[32] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 4,
                                3, 2, 1, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9, 8};
static const uint8_t iv[12] = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8};

static uint8_t *pattern(size_t len)
{
    uint8_t *p = malloc(len + 1);
    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(i * 31 + 7);
    }
    return p;
}

START_TEST(max_fragment_size_rules)
{
    pt_fragmenter f;
    pt_fragmenter_init(&f);
    ck_assert_uint_eq(f.max_frag, 16384);
    ck_assert_uint_eq(f.record_version, 0x0303);
    /* rustls set_max_fragment_size: 32..=16389 (header included), else BadMaxFragmentSize */
    static const size_t bad[] = {1, 5, 31, 16390, 65536, SIZE_MAX};
    for (size_t i = 0; i < PT_ARRAY_LEN(bad); i++) {
        ck_assert_pt_err(pt_fragmenter_set_max_fragment_size(&f, bad[i]), BAD_SIZE);
        ck_assert_uint_eq(f.max_frag, 16384); /* unchanged */
    }
    ck_assert_pt_ok(pt_fragmenter_set_max_fragment_size(&f, 32));
    ck_assert_uint_eq(f.max_frag, 27);
    ck_assert_pt_ok(pt_fragmenter_set_max_fragment_size(&f, 16389));
    ck_assert_uint_eq(f.max_frag, 16384);
    ck_assert_pt_ok(pt_fragmenter_set_max_fragment_size(&f, 1000));
    ck_assert_uint_eq(f.max_frag, 995);
    ck_assert_pt_ok(pt_fragmenter_set_max_fragment_size(&f, 0));
    ck_assert_uint_eq(f.max_frag, 16384);
    /* the record count cannot wrap for any length */
    ck_assert_uint_eq(pt_fragmenter_count(&f, SIZE_MAX), SIZE_MAX / 16384 + 1);
    ck_assert_uint_eq(pt_fragmenter_count(&f, SIZE_MAX - 16383), SIZE_MAX / 16384); /* a multiple of 2^14 */
    ck_assert_uint_eq(pt_fragmenter_count(&f, 0), 0);
}
END_TEST

/* Plaintext records: each header and payload, for lengths around the fragment boundaries. */
START_TEST(plaintext_boundaries)
{
    static const size_t sizes[] = {0, 32, 100, 16389};
    pt_fragmenter f;
    pt_fragmenter_init(&f);
    ck_assert_pt_ok(pt_fragmenter_set_max_fragment_size(&f, sizes[_i]));
    f.record_version = PT_RECORD_VERSION_TLS10; /* as a TLS 1.3 ClientHello may use */
    size_t frag = f.max_frag;
    size_t lens[] = {0, 1, frag - 1, frag, frag + 1, 2 * frag, 2 * frag + 1, 3 * frag + 5};
    for (size_t l = 0; l < PT_ARRAY_LEN(lens); l++) {
        size_t len = lens[l];
        uint8_t *data = pattern(len);
        size_t records = (len + frag - 1) / frag;
        ck_assert_uint_eq(pt_fragmenter_count(&f, len), records);
        size_t wire = pt_fragmenter_wire_len(&f, NULL, len);
        ck_assert_uint_eq(wire, len + 5 * records);
        uint8_t *out = malloc(wire + 1);
        size_t consumed = 99, written = 99;
        ck_assert_pt_ok(pt_fragmenter_write(&f, NULL, PT_CT_HANDSHAKE, data, len, out, wire, &consumed, &written));
        ck_assert_uint_eq(consumed, len);
        ck_assert_uint_eq(written, wire);
        size_t at = 0, in = 0;
        for (size_t r = 0; r < records; r++) {
            size_t n = len - in < frag ? len - in : frag;
            ck_assert_uint_eq(out[at], PT_CT_HANDSHAKE);
            ck_assert_uint_eq(out[at + 1], 3);
            ck_assert_uint_eq(out[at + 2], 1);
            ck_assert_uint_eq(((size_t)out[at + 3] << 8) | out[at + 4], n);
            ck_assert_mem_eq(out + at + 5, data + in, n);
            at += 5 + n;
            in += n;
        }
        ck_assert_uint_eq(at, wire);
        free(out);
        free(data);
    }
}
END_TEST

/* Sealed records, deframed and opened by a receiver, give back the payload (every AEAD, both versions). */
START_TEST(sealed_round_trip)
{
    static const pt_aead *const aeads[] = {&pt_bssl_aes128gcm, &pt_bssl_aes256gcm, &pt_bssl_chacha20poly1305};
    const pt_aead *aead = aeads[_i % 3];
    bool tls12 = _i >= 3;
    static const size_t sizes[] = {0, 32, 1000};
    for (size_t s = 0; s < PT_ARRAY_LEN(sizes); s++) {
        pt_fragmenter f;
        pt_fragmenter_init(&f);
        ck_assert_pt_ok(pt_fragmenter_set_max_fragment_size(&f, sizes[s]));
        size_t tail = f.max_frag > 77 ? 77 : 13;
        size_t len = 2 * f.max_frag + tail;
        uint8_t *data = pattern(len);
        pt_protect tx, rx;
        pt_protect_init(&tx);
        pt_protect_init(&rx);
        if (!tls12) {
            ck_assert_pt_ok(pt_protect_init_tls13(&tx, aead, key, iv));
            ck_assert_pt_ok(pt_protect_init_tls13(&rx, aead, key, iv));
        } else {
            size_t ivl = aead == &pt_bssl_chacha20poly1305 ? 12 : 4;
            ck_assert_pt_ok(pt_protect_init_tls12(&tx, aead, key, iv, ivl, 12 - ivl == 8 ? 8 : 0));
            ck_assert_pt_ok(pt_protect_init_tls12(&rx, aead, key, iv, ivl, 12 - ivl == 8 ? 8 : 0));
        }
        size_t wire = pt_fragmenter_wire_len(&f, &tx, len);
        size_t overhead = tls12 ? (aead == &pt_bssl_chacha20poly1305 ? 16 : 24) : 17;
        ck_assert_uint_eq(wire, len + 3 * (5 + overhead));
        uint8_t *out = malloc(wire);
        size_t consumed, written;
        ck_assert_pt_ok(
            pt_fragmenter_write(&f, &tx, PT_CT_APPLICATION_DATA, data, len, out, wire, &consumed, &written));
        ck_assert_uint_eq(consumed, len);
        ck_assert_uint_eq(written, wire);
        ck_assert_uint_eq(tx.seq, 3);

        pt_deframer d;
        uint8_t *p;
        size_t n, at = 0;
        pt_deframer_init(&d);
        for (size_t r = 0; r < 3; r++) {
            size_t rec_len = 5 + (((size_t)out[at + 3] << 8) | out[at + 4]);
            pt_record rec;
            bool have = false;
            for (size_t put = 0; put < rec_len;) {
                ck_assert(!have);
                ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
                n = n < rec_len - put ? n : rec_len - put;
                memcpy(p, out + at + put, n);
                pt_deframer_commit(&d, n);
                put += n;
                ck_assert_pt_ok(pt_deframer_next(&d, true, &rec, &have));
            }
            ck_assert(have);
            ck_assert_pt_ok(pt_protect_open(&rx, &rec));
            ck_assert_uint_eq(rec.type, PT_CT_APPLICATION_DATA);
            size_t expect = r < 2 ? f.max_frag : tail;
            ck_assert_uint_eq(rec.len, expect);
            ck_assert_mem_eq(rec.payload, data + r * f.max_frag, expect);
            at += rec_len;
        }
        ck_assert_uint_eq(at, wire);
        pt_deframer_cleanup(&d);
        pt_protect_cleanup(&tx);
        pt_protect_cleanup(&rx);
        free(out);
        free(data);
    }
}
END_TEST

/* A bounded output buffer takes whole records only; the rest goes in a later call. */
START_TEST(partial_writes)
{
    pt_fragmenter f;
    pt_protect tx;
    pt_fragmenter_init(&f);
    ck_assert_pt_ok(pt_fragmenter_set_max_fragment_size(&f, 105)); /* 100-byte fragments */
    pt_protect_init(&tx);
    ck_assert_pt_ok(pt_protect_init_tls13(&tx, &pt_bssl_aes128gcm, key, iv));
    uint8_t *data = pattern(350);
    uint8_t out[1000];
    size_t consumed, written;
    size_t rec = 5 + 100 + 1 + 16;
    /* room for two records and a bit */
    ck_assert_pt_ok(
        pt_fragmenter_write(&f, &tx, PT_CT_APPLICATION_DATA, data, 350, out, 2 * rec + 50, &consumed, &written));
    ck_assert_uint_eq(consumed, 200);
    ck_assert_uint_eq(written, 2 * rec);
    ck_assert_uint_eq(tx.seq, 2);
    /* less than one record: nothing */
    ck_assert_pt_ok(
        pt_fragmenter_write(&f, &tx, PT_CT_APPLICATION_DATA, data + 200, 150, out, rec - 1, &consumed, &written));
    ck_assert_uint_eq(consumed, 0);
    ck_assert_uint_eq(written, 0);
    ck_assert_uint_eq(tx.seq, 2);
    /* the rest */
    ck_assert_pt_ok(
        pt_fragmenter_write(&f, &tx, PT_CT_APPLICATION_DATA, data + 200, 150, out, sizeof(out), &consumed, &written));
    ck_assert_uint_eq(consumed, 150);
    ck_assert_uint_eq(written, rec + 5 + 50 + 1 + 16);
    ck_assert_uint_eq(tx.seq, 4);

    /* a seal failure (sequence exhausted) stops the write and reports what went out before it */
    pt_protect_set_seq(&tx, tx.seq_max);
    ck_assert_pt_err(
        pt_fragmenter_write(&f, &tx, PT_CT_APPLICATION_DATA, data, 350, out, sizeof(out), &consumed, &written),
        PT_ERR_NOALERT(RUSTLS_RESULT_ENCRYPT_ERROR));
    ck_assert_uint_eq(consumed, 100);
    ck_assert_uint_eq(written, rec);
    for (size_t i = written; i < 2 * rec; i++) { /* the failed record's plaintext is not left there */
        ck_assert_uint_eq(out[i], 0);
    }
    pt_protect_cleanup(&tx);
    free(data);
}
END_TEST

/*
 * The send path: records sealed straight into a (non-wiping) send queue come out of it, through
 * the deframer, as the payload; a seal failure part-way keeps the records sealed before it.
 */
START_TEST(queue_into_send_queue)
{
    pt_fragmenter f;
    pt_protect tx, rx;
    pt_buf q;
    pt_fragmenter_init(&f);
    pt_protect_init(&tx);
    pt_protect_init(&rx);
    ck_assert_pt_ok(pt_protect_init_tls13(&tx, &pt_bssl_aes128gcm, key, iv));
    ck_assert_pt_ok(pt_protect_init_tls13(&rx, &pt_bssl_aes128gcm, key, iv));
    pt_buf_init(&q, PT_BUF_UNLIMITED);
    pt_buf_set_wipe(&q, false);
    size_t len = 2 * 16384 + 500, consumed = 1;
    uint8_t *data = pattern(len);

    ck_assert_pt_ok(pt_fragmenter_queue(&f, &tx, PT_CT_APPLICATION_DATA, data, 0, &q, &consumed));
    ck_assert_uint_eq(consumed, 0);
    ck_assert(pt_buf_is_empty(&q));
    ck_assert_uint_eq(pt_buf_heap_bytes(&q), 0);

    ck_assert_pt_ok(pt_fragmenter_queue(&f, &tx, PT_CT_APPLICATION_DATA, data, len, &q, &consumed));
    ck_assert_uint_eq(consumed, len);
    ck_assert_uint_eq(pt_buf_len(&q), pt_fragmenter_wire_len(&f, &tx, len));
    ck_assert_uint_eq(tx.seq, 3);

    /* a failure at the third record: two records stay queued, nothing else */
    pt_protect_set_seq(&tx, tx.seq_max - 1);
    ck_assert_pt_err(pt_fragmenter_queue(&f, &tx, PT_CT_APPLICATION_DATA, data, len, &q, &consumed),
                     PT_ERR_NOALERT(RUSTLS_RESULT_ENCRYPT_ERROR));
    ck_assert_uint_eq(consumed, 2 * 16384);
    size_t full = 5 + 16384 + 1 + 16;
    ck_assert_uint_eq(pt_buf_len(&q), pt_fragmenter_wire_len(&f, &tx, len) + 2 * full);

    /* everything queued opens to the payload, in order */
    pt_deframer d;
    pt_deframer_init(&d);
    size_t got = 0, records = 0;
    while (!pt_buf_is_empty(&q)) {
        uint8_t *p;
        size_t n;
        ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
        n = pt_buf_read(&q, p, n);
        pt_deframer_commit(&d, n);
        for (;;) {
            pt_record rec;
            bool have;
            ck_assert_pt_ok(pt_deframer_next(&d, true, &rec, &have));
            if (!have) {
                break;
            }
            if (records == 3) {
                pt_protect_set_seq(&rx, tx.seq_max - 1);
            }
            ck_assert_pt_ok(pt_protect_open(&rx, &rec));
            size_t off = got % len;
            ck_assert_mem_eq(rec.payload, data + off, rec.len);
            got += rec.len;
            records++;
        }
    }
    ck_assert_uint_eq(records, 5);
    ck_assert_uint_eq(got, len + 2 * 16384);
    ck_assert_uint_eq(pt_buf_heap_bytes(&q), 0);
    pt_deframer_cleanup(&d);
    pt_buf_free(&q);
    pt_protect_cleanup(&tx);
    pt_protect_cleanup(&rx);
    free(data);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fragmenter");
    TCase *tc = tcase_create("fragmenting");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, max_fragment_size_rules);
    tcase_add_loop_test(tc, plaintext_boundaries, 0, 4);
    tcase_add_loop_test(tc, sealed_round_trip, 0, 6);
    tcase_add_test(tc, partial_writes);
    tcase_add_test(tc, queue_into_send_queue);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
