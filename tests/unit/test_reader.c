/* test_reader.c - the bounds-checked reader: every read at every truncation point. */
#include "base/reader.h"
#include "testlib/pttest.h"

static const uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};

START_TEST(reads_integers_big_endian)
{
    pt_reader r = pt_reader_init(data, sizeof(data));
    uint8_t a;
    uint16_t b;
    uint32_t c, d;
    ck_assert_pt_ok(pt_r_u8(&r, &a));
    ck_assert_pt_ok(pt_r_u16(&r, &b));
    ck_assert_pt_ok(pt_r_u24(&r, &c));
    ck_assert_pt_ok(pt_r_u32(&r, &d));
    ck_assert_uint_eq(a, 0x01);
    ck_assert_uint_eq(b, 0x0203);
    ck_assert_uint_eq(c, 0x040506);
    ck_assert_uint_eq(d, 0x0708090aU);
    ck_assert_pt_ok(pt_r_done(&r));
}
END_TEST

START_TEST(rejects_truncated_without_advancing)
{
    for (size_t n = 0; n < 4; n++) {
        pt_reader r = pt_reader_init(data, n);
        uint32_t v = 0xdeadbeef;
        ck_assert_pt_err(pt_r_u32(&r, &v), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_MISSING_DATA));
        ck_assert_uint_eq(v, 0xdeadbeef);
        ck_assert_uint_eq(pt_r_left(&r), n);
    }
}
END_TEST

START_TEST(vectors_respect_bounds)
{
    const uint8_t v[] = {0x00, 0x02, 0xaa, 0xbb, 0xcc};
    pt_reader r = pt_reader_init(v, sizeof(v)), sub;
    ck_assert_pt_ok(pt_r_vec16(&r, 1, 2, &sub));
    ck_assert_uint_eq(pt_r_left(&sub), 2);
    ck_assert_pt_err(pt_r_done(&r), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TRAILING_DATA));

    r = pt_reader_init(v, sizeof(v));
    ck_assert_pt_err(pt_r_vec16(&r, 3, 10, &sub), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER));
    ck_assert_uint_eq(pt_r_left(&r), sizeof(v));
    ck_assert_pt_err(pt_r_vec16(&r, 0, 1, &sub), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER));

    const uint8_t empty[] = {0x00};
    r = pt_reader_init(empty, sizeof(empty));
    ck_assert_pt_err(pt_r_vec8(&r, 1, 255, &sub), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_EMPTY_PAYLOAD));

    const uint8_t longer[] = {0x05, 0x01};
    r = pt_reader_init(longer, sizeof(longer));
    ck_assert_pt_err(pt_r_vec8(&r, 0, 255, &sub), PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_MISSING_DATA));
    ck_assert_uint_eq(pt_r_left(&r), 2);
}
END_TEST

static Suite *reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, reads_integers_big_endian);
    tcase_add_test(tc, rejects_truncated_without_advancing);
    tcase_add_test(tc, vectors_respect_bounds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(reader_suite());
}
