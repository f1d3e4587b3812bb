/* finished.c - Finished; see finished.h. */
#include "msgs/finished.h"

#include "base/mem.h"

#define BAD_FINISHED PT_ERR(DECRYPT_ERROR, RUSTLS_RESULT_DECRYPT_ERROR)

pt_err pt_finished_decode(pt_slice body, size_t expected_len, pt_finished *out)
{
    /* The whole body is verify_data (no length prefix), so a wrong length is a wrong value. */
    PT_ENSURE(body.len == expected_len, BAD_FINISHED);
    out->verify_data = body;
    return PT_OK;
}

void pt_finished_encode(pt_writer *w, const pt_finished *in)
{
    pt_w_bytes(w, in->verify_data.p, in->verify_data.len);
}

pt_err pt_finished_check(const pt_finished *f, pt_slice expected)
{
    /* Lengths are public (fixed by the suite); only the contents need a constant-time compare. */
    PT_ENSURE(f->verify_data.len == expected.len, BAD_FINISHED);
    PT_ENSURE(pt_ct_eq(f->verify_data.p, expected.p, expected.len), BAD_FINISHED);
    return PT_OK;
}
