/* tls12_key_exchange.c - TLS 1.2 ECDHE key exchange messages; see tls12_key_exchange.h. */
#include "msgs/tls12_key_exchange.h"

static pt_err read_point(pt_reader *r, pt_slice *point)
{
    pt_reader sub;

    PT_TRY(pt_r_vec8(r, 1, 0xff, &sub)); /* ECPoint: opaque point <1..2^8-1> */
    *point = pt_r_rest(&sub);
    return PT_OK;
}

static void put_point(pt_writer *w, pt_slice point)
{
    pt_wvec v = pt_w_open_vec(w, 1);
    pt_w_bytes(w, point.p, point.len);
    pt_w_close_vec(w, v);
}

pt_err pt_ecdhe_params_read(pt_reader *r, pt_ecdhe_params *out)
{
    uint8_t curve_type;
    uint16_t group;
    pt_slice point;

    PT_TRY(pt_r_u8(r, &curve_type));
    /* RFC 8422 section 5.4: explicit_prime and explicit_char2 are deprecated; like rustls we
     * support named curves only, and refuse the rest before reading further. */
    PT_ENSURE(curve_type == PT_EC_CURVE_TYPE_NAMED, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_UNSUPPORTED_CURVE_TYPE));
    PT_TRY(pt_r_u16(r, &group));
    PT_TRY(read_point(r, &point));
    out->group = group;
    out->point = point;
    return PT_OK;
}

void pt_ecdhe_params_encode(pt_writer *w, const pt_ecdhe_params *in)
{
    pt_w_u8(w, PT_EC_CURVE_TYPE_NAMED);
    pt_w_u16(w, in->group);
    put_point(w, in->point);
}

pt_err pt_server_key_exchange_parse(pt_slice body, pt_server_key_exchange *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_server_key_exchange ske;

    PT_TRY(pt_ecdhe_params_read(&r, &ske.params));
    PT_TRY(pt_digitally_signed_read(&r, &ske.sig));
    PT_TRY(pt_r_done(&r));
    *out = ske;
    return PT_OK;
}

pt_err pt_server_key_exchange_decode(pt_slice body, pt_server_key_exchange *out)
{
    PT_ENSURE(pt_ok(pt_server_key_exchange_parse(body, out)),
              PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_MISSING_KEY_EXCHANGE));
    return PT_OK;
}

void pt_server_key_exchange_encode(pt_writer *w, const pt_server_key_exchange *in)
{
    pt_ecdhe_params_encode(w, &in->params);
    pt_digitally_signed_encode(w, &in->sig);
}

void pt_tls12_signed_params(pt_writer *w, const uint8_t client_random[PT_TLS12_RANDOM_LEN],
                            const uint8_t server_random[PT_TLS12_RANDOM_LEN], const pt_ecdhe_params *params)
{
    /* RFC 8422 section 5.4: the signature covers both randoms, so it cannot be replayed into
     * another handshake; the params are re-encoded, which gives back the received bytes since
     * the decoder accepts only this one encoding. */
    pt_w_bytes(w, client_random, PT_TLS12_RANDOM_LEN);
    pt_w_bytes(w, server_random, PT_TLS12_RANDOM_LEN);
    pt_ecdhe_params_encode(w, params);
}

pt_err pt_client_key_exchange_decode(pt_slice body, pt_client_key_exchange *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_slice point;

    PT_TRY(read_point(&r, &point));
    /* rustls reports leftovers here as InvalidDhParams (tls12::decode_kx_params). */
    PT_ENSURE(pt_r_left(&r) == 0, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_DH_PARAMS));
    out->point = point;
    return PT_OK;
}

void pt_client_key_exchange_encode(pt_writer *w, const pt_client_key_exchange *in)
{
    put_point(w, in->point);
}

pt_err pt_server_hello_done_decode(pt_slice body)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    return pt_r_done(&r);
}
