/*
 * test_certificate.c - the Certificate message codec (src/msgs/certificate.c), TLS 1.3 and
 * TLS 1.2, and the CertificateStatus structure it carries (src/msgs/certificate_status.c).
 *
 * Real messages: the server Certificate of RFC 8448 section 3 (TLS 1.3, one RSA certificate),
 * the server and client Certificates of a TLS 1.2 handshake captured from OpenSSL
 * (tests/unit/capture_data.h), and both TLS 1.3 Certificates of a captured OpenSSL handshake;
 * their DER is checked against the PEM files in tests/data.  OCSP stapling: OpenSSL's TLS 1.3
 * Certificate with a status_request entry extension (which the chain encoder reproduces byte
 * for byte) and its TLS 1.2 CertificateStatus message.
 */
#include "msgs/certificate.h"
#include "msgs/certificate_status.h"
#include "provider/boringssl/pki.h"
#include "unit/msgs_testutil.h"
#include "unit/capture_data.h"
#include "vectors/rfc8448_data.h"

#define E_TOO_LARGE PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_CERTIFICATE_PAYLOAD_TOO_LARGE)
#define E_STATUS_TYPE PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_CERT_STATUS_TYPE)

/* Decoders for the loops: each successful decode must also re-encode to the same bytes. */
static pt_err dec13(pt_slice b)
{
    pt_certificate13 c;
    pt_err e = pt_certificate13_decode(b, &c);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_certificate13_encode, &c, b);
        /* the iterator yields exactly `count` entries, all non-empty certificates */
        pt_cert_iter it;
        pt_cert_entry ent;
        size_t n = 0;
        pt_cert_iter_init13(&it, &c);
        while (pt_cert_iter_next(&it, &ent)) {
            ck_assert_uint_gt(ent.cert.len, 0);
            n++;
        }
        ck_assert_uint_eq(n, c.count);
    }
    return e;
}

static pt_err dec12(pt_slice b)
{
    pt_certificate12 c;
    pt_err e = pt_certificate12_decode(b, &c);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_certificate12_encode, &c, b);
    }
    return e;
}

static pt_err dec_status(pt_slice b)
{
    pt_certificate_status st;
    return pt_certificate_status_decode(b, &st);
}

static pt_slice pem_cert(const char *name);

/* ---------------------------------------------------------------- TLS 1.3: RFC 8448 */

START_TEST(decodes_rfc8448_certificate)
{
    /* RFC 8448 section 3, "{server}  construct a Certificate handshake message": an empty
     * context, one 432-byte (0x1b0) X.509 certificate with CN=rsa, and no entry extensions. */
    pt_slice body = hs_body(RFC8448_S3_CERT, PT_HS_CERTIFICATE);
    pt_certificate13 c;
    ck_assert_pt_ok(pt_certificate13_decode(body, &c));
    ck_assert_uint_eq(c.context.len, 0);
    ck_assert_uint_eq(c.count, 1);
    ck_assert_uint_eq(c.entries.len, 0x1b5);

    pt_cert_iter it;
    pt_cert_entry e;
    pt_cert_iter_init13(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &e));
    ck_assert_uint_eq(e.cert.len, 0x1b0);
    ck_assert_ptr_eq(e.cert.p, body.p + 1 + 3 + 3); /* zero copy: a view into the body */
    ck_assert_hex_eq(e.cert.p, 4, "308201ac");     /* SEQUENCE, 428 content bytes */
    ck_assert_hex_eq(e.cert.p + e.cert.len - 4, 4, "b42b4de1");
    ck_assert_uint_eq(e.extensions.len, 0);
    ck_assert(!pt_cert_iter_next(&it, &e));
    ck_assert(!pt_cert_iter_next(&it, &e));

    /* section 5 (HelloRetryRequest) sends the same certificate */
    pt_slice body5 = hs_body(RFC8448_S5_CERT, PT_HS_CERTIFICATE);
    ck_assert_slice_eq(body5, body);
}
END_TEST

START_TEST(encodes_rfc8448_certificate)
{
    pt_slice body = hs_body(RFC8448_S3_CERT, PT_HS_CERTIFICATE);
    pt_certificate13 c;
    ck_assert_pt_ok(pt_certificate13_decode(body, &c));
    pt_cert_iter it;
    pt_cert_entry e;
    pt_cert_iter_init13(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &e));

    /* from the DER alone, the chain encoder gives back the RFC's bytes exactly */
    pt_writer w;
    t_writer(&w, 1024);
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, &e.cert, 1, PT_SLICE_EMPTY, PT_SLICE_EMPTY);
    ck_assert_written(&w, body);

    /* and the whole message with its handshake header */
    pt_writer m;
    t_writer(&m, 1024);
    pt_wvec v = pt_hs_open(&m, PT_HS_CERTIFICATE);
    pt_certificate13_encode(&m, &c);
    pt_w_close_vec(&m, v);
    ck_assert_written(&m, hx(RFC8448_S3_CERT));
}
END_TEST

