/*
 * keylog.h - key logging in the NSS key log format (what SSLKEYLOGFILE readers expect).
 *
 * A config's key log is either off, the caller's callbacks, or the file named by the
 * SSLKEYLOGFILE environment variable when set_key_log_file was called (rustls's KeyLogFile:
 * opened for append once, shared by every connection of the config, written under a lock; if
 * the variable is unset or the file cannot be opened, logging is silently off, as in rustls).
 *
 * Labels (RFC 8446 via the NSS format): CLIENT_HANDSHAKE_TRAFFIC_SECRET,
 * SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0, SERVER_TRAFFIC_SECRET_0,
 * EXPORTER_SECRET, CLIENT_EARLY_TRAFFIC_SECRET (TLS 1.3); CLIENT_RANDOM (TLS 1.2 master secret).
 */
#ifndef PT_CONN_KEYLOG_H
#define PT_CONN_KEYLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "rustls.h"

typedef struct pt_keylog_file pt_keylog_file;

typedef struct pt_keylog {
    rustls_keylog_log_callback log_cb;          /* NULL: no callback logging */
    rustls_keylog_will_log_callback will_log_cb; /* NULL: every label is wanted */
    pt_keylog_file *file;                        /* SSLKEYLOGFILE, or NULL */
} pt_keylog;

/* Open $SSLKEYLOGFILE for a config builder (*out NULL when unset or unopenable). */
PT_MUST_USE pt_err pt_keylog_file_open(pt_keylog_file **out);
void pt_keylog_file_close(pt_keylog_file *f);

/* Is any logging configured for `label`?  (Lets callers skip work; NULL log: false.) */
bool pt_keylog_wants(const pt_keylog *log, const char *label);

/* Log one secret (no-op when off).  `client_random` is the ClientHello's 32-byte random. */
void pt_keylog_write(const pt_keylog *log, const char *label, const uint8_t client_random[32], const uint8_t *secret,
                     size_t secret_len);

#endif
