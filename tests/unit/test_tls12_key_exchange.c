/*
 * test_tls12_key_exchange.c - the TLS 1.2 ECDHE messages (src/msgs/tls12_key_exchange.c):
 * ServerKeyExchange, the signed-params helper, ClientKeyExchange and ServerHelloDone.
 *
 * Real messages come from the captured OpenSSL handshake (tests/unit/capture_data.h); the
 * ServerKeyExchange signature is verified with the provider over pt_tls12_signed_params() built
 * from the captured randoms, which checks the helper byte for byte against what OpenSSL signed.
 * Hand-built messages follow RFC 8422 section 5.4 and 5.7.
 */
#include "msgs/certificate.h"
#include "msgs/tls12_key_exchange.h"
#include "provider/boringssl/pki.h"
#include "unit/msgs_testutil.h"
#include "unit/capture_data.h"

#define E_CURVE_TYPE PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_UNSUPPORTED_CURVE_TYPE)
#define E_MISSING_KX PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_MISSING_KEY_EXCHANGE)
#define E_DH_PARAMS PT_ERR_DECODE(RUSTLS_RESULT_MESSAGE_INVALID_DH_PARAMS)

static pt_err parse_ske(pt_slice b)
{
    pt_server_key_exchange ske;
    pt_err e = pt_server_key_exchange_parse(b, &ske);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_server_key_exchange_encode, &ske, b);
    }
    return e;
}

static pt_err decode_ske(pt_slice b)
{
    pt_server_key_exchange ske;
    return pt_server_key_exchange_decode(b, &ske);
}

static pt_err dec_cke(pt_slice b)
{
    pt_client_key_exchange cke;
    pt_err e = pt_client_key_exchange_decode(b, &cke);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_client_key_exchange_encode, &cke, b);
    }
    return e;
}

/* Both SKE decoders: the precise parse error, and the single error rustls's client reports. */
#define ck_assert_ske_err(body, expected)                                                                              \
    do {                                                                                                               \
        ck_assert_pt_err(parse_ske(body), (expected));                                                                 \
        ck_assert_pt_err(decode_ske(body), E_MISSING_KX);                                                              \
    } while (0)

/* ---------------------------------------------------------------- ServerKeyExchange */

START_TEST(decodes_captured_server_key_exchange)
{
    pt_slice body = hs_body(TLS12_CAP_SKE, PT_HS_SERVER_KEY_EXCHANGE);
    pt_server_key_exchange ske;
    ck_assert_pt_ok(pt_server_key_exchange_decode(body, &ske));
    ck_assert_uint_eq(ske.params.group, 0x0017); /* secp256r1 */
    ck_assert_uint_eq(ske.params.point.len, 65);
    ck_assert_uint_eq(ske.params.point.p[0], 0x04); /* uncompressed (RFC 8422 section 5.4.1) */
    ck_assert_ptr_eq(ske.params.point.p, body.p + 4);
    ck_assert_uint_eq(ske.sig.scheme, 0x0403); /* ecdsa_secp256r1_sha256 */
    ck_assert_uint_eq(ske.sig.signature.len, 0x48);
    ck_assert_uint_eq(ske.sig.signature.p[0], 0x30); /* DER ECDSA-Sig-Value */
    ck_assert_reencodes(pt_server_key_exchange_encode, &ske, body);
}
END_TEST

START_TEST(verifies_captured_server_key_exchange_signature)
{
    /* RFC 8422 section 5.4: signed_params = SHA(ClientHello.random + ServerHello.random +
     * ServerECDHParams); the randoms sit after the version in each hello body. */
    pt_slice ch = hs_body(TLS12_CAP_CH, PT_HS_CLIENT_HELLO);
    pt_slice sh = hs_body(TLS12_CAP_SH, PT_HS_SERVER_HELLO);
    const uint8_t *client_random = ch.p + 2, *server_random = sh.p + 2;
    pt_server_key_exchange ske;
    ck_assert_pt_ok(pt_server_key_exchange_decode(hs_body(TLS12_CAP_SKE, PT_HS_SERVER_KEY_EXCHANGE), &ske));

    uint8_t buf[2 * PT_TLS12_RANDOM_LEN + 4 + 255];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_tls12_signed_params(&w, client_random, server_random, &ske.params);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, 32 + 32 + 1 + 2 + 1 + 65);
    ck_assert_mem_eq(buf + 64, hs_body(TLS12_CAP_SKE, PT_HS_SERVER_KEY_EXCHANGE).p, 4 + 65);

    pt_certificate12 c;
    pt_cert_iter it;
    pt_cert_entry leaf;
    ck_assert_pt_ok(pt_certificate12_decode(hs_body(TLS12_CAP_SERVER_CERT, PT_HS_CERTIFICATE), &c));
    pt_cert_iter_init12(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &leaf));
    pt_slice spki;
    pt_pubkey *key = NULL;
    ck_assert_pt_ok(pt_bssl_x509_ops.cert_spki(leaf.cert, &spki));
    ck_assert_pt_ok(pt_bssl_sig_ops.pubkey_from_spki(spki, &key));
    ck_assert_pt_ok(pt_bssl_sig_ops.verify(key, ske.sig.scheme, pt_w_slice(&w), ske.sig.signature));
    /* swapping the randoms (the order RFC 8422 fixes) breaks it */
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_tls12_signed_params(&w, server_random, client_random, &ske.params);
    ck_assert(pt_failed(pt_bssl_sig_ops.verify(key, ske.sig.scheme, pt_w_slice(&w), ske.sig.signature)));
    pt_bssl_sig_ops.pubkey_free(key);
}
END_TEST

