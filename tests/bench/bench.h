/*
 * bench.h - what every benchmark program in tests/bench/ shares.
 *
 * `make bench` runs one program per TLS implementation (bench-patina, bench-boringssl,
 * bench-openssl: the two libssl builds share symbol names, so they cannot share a process) and
 * tests/bench/run.sh joins their output into one table.  Every program runs the same workloads,
 * as rustls's own benchmark does: client and server in one process and one thread, talking over
 * memory buffers (no sockets), each side's CPU time measured separately.
 *
 * Output: one line per measurement, "ROW VALUE", ROW a dotted name from the list below and VALUE
 * a number (rates: higher is better; bytes: lower is better).  run.sh knows the units.
 *
 *   hs.tls13.KEY.SIDE        full TLS 1.3 handshakes/s, x25519, TLS_AES_128_GCM_SHA256 (the one
 *                            suite all three libraries can be made to agree on), KEY =
 *                            ecdsa-p256 | rsa2048, SIDE = client | server (that side's CPU time)
 *   bulk.tls13.SUITE.SIZE.DIR  MB/s (10^6 bytes) of application data, SUITE = aes128gcm |
 *                            aes256gcm | chacha20, SIZE = 16k | 1k per write, DIR = send (the
 *                            client's write + write_tls) | recv (the server's read_tls + process +
 *                            read)
 *   mem.idle.SIDE            heap bytes one idle connection holds after the handshake
 *   mem.peak.SIDE            peak heap bytes a side holds during one handshake
 *   floor.*                  bench-patina only: the provider's raw primitives (see bench_patina.c)
 *
 * A program skips (prints nothing for) a row it cannot configure, e.g. a suite its library has
 * no API to select; run.sh shows "n/a" there.
 */
#ifndef PT_BENCH_H
#define PT_BENCH_H

#include <stddef.h>
#include <stdint.h>

enum bench_side { BENCH_CLIENT = 0, BENCH_SERVER = 1, BENCH_NSIDES = 2 };

struct bench_opts {
    double min_seconds; /* per repetition of a timed row (--time, default 0.5) */
    int repeat;         /* repetitions; the best is reported (--repeat, default 3) */
    const char *only;   /* --only PREFIX: run only rows starting with PREFIX */
    const char *data_dir; /* --data DIR: tests/bench/data (PEM files) */
    /*
     * --callgrind SIDE (client | server): deterministic mode.  Each selected workload runs one
     * untimed warm-up iteration, then exactly one iteration with callgrind's collection switched
     * on only while SIDE is running (run the program under
     * `valgrind --tool=callgrind --collect-atstart=no`).  Nothing is printed.
     */
    int cg_side; /* -1: timed mode */
};

/* Parse the common options; prints usage and returns -1 on error. */
int bench_parse_args(int argc, char **argv, struct bench_opts *o);

/* Should the row (or row family) named `row` run? (--only) */
int bench_selected(const struct bench_opts *o, const char *row);

/* Path of a file in the data directory (a static buffer, valid until the next call). */
const char *bench_data_path(const struct bench_opts *o, const char *name);

/* Read a whole file (malloc'd, NUL-terminated; *len excludes the NUL). Exits on failure. */
uint8_t *bench_read_file(const char *path, size_t *len);

/* Print "ROW VALUE". */
void bench_emit(const char *row, double value);

/* Print a message to stderr and exit(1). */
void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * Side accounting.  Wrap every call a side makes into its TLS library (connection creation and
 * free included) in bench_enter(side) ... bench_leave().  Timed mode adds the thread's CPU time
 * in between to that side; callgrind mode toggles collection for the selected side; the memory
 * tracker attributes allocations to the side.  Calls do not nest.
 */
void bench_enter(enum bench_side side);
void bench_leave(void);

/*
 * Run `iter` (one handshake, or one batch of bulk data) until the repetition has used
 * o->min_seconds of CPU time in all; o->repeat repetitions, the best kept.  Writes the rate per
 * side: units_per_iter * iterations / that side's CPU seconds.  `iter` returns 0, or non-zero to
 * abort the program (it should print why).  In callgrind mode: one warm-up, one measured
 * iteration, rates left at 0.
 */
void bench_measure(const struct bench_opts *o, int (*iter)(void *ctx), void *ctx, double units_per_iter,
                   double rate[BENCH_NSIDES]);

/* Emit "PREFIX.client" and "PREFIX.server" (or the names given) unless in callgrind mode. */
void bench_emit_sides(const struct bench_opts *o, const char *prefix, const char *client_name,
                      const char *server_name, const double rate[BENCH_NSIDES]);

/* ---------------------------------------------------------------- memory (bench_mem.c) */

/*
 * The bench programs replace malloc and friends (glibc's __libc_* underneath) to count live
 * heap bytes (malloc_usable_size, so allocator rounding counts) per side.  Not available in
 * sanitizer builds, whose runtime owns malloc: bench_mem_tracking() is then 0 and mem.* rows
 * are skipped.
 */
int bench_mem_tracking(void);
/* Live bytes over the whole process. */
size_t bench_mem_live(void);
/* Start a new peak window for both sides. */
void bench_mem_peak_reset(void);
/* Highest live bytes attributed to `side` since the reset, above its level at the reset. */
size_t bench_mem_peak(enum bench_side side);

/* ---------------------------------------------------------------- the transport */

/*
 * One direction of the in-memory wire: the writer appends, the reader consumes from the front.
 * Preallocated (bench_wire_init, outside any side) and never grown, so it costs no allocation
 * inside a measurement; sized for the largest batch.
 */
struct bench_wire {
    uint8_t *buf;
    size_t cap, head, tail; /* unread bytes are buf[head..tail) */
};
void bench_wire_init(struct bench_wire *w, size_t cap);
void bench_wire_free(struct bench_wire *w);
/* Append; exits if the wire is full (a bug in the workload sizing). */
void bench_wire_put(struct bench_wire *w, const uint8_t *p, size_t n);
/* Take up to n bytes; returns how many. */
size_t bench_wire_get(struct bench_wire *w, uint8_t *p, size_t n);
static inline size_t bench_wire_len(const struct bench_wire *w) { return w->tail - w->head; }

/* ---------------------------------------------------------------- workloads */

/* Bulk data moves in batches of BENCH_BULK_BATCH bytes (the callgrind mode's "1 MiB"). */
#define BENCH_BULK_BATCH (1024u * 1024u)

struct bench_key {
    const char *row;    /* "ecdsa-p256", "rsa2048" */
    const char *chain;  /* server chain file in the data dir: leaf, intermediate */
    const char *key;    /* PKCS#8 PEM key */
    const char *ca;     /* root the client trusts */
};
extern const struct bench_key bench_keys[]; /* terminated by row == NULL */

struct bench_suite {
    const char *row;       /* "aes128gcm", "aes256gcm", "chacha20" */
    uint16_t iana;         /* 0x1301, 0x1302, 0x1303 */
    const char *ossl_name; /* "TLS_AES_128_GCM_SHA256", ... */
};
extern const struct bench_suite bench_suites[]; /* terminated by row == NULL */

struct bench_size {
    const char *row; /* "16k", "1k" */
    size_t len;
};
extern const struct bench_size bench_sizes[]; /* terminated by row == NULL */

/* The suite of the hs.* and mem.* rows (BoringSSL's libssl cannot be told otherwise). */
#define BENCH_HS_SUITE 0x1301
#define BENCH_HS_SUITE_NAME "TLS_AES_128_GCM_SHA256"

/* The name the client asks for and the server certificate is valid for. */
#define BENCH_SERVER_NAME "localhost"

#endif
