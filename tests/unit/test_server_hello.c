/*
 * test_server_hello.c - ServerHello and HelloRetryRequest: the RFC 8448 messages (sections 3, 4
 * and 5) decoded field by field and re-encoded byte for byte, HRR detection by its random,
 * every truncation point, trailing data, bounds, duplicates, HRR's extension rules, the
 * downgrade sentinels, TLS 1.2 forms, and every single-bit flip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgs/server_hello.h"
#include "testlib/pttest.h"
#include "vectors/rfc8448_data.h"

#define MISSING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define TOO_SHORT PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define INVALID PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define TRAILING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TRAILING_DATA)
#define DUPLICATE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define HRR_UNKNOWN PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define HRR_COMPRESSION PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION)

#define HRR_RANDOM_HEX "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"

static uint8_t *load(const char *h, size_t *len, pt_slice *body)
{
    return pt_test_hs_load(h, PT_HS_SERVER_HELLO, len, body);
}

static void assert_reencodes(const pt_server_hello *sh, pt_slice want)
{
    pt_writer w;
    pt_writer_init_growable(&w, 64, 1 << 16);
    pt_server_hello_encode(&w, sh);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, want.len);
    ck_assert_mem_eq(w.base, want.p, want.len);
    pt_writer_free(&w);
}

/* Decode "0303 <random> <rest>" given as hex; the bytes stay alive (for the views in *sh)
 * until the next call. */
static pt_err decode_hex(const char *random, const char *rest, pt_server_hello *sh)
{
    static uint8_t *keep;
    char h[2048];
    size_t len;
    snprintf(h, sizeof(h), "0303 %s %s", random, rest);
    free(keep);
    keep = pt_test_unhex(h, &len);
    return pt_server_hello_decode(pt_slice_of(keep, len), sh);
}

#define SH(rest, want) ck_assert_pt_err(decode_hex(random_hex, (rest), &sh), (want))
#define HRR(rest, want) ck_assert_pt_err(decode_hex(HRR_RANDOM_HEX, (rest), &sh), (want))

static const char random_hex[] = "a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928";

/* ---------------------------------------------------------------- RFC 8448 */

START_TEST(rfc8448_server_hellos)
{
    size_t len;
    pt_slice body, s;
    pt_server_hello sh;
    pt_key_share ks;
    uint16_t v;
    uint8_t *m = load(RFC8448_S3_SH, &len, &body);
    ck_assert_pt_ok(pt_server_hello_decode(body, &sh));
    ck_assert(!sh.is_hrr);
    ck_assert(sh.has_extensions);
    ck_assert_uint_eq(sh.legacy_version, PT_VERSION_TLS12);
    ck_assert_hex_eq(sh.random.p, sh.random.len, random_hex);
    ck_assert_uint_eq(sh.session_id.len, 0);
    ck_assert_uint_eq(sh.cipher_suite, 0x1301);
    ck_assert_uint_eq(sh.compression_method, 0);
    ck_assert_uint_eq(sh.ext.count, 2);
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_KEY_SHARE, &s));
    ck_assert_pt_ok(pt_ext_key_share_sh_decode(s, &ks));
    ck_assert_uint_eq(ks.group, 0x001d);
    ck_assert_hex_eq(ks.key_exchange.p, ks.key_exchange.len,
                     "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f");
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_SUPPORTED_VERSIONS, &s));
    ck_assert_pt_ok(pt_ext_u16_decode(s, &v));
    ck_assert_uint_eq(v, PT_VERSION_TLS13);
    ck_assert_pt_ok(pt_server_hello_check_compression(&sh));
    ck_assert_pt_ok(pt_server_hello_check_tls13_extensions(&sh));
    ck_assert_uint_eq(pt_server_hello_downgrade(&sh), 0);
    assert_reencodes(&sh, body);
    free(m);

    /* Section 4: the server accepts PSK identity 0. */
    m = load(RFC8448_S4_SH, &len, &body);
    ck_assert_pt_ok(pt_server_hello_decode(body, &sh));
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_PRE_SHARED_KEY, &s));
    ck_assert_pt_ok(pt_ext_u16_decode(s, &v));
    ck_assert_uint_eq(v, 0);
    ck_assert_uint_eq(sh.ext.count, 3);
    ck_assert_pt_ok(pt_server_hello_check_tls13_extensions(&sh));
    assert_reencodes(&sh, body);
    free(m);

    /* Section 5: after the HRR, a P-256 share. */
    m = load(RFC8448_S5_SH, &len, &body);
    ck_assert_pt_ok(pt_server_hello_decode(body, &sh));
    ck_assert(!sh.is_hrr);
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_KEY_SHARE, &s));
    ck_assert_pt_ok(pt_ext_key_share_sh_decode(s, &ks));
    ck_assert_uint_eq(ks.group, 0x0017);
    ck_assert_uint_eq(ks.key_exchange.len, 65);
    assert_reencodes(&sh, body);
    free(m);
}
END_TEST

