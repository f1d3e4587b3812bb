/*
 * test_deframer.c - the record deframer (src/record/deframer.c): records split at every byte
 * boundary and coalesced, header checks (as rustls reads a record header, and RFC 8446 section
 * 5.1-5.2 limits), buffer memory, and decrypting records in place.
 */
#include <stdlib.h>
#include <string.h>

#include "provider/boringssl/bssl.h"
#include "record/deframer.h"
#include "record/protect.h"
#include "testlib/pttest.h"

#define OVERFLOW PT_ERR(RECORD_OVERFLOW, RUSTLS_RESULT_PEER_SENT_OVERSIZED_RECORD)

/* A stream of records to deframe, and what came out. */
typedef struct got_record {
    uint8_t type;
    uint16_t version;
    size_t len;
    uint8_t sum; /* xor of the payload, with its length checked separately */
    uint8_t first;
} got_record;

typedef struct stream {
    uint8_t *wire;
    size_t len;
    size_t nrec;
    got_record expect[8];
} stream;

static void add_record(stream *s, uint8_t type, uint16_t version, size_t len)
{
    s->wire = realloc(s->wire, s->len + 5 + len);
    uint8_t *w = s->wire + s->len;
    w[0] = type;
    w[1] = (uint8_t)(version >> 8);
    w[2] = (uint8_t)version;
    w[3] = (uint8_t)(len >> 8);
    w[4] = (uint8_t)len;
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++) {
        w[5 + i] = (uint8_t)(i * 13 + s->nrec);
        sum ^= w[5 + i];
    }
    got_record g = {type, version, len, sum, len > 0 ? w[5] : 0};
    s->expect[s->nrec++] = g;
    s->len += 5 + len;
}

static got_record summarize(const pt_record *r)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < r->len; i++) {
        sum ^= r->payload[i];
    }
    got_record g = {r->type, r->version, r->len, sum, r->len > 0 ? r->payload[0] : 0};
    return g;
}

/* Take every complete record; returns how many. */
static size_t drain(pt_deframer *d, bool protected, got_record *out, size_t max_out)
{
    pt_record r;
    bool have = true;
    size_t got = 0;
    while (have) {
        ck_assert_pt_ok(pt_deframer_next(d, protected, &r, &have));
        if (have) {
            ck_assert_uint_lt(got, max_out);
            /* the payload lies inside the deframer's buffer, right after its header */
            ck_assert(r.payload >= d->buf && r.payload + r.len <= d->buf + d->cap);
            ck_assert_ptr_eq(r.payload, r.header + PT_RECORD_HEADER_LEN);
            out[got++] = summarize(&r);
        }
    }
    return got;
}

/*
 * Push `len` bytes as reads ending at `cuts` (and wherever the buffer is full), taking records
 * after each read as a connection would.
 */
static size_t push(pt_deframer *d, const uint8_t *data, size_t len, const size_t *cuts, size_t ncuts, bool protected,
                   got_record *out, size_t max_out)
{
    size_t at = 0, got = 0;
    for (size_t c = 0; c <= ncuts; c++) {
        size_t stop = c < ncuts ? cuts[c] : len;
        while (at < stop) {
            uint8_t *p;
            size_t n;
            ck_assert_pt_ok(pt_deframer_space(d, &p, &n));
            ck_assert_uint_le(d->cap, PT_RECORD_MAX_WIRE);
            if (n == 0) {
                /* only complete records are buffered: they must be taken first */
                size_t k = drain(d, protected, out + got, max_out - got);
                ck_assert_uint_gt(k, 0);
                got += k;
                continue;
            }
            if (n > stop - at) {
                n = stop - at;
            }
            memcpy(p, data + at, n);
            pt_deframer_commit(d, n);
            at += n;
        }
        got += drain(d, protected, out + got, max_out - got);
    }
    return got;
}

static void check_all(const stream *s, const got_record *got, size_t n)
{
    ck_assert_uint_eq(n, s->nrec);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(got[i].type, s->expect[i].type);
        ck_assert_uint_eq(got[i].version, s->expect[i].version);
        ck_assert_uint_eq(got[i].len, s->expect[i].len);
        ck_assert_uint_eq(got[i].sum, s->expect[i].sum);
        ck_assert_uint_eq(got[i].first, s->expect[i].first);
    }
}

