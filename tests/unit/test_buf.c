/*
 * test_buf.c - the chunked byte queue: FIFO order across chunks, rustls's limit semantics
 * (partial acceptance, unlimited protocol appends, lowering the limit), reservations, wiping
 * of every released chunk, and releasing all memory when emptied.
 */
#include <string.h>

#include "base/buf.h"
#include "testlib/pttest.h"

/* ------------------------------------------------------------------ release hook */

static int releases;
static size_t released_bytes;

/* Every chunk must be all zeros when it is released: plaintext never outlives its chunk. */
static void check_wiped(const uint8_t *data, size_t cap)
{
    releases++;
    released_bytes += cap;
    size_t i = 0;
    while (i < cap && data[i] == 0) {
        i++;
    }
    ck_assert_msg(i == cap, "released chunk not wiped at byte %zu of %zu", i, cap);
}

static void setup(void)
{
    releases = 0;
    released_bytes = 0;
    pt_buf_release_hook = check_wiped;
}

static void teardown(void)
{
    pt_buf_release_hook = NULL;
}

/* A recognisable byte pattern: byte i of a stream is pattern(i). */
static uint8_t pattern(size_t i)
{
    return (uint8_t)(i * 131 + 7);
}

static void fill(uint8_t *p, size_t start, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = pattern(start + i);
    }
}

/* ------------------------------------------------------------------ basics */

START_TEST(empty_queue_holds_nothing)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    ck_assert(pt_buf_is_empty(&b));
    ck_assert_uint_eq(pt_buf_len(&b), 0);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    ck_assert_uint_eq(pt_buf_peek(&b).len, 0);
    pt_slice v[2];
    ck_assert_uint_eq(pt_buf_peekv(&b, v, 2), 0);
    uint8_t out[4];
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), 0);
    pt_buf_consume(&b, 10);
    ck_assert_pt_ok(pt_buf_append(&b, NULL, 0));
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    pt_buf_free(&b);
    ck_assert_int_eq(releases, 0);
}
END_TEST

/* Appends of assorted sizes come out in order, whatever the read sizes, across chunk borders. */
START_TEST(fifo_order_across_chunks)
{
    static const size_t sizes[] = {1, 5, 4095, 1, 4096, 4097, 100, 20000, 3, 0, 7};
    size_t read_size = (size_t)_i;
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    size_t total = 0;
    uint8_t tmp[20000];
    for (size_t i = 0; i < PT_ARRAY_LEN(sizes); i++) {
        fill(tmp, total, sizes[i]);
        ck_assert_pt_ok(pt_buf_append(&b, tmp, sizes[i]));
        total += sizes[i];
        ck_assert_uint_eq(pt_buf_len(&b), total);
    }
    size_t got = 0;
    uint8_t out[5000];
    while (got < total) {
        /* Plain checks, one abort on failure: ~100k ck_asserts per run timed out under load. */
        size_t n = pt_buf_read(&b, out, read_size);
        if (n != (total - got < read_size ? total - got : read_size)) {
            ck_abort_msg("read %zu bytes at %zu", n, got);
        }
        for (size_t i = 0; i < n; i++) {
            if (out[i] != pattern(got + i)) {
                ck_abort_msg("byte %zu is %02x, expected %02x", got + i, out[i], pattern(got + i));
            }
        }
        got += n;
        if (pt_buf_len(&b) != total - got) {
            ck_abort_msg("length %zu after reading %zu of %zu", pt_buf_len(&b), got, total);
        }
    }
    ck_assert(pt_buf_is_empty(&b));
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    ck_assert_int_gt(releases, 1);
    pt_buf_free(&b);
}
END_TEST

