/*
 * test_slices.c - the lists callbacks receive (rustls_slice_slice_bytes, rustls_slice_str),
 * read through the public accessors as a callback would, with rustls-ffi's rslice.rs cases:
 * an empty item keeps a non-NULL pointer, past the end and NULL give {NULL, 0}.
 */
#include "config.h"

#include <string.h>

#include "api/slices.h"
#include "patina.h"
#include "testlib/pttest.h"

START_TEST(slice_slice_bytes)
{
    /* rustls-ffi's test_rustls_slice_slice_bytes: "abcd", "", "xyz". */
    const pt_slice items[] = {pt_slice_of("abcd", 4), pt_slice_of("", 0), pt_slice_of("xyz", 3)};
    struct rustls_slice_slice_bytes l = pt_slice_slice_bytes_of(items, 3);
    ck_assert_uint_eq(rustls_slice_slice_bytes_len(&l), 3);
    struct rustls_slice_bytes b = rustls_slice_slice_bytes_get(&l, 0);
    ck_assert_uint_eq(b.len, 4);
    ck_assert_mem_eq(b.data, "abcd", 4);
    b = rustls_slice_slice_bytes_get(&l, 1);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_ptr_nonnull(b.data);
    b = rustls_slice_slice_bytes_get(&l, 2);
    ck_assert_uint_eq(b.len, 3);
    ck_assert_mem_eq(b.data, "xyz", 3);
    b = rustls_slice_slice_bytes_get(&l, 3);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_ptr_null(b.data);
    b = rustls_slice_slice_bytes_get(&l, (size_t)-1);
    ck_assert_ptr_null(b.data);

    /* An empty item without a pointer still reads as present; an empty list has no items. */
    const pt_slice empty_item[] = {PT_SLICE_EMPTY};
    l = pt_slice_slice_bytes_of(empty_item, 1);
    b = rustls_slice_slice_bytes_get(&l, 0);
    ck_assert_ptr_nonnull(b.data);
    ck_assert_uint_eq(b.len, 0);
    l = pt_slice_slice_bytes_of(NULL, 0);
    ck_assert_uint_eq(rustls_slice_slice_bytes_len(&l), 0);
    ck_assert_ptr_null(rustls_slice_slice_bytes_get(&l, 0).data);

    ck_assert_uint_eq(rustls_slice_slice_bytes_len(NULL), 0);
    b = rustls_slice_slice_bytes_get(NULL, 0);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(slice_str)
{
    const pt_slice items[] = {pt_slice_of("abcd", 4), pt_slice_of("", 0), pt_slice_of("xyz", 3),
                              pt_slice_of("a\0b", 3)};
    struct rustls_slice_str l = pt_slice_str_of(items, 4);
    ck_assert_uint_eq(rustls_slice_str_len(&l), 4);
    struct rustls_str s = rustls_slice_str_get(&l, 0);
    ck_assert_uint_eq(s.len, 4);
    ck_assert_mem_eq(s.data, "abcd", 4);
    s = rustls_slice_str_get(&l, 1);
    ck_assert_uint_eq(s.len, 0);
    ck_assert_ptr_nonnull(s.data);
    s = rustls_slice_str_get(&l, 2);
    ck_assert_uint_eq(s.len, 3);
    ck_assert_mem_eq(s.data, "xyz", 3);
    /* A string with a NUL inside is not a rustls_str: rustls-ffi gives the empty value. */
    s = rustls_slice_str_get(&l, 3);
    ck_assert_ptr_null(s.data);
    ck_assert_uint_eq(s.len, 0);
    s = rustls_slice_str_get(&l, 4);
    ck_assert_ptr_null(s.data);
    ck_assert_uint_eq(s.len, 0);

    ck_assert_uint_eq(rustls_slice_str_len(NULL), 0);
    s = rustls_slice_str_get(NULL, 0);
    ck_assert_ptr_null(s.data);
    ck_assert_uint_eq(s.len, 0);
}
END_TEST

static Suite *slices_suite(void)
{
    Suite *s = suite_create("slices");
    TCase *tc = tcase_create("slices");
    tcase_add_test(tc, slice_slice_bytes);
    tcase_add_test(tc, slice_str);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(slices_suite());
}
