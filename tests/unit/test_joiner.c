/*
 * test_joiner.c - the handshake joiner (src/record/joiner.c): messages split across records at
 * every byte, several messages per record, the size cap, the end-of-record flag that key
 * changes depend on (RFC 8446 section 5.1), and that whole messages are not copied.
 */
#include <stdlib.h>
#include <string.h>

#include "record/joiner.h"
#include "testlib/pttest.h"

#define TOO_LARGE PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_HANDSHAKE_PAYLOAD_TOO_LARGE)

/* A flight of handshake messages, concatenated. */
typedef struct flight {
    uint8_t bytes[4096];
    size_t len;
    size_t n;
    size_t end[16]; /* offset just past each message */
    uint8_t type[16];
} flight;

static void add_msg(flight *f, uint8_t type, size_t body_len)
{
    uint8_t *p = f->bytes + f->len;
    p[0] = type;
    p[1] = (uint8_t)(body_len >> 16);
    p[2] = (uint8_t)(body_len >> 8);
    p[3] = (uint8_t)body_len;
    for (size_t i = 0; i < body_len; i++) {
        p[4 + i] = (uint8_t)(type + i * 3);
    }
    f->len += 4 + body_len;
    f->type[f->n] = type;
    f->end[f->n++] = f->len;
}

static flight sample_flight(void)
{
    flight f = {0};
    add_msg(&f, 2, 86);   /* ServerHello-sized */
    add_msg(&f, 8, 2);    /* EncryptedExtensions, empty list */
    add_msg(&f, 11, 900); /* Certificate */
    add_msg(&f, 15, 0);   /* a zero-length body */
    add_msg(&f, 20, 32);  /* Finished */
    return f;
}

/*
 * Feed `f` as records ending at `cuts` and check every message: type, body, raw bytes and the
 * end-of-record flag (true exactly when the message ends where a record ends).
 */
static void run(const flight *f, const size_t *cuts, size_t ncuts)
{
    pt_joiner j;
    pt_joiner_init(&j, 0);
    size_t at = 0, got = 0;
    for (size_t c = 0; c <= ncuts; c++) {
        size_t stop = c < ncuts ? cuts[c] : f->len;
        if (stop == at) {
            continue; /* handshake records are never empty (the deframer refuses them) */
        }
        /* a private copy per record, so a view that outlives its record would be caught */
        uint8_t *rec = malloc(stop - at);
        memcpy(rec, f->bytes + at, stop - at);
        ck_assert_pt_ok(pt_joiner_feed(&j, rec, stop - at));
        pt_hs_msg m;
        bool have = true;
        while (have) {
            ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
            if (!have) {
                break;
            }
            ck_assert_uint_lt(got, f->n);
            size_t start = got == 0 ? 0 : f->end[got - 1];
            ck_assert_uint_eq(m.type, f->type[got]);
            ck_assert_uint_eq(m.raw.len, f->end[got] - start);
            ck_assert_mem_eq(m.raw.p, f->bytes + start, m.raw.len);
            ck_assert_ptr_eq(m.body.p, m.raw.p + 4);
            ck_assert_uint_eq(m.body.len, m.raw.len - 4);
            ck_assert(m.end_of_record == (f->end[got] == stop));
            /* a message wholly inside this record is a view of the record, not a copy */
            if (start >= at) {
                ck_assert_ptr_eq(m.raw.p, rec + (start - at));
            }
            got++;
            ck_assert(pt_joiner_is_aligned(&j));
        }
        ck_assert(!pt_joiner_has_input(&j));
        ck_assert(pt_joiner_is_aligned(&j) == (got > 0 && f->end[got - 1] == stop));
        free(rec);
        at = stop;
    }
    ck_assert_uint_eq(got, f->n);
    pt_joiner_cleanup(&j);
}

START_TEST(one_record_many_messages)
{
    flight f = sample_flight();
    run(&f, NULL, 0);
}
END_TEST

START_TEST(split_at_every_byte)
{
    flight f = sample_flight();
    for (size_t cut = 1; cut < f.len; cut++) {
        run(&f, &cut, 1);
    }
}
END_TEST

START_TEST(two_cuts_around_headers)
{
    flight f = sample_flight();
    /* every pair of cuts within the first three messages' headers and bodies' edges */
    for (size_t a = 1; a < 110; a++) {
        for (size_t b = a + 1; b < 110; b += 3) {
            size_t cuts[2] = {a, b};
            run(&f, cuts, 2);
        }
    }
}
END_TEST

START_TEST(one_byte_records)
{
    flight f = sample_flight();
    size_t *cuts = malloc(f.len * sizeof(size_t));
    for (size_t i = 0; i + 1 < f.len; i++) {
        cuts[i] = i + 1;
    }
    run(&f, cuts, f.len - 1);
    free(cuts);
}
END_TEST

START_TEST(records_aligned_with_messages)
{
    flight f = sample_flight();
    run(&f, f.end, f.n - 1);
}
END_TEST