/* Small appends share one chunk: a flight of records costs one allocation. */
START_TEST(small_appends_share_a_chunk)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    uint8_t rec[100];
    for (size_t i = 0; i < 40; i++) {
        fill(rec, i * 100, 100);
        ck_assert_pt_ok(pt_buf_append(&b, rec, sizeof(rec)));
    }
    pt_slice v[4];
    ck_assert_uint_eq(pt_buf_peekv(&b, v, 4), 1);
    ck_assert_uint_eq(v[0].len, 4000);
    ck_assert_uint_le(pt_buf_heap_bytes(&b), PT_BUF_CHUNK_MIN + 64);
    /* The next append fills the chunk and spills into a second one. */
    fill(rec, 4000, 100);
    ck_assert_pt_ok(pt_buf_append(&b, rec, sizeof(rec)));
    ck_assert_uint_eq(pt_buf_peekv(&b, v, 4), 2);
    ck_assert_uint_eq(v[0].len, PT_BUF_CHUNK_MIN);
    ck_assert_uint_eq(v[1].len, 4100 - PT_BUF_CHUNK_MIN);
    ck_assert_uint_eq(v[1].p[0], pattern(PT_BUF_CHUNK_MIN));
    pt_buf_free(&b);
    ck_assert_int_eq(releases, 2);
}
END_TEST

START_TEST(peekv_lists_chunks_in_order)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    uint8_t big[3 * PT_BUF_CHUNK_MIN];
    fill(big, 0, sizeof(big));
    /* Three separate chunks: each append is larger than the previous chunk's spare room. */
    ck_assert_pt_ok(pt_buf_append(&b, big, PT_BUF_CHUNK_MIN));
    ck_assert_pt_ok(pt_buf_append(&b, big + PT_BUF_CHUNK_MIN, PT_BUF_CHUNK_MIN + 10));
    ck_assert_pt_ok(pt_buf_append(&b, big + 2 * PT_BUF_CHUNK_MIN + 10, 20));
    pt_buf_consume(&b, 5);
    pt_slice v[8];
    size_t k = pt_buf_peekv(&b, v, 8);
    ck_assert_uint_eq(k, 3);
    size_t sum = 0;
    for (size_t i = 0; i < k; i++) {
        ck_assert_mem_eq(v[i].p, big + 5 + sum, v[i].len);
        sum += v[i].len;
    }
    ck_assert_uint_eq(sum, pt_buf_len(&b));
    ck_assert_uint_eq(pt_buf_peekv(&b, v, 2), 2); /* stops at max */
    pt_slice first = pt_buf_peek(&b);
    ck_assert_ptr_eq(first.p, v[0].p);
    ck_assert_uint_eq(first.len, PT_BUF_CHUNK_MIN - 5);
    pt_buf_free(&b);
}
END_TEST

/* Consuming exactly one chunk's bytes frees it; consuming everything frees everything. */
START_TEST(consume_releases_drained_chunks)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    uint8_t big[2 * PT_BUF_CHUNK_MIN];
    fill(big, 0, sizeof(big));
    ck_assert_pt_ok(pt_buf_append(&b, big, PT_BUF_CHUNK_MIN));
    ck_assert_pt_ok(pt_buf_append(&b, big + PT_BUF_CHUNK_MIN, PT_BUF_CHUNK_MIN));
    size_t two = pt_buf_heap_bytes(&b);
    pt_buf_consume(&b, PT_BUF_CHUNK_MIN);
    ck_assert_int_eq(releases, 1);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), two / 2);
    ck_assert_uint_eq(pt_buf_peek(&b).p[0], pattern(PT_BUF_CHUNK_MIN));
    pt_buf_consume(&b, PT_BUF_CHUNK_MIN - 1);
    ck_assert_int_eq(releases, 1);
    ck_assert_uint_eq(pt_buf_len(&b), 1);
    pt_buf_consume(&b, 1000); /* more than is queued: clamps */
    ck_assert_int_eq(releases, 2);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    ck_assert(pt_buf_is_empty(&b));
    pt_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ limit */

