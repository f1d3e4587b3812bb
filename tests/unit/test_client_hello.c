/*
 * test_client_hello.c - ClientHello: the RFC 8448 hellos (sections 3, 4 and 5) decoded field by
 * field and re-encoded byte for byte, the PSK binder offset and in-place patching, every
 * truncation point, each RFC bound, duplicates, pre_shared_key placement, the no-extensions
 * form, and every single-bit flip of two real hellos.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgs/client_hello.h"
#include "testlib/pttest.h"
#include "vectors/rfc8448_data.h"

#define MISSING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_MISSING_DATA)
#define TOO_SHORT PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TOO_SHORT)
#define INVALID PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define TRAILING PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_TRAILING_DATA)
#define NO_SCHEMES PT_ERR(DECODE_ERROR, RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES)
#define DUPLICATE PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)
#define PSK_NOT_LAST PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_MESSAGE_INVALID_OTHER)

/* A whole handshake message in hex; *body is after the 4-byte header. */
static uint8_t *load(const char *h, size_t *len, pt_slice *body)
{
    return pt_test_hs_load(h, PT_HS_CLIENT_HELLO, len, body);
}

/* Encode `ch` (no extra PSK) and compare with `want`. */
static void assert_reencodes(const pt_client_hello *ch, pt_slice want)
{
    pt_writer w;
    pt_writer_init_growable(&w, 64, 1 << 16);
    pt_client_hello_encode(&w, ch, NULL, NULL);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, want.len);
    ck_assert_mem_eq(w.base, want.p, want.len);
    pt_writer_free(&w);
}

/* A ClientHello body: zero random, then the given hex fields; `exts` NULL for none. */
static uint8_t *build(const char *sid, const char *suites, const char *comp, const char *exts, pt_slice *out)
{
    char h[4096];
    snprintf(h, sizeof(h), "0303 %064d %s %s %s %s", 0, sid, suites, comp, exts != NULL ? exts : "");
    size_t len;
    uint8_t *b = pt_test_unhex(h, &len);
    *out = pt_slice_of(b, len);
    return b;
}

/* Decode a built hello; its bytes stay alive (for the views in *ch) until the next call. */
static pt_err decode_built(const char *sid, const char *suites, const char *comp, const char *exts,
                           pt_client_hello *ch)
{
    static uint8_t *keep;
    pt_slice body;
    free(keep);
    keep = build(sid, suites, comp, exts, &body);
    return pt_client_hello_decode(body, ch);
}

#define EXTS(e) decode_built("00", "0002 1301", "01 00", (e), &ch)

/* ---------------------------------------------------------------- RFC 8448 */

