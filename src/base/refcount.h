/*
 * refcount.h - an atomic reference count for objects shared across threads.
 *
 * Configs, certified keys, verifiers, root stores and providers are immutable once built and
 * may be held by many connections on many threads (DESIGN.md section 5).  Each such object
 * embeds a pt_refcount, starts with one reference (its creator's), and is destroyed by whoever
 * drops the last one:
 *
 *     if (pt_refcount_dec(&obj->refs)) {
 *         destroy(obj);
 *     }
 *
 * Preconditions (not checked: the count itself is the only state, and a check could not be
 * made race-free): pt_refcount_inc is called only by a holder of a reference, and every
 * reference is dropped exactly once.
 */
#ifndef PT_BASE_REFCOUNT_H
#define PT_BASE_REFCOUNT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct pt_refcount {
    atomic_size_t n;
} pt_refcount;

/* Start at one reference, owned by the creator.  Not atomic with respect to other threads:
 * the object is not shared yet. */
static inline void pt_refcount_init(pt_refcount *r)
{
    atomic_init(&r->n, 1);
}

/* Take one more reference. */
static inline void pt_refcount_inc(pt_refcount *r)
{
    /*
     * Relaxed is enough: the caller already holds a reference, so the object is alive and
     * whatever it needed to see of the object it has already seen.  A new reference publishes
     * nothing; only the final release below has to order memory.
     */
    atomic_fetch_add_explicit(&r->n, 1, memory_order_relaxed);
}

/* Drop one reference; true when it was the last, and the caller must now destroy the object. */
static inline bool pt_refcount_dec(pt_refcount *r)
{
    /*
     * acq_rel: the release half makes every write this thread made to the object (through its
     * reference) visible before the count can reach zero in another thread; the acquire half
     * makes the thread that sees zero - and frees the object - observe all those writes from
     * every other former holder, so that no write can land after (or race with) the free.
     */
    return atomic_fetch_sub_explicit(&r->n, 1, memory_order_acq_rel) == 1;
}

/* The current count, for tests and diagnostics only: it may change the moment it is read. */
static inline size_t pt_refcount_get(pt_refcount *r)
{
    return atomic_load_explicit(&r->n, memory_order_relaxed);
}

#endif
