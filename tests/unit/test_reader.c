/*
 * test_reader.c - the bounds-checked reader: every read at every truncation point, vector
 * bounds, never advancing on failure, trailing data, and sub-readers confined to their vector.
 */
#include <string.h>

#include "base/reader.h"
#include "testlib/pttest.h"

#define MISSING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define INVALID PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define TOO_SHORT PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define TRAILING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TRAILING_DATA)

static const uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                               0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14};

/* ------------------------------------------------------------------ integers */

START_TEST(reads_integers_big_endian)
{
    pt_reader r = pt_reader_init(data, sizeof(data));
    uint8_t a;
    uint16_t b;
    uint32_t c, d;
    uint64_t e;
    ck_assert_pt_ok(pt_r_u8(&r, &a));
    ck_assert_pt_ok(pt_r_u16(&r, &b));
    ck_assert_pt_ok(pt_r_u24(&r, &c));
    ck_assert_pt_ok(pt_r_u32(&r, &d));
    ck_assert_pt_ok(pt_r_u64(&r, &e));
    ck_assert_uint_eq(a, 0x01);
    ck_assert_uint_eq(b, 0x0203);
    ck_assert_uint_eq(c, 0x040506);
    ck_assert_uint_eq(d, 0x0708090aU);
    ck_assert_uint_eq(e, 0x0b0c0d0e0f101112ULL);
    ck_assert_uint_eq(pt_r_left(&r), 2);
    ck_assert_pt_err(pt_r_done(&r), TRAILING);
}
END_TEST