START_TEST(rfc8448_simple_handshake_fields)
{
    size_t len;
    pt_slice body, s;
    uint8_t *m = load(RFC8448_S3_CH, &len, &body);
    pt_client_hello ch;
    ck_assert_pt_ok(pt_client_hello_decode(body, &ch));

    ck_assert_uint_eq(ch.legacy_version, PT_VERSION_TLS12);
    ck_assert_hex_eq(ch.random.p, ch.random.len, "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7");
    ck_assert_uint_eq(ch.session_id.len, 0);
    ck_assert_uint_eq(ch.cipher_suites.count, 3);
    ck_assert_uint_eq(pt_u16_list_at(&ch.cipher_suites, 0), 0x1301);
    ck_assert_uint_eq(pt_u16_list_at(&ch.cipher_suites, 1), 0x1303);
    ck_assert_uint_eq(pt_u16_list_at(&ch.cipher_suites, 2), 0x1302);
    ck_assert(!pt_client_hello_offers_suite(&ch, PT_TLS_FALLBACK_SCSV));
    ck_assert_hex_eq(ch.compression_methods.p, ch.compression_methods.len, "00");
    ck_assert_pt_ok(pt_client_hello_check_compression(&ch, true));
    ck_assert(ch.has_extensions);
    ck_assert_uint_eq(ch.binders_at, 0);

    /* server_name, renegotiation_info, supported_groups, session_ticket, key_share,
     * supported_versions, signature_algorithms, psk_key_exchange_modes, record_size_limit. */
    ck_assert_uint_eq(ch.ext.count, 9);
    ck_assert_uint_eq(ch.ext.unknown, 0);
    ck_assert_uint_eq(ch.ext.last_type, PT_EXT_RECORD_SIZE_LIMIT);
    bool found;
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_SERVER_NAME, &s));
    ck_assert_pt_ok(pt_ext_server_name_decode(s, &found, &s));
    ck_assert(found);
    ck_assert_mem_eq(s.p, "server", 6);
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_RENEGOTIATION_INFO, &s));
    ck_assert_pt_ok(pt_ext_renegotiation_info_check_initial(s));
    pt_u16_list l;
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_SUPPORTED_GROUPS, &s));
    ck_assert_pt_ok(pt_ext_supported_groups_decode(s, &l));
    ck_assert_uint_eq(l.count, 9);
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_SESSION_TICKET, &s));
    ck_assert_uint_eq(s.len, 0);
    pt_key_share_list ks;
    pt_key_share_iter it;
    pt_key_share k;
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_KEY_SHARE, &s));
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(s, &ks));
    pt_key_share_iter_init(&it, &ks);
    ck_assert(pt_key_share_iter_next(&it, &k));
    ck_assert_uint_eq(k.group, 0x001d);
    ck_assert_hex_eq(k.key_exchange.p, k.key_exchange.len,
                     "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c");
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_SUPPORTED_VERSIONS, &s));
    ck_assert_pt_ok(pt_ext_supported_versions_ch_decode(s, &l));
    ck_assert_uint_eq(l.count, 1);
    ck_assert_uint_eq(pt_u16_list_at(&l, 0), PT_VERSION_TLS13);
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_SIGNATURE_ALGORITHMS, &s));
    ck_assert_pt_ok(pt_ext_signature_algorithms_decode(s, &l));
    ck_assert_uint_eq(l.count, 15);
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_PSK_KEY_EXCHANGE_MODES, &s));
    ck_assert_pt_ok(pt_ext_u8_list_decode(s, &s));
    ck_assert_hex_eq(s.p, s.len, "01");
    uint16_t limit;
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_RECORD_SIZE_LIMIT, &s));
    ck_assert_pt_ok(pt_ext_record_size_limit_decode(s, &limit));
    ck_assert_uint_eq(limit, 0x4001);
    ck_assert(!pt_ext_has(&ch.ext, PT_EXT_PRE_SHARED_KEY));
    ck_assert(!pt_ext_has(&ch.ext, PT_EXT_EARLY_DATA));

    assert_reencodes(&ch, body);
    free(m);
}
END_TEST

START_TEST(rfc8448_resumption_psk_and_binders)
{
    size_t len;
    pt_slice body, s;
    uint8_t *m = load(RFC8448_S4_CH, &len, &body);
    pt_client_hello ch;
    ck_assert_pt_ok(pt_client_hello_decode(body, &ch));
    ck_assert_hex_eq(ch.random.p, ch.random.len, "1bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95");
    ck_assert(pt_ext_has(&ch.ext, PT_EXT_EARLY_DATA));
    ck_assert(pt_ext_has(&ch.ext, PT_EXT_PADDING));
    ck_assert_uint_eq(ch.ext.last_type, PT_EXT_PRE_SHARED_KEY);
    /* RFC 8448 4: the binder is computed over the first 477 octets of the message. */
    ck_assert_uint_eq(4 + ch.binders_at, RFC8448_S4_CH_TRUNCATED_LEN);
    ck_assert_uint_eq(m[4 + ch.binders_at], 0x00);
    ck_assert_uint_eq(m[4 + ch.binders_at + 1], 0x21);

    pt_psk_offer o;
    ck_assert(pt_ext_get(&ch.ext, PT_EXT_PRE_SHARED_KEY, &s));
    ck_assert_pt_ok(pt_ext_psk_offer_decode(s, &o));
    pt_psk_identity_iter ii;
    pt_psk_identity id;
    pt_psk_identity_iter_init(&ii, &o);
    ck_assert(pt_psk_identity_iter_next(&ii, &id));
    ck_assert_uint_eq(id.obfuscated_ticket_age, 0xfad6aacbU);
    /* The identity is the ticket of RFC 8448 3's NewSessionTicket (its bytes 22..200). */
    size_t nst_len;
    uint8_t *nst = pt_test_unhex(RFC8448_S3_NST, &nst_len);
    ck_assert_uint_eq(id.identity.len, 0xb2);
    ck_assert_mem_eq(id.identity.p, nst + 4 + 4 + 4 + 1 + 2 + 2, 0xb2);
    free(nst);
    assert_reencodes(&ch, body);

    /* Our client's path: the same hello without pre_shared_key, encoded with a placeholder
     * offer, then patched with the RFC binder - the RFC message, byte for byte. */
    pt_client_hello nopsk = ch;
    size_t psk_ext_len = 4 + s.len;
    nopsk.ext.raw.len -= psk_ext_len;
    pt_writer w;
    pt_writer_init_growable(&w, 64, 1 << 16);
    pt_wvec v = pt_hs_open(&w, PT_HS_CLIENT_HELLO);
    const uint8_t lens[] = {32};
    pt_client_hello_psk psk = {&id, lens, 1};
    size_t binders_at = 0;
    pt_client_hello_encode(&w, &nopsk, &psk, &binders_at);
    pt_w_close_vec(&w, v);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, len);
    ck_assert_uint_eq(binders_at, RFC8448_S4_CH_TRUNCATED_LEN);
    ck_assert_mem_eq(w.base, m, binders_at); /* the transcript the binder is computed over */
    size_t blen;
    uint8_t *binder = pt_test_unhex(RFC8448_S4_BINDER, &blen);
    pt_slice bs = pt_slice_of(binder, blen);
    ck_assert_pt_ok(pt_psk_patch_binders(w.base, w.off, binders_at, &bs, 1));
    ck_assert_mem_eq(w.base, m, len);
    free(binder);
    pt_writer_free(&w);
    free(m);
}
END_TEST