/* rustls's own example for ChunkVecBuffer: limit 12, "hello" "world" "hello" "world". */
START_TEST(limited_appends_accept_a_prefix)
{
    pt_buf b;
    pt_buf_init(&b, 12);
    size_t taken = 99;
    ck_assert_pt_ok(pt_buf_append_limited(&b, "hello", 5, &taken));
    ck_assert_uint_eq(taken, 5);
    ck_assert_pt_ok(pt_buf_append_limited(&b, "world", 5, &taken));
    ck_assert_uint_eq(taken, 5);
    ck_assert_pt_ok(pt_buf_append_limited(&b, "hello", 5, &taken));
    ck_assert_uint_eq(taken, 2);
    ck_assert_pt_ok(pt_buf_append_limited(&b, "world", 5, &taken));
    ck_assert_uint_eq(taken, 0);
    ck_assert(!pt_buf_over_limit(&b)); /* exactly at the limit is not over it */
    uint8_t out[16];
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), 12);
    ck_assert_mem_eq(out, "helloworldhe", 12);
    /* Draining makes room again. */
    ck_assert_pt_ok(pt_buf_append_limited(&b, "again", 5, &taken));
    ck_assert_uint_eq(taken, 5);
    pt_buf_free(&b);
}
END_TEST

/* Protocol output ignores the limit; limited writes then accept nothing until it drains. */
START_TEST(unlimited_appends_can_exceed_limit)
{
    pt_buf b;
    pt_buf_init(&b, 10);
    uint8_t data[25];
    fill(data, 0, sizeof(data));
    ck_assert_pt_ok(pt_buf_append(&b, data, 25));
    ck_assert_uint_eq(pt_buf_len(&b), 25);
    ck_assert(pt_buf_over_limit(&b));
    ck_assert_uint_eq(pt_buf_space(&b, 5), 0);
    size_t taken = 99;
    ck_assert_pt_ok(pt_buf_append_limited(&b, data, 5, &taken));
    ck_assert_uint_eq(taken, 0);
    ck_assert_uint_eq(pt_buf_len(&b), 25);
    pt_buf_consume(&b, 20);
    ck_assert_uint_eq(pt_buf_space(&b, 100), 5);
    ck_assert(!pt_buf_over_limit(&b));
    pt_buf_free(&b);
}
END_TEST

/* The limit may be lowered below what is queued, raised, or removed, at any time. */
START_TEST(limit_changes_at_any_time)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    uint8_t data[100];
    fill(data, 0, sizeof(data));
    size_t taken;
    ck_assert_pt_ok(pt_buf_append_limited(&b, data, 100, &taken));
    ck_assert_uint_eq(taken, 100);
    pt_buf_set_limit(&b, 50);
    ck_assert_uint_eq(pt_buf_len(&b), 100); /* nothing discarded */
    ck_assert_pt_ok(pt_buf_append_limited(&b, data, 10, &taken));
    ck_assert_uint_eq(taken, 0);
    pt_buf_set_limit(&b, 104);
    ck_assert_pt_ok(pt_buf_append_limited(&b, data, 10, &taken));
    ck_assert_uint_eq(taken, 4);
    pt_buf_set_limit(&b, 0);
    ck_assert_uint_eq(pt_buf_space(&b, 1), 0);
    pt_buf_set_limit(&b, PT_BUF_UNLIMITED);
    ck_assert_uint_eq(pt_buf_space(&b, 1000000), 1000000);
    ck_assert(!pt_buf_over_limit(&b));
    uint8_t out[104];
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), 104);
    ck_assert_mem_eq(out, data, 100);
    ck_assert_mem_eq(out + 100, data, 4);
    pt_buf_free(&b);
}
END_TEST

/* A limit of 0 accepts no application data at all (rustls_connection_set_buffer_limit(conn, 0)). */
START_TEST(zero_limit_accepts_nothing)
{
    pt_buf b;
    pt_buf_init(&b, 0);
    size_t taken = 99;
    ck_assert_pt_ok(pt_buf_append_limited(&b, "x", 1, &taken));
    ck_assert_uint_eq(taken, 0);
    ck_assert(pt_buf_is_empty(&b));
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    pt_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ reservations */

START_TEST(reserve_and_commit_in_place)
{
    pt_buf b;
    pt_buf_init(&b, 8);
    ck_assert_pt_ok(pt_buf_append(&b, "ab", 2));
    uint8_t *p = pt_buf_reserve(&b, 300); /* ignores the limit, like protocol appends */
    ck_assert_ptr_nonnull(p);
    memset(p, 'z', 300);
    ck_assert_uint_eq(pt_buf_len(&b), 2); /* not queued until committed */
    pt_buf_commit(&b, 3);
    ck_assert_uint_eq(pt_buf_len(&b), 5);
    uint8_t out[8];
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), 5);
    ck_assert_mem_eq(out, "abzzz", 5);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    pt_buf_free(&b);
}
END_TEST