START_TEST(reads_high_bit_values_unsigned)
{
    static const uint8_t ff[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
    pt_reader r = pt_reader_init(ff, sizeof(ff));
    uint16_t b;
    uint32_t c;
    uint64_t e;
    ck_assert_pt_ok(pt_r_u16(&r, &b));
    ck_assert_uint_eq(b, 0xffff);
    ck_assert_pt_ok(pt_r_u24(&r, &c));
    ck_assert_uint_eq(c, 0xffffff);
    r = pt_reader_init(ff, sizeof(ff));
    ck_assert_pt_ok(pt_r_u32(&r, &c));
    ck_assert_uint_eq(c, 0xffffffffU);
    r = pt_reader_init(ff, sizeof(ff));
    ck_assert_pt_ok(pt_r_u64(&r, &e));
    ck_assert_uint_eq(e, 0xfffffffffffffffeULL);
}
END_TEST

/* Every integer read, on every buffer shorter than it: MISSING, output and cursor untouched. */
START_TEST(integers_reject_every_truncation)
{
    for (size_t n = 0; n < 8; n++) {
        pt_reader r = pt_reader_init(data, n);
        uint8_t a = 0xa5;
        uint16_t b = 0xa5a5;
        uint32_t c = 0xa5a5a5a5, d = 0xa5a5a5a5;
        uint64_t e = 0xa5a5a5a5a5a5a5a5ULL;
        if (n < 1) {
            ck_assert_pt_err(pt_r_u8(&r, &a), MISSING);
            ck_assert_uint_eq(a, 0xa5);
        }
        if (n < 2) {
            ck_assert_pt_err(pt_r_u16(&r, &b), MISSING);
            ck_assert_uint_eq(b, 0xa5a5);
        }
        if (n < 3) {
            ck_assert_pt_err(pt_r_u24(&r, &c), MISSING);
            ck_assert_uint_eq(c, 0xa5a5a5a5);
        }
        if (n < 4) {
            ck_assert_pt_err(pt_r_u32(&r, &d), MISSING);
            ck_assert_uint_eq(d, 0xa5a5a5a5);
        }
        ck_assert_pt_err(pt_r_u64(&r, &e), MISSING);
        ck_assert_uint_eq(e, 0xa5a5a5a5a5a5a5a5ULL);
        ck_assert_ptr_eq(r.p, data);
        ck_assert_uint_eq(pt_r_left(&r), n);
    }
}
END_TEST

/* Reading exactly what is there succeeds and leaves the reader done. */
START_TEST(integers_consume_exactly_their_width)
{
    static const size_t widths[] = {1, 2, 3, 4, 8};
    for (size_t i = 0; i < PT_ARRAY_LEN(widths); i++) {
        pt_reader r = pt_reader_init(data, widths[i]);
        uint8_t a;
        uint16_t b;
        uint32_t c;
        uint64_t e;
        switch (widths[i]) {
        case 1:
            ck_assert_pt_ok(pt_r_u8(&r, &a));
            break;
        case 2:
            ck_assert_pt_ok(pt_r_u16(&r, &b));
            break;
        case 3:
            ck_assert_pt_ok(pt_r_u24(&r, &c));
            break;
        case 4:
            ck_assert_pt_ok(pt_r_u32(&r, &c));
            break;
        default:
            ck_assert_pt_ok(pt_r_u64(&r, &e));
            break;
        }
        ck_assert_uint_eq(pt_r_left(&r), 0);
        ck_assert_pt_ok(pt_r_done(&r));
    }
}
END_TEST

/* ------------------------------------------------------------------ bytes, copy, skip, rest */

START_TEST(bytes_copy_skip_at_every_length)
{
    for (size_t have = 0; have <= 6; have++) {
        for (size_t want = 0; want <= 7; want++) {
            pt_reader r = pt_reader_init(data, have);
            pt_slice s = {(const uint8_t *)"x", 99};
            uint8_t out[8];
            memset(out, 0xee, sizeof(out));
            if (want <= have) {
                ck_assert_pt_ok(pt_r_bytes(&r, want, &s));
                ck_assert_ptr_eq(s.p, data);
                ck_assert_uint_eq(s.len, want);
                ck_assert_uint_eq(pt_r_left(&r), have - want);

                r = pt_reader_init(data, have);
                ck_assert_pt_ok(pt_r_copy(&r, out, want));
                ck_assert_mem_eq(out, data, want);
                ck_assert_uint_eq(out[want], 0xee); /* nothing past the copy */
                ck_assert_uint_eq(pt_r_left(&r), have - want);

                r = pt_reader_init(data, have);
                ck_assert_pt_ok(pt_r_skip(&r, want));
                ck_assert_uint_eq(pt_r_left(&r), have - want);
            } else {
                ck_assert_pt_err(pt_r_bytes(&r, want, &s), MISSING);
                ck_assert_uint_eq(s.len, 99);
                ck_assert_pt_err(pt_r_copy(&r, out, want), MISSING);
                ck_assert_uint_eq(out[0], 0xee);
                ck_assert_pt_err(pt_r_skip(&r, want), MISSING);
                ck_assert_ptr_eq(r.p, data);
                ck_assert_uint_eq(pt_r_left(&r), have);
            }
        }
    }
}
END_TEST

START_TEST(huge_lengths_do_not_wrap)
{
    pt_reader r = pt_reader_init(data + 2, 4);
    pt_slice s;
    ck_assert_pt_err(pt_r_bytes(&r, SIZE_MAX, &s), MISSING);
    ck_assert_pt_err(pt_r_skip(&r, SIZE_MAX - 1), MISSING);
    ck_assert_uint_eq(pt_r_left(&r), 4);
}
END_TEST

START_TEST(rest_takes_everything_left)
{
    pt_reader r = pt_reader_init(data, 5);
    ck_assert_pt_ok(pt_r_skip(&r, 2));
    pt_slice s = pt_r_rest(&r);
    ck_assert_ptr_eq(s.p, data + 2);
    ck_assert_uint_eq(s.len, 3);
    ck_assert_uint_eq(pt_r_left(&r), 0);
    ck_assert_pt_ok(pt_r_done(&r));
    s = pt_r_rest(&r);
    ck_assert_uint_eq(s.len, 0);
}
END_TEST

START_TEST(empty_reader_without_buffer)
{
    pt_reader r = pt_reader_init(NULL, 0);
    pt_slice s;
    uint8_t a;
    ck_assert_uint_eq(pt_r_left(&r), 0);
    ck_assert_pt_ok(pt_r_done(&r));
    ck_assert_pt_ok(pt_r_bytes(&r, 0, &s));
    ck_assert_uint_eq(s.len, 0);
    ck_assert_pt_ok(pt_r_skip(&r, 0));
    ck_assert_pt_ok(pt_r_copy(&r, &a, 0));
    ck_assert_pt_err(pt_r_u8(&r, &a), MISSING);
    ck_assert_uint_eq(pt_r_rest(&r).len, 0);
}
END_TEST

/* ------------------------------------------------------------------ done */

START_TEST(done_rejects_any_trailing_byte)
{
    for (size_t n = 1; n <= sizeof(data); n++) {
        pt_reader r = pt_reader_init(data, n);
        ck_assert_pt_err(pt_r_done(&r), TRAILING);
        ck_assert_pt_ok(pt_r_skip(&r, n - 1));
        ck_assert_pt_err(pt_r_done(&r), TRAILING);
        ck_assert_pt_ok(pt_r_skip(&r, 1));
        ck_assert_pt_ok(pt_r_done(&r));
    }
}
END_TEST

/* ------------------------------------------------------------------ vectors */

/* Build a vector of `len` bytes (values 0, 1, 2, ...) with a `width`-byte prefix, plus `extra` bytes. */
static size_t make_vec(uint8_t *buf, unsigned width, size_t len, size_t extra)
{
    size_t o = 0;
    for (unsigned i = 0; i < width; i++) {
        buf[o++] = (uint8_t)(len >> (8 * (width - 1 - i)));
    }
    for (size_t i = 0; i < len + extra; i++) {
        buf[o++] = (uint8_t)i;
    }
    return o;
}

static pt_err open_vec(pt_reader *r, unsigned width, size_t min, size_t max, pt_reader *sub)
{
    switch (width) {
    case 1:
        return pt_r_vec8(r, min, max, sub);
    case 2:
        return pt_r_vec16(r, min, max, sub);
    default:
        return pt_r_vec24(r, min, max, sub);
    }
}

/* A vector of every length in [0, 12] against bounds [min, max] for every min <= max in range. */
START_TEST(vectors_enforce_min_and_max)
{
    unsigned width = (unsigned)_i;
    uint8_t buf[32];
    for (size_t len = 0; len <= 12; len++) {
        size_t n = make_vec(buf, width, len, 1);
        for (size_t min = 0; min <= 12; min++) {
            for (size_t max = min; max <= 12; max++) {
                pt_reader r = pt_reader_init(buf, n), sub = {NULL, NULL};
                pt_err e = open_vec(&r, width, min, max, &sub);
                if (len >= min && len <= max) {
                    ck_assert_pt_ok(e);
                    ck_assert_ptr_eq(sub.p, buf + width);
                    ck_assert_uint_eq(pt_r_left(&sub), len);
                    ck_assert_uint_eq(pt_r_left(&r), 1); /* just the extra byte */
                } else {
                    /* Out of bounds, empty included (rustls's IllegalEmptyList is INVALID_OTHER). */
                    ck_assert_pt_err(e, INVALID);
                    ck_assert_ptr_eq(r.p, buf);
                    ck_assert_ptr_null(sub.p);
                }
            }
        }
    }
}
END_TEST

/* The largest length each prefix can express, accepted when max allows it. */
START_TEST(vectors_accept_full_prefix_range)
{
    unsigned width = (unsigned)_i;
    size_t len = width == 3 ? 70000 : ((size_t)1 << (8 * width)) - 1; /* 255, 65535, 70000 */
    uint8_t *buf = malloc(len + 3);
    ck_assert_ptr_nonnull(buf);
    size_t n = make_vec(buf, width, len, 0);
    pt_reader r = pt_reader_init(buf, n), sub;
    ck_assert_pt_ok(open_vec(&r, width, len, len, &sub));
    ck_assert_uint_eq(pt_r_left(&sub), len);
    ck_assert_pt_ok(pt_r_done(&r));
    r = pt_reader_init(buf, n);
    ck_assert_pt_err(open_vec(&r, width, 0, len - 1, &sub), INVALID);
    ck_assert_uint_eq(pt_r_left(&r), n);
    free(buf);
}
END_TEST

/*
 * Every truncation, and the reader does not move: a cut length prefix is MISSING_DATA (a
 * fixed-size field ran out), a cut body is MESSAGE_TOO_SHORT (rustls's Reader::sub).
 */
START_TEST(vectors_reject_every_truncation)
{
    unsigned width = (unsigned)_i;
    uint8_t buf[16];
    size_t n = make_vec(buf, width, 5, 0);
    for (size_t cut = 0; cut < n; cut++) {
        pt_reader r = pt_reader_init(buf, cut), sub = {NULL, NULL};
        ck_assert_pt_err(open_vec(&r, width, 0, 100, &sub), cut < width ? MISSING : TOO_SHORT);
        ck_assert_ptr_eq(r.p, buf);
        ck_assert_uint_eq(pt_r_left(&r), cut);
        ck_assert_ptr_null(sub.p);
    }
    pt_reader r = pt_reader_init(buf, n), sub;
    ck_assert_pt_ok(open_vec(&r, width, 0, 100, &sub));
    ck_assert_pt_ok(pt_r_done(&r));
}
END_TEST

/* A length longer than the data is TOO_SHORT even when it is also out of bounds (rustls's order). */
START_TEST(vector_truncation_reported_before_bounds)
{
    const uint8_t v[] = {0x00, 0x09, 0xaa};
    pt_reader r = pt_reader_init(v, sizeof(v)), sub;
    ck_assert_pt_err(pt_r_vec16(&r, 0, 4, &sub), TOO_SHORT);
    ck_assert_uint_eq(pt_r_left(&r), sizeof(v));
}
END_TEST

START_TEST(vectors_of_elements_must_be_whole_multiples)
{
    uint8_t buf[16];
    for (size_t elem = 1; elem <= 4; elem++) {
        for (size_t len = 0; len <= 12; len++) {
            size_t n = make_vec(buf, 2, len, 0);
            pt_reader r = pt_reader_init(buf, n), sub;
            pt_err e = pt_r_vec_of(&r, 2, 0, 12, elem, &sub);
            if (len % elem == 0) {
                ck_assert_pt_ok(e);
                ck_assert_uint_eq(pt_r_left(&sub), len);
            } else {
                /* rustls runs out of bytes reading the last element */
                ck_assert_pt_err(e, MISSING);
                ck_assert_uint_eq(pt_r_left(&r), n);
            }
        }
    }
    /* Bounds still apply to a list of u16 (e.g. RFC 8446 4.2.7 NamedGroup named_group_list<2..2^16-1>). */
    size_t n = make_vec(buf, 2, 0, 0);
    pt_reader r = pt_reader_init(buf, n), sub;
    ck_assert_pt_err(pt_r_vec_of(&r, 2, 2, 0xffff, 2, &sub), INVALID);
    /* ... or the caller's own error for an empty list, checked before anything else. */
    const pt_err no_schemes = PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES);
    r = pt_reader_init(buf, n);
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 2, 0xffff, 2, no_schemes, &sub), no_schemes);
    ck_assert_uint_eq(pt_r_left(&r), n);
    n = make_vec(buf, 2, 3, 0);
    r = pt_reader_init(buf, n);
    ck_assert_pt_err(pt_r_vec_ex(&r, 2, 2, 0xffff, 2, no_schemes, &sub), MISSING);
    n = make_vec(buf, 1, 4, 0);
    r = pt_reader_init(buf, n);
    ck_assert_pt_ok(pt_r_vec_of(&r, 1, 2, 254, 2, &sub));
    uint16_t g1, g2;
    ck_assert_pt_ok(pt_r_u16(&sub, &g1));
    ck_assert_pt_ok(pt_r_u16(&sub, &g2));
    ck_assert_uint_eq(g1, 0x0001);
    ck_assert_uint_eq(g2, 0x0203);
    ck_assert_pt_ok(pt_r_done(&sub));
}
END_TEST

