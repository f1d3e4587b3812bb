/*
 * test_refcount.c - the atomic reference count: counting, exactly one "last" release, and the
 * same under contention from several threads.
 */
#include <pthread.h>

#include "base/refcount.h"
#include "testlib/pttest.h"

START_TEST(starts_at_one_and_counts)
{
    pt_refcount r;
    pt_refcount_init(&r);
    ck_assert_uint_eq(pt_refcount_get(&r), 1);
    pt_refcount_inc(&r);
    pt_refcount_inc(&r);
    ck_assert_uint_eq(pt_refcount_get(&r), 3);
    ck_assert(!pt_refcount_dec(&r));
    ck_assert(!pt_refcount_dec(&r));
    ck_assert_uint_eq(pt_refcount_get(&r), 1);
    ck_assert(pt_refcount_dec(&r));
    ck_assert_uint_eq(pt_refcount_get(&r), 0);
}
END_TEST

START_TEST(single_owner_release_is_last)
{
    pt_refcount r;
    pt_refcount_init(&r);
    ck_assert(pt_refcount_dec(&r));
}
END_TEST

/* A shared object: each thread takes and drops references; one owner keeps it alive. */
struct shared {
    pt_refcount refs;
    int payload; /* written by the last releaser only */
    int lasts;   /* how many threads saw "last": must be exactly 1 in the end */
};

#define THREADS 4
#define ROUNDS 100000

static void *churn(void *arg)
{
    struct shared *s = arg;
    for (int i = 0; i < ROUNDS; i++) {
        pt_refcount_inc(&s->refs);
        if (pt_refcount_dec(&s->refs)) {
            __atomic_fetch_add(&s->lasts, 1, __ATOMIC_RELAXED); /* impossible: main still holds one */
        }
    }
    return NULL;
}

START_TEST(concurrent_inc_dec_keeps_count)
{
    struct shared s = {.payload = 0, .lasts = 0};
    pt_refcount_init(&s.refs);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_create(&t[i], NULL, churn, &s), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    }
    ck_assert_int_eq(s.lasts, 0);
    ck_assert_uint_eq(pt_refcount_get(&s.refs), 1);
    ck_assert(pt_refcount_dec(&s.refs));
}
END_TEST

/* Each thread owns one reference and drops it; exactly one drop (any thread's) is the last. */
static void *drop_one(void *arg)
{
    struct shared *s = arg;
    if (pt_refcount_dec(&s->refs)) {
        __atomic_fetch_add(&s->lasts, 1, __ATOMIC_RELAXED);
        s->payload = 42;
    }
    return NULL;
}

START_TEST(exactly_one_thread_sees_last)
{
    for (int round = 0; round < 200; round++) {
        struct shared s = {.payload = 0, .lasts = 0};
        pt_refcount_init(&s.refs);
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++) {
            pt_refcount_inc(&s.refs); /* the reference handed to thread i */
        }
        for (int i = 0; i < THREADS; i++) {
            ck_assert_int_eq(pthread_create(&t[i], NULL, drop_one, &s), 0);
        }
        drop_one(&s); /* the creator's own reference */
        for (int i = 0; i < THREADS; i++) {
            ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        }
        ck_assert_int_eq(s.lasts, 1);
        ck_assert_int_eq(s.payload, 42);
        ck_assert_uint_eq(pt_refcount_get(&s.refs), 0);
    }
}
END_TEST

static Suite *refcount_suite(void)
{
    Suite *s = suite_create("refcount");
    TCase *tc = tcase_create("refcount");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, starts_at_one_and_counts);
    tcase_add_test(tc, single_owner_release_is_last);
    tcase_add_test(tc, concurrent_inc_dec_keeps_count);
    tcase_add_test(tc, exactly_one_thread_sees_last);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(refcount_suite());
}