START_TEST(rejects_truncated_certificate13)
{
    t_every_prefix_truncated(dec13, hs_body(RFC8448_S3_CERT, PT_HS_CERTIFICATE));
}
END_TEST

START_TEST(rejects_trailing_certificate13)
{
    pt_slice body = hs_body(RFC8448_S3_CERT, PT_HS_CERTIFICATE);
    /* after the message */
    ck_assert_pt_err(dec13(t_append(body, 0x00)), E_TRAILING);
    /* inside certificate_list, after the last entry: the start of an entry that is not there */
    uint8_t *p = t_copy(body, 1);
    p[body.len] = 0x00;
    p[3] = 0xb6; /* list length 0x0001b5 -> 0x0001b6 */
    ck_assert_pt_err(dec13(pt_slice_of(p, body.len + 1)), E_MISSING);
    /* a context one byte longer eats the list length's first byte, which then reads 0x01b500 */
    p = t_copy(body, 0);
    p[0] = 0x01;
    ck_assert_pt_err(dec13(pt_slice_of(p, body.len)), E_TOO_LARGE);
    /* inside the first entry: an extension block one byte longer runs past the list */
    p = t_copy(body, 0);
    p[body.len - 1] = 0x01;
    ck_assert_pt_err(dec13(pt_slice_of(p, body.len)), E_TOO_SHORT);
}
END_TEST

START_TEST(certificate13_bounds)
{
    pt_certificate13 c;
    /* empty list: decodes (what it means is the handshake's decision) */
    ck_assert_pt_ok(pt_certificate13_decode(hx("00 000000"), &c));
    ck_assert_uint_eq(c.count, 0);
    pt_cert_iter it;
    pt_cert_entry e;
    pt_cert_iter_init13(&it, &c);
    ck_assert(!pt_cert_iter_next(&it, &e));
    /* cert_data<1..2^24-1>: empty is refused */
    ck_assert_pt_err(dec13(hx("00 000005 000000 0000")), E_EMPTY);
    /* one-byte certificate, and a raw extension block validated for its outer length only */
    ck_assert_pt_ok(pt_certificate13_decode(hx("00 00000b 000001 30 0005 ffffff0000"), &c));
    pt_cert_iter_init13(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &e));
    ck_assert_hex_eq(e.cert.p, e.cert.len, "30");
    ck_assert_hex_eq(e.extensions.p, e.extensions.len, "ffffff0000");
    /* an extension block longer than what is left */
    ck_assert_pt_err(dec13(hx("00 000006 000001 30 0002 ff")), E_TOO_SHORT);
    /* a context of 255 bytes is the most a uint8 can say */
    uint8_t *p = t_alloc(1 + 255 + 3);
    p[0] = 0xff;
    memset(p + 1, 0xab, 255);
    memset(p + 256, 0, 3);
    ck_assert_pt_ok(pt_certificate13_decode(pt_slice_of(p, 259), &c));
    ck_assert_uint_eq(c.context.len, 255);
}
END_TEST

START_TEST(certificate13_size_limit)
{
    /* rustls's 64 KiB limit, checked on the length field before the data is looked for */
    ck_assert_pt_err(dec13(hx("00 010001")), E_TOO_LARGE);
    ck_assert_pt_err(dec13(hx("00 ffffff")), E_TOO_LARGE);
    ck_assert_pt_err(dec13(hx("04 01020304 010001 00")), E_TOO_LARGE);
    /* exactly 0x10000 bytes of list is allowed: one entry with a 0xfffb-byte certificate */
    size_t len = 1 + 3 + 0x10000;
    uint8_t *p = t_alloc(len + 1);
    memset(p, 0x5a, len + 1);
    memcpy(p, "\x00\x01\x00\x00\x00\xff\xfb", 7);
    p[len - 2] = 0;
    p[len - 1] = 0;
    pt_certificate13 c;
    ck_assert_pt_ok(dec13(pt_slice_of(p, len)));
    ck_assert_pt_ok(pt_certificate13_decode(pt_slice_of(p, len), &c));
    ck_assert_uint_eq(c.count, 1);
    /* one more byte of list (with the byte present) is refused */
    memcpy(p, "\x00\x01\x00\x01\x00\xff\xfc", 7);
    ck_assert_pt_err(dec13(pt_slice_of(p, len + 1)), E_TOO_LARGE);
}
END_TEST

