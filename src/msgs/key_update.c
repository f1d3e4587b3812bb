/* key_update.c - KeyUpdate; see key_update.h. */
#include "msgs/key_update.h"

pt_err pt_key_update_decode(pt_slice body, pt_key_update *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    uint8_t v;

    PT_TRY(pt_r_u8(&r, &v));
    PT_TRY(pt_r_done(&r));
    /* RFC 8446 section 4.6.3: "If an implementation receives any other value, it MUST terminate
     * the connection with an "illegal_parameter" alert." */
    PT_ENSURE(v == PT_KEY_UPDATE_NOT_REQUESTED || v == PT_KEY_UPDATE_REQUESTED,
              PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_KEY_UPDATE));
    out->request_update = (pt_key_update_request)v;
    return PT_OK;
}

void pt_key_update_encode(pt_writer *w, const pt_key_update *in)
{
    pt_w_u8(w, (uint8_t)in->request_update);
}
