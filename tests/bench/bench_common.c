/*
 * bench_common.c - options, side accounting, timing loop, output and the in-memory wire shared
 * by every bench program (see bench.h).
 */
#include "config.h"

#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef HAVE_VALGRIND_CALLGRIND_H
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT
#endif

const struct bench_key bench_keys[] = {
    {"ecdsa-p256", "ecdsa-p256.chain.pem", "ecdsa-p256.key.pem", "ecdsa-p256.ca.pem"},
    {"rsa2048", "rsa2048.chain.pem", "rsa2048.key.pem", "rsa2048.ca.pem"},
    {NULL, NULL, NULL, NULL},
};

const struct bench_suite bench_suites[] = {
    {"aes128gcm", 0x1301, "TLS_AES_128_GCM_SHA256"},
    {"aes256gcm", 0x1302, "TLS_AES_256_GCM_SHA384"},
    {"chacha20", 0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
    {NULL, 0, NULL},
};

const struct bench_size bench_sizes[] = {
    {"16k", 16384},
    {"1k", 1024},
    {NULL, 0},
};

void bench_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [--data DIR] [--only PREFIX] [--time SECONDS] [--repeat N] [--callgrind client|server]\n",
            argv0);
}

int bench_parse_args(int argc, char **argv, struct bench_opts *o)
{
    o->min_seconds = 0.5;
    o->repeat = 3;
    o->only = NULL;
    o->data_dir = BENCH_DATA_DIR;
    o->cg_side = -1;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--data") == 0 && v) {
            o->data_dir = v;
        } else if (strcmp(a, "--only") == 0 && v) {
            o->only = v;
        } else if (strcmp(a, "--time") == 0 && v) {
            o->min_seconds = atof(v);
        } else if (strcmp(a, "--repeat") == 0 && v) {
            o->repeat = atoi(v);
        } else if (strcmp(a, "--callgrind") == 0 && v) {
            if (strcmp(v, "client") == 0)
                o->cg_side = BENCH_CLIENT;
            else if (strcmp(v, "server") == 0)
                o->cg_side = BENCH_SERVER;
            else {
                usage(argv[0]);
                return -1;
            }
        } else {
            usage(argv[0]);
            return -1;
        }
    }
    if (o->repeat < 1 || !(o->min_seconds >= 0)) {
        usage(argv[0]);
        return -1;
    }
    return 0;
}

int bench_selected(const struct bench_opts *o, const char *row)
{
    if (!o->only)
        return 1;
    /* Either may be the prefix of the other: "--only hs" selects "hs.tls13.rsa2048", and the
     * workload "bulk.tls13.aes128gcm" runs for "--only bulk.tls13.aes128gcm.16k.send". */
    size_t n = strlen(o->only), m = strlen(row);
    return strncmp(o->only, row, n < m ? n : m) == 0;
}

const char *bench_data_path(const struct bench_opts *o, const char *name)
{
    static char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", o->data_dir, name) >= sizeof path)
        bench_die("path too long: %s/%s", o->data_dir, name);
    return path;
}

uint8_t *bench_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        bench_die("cannot open %s", path);
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap + 1);
    if (!buf)
        bench_die("out of memory");
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        cap *= 2;
        uint8_t *nb = realloc(buf, cap + 1);
        if (!nb)
            bench_die("out of memory");
        buf = nb;
    }
    if (ferror(f))
        bench_die("cannot read %s", path);
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

void bench_emit(const char *row, double value)
{
    printf("%s %.6g\n", row, value);
    fflush(stdout);
}

/* ---------------------------------------------------------------- side accounting */

/* Read by bench_mem.c to attribute allocations. */
int bench_current_side = BENCH_NSIDES;

static int cg_side = -1;   /* callgrind mode: the side to collect */
static int cg_armed;       /* only the measured iteration collects */
static double side_ns[BENCH_NSIDES];
static unsigned long side_windows[BENCH_NSIDES];
static struct timespec window_start;

static double ts_ns(const struct timespec *t) { return (double)t->tv_sec * 1e9 + (double)t->tv_nsec; }

void bench_enter(enum bench_side side)
{
    bench_current_side = (int)side;
    if (cg_side >= 0) {
        if (cg_armed && (int)side == cg_side)
            CALLGRIND_TOGGLE_COLLECT;
        return;
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &window_start);
}

void bench_leave(void)
{
    int side = bench_current_side;
    if (cg_side >= 0) {
        if (cg_armed && side == cg_side)
            CALLGRIND_TOGGLE_COLLECT;
    } else {
        struct timespec now;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        if (side < BENCH_NSIDES) {
            side_ns[side] += ts_ns(&now) - ts_ns(&window_start);
            side_windows[side]++;
        }
    }
    bench_current_side = BENCH_NSIDES;
}