START_TEST(certificate13_chain_with_ocsp_and_sct)
{
    /* Two stand-in DER values, an OCSPResponse (RFC 6960: SEQUENCE { responseStatus
     * malformedRequest(1) }) and a SignedCertificateTimestampList holding one 2-byte SCT
     * (RFC 6962 section 3.3).  Expected layout, from RFC 8446 section 4.4.2 and RFC 6066 8:
     *   00                          certificate_request_context<0..255>: empty
     *   00002b                      certificate_list length (43)
     *     000005 3003020101         cert_data (leaf)
     *     0017                      extensions length (23)
     *       0005 0009               status_request, 9 bytes:
     *         01 000005 30030a0101    CertificateStatus: ocsp, OCSPResponse<1..2^24-1>
     *       0012 0006               signed_certificate_timestamp, 6 bytes:
     *         00040002abcd            the list as given
     *     000005 3003020102 0000    second certificate, no extensions */
    pt_slice certs[2] = {hx("3003020101"), hx("3003020102")};
    pt_slice ocsp = hx("30030a0101"), sct = hx("00040002abcd");
    const char *expected = "00 00002b 000005 3003020101 0017 0005 0009 01 000005 30030a0101"
                           " 0012 0006 00040002abcd 000005 3003020102 0000";
    pt_writer w;
    t_writer(&w, 256);
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, certs, 2, ocsp, sct);
    ck_assert_written(&w, hx(expected));

    /* decode it back and find each piece */
    pt_certificate13 c;
    ck_assert_pt_ok(dec13(pt_w_slice(&w)));
    ck_assert_pt_ok(pt_certificate13_decode(pt_w_slice(&w), &c));
    ck_assert_uint_eq(c.count, 2);
    pt_cert_iter it;
    pt_cert_entry e;
    pt_cert_iter_init13(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &e));
    ck_assert_slice_eq(e.cert, certs[0]);
    ck_assert_hex_eq(e.extensions.p, e.extensions.len, "0005 0009 01 000005 30030a0101 0012 0006 00040002abcd");
    pt_certificate_status st;
    ck_assert_pt_ok(pt_certificate_status_decode(pt_slice_of(e.extensions.p + 4, 9), &st));
    ck_assert_uint_eq(st.status_type, PT_CERT_STATUS_OCSP);
    ck_assert_slice_eq(st.ocsp_response, ocsp);
    ck_assert(pt_cert_iter_next(&it, &e));
    ck_assert_slice_eq(e.cert, certs[1]);
    ck_assert_uint_eq(e.extensions.len, 0);
    ck_assert(!pt_cert_iter_next(&it, &e));

    /* only OCSP; only SCT; a context (post-handshake authentication) */
    t_writer(&w, 256);
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, certs, 1, ocsp, PT_SLICE_EMPTY);
    ck_assert_written(&w, hx("00 000017 000005 3003020101 000d 0005 0009 01 000005 30030a0101"));
    t_writer(&w, 256);
    pt_certificate13_encode_chain(&w, hx("a1b2"), certs, 1, PT_SLICE_EMPTY, sct);
    ck_assert_written(&w, hx("02 a1b2 000014 000005 3003020101 000a 0012 0006 00040002abcd"));
    ck_assert_pt_ok(pt_certificate13_decode(pt_w_slice(&w), &c));
    ck_assert_hex_eq(c.context.p, c.context.len, "a1b2");
    /* no certificates at all */
    t_writer(&w, 16);
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, NULL, 0, ocsp, sct);
    ck_assert_written(&w, hx("00 000000"));
    /* a writer too small fails as a whole (sticky error) */
    uint8_t small[20];
    pt_writer_init_fixed(&w, small, sizeof(small));
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, certs, 2, ocsp, sct);
    ck_assert(pt_failed(pt_w_finish(&w)));
}
END_TEST

