/*
 * test_writer.c - fixed and growable writers, the sticky error, the growth limit, vector
 * prefixes back-filled for every width, and writer -> reader round trips.
 */
#include <string.h>

#include "base/reader.h"
#include "base/writer.h"
#include "testlib/pttest.h"

#define NO_ROOM PT_ERR_NOALERT(RUSTLS_RESULT_INSUFFICIENT_SIZE)
#define INTERNAL PT_ERR(INTERNAL_ERROR, RUSTLS_RESULT_GENERAL)

START_TEST(fixed_writes_big_endian)
{
    uint8_t buf[32];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_w_u8(&w, 0x01);
    pt_w_u16(&w, 0x0203);
    pt_w_u24(&w, 0x040506);
    pt_w_u32(&w, 0x0708090a);
    pt_w_u64(&w, 0x0b0c0d0e0f101112ULL);
    pt_w_bytes(&w, "\x13\x14", 2);
    pt_w_bytes(&w, NULL, 0);
    ck_assert_pt_ok(pt_w_finish(&w));
    pt_slice s = pt_w_slice(&w);
    ck_assert_ptr_eq(s.p, buf);
    ck_assert_hex_eq(s.p, s.len, "0102030405060708090a0b0c0d0e0f1011121314");
    pt_writer_free(&w); /* no-op for a fixed buffer */
}
END_TEST

/* Filling a fixed buffer exactly works; every write that does not fit fails without writing. */
START_TEST(fixed_rejects_overflow_at_every_size)
{
    static const size_t widths[] = {1, 2, 3, 4, 8, 5};
    for (size_t cap = 0; cap <= 9; cap++) {
        for (size_t i = 0; i < PT_ARRAY_LEN(widths); i++) {
            uint8_t buf[16];
            memset(buf, 0xee, sizeof(buf));
            pt_writer w;
            pt_writer_init_fixed(&w, buf, cap);
            size_t n = widths[i];
            switch (n) {
            case 1:
                pt_w_u8(&w, 0x11);
                break;
            case 2:
                pt_w_u16(&w, 0x1111);
                break;
            case 3:
                pt_w_u24(&w, 0x111111);
                break;
            case 4:
                pt_w_u32(&w, 0x11111111);
                break;
            case 8:
                pt_w_u64(&w, 0x1111111111111111ULL);
                break;
            default:
                pt_w_bytes(&w, "\x11\x11\x11\x11\x11", 5);
                break;
            }
            if (n <= cap) {
                ck_assert_pt_ok(pt_w_finish(&w));
                ck_assert_uint_eq(w.off, n);
                ck_assert_uint_eq(buf[n - 1], 0x11);
            } else {
                ck_assert_pt_err(pt_w_finish(&w), NO_ROOM);
                ck_assert_uint_eq(w.off, 0);
                ck_assert_ptr_null(pt_w_reserve(&w, 0));
            }
            ck_assert_uint_eq(buf[n], 0xee); /* nothing past the write */
        }
    }
}
END_TEST

/* After the first failure nothing is written, even writes that would fit; finish keeps that error. */
START_TEST(error_is_sticky)
{
    uint8_t buf[8];
    memset(buf, 0xee, sizeof(buf));
    pt_writer w;
    pt_writer_init_fixed(&w, buf, 6);
    pt_w_u16(&w, 0xaaaa);
    pt_w_u32(&w, 0xbbbbbbbb);
    ck_assert_pt_ok(pt_w_finish(&w));
    pt_w_u8(&w, 0xcc); /* does not fit: 6 bytes used */
    ck_assert_pt_err(pt_w_finish(&w), NO_ROOM);

    /* Make room as if by magic: the writer must still refuse everything. */
    w.cap = 8;
    pt_w_u8(&w, 0xdd);
    pt_w_bytes(&w, "\xdd", 1);
    ck_assert_ptr_null(pt_w_reserve(&w, 1));
    pt_wvec v = pt_w_open_vec(&w, 1);
    pt_w_close_vec(&w, v);
    pt_w_u24(&w, 0x1000000); /* would be its own INTERNAL error */
    ck_assert_uint_eq(w.off, 6);
    ck_assert_uint_eq(buf[6], 0xee);
    ck_assert_uint_eq(buf[7], 0xee);
    ck_assert_pt_err(pt_w_finish(&w), NO_ROOM); /* the first error, not a later one */
}
END_TEST