START_TEST(rfc8448_hello_retry_request)
{
    size_t len, ch2_len;
    pt_slice body, s, cookie;
    pt_server_hello sh;
    uint16_t v;
    uint8_t *m = load(RFC8448_S5_HRR, &len, &body);
    ck_assert_pt_ok(pt_server_hello_decode(body, &sh));
    ck_assert(sh.is_hrr);
    ck_assert_mem_eq(sh.random.p, PT_HRR_RANDOM, 32);
    ck_assert_uint_eq(sh.cipher_suite, 0x1301);
    ck_assert_uint_eq(sh.ext.count, 3);
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_KEY_SHARE, &s));
    ck_assert_pt_ok(pt_ext_u16_decode(s, &v));
    ck_assert_uint_eq(v, 0x0017); /* selected_group secp256r1 */
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_SUPPORTED_VERSIONS, &s));
    ck_assert_pt_ok(pt_ext_u16_decode(s, &v));
    ck_assert_uint_eq(v, PT_VERSION_TLS13);
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_COOKIE, &s));
    ck_assert_pt_ok(pt_ext_cookie_decode(s, &cookie));
    ck_assert_uint_eq(cookie.len, 0x72);
    /* The client's second hello echoes the cookie extension verbatim. */
    uint8_t *ch2 = pt_test_unhex(RFC8448_S5_CH2, &ch2_len);
    bool echoed = false;
    for (size_t i = 0; i + s.len + 4 <= ch2_len; i++) {
        echoed = echoed || memcmp(ch2 + i, s.p - 4, s.len + 4) == 0;
    }
    ck_assert(echoed);
    free(ch2);
    assert_reencodes(&sh, body);

    /* Encoding with is_hrr forces the special random and null compression. */
    pt_server_hello built = sh;
    uint8_t junk[32];
    memset(junk, 0xee, sizeof(junk));
    built.random = pt_slice_of(junk, sizeof(junk));
    built.compression_method = 7;
    assert_reencodes(&built, body);
    free(m);
}
END_TEST


/* The server's way to build them: RFC 8448 3's ServerHello and 5's HelloRetryRequest from the
 * extension encoders, byte for byte. */
START_TEST(build_rfc8448_server_hellos_from_parts)
{
    size_t len;
    pt_slice body;
    uint8_t ext_buf[256];
    pt_writer ew, w;
    uint8_t out[512];

    uint8_t *m = load(RFC8448_S3_SH, &len, &body);
    size_t klen;
    uint8_t *key = pt_test_unhex("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f", &klen);
    const pt_key_share share = {0x001d, pt_slice_of(key, klen)};
    pt_writer_init_fixed(&ew, ext_buf, sizeof(ext_buf));
    pt_ext_key_share_sh_encode(&ew, &share);
    pt_ext_supported_versions_sh_encode(&ew, PT_VERSION_TLS13);
    ck_assert_pt_ok(pt_w_finish(&ew));
    pt_server_hello sh;
    memset(&sh, 0, sizeof(sh));
    sh.legacy_version = PT_VERSION_TLS12;
    sh.random = pt_slice_of(body.p + 2, 32);
    sh.cipher_suite = 0x1301;
    sh.has_extensions = true;
    sh.ext.raw = pt_w_slice(&ew);
    pt_writer_init_fixed(&w, out, sizeof(out));
    pt_wvec v = pt_hs_open(&w, PT_HS_SERVER_HELLO);
    pt_server_hello_encode(&w, &sh);
    pt_w_close_vec(&w, v);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, len);
    ck_assert_mem_eq(out, m, len);
    free(key);
    free(m);

    m = load(RFC8448_S5_HRR, &len, &body);
    pt_server_hello hrr;
    ck_assert_pt_ok(pt_server_hello_decode(body, &hrr));
    pt_slice cookie_body, cookie;
    ck_assert(pt_ext_get(&hrr.ext, PT_EXT_COOKIE, &cookie_body));
    ck_assert_pt_ok(pt_ext_cookie_decode(cookie_body, &cookie));
    pt_writer_init_fixed(&ew, ext_buf, sizeof(ext_buf));
    pt_ext_key_share_hrr_encode(&ew, 0x0017);
    pt_ext_cookie_encode(&ew, cookie);
    pt_ext_supported_versions_sh_encode(&ew, PT_VERSION_TLS13);
    ck_assert_pt_ok(pt_w_finish(&ew));
    memset(&sh, 0, sizeof(sh));
    sh.legacy_version = PT_VERSION_TLS12;
    sh.cipher_suite = 0x1301;
    sh.is_hrr = true;
    sh.ext.raw = pt_w_slice(&ew);
    pt_writer_init_fixed(&w, out, sizeof(out));
    v = pt_hs_open(&w, PT_HS_SERVER_HELLO);
    pt_server_hello_encode(&w, &sh);
    pt_w_close_vec(&w, v);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, len);
    ck_assert_mem_eq(out, m, len);
    free(m);
}
END_TEST