START_TEST(server_key_exchange_hand_built)
{
    /* x25519 (0x001d) share of 32 bytes signed with ed25519 (0x0807), RFC 8422 5.4 layout:
     *   03 001d 20 <32 bytes>   ECParameters(named_curve, x25519), ECPoint
     *   0807 0040 <64 bytes>    DigitallySigned */
    uint8_t share[32], sig[64];
    memset(share, 0x11, sizeof(share));
    memset(sig, 0x22, sizeof(sig));
    pt_server_key_exchange ske = {{0x001d, pt_slice_of(share, 32)}, {0x0807, pt_slice_of(sig, 64)}};
    pt_writer w;
    t_writer(&w, 256);
    pt_server_key_exchange_encode(&w, &ske);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, 4 + 32 + 4 + 64);
    ck_assert_hex_eq(w.base, 4, "03001d20");
    ck_assert_hex_eq(w.base + 36, 4, "08070040");

    pt_server_key_exchange back;
    ck_assert_pt_ok(pt_server_key_exchange_decode(pt_w_slice(&w), &back));
    ck_assert_uint_eq(back.params.group, 0x001d);
    ck_assert_mem_eq(back.params.point.p, share, 32);
    ck_assert_uint_eq(back.sig.scheme, 0x0807);
    ck_assert_mem_eq(back.sig.signature.p, sig, 64);

    /* the signed content for fixed randoms, spelled out */
    uint8_t cr[32], sr[32];
    memset(cr, 0xc1, 32);
    memset(sr, 0x5e, 32);
    pt_ecdhe_params small = {0x0017, hx("04aabb")};
    t_writer(&w, 128);
    pt_tls12_signed_params(&w, cr, sr, &small);
    ck_assert_written(&w, hx("c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1"
                             "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e"
                             "03 0017 03 04aabb"));
}
END_TEST

START_TEST(rejects_malformed_server_key_exchange)
{
    pt_slice body = hs_body(TLS12_CAP_SKE, PT_HS_SERVER_KEY_EXCHANGE);
    t_every_prefix_truncated(parse_ske, body);
    t_every_prefix_fails(decode_ske, body, E_MISSING_KX);
    ck_assert_ske_err(t_append(body, 0x00), E_TRAILING);

    /* ECCurveType: explicit_prime(1), explicit_char2(2) and unknown values are refused */
    static const uint8_t bad_types[] = {0x00, 0x01, 0x02, 0x04, 0xff};
    for (size_t i = 0; i < sizeof(bad_types); i++) {
        uint8_t *p = t_copy(body, 0);
        p[0] = bad_types[i];
        ck_assert_ske_err(pt_slice_of(p, body.len), E_CURVE_TYPE);
    }
    /* the curve type is judged before anything else is needed */
    ck_assert_ske_err(hx("01"), E_CURVE_TYPE);
    /* ECPoint<1..2^8-1>: empty */
    ck_assert_ske_err(hx("03 0017 00 0403 0000"), E_EMPTY);
    /* a point longer than the message */
    ck_assert_ske_err(hx("03 0017 05 04aabb"), E_TOO_SHORT);
    /* no signature at all; a truncated signature */
    ck_assert_ske_err(hx("03 0017 01 04"), E_MISSING);
    ck_assert_ske_err(hx("03 0017 01 04 0403 0003 3001"), E_TOO_SHORT);
    /* an empty signature is well-formed (its verification fails later) */
    ck_assert_pt_ok(parse_ske(hx("03 0017 01 04 0403 0000")));
}
END_TEST

