/* certificate_verify.c - CertificateVerify / DigitallySigned; see certificate_verify.h. */
#include "msgs/certificate_verify.h"

#include <string.h>

pt_err pt_digitally_signed_read(pt_reader *r, pt_digitally_signed *out)
{
    pt_reader sig;
    uint16_t scheme;

    PT_TRY(pt_r_u16(r, &scheme));
    PT_TRY(pt_r_vec16(r, 0, 0xffff, &sig)); /* signature<0..2^16-1> */
    out->scheme = scheme;
    out->signature = pt_r_rest(&sig);
    return PT_OK;
}

void pt_digitally_signed_encode(pt_writer *w, const pt_digitally_signed *in)
{
    pt_w_u16(w, in->scheme);
    pt_wvec v = pt_w_open_vec(w, 2);
    pt_w_bytes(w, in->signature.p, in->signature.len);
    pt_w_close_vec(w, v);
}

pt_err pt_certificate_verify_decode(pt_slice body, pt_certificate_verify *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_certificate_verify cv;

    PT_TRY(pt_digitally_signed_read(&r, &cv));
    PT_TRY(pt_r_done(&r));
    *out = cv;
    return PT_OK;
}

void pt_certificate_verify_encode(pt_writer *w, const pt_certificate_verify *in)
{
    pt_digitally_signed_encode(w, in);
}

void pt_certificate_verify_content(pt_writer *w, bool server, pt_slice transcript_hash)
{
    /* RFC 8446 section 4.4.3: the two context strings differ so that a signature made by one
     * side can never be replayed as the other's. */
    static const char server_ctx[] = "TLS 1.3, server CertificateVerify";
    static const char client_ctx[] = "TLS 1.3, client CertificateVerify";
    uint8_t *pad = pt_w_reserve(w, 64);

    if (pad != NULL) {
        memset(pad, 0x20, 64);
    }
    if (server) {
        pt_w_bytes(w, server_ctx, sizeof(server_ctx) - 1);
    } else {
        pt_w_bytes(w, client_ctx, sizeof(client_ctx) - 1);
    }
    pt_w_u8(w, 0x00);
    pt_w_bytes(w, transcript_hash.p, transcript_hash.len);
}