/* ---------------------------------------------------------------- truncation, trailing data */

static pt_err expected_truncation(pt_slice b, size_t n, bool hrr)
{
    size_t sid = b.p[34];
    size_t comp = 37 + sid, exts = 38 + sid;
    if (n <= comp) {
        return MISSING; /* version, random, session id, suite, compression method */
    }
    if (n == exts) {
        return hrr ? MISSING : PT_OK; /* a TLS 1.2 ServerHello may end here; an HRR may not */
    }
    if (n == exts + 1) {
        return MISSING;
    }
    return TOO_SHORT;
}

START_TEST(every_truncation_point)
{
    const char *const msgs[] = {RFC8448_S3_SH, RFC8448_S4_SH, RFC8448_S5_HRR, RFC8448_S5_SH};
    for (size_t i = 0; i < PT_ARRAY_LEN(msgs); i++) {
        size_t len;
        pt_slice body;
        uint8_t *m = load(msgs[i], &len, &body);
        bool hrr = memcmp(body.p + 2, PT_HRR_RANDOM, 32) == 0;
        ck_assert(hrr == (i == 2));
        for (size_t n = 0; n < body.len; n++) {
            pt_server_hello sh;
            pt_err got = pt_server_hello_decode(pt_slice_of(body.p, n), &sh);
            pt_err want = expected_truncation(body, n, hrr);
            ck_assert_msg(got.v == want.v, "message %zu cut at %zu: got %u/%d want %u/%d", i, n,
                          (unsigned)pt_err_result(got), pt_err_alert(got), (unsigned)pt_err_result(want),
                          pt_err_alert(want));
            if (pt_ok(got)) {
                ck_assert(!sh.has_extensions);
                assert_reencodes(&sh, pt_slice_of(body.p, n));
            }
        }
        uint8_t *big = malloc(body.len + 1);
        memcpy(big, body.p, body.len);
        big[body.len] = 0;
        pt_server_hello sh;
        ck_assert_pt_err(pt_server_hello_decode(pt_slice_of(big, body.len + 1), &sh), TRAILING);
        free(big);
        free(m);
    }
}
END_TEST

START_TEST(bounds_and_trailing_inside)
{
    pt_server_hello sh;
    char rest[256];
    snprintf(rest, sizeof(rest), "20 %064d 1301 00 0000", 0);
    SH(rest, PT_OK);
    ck_assert_uint_eq(sh.session_id.len, 32);
    snprintf(rest, sizeof(rest), "21 %066d 1301 00 0000", 0);
    SH(rest, TRAILING); /* rustls's SessionId: longer than 32 is "trailing data" */
    HRR(rest, TRAILING);
    SH("00 1301 00 0006 002b 0002 03", TOO_SHORT);
    SH("00 1301 00 0007 002b 0003 030400", TRAILING);
    SH("00 1301 00 0008 0033 0004 001d 0002", TOO_SHORT);
    SH("00 1301 00 0008 0033 0004 001d 0000", INVALID);
    SH("00 1301 00 000a 0033 0006 001d 0001 01 ff", TRAILING);
    SH("00 1301 00 0007 0029 0003 000000", TRAILING);
    HRR("00 1301 00 0007 0033 0003 001700", TRAILING);
    HRR("00 1301 00 0006 002c 0002 0000", INVALID);
}
END_TEST