static stream small_stream(void)
{
    stream s = {0};
    add_record(&s, PT_CT_HANDSHAKE, 0x0301, 40);
    add_record(&s, PT_CT_CHANGE_CIPHER_SPEC, 0x0303, 1);
    add_record(&s, PT_CT_APPLICATION_DATA, 0x0303, 0);
    add_record(&s, PT_CT_ALERT, 0x0303, 2);
    add_record(&s, PT_CT_APPLICATION_DATA, 0x0303, 300);
    return s;
}

START_TEST(coalesced_records_in_one_read)
{
    stream s = small_stream();
    add_record(&s, PT_CT_APPLICATION_DATA, 0x0303, PT_RECORD_MAX_CIPHERTEXT);
    pt_deframer d;
    got_record got[8];
    pt_deframer_init(&d);
    check_all(&s, got, push(&d, s.wire, s.len, NULL, 0, true, got, 8));
    ck_assert_uint_eq(pt_deframer_buffered(&d), 0);
    pt_deframer_cleanup(&d);
    free(s.wire);
}
END_TEST

/* Every split of the stream into two reads, and reads of every size from 1 to 40 bytes. */
START_TEST(records_split_at_every_byte)
{
    stream s = small_stream();
    got_record got[8];
    for (size_t cut = 0; cut <= s.len; cut++) {
        pt_deframer d;
        pt_deframer_init(&d);
        check_all(&s, got, push(&d, s.wire, s.len, &cut, 1, false, got, 8));
        pt_deframer_cleanup(&d);
    }
    for (size_t step = 1; step <= 40; step++) {
        size_t cuts[400], n = 0;
        for (size_t at = step; at < s.len && n < 400; at += step) {
            cuts[n++] = at;
        }
        pt_deframer d;
        pt_deframer_init(&d);
        check_all(&s, got, push(&d, s.wire, s.len, cuts, n, false, got, 8));
        pt_deframer_cleanup(&d);
    }
    free(s.wire);
}
END_TEST

/* Full-size records (which need the grown buffer), split at every byte around their edges. */
START_TEST(large_records_split_everywhere)
{
    stream s = {0};
    add_record(&s, PT_CT_HANDSHAKE, 0x0303, 100);
    add_record(&s, PT_CT_APPLICATION_DATA, 0x0303, PT_RECORD_MAX_CIPHERTEXT);
    add_record(&s, PT_CT_APPLICATION_DATA, 0x0303, 5000);
    add_record(&s, PT_CT_APPLICATION_DATA, 0x0303, PT_RECORD_MAX_CIPHERTEXT);
    got_record got[8];
    /* cut points near every record boundary and inside every header */
    size_t bounds[] = {0, 105, 105 + 5 + PT_RECORD_MAX_CIPHERTEXT, 105 + 5 + PT_RECORD_MAX_CIPHERTEXT + 5005};
    for (size_t b = 0; b < PT_ARRAY_LEN(bounds); b++) {
        for (size_t delta = 0; delta < 12; delta++) {
            size_t cut = bounds[b] + delta;
            pt_deframer d;
            pt_deframer_init(&d);
            check_all(&s, got, push(&d, s.wire, s.len, &cut, 1, true, got, 8));
            pt_deframer_cleanup(&d);
        }
    }
    /* reads of 4096 and 1000 bytes */
    static const size_t steps[] = {1000, 4096, 16000, 16645};
    for (size_t k = 0; k < PT_ARRAY_LEN(steps); k++) {
        size_t cuts[64], n = 0;
        for (size_t at = steps[k]; at < s.len; at += steps[k]) {
            cuts[n++] = at;
        }
        pt_deframer d;
        pt_deframer_init(&d);
        check_all(&s, got, push(&d, s.wire, s.len, cuts, n, true, got, 8));
        pt_deframer_cleanup(&d);
    }
    free(s.wire);
}
END_TEST