START_TEST(size_cap)
{
    pt_joiner j;
    pt_hs_msg m;
    bool have;
    /* rustls's MAX_HANDSHAKE_SIZE: a body of 0xffff is allowed, 0x10000 refused from the header. */
    uint8_t *big = calloc(1, 4 + 0xffff);
    big[0] = 11;
    big[2] = 0xff;
    big[3] = 0xff;
    pt_joiner_init(&j, 0);
    ck_assert_uint_eq(j.max_body, 0xffff);
    ck_assert_pt_ok(pt_joiner_feed(&j, big, 4 + 0xffff));
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(have);
    ck_assert_uint_eq(m.body.len, 0xffff);
    pt_joiner_cleanup(&j);

    /* the same, split across records of 16384 (the assembled copy) */
    pt_joiner_init(&j, 0);
    size_t at = 0, total = 4 + 0xffff;
    have = false;
    while (at < total) {
        size_t n = total - at < 16384 ? total - at : 16384;
        ck_assert(!have);
        ck_assert_pt_ok(pt_joiner_feed(&j, big + at, n));
        ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
        at += n;
    }
    ck_assert(have);
    ck_assert_uint_eq(m.raw.len, total);
    ck_assert_mem_eq(m.raw.p, big, total);
    ck_assert_ptr_ne(m.raw.p, big);
    pt_joiner_cleanup(&j);

    static const uint8_t over[4] = {11, 0x01, 0x00, 0x00};
    pt_joiner_init(&j, 0);
    ck_assert_pt_ok(pt_joiner_feed(&j, over, 4));
    ck_assert_pt_err(pt_joiner_next(&j, &m, &have), TOO_LARGE);
    pt_joiner_cleanup(&j);
    /* header split across records: refused as soon as it is complete */
    static const uint8_t huge[4] = {11, 0xff, 0xff, 0xff};
    pt_joiner_init(&j, 0);
    ck_assert_pt_ok(pt_joiner_feed(&j, huge, 2));
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(!have);
    ck_assert(!pt_joiner_is_aligned(&j));
    ck_assert_pt_ok(pt_joiner_feed(&j, huge + 2, 2));
    ck_assert_pt_err(pt_joiner_next(&j, &m, &have), TOO_LARGE);
    pt_joiner_cleanup(&j);

    /* a configured cap */
    static const uint8_t msg101[4] = {1, 0, 0, 101};
    pt_joiner_init(&j, 100);
    ck_assert_pt_ok(pt_joiner_feed(&j, msg101, 4));
    ck_assert_pt_err(pt_joiner_next(&j, &m, &have), TOO_LARGE);
    pt_joiner_cleanup(&j);
    free(big);
}
END_TEST

START_TEST(feed_before_consumed_is_misuse)
{
    pt_joiner j;
    pt_hs_msg m;
    bool have;
    static const uint8_t two[8] = {20, 0, 0, 0, 20, 0, 0, 0};
    pt_joiner_init(&j, 0);
    ck_assert_pt_ok(pt_joiner_feed(&j, two, 8));
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(have);
    ck_assert(!m.end_of_record); /* a key change here would have to be refused */
    ck_assert(pt_joiner_has_input(&j));
    ck_assert_pt_err(pt_joiner_feed(&j, two, 8), PT_ERR_INTERNAL);
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(have && m.end_of_record);
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(!have);
    ck_assert_pt_ok(pt_joiner_feed(&j, two, 4));
    pt_joiner_cleanup(&j);
}
END_TEST

/*
 * Asking before anything was fed (or after cleanup) yields nothing and touches no pointer; an
 * assembled message's buffer is released by the next call, so an idle joiner holds no heap.
 */
START_TEST(empty_joiner_and_release_of_assembled_messages)
{
    pt_joiner j;
    pt_hs_msg m;
    bool have = true;
    static const uint8_t msg[6] = {20, 0, 0, 2, 0xaa, 0xbb};
    pt_joiner_init(&j, 0);
    ck_assert_ptr_null(j.in);
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(!have);
    ck_assert(pt_joiner_is_aligned(&j));

    ck_assert_pt_ok(pt_joiner_feed(&j, msg, 3));
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(!have);
    ck_assert(!pt_joiner_is_aligned(&j));
    ck_assert_pt_ok(pt_joiner_feed(&j, msg + 3, 3));
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(have && m.end_of_record);
    ck_assert_uint_eq(m.type, 20);
    ck_assert_mem_eq(m.raw.p, msg, 6);
    ck_assert_ptr_nonnull(j.buf);
    ck_assert(pt_joiner_is_aligned(&j));
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(!have);
    ck_assert_ptr_null(j.buf);
    ck_assert_uint_eq(j.got, 0);

    pt_joiner_cleanup(&j);
    ck_assert_pt_ok(pt_joiner_next(&j, &m, &have));
    ck_assert(!have);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("joiner");
    TCase *tc = tcase_create("joining");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, one_record_many_messages);
    tcase_add_test(tc, split_at_every_byte);
    tcase_add_test(tc, two_cuts_around_headers);
    tcase_add_test(tc, one_byte_records);
    tcase_add_test(tc, records_aligned_with_messages);
    suite_add_tcase(s, tc);
    tc = tcase_create("limits");
    tcase_add_test(tc, size_cap);
    tcase_add_test(tc, feed_before_consumed_is_misuse);
    tcase_add_test(tc, empty_joiner_and_release_of_assembled_messages);
    suite_add_tcase(s, tc);
    return pt_test_run(s);
}
