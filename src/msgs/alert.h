/*
 * alert.h - the Alert protocol message (RFC 8446 section 6, RFC 5246 section 7.2).
 *
 *     enum { warning(1), fatal(2), (255) } AlertLevel;
 *     struct { AlertLevel level; AlertDescription description; } Alert;
 *
 * Bytes only: what a received alert means (close_notify, user_canceled, warnings in TLS 1.3,
 * RFC 8446 section 6.1) is connection logic.  Descriptions are `enum pt_alert` (base/err.h).
 */
#ifndef PT_MSGS_ALERT_H
#define PT_MSGS_ALERT_H

#include "msgs/msgs.h"

enum pt_alert_level {
    PT_ALERT_LEVEL_WARNING = 1,
    PT_ALERT_LEVEL_FATAL = 2,
};

typedef struct pt_alert_msg {
    uint8_t level;       /* enum pt_alert_level */
    uint8_t description; /* enum pt_alert, or a value we do not know */
} pt_alert_msg;

/*
 * Decode an alert record's body (exactly 2 bytes).  Errors: fewer bytes
 * PT_ERR(DECODE_ERROR, MESSAGE_MISSING_DATA); more PT_ERR(DECODE_ERROR, MESSAGE_TRAILING_DATA).
 * An unknown level is refused as rustls refuses it: with an illegal_parameter alert, reporting
 * the received description (pt_alert_received_result).  Unknown descriptions are accepted.
 */
PT_MUST_USE pt_err pt_alert_decode(pt_slice body, pt_alert_msg *out);
void pt_alert_encode(pt_writer *w, const pt_alert_msg *in);

/*
 * The rustls_result for "the peer sent alert `description`" (RUSTLS_RESULT_ALERT_*), as
 * rustls-ffi maps AlertReceived: RUSTLS_RESULT_ALERT_UNKNOWN for descriptions it does not name.
 */
rustls_result pt_alert_received_result(uint8_t description);

#endif
