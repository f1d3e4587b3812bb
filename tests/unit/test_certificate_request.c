/*
 * test_certificate_request.c - CertificateRequest, TLS 1.3 and TLS 1.2
 * (src/msgs/certificate_request.c).
 *
 * Real messages: the CertificateRequest of each captured OpenSSL handshake
 * (tests/unit/capture_data.h; `s_server -verify 1 -CAfile ca.pem`, so both name the test root CA).
 * Hand-built ones follow RFC 8446 section 4.3.2 and RFC 5246 section 7.4.4.
 */
#include "msgs/certificate_request.h"
#include "unit/capture_data.h"
#include "unit/msgs_testutil.h"

#define E_NO_SCHEMES PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES)

/* The DER Name of the test root CA: SEQUENCE { SET { CN "patina test root CA" }, SET { O "patina tests" } } */
#define ROOT_CA_NAME                                                                                                   \
    "3035311c301a06035504030c13706174696e61207465737420726f6f7420434131153013060355040a0c0c706174696e6120746573"   \
    "7473"

static pt_err dec13(pt_slice b)
{
    pt_certificate_request13 cr;
    pt_err e = pt_certificate_request13_decode(b, &cr);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_certificate_request13_encode, &cr, b);
    }
    return e;
}

static pt_err dec12(pt_slice b)
{
    pt_certificate_request12 cr;
    pt_err e = pt_certificate_request12_decode(b, &cr);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_certificate_request12_encode, &cr, b);
        pt_dn_iter it;
        pt_slice dn;
        size_t n = 0;
        pt_dn_iter_init(&it, cr.authorities);
        while (pt_dn_iter_next(&it, &dn)) {
            ck_assert_uint_gt(dn.len, 0);
            n++;
        }
        ck_assert_uint_eq(n, cr.n_authorities);
        ck_assert_uint_ge(cr.n_sig_schemes, 1);
    }
    return e;
}

/* ---------------------------------------------------------------- TLS 1.3 */

START_TEST(decodes_captured_certificate_request13)
{
    /* empty context; extensions: signature_algorithms (13) with 16 schemes, then
     * certificate_authorities (47) naming the root CA */
    pt_slice body = hs_body(TLS13_CAP_CR, PT_HS_CERTIFICATE_REQUEST);
    pt_certificate_request13 cr;
    ck_assert_pt_ok(pt_certificate_request13_decode(body, &cr));
    ck_assert_uint_eq(cr.context.len, 0);
    ck_assert_uint_eq(cr.extensions.len, 0x65);
    ck_assert_ptr_eq(cr.extensions.p, body.p + 3);
    ck_assert_hex_eq(cr.extensions.p, 8, "000d 0022 0020 0403");
    ck_assert_hex_eq(cr.extensions.p + 38, 8, "002f 003b 0039 0037");
    ck_assert_hex_eq(cr.extensions.p + 46, cr.extensions.len - 46, ROOT_CA_NAME);
    ck_assert_reencodes(pt_certificate_request13_encode, &cr, body);
}
END_TEST

START_TEST(certificate_request13_hand_built)
{
    /* post-handshake authentication: a non-empty context (RFC 8446 section 4.6.2) */
    pt_certificate_request13 cr = {hx("0a0b0c0d"), hx("000d 0004 0002 0807")};
    ck_assert_reencodes(pt_certificate_request13_encode, &cr, hx("04 0a0b0c0d 0008 000d 0004 0002 0807"));
    pt_certificate_request13 back;
    ck_assert_pt_ok(pt_certificate_request13_decode(hx("04 0a0b0c0d 0008 000d 0004 0002 0807"), &back));
    ck_assert_slice_eq(back.context, cr.context);
    ck_assert_slice_eq(back.extensions, cr.extensions);
}
END_TEST

START_TEST(rejects_malformed_certificate_request13)
{
    pt_slice body = hs_body(TLS13_CAP_CR, PT_HS_CERTIFICATE_REQUEST);
    t_every_prefix_truncated(dec13, body);
    ck_assert_pt_err(dec13(t_append(body, 0x00)), E_TRAILING);
    /* extensions<2..2^16-1> */
    ck_assert_pt_err(dec13(hx("00 0000")), E_EMPTY);
    ck_assert_pt_err(dec13(hx("00 0001 00")), E_BOUNDS);
    ck_assert_pt_ok(dec13(hx("00 0002 0000"))); /* the smallest block: what is in it is not ours */
    ck_assert_pt_err(dec13(hx("02 00")), E_TOO_SHORT);
    /* the block's contents are raw here: a truncated extension inside is the extension parser's */
    ck_assert_pt_ok(dec13(hx("00 0003 000d00")));
}
END_TEST

START_TEST(certificate_request13_bit_flips)
{
    pt_slice body = hs_body(TLS13_CAP_CR, PT_HS_CERTIFICATE_REQUEST);
    size_t accepted = t_bit_flips(dec13, body, PT_OK);
    ck_assert_uint_ge(accepted, 0x65 * 8);
}
END_TEST

/* ---------------------------------------------------------------- TLS 1.2 */

