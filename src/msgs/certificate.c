/* certificate.c - the Certificate message, TLS 1.3 and TLS 1.2; see certificate.h. */
#include "msgs/certificate.h"

#include "msgs/certificate_status.h"

/*
 * Open certificate_list<0..2^24-1>.  The 64 KiB cap is checked on the length field itself,
 * before the bytes are looked for, as rustls does (ListLength::U24 { max, error }).
 */
static pt_err open_cert_list(pt_reader *r, pt_reader *list)
{
    pt_reader peek = *r;
    uint32_t len;

    PT_TRY(pt_r_u24(&peek, &len));
    PT_ENSURE(len <= PT_CERT_LIST_MAX, PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE));
    return pt_r_vec24(r, 0, PT_CERT_LIST_MAX, list);
}

/* One entry: cert_data<1..2^24-1>, then (TLS 1.3) extensions<0..2^16-1>, kept raw. */
static pt_err read_entry(pt_reader *list, bool tls13, pt_cert_entry *out)
{
    pt_reader cert, exts;

    PT_TRY(pt_r_vec24(list, 1, 0xffffff, &cert));
    out->cert = pt_r_rest(&cert);
    out->extensions = PT_SLICE_EMPTY;
    if (tls13) {
        PT_TRY(pt_r_vec16(list, 0, 0xffff, &exts));
        out->extensions = pt_r_rest(&exts);
    }
    return PT_OK;
}

/* Validate every entry of `list` (read to its end) and count them. */
static pt_err check_entries(pt_reader list, bool tls13, size_t *count)
{
    size_t n = 0;
    pt_cert_entry e;

    while (pt_r_left(&list) > 0) {
        PT_TRY(read_entry(&list, tls13, &e));
        n++;
    }
    *count = n;
    return PT_OK;
}

pt_err pt_certificate13_decode(pt_slice body, pt_certificate13 *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_reader ctx, list;
    size_t count;

    PT_TRY(pt_r_vec8(&r, 0, 0xff, &ctx)); /* certificate_request_context<0..2^8-1> */
    PT_TRY(open_cert_list(&r, &list));
    PT_TRY(check_entries(list, true, &count));
    PT_TRY(pt_r_done(&r));
    out->context = pt_r_rest(&ctx);
    out->entries = pt_r_rest(&list);
    out->count = count;
    return PT_OK;
}

void pt_certificate13_encode(pt_writer *w, const pt_certificate13 *in)
{
    pt_wvec v = pt_w_open_vec(w, 1);
    pt_w_bytes(w, in->context.p, in->context.len);
    pt_w_close_vec(w, v);
    v = pt_w_open_vec(w, 3);
    pt_w_bytes(w, in->entries.p, in->entries.len);
    pt_w_close_vec(w, v);
}

static void put_cert(pt_writer *w, pt_slice cert)
{
    pt_wvec v = pt_w_open_vec(w, 3);
    pt_w_bytes(w, cert.p, cert.len);
    pt_w_close_vec(w, v);
}

void pt_certificate13_encode_chain(pt_writer *w, pt_slice context, const pt_slice *certs, size_t n, pt_slice ocsp,
                                   pt_slice sct)
{
    pt_wvec ctx = pt_w_open_vec(w, 1);
    pt_w_bytes(w, context.p, context.len);
    pt_w_close_vec(w, ctx);

    pt_wvec list = pt_w_open_vec(w, 3);
    for (size_t i = 0; i < n; i++) {
        put_cert(w, certs[i]);
        pt_wvec exts = pt_w_open_vec(w, 2);
        /* RFC 8446 section 4.4.2.1: status_request and signed_certificate_timestamp answers
         * ride on the end-entity's CertificateEntry only. */
        if (i == 0 && ocsp.len > 0) {
            pt_certificate_status st = {PT_CERT_STATUS_OCSP, ocsp};
            pt_w_u16(w, PT_EXT_STATUS_REQUEST);
            pt_wvec body = pt_w_open_vec(w, 2);
            pt_certificate_status_encode(w, &st);
            pt_w_close_vec(w, body);
        }
        if (i == 0 && sct.len > 0) {
            pt_w_u16(w, PT_EXT_SCT);
            pt_wvec body = pt_w_open_vec(w, 2);
            pt_w_bytes(w, sct.p, sct.len);
            pt_w_close_vec(w, body);
        }
        pt_w_close_vec(w, exts);
    }
    pt_w_close_vec(w, list);
}

pt_err pt_certificate12_decode(pt_slice body, pt_certificate12 *out)
{
    pt_reader r = pt_reader_init(body.p, body.len);
    pt_reader list;
    size_t count;

    PT_TRY(open_cert_list(&r, &list));
    PT_TRY(check_entries(list, false, &count));
    PT_TRY(pt_r_done(&r));
    out->certs = pt_r_rest(&list);
    out->count = count;
    return PT_OK;
}

void pt_certificate12_encode(pt_writer *w, const pt_certificate12 *in)
{
    pt_wvec v = pt_w_open_vec(w, 3);
    pt_w_bytes(w, in->certs.p, in->certs.len);
    pt_w_close_vec(w, v);
}

void pt_certificate12_encode_chain(pt_writer *w, const pt_slice *certs, size_t n)
{
    pt_wvec list = pt_w_open_vec(w, 3);
    for (size_t i = 0; i < n; i++) {
        put_cert(w, certs[i]);
    }
    pt_w_close_vec(w, list);
}

void pt_cert_iter_init13(pt_cert_iter *it, const pt_certificate13 *c)
{
    it->r = pt_reader_init(c->entries.p, c->entries.len);
    it->tls13 = true;
}

void pt_cert_iter_init12(pt_cert_iter *it, const pt_certificate12 *c)
{
    it->r = pt_reader_init(c->certs.p, c->certs.len);
    it->tls13 = false;
}

bool pt_cert_iter_next(pt_cert_iter *it, pt_cert_entry *out)
{
    if (pt_r_left(&it->r) == 0) {
        return false;
    }
    /* The list was validated by decode; a failure here means the caller built the struct by
     * hand from bad bytes, and ending the walk is the safe answer. */
    if (pt_failed(read_entry(&it->r, it->tls13, out))) {
        it->r.p = it->r.end;
        return false;
    }
    return true;
}