START_TEST(rfc8448_hello_retry_request_hellos)
{
    size_t len1, len2;
    pt_slice b1, b2, s;
    uint8_t *m1 = load(RFC8448_S5_CH1, &len1, &b1);
    uint8_t *m2 = load(RFC8448_S5_CH2, &len2, &b2);
    pt_client_hello ch1, ch2;
    ck_assert_pt_ok(pt_client_hello_decode(b1, &ch1));
    ck_assert_pt_ok(pt_client_hello_decode(b2, &ch2));
    /* The second hello repeats random and suites, answers with a P-256 share and echoes the cookie. */
    ck_assert_mem_eq(ch1.random.p, ch2.random.p, 32);
    ck_assert(!pt_ext_has(&ch1.ext, PT_EXT_COOKIE));
    ck_assert(pt_ext_get(&ch2.ext, PT_EXT_COOKIE, &s));
    pt_slice cookie;
    ck_assert_pt_ok(pt_ext_cookie_decode(s, &cookie));
    ck_assert_uint_eq(cookie.len, 0x72);
    ck_assert_hex_eq(cookie.p, 4, "71dcd04b");
    pt_key_share_list ks;
    pt_key_share_iter it;
    pt_key_share k;
    ck_assert(pt_ext_get(&ch2.ext, PT_EXT_KEY_SHARE, &s));
    ck_assert_pt_ok(pt_ext_key_share_ch_decode(s, &ks));
    pt_key_share_iter_init(&it, &ks);
    ck_assert(pt_key_share_iter_next(&it, &k));
    ck_assert_uint_eq(k.group, 0x0017);
    ck_assert_uint_eq(k.key_exchange.len, 65);
    ck_assert_uint_eq(k.key_exchange.p[0], 0x04);
    ck_assert(pt_ext_get(&ch1.ext, PT_EXT_SUPPORTED_GROUPS, &s));
    pt_u16_list l;
    ck_assert_pt_ok(pt_ext_supported_groups_decode(s, &l));
    ck_assert_uint_eq(l.count, 3);
    assert_reencodes(&ch1, b1);
    assert_reencodes(&ch2, b2);
    free(m1);
    free(m2);
}
END_TEST


/* Our client's way to build a hello: the extensions from the per-extension encoders into a
 * scratch writer, then the hello around them.  RFC 8448 3's ClientHello, byte for byte. */
