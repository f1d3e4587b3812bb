/*
 * msgs_testutil.h - small helpers shared by the message codec tests (tests/unit/test_*.c of
 * src/msgs/ other than the hello family).  Header-only; each test program includes it once.
 */
#ifndef PT_TESTS_MSGS_TESTUTIL_H
#define PT_TESTS_MSGS_TESTUTIL_H

#include <stdlib.h>
#include <string.h>

#include "base/writer.h"
#include "msgs/msgs.h"
#include "testlib/pttest.h"

/*
 * The errors the shared reader (src/base/reader.h) gives for a malformed vector: the codecs use
 * it for every length-prefixed field, so the tests name its outcomes once here.
 */
#define E_MISSING PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define E_TOO_SHORT PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define E_TRAILING PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TRAILING_DATA)
#define E_EMPTY PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define E_BOUNDS PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_OTHER)

/* A bump arena for decoded hex and built messages: no frees to forget (each test runs in a fork). */
static uint8_t t_arena[1 << 20];
static size_t t_arena_used;

static PT_UNUSED uint8_t *t_alloc(size_t n)
{
    ck_assert_uint_le(n, sizeof(t_arena) - t_arena_used);
    uint8_t *p = t_arena + t_arena_used;
    t_arena_used += n;
    return p;
}

static PT_UNUSED pt_slice hx(const char *hex)
{
    size_t len;
    uint8_t *tmp = pt_test_unhex(hex, &len);
    uint8_t *p = t_alloc(len);
    memcpy(p, tmp, len);
    free(tmp);
    return pt_slice_of(p, len);
}

/* The body of a whole handshake message given as hex, after checking its type and length. */
static PT_UNUSED pt_slice hs_body(const char *msg_hex, uint8_t type)
{
    pt_slice m = hx(msg_hex);
    ck_assert_uint_ge(m.len, 4);
    ck_assert_uint_eq(m.p[0], type);
    ck_assert_uint_eq(((size_t)m.p[1] << 16) | ((size_t)m.p[2] << 8) | m.p[3], m.len - 4);
    return pt_slice_of(m.p + 4, m.len - 4);
}

/* A copy of `s` with `extra` more bytes of room (so tests can append or edit). */
static PT_UNUSED uint8_t *t_copy(pt_slice s, size_t extra)
{
    uint8_t *p = t_alloc(s.len + extra);
    if (s.len > 0) {
        memcpy(p, s.p, s.len);
    }
    return p;
}

/* `s` followed by one more byte. */
static PT_UNUSED pt_slice t_append(pt_slice s, uint8_t b)
{
    uint8_t *p = t_copy(s, 1);
    p[s.len] = b;
    return pt_slice_of(p, s.len + 1);
}

/* A fixed writer over fresh arena space. */
static PT_UNUSED void t_writer(pt_writer *w, size_t cap)
{
    pt_writer_init_fixed(w, t_alloc(cap), cap);
}

#define ck_assert_slice_eq(a, b)                                                                                       \
    do {                                                                                                               \
        pt_slice ck_sa_ = (a), ck_sb_ = (b);                                                                           \
        ck_assert_uint_eq(ck_sa_.len, ck_sb_.len);                                                                     \
        if (ck_sa_.len > 0) {                                                                                          \
            ck_assert_mem_eq(ck_sa_.p, ck_sb_.p, ck_sa_.len);                                                          \
        }                                                                                                              \
    } while (0)

/* Assert that the writer succeeded and wrote exactly `expected`. */
#define ck_assert_written(w, expected)                                                                                 \
    do {                                                                                                               \
        ck_assert_pt_ok(pt_w_finish(w));                                                                               \
        ck_assert_slice_eq(pt_w_slice(w), (expected));                                                                 \
    } while (0)

/* Encode with `enc` into a heap buffer and assert the result is exactly `expected`. */
#define ck_assert_reencodes(enc, msg, expected)                                                                        \
    do {                                                                                                               \
        pt_slice ck_x_ = (expected);                                                                                   \
        pt_writer ck_w_;                                                                                               \
        pt_writer_init_growable(&ck_w_, 64, 1 << 20);                                                                  \
        enc(&ck_w_, (msg));                                                                                            \
        ck_assert_written(&ck_w_, ck_x_);                                                                              \
        pt_writer_free(&ck_w_);                                                                                        \
    } while (0)

