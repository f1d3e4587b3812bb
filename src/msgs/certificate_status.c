/* certificate_status.c - CertificateStatus (RFC 6066 section 8); see certificate_status.h. */
#include "msgs/certificate_status.h"

pt_err pt_certificate_status_decode(pt_slice body, pt_certificate_status *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_reader resp;
    uint8_t type;

    PT_TRY(pt_r_u8(&r, &type));
    /* RFC 6066 section 8 defines only ocsp(1) for this structure; rustls refuses anything else
     * with InvalidCertificateStatusType before reading further. */
    PT_ENSURE(type == PT_CERT_STATUS_OCSP, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE));
    PT_TRY(pt_r_vec24(&r, 1, 0xffffff, &resp)); /* OCSPResponse<1..2^24-1> */
    PT_TRY(pt_r_done(&r));
    out->status_type = type;
    out->ocsp_response = pt_r_rest(&resp);
    return PT_OK;
}

void pt_certificate_status_encode(pt_writer *w, const pt_certificate_status *in)
{
    pt_w_u8(w, in->status_type);
    pt_wvec v = pt_w_open_vec(w, 3);
    pt_w_bytes(w, in->ocsp_response.p, in->ocsp_response.len);
    pt_w_close_vec(w, v);
}
