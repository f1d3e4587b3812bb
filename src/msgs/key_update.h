/*
 * key_update.h - KeyUpdate (RFC 8446 section 4.6.3).
 *
 *     enum { update_not_requested(0), update_requested(1), (255) } KeyUpdateRequest;
 *     struct { KeyUpdateRequest request_update; } KeyUpdate;
 */
#ifndef PT_MSGS_KEY_UPDATE_H
#define PT_MSGS_KEY_UPDATE_H

#include "msgs/msgs.h"

typedef enum pt_key_update_request {
    PT_KEY_UPDATE_NOT_REQUESTED = 0,
    PT_KEY_UPDATE_REQUESTED = 1,
} pt_key_update_request;

typedef struct pt_key_update {
    pt_key_update_request request_update;
} pt_key_update;

/*
 * Decode the one-byte body.  Errors: empty PT_ERR(DECODE_ERROR, MESSAGE_MISSING_DATA); more
 * than one byte PT_ERR(DECODE_ERROR, MESSAGE_TRAILING_DATA) (checked first, as rustls finishes
 * the message before judging the value); a value other than 0 or 1
 * PT_ERR(ILLEGAL_PARAMETER, MESSAGE_INVALID_KEY_UPDATE) (RFC 8446 section 4.6.3).
 */
PT_MUST_USE pt_err pt_key_update_decode(pt_slice body, pt_key_update *out);
void pt_key_update_encode(pt_writer *w, const pt_key_update *in);

#endif