START_TEST(vector_with_bad_width_is_internal_error)
{
    uint8_t buf[8];
    size_t n = make_vec(buf, 1, 2, 0);
    static const unsigned bad[] = {0, 4, 8};
    for (size_t i = 0; i < PT_ARRAY_LEN(bad); i++) {
        pt_reader r = pt_reader_init(buf, n), sub;
        ck_assert_pt_err(pt_r_vec(&r, bad[i], 0, 10, &sub), PT_ERR(INTERNAL_ERROR, RUSTLS_RESULT_GENERAL));
        ck_assert_uint_eq(pt_r_left(&r), n);
    }
}
END_TEST

/* A sub-reader sees exactly its vector: reads stop at its end though the parent has more. */
START_TEST(sub_readers_cannot_read_past_their_vector)
{
    /* outer: vec16 { u8 0xaa, vec8 { 0xbb 0xcc } } followed by 0x11 0x22 0x33 0x44 */
    const uint8_t msg[] = {0x00, 0x04, 0xaa, 0x02, 0xbb, 0xcc, 0x11, 0x22, 0x33, 0x44};
    pt_reader r = pt_reader_init(msg, sizeof(msg)), sub, inner;
    uint8_t a;
    uint16_t b;
    uint32_t c;
    pt_slice s;

    ck_assert_pt_ok(pt_r_vec16(&r, 0, 0xffff, &sub));
    ck_assert_uint_eq(pt_r_left(&sub), 4);
    ck_assert_pt_err(pt_r_bytes(&sub, 5, &s), MISSING);
    ck_assert_pt_err(pt_r_u64(&sub, &(uint64_t){0}), MISSING);
    ck_assert_pt_ok(pt_r_u8(&sub, &a));
    ck_assert_uint_eq(a, 0xaa);
    ck_assert_pt_ok(pt_r_vec8(&sub, 1, 255, &inner));
    ck_assert_pt_ok(pt_r_u16(&inner, &b));
    ck_assert_uint_eq(b, 0xbbcc);
    ck_assert_pt_err(pt_r_u8(&inner, &a), MISSING);
    ck_assert_pt_ok(pt_r_done(&inner));
    ck_assert_pt_err(pt_r_u8(&sub, &a), MISSING);
    ck_assert_pt_ok(pt_r_done(&sub));
    ck_assert_uint_eq(pt_r_rest(&sub).len, 0);
    /* The parent continues right after the vector. */
    ck_assert_pt_ok(pt_r_u32(&r, &c));
    ck_assert_uint_eq(c, 0x11223344);
    ck_assert_pt_ok(pt_r_done(&r));
}
END_TEST