/* Feed `wire` whole and return the error of the first pt_deframer_next. */
static pt_err first_error(const uint8_t *wire, size_t len, bool protected, bool *have)
{
    pt_deframer d;
    uint8_t *p;
    size_t n;
    pt_record r;
    pt_deframer_init(&d);
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    ck_assert_uint_ge(n, len);
    memcpy(p, wire, len);
    pt_deframer_commit(&d, len);
    pt_err e = pt_deframer_next(&d, protected, &r, have);
    pt_deframer_cleanup(&d);
    return e;
}

START_TEST(truncated_header_waits)
{
    static const uint8_t h[5] = {22, 3, 3, 0, 1};
    bool have = true;
    for (size_t n = 0; n < 5; n++) {
        ck_assert_pt_ok(first_error(h, n, false, &have));
        ck_assert(!have);
    }
    ck_assert_pt_ok(first_error(h, 5, false, &have)); /* header but no body */
    ck_assert(!have);
}
END_TEST

START_TEST(unknown_content_type)
{
    /* rustls refuses content types it does not know (decode_error, InvalidContentType). */
    static const uint8_t bad[] = {0, 1, 19, 24, 25, 0x80, 0xff};
    for (size_t i = 0; i < PT_ARRAY_LEN(bad); i++) {
        uint8_t h[6] = {bad[i], 3, 3, 0, 1, 0};
        bool have;
        ck_assert_pt_err(first_error(h, sizeof(h), false, &have),
                         PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE));
        /* refused from the header alone */
        ck_assert_pt_err(first_error(h, 5, true, &have), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CONTENT_TYPE));
    }
}
END_TEST

START_TEST(record_version_major_must_be_3)
{
    static const uint16_t bad[] = {0x0002, 0x0203, 0x0403, 0xfefd, 0x0000, 0x1303};
    static const uint16_t good[] = {0x0300, 0x0301, 0x0303, 0x0304, 0x03ff};
    bool have;
    for (size_t i = 0; i < PT_ARRAY_LEN(bad); i++) {
        uint8_t h[6] = {22, (uint8_t)(bad[i] >> 8), (uint8_t)bad[i], 0, 1, 7};
        ck_assert_pt_err(first_error(h, sizeof(h), false, &have),
                         PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_UNKNOWN_PROTOCOL_VERSION));
    }
    for (size_t i = 0; i < PT_ARRAY_LEN(good); i++) {
        uint8_t h[6] = {22, (uint8_t)(good[i] >> 8), (uint8_t)good[i], 0, 1, 7};
        ck_assert_pt_ok(first_error(h, sizeof(h), false, &have));
        ck_assert(have);
    }
}
END_TEST

START_TEST(empty_records)
{
    bool have;
    /* RFC 8446 section 5.1: no zero-length handshake, alert or change_cipher_spec fragments. */
    static const uint8_t types[] = {PT_CT_HANDSHAKE, PT_CT_ALERT, PT_CT_CHANGE_CIPHER_SPEC};
    for (size_t i = 0; i < PT_ARRAY_LEN(types); i++) {
        uint8_t h[5] = {types[i], 3, 3, 0, 0};
        ck_assert_pt_err(first_error(h, 5, false, &have), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD));
        ck_assert_pt_err(first_error(h, 5, true, &have), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD));
    }
    uint8_t h[5] = {PT_CT_APPLICATION_DATA, 3, 3, 0, 0};
    ck_assert_pt_ok(first_error(h, 5, false, &have));
    ck_assert(have);
}
END_TEST

START_TEST(oversize_records)
{
    bool have;
    /* RFC 8446 section 5.1: plaintext at most 2^14; refused from the header, before the body. */
    uint8_t h[5] = {PT_CT_HANDSHAKE, 3, 3, 0x40, 0x01};
    ck_assert_pt_err(first_error(h, 5, false, &have), OVERFLOW);
    h[4] = 0x00;
    ck_assert_pt_ok(first_error(h, 5, false, &have));
    ck_assert(!have);
    /* RFC 8446 section 5.2: protected records at most 2^14 + 256. */
    uint8_t c[5] = {PT_CT_APPLICATION_DATA, 3, 3, 0x41, 0x01};
    ck_assert_pt_err(first_error(c, 5, true, &have), OVERFLOW);
    ck_assert_pt_err(first_error(c, 5, false, &have), OVERFLOW);
    c[4] = 0x00;
    ck_assert_pt_ok(first_error(c, 5, true, &have));
    ck_assert_pt_err(first_error(c, 5, false, &have), OVERFLOW);
    uint8_t m[5] = {PT_CT_APPLICATION_DATA, 3, 3, 0xff, 0xff};
    ck_assert_pt_err(first_error(m, 5, true, &have), OVERFLOW);
}
END_TEST