/* ---------------------------------------------------------------- rules */

START_TEST(compression_method_rules)
{
    pt_server_hello sh;
    /* HRR: rustls's decoder refuses a non-null method. */
    HRR("00 1301 01 0006 002b 0002 0304", HRR_COMPRESSION);
    /* ServerHello: it decodes; the client refuses it (SelectedUnofferedCompression). */
    SH("00 1301 01 0006 002b 0002 0304", PT_OK);
    ck_assert_uint_eq(sh.compression_method, 1);
    ck_assert_pt_err(pt_server_hello_check_compression(&sh),
                     PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
}
END_TEST

START_TEST(extension_rules)
{
    pt_server_hello sh;
    /* Duplicates, in both. */
    SH("00 1301 00 000c 002b 0002 0304 002b 0002 0304", DUPLICATE);
    HRR("00 1301 00 000c 0033 0002 0017 0033 0002 0017", DUPLICATE);
    /* HRR: only key_share, cookie, supported_versions (rustls: UnknownHelloRetryRequestExtension). */
    HRR("00 1301 00 0004 0000 0000", HRR_UNKNOWN);
    HRR("00 1301 00 000a 002b 0002 0304 1234 0000", HRR_UNKNOWN);
    HRR("00 1301 00 0000", PT_OK);
    ck_assert(sh.is_hrr);
    /* ServerHello: unknown ones are kept for the client's "unsolicited" check. */
    SH("00 1301 00 000a 002b 0002 0304 1234 0000", PT_OK);
    ck_assert_uint_eq(sh.ext.unknown, 1);
    ck_assert_pt_ok(pt_server_hello_check_tls13_extensions(&sh));
    pt_ext_iter it;
    uint16_t type;
    pt_slice body;
    pt_ext_iter_init(&it, &sh.ext);
    ck_assert(pt_ext_iter_next(&it, &type, &body));
    ck_assert(pt_ext_iter_next(&it, &type, &body));
    ck_assert_uint_eq(type, 0x1234);
    ck_assert(!pt_ext_iter_next(&it, &type, &body));
    /* A TLS 1.3 ServerHello with server_name (UnexpectedCleartextExtension). */
    SH("00 1301 00 000a 002b 0002 0304 0000 0000", PT_OK);
    ck_assert_pt_err(pt_server_hello_check_tls13_extensions(&sh),
                     PT_ERR(UNSUPPORTED_EXTENSION, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
}
END_TEST

START_TEST(tls12_server_hello)
{
    pt_server_hello sh;
    pt_slice s, proto;
    /* renegotiation_info (empty), extended_master_secret, ec_point_formats [0], ALPN "h2",
     * session_ticket and server_name acknowledgements. */
    SH("20 0000000000000000000000000000000000000000000000000000000000000001 c02f 00 "
       "0020 ff01 0001 00 0017 0000 000b 0002 0100 0010 0005 0003026832 0023 0000 0000 0000",
       PT_OK);
    ck_assert_uint_eq(sh.cipher_suite, 0xc02f);
    ck_assert_uint_eq(sh.ext.count, 6);
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_RENEGOTIATION_INFO, &s));
    ck_assert_pt_ok(pt_ext_renegotiation_info_check_initial(s));
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_ALPN, &s));
    ck_assert_pt_ok(pt_ext_alpn_single_decode(s, &proto));
    ck_assert_mem_eq(proto.p, "h2", 2);
    ck_assert(pt_ext_get(&sh.ext, PT_EXT_EC_POINT_FORMATS, &s));
    ck_assert_pt_ok(pt_ext_u8_list_decode(s, &s));
    ck_assert(pt_ext_ec_point_formats_ok(s));
    /* Acknowledgements carry nothing; ALPN carries exactly one name. */
    SH("00 c02f 00 0005 0017 0001 00", TRAILING);
    SH("00 c02f 00 0005 0005 0001 00", TRAILING);
    SH("00 c02f 00 000c 0010 0008 0006 026832 026833", TRAILING);
    SH("00 c02f 00 0005 000b 0001 00", INVALID);
    /* Without any extensions at all. */
    SH("00 c02f 00", PT_OK);
    ck_assert(!sh.has_extensions);
}
END_TEST