START_TEST(u24_out_of_range_is_internal_error)
{
    uint8_t buf[8];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_w_u24(&w, 0xffffff);
    ck_assert_pt_ok(pt_w_finish(&w));
    pt_w_u24(&w, 0x1000000);
    ck_assert_pt_err(pt_w_finish(&w), INTERNAL);
    ck_assert_uint_eq(w.off, 3);
}
END_TEST

START_TEST(reserve_hands_out_the_next_bytes)
{
    uint8_t buf[8];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_w_u8(&w, 0x01);
    uint8_t *p = pt_w_reserve(&w, 3);
    ck_assert_ptr_eq(p, buf + 1);
    memcpy(p, "\x02\x03\x04", 3);
    ck_assert_ptr_nonnull(pt_w_reserve(&w, 0));
    ck_assert_ptr_null(pt_w_reserve(&w, 5));
    ck_assert_pt_err(pt_w_finish(&w), NO_ROOM);
    ck_assert_hex_eq(buf, w.off, "01020304");
}
END_TEST

/* ------------------------------------------------------------------ growable */

START_TEST(growable_grows_and_keeps_contents)
{
    for (size_t initial = 0; initial <= 64; initial += 16) {
        pt_writer w;
        pt_writer_init_growable(&w, initial, 100000);
        ck_assert_ptr_nonnull(pt_w_reserve(&w, 0));
        for (uint32_t i = 0; i < 20000; i++) {
            pt_w_u32(&w, i);
        }
        ck_assert_pt_ok(pt_w_finish(&w));
        ck_assert_uint_eq(w.off, 80000);
        ck_assert_uint_le(w.cap, 100000);
        pt_reader r = pt_reader_init(w.base, w.off);
        for (uint32_t i = 0; i < 20000; i++) {
            uint32_t v;
            /*
             * One check per value, not two ck_asserts: each ck_assert call reports a mark point
             * to the Check parent, and 200k of them made this test time out on a loaded machine.
             */
            if (pt_failed(pt_r_u32(&r, &v)) || v != i) {
                ck_abort_msg("value %u read back wrong (initial %zu)", i, initial);
            }
        }
        pt_writer_free(&w);
        ck_assert_ptr_null(w.base);
        ck_assert_uint_eq(w.off, 0);
    }
}
END_TEST

/* Up to the limit everything fits; one byte more fails, and capacity never exceeds the limit. */
START_TEST(growable_stops_at_limit)
{
    static const size_t limits[] = {1, 10, 63, 64, 65, 100, 1000, 4096};
    for (size_t i = 0; i < PT_ARRAY_LEN(limits); i++) {
        size_t limit = limits[i];
        pt_writer w;
        pt_writer_init_growable(&w, 0, limit);
        for (size_t k = 0; k < limit; k++) {
            pt_w_u8(&w, (uint8_t)k);
            ck_assert_uint_le(w.cap, limit);
        }
        ck_assert_pt_ok(pt_w_finish(&w));
        ck_assert_uint_eq(w.off, limit);
        pt_w_u8(&w, 0);
        ck_assert_pt_err(pt_w_finish(&w), NO_ROOM);
        ck_assert_uint_eq(w.off, limit);
        pt_writer_free(&w);

        /* One big write over the limit fails at once and writes nothing. */
        pt_writer_init_growable(&w, 8, limit);
        ck_assert_uint_le(w.cap, limit);
        uint8_t *big = calloc(1, limit + 1);
        pt_w_bytes(&w, big, limit + 1);
        ck_assert_pt_err(pt_w_finish(&w), NO_ROOM);
        ck_assert_uint_eq(w.off, 0);
        free(big);
        pt_writer_free(&w);
    }
}
END_TEST

START_TEST(growable_initial_larger_than_limit_is_clamped)
{
    pt_writer w;
    pt_writer_init_growable(&w, 1000, 10);
    ck_assert_uint_le(w.cap, 10);
    pt_w_bytes(&w, "0123456789", 10);
    ck_assert_pt_ok(pt_w_finish(&w));
    pt_w_u8(&w, 0);
    ck_assert_pt_err(pt_w_finish(&w), NO_ROOM);
    pt_writer_free(&w);
}
END_TEST

