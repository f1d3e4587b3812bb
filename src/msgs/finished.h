/*
 * finished.h - Finished (RFC 8446 section 4.4.4, RFC 5246 section 7.4.9).
 *
 *     struct { opaque verify_data[Hash.length]; } Finished;        -- TLS 1.3
 *     struct { opaque verify_data[verify_data_length]; } Finished; -- TLS 1.2: 12 bytes
 *
 * The body has no length prefix: its length is fixed by the negotiated suite, so the caller
 * passes it in.  Computing verify_data is key schedule work (src/keys/).
 */
#ifndef PT_MSGS_FINISHED_H
#define PT_MSGS_FINISHED_H

#include "msgs/msgs.h"

/* TLS 1.2 verify_data_length for every suite we support (RFC 5246 section 7.4.9). */
#define PT_TLS12_VERIFY_DATA_LEN 12

typedef struct pt_finished {
    pt_slice verify_data;
} pt_finished;

/*
 * Decode a body that must be exactly `expected_len` bytes.  A body of another length cannot be
 * the right verify_data, and rustls treats it exactly like a wrong value (it compares the whole
 * body): PT_ERR(DECRYPT_ERROR, DECRYPT_ERROR) (RFC 8446 section 4.4.4: "MUST terminate the
 * connection with a "decrypt_error" alert").
 */
PT_MUST_USE pt_err pt_finished_decode(pt_slice body, size_t expected_len, pt_finished *out);
void pt_finished_encode(pt_writer *w, const pt_finished *in);

/*
 * Compare the received verify_data with the expected value in constant time.  Mismatch (in
 * length or content): PT_ERR(DECRYPT_ERROR, DECRYPT_ERROR), as rustls.
 */
PT_MUST_USE pt_err pt_finished_check(const pt_finished *f, pt_slice expected);

#endif