/* A reservation bigger than the tail's room gets a new chunk; committing more than reserved clamps. */
START_TEST(reserve_large_gets_its_own_chunk)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    ck_assert_pt_ok(pt_buf_append(&b, "head", 4));
    uint8_t *p = pt_buf_reserve(&b, 3 * PT_BUF_CHUNK_MIN);
    ck_assert_ptr_nonnull(p);
    memset(p, 'r', 3 * PT_BUF_CHUNK_MIN);
    pt_buf_commit(&b, 5 * PT_BUF_CHUNK_MIN);
    ck_assert_uint_eq(pt_buf_len(&b), 4 + 3 * PT_BUF_CHUNK_MIN);
    pt_slice v[4];
    ck_assert_uint_eq(pt_buf_peekv(&b, v, 4), 2);
    ck_assert_uint_eq(v[0].len, 4);
    ck_assert_ptr_eq(v[1].p, p);
    pt_buf_free(&b);
    ck_assert_int_eq(releases, 2);
}
END_TEST

/* Abandoning a reservation (commit 0) on an empty queue releases its chunk, wiped. */
START_TEST(abandoned_reservation_released_and_wiped)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    uint8_t *p = pt_buf_reserve(&b, 64);
    ck_assert_ptr_nonnull(p);
    memset(p, 0x5e, 64); /* e.g. half-sealed plaintext */
    pt_buf_commit(&b, 0);
    ck_assert(pt_buf_is_empty(&b));
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    ck_assert_int_eq(releases, 1);

    /* Abandoned in a non-empty queue: the queue keeps working and frees it once drained. */
    ck_assert_pt_ok(pt_buf_append(&b, "abc", 3));
    p = pt_buf_reserve(&b, 2 * PT_BUF_CHUNK_MIN);
    ck_assert_ptr_nonnull(p);
    memset(p, 0x5e, 2 * PT_BUF_CHUNK_MIN);
    pt_buf_commit(&b, 0);
    ck_assert_pt_ok(pt_buf_append(&b, "def", 3));
    uint8_t out[8];
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), 6);
    ck_assert_mem_eq(out, "abcdef", 6);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    ck_assert_int_eq(releases, 3);
    pt_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ wiping and memory */

/* Every chunk released - by consume, read, clear or free - is all zeros (checked by the hook). */
START_TEST(every_release_is_wiped)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    uint8_t secret[10000];
    memset(secret, 0xa5, sizeof(secret));
    for (int round = 0; round < 3; round++) {
        ck_assert_pt_ok(pt_buf_append(&b, secret, sizeof(secret)));
        ck_assert_pt_ok(pt_buf_append(&b, secret, 10));
        ck_assert_pt_ok(pt_buf_append(&b, secret, 5000));
    }
    size_t held = pt_buf_heap_bytes(&b);
    pt_buf_consume(&b, 10005);
    uint8_t out[7000];
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), sizeof(out));
    pt_buf_clear(&b);
    ck_assert_int_ge(releases, 3);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    ck_assert_uint_le(released_bytes, held);
    ck_assert_uint_gt(released_bytes, 3 * 15010 - 1);
    /* clear leaves a usable empty queue */
    ck_assert_pt_ok(pt_buf_append(&b, secret, 3));
    pt_buf_free(&b);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
}
END_TEST

/* ------------------------------------------------------------------ non-wiping (send) queues */

#define PLAIN 0x5e  /* stands for plaintext copied into a reservation */
#define SEALED 0xc7 /* stands for committed ciphertext */
static size_t sealed_seen;

/* A send queue's chunks are not wiped, but no reserved-and-abandoned (PLAIN) byte may survive. */
static void check_no_plain(const uint8_t *data, size_t cap)
{
    releases++;
    for (size_t i = 0; i < cap; i++) {
        ck_assert_msg(data[i] != PLAIN, "abandoned reservation byte %zu of %zu not wiped", i, cap);
        sealed_seen += data[i] == SEALED;
    }
}