START_TEST(server_key_exchange_bit_flips)
{
    pt_slice body = hs_body(TLS12_CAP_SKE, PT_HS_SERVER_KEY_EXCHANGE);
    size_t accepted = t_bit_flips(parse_ske, body, PT_OK);
    /* group, point, scheme and signature bits are opaque to the codec */
    ck_assert_uint_ge(accepted, (2 + 65 + 2 + 0x48) * 8);
    ck_assert_uint_lt(accepted, body.len * 8);
}
END_TEST

/* ---------------------------------------------------------------- ClientKeyExchange */

START_TEST(decodes_captured_client_key_exchange)
{
    pt_slice body = hs_body(TLS12_CAP_CKE, PT_HS_CLIENT_KEY_EXCHANGE);
    pt_client_key_exchange cke;
    ck_assert_pt_ok(pt_client_key_exchange_decode(body, &cke));
    ck_assert_uint_eq(cke.point.len, 65);
    ck_assert_ptr_eq(cke.point.p, body.p + 1);
    ck_assert_hex_eq(cke.point.p, 4, "04ebd4e2");
    ck_assert_reencodes(pt_client_key_exchange_encode, &cke, body);
}
END_TEST

START_TEST(rejects_malformed_client_key_exchange)
{
    pt_slice body = hs_body(TLS12_CAP_CKE, PT_HS_CLIENT_KEY_EXCHANGE);
    t_every_prefix_truncated(dec_cke, body);
    /* leftovers after the point: rustls's decode_kx_params says InvalidDhParams */
    ck_assert_pt_err(dec_cke(t_append(body, 0x00)), E_DH_PARAMS);
    ck_assert_pt_err(dec_cke(hx("01 04 ff ff")), E_DH_PARAMS);
    /* ECPoint<1..2^8-1> */
    ck_assert_pt_err(dec_cke(hx("00")), E_EMPTY);
    ck_assert_pt_err(dec_cke(hx("00 04")), E_EMPTY);
    /* x25519's 32-byte share, and the largest point a uint8 length allows */
    uint8_t *p = t_alloc(256);
    p[0] = 0xff;
    memset(p + 1, 0x42, 255);
    ck_assert_pt_ok(dec_cke(pt_slice_of(p, 256)));
    p[0] = 32;
    ck_assert_pt_ok(dec_cke(pt_slice_of(p, 33)));
    pt_client_key_exchange cke = {pt_slice_of(p + 1, 32)};
    ck_assert_reencodes(pt_client_key_exchange_encode, &cke, pt_slice_of(p, 33));
}
END_TEST

START_TEST(client_key_exchange_bit_flips)
{
    pt_slice body = hs_body(TLS12_CAP_CKE, PT_HS_CLIENT_KEY_EXCHANGE);
    ck_assert_uint_eq(t_bit_flips(dec_cke, body, PT_OK), 65 * 8);
}
END_TEST

/* ---------------------------------------------------------------- ServerHelloDone */

static pt_err dec_shd(pt_slice b)
{
    return pt_server_hello_done_decode(b);
}

START_TEST(server_hello_done)
{
    /* RFC 5246 section 7.4.5: struct { } ServerHelloDone; the captured one is "0e000000" */
    pt_slice body = hs_body(TLS12_CAP_SHD, PT_HS_SERVER_HELLO_DONE);
    ck_assert_uint_eq(body.len, 0);
    ck_assert_pt_ok(dec_shd(body));
    ck_assert_pt_ok(dec_shd(PT_SLICE_EMPTY));
    ck_assert_pt_err(dec_shd(hx("00")), E_TRAILING);
    ck_assert_pt_err(dec_shd(hx("0e000000")), E_TRAILING);
}
END_TEST

static Suite *tls12_key_exchange_suite(void)
{
    Suite *s = suite_create("tls12_key_exchange");
    TCase *tc = tcase_create("server_key_exchange");
    tcase_add_test(tc, decodes_captured_server_key_exchange);
    tcase_add_test(tc, verifies_captured_server_key_exchange_signature);
    tcase_add_test(tc, server_key_exchange_hand_built);
    tcase_add_test(tc, rejects_malformed_server_key_exchange);
    tcase_add_test(tc, server_key_exchange_bit_flips);
    suite_add_tcase(s, tc);
    tc = tcase_create("client_key_exchange");
    tcase_add_test(tc, decodes_captured_client_key_exchange);
    tcase_add_test(tc, rejects_malformed_client_key_exchange);
    tcase_add_test(tc, client_key_exchange_bit_flips);
    suite_add_tcase(s, tc);
    tc = tcase_create("server_hello_done");
    tcase_add_test(tc, server_hello_done);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(tls12_key_exchange_suite());
}
