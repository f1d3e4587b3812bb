/*
 * test_certificate_verify.c - CertificateVerify / DigitallySigned (src/msgs/certificate_verify.c)
 * and the TLS 1.3 signed-content helper.
 *
 * Real messages: the server CertificateVerify of RFC 8448 section 3, and the client
 * CertificateVerify of the captured TLS 1.2 handshake (tests/unit/capture_data.h), whose
 * signature is verified with the provider over the handshake messages it covers
 * (RFC 5246 section 7.4.8), using the public key from the captured client Certificate; and both
 * CertificateVerify messages of the captured TLS 1.3 handshake, verified over the content that
 * pt_certificate_verify_content() builds from the transcript hash (RFC 8446 section 4.4.3).
 */
#include "msgs/certificate.h"
#include "msgs/certificate_verify.h"
#include "provider/boringssl/bssl.h"
#include "provider/boringssl/pki.h"
#include "unit/msgs_testutil.h"
#include "unit/capture_data.h"
#include "vectors/rfc8448_data.h"

static pt_err dec_cv(pt_slice b)
{
    pt_certificate_verify cv;
    pt_err e = pt_certificate_verify_decode(b, &cv);
    if (pt_ok(e)) {
        ck_assert_reencodes(pt_certificate_verify_encode, &cv, b);
    }
    return e;
}

START_TEST(decodes_rfc8448_certificate_verify)
{
    /* RFC 8448 section 3: rsa_pss_rsae_sha256 (0x0804), a 128-byte signature */
    pt_slice body = hs_body(RFC8448_S3_CV, PT_HS_CERTIFICATE_VERIFY);
    pt_certificate_verify cv;
    ck_assert_pt_ok(pt_certificate_verify_decode(body, &cv));
    ck_assert_uint_eq(cv.scheme, 0x0804);
    ck_assert_uint_eq(cv.signature.len, 128);
    ck_assert_ptr_eq(cv.signature.p, body.p + 4);
    ck_assert_hex_eq(cv.signature.p, 4, "5a747c5d");
    ck_assert_hex_eq(cv.signature.p + 124, 4, "d42f74f3");
    ck_assert_reencodes(pt_certificate_verify_encode, &cv, body);
    /* section 5 has its own signature over its own transcript */
    ck_assert_pt_ok(dec_cv(hs_body(RFC8448_S5_CV, PT_HS_CERTIFICATE_VERIFY)));
}
END_TEST

START_TEST(rejects_malformed_certificate_verify)
{
    pt_slice body = hs_body(RFC8448_S3_CV, PT_HS_CERTIFICATE_VERIFY);
    t_every_prefix_truncated(dec_cv, body);
    ck_assert_pt_err(dec_cv(t_append(body, 0x00)), E_TRAILING);
    /* signature<0..2^16-1>: empty is well-formed (the signature check refuses it later) */
    pt_certificate_verify cv;
    ck_assert_pt_ok(pt_certificate_verify_decode(hx("0403 0000"), &cv));
    ck_assert_uint_eq(cv.scheme, 0x0403);
    ck_assert_uint_eq(cv.signature.len, 0);
    ck_assert_pt_err(dec_cv(hx("0403 0000 00")), E_TRAILING);
    ck_assert_pt_err(dec_cv(hx("0403 0002 01")), E_TOO_SHORT);
    /* the reader form does not require the end: it is embedded in ServerKeyExchange */
    pt_reader r = pt_reader_init(hx("0807 0001 aa bb").p, 6);
    ck_assert_pt_ok(pt_digitally_signed_read(&r, &cv));
    ck_assert_uint_eq(cv.scheme, 0x0807);
    ck_assert_hex_eq(cv.signature.p, cv.signature.len, "aa");
    ck_assert_uint_eq(pt_r_left(&r), 1);
}
END_TEST

START_TEST(certificate_verify_bit_flips)
{
    pt_slice body = hs_body(RFC8448_S3_CV, PT_HS_CERTIFICATE_VERIFY);
    size_t accepted = t_bit_flips(dec_cv, body, PT_OK);
    /* the 16 scheme bits and the 1024 signature bits are opaque here; length flips are not */
    ck_assert_uint_eq(accepted, 16 + 128 * 8);
}
END_TEST

START_TEST(encodes_hand_built)
{
    pt_certificate_verify cv = {0x0403, hx("3006020101020102")};
    ck_assert_reencodes(pt_certificate_verify_encode, &cv, hx("0403 0008 3006020101020102"));
    pt_certificate_verify back;
    ck_assert_pt_ok(pt_certificate_verify_decode(hx("0403 0008 3006020101020102"), &back));
    ck_assert_uint_eq(back.scheme, cv.scheme);
    ck_assert_slice_eq(back.signature, cv.signature);
}
END_TEST

/* ---------------------------------------------------------------- TLS 1.2: a real signature */

