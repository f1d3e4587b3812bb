/* server_hello.c - ServerHello and HelloRetryRequest codec (see server_hello.h). */
#include "msgs/server_hello.h"

#include <string.h>

#include "msgs/client_hello.h"

/* RFC 8446 4.1.3: "CF 21 AD 74 E5 9A 61 11 BE 1D 8C 02 1E 65 B8 91 C2 A2 11 16 7A BB 8C 5E 07 9E
 * 09 E2 C8 A8 33 9C". */
const uint8_t PT_HRR_RANDOM[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
                                   0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
                                   0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
/* RFC 8446 4.1.3: "44 4F 57 4E 47 52 44 01" and "44 4F 57 4E 47 52 44 00". */
const uint8_t PT_DOWNGRADE_TLS12[8] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01};
const uint8_t PT_DOWNGRADE_TLS11[8] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x00};

pt_err pt_server_hello_decode(pt_slice body, pt_server_hello *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    uint8_t sid_len;

    memset(out, 0, sizeof(*out));
    PT_TRY(pt_r_u16(&r, &out->legacy_version));
    PT_TRY(pt_r_bytes(&r, PT_RANDOM_LEN, &out->random));
    out->is_hrr = memcmp(out->random.p, PT_HRR_RANDOM, sizeof(PT_HRR_RANDOM)) == 0;
    /* legacy_session_id_echo<0..32>: rustls reports a longer one as trailing data. */
    PT_TRY(pt_r_u8(&r, &sid_len));
    PT_ENSURE(sid_len <= PT_SESSION_ID_MAX, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_TRAILING_DATA));
    PT_TRY(pt_r_bytes(&r, sid_len, &out->session_id));
    PT_TRY(pt_r_u16(&r, &out->cipher_suite));
    PT_TRY(pt_r_u8(&r, &out->compression_method));
    if (out->is_hrr) {
        /* RFC 8446 4.1.4: HRR has the ServerHello structure, legacy_compression_method 0. */
        PT_ENSURE(out->compression_method == 0, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION));
        out->has_extensions = true;
        PT_TRY(pt_ext_parse_block(&r, PT_EXT_CTX_HELLO_RETRY_REQUEST, &out->ext));
    } else if (pt_r_left(&r) > 0) {
        /* RFC 5246 7.4.1.3: extensions are present iff bytes follow the compression method. */
        out->has_extensions = true;
        PT_TRY(pt_ext_parse_block(&r, PT_EXT_CTX_SERVER_HELLO, &out->ext));
    }
    return pt_r_done(&r);
}

pt_err pt_server_hello_check_compression(const pt_server_hello *sh)
{
    PT_ENSURE(sh->compression_method == 0, PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

pt_err pt_server_hello_check_tls13_extensions(const pt_server_hello *sh)
{
    const uint32_t allowed =
        pt_ext_bit(PT_EXT_KEY_SHARE) | pt_ext_bit(PT_EXT_PRE_SHARED_KEY) | pt_ext_bit(PT_EXT_SUPPORTED_VERSIONS);
    PT_ENSURE((sh->ext.present & ~allowed) == 0, PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
    return PT_OK;
}

uint16_t pt_server_hello_downgrade(const pt_server_hello *sh)
{
    const uint8_t *tail = sh->random.p + PT_RANDOM_LEN - 8;
    if (memcmp(tail, PT_DOWNGRADE_TLS12, 8) == 0) {
        return PT_VERSION_TLS12;
    }
    if (memcmp(tail, PT_DOWNGRADE_TLS11, 8) == 0) {
        return PT_VERSION_TLS11;
    }
    return 0;
}

void pt_server_random_set_downgrade(uint8_t random[32], uint16_t version)
{
    memcpy(random + PT_RANDOM_LEN - 8, version >= PT_VERSION_TLS12 ? PT_DOWNGRADE_TLS12 : PT_DOWNGRADE_TLS11, 8);
}

void pt_server_hello_encode(pt_writer *w, const pt_server_hello *in)
{
    pt_wvec v;
    pt_w_u16(w, in->legacy_version);
    if (in->is_hrr) {
        pt_w_bytes(w, PT_HRR_RANDOM, sizeof(PT_HRR_RANDOM));
    } else {
        pt_w_bytes(w, in->random.p, in->random.len);
    }
    v = pt_w_open_vec(w, 1);
    pt_w_bytes(w, in->session_id.p, in->session_id.len);
    pt_w_close_vec(w, v);
    pt_w_u16(w, in->cipher_suite);
    pt_w_u8(w, in->is_hrr ? 0 : in->compression_method);
    if (in->has_extensions || in->is_hrr) {
        v = pt_w_open_vec(w, 2);
        pt_w_bytes(w, in->ext.raw.p, in->ext.raw.len);
        pt_w_close_vec(w, v);
    }
}