/* A decoder under test, wrapped so that loops can run over any message type. */
typedef pt_err (*t_decoder)(pt_slice body);

/* Every proper prefix of `body` must fail with exactly `expected`. */
static PT_UNUSED void t_every_prefix_fails(t_decoder dec, pt_slice body, pt_err expected)
{
    for (size_t n = 0; n < body.len; n++) {
        /* copy to an exact-size buffer so that ASan sees any read past the prefix */
        uint8_t *p = malloc(n > 0 ? n : 1);
        ck_assert_ptr_nonnull(p);
        if (n > 0) {
            memcpy(p, body.p, n);
        }
        pt_err e = dec(pt_slice_of(n > 0 ? p : NULL, n));
        free(p);
        ck_assert_msg(e.v == expected.v, "prefix of %zu/%zu bytes: expected result %u alert %d, got %u alert %d", n,
                      body.len, (unsigned)pt_err_result(expected), pt_err_alert(expected),
                      (unsigned)pt_err_result(e), pt_err_alert(e));
    }
}

/*
 * Every proper prefix of `body` must fail as truncated, with decode_error and one of the two
 * results rustls gives for it: MESSAGE_MISSING_DATA when the cut falls in a fixed-size field or
 * a length prefix, MESSAGE_TOO_SHORT when it falls inside a vector whose length was read.
 * Which one applies is exact per position (the hello-family tests compute it); here any other
 * error, or success, fails the test.
 */
static PT_UNUSED void t_every_prefix_truncated(t_decoder dec, pt_slice body)
{
    size_t missing = 0;
    for (size_t n = 0; n < body.len; n++) {
        uint8_t *p = malloc(n > 0 ? n : 1); /* exact-size copy, so ASan sees any over-read */
        ck_assert_ptr_nonnull(p);
        if (n > 0) {
            memcpy(p, body.p, n);
        }
        pt_err e = dec(pt_slice_of(n > 0 ? p : NULL, n));
        free(p);
        missing += e.v == E_MISSING.v;
        ck_assert_msg(e.v == E_MISSING.v || e.v == E_TOO_SHORT.v,
                      "prefix of %zu/%zu bytes: expected a truncation error, got result %u alert %d", n, body.len,
                      (unsigned)pt_err_result(e), pt_err_alert(e));
    }
    /* The empty prefix always cuts a fixed-size field, so MISSING_DATA must have been seen. */
    ck_assert_uint_gt(missing, 0);
}

typedef struct t_flip_ctx {
    t_decoder dec;
    pt_err also_ok;
} t_flip_ctx;

static PT_UNUSED bool t_flip_check(void *ctx, pt_slice flipped, size_t bit)
{
    const t_flip_ctx *c = ctx;
    pt_err e = c->dec(flipped);
    if (pt_ok(e)) {
        return true;
    }
    if (c->also_ok.v == 0 || e.v != c->also_ok.v) {
        unsigned res = pt_err_result(e);
        int alert = pt_err_alert(e);
        ck_assert_msg((alert == PT_ALERT_DECODE_ERROR || alert == PT_ALERT_ILLEGAL_PARAMETER) &&
                          res >= RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE &&
                          res <= RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE &&
                          res != RUSTLS_RESULT_CERT_UNKNOWN_REVOCATION_STATUS,
                      "bit %zu: unexpected result %u alert %d", bit, res, alert);
    }
    return false;
}

/*
 * Flip every bit of `body` in turn: decoding must never crash or read out of bounds (the copy
 * is exact-size, for ASan), and any failure must be a decode-type error: decode_error or
 * illegal_parameter with a MESSAGE_* result, or `also_ok` (a codec-specific outcome; may be
 * PT_OK when there is none).  Returns how many flips decoded successfully.
 */
static PT_UNUSED size_t t_bit_flips(t_decoder dec, pt_slice body, pt_err also_ok)
{
    t_flip_ctx c = {dec, also_ok};
    return pt_test_bit_flips(body, t_flip_check, &c);
}

#endif