static pt_slice cert_der(const char *cert_msg_hex)
{
    pt_certificate12 c;
    ck_assert_pt_ok(pt_certificate12_decode(hs_body(cert_msg_hex, PT_HS_CERTIFICATE), &c));
    pt_cert_iter it;
    pt_cert_entry e;
    pt_cert_iter_init12(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &e));
    return e.cert;
}

START_TEST(verifies_captured_tls12_certificate_verify)
{
    /* RFC 5246 section 7.4.8: the client signs handshake_messages, every message from
     * ClientHello up to (not including) CertificateVerify, headers included. */
    const char *covered[] = {TLS12_CAP_CH,  TLS12_CAP_SH,          TLS12_CAP_SERVER_CERT, TLS12_CAP_SKE,
                             TLS12_CAP_CR,  TLS12_CAP_SHD,         TLS12_CAP_CLIENT_CERT, TLS12_CAP_CKE};
    pt_writer w;
    pt_writer_init_growable(&w, 4096, 1 << 16);
    for (size_t i = 0; i < PT_ARRAY_LEN(covered); i++) {
        pt_slice m = hx(covered[i]);
        pt_w_bytes(&w, m.p, m.len);
    }
    ck_assert_pt_ok(pt_w_finish(&w));

    pt_certificate_verify cv;
    ck_assert_pt_ok(pt_certificate_verify_decode(hs_body(TLS12_CAP_CV, PT_HS_CERTIFICATE_VERIFY), &cv));
    ck_assert_uint_eq(cv.scheme, 0x0403); /* ecdsa_secp256r1_sha256 */

    pt_slice spki;
    pt_pubkey *key = NULL;
    ck_assert_pt_ok(pt_bssl_x509_ops.cert_spki(cert_der(TLS12_CAP_CLIENT_CERT), &spki));
    ck_assert_pt_ok(pt_bssl_sig_ops.pubkey_from_spki(spki, &key));
    ck_assert_pt_ok(pt_bssl_sig_ops.verify(key, cv.scheme, pt_w_slice(&w), cv.signature));
    /* the check is real: one message fewer is not what was signed */
    pt_slice shorter = pt_slice_of(w.base, w.off - hx(TLS12_CAP_CKE).len);
    ck_assert(pt_failed(pt_bssl_sig_ops.verify(key, cv.scheme, shorter, cv.signature)));
    pt_bssl_sig_ops.pubkey_free(key);
    pt_writer_free(&w);
}
END_TEST

/* ---------------------------------------------------------------- TLS 1.3 signed content */

START_TEST(content_matches_rfc8446_example)
{
    /* RFC 8446 section 4.4.3: "if the transcript hash was 32 bytes of 01 (this length would
     * make sense for SHA-256), the content covered by the digital signature for a server
     * CertificateVerify would be:" */
    static const char rfc_example[] = "2020202020202020202020202020202020202020202020202020202020202020"
                                      "2020202020202020202020202020202020202020202020202020202020202020"
                                      "544c5320312e332c207365727665722043657274696669636174655665726966"
                                      "79"
                                      "00"
                                      "0101010101010101010101010101010101010101010101010101010101010101";
    uint8_t hash[64];
    memset(hash, 0x01, sizeof(hash));
    uint8_t buf[PT_CV_CONTENT_MAX];
    pt_writer w;
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_certificate_verify_content(&w, true, pt_slice_of(hash, 32));
    ck_assert_written(&w, hx(rfc_example));

    /* the client's context string differs only in "client" */
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_certificate_verify_content(&w, false, pt_slice_of(hash, 32));
    ck_assert_written(&w, hx("2020202020202020202020202020202020202020202020202020202020202020"
                             "2020202020202020202020202020202020202020202020202020202020202020"
                             /* "TLS 1.3, client CertificateVerif" */
                             "544c5320312e332c20636c69656e742043657274696669636174655665726966"
                             "79 00"
                             "0101010101010101010101010101010101010101010101010101010101010101"));

    /* the largest hash fits PT_CV_CONTENT_MAX exactly; one byte less of room fails */
    pt_writer_init_fixed(&w, buf, sizeof(buf));
    pt_certificate_verify_content(&w, true, pt_slice_of(hash, 64));
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, PT_CV_CONTENT_MAX);
    pt_writer_init_fixed(&w, buf, sizeof(buf) - 1);
    pt_certificate_verify_content(&w, true, pt_slice_of(hash, 64));
    ck_assert(pt_failed(pt_w_finish(&w)));
}
END_TEST

