/* client_hello.c - ClientHello codec (see client_hello.h). */
#include "msgs/client_hello.h"

#include <string.h>

pt_err pt_client_hello_decode(pt_slice body, pt_client_hello *out)
{
    pt_reader r = pt_reader_init(body.p, body.len), sub;
    uint8_t sid_len;

    memset(out, 0, sizeof(*out));
    PT_TRY(pt_r_u16(&r, &out->legacy_version));
    PT_TRY(pt_r_bytes(&r, PT_RANDOM_LEN, &out->random));
    /* RFC 8446 4.1.2: opaque legacy_session_id<0..32>.  rustls reports a longer one as
     * trailing data (before looking for the bytes). */
    PT_TRY(pt_r_u8(&r, &sid_len));
    PT_ENSURE(sid_len <= PT_SESSION_ID_MAX, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TRAILING_DATA));
    PT_TRY(pt_r_bytes(&r, sid_len, &out->session_id));
    PT_TRY(pt_r_vec_ex(&r, 2, 2, 0xfffe, 2, PT_ERR_EMPTY_LIST, &sub));
    out->cipher_suites.raw = pt_slice_of(sub.p, pt_r_left(&sub));
    out->cipher_suites.count = out->cipher_suites.raw.len / 2;
    PT_TRY(pt_r_vec_ex(&r, 1, 1, 255, 1, PT_ERR_EMPTY_LIST, &sub));
    out->compression_methods = pt_slice_of(sub.p, pt_r_left(&sub));
    /* RFC 5246 7.4.1.2: "the client MAY omit the extensions field"; its presence is told by
     * bytes following compression_methods. */
    if (pt_r_left(&r) > 0) {
        out->has_extensions = true;
        PT_TRY(pt_ext_parse_block(&r, PT_EXT_CTX_CLIENT_HELLO, &out->ext));
        if (pt_ext_has(&out->ext, PT_EXT_PRE_SHARED_KEY)) {
            pt_psk_offer o;
            PT_TRY(pt_ext_psk_offer_decode(out->ext.body[PT_EXTI_PRE_SHARED_KEY], &o));
            out->binders_at = (size_t)(out->ext.body[PT_EXTI_PRE_SHARED_KEY].p - body.p) + o.binders_at;
        }
    }
    return pt_r_done(&r);
}

pt_err pt_client_hello_check_compression(const pt_client_hello *ch, bool tls13)
{
    PT_ENSURE(pt_u8_list_has(ch->compression_methods, 0),
              PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    PT_ENSURE(!tls13 || ch->compression_methods.len == 1,
              PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

bool pt_client_hello_offers_suite(const pt_client_hello *ch, uint16_t suite)
{
    return pt_u16_list_has(&ch->cipher_suites, suite);
}

void pt_client_hello_encode(pt_writer *w, const pt_client_hello *in, const pt_client_hello_psk *psk,
                            size_t *binders_at)
{
    pt_wvec v;
    pt_w_u16(w, in->legacy_version);
    pt_w_bytes(w, in->random.p, in->random.len);
    v = pt_w_open_vec(w, 1);
    pt_w_bytes(w, in->session_id.p, in->session_id.len);
    pt_w_close_vec(w, v);
    v = pt_w_open_vec(w, 2);
    pt_w_bytes(w, in->cipher_suites.raw.p, in->cipher_suites.raw.len);
    pt_w_close_vec(w, v);
    v = pt_w_open_vec(w, 1);
    pt_w_bytes(w, in->compression_methods.p, in->compression_methods.len);
    pt_w_close_vec(w, v);
    if (!in->has_extensions && psk == NULL) {
        return;
    }
    v = pt_w_open_vec(w, 2);
    pt_w_bytes(w, in->ext.raw.p, in->ext.raw.len);
    if (psk != NULL) {
        pt_ext_psk_offer_encode(w, psk->ids, psk->n, psk->binder_lens, binders_at);
    }
    pt_w_close_vec(w, v);
}