START_TEST(downgrade_sentinels)
{
    uint8_t random[32];
    memset(random, 0x5a, sizeof(random));
    pt_server_hello sh;
    memset(&sh, 0, sizeof(sh));
    sh.random = pt_slice_of(random, 32);
    ck_assert_uint_eq(pt_server_hello_downgrade(&sh), 0);
    /* RFC 8446 4.1.3: 44 4F 57 4E 47 52 44 01 / ... 00. */
    pt_server_random_set_downgrade(random, PT_VERSION_TLS12);
    ck_assert_hex_eq(random + 24, 8, "444f574e47524401");
    ck_assert_uint_eq(pt_server_hello_downgrade(&sh), PT_VERSION_TLS12);
    pt_server_random_set_downgrade(random, PT_VERSION_TLS11);
    ck_assert_hex_eq(random + 24, 8, "444f574e47524400");
    ck_assert_uint_eq(pt_server_hello_downgrade(&sh), PT_VERSION_TLS11);
    ck_assert_uint_eq(random[23], 0x5a);
    /* Only the last 8 bytes count. */
    random[31] = 0x02;
    ck_assert_uint_eq(pt_server_hello_downgrade(&sh), 0);
    /* And it is seen in a decoded hello. */
    char rnd[65];
    for (size_t i = 0; i < 24; i++) {
        memcpy(rnd + 2 * i, "5a", 2);
    }
    strcpy(rnd + 48, "444f574e47524401");
    ck_assert_pt_ok(decode_hex(rnd, "00 c02f 00", &sh));
    ck_assert_uint_eq(pt_server_hello_downgrade(&sh), PT_VERSION_TLS12);
}
END_TEST

/* Decode one flipped ServerHello or HelloRetryRequest: it re-encodes to exactly the flipped
 * bytes, or fails with an error this message may give. */
static bool flip_check(void *ctx, pt_slice f, size_t bit)
{
    (void)ctx;
    pt_server_hello sh;
    pt_err e = pt_server_hello_decode(f, &sh);
    if (pt_ok(e)) {
        assert_reencodes(&sh, f);
        return true;
    }
    int alert = pt_err_alert(e);
    unsigned r = (unsigned)pt_err_result(e);
    ck_assert_msg(alert == PT_ALERT_DECODE_ERROR || alert == PT_ALERT_ILLEGAL_PARAMETER ||
                      alert == PT_ALERT_UNSUPPORTED_EXTENSION,
                  "bit %zu: alert %d", bit, alert);
    ck_assert_msg(r == RUSTLS_RESULT_MESSAGE_MISSING_DATA || r == RUSTLS_RESULT_MESSAGE_TOO_SHORT ||
                      r == RUSTLS_RESULT_MESSAGE_INVALID_OTHER ||
                      r == RUSTLS_RESULT_MESSAGE_TRAILING_DATA ||
                      r == RUSTLS_RESULT_MESSAGE_UNSUPPORTED_COMPRESSION,
                  "bit %zu: result %u", bit, r);
    return false;
}

START_TEST(bit_flips_never_crash)
{
    const char *const msgs[] = {RFC8448_S3_SH, RFC8448_S5_HRR};
    for (size_t i = 0; i < PT_ARRAY_LEN(msgs); i++) {
        size_t len;
        pt_slice body;
        uint8_t *m = load(msgs[i], &len, &body);
        size_t ok = pt_test_bit_flips(body, flip_check, NULL);
        /* Both outcomes happen: flips in random/keys decode, flips in lengths do not. */
        ck_assert_uint_gt(ok, 0);
        ck_assert_uint_lt(ok, body.len * 8);
        free(m);
    }
}
END_TEST

static Suite *server_hello_suite(void)
{
    Suite *s = suite_create("server_hello");
    TCase *tc = tcase_create("rfc8448");
    tcase_add_test(tc, rfc8448_server_hellos);
    tcase_add_test(tc, rfc8448_hello_retry_request);
    tcase_add_test(tc, build_rfc8448_server_hellos_from_parts);
    suite_add_tcase(s, tc);

    tc = tcase_create("rules");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_truncation_point);
    tcase_add_test(tc, bounds_and_trailing_inside);
    tcase_add_test(tc, compression_method_rules);
    tcase_add_test(tc, extension_rules);
    tcase_add_test(tc, tls12_server_hello);
    tcase_add_test(tc, downgrade_sentinels);
    tcase_add_test(tc, bit_flips_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(server_hello_suite());
}
