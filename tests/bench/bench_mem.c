/*
 * bench_mem.c - heap accounting for the bench programs: malloc and friends replaced in the
 * executable (so every shared library's allocations come here too), forwarding to glibc's
 * __libc_* entry points and counting malloc_usable_size bytes per side (bench.h).
 *
 * Sanitizer builds keep their runtime's malloc: tracking is then off and mem.* rows are skipped.
 */
#include "config.h"

#include "bench.h"

#if defined(__SANITIZE_ADDRESS__)
#define BENCH_NO_MEM 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define BENCH_NO_MEM 1
#endif
#endif

#ifndef BENCH_NO_MEM
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

extern int bench_current_side; /* bench_common.c */

/* Index BENCH_NSIDES collects what no side allocated (configs, the harness). */
/* Signed: a block freed by the other side than allocated it only skews that side's level. */
static long long live[BENCH_NSIDES + 1];
static size_t total_live;
static long long peak[BENCH_NSIDES], base[BENCH_NSIDES];
/*
 * Did our malloc ever run?  Under valgrind's memcheck the program's malloc is replaced by
 * valgrind's, so nothing is counted: tracking must then report itself off, not print zeros.
 */
static int seen_alloc;

static void account_add(void *p)
{
    if (!p)
        return;
    size_t n = malloc_usable_size(p);
    int s = bench_current_side;
    seen_alloc = 1;
    live[s] += (long long)n;
    total_live += n;
    if (s < BENCH_NSIDES && live[s] > peak[s])
        peak[s] = live[s];
}

static void account_sub(void *p)
{
    if (!p)
        return;
    size_t n = malloc_usable_size(p);
    live[bench_current_side] -= (long long)n;
    total_live -= n;
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    account_add(p);
    return p;
}

void free(void *p)
{
    account_sub(p);
    __libc_free(p);
}

void *calloc(size_t a, size_t b)
{
    void *p = __libc_calloc(a, b);
    account_add(p);
    return p;
}

void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    size_t old = malloc_usable_size(p);
    void *q = __libc_realloc(p, n);
    if (!q)
        return NULL;
    /* Account the old block out and the new one in, under the current side. */
    live[bench_current_side] -= (long long)old;
    total_live -= old;
    account_add(q);
    return q;
}

void *memalign(size_t align, size_t n)
{
    void *p = __libc_memalign(align, n);
    account_add(p);
    return p;
}

void *aligned_alloc(size_t align, size_t n) { return memalign(align, n); }

int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    void *p = memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t n) { return memalign(4096, n); }

int bench_mem_tracking(void)
{
    if (!seen_alloc) {
        free(malloc(1)); /* the first call may come before any library allocated anything */
    }
    return seen_alloc;
}
size_t bench_mem_live(void) { return total_live; }

void bench_mem_peak_reset(void)
{
    for (int s = 0; s < BENCH_NSIDES; s++)
        base[s] = peak[s] = live[s];
}

size_t bench_mem_peak(enum bench_side side) { return (size_t)(peak[side] - base[side]); }

#else

int bench_mem_tracking(void) { return 0; }
size_t bench_mem_live(void) { return 0; }
void bench_mem_peak_reset(void) {}
size_t bench_mem_peak(enum bench_side side)
{
    (void)side;
    return 0;
}

#endif