START_TEST(decodes_captured_certificate_request12)
{
    pt_slice body = hs_body(TLS12_CAP_CR, PT_HS_CERTIFICATE_REQUEST);
    pt_certificate_request12 cr;
    ck_assert_pt_ok(pt_certificate_request12_decode(body, &cr));
    /* rsa_sign(1), dss_sign(2), ecdsa_sign(64) */
    ck_assert_hex_eq(cr.cert_types.p, cr.cert_types.len, "010240");
    ck_assert_uint_eq(cr.n_sig_schemes, 20);
    ck_assert_uint_eq(pt_certificate_request12_scheme(&cr, 0), 0x0403);
    ck_assert_uint_eq(pt_certificate_request12_scheme(&cr, 3), 0x0807);
    ck_assert_uint_eq(pt_certificate_request12_scheme(&cr, 19), 0x0602);
    ck_assert_uint_eq(cr.n_authorities, 1);
    pt_dn_iter it;
    pt_slice dn;
    pt_dn_iter_init(&it, cr.authorities);
    ck_assert(pt_dn_iter_next(&it, &dn));
    ck_assert_hex_eq(dn.p, dn.len, ROOT_CA_NAME);
    ck_assert(!pt_dn_iter_next(&it, &dn));
    ck_assert_reencodes(pt_certificate_request12_encode, &cr, body);
}
END_TEST

START_TEST(certificate_request12_hand_built)
{
    /* ecdsa_sign only; ecdsa_secp256r1_sha256 + rsa_pss_rsae_sha256; two names, RFC 5246 7.4.4:
     *   01 40   0004 0403 0804   0009 0002 3000 0003 310130 */
    pt_slice body = hx("01 40 0004 0403 0804 0009 0002 3000 0003 310130");
    pt_certificate_request12 cr;
    ck_assert_pt_ok(dec12(body));
    ck_assert_pt_ok(pt_certificate_request12_decode(body, &cr));
    ck_assert_uint_eq(cr.n_sig_schemes, 2);
    ck_assert_uint_eq(pt_certificate_request12_scheme(&cr, 1), 0x0804);
    ck_assert_uint_eq(cr.n_authorities, 2);
    pt_dn_iter it;
    pt_slice dn;
    pt_dn_iter_init(&it, cr.authorities);
    ck_assert(pt_dn_iter_next(&it, &dn));
    ck_assert_hex_eq(dn.p, dn.len, "3000");
    ck_assert(pt_dn_iter_next(&it, &dn));
    ck_assert_hex_eq(dn.p, dn.len, "310130");
    ck_assert(!pt_dn_iter_next(&it, &dn));
    /* no authorities is allowed in TLS 1.2 (<0..2^16-1>) */
    ck_assert_pt_ok(pt_certificate_request12_decode(hx("01 01 0002 0401 0000"), &cr));
    ck_assert_uint_eq(cr.n_authorities, 0);
    pt_dn_iter_init(&it, cr.authorities);
    ck_assert(!pt_dn_iter_next(&it, &dn));
}
END_TEST

START_TEST(rejects_malformed_certificate_request12)
{
    pt_slice body = hs_body(TLS12_CAP_CR, PT_HS_CERTIFICATE_REQUEST);
    t_every_prefix_truncated(dec12, body);
    ck_assert_pt_err(dec12(t_append(body, 0x00)), E_TRAILING);
    /* certificate_types<1..2^8-1> */
    ck_assert_pt_err(dec12(hx("00 0002 0403 0000")), E_EMPTY);
    /* supported_signature_algorithms<2..2^16-2>: whole u16s only */
    ck_assert_pt_err(dec12(hx("01 40 0003 040308 0000")), E_MISSING);
    ck_assert_pt_err(dec12(hx("01 40 0001 04 0000")), E_MISSING);
    /* ... and not empty: rustls's NoSignatureSchemes, once the rest has decoded */
    ck_assert_pt_err(dec12(hx("01 40 0000 0000")), E_NO_SCHEMES);
    ck_assert_pt_err(dec12(hx("01 40 0000 0004 0002 3000")), E_NO_SCHEMES);
    ck_assert_pt_err(dec12(hx("01 40 0000 0002 0000")), E_EMPTY); /* the names are judged first */
    ck_assert_pt_err(dec12(hx("01 40 0000 0000 00")), E_TRAILING);
    /* DistinguishedName<1..2^16-1> inside certificate_authorities */
    ck_assert_pt_err(dec12(hx("01 40 0002 0403 0002 0000")), E_EMPTY);
    ck_assert_pt_err(dec12(hx("01 40 0002 0403 0004 0002 30")), E_TOO_SHORT);
    ck_assert_pt_err(dec12(hx("01 40 0002 0403 0003 0002 30")), E_TOO_SHORT);
    ck_assert_pt_err(dec12(hx("01 40 0002 0403 0005 0002 3000 00")), E_MISSING);
}
END_TEST

START_TEST(certificate_request12_bit_flips)
{
    pt_slice body = hs_body(TLS12_CAP_CR, PT_HS_CERTIFICATE_REQUEST);
    size_t accepted = t_bit_flips(dec12, body, PT_OK);
    ck_assert_uint_ge(accepted, (3 + 40 + 0x37 - 2) * 8);
    ck_assert_uint_lt(accepted, body.len * 8);
}
END_TEST

static Suite *certificate_request_suite(void)
{
    Suite *s = suite_create("certificate_request");
    TCase *tc = tcase_create("tls13");
    tcase_add_test(tc, decodes_captured_certificate_request13);
    tcase_add_test(tc, certificate_request13_hand_built);
    tcase_add_test(tc, rejects_malformed_certificate_request13);
    tcase_add_test(tc, certificate_request13_bit_flips);
    suite_add_tcase(s, tc);
    tc = tcase_create("tls12");
    tcase_add_test(tc, decodes_captured_certificate_request12);
    tcase_add_test(tc, certificate_request12_hand_built);
    tcase_add_test(tc, rejects_malformed_certificate_request12);
    tcase_add_test(tc, certificate_request12_bit_flips);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(certificate_request_suite());
}