/* SHA-384 over the whole handshake messages given (the TLS 1.3 capture uses TLS_AES_256_GCM_SHA384). */
static void transcript_sha384(const char *const *msgs, size_t n, uint8_t out[48])
{
    pt_writer w;
    pt_writer_init_growable(&w, 4096, 1 << 16);
    for (size_t i = 0; i < n; i++) {
        pt_slice m = hx(msgs[i]);
        pt_w_bytes(&w, m.p, m.len);
    }
    ck_assert_pt_ok(pt_w_finish(&w));
    pt_hash_digest(&pt_bssl_sha384, w.base, w.off, out);
    pt_writer_free(&w);
}

static pt_pubkey *tls13_leaf_key(const char *cert_msg_hex)
{
    pt_certificate13 c;
    pt_cert_iter it;
    pt_cert_entry leaf;
    pt_slice spki;
    pt_pubkey *key = NULL;
    ck_assert_pt_ok(pt_certificate13_decode(hs_body(cert_msg_hex, PT_HS_CERTIFICATE), &c));
    pt_cert_iter_init13(&it, &c);
    ck_assert(pt_cert_iter_next(&it, &leaf));
    ck_assert_pt_ok(pt_bssl_x509_ops.cert_spki(leaf.cert, &spki));
    ck_assert_pt_ok(pt_bssl_sig_ops.pubkey_from_spki(spki, &key));
    return key;
}

START_TEST(verifies_captured_tls13_certificate_verify)
{
    /* RFC 8446 section 4.4.3: each side signs the content over Transcript-Hash(Handshake
     * Context, Certificate).  Server: ClientHello .. server Certificate; client: everything
     * up to and including its own Certificate. */
    const char *server_ctx[] = {TLS13_CAP_CH, TLS13_CAP_SH, TLS13_CAP_EE, TLS13_CAP_CR, TLS13_CAP_SERVER_CERT};
    const char *client_ctx[] = {TLS13_CAP_CH,          TLS13_CAP_SH,        TLS13_CAP_EE,
                                TLS13_CAP_CR,          TLS13_CAP_SERVER_CERT, TLS13_CAP_SERVER_CV,
                                TLS13_CAP_SFIN,        TLS13_CAP_CLIENT_CERT};
    static const struct {
        bool server;
        const char *cv, *cert;
    } sides[] = {{true, TLS13_CAP_SERVER_CV, TLS13_CAP_SERVER_CERT},
                 {false, TLS13_CAP_CLIENT_CV, TLS13_CAP_CLIENT_CERT}};

    for (size_t i = 0; i < PT_ARRAY_LEN(sides); i++) {
        uint8_t th[48];
        if (sides[i].server) {
            transcript_sha384(server_ctx, PT_ARRAY_LEN(server_ctx), th);
        } else {
            transcript_sha384(client_ctx, PT_ARRAY_LEN(client_ctx), th);
        }
        pt_certificate_verify cv;
        ck_assert_pt_ok(dec_cv(hs_body(sides[i].cv, PT_HS_CERTIFICATE_VERIFY)));
        ck_assert_pt_ok(pt_certificate_verify_decode(hs_body(sides[i].cv, PT_HS_CERTIFICATE_VERIFY), &cv));
        ck_assert_uint_eq(cv.scheme, 0x0403); /* ecdsa_secp256r1_sha256: both keys are P-256 */

        uint8_t content[PT_CV_CONTENT_MAX];
        pt_writer w;
        pt_writer_init_fixed(&w, content, sizeof(content));
        pt_certificate_verify_content(&w, sides[i].server, pt_slice_of(th, 48));
        ck_assert_pt_ok(pt_w_finish(&w));
        ck_assert_uint_eq(w.off, 64 + 33 + 1 + 48);

        pt_pubkey *key = tls13_leaf_key(sides[i].cert);
        ck_assert_pt_ok(pt_bssl_sig_ops.verify(key, cv.scheme, pt_w_slice(&w), cv.signature));
        /* the other side's context string does not verify: the strings are what bind the role */
        pt_writer_init_fixed(&w, content, sizeof(content));
        pt_certificate_verify_content(&w, !sides[i].server, pt_slice_of(th, 48));
        ck_assert(pt_failed(pt_bssl_sig_ops.verify(key, cv.scheme, pt_w_slice(&w), cv.signature)));
        pt_bssl_sig_ops.pubkey_free(key);
    }
}
END_TEST

static Suite *certificate_verify_suite(void)
{
    Suite *s = suite_create("certificate_verify");
    TCase *tc = tcase_create("codec");
    tcase_add_test(tc, decodes_rfc8448_certificate_verify);
    tcase_add_test(tc, rejects_malformed_certificate_verify);
    tcase_add_test(tc, certificate_verify_bit_flips);
    tcase_add_test(tc, encodes_hand_built);
    tcase_add_test(tc, verifies_captured_tls12_certificate_verify);
    suite_add_tcase(s, tc);
    tc = tcase_create("content");
    tcase_add_test(tc, content_matches_rfc8446_example);
    tcase_add_test(tc, verifies_captured_tls13_certificate_verify);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(certificate_verify_suite());
}
