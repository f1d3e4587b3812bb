/*
 * harness.h - in-memory client<->server connections for tests/handshake.
 *
 * Two rustls_connections made from configs built through the public API (tests/data PKI), two
 * byte pipes between them, read_tls/write_tls callbacks that move at most `chunk` bytes per call
 * (0: as much as offered), and a pump that drives both sides as a rustls-ffi program would
 * (write_tls until nothing is queued, read_tls, process_new_packets) until neither can make
 * progress.  Every byte each side writes is also kept in a wire log, record by record, and may
 * be rewritten in flight by a tamper hook.
 *
 * Key logging: the configs' key log callback stores every secret in a process-wide table (the
 * rustls-ffi callback has no userdata), which hs_wire_decrypt uses to open recorded traffic.
 */
#ifndef PT_TESTS_HANDSHAKE_HARNESS_H
#define PT_TESTS_HANDSHAKE_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rustls.h"

/* A growable byte buffer. */
typedef struct hs_bytes {
    uint8_t *p;
    size_t len, cap;
} hs_bytes;

void hs_bytes_put(hs_bytes *b, const uint8_t *p, size_t len);
void hs_bytes_free(hs_bytes *b);

/* A one-way in-memory pipe: bytes in `data` from `off` on are unread; `eof` ends the stream. */
typedef struct hs_pipe {
    hs_bytes data;
    size_t off;
    bool eof;
} hs_pipe;

static inline size_t hs_pipe_avail(const hs_pipe *p)
{
    return p->data.len - p->off;
}

/*
 * Tamper hook: called for each complete record one side writes, in order (`index` counts that
 * direction's records from 0).  It appends what goes on the wire instead to `out` (the record
 * unchanged, a modified copy, nothing, or more).
 */
typedef void (*hs_tamper_fn)(void *ctx, bool from_client, size_t index, const uint8_t *rec, size_t len,
                             hs_bytes *out);

/* Server key types in tests/data. */
typedef enum hs_key {
    HS_KEY_RSA2048 = 0,
    HS_KEY_ECDSA_P256,
    HS_KEY_ECDSA_P384,
    HS_KEY_ED25519,
    HS_KEY_COUNT
} hs_key;

/* "rsa2048", ... : the file name stem in tests/data. */
const char *hs_key_name(hs_key k);

/* Options for building a pair; zero-initialised means the defaults given. */
typedef struct hs_opts {
    const char *server_name;       /* client's server name: default "localhost" */
    uint16_t suite;                /* client offers only this suite (IANA); 0: all */
    uint16_t server_suite;         /* server's provider has only this suite; 0: all */
    const uint16_t *client_groups; /* client provider's groups (first = key share); NULL: default */
    size_t n_client_groups;
    const uint16_t *server_groups; /* server provider's groups; NULL: default */
    size_t n_server_groups;
    const char *server_chains[4];  /* server certificates (stems in tests/data), NULL-ended; default {"rsa2048"} */
    const char *root;              /* client root store file: default "ca.pem" */
    const char *const *client_alpn; /* NULL-terminated, or NULL for none */
    const char *const *server_alpn;
    bool no_sni;                   /* rustls_client_config_builder_set_enable_sni(false) */
    bool keylog;                   /* key log callbacks on both configs */
    /* Client authentication: the server config's client verifier (borrowed; NULL: none), and
     * the client's certificate: tests/data/<client_chain>.chain.pem with the key of
     * <client_key> (default: the same stem), NULL for no client certificate. */
    const struct rustls_client_cert_verifier *client_verifier;
    const char *client_chain;
    const char *client_key;
} hs_opts;

typedef struct hs_pair {
    const struct rustls_client_config *client_config;
    const struct rustls_server_config *server_config;
    const struct rustls_certified_key *server_keys[4];
    rustls_connection *client, *server;
    hs_pipe c2s, s2c;        /* client to server, server to client */
    hs_bytes c2s_log, s2c_log; /* every byte written by each side, as it went on the wire */
    hs_bytes c2s_stage, s2c_stage; /* written but not yet a whole record (tamper hook only) */
    size_t c2s_records, s2c_records;
    size_t chunk;            /* bytes per I/O callback call; 0: unlimited */
    hs_tamper_fn tamper;
    void *tamper_ctx;
    rustls_result client_err, server_err; /* first failure of process_new_packets, else OK */
    /* Plaintext each side has read (the pump drains rustls_connection_read after each process). */
    hs_bytes client_plain, server_plain;
    /* The last rustls_connection_read result other than PLAINTEXT_EMPTY (OK: close_notify). */
    rustls_result client_read_res, server_read_res;
    bool client_eof_seen, server_eof_seen; /* read_tls returned 0 after the pipe's eof */
} hs_pair;

/*
 * Build configs and both connections.  Returns RUSTLS_RESULT_OK or the first failing call's
 * result (the test asserts it).  The pair must be released with hs_pair_free either way.
 */
rustls_result hs_pair_init(hs_pair *pr, const hs_opts *o);
void hs_pair_free(hs_pair *pr);

/* Pump until neither side makes progress (handshake done or failed, data delivered). */
void hs_pump(hs_pair *pr);

/* Pump, then assert that both finished the handshake without error. */
void hs_handshake_ok(hs_pair *pr);

/*
 * Send `len` bytes from one side to the other through rustls_connection_write / pump /
 * rustls_connection_read (as the buffer limit allows, in as many rounds as needed) and assert
 * that exactly the same bytes arrive.
 */
void hs_transfer(hs_pair *pr, bool from_client, const uint8_t *data, size_t len);

/* Read what plaintext `conn` has now into `out` (appended); returns the last read's result. */
rustls_result hs_read_all(rustls_connection *conn, hs_bytes *out);

/* Fill `buf` with a deterministic pattern seeded by `seed`. */
void hs_fill(uint8_t *buf, size_t len, uint32_t seed);

/* The DER of the first certificate in tests/data/<stem>.chain.pem (malloc'd). */
uint8_t *hs_leaf_der(const char *stem, size_t *len);

/* ---------------------------------------------------------------- key log and wire decryption */

/* Forget every logged secret. */
void hs_keylog_reset(void);

/* The secret logged under `label` for the connection whose ClientHello random is `random`. */
bool hs_keylog_find(const char *label, const uint8_t random[32], uint8_t *secret, size_t *len);

/*
 * One record of a direction's wire log: `type` is the outer type for plaintext records, the
 * inner type for protected ones; `epoch` 0 = plaintext, 1 = handshake keys, 2 = application
 * keys generation 0, 3 = generation 1, ...; `opened` false for a protected record no key
 * opened (tampered).  `plain` is valid only during the callback.
 */
typedef struct hs_wire_rec {
    size_t index;
    uint8_t type;
    unsigned epoch;
    bool opened;
    const uint8_t *plain;
    size_t len;
    size_t wire_len;
} hs_wire_rec;

/*
 * Walk the records in a direction's wire log, opening protected ones with the secrets the key
 * log holds for this pair's connection (hs_opts.keylog must have been set), switching to the
 * next key when the current one no longer opens a record.  Calls `cb` for every record;
 * returns how many records were walked.
 */
size_t hs_wire_decrypt(hs_pair *pr, bool from_client, void (*cb)(void *ctx, const hs_wire_rec *rec), void *ctx);

#endif