START_TEST(build_rfc8448_client_hello_from_parts)
{
    size_t len;
    pt_slice body;
    uint8_t *m = load(RFC8448_S3_CH, &len, &body);
    static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104};
    static const uint16_t schemes[] = {0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401,
                                       0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202};
    static const uint16_t versions[] = {PT_VERSION_TLS13};
    static const uint8_t modes[] = {PT_PSK_DHE_KE};
    size_t klen;
    uint8_t *key = pt_test_unhex("99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c", &klen);
    const pt_key_share share = {0x001d, pt_slice_of(key, klen)};

    pt_writer ew;
    pt_writer_init_growable(&ew, 64, 1 << 16);
    pt_ext_server_name_encode(&ew, pt_slice_of("server", 6));
    pt_ext_renegotiation_info_encode_initial(&ew);
    pt_ext_supported_groups_encode(&ew, groups, PT_ARRAY_LEN(groups));
    pt_ext_encode_empty(&ew, PT_EXT_SESSION_TICKET);
    pt_ext_key_share_ch_encode(&ew, &share, 1);
    pt_ext_supported_versions_ch_encode(&ew, versions, 1);
    pt_ext_signature_algorithms_encode(&ew, PT_EXT_SIGNATURE_ALGORITHMS, schemes, PT_ARRAY_LEN(schemes));
    pt_ext_u8_list_encode(&ew, PT_EXT_PSK_KEY_EXCHANGE_MODES, modes, 1);
    pt_ext_u16_encode(&ew, PT_EXT_RECORD_SIZE_LIMIT, 0x4001);
    ck_assert_pt_ok(pt_w_finish(&ew));

    size_t rlen;
    uint8_t *random = pt_test_unhex("cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7", &rlen);
    static const uint8_t suites[] = {0x13, 0x01, 0x13, 0x03, 0x13, 0x02};
    pt_client_hello ch;
    memset(&ch, 0, sizeof(ch));
    ch.legacy_version = PT_VERSION_TLS12;
    ch.random = pt_slice_of(random, rlen);
    ch.cipher_suites.raw = pt_slice_of(suites, sizeof(suites));
    ch.cipher_suites.count = 3;
    ch.compression_methods = pt_slice_of("\0", 1);
    ch.has_extensions = true;
    ch.ext.raw = pt_w_slice(&ew);

    pt_writer w;
    pt_writer_init_growable(&w, 64, 1 << 16);
    pt_wvec v = pt_hs_open(&w, PT_HS_CLIENT_HELLO);
    pt_client_hello_encode(&w, &ch, NULL, NULL);
    pt_w_close_vec(&w, v);
    ck_assert_pt_ok(pt_w_finish(&w));
    ck_assert_uint_eq(w.off, len);
    ck_assert_mem_eq(w.base, m, len);
    pt_writer_free(&w);
    pt_writer_free(&ew);
    free(random);
    free(key);
    free(m);
}
END_TEST

/* ---------------------------------------------------------------- truncation and trailing data */

/* The error rustls reports for the first n bytes of a ClientHello body `b`. */
static pt_err expected_truncation(pt_slice b, size_t n)
{
    size_t sid = b.p[34];
    size_t a = 35 + sid; /* cipher_suites length */
    size_t suites = ((size_t)b.p[a] << 8) | b.p[a + 1];
    size_t c = a + 2 + suites; /* compression_methods length */
    size_t comp = b.p[c];
    size_t e = c + 1 + comp; /* extensions length */
    if (n < a) {
        return MISSING; /* version, random, session id */
    }
    if (n < a + 2) {
        return MISSING;
    }
    if (n < c) {
        return TOO_SHORT;
    }
    if (n == c) {
        return MISSING;
    }
    if (n < e) {
        return TOO_SHORT;
    }
    if (n == e) {
        return PT_OK; /* a hello without extensions (RFC 5246 7.4.1.2) */
    }
    if (n == e + 1) {
        return MISSING;
    }
    return TOO_SHORT;
}

START_TEST(every_truncation_point)
{
    const char *const msgs[] = {RFC8448_S3_CH, RFC8448_S4_CH, RFC8448_S5_CH1, RFC8448_S5_CH2};
    for (size_t i = 0; i < PT_ARRAY_LEN(msgs); i++) {
        size_t len;
        pt_slice body;
        uint8_t *m = load(msgs[i], &len, &body);
        for (size_t n = 0; n < body.len; n++) {
            pt_client_hello ch;
            pt_err got = pt_client_hello_decode(pt_slice_of(body.p, n), &ch);
            pt_err want = expected_truncation(body, n);
            ck_assert_msg(got.v == want.v, "hello %zu cut at %zu: got %u/%d want %u/%d", i, n,
                          (unsigned)pt_err_result(got), pt_err_alert(got), (unsigned)pt_err_result(want),
                          pt_err_alert(want));
            if (pt_ok(got)) {
                ck_assert(!ch.has_extensions);
            }
        }
        free(m);
    }
}
END_TEST