/* Reserve n bytes, fill them with PLAIN, then "seal" the first k to SEALED and commit those. */
static void reserve_seal_commit(pt_buf *b, size_t n, size_t k)
{
    uint8_t *p = pt_buf_reserve(b, n);
    ck_assert_ptr_nonnull(p);
    memset(p, PLAIN, n);
    memset(p, SEALED, k);
    pt_buf_commit(b, k);
}

START_TEST(send_queue_skips_wipe_but_not_abandoned_reservations)
{
    pt_buf b;
    pt_buf_release_hook = check_no_plain;
    sealed_seen = 0;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    ck_assert(b.wipe);
    pt_buf_set_wipe(&b, false);

    reserve_seal_commit(&b, 100, 100); /* the normal case: all committed */
    reserve_seal_commit(&b, 100, 40);  /* a short commit: 60 abandoned bytes */
    reserve_seal_commit(&b, 100, 0);   /* commit 0 */
    /* an append over an outstanding reservation, and a reservation replaced by a larger one */
    uint8_t *p = pt_buf_reserve(&b, 300);
    memset(p, PLAIN, 300);
    uint8_t sealed[10];
    memset(sealed, SEALED, sizeof(sealed));
    ck_assert_pt_ok(pt_buf_append(&b, sealed, sizeof(sealed)));
    p = pt_buf_reserve(&b, 200);
    memset(p, PLAIN, 200);
    p = pt_buf_reserve(&b, 2 * PT_BUF_CHUNK_MIN); /* does not fit: a new chunk */
    memset(p, PLAIN, 2 * PT_BUF_CHUNK_MIN);
    p = pt_buf_reserve(&b, 10); /* back in the new chunk */
    memset(p, PLAIN, 10);
    ck_assert_uint_eq(pt_buf_len(&b), 150);
    pt_buf_consume(&b, 150); /* releases both chunks, the second with a reservation outstanding */
    ck_assert_int_eq(releases, 2);
    ck_assert_uint_eq(sealed_seen, 150); /* committed bytes were not wiped: the point of the setting */

    /* freeing a queue with a reservation outstanding */
    p = pt_buf_reserve(&b, 64);
    memset(p, PLAIN, 64);
    pt_buf_free(&b);
    ck_assert_int_eq(releases, 3);
}
END_TEST

/*
 * A queue allowed a spare reuses one drained chunk for the next record instead of wiping,
 * freeing and allocating one per record; the spare is wiped when dropped, and only then.
 */
static size_t spare_wipes;
static void count_wiped_releases(const uint8_t *data, size_t cap)
{
    for (size_t i = 0; i < cap; i++) {
        ck_assert_uint_eq(data[i], 0);
    }
    spare_wipes++;
}