START_TEST(memory_is_lazy_bounded_and_released)
{
    pt_deframer d;
    uint8_t *p;
    size_t n;
    pt_record r;
    bool have;
    pt_deframer_init(&d);
    ck_assert_ptr_null(d.buf);
    pt_deframer_trim(&d);
    ck_assert_ptr_null(d.buf);

    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    ck_assert_uint_eq(d.cap, PT_DEFRAMER_INITIAL);
    ck_assert_uint_eq(n, PT_DEFRAMER_INITIAL);

    /* A header announcing more than any record may hold does not make the buffer grow. */
    static const uint8_t huge[5] = {23, 3, 3, 0xff, 0xff};
    memcpy(p, huge, 5);
    pt_deframer_commit(&d, 5);
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    ck_assert_uint_eq(d.cap, PT_DEFRAMER_INITIAL);
    ck_assert_pt_err(pt_deframer_next(&d, true, &r, &have), OVERFLOW);
    pt_deframer_cleanup(&d);

    /* Small records stay in the small buffer; a buffer full of complete records offers no room. */
    pt_deframer_init(&d);
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    for (int i = 0; i < 4; i++) {
        static const uint8_t h[5] = {23, 3, 3, 0x03, 0xe8}; /* 1000 bytes */
        memcpy(p + 1005 * i, h, 5);
        memset(p + 1005 * i + 5, 0xee, 1000);
    }
    static const uint8_t partial[5] = {22, 3, 3, 0x07, 0xd0}; /* 2000 bytes, of which 71 arrive */
    memcpy(p + 4020, partial, 5);
    memset(p + 4025, 0xdd, 71);
    pt_deframer_commit(&d, PT_DEFRAMER_INITIAL);
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(d.cap, PT_DEFRAMER_INITIAL);
    size_t count = 0;
    do {
        ck_assert_pt_ok(pt_deframer_next(&d, true, &r, &have));
        count += have;
    } while (have);
    ck_assert_uint_eq(count, 4);
    ck_assert_uint_eq(pt_deframer_buffered(&d), 76);
    pt_deframer_trim(&d);
    ck_assert_ptr_nonnull(d.buf); /* not released while bytes are buffered */
    /* The partial record is moved to the front to make room for the rest of it. */
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    ck_assert_uint_eq(d.cap, PT_DEFRAMER_INITIAL);
    ck_assert_uint_eq(n, PT_DEFRAMER_INITIAL - 76);
    ck_assert_mem_eq(d.buf, partial, 5);
    ck_assert_uint_eq(d.buf[75], 0xdd);
    pt_deframer_cleanup(&d);

    /* A full-size record grows the buffer once, to one record; trim releases it when drained. */
    pt_deframer_init(&d);
    uint8_t big[5] = {23, 3, 3, (uint8_t)(PT_RECORD_MAX_CIPHERTEXT >> 8), (uint8_t)PT_RECORD_MAX_CIPHERTEXT};
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    memcpy(p, big, 5);
    pt_deframer_commit(&d, 5);
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    ck_assert_uint_eq(d.cap, PT_RECORD_MAX_WIRE);
    ck_assert_uint_eq(n, PT_RECORD_MAX_CIPHERTEXT);
    memset(p, 0x11, n);
    pt_deframer_commit(&d, n);
    ck_assert_pt_ok(pt_deframer_next(&d, true, &r, &have));
    ck_assert(have);
    ck_assert_uint_eq(r.len, PT_RECORD_MAX_CIPHERTEXT);
    ck_assert_uint_eq(pt_deframer_buffered(&d), 0);
    pt_deframer_trim(&d);
    ck_assert_ptr_null(d.buf);
    ck_assert_uint_eq(d.cap, 0);
    pt_deframer_cleanup(&d);
}
END_TEST