START_TEST(certificate13_bit_flips)
{
    /* Every single-bit flip of the RFC 8448 Certificate: no crash, no out-of-bounds read
     * (exact-size copies; run under --enable-sanitizers), only decode errors, and every
     * accepted variant re-encodes to itself (checked inside dec13). */
    pt_slice body = hs_body(RFC8448_S3_CERT, PT_HS_CERTIFICATE);
    size_t accepted = t_bit_flips(dec13, body, PT_OK);
    /* flips inside the DER are not the codec's business: those 432*8 all decode */
    ck_assert_uint_ge(accepted, 0x1b0 * 8);
    ck_assert_uint_lt(accepted, body.len * 8);
}
END_TEST

START_TEST(decodes_captured_certificate13_with_ocsp)
{
    /* OpenSSL staples the OCSP response in the leaf's CertificateEntry (RFC 8446 4.4.2.1):
     *   extensions: 0005 030f      status_request, 783 bytes
     *                 01 00030b    CertificateStatus: ocsp, OCSPResponse of 779 bytes */
    pt_slice body = hs_body(TLS13_CAP_OCSP_CERT, PT_HS_CERTIFICATE);
    pt_slice resp = hx(CAP_OCSP_RESPONSE);
    pt_certificate13 c;
    ck_assert_pt_ok(dec13(body));
    ck_assert_pt_ok(pt_certificate13_decode(body, &c));
    ck_assert_uint_eq(c.count, 1);
    pt_cert_iter it;
    pt_cert_entry e;
    pt_cert_iter_init13(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &e));
    ck_assert_slice_eq(e.cert, pem_cert("ecdsa-p256.pem"));
    ck_assert_uint_eq(e.extensions.len, 4 + 783);
    ck_assert_hex_eq(e.extensions.p, 8, "0005 030f 01 00030b");
    pt_certificate_status st;
    ck_assert_pt_ok(pt_certificate_status_decode(pt_slice_of(e.extensions.p + 4, 783), &st));
    ck_assert_slice_eq(st.ocsp_response, resp);

    /* our encoder, given the DER and the response, writes exactly what OpenSSL sent */
    pt_writer w;
    t_writer(&w, 2048);
    pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, &e.cert, 1, resp, PT_SLICE_EMPTY);
    ck_assert_written(&w, body);

    t_every_prefix_truncated(dec13, body);
    ck_assert_pt_err(dec13(t_append(body, 0x00)), E_TRAILING);
    size_t accepted = t_bit_flips(dec13, body, PT_OK);
    ck_assert_uint_ge(accepted, (529 + 779) * 8);
}
END_TEST

/* ---------------------------------------------------------------- TLS 1.2: captured */

static void collect_der(void *arg, pt_slice der)
{
    pt_slice *out = arg;
    uint8_t *p = t_alloc(der.len);
    memcpy(p, der.p, der.len);
    *out = pt_slice_of(p, der.len);
}

static pt_slice pem_cert(const char *name)
{
    size_t len, n;
    uint8_t *pem = pt_test_read_data(name, &len);
    pt_slice der = PT_SLICE_EMPTY;
    ck_assert_pt_ok(pt_bssl_x509_ops.pem_certs(pt_slice_of(pem, len), collect_der, &der, &n));
    free(pem);
    ck_assert_uint_eq(n, 1);
    return der;
}

START_TEST(decodes_captured_certificate12)
{
    /* OpenSSL's server and client Certificates carry exactly the DER of the PEM files used */
    static const struct {
        const char *msg, *pem;
    } cases[] = {{TLS12_CAP_SERVER_CERT, "ecdsa-p256.pem"}, {TLS12_CAP_CLIENT_CERT, "client.pem"}};
    for (size_t i = 0; i < PT_ARRAY_LEN(cases); i++) {
        pt_slice body = hs_body(cases[i].msg, PT_HS_CERTIFICATE);
        pt_certificate12 c;
        ck_assert_pt_ok(pt_certificate12_decode(body, &c));
        ck_assert_uint_eq(c.count, 1);
        pt_cert_iter it;
        pt_cert_entry e;
        pt_cert_iter_init12(&it, &c);
        ck_assert(pt_cert_iter_next(&it, &e));
        ck_assert_slice_eq(e.cert, pem_cert(cases[i].pem));
        ck_assert_uint_eq(e.extensions.len, 0);
        ck_assert(!pt_cert_iter_next(&it, &e));

        /* round trip, and the chain encoder from the DER alone */
        pt_writer w;
        t_writer(&w, 1024);
        pt_certificate12_encode(&w, &c);
        ck_assert_written(&w, body);
        t_writer(&w, 1024);
        pt_certificate12_encode_chain(&w, &e.cert, 1);
        ck_assert_written(&w, body);
    }
}
END_TEST