START_TEST(spare_chunk_is_reused_and_wiped_when_dropped)
{
    pt_buf b;
    pt_buf_init(&b, PT_BUF_UNLIMITED);
    pt_buf_set_keep_spare(&b, true);
    pt_buf_release_hook = count_wiped_releases;
    spare_wipes = 0;
    uint8_t rec[16401], out[16401];
    fill(rec, 7, sizeof(rec));

    uint8_t *first = pt_buf_reserve(&b, sizeof(rec));
    ck_assert_ptr_nonnull(first);
    memcpy(first, rec, sizeof(rec));
    pt_buf_commit(&b, sizeof(rec));
    for (int round = 0; round < 5; round++) {
        ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), sizeof(rec));
        ck_assert_mem_eq(out, rec, sizeof(rec));
        /* Drained: the chunk stays as the spare, unwiped and unfreed. */
        ck_assert_uint_eq(pt_buf_len(&b), 0);
        ck_assert_uint_gt(pt_buf_heap_bytes(&b), sizeof(rec));
        ck_assert_uint_eq(spare_wipes, 0);
        /* The next record lands in the same memory. */
        uint8_t *again = pt_buf_reserve(&b, sizeof(rec));
        ck_assert_ptr_eq(again, first);
        fill(rec, (uint8_t)round, sizeof(rec));
        memcpy(again, rec, sizeof(rec));
        pt_buf_commit(&b, sizeof(rec));
    }
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), sizeof(rec));
    ck_assert_mem_eq(out, rec, sizeof(rec));
    /* Too big for the spare slot: allocated and, when drained, freed as usual. */
    uint8_t *big = pt_buf_reserve(&b, PT_BUF_SPARE_MAX + 1);
    ck_assert_ptr_nonnull(big);
    ck_assert_ptr_ne(big, first);
    pt_buf_commit(&b, 0);
    ck_assert_uint_eq(spare_wipes, 1);
    /* Dropping the spare wipes it (the hook checks every byte is zero) and frees it. */
    pt_buf_drop_spare(&b);
    ck_assert_uint_eq(spare_wipes, 2);
    ck_assert_uint_eq(pt_buf_heap_bytes(&b), 0);
    pt_buf_drop_spare(&b); /* nothing left: a no-op */
    ck_assert_uint_eq(spare_wipes, 2);

    /* pt_buf_free drops it too. */
    ck_assert_pt_ok(pt_buf_append(&b, rec, 100));
    ck_assert_uint_eq(pt_buf_read(&b, out, sizeof(out)), 100);
    ck_assert_uint_gt(pt_buf_heap_bytes(&b), 0);
    pt_buf_free(&b);
    ck_assert_uint_eq(spare_wipes, 3);
    pt_buf_release_hook = NULL;
}
END_TEST

/*
 * An idle connection holds little: after traffic drains, each queue is back to 0 heap bytes,
 * and three queues' structs are far below the 8 KiB budget.
 */
START_TEST(idle_queues_hold_no_heap)
{
    pt_buf q[3];
    for (size_t i = 0; i < 3; i++) {
        pt_buf_init(&q[i], 64 * 1024);
    }
    uint8_t rec[16384 + 256];
    fill(rec, 0, sizeof(rec));
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < 3; i++) {
            size_t taken;
            ck_assert_pt_ok(pt_buf_append_limited(&q[i], rec, sizeof(rec), &taken));
            ck_assert_pt_ok(pt_buf_append(&q[i], rec, 31));
        }
        for (size_t i = 0; i < 3; i++) {
            uint8_t out[5000];
            while (pt_buf_read(&q[i], out, sizeof(out)) > 0) {
            }
            ck_assert_uint_eq(pt_buf_heap_bytes(&q[i]), 0);
        }
    }
    /* A connection's three queues: a few dozen bytes each (a spare pointer included). */
    ck_assert_uint_le(3 * sizeof(pt_buf), 8192 / 32);
    for (size_t i = 0; i < 3; i++) {
        pt_buf_free(&q[i]);
    }
}
END_TEST

static Suite *buf_suite(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("queue");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, empty_queue_holds_nothing);
    tcase_add_loop_test(tc, fifo_order_across_chunks, 1, 6);
    tcase_add_loop_test(tc, fifo_order_across_chunks, 4095, 4098);
    tcase_add_test(tc, small_appends_share_a_chunk);
    tcase_add_test(tc, peekv_lists_chunks_in_order);
    tcase_add_test(tc, consume_releases_drained_chunks);
    suite_add_tcase(s, tc);

    tc = tcase_create("limit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, limited_appends_accept_a_prefix);
    tcase_add_test(tc, unlimited_appends_can_exceed_limit);
    tcase_add_test(tc, limit_changes_at_any_time);
    tcase_add_test(tc, zero_limit_accepts_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("reserve");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reserve_and_commit_in_place);
    tcase_add_test(tc, reserve_large_gets_its_own_chunk);
    tcase_add_test(tc, abandoned_reservation_released_and_wiped);
    suite_add_tcase(s, tc);

    tc = tcase_create("memory");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_release_is_wiped);
    tcase_add_test(tc, send_queue_skips_wipe_but_not_abandoned_reservations);
    tcase_add_test(tc, idle_queues_hold_no_heap);
    tcase_add_test(tc, spare_chunk_is_reused_and_wiped_when_dropped);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(buf_suite());
}