/* Records taken together stay valid until the next pt_deframer_space. */
START_TEST(records_can_be_held_until_next_space)
{
    stream s = small_stream();
    pt_deframer d;
    uint8_t *p;
    size_t n;
    pt_record recs[8];
    bool have = true;
    size_t k = 0;
    pt_deframer_init(&d);
    ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
    memcpy(p, s.wire, s.len);
    pt_deframer_commit(&d, s.len);
    while (have) {
        ck_assert_pt_ok(pt_deframer_next(&d, false, &recs[k], &have));
        k += have;
    }
    ck_assert_uint_eq(k, s.nrec);
    for (size_t i = 0; i < k; i++) {
        got_record g = summarize(&recs[i]);
        ck_assert_uint_eq(g.sum, s.expect[i].sum);
        ck_assert_uint_eq(g.len, s.expect[i].len);
    }
    pt_deframer_cleanup(&d);
    free(s.wire);
}
END_TEST

/* The point of the design: records sealed by one side, read in odd pieces, opened in place. */
START_TEST(deframe_and_open_in_place)
{
    static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    static const uint8_t iv[12] = {0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb};
    static const size_t lens[] = {16384, 1, 0, 16384, 3000, 16384};
    pt_protect tx, rx;
    pt_protect_init(&tx);
    pt_protect_init(&rx);
    ck_assert_pt_ok(pt_protect_init_tls13(&tx, &pt_bssl_aes128gcm, key, iv));
    ck_assert_pt_ok(pt_protect_init_tls13(&rx, &pt_bssl_aes128gcm, key, iv));
    uint8_t *wire = malloc(PT_ARRAY_LEN(lens) * PT_RECORD_MAX_WIRE);
    size_t len = 0;
    for (size_t i = 0; i < PT_ARRAY_LEN(lens); i++) {
        size_t n;
        memset(wire + len + 5, (int)(0x30 + i), lens[i]);
        ck_assert_pt_ok(pt_protect_seal(&tx, PT_CT_APPLICATION_DATA, 0x0303, wire + len, lens[i], i == 1 ? 200 : 0,
                                        PT_RECORD_MAX_WIRE, &n));
        len += n;
    }
    pt_deframer d;
    pt_deframer_init(&d);
    size_t at = 0, got = 0, read = 777;
    while (at < len || got < PT_ARRAY_LEN(lens)) {
        uint8_t *p;
        size_t n;
        ck_assert_pt_ok(pt_deframer_space(&d, &p, &n));
        if (n > read) {
            n = read;
        }
        if (n > len - at) {
            n = len - at;
        }
        memcpy(p, wire + at, n);
        pt_deframer_commit(&d, n);
        at += n;
        read = read * 3 % 20011 + 1; /* vary the read sizes */
        pt_record r;
        bool have = true;
        while (have) {
            ck_assert_pt_ok(pt_deframer_next(&d, true, &r, &have));
            if (have) {
                uint8_t *where = r.payload;
                ck_assert_pt_ok(pt_protect_open(&rx, &r));
                ck_assert_ptr_eq(r.payload, where);
                ck_assert_uint_eq(r.len, lens[got]);
                for (size_t j = 0; j < r.len; j++) {
                    ck_assert_uint_eq(r.payload[j], 0x30 + got);
                }
                got++;
            }
        }
    }
    ck_assert_uint_eq(got, PT_ARRAY_LEN(lens));
    pt_deframer_cleanup(&d);
    pt_protect_cleanup(&tx);
    pt_protect_cleanup(&rx);
    free(wire);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("deframer");
    TCase *tc = tcase_create("framing");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, coalesced_records_in_one_read);
    tcase_add_test(tc, records_split_at_every_byte);
    tcase_add_test(tc, large_records_split_everywhere);
    tcase_add_test(tc, records_can_be_held_until_next_space);
    tcase_add_test(tc, deframe_and_open_in_place);
    suite_add_tcase(s, tc);

    tc = tcase_create("header_checks");
    tcase_add_test(tc, truncated_header_waits);
    tcase_add_test(tc, unknown_content_type);
    tcase_add_test(tc, record_version_major_must_be_3);
    tcase_add_test(tc, empty_records);
    tcase_add_test(tc, oversize_records);
    suite_add_tcase(s, tc);

    tc = tcase_create("memory");
    tcase_add_test(tc, memory_is_lazy_bounded_and_released);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