START_TEST(trailing_data_after_and_inside)
{
    size_t len;
    pt_slice body;
    uint8_t *m = load(RFC8448_S3_CH, &len, &body);
    uint8_t *big = malloc(body.len + 1);
    memcpy(big, body.p, body.len);
    big[body.len] = 0;
    pt_client_hello ch;
    ck_assert_pt_err(pt_client_hello_decode(pt_slice_of(big, body.len + 1), &ch), TRAILING);
    free(big);
    free(m);

    /* Inside the extension block: one stray byte after the last extension (an incomplete
     * extension header), and inside extension bodies. */
    ck_assert_pt_err(EXTS("0005 0017 0000 00"), MISSING);
    ck_assert_pt_err(EXTS("0007 002b 0003 020304 ff"), TRAILING);
    ck_assert_pt_err(EXTS("0008 002b 0004 020304 ff"), TRAILING);
    ck_assert_pt_err(EXTS("0006 0017 0002 0000"), TRAILING);
    ck_assert_pt_err(EXTS("0005 002a 0001 00"), TRAILING);
}
END_TEST

/* ---------------------------------------------------------------- bounds */

START_TEST(session_id_bounds)
{
    pt_client_hello ch;
    char sid[80];
    snprintf(sid, sizeof(sid), "20 %064d", 0);
    ck_assert_pt_ok(decode_built(sid, "0002 1301", "01 00", NULL, &ch));
    ck_assert_uint_eq(ch.session_id.len, 32);
    /* 33 bytes: rustls's SessionId reports it as trailing data. */
    snprintf(sid, sizeof(sid), "21 %066d", 0);
    ck_assert_pt_err(decode_built(sid, "0002 1301", "01 00", NULL, &ch), TRAILING);
    ck_assert_pt_err(decode_built("05 0000", "", "", NULL, &ch), MISSING);
}
END_TEST