START_TEST(decodes_captured_certificate13)
{
    /* the TLS 1.3 capture: one entry each, no entry extensions, DER as in the PEM files */
    static const struct {
        const char *msg, *pem;
    } cases[] = {{TLS13_CAP_SERVER_CERT, "ecdsa-p256.pem"}, {TLS13_CAP_CLIENT_CERT, "client.pem"}};
    for (size_t i = 0; i < PT_ARRAY_LEN(cases); i++) {
        pt_slice body = hs_body(cases[i].msg, PT_HS_CERTIFICATE);
        pt_certificate13 c;
        ck_assert_pt_ok(dec13(body));
        ck_assert_pt_ok(pt_certificate13_decode(body, &c));
        ck_assert_uint_eq(c.context.len, 0);
        ck_assert_uint_eq(c.count, 1);
        pt_cert_iter it;
        pt_cert_entry e;
        pt_cert_iter_init13(&it, &c);
        ck_assert(pt_cert_iter_next(&it, &e));
        ck_assert_slice_eq(e.cert, pem_cert(cases[i].pem));
        ck_assert_uint_eq(e.extensions.len, 0);
        ck_assert(!pt_cert_iter_next(&it, &e));
        pt_writer w;
        t_writer(&w, 1024);
        pt_certificate13_encode_chain(&w, PT_SLICE_EMPTY, &e.cert, 1, PT_SLICE_EMPTY, PT_SLICE_EMPTY);
        ck_assert_written(&w, body);
        t_every_prefix_truncated(dec13, body);
        ck_assert_pt_err(dec13(t_append(body, 0x01)), E_TRAILING);
    }
}
END_TEST

START_TEST(certificate12_hand_built)
{
    /* RFC 5246 section 7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1> */
    pt_certificate12 c;
    ck_assert_pt_ok(pt_certificate12_decode(hx("000000"), &c));
    ck_assert_uint_eq(c.count, 0);
    ck_assert_pt_ok(pt_certificate12_decode(hx("00000b 000002 3000 000003 020100"), &c));
    ck_assert_uint_eq(c.count, 2);
    pt_cert_iter it;
    pt_cert_entry e;
    pt_cert_iter_init12(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &e));
    ck_assert_hex_eq(e.cert.p, e.cert.len, "3000");
    ck_assert(pt_cert_iter_next(&it, &e));
    ck_assert_hex_eq(e.cert.p, e.cert.len, "020100");
    ck_assert(!pt_cert_iter_next(&it, &e));
    pt_slice certs[2] = {hx("3000"), hx("020100")};
    pt_writer w;
    t_writer(&w, 64);
    pt_certificate12_encode_chain(&w, certs, 2);
    ck_assert_written(&w, hx("00000b 000002 3000 000003 020100"));

    ck_assert_pt_err(dec12(hx("000003 000000")), E_EMPTY);           /* empty ASN.1Cert */
    ck_assert_pt_err(dec12(hx("000005 000001 30 00")), E_MISSING);   /* partial second cert's length */
    ck_assert_pt_err(dec12(hx("000007 000001 30 000002 00")), E_TOO_SHORT); /* second cert runs out */
    ck_assert_pt_err(dec12(hx("000005 000001 30")), E_TOO_SHORT);      /* list longer than the body */
    ck_assert_pt_err(dec12(hx("000004 000001 30 00")), E_TRAILING);  /* a byte after the list */
    ck_assert_pt_err(dec12(hx("000000 00")), E_TRAILING);
    ck_assert_pt_err(dec12(hx("010001")), E_TOO_LARGE);
    ck_assert_pt_err(dec12(hx("800000 00")), E_TOO_LARGE);
}
END_TEST

START_TEST(rejects_truncated_and_trailing_certificate12)
{
    pt_slice body = hs_body(TLS12_CAP_SERVER_CERT, PT_HS_CERTIFICATE);
    t_every_prefix_truncated(dec12, body);
    ck_assert_pt_err(dec12(t_append(body, 0x00)), E_TRAILING);
    ck_assert_pt_err(dec12(t_append(hs_body(TLS12_CAP_CLIENT_CERT, PT_HS_CERTIFICATE), 0xff)), E_TRAILING);
}
END_TEST

START_TEST(certificate12_bit_flips)
{
    pt_slice body = hs_body(TLS12_CAP_SERVER_CERT, PT_HS_CERTIFICATE);
    size_t accepted = t_bit_flips(dec12, body, PT_OK);
    ck_assert_uint_ge(accepted, 529 * 8);
}
END_TEST

