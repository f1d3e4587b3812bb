/* change_cipher_spec.c - ChangeCipherSpec; see change_cipher_spec.h. */
#include "msgs/change_cipher_spec.h"

pt_err pt_ccs_decode(pt_slice body)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    uint8_t v;

    PT_TRY(pt_r_u8(&r, &v));
    PT_ENSURE(v == PT_CCS_BYTE, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CCS));
    return pt_r_done(&r);
}

pt_err pt_ccs_decode_tls13(pt_slice body)
{
    PT_ENSURE(body.len == 1 && body.p[0] == PT_CCS_BYTE,
              PT_ERR(UNEXPECTED_MESSAGE, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

void pt_ccs_encode(pt_writer *w)
{
    pt_w_u8(w, PT_CCS_BYTE);
}