START_TEST(cipher_suite_bounds_and_scsv)
{
    pt_client_hello ch;
    ck_assert_pt_err(decode_built("00", "0000", "01 00", NULL, &ch), INVALID);
    ck_assert_pt_err(decode_built("00", "0003 130113", "01 00", NULL, &ch), MISSING);
    ck_assert_pt_err(decode_built("00", "0008 1301", "01 00", NULL, &ch), TOO_SHORT);
    ck_assert_pt_ok(decode_built("00", "0006 1301 00ff 5600", "01 00", NULL, &ch));
    ck_assert(pt_client_hello_offers_suite(&ch, PT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
    ck_assert(pt_client_hello_offers_suite(&ch, PT_TLS_FALLBACK_SCSV));
    ck_assert(pt_client_hello_offers_suite(&ch, 0x1301));
    ck_assert(!pt_client_hello_offers_suite(&ch, 0x1302));
}
END_TEST

START_TEST(compression_methods)
{
    pt_client_hello ch;
    ck_assert_pt_err(decode_built("00", "0002 1301", "00", NULL, &ch), INVALID);
    ck_assert_pt_err(decode_built("00", "0002 1301", "02 00", NULL, &ch), TOO_SHORT);
    /* [1]: rustls's server, NullCompressionRequired. */
    ck_assert_pt_ok(decode_built("00", "0002 1301", "01 01", NULL, &ch));
    ck_assert_pt_err(pt_client_hello_check_compression(&ch, false),
                     PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    ck_assert_pt_err(pt_client_hello_check_compression(&ch, true),
                     PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_INCOMPATIBLE_ERROR));
    /* [1, 0]: fine for TLS 1.2; TLS 1.3 wants exactly [0] (OfferedIncorrectCompressions). */
    ck_assert_pt_ok(decode_built("00", "0002 1301", "02 0100", NULL, &ch));
    ck_assert_pt_ok(pt_client_hello_check_compression(&ch, false));
    ck_assert_pt_err(pt_client_hello_check_compression(&ch, true),
                     PT_ERR(ILLEGAL_PARAMETER, RUSTLS_RESULT_PEER_MISBEHAVED_ERROR));
}
END_TEST

START_TEST(without_extensions_and_with_an_empty_block)
{
    pt_client_hello ch;
    pt_slice body;
    uint8_t *b = build("00", "0002 c02f", "01 00", NULL, &body);
    ck_assert_pt_ok(pt_client_hello_decode(body, &ch));
    ck_assert(!ch.has_extensions);
    ck_assert_uint_eq(ch.ext.count, 0);
    assert_reencodes(&ch, body);
    free(b);
    b = build("00", "0002 c02f", "01 00", "0000", &body);
    ck_assert_pt_ok(pt_client_hello_decode(body, &ch));
    ck_assert(ch.has_extensions);
    ck_assert_uint_eq(ch.ext.count, 0);
    assert_reencodes(&ch, body);
    free(b);
}
END_TEST

/* ---------------------------------------------------------------- extension rules */

START_TEST(duplicates_and_psk_position)
{
    pt_client_hello ch;
    static const char psk[] = "0029 002d 0008 0002 6964 00000000 0021 20"
                              "0000000000000000000000000000000000000000000000000000000000000000";
    char h[512];
    ck_assert_pt_err(EXTS("0012 002b 0003 020304 0017 0000 002b 0003 020304"), DUPLICATE);
    ck_assert_pt_err(EXTS("000a 7777 0001 00 7777 0001 00"), DUPLICATE);
    snprintf(h, sizeof(h), "0035 %s 0017 0000", psk);
    ck_assert_pt_err(EXTS(h), PSK_NOT_LAST);
    snprintf(h, sizeof(h), "0035 0017 0000 %s", psk);
    ck_assert_pt_ok(EXTS(h));
    ck_assert_uint_eq(ch.binders_at, 2 + 32 + 1 + (2 + 2) + (1 + 1) + 2 + 4 + 4 + (2 + 8));
    /* Malformed bodies surface with their own errors. */
    ck_assert_pt_err(EXTS("0006 000d 0002 0000"), NO_SCHEMES);
    ck_assert_pt_err(EXTS("0005 002b 0001 00"), INVALID);
    /* Unknown ones are ignored. */
    ck_assert_pt_ok(EXTS("000a 7777 0001 00 7778 0001 00"));
    ck_assert_uint_eq(ch.ext.unknown, 2);
}
END_TEST

/* Decode one flipped ClientHello: it re-encodes to exactly the flipped bytes, or fails with an
 * error this message may give. */
static bool flip_check(void *ctx, pt_slice f, size_t bit)
{
    (void)ctx;
    pt_client_hello ch;
    pt_err e = pt_client_hello_decode(f, &ch);
    if (pt_ok(e)) {
        assert_reencodes(&ch, f);
        return true;
    }
    int alert = pt_err_alert(e);
    unsigned r = (unsigned)pt_err_result(e);
    ck_assert_msg(alert == PT_ALERT_DECODE_ERROR || alert == PT_ALERT_ILLEGAL_PARAMETER,
                  "bit %zu: alert %d", bit, alert);
    ck_assert_msg(r == RUSTLS_RESULT_MESSAGE_MISSING_DATA || r == RUSTLS_RESULT_MESSAGE_TOO_SHORT ||
                      r == RUSTLS_RESULT_MESSAGE_INVALID_OTHER ||
                      r == RUSTLS_RESULT_MESSAGE_TRAILING_DATA ||
                      r == RUSTLS_RESULT_MESSAGE_NO_SIGNATURE_SCHEMES ||
                      r == RUSTLS_RESULT_MESSAGE_INVALID_SERVER_NAME,
                  "bit %zu: result %u", bit, r);
    return false;
}

/* Every single-bit flip of two real hellos: decode succeeds (and then re-encodes to exactly
 * the flipped bytes) or fails with a decode_error/illegal_parameter message error. */
START_TEST(bit_flips_never_crash)
{
    const char *const msgs[] = {RFC8448_S3_CH, RFC8448_S4_CH};
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

static Suite *client_hello_suite(void)
{
    Suite *s = suite_create("client_hello");
    TCase *tc = tcase_create("rfc8448");
    tcase_add_test(tc, rfc8448_simple_handshake_fields);
    tcase_add_test(tc, rfc8448_resumption_psk_and_binders);
    tcase_add_test(tc, rfc8448_hello_retry_request_hellos);
    tcase_add_test(tc, build_rfc8448_client_hello_from_parts);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_set_timeout(tc, 120); /* bit flips under sanitizers */
    tcase_add_test(tc, every_truncation_point);
    tcase_add_test(tc, trailing_data_after_and_inside);
    tcase_add_test(tc, session_id_bounds);
    tcase_add_test(tc, cipher_suite_bounds_and_scsv);
    tcase_add_test(tc, compression_methods);
    tcase_add_test(tc, without_extensions_and_with_an_empty_block);
    tcase_add_test(tc, duplicates_and_psk_position);
    tcase_add_test(tc, bit_flips_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pt_test_run(client_hello_suite());
}
