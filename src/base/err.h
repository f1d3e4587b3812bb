/*
 * err.h - patina's one internal error type (DESIGN.md section 4).
 *
 * A pt_err carries both the public rustls_result code and the TLS alert to send for it (or
 * none).  Fallible internal functions return pt_err and are PT_MUST_USE, so an ignored error
 * is a compile error under -Werror.  It is a one-field struct, not an int, so that it cannot be
 * confused with a length or a boolean.
 *
 * Layout of .v:  bits 0-15  rustls_result code (0 = success; the API maps 0 to 7000)
 *                bits 16-23 alert description (RFC 8446 section 6)
 *                bit  24    set when an alert should be sent
 */
#ifndef PT_BASE_ERR_H
#define PT_BASE_ERR_H

#include <stdbool.h>
#include <stdint.h>

#include "rustls.h"
#include "base/compiler.h"

typedef struct pt_err {
    uint32_t v;
} pt_err;

/* TLS alert descriptions (RFC 8446 section 6, RFC 5246 section 7.2). */
enum pt_alert {
    PT_ALERT_CLOSE_NOTIFY = 0,
    PT_ALERT_UNEXPECTED_MESSAGE = 10,
    PT_ALERT_BAD_RECORD_MAC = 20,
    PT_ALERT_DECRYPTION_FAILED = 21,
    PT_ALERT_RECORD_OVERFLOW = 22,
    PT_ALERT_DECOMPRESSION_FAILURE = 30,
    PT_ALERT_HANDSHAKE_FAILURE = 40,
    PT_ALERT_NO_CERTIFICATE = 41,
    PT_ALERT_BAD_CERTIFICATE = 42,
    PT_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    PT_ALERT_CERTIFICATE_REVOKED = 44,
    PT_ALERT_CERTIFICATE_EXPIRED = 45,
    PT_ALERT_CERTIFICATE_UNKNOWN = 46,
    PT_ALERT_ILLEGAL_PARAMETER = 47,
    PT_ALERT_UNKNOWN_CA = 48,
    PT_ALERT_ACCESS_DENIED = 49,
    PT_ALERT_DECODE_ERROR = 50,
    PT_ALERT_DECRYPT_ERROR = 51,
    PT_ALERT_EXPORT_RESTRICTION = 60,
    PT_ALERT_PROTOCOL_VERSION = 70,
    PT_ALERT_INSUFFICIENT_SECURITY = 71,
    PT_ALERT_INTERNAL_ERROR = 80,
    PT_ALERT_INAPPROPRIATE_FALLBACK = 86,
    PT_ALERT_USER_CANCELED = 90,
    PT_ALERT_NO_RENEGOTIATION = 100,
    PT_ALERT_MISSING_EXTENSION = 109,
    PT_ALERT_UNSUPPORTED_EXTENSION = 110,
    PT_ALERT_CERTIFICATE_UNOBTAINABLE = 111,
    PT_ALERT_UNRECOGNIZED_NAME = 112,
    PT_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113,
    PT_ALERT_BAD_CERTIFICATE_HASH_VALUE = 114,
    PT_ALERT_UNKNOWN_PSK_IDENTITY = 115,
    PT_ALERT_CERTIFICATE_REQUIRED = 116,
    PT_ALERT_NO_APPLICATION_PROTOCOL = 120,
};

#define PT_ERR_HAS_ALERT 0x01000000u

/* Success. */
#define PT_OK ((pt_err){0})
/* An error that sends alert PT_ALERT_<alert> and reports rustls_result `result`. */
#define PT_ERR(alert, result) ((pt_err){(uint32_t)(result) | ((uint32_t)PT_ALERT_##alert << 16) | PT_ERR_HAS_ALERT})
/* An error that sends no alert (API misuse, local resource failure, ...). */
#define PT_ERR_NOALERT(result) ((pt_err){(uint32_t)(result)})
/* Shorthands for the errors every layer needs. */
#define PT_ERR_INTERNAL PT_ERR(INTERNAL_ERROR, RUSTLS_RESULT_GENERAL)
#define PT_ERR_DECODE(result) PT_ERR(DECODE_ERROR, result)

static inline bool pt_ok(pt_err e)
{
    return e.v == 0;
}

static inline bool pt_failed(pt_err e)
{
    return e.v != 0;
}

/* The public rustls_result for `e` (RUSTLS_RESULT_OK for success). */
static inline rustls_result pt_err_result(pt_err e)
{
    return e.v == 0 ? (rustls_result)RUSTLS_RESULT_OK : (rustls_result)(e.v & 0xffffu);
}

/* The alert description to send for `e`, or -1 when none should be sent. */
static inline int pt_err_alert(pt_err e)
{
    return (e.v & PT_ERR_HAS_ALERT) ? (int)((e.v >> 16) & 0xffu) : -1;
}

static inline bool pt_err_eq(pt_err a, pt_err b)
{
    return a.v == b.v;
}

/* Return `x` from the current function if it failed (leaf functions with nothing to release). */
#define PT_TRY(x)                                                                                                      \
    do {                                                                                                               \
        pt_err pt_try_e_ = (x);                                                                                        \
        if (PT_UNLIKELY(pt_try_e_.v != 0)) {                                                                           \
            return pt_try_e_;                                                                                          \
        }                                                                                                              \
    } while (0)

/* Store a failure of `x` in the local `err` and jump to the local label `out`. */
#define PT_CHECK(x)                                                                                                    \
    do {                                                                                                               \
        err = (x);                                                                                                     \
        if (PT_UNLIKELY(err.v != 0)) {                                                                                 \
            goto out;                                                                                                  \
        }                                                                                                              \
    } while (0)

/* Return error `e` unless `cond` holds. */
#define PT_ENSURE(cond, e)                                                                                             \
    do {                                                                                                               \
        if (PT_UNLIKELY(!(cond))) {                                                                                    \
            return (e);                                                                                                \
        }                                                                                                              \
    } while (0)

/* Set `err` to `e` and jump to `out` unless `cond` holds. */
#define PT_ENSURE_OUT(cond, e)                                                                                         \
    do {                                                                                                               \
        if (PT_UNLIKELY(!(cond))) {                                                                                    \
            err = (e);                                                                                                 \
            goto out;                                                                                                  \
        }                                                                                                              \
    } while (0)

/* A static English description of a rustls_result code (the text rustls_error() gives). */
const char *pt_result_text(unsigned int result);

/* A static name for an alert description ("decode_error", ...), or "unknown". */
const char *pt_alert_name(int alert);

#endif
