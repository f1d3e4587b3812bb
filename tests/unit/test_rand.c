/* test_rand.c - pt_bssl_random (src/provider/boringssl/rand.c). */
#include <string.h>

#include "provider/boringssl/bssl.h"
#include "testlib/pttest.h"

START_TEST(fills_the_whole_buffer_with_fresh_bytes)
{
    uint8_t a[64], b[64], zero[64] = {0};

    /* Zero-initialised buffers: 64 random bytes all zero (or equal) has probability 2^-512. */
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    ck_assert_pt_ok(pt_bssl_random(a, sizeof(a)));
    ck_assert_pt_ok(pt_bssl_random(b, sizeof(b)));
    ck_assert(memcmp(a, zero, sizeof(a)) != 0);
    ck_assert(memcmp(a, b, sizeof(a)) != 0);
    /* The last 8 bytes were written too (no short fill): zero with probability 2^-64. */
    ck_assert(memcmp(a + 56, zero, 8) != 0);
}
END_TEST

START_TEST(zero_length_is_fine)
{
    uint8_t a[1] = {0x5a};

    ck_assert_pt_ok(pt_bssl_random(a, 0));
    ck_assert_uint_eq(a[0], 0x5a);
    ck_assert_pt_ok(pt_bssl_random(NULL, 0));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rand");
    TCase *tc = tcase_create("random");
    tcase_add_test(tc, fills_the_whole_buffer_with_fresh_bytes);
    tcase_add_test(tc, zero_length_is_fine);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
