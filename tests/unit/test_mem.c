/*
 * test_mem.c - constant-time comparison (equal, unequal at every position and in every bit,
 * length 0) and wiping (exactly the range asked for, NULL allowed).
 */
#include <string.h>

#include "base/mem.h"
#include "testlib/pttest.h"

START_TEST(ct_eq_length_zero_is_equal)
{
    const uint8_t a[1] = {1}, b[1] = {2};
    ck_assert(pt_ct_eq(a, b, 0));
    ck_assert(pt_ct_eq(NULL, NULL, 0));
}
END_TEST

START_TEST(ct_eq_equal_buffers)
{
    uint8_t a[64], b[64];
    for (size_t i = 0; i < sizeof(a); i++) {
        a[i] = b[i] = (uint8_t)(i * 37 + 11);
    }
    for (size_t len = 0; len <= sizeof(a); len++) {
        ck_assert(pt_ct_eq(a, b, len));
        ck_assert(pt_ct_eq(a, a, len));
    }
}
END_TEST

/* A difference at any position, of any value (every non-zero XOR), makes them unequal. */
START_TEST(ct_eq_detects_every_difference)
{
    uint8_t a[33], b[33];
    for (size_t len = 1; len <= sizeof(a); len++) {
        for (size_t pos = 0; pos < len; pos++) {
            for (unsigned x = 1; x <= 0xff; x++) {
                memset(a, 0x5c, sizeof(a));
                memcpy(b, a, sizeof(b));
                b[pos] ^= (uint8_t)x;
                /* Plain tests with one assertion on failure keep this 270k-case loop fast. */
                if (pt_ct_eq(a, b, len) || pt_ct_eq(b, a, len)) {
                    ck_abort_msg("equal despite a difference: len %zu pos %zu xor %02x", len, pos, x);
                }
                if (!pt_ct_eq(a, b, pos)) { /* a difference beyond `len` is not looked at */
                    ck_abort_msg("unequal before the difference: pos %zu", pos);
                }
            }
        }
    }
}
END_TEST

START_TEST(ct_eq_all_bytes_differ)
{
    uint8_t a[16], b[16];
    memset(a, 0x00, sizeof(a));
    memset(b, 0xff, sizeof(b));
    ck_assert(!pt_ct_eq(a, b, sizeof(a)));
}
END_TEST

START_TEST(wipe_zeroes_exactly_the_range)
{
    uint8_t buf[64];
    for (size_t off = 0; off < 8; off++) {
        for (size_t len = 0; len + off <= sizeof(buf); len += 7) {
            memset(buf, 0xa7, sizeof(buf));
            pt_wipe(buf + off, len);
            for (size_t i = 0; i < sizeof(buf); i++) {
                uint8_t want = (i >= off && i < off + len) ? 0x00 : 0xa7;
                ck_assert_msg(buf[i] == want, "off %zu len %zu byte %zu", off, len, i);
            }
        }
    }
}
END_TEST

START_TEST(wipe_accepts_null_and_zero)
{
    uint8_t b = 0x42;
    pt_wipe(NULL, 0);
    pt_wipe(NULL, 16);
    pt_wipe(&b, 0);
    ck_assert_uint_eq(b, 0x42);
}
END_TEST

/* A secret in a stack frame is cleared in place (read back through volatile before the frame dies). */
static void __attribute__((noinline)) fill_and_wipe(uint8_t *out_copy, size_t len)
{
    volatile uint8_t secret[32];
    for (size_t i = 0; i < sizeof(secret); i++) {
        secret[i] = (uint8_t)(0xc0 + i);
    }
    pt_wipe((void *)secret, sizeof(secret));
    for (size_t i = 0; i < len && i < sizeof(secret); i++) {
        out_copy[i] = secret[i];
    }
}

START_TEST(wipe_clears_a_stack_secret)
{
    uint8_t copy[32];
    memset(copy, 0xff, sizeof(copy));
    fill_and_wipe(copy, sizeof(copy));
    for (size_t i = 0; i < sizeof(copy); i++) {
        ck_assert_uint_eq(copy[i], 0);
    }
}
END_TEST

START_TEST(free_wiped_accepts_null_and_frees)
{
    pt_free_wiped(NULL, 0);
    pt_free_wiped(NULL, 100);
    uint8_t *p = malloc(100);
    ck_assert_ptr_nonnull(p);
    memset(p, 0x33, 100);
    pt_free_wiped(p, 100); /* ASan/valgrind would report a leak or a bad free */
}
END_TEST

static Suite *mem_suite(void)
{
    Suite *s = suite_create("mem");
    TCase *tc = tcase_create("ct_eq");
    tcase_add_test(tc, ct_eq_length_zero_is_equal);
    tcase_add_test(tc, ct_eq_equal_buffers);
    tcase_add_test(tc, ct_eq_detects_every_difference);
    tcase_add_test(tc, ct_eq_all_bytes_differ);
    suite_add_tcase(s, tc);

    tc = tcase_create("wipe");
    tcase_add_test(tc, wipe_zeroes_exactly_the_range);
    tcase_add_test(tc, wipe_accepts_null_and_zero);
    tcase_add_test(tc, wipe_clears_a_stack_secret);
    tcase_add_test(tc, free_wiped_accepts_null_and_frees);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(mem_suite());
}
