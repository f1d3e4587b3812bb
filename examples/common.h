/*
 * common.h - helpers shared by the tlsclient and tlsserver examples: option parsing, file
 * loading, cipher suite lookup by rustls name, socket I/O callbacks for rustls_connection and
 * the session summary both programs print.  Public API only (rustls.h), plus POSIX.
 *
 * Include this first: it selects the POSIX interfaces (poll, getaddrinfo, ...) before any
 * system header is read.
 */
#ifndef PATINA_EXAMPLES_COMMON_H
#define PATINA_EXAMPLES_COMMON_H

#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <patina.h> /* includes rustls.h; patina_ additions such as the maximum fragment size */

/* Exit statuses: 0 success, 1 runtime failure (network, TLS), 2 usage or unsupported option. */
#define EX_FAIL 1
#define EX_USAGE 2

/* The program name used as the prefix of every diagnostic; set by main. */
extern const char *ex_prog;

/* Print "PROG: message" to stderr. */
void ex_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "PROG: what: <rustls_error text>" to stderr. */
void ex_report(const char *what, rustls_result result);

/* Print "PROG: OPTION is not supported yet (WHY)" and exit with EX_USAGE. */
void ex_unsupported(const char *option, const char *why) __attribute__((noreturn));

/*
 * Command line matching.  ex_flag: argv[*i] is exactly `name` (or `alias`, which may be NULL).
 * ex_value: argv[*i] is `name VALUE`, `name=VALUE` or `alias VALUE`; *value is set and *i moves
 * past the value.  A missing value exits with EX_USAGE.
 */
bool ex_flag(char **argv, int i, const char *name, const char *alias);
bool ex_value(int argc, char **argv, int *i, const char *name, const char *alias, const char **value);

/* A TCP port; `allow_zero` for a listening port (0: the system picks one).  Exits on bad input. */
uint16_t ex_parse_port(const char *text, bool allow_zero);

/* Append the version named "1.2" or "1.3" to versions[*n] (no duplicates).  Exits on bad input. */
void ex_add_version(const char *text, uint16_t versions[2], size_t *n);

/* Read a whole file into a malloc'ed buffer (NUL-terminated, not counted in *len).  -1: errno. */
int ex_read_file(const char *path, uint8_t **data, size_t *len);

/*
 * A crypto provider enabling exactly the suites named (rustls names, case-insensitive, in that
 * order) from the default provider.  An unknown name prints the known ones and exits EX_USAGE.
 */
const struct rustls_crypto_provider *ex_provider_with_suites(const char *const *names, size_t n);

/* A growable byte queue. */
struct ex_bytes {
    uint8_t *data;
    size_t len;
    size_t cap;
};
int ex_bytes_append(struct ex_bytes *b, const uint8_t *data, size_t len);
void ex_bytes_consume(struct ex_bytes *b, size_t n);
void ex_bytes_free(struct ex_bytes *b);

/* rustls_connection I/O callbacks over a socket; userdata points to the int descriptor. */
rustls_io_result ex_read_cb(void *userdata, uint8_t *buf, size_t n, size_t *out_n);
rustls_io_result ex_writev_cb(void *userdata, const struct rustls_iovec *iov, size_t count, size_t *out_n);

/* Whether an errno value from a callback just means "try again after poll". */
bool ex_would_block(int err);

/* Make a descriptor non-blocking.  -1 with errno on failure. */
int ex_set_nonblocking(int fd);

/*
 * Write queued TLS data to `fd` until none is left or the socket would block.  0, or the errno of
 * a failed write.  Used for the last flight (an alert, close_notify) before closing.
 */
int ex_flush_tls(struct rustls_connection *conn, int fd);

/* A rustls_log_callback printing "PROG: [LEVEL] message" to stderr. */
void ex_log_cb(void *userdata, const struct rustls_log_params *params);

/*
 * Print what the handshake negotiated, one "key: value" line each, to `out`:
 *   protocol version: TLSv1.3
 *   cipher suite: TLS13_AES_128_GCM_SHA256
 *   key exchange group: X25519
 *   ALPN protocol: http/1.1         ("none" when none was agreed)
 *   handshake kind: ...             (rustls_handshake_kind_str)
 */
void ex_print_session(FILE *out, const struct rustls_connection *conn);

/* Print "ALPN protocol: NAME" (or "none") to `out`. */
void ex_print_alpn(FILE *out, const struct rustls_connection *conn);

/*
 * --export LABEL:LEN, a patina addition to both examples (rustls's tlsclient-mio and
 * tlsserver-mio have no exporter option): once the handshake is done, export LEN bytes of keying
 * material for LABEL with no context (patina_connection_export_keying_material) and print
 *   keying material: HEX
 * to `out`, in upper-case hex as OpenSSL's s_client/s_server -keymatexport print it, so that
 * scripts compare the two.  The label is everything before the last ':' (it may be empty).
 */
struct ex_export {
    const char *label; /* NULL: no --export */
    size_t label_len;
    size_t len;
};

/* Parse LABEL:LEN (LEN 1..65535); exits with EX_USAGE on bad input. */
void ex_parse_export(const char *text, struct ex_export *e);

/* Export and print as above; 0, or -1 after printing the rustls error. */
int ex_print_export(FILE *out, const struct rustls_connection *conn, const struct ex_export *e);

#endif /* PATINA_EXAMPLES_COMMON_H */