/*
 * What an empty enter/leave window measures: the clock's own cost (CLOCK_THREAD_CPUTIME_ID is a
 * system call, a fraction of a microsecond).  Subtracted once per window, so a handshake's
 * half-dozen windows per side do not count against the library.
 */
static double window_overhead_ns(void)
{
    static double cached = -1;
    if (cached >= 0)
        return cached;
    double best = 1e18;
    for (int r = 0; r < 5; r++) {
        double saved[BENCH_NSIDES];
        memcpy(saved, side_ns, sizeof saved);
        side_ns[BENCH_CLIENT] = 0;
        for (int i = 0; i < 2000; i++) {
            bench_enter(BENCH_CLIENT);
            bench_leave();
        }
        double per = side_ns[BENCH_CLIENT] / 2000;
        memcpy(side_ns, saved, sizeof saved);
        if (per < best)
            best = per;
    }
    side_windows[BENCH_CLIENT] = 0;
    cached = best;
    return cached;
}

void bench_measure(const struct bench_opts *o, int (*iter)(void *ctx), void *ctx, double units_per_iter,
                   double rate[BENCH_NSIDES])
{
    rate[BENCH_CLIENT] = rate[BENCH_SERVER] = 0;
    if (o->cg_side >= 0) {
        cg_side = o->cg_side;
        if (iter(ctx) != 0) /* warm-up: lazy initialisation, caches */
            exit(1);
        cg_armed = 1;
        int rc = iter(ctx);
        cg_armed = 0;
        if (rc != 0)
            exit(1);
        return;
    }
    double overhead = window_overhead_ns();
    if (iter(ctx) != 0) /* warm-up */
        exit(1);
    for (int r = 0; r < o->repeat; r++) {
        memset(side_ns, 0, sizeof side_ns);
        memset(side_windows, 0, sizeof side_windows);
        unsigned long n = 0;
        do {
            if (iter(ctx) != 0)
                exit(1);
            n++;
        } while ((side_ns[BENCH_CLIENT] + side_ns[BENCH_SERVER]) * 1e-9 < o->min_seconds);
        for (int s = 0; s < BENCH_NSIDES; s++) {
            double ns = side_ns[s] - overhead * (double)side_windows[s];
            if (ns <= 0)
                continue;
            double r_s = units_per_iter * (double)n / (ns * 1e-9);
            if (r_s > rate[s])
                rate[s] = r_s;
        }
    }
}

void bench_emit_sides(const struct bench_opts *o, const char *prefix, const char *client_name,
                      const char *server_name, const double rate[BENCH_NSIDES])
{
    if (o->cg_side >= 0)
        return;
    char row[256];
    snprintf(row, sizeof row, "%s.%s", prefix, client_name ? client_name : "client");
    if (rate[BENCH_CLIENT] > 0)
        bench_emit(row, rate[BENCH_CLIENT]);
    snprintf(row, sizeof row, "%s.%s", prefix, server_name ? server_name : "server");
    if (rate[BENCH_SERVER] > 0)
        bench_emit(row, rate[BENCH_SERVER]);
}

/* ---------------------------------------------------------------- the wire */

void bench_wire_init(struct bench_wire *w, size_t cap)
{
    w->buf = malloc(cap);
    if (!w->buf)
        bench_die("out of memory");
    w->cap = cap;
    w->head = w->tail = 0;
}

void bench_wire_free(struct bench_wire *w)
{
    free(w->buf);
    w->buf = NULL;
    w->cap = w->head = w->tail = 0;
}

void bench_wire_put(struct bench_wire *w, const uint8_t *p, size_t n)
{
    if (w->head == w->tail)
        w->head = w->tail = 0;
    if (n > w->cap - w->tail) {
        /* Slide the unread bytes to the front before giving up. */
        size_t unread = w->tail - w->head;
        memmove(w->buf, w->buf + w->head, unread);
        w->head = 0;
        w->tail = unread;
        if (n > w->cap - w->tail)
            bench_die("wire full (%zu + %zu > %zu)", w->tail, n, w->cap);
    }
    memcpy(w->buf + w->tail, p, n);
    w->tail += n;
}

size_t bench_wire_get(struct bench_wire *w, uint8_t *p, size_t n)
{
    size_t have = w->tail - w->head;
    if (n > have)
        n = have;
    memcpy(p, w->buf + w->head, n);
    w->head += n;
    if (w->head == w->tail)
        w->head = w->tail = 0;
    return n;
}