/* ------------------------------------------------------------------ vectors */

START_TEST(vector_prefixes_back_filled)
{
    unsigned width = (unsigned)_i;
    static const size_t lens[] = {0, 1, 2, 255, 256, 1000};
    for (size_t i = 0; i < PT_ARRAY_LEN(lens); i++) {
        size_t len = lens[i];
        if (width == 1 && len > 255) {
            continue;
        }
        pt_writer w;
        pt_writer_init_growable(&w, 0, 4096);
        pt_w_u8(&w, 0x77);
        pt_wvec v = pt_w_open_vec(&w, width);
        for (size_t k = 0; k < len; k++) {
            pt_w_u8(&w, (uint8_t)k);
        }
        pt_w_close_vec(&w, v);
        pt_w_u8(&w, 0x88);
        ck_assert_pt_ok(pt_w_finish(&w));
        ck_assert_uint_eq(w.off, 1 + width + len + 1);
        /* The prefix, big-endian, width bytes. */
        size_t got = 0;
        for (unsigned k = 0; k < width; k++) {
            got = (got << 8) | w.base[1 + k];
        }
        ck_assert_uint_eq(got, len);
        ck_assert_uint_eq(w.base[0], 0x77);
        ck_assert_uint_eq(w.base[w.off - 1], 0x88);
        pt_writer_free(&w);
    }
}
END_TEST

START_TEST(vector_prefix_known_bytes)
{
    uint8_t buf[32];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_wvec a = pt_w_open_vec(&w, 3);
    pt_wvec b = pt_w_open_vec(&w, 2);
    pt_wvec c = pt_w_open_vec(&w, 1);
    pt_w_bytes(&w, "\xaa\xbb\xcc", 3);
    pt_w_close_vec(&w, c);
    pt_w_close_vec(&w, b);
    pt_wvec d = pt_w_open_vec(&w, 2);
    pt_w_close_vec(&w, d);
    pt_w_close_vec(&w, a);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_hex_eq(buf, w.off, "000008 0004 03 aabbcc 0000");
}
END_TEST

/* The largest body each prefix can express is accepted; one byte more is an error. */
START_TEST(vector_body_too_long_for_prefix)
{
    unsigned width = (unsigned)_i;
    size_t max = width == 3 ? 0xffffff : ((size_t)1 << (8 * width)) - 1;
    for (size_t extra = 0; extra <= 1; extra++) {
        pt_writer w;
        pt_writer_init_growable(&w, 0, max + 8);
        pt_wvec v = pt_w_open_vec(&w, width);
        uint8_t *body = pt_w_reserve(&w, max + extra);
        ck_assert_ptr_nonnull(body);
        memset(body, 0x5a, max + extra);
        pt_w_close_vec(&w, v);
        if (extra == 0) {
            ck_assert_pt_ok(pt_w_finish(&w));
            for (unsigned k = 0; k < width; k++) {
                ck_assert_uint_eq(w.base[k], 0xff);
            }
        } else {
            ck_assert_pt_err(pt_w_finish(&w), INTERNAL);
        }
        pt_writer_free(&w);
    }
}
END_TEST

START_TEST(vector_bad_width_is_internal_error)
{
    static const unsigned bad[] = {0, 4, 7};
    for (size_t i = 0; i < PT_ARRAY_LEN(bad); i++) {
        uint8_t buf[8];
        pt_writer w;
        pt_writer_init_fixed(&w, buf, sizeof(buf));
        pt_wvec v = pt_w_open_vec(&w, bad[i]);
        ck_assert_pt_err(pt_w_finish(&w), INTERNAL);
        pt_w_close_vec(&w, v);
        ck_assert_uint_eq(w.off, 0);
    }
}
END_TEST

START_TEST(vector_open_without_room_fails)
{
    uint8_t buf[2];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_wvec v = pt_w_open_vec(&w, 3);
    ck_assert_pt_err(pt_w_finish(&w), NO_ROOM);
    pt_w_close_vec(&w, v); /* must not back-fill into a buffer it never reserved */
    ck_assert_uint_eq(w.off, 0);
}
END_TEST