/* An inner vector that claims more than its enclosing vector holds is truncated, not a leak. */
START_TEST(nested_vector_cannot_claim_parent_bytes)
{
    /* outer vec8 of 2 bytes: inner vec8 claiming 3 bytes; the parent has plenty after. */
    const uint8_t msg[] = {0x02, 0x03, 0xaa, 0xbb, 0xcc, 0xdd};
    pt_reader r = pt_reader_init(msg, sizeof(msg)), sub, inner = {NULL, NULL};
    ck_assert_pt_ok(pt_r_vec8(&r, 0, 255, &sub));
    ck_assert_pt_err(pt_r_vec8(&sub, 0, 255, &inner), TOO_SHORT);
    ck_assert_ptr_null(inner.p);
    ck_assert_uint_eq(pt_r_left(&sub), 2);
    ck_assert_pt_err(pt_r_done(&sub), TRAILING);
    ck_assert_uint_eq(pt_r_left(&r), 3);
}
END_TEST

static Suite *reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *tc = tcase_create("integers");
    tcase_add_test(tc, reads_integers_big_endian);
    tcase_add_test(tc, reads_high_bit_values_unsigned);
    tcase_add_test(tc, integers_reject_every_truncation);
    tcase_add_test(tc, integers_consume_exactly_their_width);
    suite_add_tcase(s, tc);

    tc = tcase_create("bytes");
    tcase_add_test(tc, bytes_copy_skip_at_every_length);
    tcase_add_test(tc, huge_lengths_do_not_wrap);
    tcase_add_test(tc, rest_takes_everything_left);
    tcase_add_test(tc, empty_reader_without_buffer);
    tcase_add_test(tc, done_rejects_any_trailing_byte);
    suite_add_tcase(s, tc);

    tc = tcase_create("vectors");
    tcase_add_loop_test(tc, vectors_enforce_min_and_max, 1, 4);
    tcase_add_loop_test(tc, vectors_accept_full_prefix_range, 1, 4);
    tcase_add_loop_test(tc, vectors_reject_every_truncation, 1, 4);
    tcase_add_test(tc, vector_truncation_reported_before_bounds);
    tcase_add_test(tc, vectors_of_elements_must_be_whole_multiples);
    tcase_add_test(tc, vector_with_bad_width_is_internal_error);
    tcase_add_test(tc, sub_readers_cannot_read_past_their_vector);
    tcase_add_test(tc, nested_vector_cannot_claim_parent_bytes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(reader_suite());
}
