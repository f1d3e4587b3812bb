/*
 * end_of_early_data.h - EndOfEarlyData (RFC 8446 section 4.5): `struct {} EndOfEarlyData;`.
 *
 * The body is empty, so there is nothing to encode: the sender writes only the handshake
 * header (pt_hs_open + pt_w_close_vec).
 */
#ifndef PT_MSGS_END_OF_EARLY_DATA_H
#define PT_MSGS_END_OF_EARLY_DATA_H

#include "msgs/msgs.h"

/* Succeeds only for an empty body; otherwise PT_ERR(DECODE_ERROR, MESSAGE_TRAILING_DATA). */
PT_MUST_USE pt_err pt_end_of_early_data_decode(pt_slice body);

#endif