/* ------------------------------------------------------------------ round trip */

START_TEST(round_trip_writer_to_reader)
{
    pt_writer w;
    pt_writer_init_growable(&w, 16, 1 << 20);
    pt_w_u8(&w, 0x16);
    pt_w_u16(&w, 0x0303);
    pt_w_u64(&w, 0x0102030405060708ULL);
    pt_wvec outer = pt_w_open_vec(&w, 3);
    pt_wvec groups = pt_w_open_vec(&w, 2);
    pt_w_u16(&w, 0x001d); /* x25519 */
    pt_w_u16(&w, 0x0017); /* secp256r1 */
    pt_w_close_vec(&w, groups);
    pt_wvec name = pt_w_open_vec(&w, 1);
    pt_w_bytes(&w, "example.com", 11);
    pt_w_close_vec(&w, name);
    pt_w_close_vec(&w, outer);
    pt_w_u32(&w, 0xdeadbeef);
    ck_assert_pt_ok(pt_w_finish(&w));

    pt_reader r = pt_reader_init(w.base, w.off), body, list, host;
    uint8_t t;
    uint16_t ver, g1, g2;
    uint64_t q;
    uint32_t tail;
    pt_slice s;
    ck_assert_pt_ok(pt_r_u8(&r, &t));
    ck_assert_pt_ok(pt_r_u16(&r, &ver));
    ck_assert_pt_ok(pt_r_u64(&r, &q));
    ck_assert_pt_ok(pt_r_vec24(&r, 1, 0xffffff, &body));
    ck_assert_pt_ok(pt_r_vec_of(&body, 2, 2, 0xfffe, 2, &list));
    ck_assert_pt_ok(pt_r_u16(&list, &g1));
    ck_assert_pt_ok(pt_r_u16(&list, &g2));
    ck_assert_pt_ok(pt_r_done(&list));
    ck_assert_pt_ok(pt_r_vec8(&body, 1, 255, &host));
    s = pt_r_rest(&host);
    ck_assert_pt_ok(pt_r_done(&body));
    ck_assert_pt_ok(pt_r_u32(&r, &tail));
    ck_assert_pt_ok(pt_r_done(&r));

    ck_assert_uint_eq(t, 0x16);
    ck_assert_uint_eq(ver, 0x0303);
    ck_assert_uint_eq(q, 0x0102030405060708ULL);
    ck_assert_uint_eq(g1, 0x001d);
    ck_assert_uint_eq(g2, 0x0017);
    ck_assert_uint_eq(s.len, 11);
    ck_assert_mem_eq(s.p, "example.com", 11);
    ck_assert_uint_eq(tail, 0xdeadbeef);
    pt_writer_free(&w);
}
END_TEST

static Suite *writer_suite(void)
{
    Suite *s = suite_create("writer");
    TCase *tc = tcase_create("fixed");
    tcase_add_test(tc, fixed_writes_big_endian);
    tcase_add_test(tc, fixed_rejects_overflow_at_every_size);
    tcase_add_test(tc, error_is_sticky);
    tcase_add_test(tc, u24_out_of_range_is_internal_error);
    tcase_add_test(tc, reserve_hands_out_the_next_bytes);
    suite_add_tcase(s, tc);

    tc = tcase_create("growable");
    tcase_add_test(tc, growable_grows_and_keeps_contents);
    tcase_add_test(tc, growable_stops_at_limit);
    tcase_add_test(tc, growable_initial_larger_than_limit_is_clamped);
    suite_add_tcase(s, tc);

    tc = tcase_create("vectors");
    tcase_set_timeout(tc, 60); /* the 16 MiB width-3 case under sanitizers */
    tcase_add_loop_test(tc, vector_prefixes_back_filled, 1, 4);
    tcase_add_test(tc, vector_prefix_known_bytes);
    tcase_add_loop_test(tc, vector_body_too_long_for_prefix, 1, 4);
    tcase_add_test(tc, vector_bad_width_is_internal_error);
    tcase_add_test(tc, vector_open_without_room_fails);
    tcase_add_test(tc, round_trip_writer_to_reader);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(writer_suite());
}
