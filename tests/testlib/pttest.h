/*
 * pttest.h - helpers shared by patina's Check test programs.
 */
#ifndef PT_TEST_H
#define PT_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/err.h"
#include "base/slice.h"

/* Decode a hex string (whitespace ignored) into a malloc'd buffer; aborts the test on bad hex. */
uint8_t *pt_test_unhex(const char *hex, size_t *len);
/*
 * Decode hex into a slice that lives in a test-wide arena (no frees to forget).  The arena is
 * emptied by pt_test_hx_reset, which test cases install as a checked fixture so each test
 * starts empty whether Check forks or not (CK_FORK=no under valgrind).
 */
pt_slice pt_test_hx(const char *hex);
void pt_test_hx_reset(void);

/*
 * Decode a whole handshake message given in hex into a malloc'd buffer (freed by the caller),
 * after asserting its type and that its 24-bit length matches; *body is what follows the 4-byte
 * header, inside the returned buffer.
 */
uint8_t *pt_test_hs_load(const char *hex, uint8_t type, size_t *len, pt_slice *body);

/*
 * Flip every bit of `body` in turn and call `check(ctx, flipped, bit)` on each, with `flipped`
 * an exact-size heap copy so ASan sees any read past it.  `check` decodes and asserts what the
 * codec must do, and returns true when the decode succeeded.  Returns how many flips decoded.
 */
size_t pt_test_bit_flips(pt_slice body, bool (*check)(void *ctx, pt_slice flipped, size_t bit), void *ctx);

/* Read a whole file from tests/data (relative name) into a malloc'd, NUL-terminated buffer. */
uint8_t *pt_test_read_data(const char *name, size_t *len);
/* Absolute path of a file in tests/data (static buffer, overwritten by each call). */
const char *pt_test_data_path(const char *name);
/* Run a suite and return the process exit code (0 when all passed). */
int pt_test_run(Suite *s);

/* Assert that `e` is success. */
#define ck_assert_pt_ok(e)                                                                                             \
    do {                                                                                                               \
        pt_err ck_e_ = (e);                                                                                            \
        ck_assert_msg(pt_ok(ck_e_), "expected success, got rustls_result %u alert %d (%s)",                           \
                      (unsigned)pt_err_result(ck_e_), pt_err_alert(ck_e_), pt_result_text(pt_err_result(ck_e_)));     \
    } while (0)

/* Assert that `e` is exactly `expected` (same rustls_result and same alert). */
#define ck_assert_pt_err(e, expected)                                                                                  \
    do {                                                                                                               \
        pt_err ck_e_ = (e), ck_x_ = (expected);                                                                        \
        ck_assert_msg(ck_e_.v == ck_x_.v, "expected rustls_result %u alert %d, got %u alert %d",                       \
                      (unsigned)pt_err_result(ck_x_), pt_err_alert(ck_x_), (unsigned)pt_err_result(ck_e_),             \
                      pt_err_alert(ck_e_));                                                                            \
    } while (0)

/* Assert `len` bytes at `got` equal the hex string `hex`. */
#define ck_assert_hex_eq(got, len, hex)                                                                                \
    do {                                                                                                               \
        size_t ck_hl_;                                                                                                 \
        uint8_t *ck_h_ = pt_test_unhex((hex), &ck_hl_);                                                                \
        ck_assert_uint_eq((size_t)(len), ck_hl_);                                                                      \
        ck_assert_mem_eq((got), ck_h_, ck_hl_);                                                                        \
        free(ck_h_);                                                                                                   \
    } while (0)

#endif