/* ---------------------------------------------------------------- CertificateStatus */

START_TEST(certificate_status_codec)
{
    /* RFC 6066 section 8: status_type ocsp(1), OCSPResponse<1..2^24-1> */
    pt_slice body = hx("01 000005 30030a0101");
    pt_certificate_status st;
    ck_assert_pt_ok(pt_certificate_status_decode(body, &st));
    ck_assert_uint_eq(st.status_type, PT_CERT_STATUS_OCSP);
    ck_assert_hex_eq(st.ocsp_response.p, st.ocsp_response.len, "30030a0101");
    pt_writer w;
    t_writer(&w, 64);
    pt_certificate_status_encode(&w, &st);
    ck_assert_written(&w, body);

    t_every_prefix_truncated(dec_status, body);
    ck_assert_pt_err(dec_status(t_append(body, 0)), E_TRAILING);
    ck_assert_pt_err(dec_status(hx("01 000000")), E_EMPTY);
    /* only ocsp(1) is defined (ocsp_multi(2) of RFC 6961 is not for this structure) */
    ck_assert_pt_err(dec_status(hx("02 000005 30030a0101")), E_STATUS_TYPE);
    ck_assert_pt_err(dec_status(hx("00")), E_STATUS_TYPE);
    ck_assert_pt_err(dec_status(hx("ff 000001 00")), E_STATUS_TYPE);
}
END_TEST

START_TEST(decodes_captured_certificate_status12)
{
    /* the TLS 1.2 CertificateStatus handshake message (RFC 6066 section 8) OpenSSL sent */
    pt_slice body = hs_body(TLS12_CAP_CERT_STATUS, PT_HS_CERTIFICATE_STATUS);
    pt_certificate_status st;
    ck_assert_pt_ok(pt_certificate_status_decode(body, &st));
    ck_assert_uint_eq(st.status_type, PT_CERT_STATUS_OCSP);
    ck_assert_slice_eq(st.ocsp_response, hx(CAP_OCSP_RESPONSE));
    ck_assert_hex_eq(st.ocsp_response.p, 4, "30820307"); /* SEQUENCE of 775 content bytes: 779 in all */

    pt_writer w;
    t_writer(&w, 1024);
    pt_wvec v = pt_hs_open(&w, PT_HS_CERTIFICATE_STATUS);
    pt_certificate_status_encode(&w, &st);
    pt_w_close_vec(&w, v);
    ck_assert_written(&w, hx(TLS12_CAP_CERT_STATUS));

    t_every_prefix_truncated(dec_status, body);
    ck_assert_pt_err(dec_status(t_append(body, 0x00)), E_TRAILING);
    ck_assert_uint_eq(t_bit_flips(dec_status, body, PT_OK), 779 * 8);
}
END_TEST

START_TEST(certificate_status_bit_flips)
{
    pt_slice body = hx("01 000005 30030a0101");
    ck_assert_uint_eq(t_bit_flips(dec_status, body, PT_OK), 5 * 8);
}
END_TEST

static Suite *certificate_suite(void)
{
    Suite *s = suite_create("certificate");
    TCase *tc = tcase_create("tls13");
    tcase_add_test(tc, decodes_rfc8448_certificate);
    tcase_add_test(tc, encodes_rfc8448_certificate);
    tcase_add_test(tc, rejects_truncated_certificate13);
    tcase_add_test(tc, rejects_trailing_certificate13);
    tcase_add_test(tc, certificate13_bounds);
    tcase_add_test(tc, certificate13_size_limit);
    tcase_add_test(tc, certificate13_chain_with_ocsp_and_sct);
    tcase_add_test(tc, certificate13_bit_flips);
    tcase_add_test(tc, decodes_captured_certificate13_with_ocsp);
    suite_add_tcase(s, tc);
    tc = tcase_create("tls12");
    tcase_add_test(tc, decodes_captured_certificate12);
    tcase_add_test(tc, decodes_captured_certificate13);
    tcase_add_test(tc, certificate12_hand_built);
    tcase_add_test(tc, rejects_truncated_and_trailing_certificate12);
    tcase_add_test(tc, certificate12_bit_flips);
    suite_add_tcase(s, tc);
    tc = tcase_create("certificate_status");
    tcase_add_test(tc, certificate_status_codec);
    tcase_add_test(tc, decodes_captured_certificate_status12);
    tcase_add_test(tc, certificate_status_bit_flips);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(certificate_suite());
}
