/* certificate_request.c - CertificateRequest, TLS 1.3 and TLS 1.2; see certificate_request.h. */
#include "msgs/certificate_request.h"

static void put_vec(pt_writer *w, unsigned width, pt_slice s)
{
    pt_wvec v = pt_w_open_vec(w, width);
    pt_w_bytes(w, s.p, s.len);
    pt_w_close_vec(w, v);
}

pt_err pt_certificate_request13_decode(pt_slice body, pt_certificate_request13 *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_reader ctx, exts;

    PT_TRY(pt_r_vec8(&r, 0, 0xff, &ctx));
    /* extensions<2..2^16-1>: RFC 8446 section 4.3.2 requires signature_algorithms, so the block
     * can never be empty. */
    PT_TRY(pt_r_vec16(&r, 2, 0xffff, &exts));
    PT_TRY(pt_r_done(&r));
    out->context = pt_r_rest(&ctx);
    out->extensions = pt_r_rest(&exts);
    return PT_OK;
}

void pt_certificate_request13_encode(pt_writer *w, const pt_certificate_request13 *in)
{
    put_vec(w, 1, in->context);
    put_vec(w, 2, in->extensions);
}

pt_err pt_certificate_request12_decode(pt_slice body, pt_certificate_request12 *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_reader types, schemes, cas;
    size_t n_cas = 0;

    PT_TRY(pt_r_vec8(&r, 1, 0xff, &types));
    /* The RFC's lower bound of 2 is checked after the authorities, as rustls does, so that an
     * empty list reports NoSignatureSchemes only for an otherwise well-formed message. */
    PT_TRY(pt_r_vec_of(&r, 2, 0, 0xfffe, 2, &schemes));
    PT_TRY(pt_r_vec16(&r, 0, 0xffff, &cas));
    pt_reader walk = cas;
    while (pt_r_left(&walk) > 0) {
        pt_reader dn;
        PT_TRY(pt_r_vec16(&walk, 1, 0xffff, &dn)); /* DistinguishedName<1..2^16-1> */
        n_cas++;
    }
    PT_TRY(pt_r_done(&r));
    PT_ENSURE(pt_r_left(&schemes) > 0, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES));
    out->cert_types = pt_r_rest(&types);
    out->n_sig_schemes = pt_r_left(&schemes) / 2;
    out->sig_schemes = pt_r_rest(&schemes);
    out->n_authorities = n_cas;
    out->authorities = pt_r_rest(&cas);
    return PT_OK;
}

void pt_certificate_request12_encode(pt_writer *w, const pt_certificate_request12 *in)
{
    put_vec(w, 1, in->cert_types);
    put_vec(w, 2, in->sig_schemes);
    put_vec(w, 2, in->authorities);
}

uint16_t pt_certificate_request12_scheme(const pt_certificate_request12 *cr, size_t i)
{
    const uint8_t *p = cr->sig_schemes.p + 2 * i;
    return (uint16_t)(p[0] << 8 | p[1]);
}
